using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// What every controller this library installs on a cluster shares: the cluster, how its pods get an IAM role's
/// credentials, and the Helm values you want on top of the construct's own. Each construct states its own defaults.
/// </summary>
public abstract class ControllerAddOnProps
{
    /// <summary>Only the props classes of this library derive from it.</summary>
    private protected ControllerAddOnProps()
    {
    }

    /// <summary>
    /// The cluster: a <see cref="KubernetesCluster"/>, or one from <see cref="KubernetesCluster.FromClusterAttributes"/>; it
    /// must have <see cref="KubernetesCompute.None"/> (Auto Mode has these controllers built in).
    /// </summary>
    public required IKubernetesCluster Cluster { get; init; }

    /// <summary>How the controller gets its IAM role's credentials. Default: <see cref="ServiceAccountIdentity.PodIdentity"/>.</summary>
    public ServiceAccountIdentity? Identity { get; init; }

    /// <summary>
    /// Helm values merged over the ones the construct sets, last: a dictionary merges key by key (recursively), anything
    /// else (a list, a string, a number) replaces the construct's value. Use it for what the construct has no prop for,
    /// e.g. <c>["replicas"] = 3</c> or <c>["podDisruptionBudget"] = new Dictionary&lt;string, object&gt; { ["maxUnavailable"] = 1 }</c>.
    /// Values the construct's own wiring depends on (the service account, the cluster name) can be overridden too, at
    /// your risk. Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, object>? Values { get; init; }
}

/// <summary>The service account a controller runs as, and how its messages name it.</summary>
/// <param name="Namespace">The service account's namespace.</param>
/// <param name="ServiceAccount">The service account's name.</param>
/// <param name="Article">The controller's indefinite article (<c>a</c>, <c>an</c>).</param>
/// <param name="Controller">The controller, as messages name it (e.g. <c>Karpenter</c>).</param>
/// <param name="TwoReason">Why two on one cluster do not work, for messages.</param>
internal sealed record ControllerIdentity(string Namespace, string ServiceAccount, string Article, string Controller, string TwoReason);

/// <summary>
/// A Kubernetes controller installed on a cluster with an IAM role of its own (<see cref="Karpenter"/>,
/// <see cref="AwsLoadBalancerController"/>): its service account's identity (EKS Pod Identity or IRSA), the IAM policy
/// it documents, its Helm chart (your <see cref="ControllerAddOnProps.Values"/> merged last), and the dependencies that
/// make the chart start with its permissions and the cluster's add-ons in place.
/// </summary>
public abstract class ControllerAddOn : Construct
{
    private Construct? _identity;

    /// <summary>Adds the construct to the tree; only the constructs of this library derive from it.</summary>
    private protected ControllerAddOn(Construct scope, string id)
        : base(scope, id)
    {
    }

    /// <summary>The cluster the controller runs on.</summary>
    public IKubernetesCluster Cluster { get; private set; } = null!;

    /// <summary>The chart version installed.</summary>
    public string Version { get; private set; } = string.Empty;

    /// <summary>The role the controller acts as.</summary>
    public IRole ControllerRole { get; private set; } = null!;

    /// <summary>The controller's IAM policy (its documented statements).</summary>
    public CfnPolicy ControllerPolicy { get; private set; } = null!;

    /// <summary>The controller's chart.</summary>
    public HelmChart Chart { get; private set; } = null!;

    /// <summary>The Helm values of the controller's chart, as installed (the construct's own with the given ones merged last).</summary>
    public IReadOnlyDictionary<string, object> ChartValues { get; private set; } = new Dictionary<string, object>();

