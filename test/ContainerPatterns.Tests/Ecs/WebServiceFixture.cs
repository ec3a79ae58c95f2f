using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using ContainerPatterns.Ecs;
using ContainerPatterns.Networking;

namespace ContainerPatterns.Tests.Ecs;

/// <summary>Builds a <see cref="LoadBalancedWebService"/> on a fresh network and cluster.</summary>
internal static class WebServiceFixture
{
    /// <summary>An image reference that needs no asset and names no registry host.</summary>
    public static ContainerImage Image => ContainerImage.FromRegistry("example/web:1.0");

    public static LoadBalancedWebService NewService(Stack stack, Func<ContainerCluster, LoadBalancedWebServiceProps>? props = null, bool clusterExec = false)
    {
        var vpc = new ContainerNetwork(stack, "Network").Vpc;
        var cluster = new ContainerCluster(stack, "Cluster", new ContainerClusterProps { Vpc = vpc, ExecuteCommand = clusterExec });
        return new LoadBalancedWebService(stack, "Web", props?.Invoke(cluster) ?? new LoadBalancedWebServiceProps { Cluster = cluster, Image = Image });
    }

    /// <summary>The message of the error building a service with these props throws.</summary>
    public static string ErrorOf(Func<ContainerCluster, LoadBalancedWebServiceProps> props, bool clusterExec = false) =>
        Synth.Error(s => NewService(s, props, clusterExec)).Message;
}
