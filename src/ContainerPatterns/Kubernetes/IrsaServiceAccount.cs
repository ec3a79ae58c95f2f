using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;

namespace ContainerPatterns.Kubernetes;

/// <summary>Properties of an <see cref="IrsaServiceAccount"/>.</summary>
public sealed class IrsaServiceAccountProps : KubernetesServiceAccountOptions
{
    /// <summary>
    /// The cluster the service account lives in: a <see cref="KubernetesCluster"/> (its IAM OIDC provider is created on
    /// first use), or one from <see cref="KubernetesCluster.FromClusterAttributes"/> with its OIDC provider and issuer URL.
    /// </summary>
    public required IKubernetesCluster Cluster { get; init; }
}

/// <summary>
/// A Kubernetes service account whose pods get an IAM role's credentials through IRSA (IAM roles for service
/// accounts), the alternative to <see cref="PodIdentityServiceAccount"/> for software that predates EKS Pod Identity:
/// the cluster's IAM OIDC provider (created once), a role that trusts only this service account of this cluster
/// (<c>sub</c> pinned to <c>system:serviceaccount:NAMESPACE:NAME</c>, <c>aud</c> to <c>sts.amazonaws.com</c>), and the
/// service account annotated with the role.
/// </summary>
public sealed class IrsaServiceAccount : Construct, IGrantable
{
    // The trust policy's condition keys name the cluster's OIDC issuer, known only at deploy time. CloudFormation
    // takes no intrinsic function in a key, but IAM takes the document as text: it is written as a JSON string
    // through Fn::Sub, so no custom resource is needed to build the keys.
    private const string TrustPolicy =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"${ProviderArn}"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"${Issuer}:aud":"sts.amazonaws.com","${Issuer}:sub":"${Subject}"}}}]}""";

    /// <summary>Creates the service account, its role and (once per cluster) the OIDC provider.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public IrsaServiceAccount(Construct scope, string id, IrsaServiceAccountProps props)
        : base(scope, id)
    {
        var v = new PropValidator(scope, id);
        v.ThrowIfPropsMissing(props, nameof(IrsaServiceAccountProps));
        var ns = ServiceAccounts.Validate(v, props.Cluster, props.Name, props.Namespace);
        // Asked only of a valid cluster: a cluster of this app creates its OIDC provider here.
        var oidc = v.HasProblems ? null : props.Cluster.OpenIdConnect();
        if (oidc is null && !v.HasProblems)
        {
            v.FailWith($"the cluster {props.Cluster.Node.Path} was imported without its IAM OIDC provider, which IRSA needs; give KubernetesClusterAttributes.OpenIdConnectProviderArn and OpenIdConnectIssuerUrl, or use a PodIdentityServiceAccount.");
        }

        v.ThrowIfAny();

        props.Cluster.HoldServiceAccount(ns, props.Name, Node.Path);
        Namespace = ns;
        ServiceAccountName = props.Name;
        var (providerArn, issuerUrl) = oidc!.Value; // validated above
        var role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = new FederatedPrincipal(providerArn, null, "sts:AssumeRoleWithWebIdentity"),
            Description = $"IRSA role of service account {ns}/{props.Name} ({Node.Path})",
        });
        ((CfnRole)role.Node.DefaultChild!).AddPropertyOverride("AssumeRolePolicyDocument", Fn.Sub(TrustPolicy, new Dictionary<string, string>
        {
            ["ProviderArn"] = providerArn,
            ["Issuer"] = Fn.Select(1, Fn.Split("https://", issuerUrl)),
            ["Subject"] = $"system:serviceaccount:{ns}:{props.Name}",
        }));
        Role = role;
        ServiceAccount = props.CreateServiceAccount ?? true
            ? ServiceAccounts.Apply(this, props.Cluster, ns, props.Name, new Dictionary<string, object> { ["eks.amazonaws.com/role-arn"] = role.RoleArn })
            : null;
    }

    /// <summary>The IAM role the pods act as.</summary>
    public IRole Role { get; }

    /// <summary>The principal to grant permissions to: the role.</summary>
    public IPrincipal GrantPrincipal => Role;

    /// <summary>The service account's manifest; null when <see cref="KubernetesServiceAccountOptions.CreateServiceAccount"/> is false (annotate your own with <c>eks.amazonaws.com/role-arn</c>).</summary>
    public KubernetesManifest? ServiceAccount { get; }

    /// <summary>The service account's namespace.</summary>
    public string Namespace { get; }

    /// <summary>The service account's name.</summary>
    public string ServiceAccountName { get; }
}
