using Amazon.CDK.AWS.EC2;

namespace ContainerPatterns.Kubernetes;

/// <summary>Properties of <see cref="Karpenter"/> (the cluster, identity and extra Helm values for the controller chart: see <see cref="ControllerAddOnProps"/>).</summary>
public sealed class KarpenterProps : ControllerAddOnProps
{
    /// <summary>
    /// The Karpenter version (the Helm chart's version, e.g. <c>1.14.1</c>): a release in this library's compatibility table,
    /// 1.12.0 to 1.14.1 (the releases whose documented controller policy this construct grants), that supports the cluster's
    /// Kubernetes version (1.36 needs 1.13.0 or later; 1.32 to 1.35 take any; no release supports 1.37 yet). Changing it
    /// upgrades Karpenter and its CRDs. Default: the newest release in the table that supports the cluster's version: 1.14.1.
    /// </summary>
    public string? Version { get; init; }

    /// <summary>
    /// The subnets Karpenter launches nodes in. Subnets of this app get the discovery tag <c>karpenter.sh/discovery</c> =
    /// the cluster's name, and the node class selects them by it; when any is imported (it cannot be tagged here), the
    /// node class names the subnets by id instead. Default: the cluster's subnets (<see cref="KubernetesClusterProps.VpcSubnets"/>).
    /// </summary>
    public ISubnetSelection? NodeSubnets { get; init; }

    /// <summary>
    /// The managed node group the Karpenter controller runs on (it must not run on nodes it manages), in the cluster's
    /// subnets. The group is labelled for the controller and tainted <c>CriticalAddonsOnly=true:NoSchedule</c>, so only
    /// cluster add-ons (CoreDNS, the EBS CSI controller, the load balancer controller, Karpenter) run there; workloads go
    /// to Karpenter's nodes. Karpenter's chart runs two replicas, each on a node of its own and spread over zones, and its
    /// install waits for both: <c>MinSize</c> must be at least the replicas and the subnets must span two Availability
    /// Zones or more (unless <see cref="ControllerAddOnProps.Values"/> sets <c>replicas</c> to 1).
    /// Default: two <c>m7g.large</c> On-Demand nodes on Amazon Linux 2023 (Arm64), at most four.
    /// </summary>
    public KubernetesNodeGroupOptions? ControllerNodeGroup { get; init; }

    /// <summary>The operating system of Karpenter's nodes. Default: <see cref="KarpenterAmiFamily.AmazonLinux2023"/>.</summary>
    public KarpenterAmiFamily? AmiFamily { get; init; }

    /// <summary>
    /// The AMI version of <see cref="AmiFamily"/>, as released: <c>vYYYYMMDD</c> for Amazon Linux 2023 (e.g.
    /// <c>v20260714</c>), <c>vMAJOR.MINOR.PATCH</c> for Bottlerocket (e.g. <c>v1.64.0</c>); raise it to roll the nodes to a
    /// newer AMI (within the pools' disruption budgets). <c>latest</c> makes the nodes drift to each new AMI as AWS
    /// publishes it, which Karpenter advises against in production. Default: a pinned release,
    /// <see cref="Karpenter.DefaultAmazonLinux2023AmiVersion"/> or <see cref="Karpenter.DefaultBottlerocketAmiVersion"/>.
    /// </summary>
    public string? AmiVersion { get; init; }

    /// <summary>
    /// The size of each node's encrypted gp3 root volume (Bottlerocket: its data volume; its OS volume is 4 GiB), 1 GiB to
    /// 16 TiB in whole GiB (a token as <c>Size.Gibibytes</c> or <c>Size.Tebibytes</c>). Default: 20 GiB.
    /// </summary>
    public Size? NodeVolumeSize { get; init; }

    /// <summary>
    /// Karpenter's node pools, on the construct's <c>default</c> EC2NodeClass; not empty. Default: one pool named
    /// <c>default</c>: Arm64 and Amd64, Spot and On-Demand, categories c, m and r of generation 5 or later, at most
    /// 100 vCPUs and 400 GiB of memory together, consolidated when empty or underused after 30 seconds, nodes replaced
    /// after 14 days, at most 10 % of them disrupted at once.
    /// </summary>
    public IReadOnlyList<KarpenterNodePool>? NodePools { get; init; }

    /// <summary>
    /// The Karpenter chart: its whole OCI reference, e.g. a copy in a registry of your own. The CRDs come from the chart of
    /// the same name with <c>-crd</c> appended, at the same version. Default: <c>oci://public.ecr.aws/karpenter/karpenter</c>.
    /// </summary>
    public string? Chart { get; init; }

    /// <summary>
    /// The chart repository, for a chart given by name in a classic (HTTP) Helm repository. Not for OCI charts: the Helm 4
    /// of every current kubectl layer cannot install those from a repository (give the whole reference as <see cref="Chart"/>).
    /// Default: none.
    /// </summary>
    public string? Repository { get; init; }
}
