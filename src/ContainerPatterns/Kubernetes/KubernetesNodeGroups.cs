using System.Text.RegularExpressions;
using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// Builds managed node groups: those of <see cref="KubernetesCluster.AddNodeGroup"/> and the one self-managed
/// <see cref="Karpenter"/>'s controller runs on.
/// </summary>
internal static partial class KubernetesNodeGroups
{
    // EKS quota: at most 450 nodes per managed node group (EKS user guide, "View and manage Amazon EKS and Fargate
    // service quotas", Nodes per managed node group, read 2026-12-02).
    private const int MaxNodes = 450;
    private const int DefaultMinSize = 2;
    private const int DefaultMaxSize = 4;

    // AWS managed policies of a managed node group's role (EKS user guide, "Amazon EKS node IAM role"; the CNI policy
    // because the VPC CNI add-on runs with the node's credentials; read 2026-12-02).
    private static readonly string[] NodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonEKS_CNI_Policy"];

    /// <summary>
    /// Records every problem of the options under <paramref name="prefix"/> (empty, or e.g. <c>ControllerNodeGroup.</c>)
    /// and returns them with their defaults applied.
    /// </summary>
    public static NodeGroupSettings Resolve(PropValidator v, string prefix, KubernetesNodeGroupOptions o)
    {
        var problemsBefore = v.ProblemCount;
        var ami = o.AmiType ?? NodeAmiType.AmazonLinux2023Arm64;
        if (!Enum.IsDefined(ami))
        {
            v.Fail(prefix + nameof(o.AmiType), (int)ami, $"allowed: {string.Join(", ", Enum.GetNames<NodeAmiType>())}.");
        }

        var capacity = o.CapacityType ?? NodeCapacityType.OnDemand;
        if (!Enum.IsDefined(capacity))
        {
            v.Fail(prefix + nameof(o.CapacityType), (int)capacity, $"allowed: {string.Join(", ", Enum.GetNames<NodeCapacityType>())}.");
        }

        if (o.InstanceTypes is { Count: 0 })
        {
            v.FailWith($"{prefix}{nameof(o.InstanceTypes)} is empty; allowed: one or more EC2 instance types (or leave it unset).");
        }

        var arm = ami is NodeAmiType.AmazonLinux2023Arm64 or NodeAmiType.BottlerocketArm64;
        foreach (var (type, at) in v.Literals(prefix + nameof(o.InstanceTypes), o.InstanceTypes, "an EC2 instance type such as \"m7g.large\""))
        {
            var dot = type.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || dot == type.Length - 1)
            {
                v.Fail(at, type, "allowed: an EC2 instance type, FAMILY.SIZE such as \"m7g.large\".");
            }
            else if (Enum.IsDefined(ami) && IsGraviton(type[..dot]) != arm)
            {
                v.Fail(at, type, arm
                    ? $"AmiType {ami} runs on Arm64 (AWS Graviton) instances and {type[..dot]} is an x86_64 family; allowed: Graviton instance types (a \"g\" after the generation, e.g. \"m7g.large\", or a1), or an Amd64 AmiType."
                    : $"AmiType {ami} runs on x86_64 instances and {type[..dot]} is an AWS Graviton (Arm64) family; allowed: x86_64 instance types (e.g. \"m7i.large\"), or an Arm64 AmiType.");
            }
        }

        v.Range(prefix + nameof(o.MinSize), o.MinSize, 0, MaxNodes);
        v.Range(prefix + nameof(o.MaxSize), o.MaxSize, 1, MaxNodes);
        var min = o.MinSize ?? DefaultMinSize;
        if (PropValidator.IsToken(min) && o.MaxSize is null)
        {
            // The default maximum is the larger of 4 and MinSize, which a token does not tell.
            v.FailWith($"{prefix}{nameof(o.MinSize)} is a token, so the default {prefix}{nameof(o.MaxSize)} (4, or {prefix}{nameof(o.MinSize)} when larger) cannot be worked out at synth; allowed: give {prefix}{nameof(o.MaxSize)} too.");
        }

