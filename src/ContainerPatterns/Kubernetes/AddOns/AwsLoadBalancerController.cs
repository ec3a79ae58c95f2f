using System.Text.RegularExpressions;
using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// The AWS Load Balancer Controller on a <see cref="KubernetesCluster"/> without Auto Mode, so that Services of type
/// <c>LoadBalancer</c> get Network Load Balancers and Ingresses (class <c>alb</c>) get Application Load Balancers: an
/// IAM role with the controller's documented policy through EKS Pod Identity or IRSA, and its Helm chart from the EKS
/// charts repository, told the cluster's name, region and VPC (so it needs no instance metadata), allowed onto nodes
/// tainted <c>CriticalAddonsOnly</c> (e.g. <see cref="Karpenter"/>'s controller nodes), and waited for, so manifests that
/// depend on it meet its webhooks ready.
/// </summary>
/// <remarks>
/// The controller places load balancers in subnets tagged <c>kubernetes.io/role/elb</c> (internet-facing) or
/// <c>kubernetes.io/role/internal-elb</c> (internal); tag the VPC's subnets accordingly.
/// </remarks>
public sealed partial class AwsLoadBalancerController : Construct
{
    /// <summary>The namespace the controller runs in.</summary>
    public const string ControllerNamespace = "kube-system";

    /// <summary>The controller's service account.</summary>
    public const string ServiceAccountName = "aws-load-balancer-controller";

    /// <summary>The default chart version (controller v3.5.0).</summary>
    public const string DefaultVersion = "3.5.0";

    /// <summary>The default chart name.</summary>
    public const string DefaultChart = "aws-load-balancer-controller";

    /// <summary>The default chart repository: the EKS charts repository.</summary>
    public const string DefaultRepository = "https://aws.github.io/eks-charts";

    /// <summary>Creates the controller's role and installs its chart.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public AwsLoadBalancerController(Construct scope, string id, AwsLoadBalancerControllerProps props)
        : base(scope, id)
    {
        var v = new PropValidator(scope, id);
        v.ThrowIfPropsMissing(props, nameof(AwsLoadBalancerControllerProps));
        var cluster = props.Cluster;
        if (!v.Missing(nameof(props.Cluster), cluster, "a KubernetesCluster with Compute = None") && cluster.Compute == KubernetesCompute.AutoMode)
        {
            v.Fail("Cluster.Compute", "AutoMode", "EKS Auto Mode has load balancing built in, and a second controller would fight it over the load balancers; allowed: a cluster with Compute = KubernetesCompute.None.");
        }

        v.Defined(nameof(props.Identity), props.Identity);
        var version = props.Version ?? DefaultVersion;
        if (!PropValidator.IsToken(version) && !ChartVersion().IsMatch(version))
        {
            v.Fail(nameof(props.Version), version, $"allowed: a chart version such as \"{DefaultVersion}\" (without a \"v\").");
        }

        var chart = props.Chart ?? DefaultChart;
        var repository = props.Repository ?? (chart.StartsWith("oci://", StringComparison.OrdinalIgnoreCase) ? null : DefaultRepository);
        HelmCharts.Validate(v, nameof(props.Chart), chart, nameof(props.Repository), repository);
        v.ThrowIfAny();

        Version = version;
        Construct identity;
        string? roleArnAnnotation = null;
        if (props.Identity == ServiceAccountIdentity.Irsa)
        {
            var irsa = new IrsaServiceAccount(this, "Identity", new IrsaServiceAccountProps
            {
                Cluster = cluster,
                Name = ServiceAccountName,
                Namespace = ControllerNamespace,
                CreateServiceAccount = false,
            });
            (Role, identity, roleArnAnnotation) = (irsa.Role, irsa, irsa.Role.RoleArn);
        }
        else
        {
            var pods = new PodIdentityServiceAccount(this, "Identity", new PodIdentityServiceAccountProps
            {
                Cluster = cluster,
                Name = ServiceAccountName,
                Namespace = ControllerNamespace,
                CreateServiceAccount = false,
            });
            (Role, identity) = (pods.Role, pods);
            ServiceAccounts.WarnWithoutPodIdentityAgent(this, cluster, "The AWS Load Balancer Controller");
        }

        var document = IamDocuments.Render(LoadBalancerControllerPolicy.Statements, new Dictionary<string, string>());
        Policy = new CfnPolicy(this, "Policy", new CfnPolicyProps
        {
            PolicyName = "AwsLoadBalancerController",
            PolicyDocument = document,
            Roles = [Role.RoleName],
        });
        NagSuppressions.Suppress(Policy, new NagSuppression(
            "AwsSolutions-IAM5",
            $"AWS Load Balancer Controller of {cluster.Node.Path}: the policy the controller documents, which scopes what it creates and changes by its elbv2.k8s.aws/cluster tag; EC2 and Elastic Load Balancing Describe calls, security-group creation, and listener and rule changes take no narrower resource.",
            NagFindings.WildcardResources(Stack.Of(this).Resolve(document))));

        var serviceAccount = new Dictionary<string, object> { ["create"] = true, ["name"] = ServiceAccountName };
        if (roleArnAnnotation is not null)
        {
            serviceAccount["annotations"] = new Dictionary<string, object> { ["eks.amazonaws.com/role-arn"] = roleArnAnnotation };
        }

        Chart = new HelmChart(this, "Chart", new HelmChartProps
        {
            Cluster = cluster.Kubectl,
            Chart = chart,
            Repository = repository,
            Version = version,
            Namespace = ControllerNamespace,
            Release = "aws-load-balancer-controller",
            CreateNamespace = false,
            Wait = true,
            Timeout = Duration.Minutes(10),
            Values = new Dictionary<string, object>
            {
                ["clusterName"] = cluster.ClusterName,
                ["region"] = Stack.Of(this).Region,
                ["vpcId"] = cluster.Vpc.VpcId,
                ["serviceAccount"] = serviceAccount,
                ["tolerations"] = new object[] { new Dictionary<string, object> { ["key"] = "CriticalAddonsOnly", ["operator"] = "Exists" } },
            },
        });
        // The controller starts with its permissions and the cluster's add-ons in place.
        Chart.Node.AddDependency(identity, Policy);
        foreach (var addon in cluster.Addons.Values)
        {
            Chart.Node.AddDependency(addon);
        }
    }

    /// <summary>The chart version installed.</summary>
    public string Version { get; }

    /// <summary>The role the controller acts as.</summary>
    public IRole Role { get; }

    /// <summary>The controller's IAM policy.</summary>
    public CfnPolicy Policy { get; }

    /// <summary>The controller's chart.</summary>
    public HelmChart Chart { get; }

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex ChartVersion();
}
