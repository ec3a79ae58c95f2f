using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;

namespace ContainerPatterns.Kubernetes;

/// <summary>Properties of a <see cref="KubernetesCluster"/>.</summary>
public sealed class KubernetesClusterProps
{
    /// <summary>The VPC the cluster runs in, e.g. a <c>ContainerNetwork</c>'s or one of your own.</summary>
    public required IVpc Vpc { get; init; }

    /// <summary>
    /// The subnets of the control plane's network interfaces, Auto Mode's nodes and the kubectl handler: private
    /// subnets with a route to the internet (a NAT gateway) or with VPC endpoints for EKS, STS, ECR and S3, in at least two
    /// Availability Zones (EKS's rule); not the VPC's public subnets (the kubectl handler's functions get no public IP
    /// address there). Default: the VPC's private subnets with egress.
    /// </summary>
    public ISubnetSelection? VpcSubnets { get; init; }

    /// <summary>
    /// The cluster's name: 1–100 letters, digits, '-' and '_', starting with a letter or digit. It also names the
    /// control-plane log group (<c>/aws/eks/NAME/cluster</c>). Changing it replaces the cluster. Default: a name made
    /// from the construct path (stable while the construct stays where it is).
    /// </summary>
    public string? ClusterName { get; init; }

    /// <summary>
    /// The Kubernetes version, e.g. <c>KubernetesVersion.Of("1.36")</c>; one EKS creates clusters of (1.32 to 1.37 on
    /// 2026-11-30). Without <see cref="KubectlLayer"/>, it must be one the shipped kubectl layer serves (1.35 to 1.37).
    /// Default: 1.36 (in standard support, with the shipped layer's kubectl 1.36).
    /// </summary>
    public KubernetesVersion? Version { get; init; }

    /// <summary>
    /// What happens when the version leaves standard support: upgraded by EKS (<see cref="KubernetesSupportType.Standard"/>)
    /// or kept for 12 more months at the extended-support price. Default: <see cref="KubernetesSupportType.Standard"/>.
    /// </summary>
    public KubernetesSupportType? SupportType { get; init; }

    /// <summary>Where pods run: EKS Auto Mode or compute you add yourself. Default: <see cref="KubernetesCompute.AutoMode"/>.</summary>
    public KubernetesCompute? Compute { get; init; }

    /// <summary>
    /// Whether Auto Mode's built-in <c>general-purpose</c> node pool is on (the <c>system</c> pool, for cluster
    /// add-ons, always is). Turn it off to have workloads run only on your <see cref="NodePools"/>. Auto Mode only.
    /// Default: true.
    /// </summary>
    public bool? GeneralPurposeNodePool { get; init; }

    /// <summary>Auto Mode node pools of your own, applied as manifests through the kubectl provider. Auto Mode only. Default: none.</summary>
    public IReadOnlyList<AutoModeNodePool>? NodePools { get; init; }

    /// <summary>
    /// How IAM principals authenticate: access entries only (<see cref="AuthenticationMode.API"/>) or access entries and
    /// the <c>aws-auth</c> ConfigMap (<see cref="AuthenticationMode.API_AND_CONFIG_MAP"/>, for clusters migrating from
    /// it). <see cref="AuthenticationMode.CONFIG_MAP"/> alone is not accepted: admin roles, the kubectl role and Auto Mode
    /// all need access entries. Default: <see cref="AuthenticationMode.API"/>.
    /// </summary>
    public AuthenticationMode? AuthenticationMode { get; init; }

    /// <summary>
    /// IAM roles given cluster-admin (the <c>AmazonEKSClusterAdminPolicy</c> access policy, cluster-wide) through
    /// access entries; each role at most once, with an IAM role ARN (<c>arn:aws:iam::123456789012:role/NAME</c>, not a
    /// user or an assumed-role session). Nobody else, not even the identity that deploys the stack, gets access to the
    /// Kubernetes API. Default: none.
    /// </summary>
    public IReadOnlyList<IRole>? AdminRoles { get; init; }

    /// <summary>
    /// Whether the Kubernetes API endpoint is reachable from the internet (besides the VPC). Default: false (private
    /// endpoint only: reach it from the VPC, a VPN or a peered network; allow callers with <see cref="KubernetesCluster.Connections"/>).
    /// </summary>
    public bool? AllowPublicEndpoint { get; init; }

    /// <summary>
    /// The IPv4 CIDR blocks the public endpoint accepts, e.g. <c>203.0.113.0/24</c>; needs
    /// <see cref="AllowPublicEndpoint"/>. Default: <c>0.0.0.0/0</c> (any address, still authenticated) when the public
    /// endpoint is on.
    /// </summary>
    public IReadOnlyList<string>? PublicEndpointCidrs { get; init; }

    /// <summary>Which control-plane logs go to the cluster's log group. Default: <see cref="ControlPlaneLogTypes.All"/>.</summary>
    public ControlPlaneLogTypes? ControlPlaneLogs { get; init; }

    /// <summary>How long control-plane logs are kept. Default: <see cref="RetentionDays.ONE_MONTH"/> (30 days).</summary>
    public RetentionDays? ControlPlaneLogRetention { get; init; }

    /// <summary>
    /// The KMS key that envelope-encrypts Kubernetes secrets: a symmetric key in the cluster's region. The cluster role is
    /// granted its use. Default: a new customer-managed key with rotation on, retained on delete (see <see cref="RemovalPolicy"/>).
    /// </summary>
    public IKey? SecretsEncryptionKey { get; init; }

    /// <summary>Whether EKS refuses to delete the cluster until this is turned off again. Default: false.</summary>
    public bool? DeletionProtection { get; init; }

    /// <summary>
    /// Whether the EKS managed add-ons for nodes you bring are installed: Amazon VPC CNI, CoreDNS, kube-proxy, the
    /// EKS Pod Identity agent and the EBS CSI driver (its controller authorized through Pod Identity), each at the
    /// version EKS picks by default for the cluster's Kubernetes version. Auto Mode has all of them built into its
    /// nodes. Default: true with <see cref="KubernetesCompute.None"/>, false with <see cref="KubernetesCompute.AutoMode"/>.
    /// </summary>
    public bool? CoreAddons { get; init; }

    /// <summary>
    /// The kubectl Lambda layer (kubectl under <c>/opt/kubectl</c>, Helm under <c>/opt/helm</c>) for the kubectl
    /// provider, e.g. one built from npm's <c>@aws-cdk/lambda-layer-kubectl-vNN</c> zip. Default: the layer in the
    /// <c>ContainerPatterns.KubectlV36</c> package (kubectl 1.36, Helm 4), which serves Kubernetes 1.35 to 1.37; the app
    /// must reference that package once it applies manifests.
    /// </summary>
    public ILayerVersion? KubectlLayer { get; init; }

    /// <summary>What happens to the control-plane log group and the created secrets key when they leave the stack. Default: <see cref="Amazon.CDK.RemovalPolicy.RETAIN"/>.</summary>
    public RemovalPolicy? RemovalPolicy { get; init; }
}
