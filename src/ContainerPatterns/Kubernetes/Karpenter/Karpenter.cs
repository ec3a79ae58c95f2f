using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SQS;
using EventsCfnRule = Amazon.CDK.AWS.Events.CfnRule;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// Self-managed Karpenter on a <see cref="KubernetesCluster"/> without Auto Mode, set up end to end and checked at synth:
/// the controller's IAM policy as Karpenter documents it for its version (scoped to this cluster, its node role and its
/// queue) through EKS Pod Identity or IRSA; a node role joined through an <c>EC2_LINUX</c> access entry; an interruption
/// queue fed by five EventBridge rules; a node security group and subnets carrying the discovery tag; the Helm charts
/// (CRDs and controller) at a pinned version that supports the cluster's Kubernetes version, the controller on a small
/// managed node group of its own; and a default <c>EC2NodeClass</c> and node pools.
/// </summary>
/// <remarks>
/// Karpenter's nodes get the node security group only. It admits everything from itself and from the cluster security
/// group EKS creates (the control plane and managed node groups), which in turn admits everything from it. The
/// interruption queue holds transient notices (kept 300 seconds) and is deleted with the stack.
/// </remarks>
public sealed class Karpenter : ControllerAddOn, IConnectable
{
    /// <summary>The namespace Karpenter runs in (Karpenter's recommendation).</summary>
    public const string ControllerNamespace = "kube-system";

    /// <summary>The Karpenter controller's service account.</summary>
    public const string ServiceAccountName = "karpenter";

    /// <summary>The default chart: Karpenter's OCI chart.</summary>
    public const string DefaultChart = "oci://public.ecr.aws/karpenter/karpenter";

    /// <summary>The label of the controller's node group, which the controller's pods select.</summary>
    public const string ControllerNodeLabel = "containerpatterns/karpenter-controller";

    /// <summary>
    /// The Amazon Linux 2023 EKS AMI release Karpenter's nodes run when <see cref="KarpenterProps.AmiVersion"/> is not
    /// given: the newest whose release notes list Amazon Linux 2023 AMIs for Kubernetes 1.30 to 1.36
    /// (awslabs/amazon-eks-ami CHANGELOG.md, "AMI Release v20260714", read 2026-12-02).
    /// </summary>
    public const string DefaultAmazonLinux2023AmiVersion = "v20260714";

    /// <summary>
    /// The Bottlerocket release Karpenter's nodes run when <see cref="KarpenterProps.AmiVersion"/> is not given: the
    /// newest the Bottlerocket maintainers announced as released (bottlerocket-os/bottlerocket#4895, "Bottlerocket 1.64.0
    /// has been released", with aws-k8s-1.32 to aws-k8s-1.36 variants; read 2026-12-02).
    /// </summary>
    public const string DefaultBottlerocketAmiVersion = "v1.64.0";

    // Karpenter's chart runs two controller replicas, each on a node of its own (a required podAntiAffinity on
    // kubernetes.io/hostname), spread over zones (topologySpreadConstraints on topology.kubernetes.io/zone)
    // (charts/karpenter/values.yaml of Karpenter v1.14.1: replicas, affinity, topologySpreadConstraints; read 2026-12-02).
    private const int ChartReplicas = 2;

    // AWS managed policies of Karpenter's node role (Karpenter v1.14 getting-started cloudformation.yaml, KarpenterNodeRole:
    // worker, CNI, ECR pull, SSM; read 2026-12-02).
    private static readonly string[] NodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore"];

    private readonly IKubernetesCluster _cluster;
    private readonly List<KubernetesManifest> _nodePools = [];
    private readonly NodePoolNames _poolNames = new();

