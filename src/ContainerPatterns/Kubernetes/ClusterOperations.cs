using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.Lambda;

namespace ContainerPatterns.Kubernetes;

/// <summary>What a cluster of this app and an imported one need to know about themselves to act on the cluster.</summary>
/// <param name="Owner">The cluster construct (the kubectl provider and node groups are created under it).</param>
/// <param name="ClusterName">The cluster's name (a reference to the cluster resource for a cluster of this app).</param>
/// <param name="ClusterResource">The cluster resource the kubectl provider waits for; null for an imported cluster.</param>
/// <param name="Vpc">The cluster's VPC.</param>
/// <param name="Subnets">The subnets the kubectl handler and node groups run in, as selected from the VPC.</param>
/// <param name="ApiSecurityGroup">The security group on the Kubernetes API endpoint, which admits the kubectl handler on 443.</param>
/// <param name="KubectlLayer">The kubectl layer the user gave, or null for the shipped one.</param>
internal sealed record ClusterFacts(
    IKubernetesCluster Owner,
    string ClusterName,
    IDependable? ClusterResource,
    IVpc Vpc,
    ISelectedSubnets Subnets,
    ISecurityGroup ApiSecurityGroup,
    ILayerVersion? KubectlLayer);

/// <summary>
/// What every <see cref="IKubernetesCluster"/> does the same way, whether it is a <see cref="KubernetesCluster"/> of this
/// app or imported: its kubectl provider (created on first use), manifests and Helm charts through it, managed node
/// groups, and service accounts.
/// </summary>
internal sealed class ClusterOperations
{
    private readonly ClusterFacts _facts;
    private readonly Construct _owner;
    private readonly IDependable _subnetsOnline;
    private readonly Dictionary<string, CfnAddon> _addons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _serviceAccounts = new(StringComparer.Ordinal);
    private KubectlAccess? _kubectl;

    public ClusterOperations(ClusterFacts facts)
    {
        _facts = facts;
        _owner = (Construct)facts.Owner;
        SubnetIds = facts.Subnets.SubnetIds;
        _subnetsOnline = facts.Subnets.InternetConnectivityEstablished;
    }

    /// <summary>The ids of the subnets the kubectl handler and node groups run in.</summary>
    public string[] SubnetIds { get; }

    /// <summary>The EKS managed add-ons installed by this app, by add-on name.</summary>
    public Dictionary<string, CfnAddon> Addons => _addons;

    /// <summary>How many managed node groups this app added to the cluster (its own and those of constructs such as Karpenter).</summary>
    public int NodeGroupCount { get; private set; }

    /// <summary>The kubectl role; null until the kubectl provider exists.</summary>
    public Amazon.CDK.AWS.IAM.IRole? KubectlRole => _kubectl?.Role;

    /// <summary>The cluster as CDK's kubectl constructs take it; the first use creates the kubectl provider.</summary>
    public Amazon.CDK.AWS.EKS.ICluster KubectlCluster => EnsureKubectl().Cluster;

    /// <summary>Applies Kubernetes objects through the kubectl provider.</summary>
    public KubernetesManifest AddManifest(string id, IDictionary<string, object>[] manifest)
    {
        var v = new PropValidator(_owner, id);
        v.ThrowIfPropsMissing(manifest, "manifest (one or more Kubernetes objects)");
        if (manifest.Length == 0)
        {
            v.FailWith("manifest is empty; allowed: one or more Kubernetes objects (an empty manifest applies nothing and deletes nothing).");
        }

        for (var i = 0; i < manifest.Length; i++)
        {
            if (v.Missing($"manifest[{i}]", manifest[i], "a Kubernetes object with apiVersion, kind and metadata"))
            {
                continue;
            }

            // kubectl refuses an object without them ("apiVersion not set", "kind not set").
            foreach (var field in new[] { "apiVersion", "kind" })
            {
                if (!manifest[i].TryGetValue(field, out var value) || value is not string { Length: > 0 })
                {
                    v.FailWith($"manifest[{i}] has no {field}; allowed: a Kubernetes object with apiVersion and kind, e.g. apiVersion = \"v1\", kind = \"ConfigMap\".");
                }
            }
        }

        v.ThrowIfAny();
        return KubectlCluster.AddManifest(id, manifest);
    }