        var max = o.MaxSize ?? (PropValidator.IsToken(min) ? min : Math.Max(DefaultMaxSize, min));
        if (v.ProblemCount == problemsBefore && !PropValidator.IsToken(min) && !PropValidator.IsToken(max) && max < min)
        {
            v.FailWith($"{prefix}{nameof(o.MaxSize)} = {max} is less than {prefix}{nameof(o.MinSize)} = {min}; allowed: at least {prefix}{nameof(o.MinSize)}.");
        }

        return new NodeGroupSettings(ami, capacity, (o.InstanceTypes ?? [arm ? "m7g.large" : "m7i.large"]).ToArray(), min, max, o.Labels);
    }

    // AWS Graviton families carry a "g" right after the generation (m7g, c6gn, im4gn, x2gd, hpc7g, g5g), and a1 is the
    // first Graviton (EC2 User Guide, "Amazon EC2 instance type naming conventions": g = AWS Graviton processors, read
    // 2026-12-02).
    private static bool IsGraviton(string family) => family == "a1" || GravitonFamily().IsMatch(family);

    // Family letters, the generation, then "g" (EC2 User Guide, "Amazon EC2 instance type naming conventions", read 2026-12-02).
    [GeneratedRegex("^[a-z]+[0-9]+g[a-z0-9]*$")]
    private static partial Regex GravitonFamily();

    /// <summary>Creates the node group (and its role) in a child construct <paramref name="id"/> of <paramref name="parent"/>.</summary>
    public static CfnNodegroup Build(Construct parent, string id, NodeGroupSettings s, string clusterName, string[] subnetIds, NodeGroupExtras? extras = null)
    {
        var scope = new Construct(parent, id);
        var role = new Role(scope, "NodeRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ec2.amazonaws.com"),
            Description = $"Nodes of managed node group {scope.Node.Path}",
            ManagedPolicies = NodePolicies.Select(ManagedPolicy.FromAwsManagedPolicyName).ToArray(),
        });
        NagSuppressions.Suppress((CfnResource)role.Node.DefaultChild!, (
            "AwsSolutions-IAM4",
            $"Nodes of managed node group {scope.Node.Path}: AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryPullOnly and AmazonEKS_CNI_Policy are the AWS managed policies EKS documents for node roles."));
        var labels = s.Labels?.ToDictionary(l => l.Key, l => l.Value);
        if (extras?.Labels is { } extraLabels)
        {
            labels ??= [];
            foreach (var (key, value) in extraLabels)
            {
                labels[key] = value;
            }
        }

        var props = new CfnNodegroupProps
        {
            AmiType = s.AmiType switch
            {
                NodeAmiType.AmazonLinux2023Amd64 => "AL2023_x86_64_STANDARD",
                NodeAmiType.BottlerocketArm64 => "BOTTLEROCKET_ARM_64",
                NodeAmiType.BottlerocketAmd64 => "BOTTLEROCKET_x86_64",
                _ => "AL2023_ARM_64_STANDARD",
            },
            CapacityType = s.CapacityType == NodeCapacityType.Spot ? "SPOT" : "ON_DEMAND",
            InstanceTypes = s.InstanceTypes,
            ScalingConfig = new CfnNodegroup.ScalingConfigProperty { MinSize = s.MinSize, MaxSize = s.MaxSize, DesiredSize = s.MinSize },
            Labels = labels,
            Taints = extras?.Taints.Select(t => (object)new CfnNodegroup.TaintProperty { Key = t.Key, Value = t.Value, Effect = t.Effect }).ToArray(),
        };
        return new CfnNodegroup(scope, "Resource", props.WithPlacement(clusterName, role.RoleArn, subnetIds));
    }
}

/// <summary>A managed node group's options with their defaults applied.</summary>
internal sealed record NodeGroupSettings(
    NodeAmiType AmiType,
    NodeCapacityType CapacityType,
    string[] InstanceTypes,
    double MinSize,
    double MaxSize,
    IReadOnlyDictionary<string, string>? Labels);

/// <summary>What a construct adds to the node group it creates for itself: labels its pods select, taints that keep others off.</summary>
internal sealed record NodeGroupExtras(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<NodeGroupTaint> Taints);

/// <summary>A Kubernetes taint of a managed node group; <paramref name="Effect"/> as EKS spells it (<c>NO_SCHEDULE</c>).</summary>
internal sealed record NodeGroupTaint(string Key, string Value, string Effect);
