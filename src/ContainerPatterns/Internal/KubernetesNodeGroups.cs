using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;
using ContainerPatterns.Kubernetes;

namespace ContainerPatterns.Internal;

/// <summary>Builds the managed node groups of <see cref="KubernetesCluster.AddNodeGroup"/>.</summary>
internal static class KubernetesNodeGroups
{
    // EKS quota: at most 450 nodes per managed node group.
    private const int MaxNodes = 450;
    private const int DefaultMinSize = 2;
    private const int DefaultMaxSize = 4;

    // AWS managed policies of a managed node group's role (EKS node IAM role; the CNI policy because the VPC CNI
    // add-on runs with the node's credentials).
    private static readonly string[] NodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonEKS_CNI_Policy"];

    /// <summary>Validates the options and creates the node group (and its role) in a child construct <paramref name="id"/>.</summary>
    public static CfnNodegroup Add(KubernetesCluster cluster, string id, KubernetesNodeGroupOptions o, string clusterName, string[] subnetIds)
    {
        var v = new PropValidator(cluster, id);
        var ami = o.AmiType ?? NodeAmiType.AmazonLinux2023Arm64;
        if (!Enum.IsDefined(ami))
        {
            v.Fail(nameof(o.AmiType), (int)ami, $"allowed: {string.Join(", ", Enum.GetNames<NodeAmiType>())}.");
        }

        var capacity = o.CapacityType ?? NodeCapacityType.OnDemand;
        if (!Enum.IsDefined(capacity))
        {
            v.Fail(nameof(o.CapacityType), (int)capacity, $"allowed: {string.Join(", ", Enum.GetNames<NodeCapacityType>())}.");
        }

        if (o.InstanceTypes is { Count: 0 })
        {
            v.FailWith($"{nameof(o.InstanceTypes)} is empty; allowed: one or more EC2 instance types (or leave it unset).");
        }

        v.Range(nameof(o.MinSize), o.MinSize, 0, MaxNodes);
        v.Range(nameof(o.MaxSize), o.MaxSize, 1, MaxNodes);
        var min = o.MinSize ?? DefaultMinSize;
        var max = o.MaxSize ?? Math.Max(DefaultMaxSize, min);
        if (!v.HasProblems && !PropValidator.IsToken(min) && !PropValidator.IsToken(max) && max < min)
        {
            v.FailWith($"{nameof(o.MaxSize)} = {max} is less than {nameof(o.MinSize)} = {min}; allowed: at least {nameof(o.MinSize)}.");
        }

        v.ThrowIfAny();

        var arm = ami is NodeAmiType.AmazonLinux2023Arm64 or NodeAmiType.BottlerocketArm64;
        var scope = new Construct(cluster, id);
        var role = new Role(scope, "NodeRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ec2.amazonaws.com"),
            Description = $"Nodes of managed node group {scope.Node.Path}",
            ManagedPolicies = NodePolicies.Select(ManagedPolicy.FromAwsManagedPolicyName).ToArray(),
        });
        NagSuppressions.Suppress((CfnResource)role.Node.DefaultChild!, (
            "AwsSolutions-IAM4",
            $"Nodes of managed node group {scope.Node.Path}: AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryPullOnly and AmazonEKS_CNI_Policy are the AWS managed policies EKS documents for node roles."));
        var props = new CfnNodegroupProps
        {
            AmiType = ami switch
            {
                NodeAmiType.AmazonLinux2023X86 => "AL2023_x86_64_STANDARD",
                NodeAmiType.BottlerocketArm64 => "BOTTLEROCKET_ARM_64",
                NodeAmiType.BottlerocketX86 => "BOTTLEROCKET_x86_64",
                _ => "AL2023_ARM_64_STANDARD",
            },
            CapacityType = capacity == NodeCapacityType.Spot ? "SPOT" : "ON_DEMAND",
            InstanceTypes = (o.InstanceTypes ?? [arm ? "m7g.large" : "m7i.large"]).ToArray(),
            ScalingConfig = new CfnNodegroup.ScalingConfigProperty { MinSize = min, MaxSize = max, DesiredSize = min },
            Labels = o.Labels?.ToDictionary(l => l.Key, l => l.Value),
        };
        return new CfnNodegroup(scope, "Resource", props.WithPlacement(clusterName, role.RoleArn, subnetIds));
    }
}
