using Amazon.CDK;
using ContainerPatterns.Ecs;
using ContainerPatterns.Networking;
using Constructs;

namespace ContainerPatterns.Examples;

/// <summary>
/// The foundation every container stack stands on: a two-AZ network with flow logs and private endpoints,
/// and an ECS cluster with Container Insights, Fargate/Fargate Spot and audited ECS Exec.
/// </summary>
public sealed class FoundationStack : Stack
{
    /// <summary>The stack's name in the CDK app.</summary>
    public const string Name = "ContainerPatterns-Foundation";

    /// <summary>The stack's description.</summary>
    public const string Description = "ContainerPatterns reference: network and ECS cluster";

    /// <summary>Builds the stack.</summary>
    public FoundationStack(Construct scope, string id, IStackProps? props = null)
        : base(scope, id, props)
    {
        Network = new ContainerNetwork(this, "Network", new ContainerNetworkProps
        {
            InterfaceEndpoints = ContainerEndpoints.All,
        });
        Cluster = new ContainerCluster(this, "Cluster", new ContainerClusterProps
        {
            Vpc = Network.Vpc,
            ExecuteCommand = true,
        });
    }

    /// <summary>The network.</summary>
    public ContainerNetwork Network { get; }

    /// <summary>The cluster.</summary>
    public ContainerCluster Cluster { get; }
}