    /// <summary>
    /// Records every problem with the props every controller shares: the cluster (not on Auto Mode, and without another
    /// instance of the controller, found by the service account it holds) and the identity.
    /// </summary>
    private protected static void ValidateShared(PropValidator v, ControllerAddOnProps props, string autoModeReason, ControllerIdentity identity)
    {
        if (!v.Missing(nameof(props.Cluster), props.Cluster, "a KubernetesCluster with Compute = None"))
        {
            if (props.Cluster.Compute == KubernetesCompute.AutoMode)
            {
                v.Fail("Cluster.Compute", "AutoMode", $"{autoModeReason}; allowed: a cluster with Compute = KubernetesCompute.None.");
            }
            else if (props.Cluster.ServiceAccountHolder(identity.Namespace, identity.ServiceAccount) is { } other)
            {
                v.Fail(nameof(props.Cluster), props.Cluster.Node.Path, $"it already runs {identity.Article} {identity.Controller} ({other}), and {identity.TwoReason}; allowed: one {identity.Controller} per cluster.");
            }
        }

        v.Defined(nameof(props.Identity), props.Identity);
        HelmValues.Validate(v, nameof(props.Values), props.Values);
    }

    /// <summary>
    /// Creates the controller's service account identity (<paramref name="id"/>: a <see cref="PodIdentityServiceAccount"/>
    /// or <see cref="IrsaServiceAccount"/> that leaves the service account to the chart) and returns the chart's
    /// <c>serviceAccount</c> values for it; warns when Pod Identity is used on a cluster without its agent.
    /// </summary>
    private protected Dictionary<string, object> BuildIdentity(string id, IKubernetesCluster cluster, string version, ServiceAccountIdentity kind, string ns, string serviceAccount, string controller, bool createServiceAccount)
    {
        Cluster = cluster;
        Version = version;
        var values = new Dictionary<string, object>();
        if (createServiceAccount)
        {
            values["create"] = true;
        }

        values["name"] = serviceAccount;
        if (kind == ServiceAccountIdentity.Irsa)
        {
            var irsa = new IrsaServiceAccount(this, id, new IrsaServiceAccountProps
            {
                Cluster = cluster,
                Name = serviceAccount,
                Namespace = ns,
                CreateServiceAccount = false,
            });
            (ControllerRole, _identity) = (irsa.Role, irsa);
            values["annotations"] = new Dictionary<string, object> { ["eks.amazonaws.com/role-arn"] = irsa.Role.RoleArn };
        }
        else
        {
            var pods = new PodIdentityServiceAccount(this, id, new PodIdentityServiceAccountProps
            {
                Cluster = cluster,
                Name = serviceAccount,
                Namespace = ns,
                CreateServiceAccount = false,
                AgentWarnedByOwner = true,
            });
            (ControllerRole, _identity) = (pods.Role, pods);
            ServiceAccounts.WarnWithoutPodIdentityAgent(this, cluster, controller, "use Identity = ServiceAccountIdentity.Irsa");
        }

        return values;
    }

    /// <summary>Attaches the controller's policy document to its role, explaining its wildcard findings to cdk-nag.</summary>
    private protected CfnPolicy BuildPolicy(string id, string policyName, object document, string nagReason)
    {
        ControllerPolicy = new CfnPolicy(this, id, new CfnPolicyProps
        {
            PolicyName = policyName,
            PolicyDocument = document,
            Roles = [ControllerRole.RoleName],
        });
        // A Fn::Sub document (a name given as a token) shows cdk-nag no statements, so there is nothing to explain.
        if (document is IDictionary<string, object>)
        {
            NagSuppressions.Suppress(ControllerPolicy, new NagSuppression("AwsSolutions-IAM5", nagReason, NagFindings.WildcardResources(Stack.Of(this).Resolve(document))));
        }

        return ControllerPolicy;
    }

    /// <summary>
    /// Installs the controller's chart with the construct's values and the user's merged over them, after the identity,
    /// the policy, <paramref name="after"/> and the cluster's add-ons.
    /// </summary>
    private protected HelmChart BuildChart(string id, HelmChartProps props, IReadOnlyDictionary<string, object>? userValues, params IDependable[] after)
    {
        var values = HelmValues.Merge(props.Values ?? new Dictionary<string, object>(), userValues);
        props.Values = values;
        ChartValues = values;
        Chart = new HelmChart(this, id, props);
        Chart.Node.AddDependency([.. after, _identity!, ControllerPolicy]);
        foreach (var addon in Cluster.Addons.Values)
        {
            Chart.Node.AddDependency(addon);
        }

        return Chart;
    }
}
