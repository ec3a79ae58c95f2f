using System.Text.RegularExpressions;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// An EKS cluster defined elsewhere (<see cref="KubernetesCluster.FromClusterAttributes"/>): what its attributes say,
/// checked once, and the same kubectl provider, node groups and service accounts as a cluster of this app.
/// </summary>
internal sealed partial class ImportedKubernetesCluster : Construct, IKubernetesCluster, IConnectable
{
    private readonly Settings _settings;
    private readonly ClusterOperations _operations;

    public ImportedKubernetesCluster(Construct scope, string id, KubernetesClusterAttributes attributes)
        : base(scope, id)
    {
        var v = new PropValidator(scope, id);
        v.ThrowIfPropsMissing(attributes, nameof(KubernetesClusterAttributes));
        _settings = Settings.Resolve(attributes, v);
        v.ThrowIfAny();

        var s = _settings;
        ClusterName = attributes.ClusterName;
        Vpc = attributes.Vpc;
        Version = attributes.Version;
        Compute = s.Compute;
        ClusterSecurityGroupId = attributes.ClusterSecurityGroupId;
        var stack = Stack.Of(this);
        ClusterArn = stack.FormatArn(new ArnComponents { Service = "eks", Resource = "cluster", ResourceName = ClusterName, ArnFormat = ArnFormat.SLASH_RESOURCE_NAME });
        var apiGroup = SecurityGroup.FromSecurityGroupId(this, "ClusterSecurityGroup", ClusterSecurityGroupId);
        Connections = new Connections_(new ConnectionsProps { SecurityGroups = [apiGroup], DefaultPort = Port.Tcp(443) });
        _operations = new ClusterOperations(new ClusterFacts(this, ClusterName, null, Vpc, s.SelectedSubnets, apiGroup, attributes.KubectlLayer));
    }

    public string ClusterName { get; }

    public string ClusterArn { get; }

    public string ClusterSecurityGroupId { get; }

    public IVpc Vpc { get; }

    public KubernetesVersion Version { get; }

    public KubernetesCompute Compute { get; }

    public IReadOnlyDictionary<string, CfnAddon> Addons => _operations.Addons;

    public Amazon.CDK.AWS.EKS.ICluster KubectlCluster => _operations.KubectlCluster;

    public IRole? KubectlRole => _operations.KubectlRole;

    public Connections_ Connections { get; }

    string IKubernetesCluster.ConfiguredName() => ClusterName;

    string IKubernetesCluster.ConfiguredVersion() => Version.Version;

    ISubnetSelection IKubernetesCluster.SubnetSelection() => _settings.Subnets;

    bool IKubernetesCluster.RunsPodIdentityAgent() => _settings.PodIdentityAgent;

    bool? IKubernetesCluster.HasNodes() => Compute == KubernetesCompute.AutoMode || _operations.NodeGroupCount > 0 ? true : null;

    string? IKubernetesCluster.ServiceAccountHolder(string ns, string name) => _operations.ServiceAccountHolder(ns, name);

    void IKubernetesCluster.HoldServiceAccount(string ns, string name, string path) => _operations.HoldServiceAccount(ns, name, path);

    public KubernetesManifest AddManifest(string id, params IDictionary<string, object>[] manifest) => _operations.AddManifest(id, manifest);

    public HelmChart AddHelmChart(string id, HelmChartOptions options) => _operations.AddHelmChart(id, options);

    public CfnNodegroup AddNodeGroup(string id, KubernetesNodeGroupOptions options) => _operations.AddNodeGroup(id, options);

    public PodIdentityServiceAccount AddPodIdentity(string id, KubernetesServiceAccountOptions options) => _operations.AddPodIdentity(id, options);

    public IrsaServiceAccount AddIrsaServiceAccount(string id, KubernetesServiceAccountOptions options) => _operations.AddIrsaServiceAccount(id, options);

    CfnNodegroup IKubernetesCluster.AddNodeGroupIn(Construct parent, string id, NodeGroupSettings settings, NodeGroupExtras? extras) =>
        _operations.AddNodeGroupIn(parent, id, settings, extras);

    (string ProviderArn, string IssuerUrl)? IKubernetesCluster.OpenIdConnect() =>
        _settings.OpenIdConnect;

    // A security group id: "sg-" and 8 or (the longer format) 17 hexadecimal digits (EC2 User Guide, "Resource IDs",
    // read 2026-12-02).
    [GeneratedRegex("^sg-[0-9a-f]{8}([0-9a-f]{9})?$")]
    private static partial Regex SecurityGroupId();

