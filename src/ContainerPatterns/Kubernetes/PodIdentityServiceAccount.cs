using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;

namespace ContainerPatterns.Kubernetes;

/// <summary>Properties of a <see cref="PodIdentityServiceAccount"/>.</summary>
public sealed class PodIdentityServiceAccountProps : KubernetesServiceAccountOptions
{
    /// <summary>The cluster the service account lives in: a <see cref="KubernetesCluster"/>, or one from <see cref="KubernetesCluster.FromClusterAttributes"/>.</summary>
    public required IKubernetesCluster Cluster { get; init; }

    /// <summary>
    /// The IAM role the pods act as; its trust policy must let <c>pods.eks.amazonaws.com</c> call <c>sts:AssumeRole</c>
    /// and <c>sts:TagSession</c>. Default: a new role with exactly that trust and no permissions (grant them through
    /// this construct, e.g. <c>bucket.GrantRead(serviceAccount)</c>).
    /// </summary>
    public IRole? Role { get; init; }
}

/// <summary>
/// A Kubernetes service account whose pods get an IAM role's credentials through EKS Pod Identity (the default way
/// on this library's clusters: no OIDC provider, and the role's trust names no cluster, so it can be reused): the role,
/// the Pod Identity association, and the service account itself.
/// </summary>
public sealed class PodIdentityServiceAccount : Construct, IGrantable
{
    /// <summary>
    /// The id of the warning raised when something acts through Pod Identity on a cluster that runs no Pod Identity
    /// agent; acknowledge it with <c>Annotations.Of(scope).AcknowledgeWarning(...)</c> when the agent comes from elsewhere.
    /// </summary>
    public const string NoPodIdentityAgentWarningId = "ContainerPatterns:Kubernetes:NoPodIdentityAgent";

    // EKS Pod Identity: the agent assumes the role as this service principal, with session tags.
    private const string PodsService = "pods.eks.amazonaws.com";

    /// <summary>Creates the service account, its role and its Pod Identity association.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public PodIdentityServiceAccount(Construct scope, string id, PodIdentityServiceAccountProps props)
        : base(scope, id)
    {
        var v = new PropValidator(scope, id);
        v.ThrowIfPropsMissing(props, nameof(PodIdentityServiceAccountProps));
        var ns = ServiceAccounts.Validate(v, props.Cluster, props.Name, props.Namespace);
        v.ThrowIfAny();

        Namespace = ns;
        ServiceAccountName = props.Name;
        Role = props.Role ?? new Role(this, "Role", new RoleProps
        {
            AssumedBy = PodsPrincipal(),
            Description = $"EKS Pod Identity role of service account {ns}/{props.Name} ({Node.Path})",
        });
        Association = new CfnPodIdentityAssociation(this, "Association", new CfnPodIdentityAssociationProps
        {
            ClusterName = props.Cluster.ClusterName,
            Namespace = ns,
            ServiceAccount = props.Name,
            RoleArn = Role.RoleArn,
        });
        ServiceAccount = props.CreateServiceAccount ?? true
            ? ServiceAccounts.Apply(this, props.Cluster, ns, props.Name, null)
            : null;
    }

    /// <summary>The IAM role the pods act as.</summary>
    public IRole Role { get; }

    /// <summary>The principal to grant permissions to: the role.</summary>
    public IPrincipal GrantPrincipal => Role;

    /// <summary>The Pod Identity association.</summary>
    public CfnPodIdentityAssociation Association { get; }

    /// <summary>The service account's manifest; null when <see cref="KubernetesServiceAccountOptions.CreateServiceAccount"/> is false.</summary>
    public KubernetesManifest? ServiceAccount { get; }

    /// <summary>The service account's namespace.</summary>
    public string Namespace { get; }

    /// <summary>The service account's name.</summary>
    public string ServiceAccountName { get; }

    /// <summary>The principal EKS Pod Identity roles trust.</summary>
    internal static IPrincipal PodsPrincipal() => new ServicePrincipal(PodsService).WithSessionTags();
}
