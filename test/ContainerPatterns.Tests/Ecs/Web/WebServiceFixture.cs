using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using ContainerPatterns.Ecs;
using ContainerPatterns.Networking;

namespace ContainerPatterns.Tests.Ecs;

/// <summary>Builds a <see cref="LoadBalancedWebService"/> on a fresh network and cluster.</summary>
internal static class WebServiceFixture
{
    /// <summary>An image reference that needs no asset and names no registry host.</summary>
    public static ContainerImage Image => ContainerImage.FromRegistry("example/web:1.0");

    public static LoadBalancedWebService NewService(Stack stack, Func<ICluster, LoadBalancedWebServiceProps>? props = null, bool clusterExec = false)
    {
        var vpc = new ContainerNetwork(stack, "Network").Vpc;
        var cluster = new ContainerCluster(stack, "Cluster", new ContainerClusterProps { Vpc = vpc, ExecuteCommand = clusterExec }).Cluster;
        return new LoadBalancedWebService(stack, "Web", props?.Invoke(cluster) ?? new LoadBalancedWebServiceProps { Cluster = cluster, Image = Image });
    }

    /// <summary>
    /// The message of the error building a service with these props throws. The cluster stands on an imported VPC:
    /// validation runs before anything is built, so a full network would only slow the test down.
    /// </summary>
    public static string ErrorOf(Func<ICluster, LoadBalancedWebServiceProps> props) =>
        Synth.Error(s => new LoadBalancedWebService(s, "Web", props(LightCluster(s)))).Message;

    /// <summary>A two-AZ VPC imported by attributes, with public and private subnets.</summary>
    public static IVpc ImportedVpc(Stack stack, string id = "Vpc") => Vpc.FromVpcAttributes(stack, id, new VpcAttributes
    {
        VpcId = "vpc-0123456789abcdef0",
        VpcCidrBlock = "10.0.0.0/16",
        AvailabilityZones = ["eu-west-1a", "eu-west-1b"],
        PublicSubnetIds = ["subnet-00000000000000001", "subnet-00000000000000002"],
        PrivateSubnetIds = ["subnet-00000000000000003", "subnet-00000000000000004"],
    });

    /// <summary>A <see cref="ContainerCluster"/>'s cluster on an imported two-AZ VPC.</summary>
    public static ICluster LightCluster(Stack stack, bool exec = false) =>
        new ContainerCluster(stack, "Cluster", new ContainerClusterProps { Vpc = ImportedVpc(stack), ExecuteCommand = exec }).Cluster;
}