    // arn:PARTITION:iam::ACCOUNT:oidc-provider/PROVIDER-URL with a 12-digit account (IAM User Guide, "IAM identifiers",
    // read 2026-12-02).
    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/.+$")]
    private static partial Regex OidcProviderArn();

    /// <summary>The attributes with every default resolved, read by validation and building alike.</summary>
    private sealed record Settings(
        KubernetesCompute Compute,
        ISubnetSelection Subnets,
        ISelectedSubnets SelectedSubnets,
        bool PodIdentityAgent,
        (string ProviderArn, string IssuerUrl)? OpenIdConnect)
    {
        public static Settings Resolve(KubernetesClusterAttributes a, PropValidator v)
        {
            KubernetesNames.ValidateClusterName(v, nameof(a.ClusterName), a.ClusterName);
            v.Missing(nameof(a.Vpc), a.Vpc, "the VPC the cluster runs in, e.g. Vpc.FromVpcAttributes(...)");
            var subnetSelection = a.VpcSubnets ?? new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };
            // EKS checked the zones of the cluster's own subnets when it created it; these run the kubectl handler.
            var selected = a.Vpc is null ? null : ClusterSubnets.Select(v, nameof(a.VpcSubnets), a.Vpc, subnetSelection, checkZones: false);
            if (!v.Missing(nameof(a.Version), a.Version, "the cluster's Kubernetes version, e.g. KubernetesVersion.Of(\"1.35\")")
                && !PropValidator.IsToken(a.Version.Version))
            {
                var minor = KubernetesVersions.Minor(a.Version.Version);
                if (minor is null)
                {
                    v.Fail(nameof(a.Version), a.Version.Version, "allowed: a Kubernetes version written as \"1.NN\", e.g. KubernetesVersion.Of(\"1.35\").");
                }
                else if (a.KubectlLayer is null && !ShippedKubectlLayer.Serves(minor.Value))
                {
                    v.Fail(nameof(a.Version), a.Version.Version, $"the shipped kubectl layer ({ShippedKubectlLayer.PackageId}, kubectl 1.{ShippedKubectlLayer.KubectlMinor}) serves Kubernetes {ShippedKubectlLayer.ServedRange}; pass a KubectlLayer with a matching kubectl.");
                }
            }

            v.Defined(nameof(a.Compute), (KubernetesCompute?)a.Compute);
            if (!v.Missing(nameof(a.ClusterSecurityGroupId), a.ClusterSecurityGroupId, "the cluster security group EKS created (resourcesVpcConfig.clusterSecurityGroupId)")
                && !PropValidator.IsToken(a.ClusterSecurityGroupId) && !SecurityGroupId().IsMatch(a.ClusterSecurityGroupId))
            {
                v.Fail(nameof(a.ClusterSecurityGroupId), a.ClusterSecurityGroupId, "allowed: a security group id, \"sg-\" and 8 or 17 hexadecimal digits.");
            }

            (string, string)? oidc = null;
            if ((a.OpenIdConnectProviderArn is null) != (a.OpenIdConnectIssuerUrl is null))
            {
                v.FailWith($"{nameof(a.OpenIdConnectProviderArn)} and {nameof(a.OpenIdConnectIssuerUrl)} go together (IRSA needs both); give both or neither.");
            }
            else if (a.OpenIdConnectProviderArn is { } arn && a.OpenIdConnectIssuerUrl is { } url)
            {
                if (!PropValidator.IsToken(arn) && !OidcProviderArn().IsMatch(arn))
                {
                    v.Fail(nameof(a.OpenIdConnectProviderArn), arn, "allowed: an IAM OIDC provider ARN, arn:aws:iam::123456789012:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID.");
                }

                if (!PropValidator.IsToken(url) && !url.StartsWith("https://", StringComparison.Ordinal))
                {
                    v.Fail(nameof(a.OpenIdConnectIssuerUrl), url, "allowed: the cluster's issuer URL, starting with https:// (e.g. https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE).");
                }

                oidc = (arn, url);
            }

            return new Settings(
                a.Compute,
                subnetSelection,
                selected!, // null only with a null Vpc, which is reported
                a.PodIdentityAgent ?? a.Compute == KubernetesCompute.AutoMode,
                oidc);
        }
    }
}