    /// <summary>Installs a Helm chart through the kubectl provider, refusing what Helm 4 cannot install.</summary>
    public HelmChart AddHelmChart(string id, HelmChartOptions options)
    {
        var v = new PropValidator(_owner, id);
        v.ThrowIfPropsMissing(options, nameof(HelmChartOptions));
        HelmCharts.Validate(v, options);
        v.ThrowIfAny();
        return KubectlCluster.AddHelmChart(id, options);
    }

    /// <summary>Adds a managed node group after validating its options.</summary>
    public CfnNodegroup AddNodeGroup(string id, KubernetesNodeGroupOptions options)
    {
        var v = new PropValidator(_owner, id);
        v.ThrowIfPropsMissing(options, nameof(KubernetesNodeGroupOptions));
        var settings = KubernetesNodeGroups.Resolve(v, string.Empty, options);
        v.ThrowIfAny();
        return AddNodeGroupIn(_owner, id, settings, null);
    }

    /// <summary>Creates a validated managed node group in <paramref name="parent"/>.</summary>
    public CfnNodegroup AddNodeGroupIn(Construct parent, string id, NodeGroupSettings settings, NodeGroupExtras? extras)
    {
        var group = KubernetesNodeGroups.Build(parent, id, settings, _facts.ClusterName, SubnetIds, extras);
        NodeGroupCount++;
        // CoreDNS can only become active once there are nodes to run it.
        if (_addons.TryGetValue("coredns", out var coreDns))
        {
            CdkCompat.AddResourceDependency(coreDns, group);
        }

        return group;
    }

    /// <summary>The path of the construct that holds the service account <paramref name="ns"/>/<paramref name="name"/> on the cluster, or null.</summary>
    public string? ServiceAccountHolder(string ns, string name) =>
        _serviceAccounts.TryGetValue($"{ns}/{name}", out var path) ? path : null;

    /// <summary>Records that the construct at <paramref name="path"/> holds the service account.</summary>
    public void HoldServiceAccount(string ns, string name, string path) => _serviceAccounts.TryAdd($"{ns}/{name}", path);

    /// <summary>Adds a Pod Identity service account on the cluster.</summary>
    public PodIdentityServiceAccount AddPodIdentity(string id, KubernetesServiceAccountOptions options)
    {
        new PropValidator(_owner, id).ThrowIfPropsMissing(options, nameof(KubernetesServiceAccountOptions));
        return new PodIdentityServiceAccount(_owner, id, new PodIdentityServiceAccountProps
        {
            Cluster = _facts.Owner,
            Name = options.Name,
            Namespace = options.Namespace,
            CreateServiceAccount = options.CreateServiceAccount,
        });
    }

    /// <summary>Adds an IRSA service account on the cluster.</summary>
    public IrsaServiceAccount AddIrsaServiceAccount(string id, KubernetesServiceAccountOptions options)
    {
        new PropValidator(_owner, id).ThrowIfPropsMissing(options, nameof(KubernetesServiceAccountOptions));
        return new IrsaServiceAccount(_owner, id, new IrsaServiceAccountProps
        {
            Cluster = _facts.Owner,
            Name = options.Name,
            Namespace = options.Namespace,
            CreateServiceAccount = options.CreateServiceAccount,
        });
    }

    private KubectlAccess EnsureKubectl()
    {
        if (_kubectl is not null)
        {
            return _kubectl;
        }

        string? zip = null;
        if (_facts.KubectlLayer is null)
        {
            var (path, problem) = ShippedKubectlLayer.ZipPath;
            zip = path ?? throw new ArgumentException($"{_owner.Node.Path}: KubectlLayer = null is not valid here; {problem}.");
        }

        var scope = new Construct(_owner, "Kubectl");
        _kubectl = KubectlAccess.Create(scope, new KubectlTarget(
            _owner.Node.Path, _facts.ClusterName, _facts.ClusterResource, _facts.Vpc, SubnetIds, _subnetsOnline, _facts.ApiSecurityGroup, _facts.KubectlLayer, zip));
        return _kubectl;
    }
}
