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

    /// <summary>Whether the construct that creates this one warns about a missing Pod Identity agent itself (a controller add-on, in its own words).</summary>
    internal bool AgentWarnedByOwner { get; init; }
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

    // EKS Pod Identity: the agent assumes the role as this service principal, with session tags; the role's trust must
    // allow both actions (EKS user guide, "Assign an IAM role to a Kubernetes service account", read 2026-12-02).
    private const string PodsService = "pods.eks.amazonaws.com";
    private static readonly string[] PodsActions = ["sts:AssumeRole", "sts:TagSession"];

    /// <summary>Creates the service account, its role and its Pod Identity association.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public PodIdentityServiceAccount(Construct scope, string id, PodIdentityServiceAccountProps props)
        : base(scope, id)
    {
        var v = new PropValidator(scope, id);
        v.ThrowIfPropsMissing(props, nameof(PodIdentityServiceAccountProps));
        var ns = ServiceAccounts.Validate(v, props.Cluster, props.Name, props.Namespace);
        if (props.Role is Role given && !TrustsPods(given))
        {
            v.Fail(nameof(props.Role), given.Node.Path, $"its trust policy does not let {PodsService} call {string.Join(" and ", PodsActions)}, so EKS Pod Identity cannot give its credentials to the pods; allowed: a role whose trust has that statement (AssumedBy = new ServicePrincipal(\"{PodsService}\").WithSessionTags()), or leave Role unset for a new one.");
        }

        v.ThrowIfAny();

        props.Cluster.HoldServiceAccount(ns, props.Name, Node.Path);
        if (!props.AgentWarnedByOwner)
        {
            ServiceAccounts.WarnWithoutPodIdentityAgent(this, props.Cluster, $"The service account {ns}/{props.Name}", "use an IrsaServiceAccount");
        }

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

    // Whether a role of this app trusts the Pod Identity service with both actions, in one allowing statement.
    private static bool TrustsPods(Role role)
    {
        if (role.AssumeRolePolicy is not { } policy)
        {
            return true; // nothing to read: leave it to IAM
        }

        using var document = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(Stack.Of(role).Resolve(policy.ToJSON())));
        if (!document.RootElement.TryGetProperty("Statement", out var statements))
        {
            return false;
        }

        // A principal written as an intrinsic function (resolved at deploy time) cannot be read here: leave it to IAM.
        if (statements.EnumerateArray().Any(st => st.TryGetProperty("Principal", out var p) && p.ValueKind == System.Text.Json.JsonValueKind.Object
            && p.TryGetProperty("Service", out var service) && service.ValueKind is not (System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Array)))
        {
            return true;
        }

        return statements.EnumerateArray().Any(st =>
            Text(st, "Effect").Contains("Allow")
            && st.TryGetProperty("Principal", out var principal) && principal.ValueKind == System.Text.Json.JsonValueKind.Object
            && Text(principal, "Service").Contains(PodsService)
            && PodsActions.All(a => Text(st, "Action").Any(given => given == a || given is "sts:*" or "*")));
    }

    // A policy element that is a string or a list of strings, as strings (anything else, e.g. an intrinsic, as none).
    private static string[] Text(System.Text.Json.JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? []
        : value.ValueKind == System.Text.Json.JsonValueKind.String ? [value.GetString()!]
        : value.ValueKind == System.Text.Json.JsonValueKind.Array ? value.EnumerateArray().Where(e => e.ValueKind == System.Text.Json.JsonValueKind.String).Select(e => e.GetString()!).ToArray()
        : [];
}
