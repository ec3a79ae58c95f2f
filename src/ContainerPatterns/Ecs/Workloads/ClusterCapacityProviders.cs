using Amazon.CDK.AWS.ECS;
using Amazon.JSII.Runtime.Deputy;

namespace ContainerPatterns.Ecs;

/// <summary>
/// What every workload that runs on a cluster's Fargate capacity providers needs from a CDK cluster of the same app:
/// an explicit dependency on the cluster's <c>AWS::ECS::ClusterCapacityProviderAssociations</c> and a synth-time
/// check that the providers it uses are associated. An imported cluster cannot be checked and is left alone.
/// </summary>
internal static class ClusterCapacityProviders
{
    /// <summary>
    /// Makes <paramref name="dependent"/> (a CloudFormation resource) depend on the cluster's capacity-provider
    /// association, and checks at synth (on <paramref name="scope"/>) that the cluster has FARGATE, and FARGATE_SPOT
    /// when <paramref name="spot"/>; <paramref name="what"/> names the workload in the message ("this service").
    /// </summary>
    public static void Require(Construct scope, IConstruct dependent, ICluster cluster, bool spot, string what)
    {
        if (cluster is not Cluster concrete)
        {
            return;
        }

        // CDK creates the cluster's AWS::ECS::ClusterCapacityProviderAssociations in an aspect at synth time. Without
        // an explicit dependency, a stack delete can remove the association while a workload still uses a provider
        // ("The specified capacity provider is in use"), and AWS advises the dependency on create.
        var dependency = new DependencyMarker();
        Dependable.Implement(dependency, new AssociationOf(concrete));
        dependent.Node.AddDependency(dependency);
        scope.Node.AddValidation(new FargateProvidersCheck(concrete, spot, what));
    }

    /// <summary>Stands for the cluster's capacity-provider association in a construct dependency.</summary>
    private sealed class DependencyMarker : DeputyBase, IDependable;

    /// <summary>Finds the association when CDK resolves dependencies, after the aspect that creates it has run.</summary>
    private sealed class AssociationOf(Cluster cluster) : Dependable
    {
        public override IConstruct[] DependencyRoots =>
            cluster.Node.Children.OfType<CfnClusterCapacityProviderAssociations>().ToArray<IConstruct>();
    }

    /// <summary>At synth, checks that a CDK cluster of this app has the Fargate capacity providers the workload uses.</summary>
    private sealed class FargateProvidersCheck(Cluster cluster, bool spot, string what) : DeputyBase, IValidation
    {
        public string[] Validate()
        {
            var names = cluster.CapacityProviderNames;
            var missing = (spot ? new[] { EcsLimits.Fargate, EcsLimits.FargateSpot } : [EcsLimits.Fargate]).Where(n => !names.Contains(n)).ToArray();
            return missing.Length == 0
                ? []
                : [$"the cluster {cluster.Node.Path} does not have the {string.Join(" and ", missing)} capacity provider(s) {what} runs on; create it with EnableFargateCapacityProviders = true (ContainerCluster does) or call EnableFargateCapacityProviders() on it."];
        }
    }
}
