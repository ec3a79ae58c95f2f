namespace ContainerPatterns.Kubernetes;

/// <summary>Where the pods of a <see cref="KubernetesCluster"/> run.</summary>
public enum KubernetesCompute
{
    /// <summary>
    /// EKS Auto Mode: AWS runs Karpenter, the load balancer controller, the EBS CSI driver, networking and DNS for
    /// the cluster and launches nodes from node pools (the built-in <c>general-purpose</c> and <c>system</c> pools, and
    /// any <see cref="AutoModeNodePool"/>). EKS adds a management fee per Auto Mode instance on top of EC2's price.
    /// </summary>
    AutoMode,

    /// <summary>
    /// No compute is set up: bring your own, e.g. self-managed <see cref="Karpenter"/> or managed node groups
    /// (<see cref="KubernetesCluster.AddNodeGroup"/>), and the <see cref="AwsLoadBalancerController"/> for load balancers.
    /// No Auto Mode fee, but you run and upgrade the node software.
    /// </summary>
    None,
}

/// <summary>What happens when the cluster's Kubernetes version leaves EKS standard support.</summary>
public enum KubernetesSupportType
{
    /// <summary>
    /// EKS upgrades the control plane to the next version when standard support ends (14 months after release),
    /// so the cluster never pays the extended-support price.
    /// </summary>
    Standard,

    /// <summary>
    /// The version is kept for 12 more months of extended support, at a higher price per cluster hour; EKS
    /// upgrades it when extended support ends.
    /// </summary>
    Extended,
}

/// <summary>EKS control-plane log types, sent to the cluster's log group.</summary>
[Flags]
public enum ControlPlaneLogTypes
{
    /// <summary>No control-plane logs (not recommended).</summary>
    None = 0,

    /// <summary>Kubernetes API server logs (<c>api</c>).</summary>
    Api = 1,

    /// <summary>Kubernetes audit logs: who did what through the API (<c>audit</c>).</summary>
    Audit = 2,

    /// <summary>IAM authenticator logs (<c>authenticator</c>).</summary>
    Authenticator = 4,

    /// <summary>Controller manager logs (<c>controllerManager</c>).</summary>
    ControllerManager = 8,

    /// <summary>Scheduler logs (<c>scheduler</c>).</summary>
    Scheduler = 16,

    /// <summary>All five log types.</summary>
    All = Api | Audit | Authenticator | ControllerManager | Scheduler,
}

/// <summary>A CPU architecture nodes may have.</summary>
public enum NodeArchitecture
{
    /// <summary>64-bit Arm (AWS Graviton), <c>arm64</c>.</summary>
    Arm64,

    /// <summary>64-bit x86 (Intel and AMD), <c>amd64</c>.</summary>
    Amd64,
}

/// <summary>How EC2 capacity for nodes is bought.</summary>
public enum NodeCapacityType
{
    /// <summary>On-Demand instances.</summary>
    OnDemand,

    /// <summary>Spot instances: up to 90 % cheaper, interrupted with two minutes' notice when EC2 needs them back.</summary>
    Spot,
}

/// <summary>
/// The operating system image of a managed node group. Only Amazon Linux 2023 and Bottlerocket are offered: EKS
/// publishes no Amazon Linux 2 images for Kubernetes 1.33 and later.
/// </summary>
public enum NodeAmiType
{
    /// <summary>Amazon Linux 2023 on Arm (Graviton), <c>AL2023_ARM_64_STANDARD</c>.</summary>
    AmazonLinux2023Arm64,

    /// <summary>Amazon Linux 2023 on x86, <c>AL2023_x86_64_STANDARD</c>.</summary>
    AmazonLinux2023Amd64,

    /// <summary>Bottlerocket on Arm (Graviton), <c>BOTTLEROCKET_ARM_64</c>.</summary>
    BottlerocketArm64,

    /// <summary>Bottlerocket on x86, <c>BOTTLEROCKET_x86_64</c>.</summary>
    BottlerocketAmd64,
}

/// <summary>How the pods of a controller this library installs (Karpenter, the AWS Load Balancer Controller) get their IAM role's credentials.</summary>
public enum ServiceAccountIdentity
{
    /// <summary>EKS Pod Identity: a role trusting <c>pods.eks.amazonaws.com</c> and a Pod Identity association (needs the <c>eks-pod-identity-agent</c> add-on, which <see cref="KubernetesClusterProps.CoreAddons"/> installs).</summary>
    PodIdentity,

    /// <summary>IRSA: the cluster's IAM OIDC provider and a role trusting only the controller's service account, named in the service account's <c>eks.amazonaws.com/role-arn</c> annotation.</summary>
    Irsa,
}

/// <summary>The operating system of the nodes self-managed Karpenter launches (the family of its <c>EC2NodeClass</c> AMI alias).</summary>
public enum KarpenterAmiFamily
{
    /// <summary>Amazon Linux 2023 (<c>al2023@VERSION</c>), for Arm64 and x86 alike.</summary>
    AmazonLinux2023,

    /// <summary>Bottlerocket (<c>bottlerocket@VERSION</c>), for Arm64 and x86 alike: a minimal, immutable OS for containers.</summary>
    Bottlerocket,
}