    /// <summary>Creates Karpenter and everything it needs.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public Karpenter(Construct scope, string id, KarpenterProps props)
        : base(scope, id)
    {
        var v = new PropValidator(scope, id);
        v.ThrowIfPropsMissing(props, nameof(KarpenterProps));
        var s = Settings.Resolve(props, v);
        v.ThrowIfAny();

        _cluster = props.Cluster;
        var stack = Stack.Of(this);

        NodeRole = new Role(this, "NodeRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ec2.amazonaws.com"),
            Description = $"Nodes Karpenter launches for {_cluster.Node.Path}",
            ManagedPolicies = NodePolicies.Select(ManagedPolicy.FromAwsManagedPolicyName).ToArray(),
        });
        NagSuppressions.Suppress((CfnResource)NodeRole.Node.DefaultChild!, (
            "AwsSolutions-IAM4",
            $"Nodes Karpenter launches for {_cluster.Node.Path}: AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy, AmazonEC2ContainerRegistryPullOnly and AmazonSSMManagedInstanceCore are the AWS managed policies Karpenter documents for its node role."));
        NodeAccessEntry = new CfnAccessEntry(this, "NodeAccess", new CfnAccessEntryProps
        {
            ClusterName = _cluster.ClusterName,
            PrincipalArn = NodeRole.RoleArn,
            Type = "EC2_LINUX",
        });

        (InterruptionQueue, InterruptionRules) = KarpenterInterruption.Build(this, Node.Path);
        NodeSecurityGroup = NewNodeSecurityGroup();
        Connections = new Connections_(new ConnectionsProps { SecurityGroups = [NodeSecurityGroup] });
        var subnetSelector = TagSubnets(s.NodeSubnets);

        var serviceAccount = BuildIdentity("ControllerIdentity", _cluster, s.Version, s.Identity, ControllerNamespace, ServiceAccountName, "The Karpenter controller", createServiceAccount: false);
        var document = IamDocuments.Render(
            KarpenterControllerPolicy.Statements,
            KarpenterControllerPolicy.Variables(_cluster.ConfiguredName(), NodeRole.RoleArn, InterruptionQueue.QueueArn));
        BuildPolicy("ControllerPolicy", "KarpenterController", document,
            $"Karpenter controller of {_cluster.Node.Path}: the statements Karpenter documents, scoped as upstream scopes them: launches only from this cluster's launch templates and only of resources tagged for this cluster (kubernetes.io/cluster/NAME, eks:eks-cluster-name, karpenter.sh/nodepool), instance profiles tagged for its node classes, the node role and the interruption queue by ARN; EC2 Describe calls pinned to the region, and the price list, instance-profile list and zonal-shift status, which take no resource ARN.");

        ControllerNodeGroup = _cluster.AddNodeGroupIn(this, "ControllerNodes", s.ControllerNodeGroup, new NodeGroupExtras(
            new Dictionary<string, string> { [ControllerNodeLabel] = "true" },
            [new NodeGroupTaint("CriticalAddonsOnly", "true", "NO_SCHEDULE")]));

        CrdChart = InstallCharts(s, serviceAccount, stack.Region, props.Values);
        NodeClass = new KubernetesManifest(this, "NodeClass", new KubernetesManifestProps
        {
            Cluster = _cluster.KubectlCluster,
            Manifest =
            [
                KarpenterNodeClass.Render(NodeRole.RoleName, s.AmiFamily, s.AmiVersion, s.NodeVolumeSize, subnetSelector, KarpenterNodeClass.ByDiscoveryTag(_cluster.ConfiguredName())),
            ],
        });
        // Nodes launch only once Karpenter runs, may join and can reach the cluster; on delete, the node class goes first.
        NodeClass.Node.AddDependency(Chart, NodeAccessEntry, NodeSecurityGroup);
        foreach (var pool in s.NodePools)
        {
            ApplyNodePool(pool);
        }
    }

    /// <summary>The role of the nodes Karpenter launches (Karpenter makes their instance profiles).</summary>
    public IRole NodeRole { get; }

    /// <summary>The <c>EC2_LINUX</c> access entry that lets <see cref="NodeRole"/>'s nodes join the cluster.</summary>
    public CfnAccessEntry NodeAccessEntry { get; }

    /// <summary>The interruption queue Karpenter reads; the notices Karpenter received five times without acting on them move to its dead-letter queue (<c>InterruptionQueue.DeadLetterQueue</c>, kept 14 days).</summary>
    public Queue InterruptionQueue { get; }

    /// <summary>The EventBridge rules feeding the interruption queue: AWS Health, Spot interruption, rebalance, instance state change, capacity reservation interruption.</summary>
    public IReadOnlyList<EventsCfnRule> InterruptionRules { get; }

    /// <summary>The security group of Karpenter's nodes (selected by its discovery tag).</summary>
    public ISecurityGroup NodeSecurityGroup { get; }

    /// <summary>Network access to and from Karpenter's nodes, e.g. <c>karpenter.Connections.AllowTo(database, Port.Tcp(5432))</c>.</summary>
    public Connections_ Connections { get; }

    /// <summary>The managed node group the controller runs on.</summary>
    public CfnNodegroup ControllerNodeGroup { get; }

    /// <summary>The chart that installs and upgrades Karpenter's CRDs.</summary>
    public HelmChart CrdChart { get; }

    /// <summary>The <c>default</c> EC2NodeClass every node pool uses.</summary>
    public KubernetesManifest NodeClass { get; }

    /// <summary>The node pools' manifests, in the order added.</summary>
    public IReadOnlyList<KubernetesManifest> NodePools => _nodePools;

    /// <summary>Adds a node pool on the <c>default</c> EC2NodeClass.</summary>
    /// <exception cref="ArgumentException">The pool is invalid or its name is taken.</exception>
    public KubernetesManifest AddNodePool(KarpenterNodePool pool)
    {
        var v = new PropValidator(this, "AddNodePool");
        NodePoolManifest.Validate(v, "pool", pool, NodePoolManifest.Karpenter);
        if (pool?.Name is { } name)
        {
            _poolNames.Validate(v, "pool.Name", name);
        }

        v.ThrowIfAny();
        return ApplyNodePool(pool!); // Validate reported a null pool, so it is not null here
    }

    private KubernetesManifest ApplyNodePool(KarpenterNodePool pool)
    {
        var manifest = new KubernetesManifest(this, NodePoolManifest.ConstructId(pool.Name), new KubernetesManifestProps
        {
            Cluster = _cluster.KubectlCluster,
            Manifest = [NodePoolManifest.Render(pool, NodePoolManifest.Karpenter)],
        });
        manifest.Node.AddDependency(NodeClass);
        _poolNames.Add(pool.Name);
        _nodePools.Add(manifest);
        return manifest;
    }

    private SecurityGroup NewNodeSecurityGroup()
    {
        var group = new SecurityGroup(this, "NodeSecurityGroup", new SecurityGroupProps
        {
            Vpc = _cluster.Vpc,
            Description = $"Nodes Karpenter launches for {_cluster.Node.Path}",
            AllowAllOutbound = true,
        });
        group.AddIngressRule(group, Port.AllTraffic(), "Karpenter nodes to each other (pods)");
        var clusterGroup = SecurityGroup.FromSecurityGroupId(this, "ClusterSecurityGroup", _cluster.ClusterSecurityGroupId);
        group.AddIngressRule(clusterGroup, Port.AllTraffic(), "Control plane and managed nodes to Karpenter nodes");
        clusterGroup.AddIngressRule(group, Port.AllTraffic(), "Karpenter nodes to the control plane and managed nodes");
        Tags.Of(group).Add(KarpenterNodeClass.DiscoveryTag, _cluster.ConfiguredName());
        return group;
    }

    // Tags the node subnets for discovery when all are this app's own; otherwise the node class names them by id.
    private object[] TagSubnets(ISubnetSelection selection)
    {
        var subnets = _cluster.Vpc.SelectSubnets(selection).Subnets;
        if (subnets.Any(subnet => subnet.Node.DefaultChild is not CfnResource))
        {
            Annotations.Of(this).AddInfo(
                $"Some of Karpenter's node subnets are imported and cannot be tagged {KarpenterNodeClass.DiscoveryTag} here; the node class names them by id.");
            return KarpenterNodeClass.ByIds(subnets.Select(subnet => subnet.SubnetId));
        }

        foreach (var subnet in subnets)
        {
            Tags.Of(subnet).Add(KarpenterNodeClass.DiscoveryTag, _cluster.ConfiguredName(), new TagProps { IncludeResourceTypes = ["AWS::EC2::Subnet"] });
        }

        return KarpenterNodeClass.ByDiscoveryTag(_cluster.ConfiguredName());
    }

    private HelmChart InstallCharts(Settings s, Dictionary<string, object> serviceAccount, string region, IReadOnlyDictionary<string, object>? userValues)
    {
        var crds = new HelmChart(this, "CrdChart", new HelmChartProps
        {
            Cluster = _cluster.KubectlCluster,
            Chart = s.Chart + "-crd",
            Repository = s.Repository,
            Version = s.Version,
            Namespace = ControllerNamespace,
            Release = "karpenter-crd",
            CreateNamespace = false,
        });
        // Karpenter's documented resources (1 vCPU, 1 GiB), its region given (IMDS may be out of reach), on its own nodes.
        var resources = new Dictionary<string, object> { ["cpu"] = "1", ["memory"] = "1Gi" };
        // The controller starts with its CRDs, its permissions, nodes to run on and the cluster's add-ons in place.
        BuildChart("Chart", new HelmChartProps
        {
            Cluster = _cluster.KubectlCluster,
            Chart = s.Chart,
            Repository = s.Repository,
            Version = s.Version,
            Namespace = ControllerNamespace,
            Release = "karpenter",
            CreateNamespace = false,
            SkipCrds = true,
            Wait = true,
            Timeout = Duration.Minutes(10),
            Values = new Dictionary<string, object>
            {
                ["settings"] = new Dictionary<string, object>
                {
                    ["clusterName"] = _cluster.ClusterName,
                    ["interruptionQueue"] = InterruptionQueue.QueueName,
                },
                ["serviceAccount"] = serviceAccount,
                ["controller"] = new Dictionary<string, object>
                {
                    ["resources"] = new Dictionary<string, object> { ["requests"] = resources, ["limits"] = resources },
                    ["env"] = new object[] { new Dictionary<string, object> { ["name"] = "AWS_REGION", ["value"] = region } },
                },
                ["nodeSelector"] = new Dictionary<string, object> { ["kubernetes.io/os"] = "linux", [ControllerNodeLabel] = "true" },
            },
        }, userValues, crds, ControllerNodeGroup);
        return crds;
    }

    /// <summary>The props with every default resolved, read by validation and building alike.</summary>
    private sealed record Settings(
        string Version,
        ServiceAccountIdentity Identity,
        ISubnetSelection NodeSubnets,
        NodeGroupSettings ControllerNodeGroup,
        KarpenterAmiFamily AmiFamily,
        string AmiVersion,
        string NodeVolumeSize,
        IReadOnlyList<KarpenterNodePool> NodePools,
        string Chart,
        string? Repository)
    {
        // The default node pool: both architectures and both capacity types, capped so a runaway workload cannot buy a fleet.
        private static KarpenterNodePool DefaultPool() => new()
        {
            Name = "default",
            Architectures = [NodeArchitecture.Arm64, NodeArchitecture.Amd64],
            CapacityTypes = [NodeCapacityType.Spot, NodeCapacityType.OnDemand],
            CpuLimit = 100,
            MemoryLimit = Size.Gibibytes(400),
        };

        public static Settings Resolve(KarpenterProps p, PropValidator v)
        {
            var cluster = p.Cluster;
            ValidateShared(v, p, "EKS Auto Mode runs a Karpenter of its own, and a second one would fight it over the nodes",
                new ControllerIdentity(ControllerNamespace, ServiceAccountName, "a", "Karpenter", "two would fight over the nodes"));
            int? minor = cluster is null || PropValidator.IsToken(cluster.ConfiguredVersion()) ? null : KubernetesVersions.Minor(cluster.ConfiguredVersion());
            var version = KarpenterVersions.Resolve(v, nameof(p.Version), p.Version, minor);
            v.Defined(nameof(p.AmiFamily), p.AmiFamily);
            var family = p.AmiFamily ?? KarpenterAmiFamily.AmazonLinux2023;
            KarpenterNodeClass.ValidateAmiVersion(v, nameof(p.AmiVersion), p.AmiVersion, family);
            var volume = KarpenterNodeClass.VolumeSize(p.NodeVolumeSize);
            if (p.NodeVolumeSize is { } size && size.IsUnresolved())
            {
                if (volume is null)
                {
                    v.FailWith($"{nameof(p.NodeVolumeSize)} is a token in another unit than GiB or TiB, which the node class's volumeSize cannot be converted to at synth; allowed: Size.Gibibytes(token) or Size.Tebibytes(token).");
                }
            }
            else if (p.NodeVolumeSize is { } literal)
            {
                var mib = literal.ToMebibytes(new SizeConversionOptions { Rounding = SizeRoundingBehavior.NONE });
                var gib = mib / 1024;
                if (mib % 1024 != 0 || gib < 1 || gib > KarpenterNodeClass.MaxVolumeGiB)
                {
                    v.FailWith($"{nameof(p.NodeVolumeSize)} = {PropValidator.Format(mib)} MiB is not valid; allowed: 1 to {PropValidator.Format(KarpenterNodeClass.MaxVolumeGiB)} GiB (gp3), in whole GiB.");
                }
            }

            var nodeGroup = KubernetesNodeGroups.Resolve(v, nameof(p.ControllerNodeGroup) + ".", p.ControllerNodeGroup ?? new KubernetesNodeGroupOptions());
            ValidateControllerNodes(v, nodeGroup, cluster, p.Values);
            var pools = p.NodePools ?? [DefaultPool()];
            if (pools.Count == 0)
            {
                v.FailWith($"{nameof(p.NodePools)} is empty; allowed: one or more node pools (or leave it unset for the default pool).");
            }

            NodePoolManifest.ValidateAll(v, nameof(p.NodePools), pools, NodePoolManifest.Karpenter);
            var chart = p.Chart ?? DefaultChart;
            HelmCharts.Validate(v, nameof(p.Chart), chart, nameof(p.Repository), p.Repository);
            return new Settings(
                version,
                p.Identity ?? ServiceAccountIdentity.PodIdentity,
                p.NodeSubnets ?? cluster?.SubnetSelection() ?? new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
                nodeGroup,
                family,
                p.AmiVersion ?? KarpenterNodeClass.DefaultAmiVersion(family),
                volume ?? string.Empty, // null only for a token in another unit, which is reported

                pools,
                chart,
                p.Repository);
        }

        // The chart waits for every replica, and each needs a node of its own: MinSize must be at least the replicas
        // (the chart's 2, or the Values' "replicas"). Their zone spread keeps one zone's outage from stopping Karpenter,
        // which needs the controller's subnets in two zones or more; one replica needs neither.
        private static void ValidateControllerNodes(PropValidator v, NodeGroupSettings nodes, IKubernetesCluster? cluster, IReadOnlyDictionary<string, object>? values)
        {
            var replicas = values?.GetValueOrDefault("replicas") is { } r && double.TryParse(Convert.ToString(r, System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && !PropValidator.IsToken(n)
                ? n
                : ChartReplicas;
            var source = values?.ContainsKey("replicas") == true ? "Values[\"replicas\"]" : "the chart's default";
            if (!PropValidator.IsToken(nodes.MinSize) && nodes.MinSize < replicas)
            {
                v.Fail($"{nameof(KarpenterProps.ControllerNodeGroup)}.{nameof(KubernetesNodeGroupOptions.MinSize)}", nodes.MinSize,
                    $"Karpenter's chart runs {PropValidator.Format(replicas)} controller replica(s) ({source}), each on a node of its own (a required podAntiAffinity on kubernetes.io/hostname), and the install waits for all of them, but Karpenter never launches nodes for itself; allowed: at least {PropValidator.Format(replicas)} (or fewer replicas through Values[\"replicas\"]).");
            }

            if (replicas < 2 || cluster is null)
            {
                return;
            }

            var selected = cluster.Vpc.SelectSubnets(cluster.SubnetSelection());
            if (ClusterSubnets.Zones(selected) is { Count: < ClusterSubnets.MinAvailabilityZones } zones)
            {
                v.FailWith($"{nameof(KarpenterProps.ControllerNodeGroup)} runs in the cluster's subnets, which span {zones.Count} Availability Zone ({string.Join(", ", zones.Select(z => PropValidator.IsToken(z) ? "a zone known at deploy time" : z))}); Karpenter's chart spreads its {PropValidator.Format(replicas)} controller replicas over zones (topologySpreadConstraints on topology.kubernetes.io/zone) so that one zone's outage does not stop it; allowed: cluster subnets in two or more Availability Zones, or Values[\"replicas\"] = 1 for a single controller.");
            }
        }
    }
}
