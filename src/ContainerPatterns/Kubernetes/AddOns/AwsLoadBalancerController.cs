using System.Text.RegularExpressions;
using Amazon.JSII.Runtime.Deputy;
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
public sealed partial class AwsLoadBalancerController : ControllerAddOn
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
        var s = Settings.Resolve(props);
        s.Validate(v, props);
        v.ThrowIfAny();

        var cluster = props.Cluster;
        Node.AddValidation(new NodesCheck(cluster));
        var serviceAccount = BuildIdentity("Identity", cluster, s.Version, s.Identity, ControllerNamespace, ServiceAccountName, "The AWS Load Balancer Controller", createServiceAccount: true);
        var document = IamDocuments.Render(LoadBalancerControllerPolicy.Statements, new Dictionary<string, string>());
        BuildPolicy("Policy", "AwsLoadBalancerController", document,
            $"AWS Load Balancer Controller of {cluster.Node.Path}: the policy the controller documents, which scopes what it creates and changes by its elbv2.k8s.aws/cluster tag; EC2 and Elastic Load Balancing Describe calls, security-group creation, and listener and rule changes take no narrower resource.");
        BuildChart("Chart", new HelmChartProps
        {
            Cluster = cluster.KubectlCluster,
            Chart = s.Chart,
            Repository = s.Repository,
            Version = s.Version,
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
        }, props.Values);
    }

    // The EKS charts repository versions its charts MAJOR.MINOR.PATCH, without a v (its index.yaml at c7f9ea56, read 2026-12-02).
    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex ChartVersion();

    /// <summary>
    /// At synth, when the whole app is built: a cluster of this app without Auto Mode needs a node group (its own, or
    /// Karpenter's controller nodes, which the controller tolerates) for the controller's pods, or the chart's install
    /// waits ten minutes and fails. An imported cluster's nodes are not known here.
    /// </summary>
    private sealed class NodesCheck(IKubernetesCluster cluster) : DeputyBase, IValidation
    {
        public string[] Validate() => cluster.HasNodes() == false
            ? [$"Cluster = \"{cluster.Node.Path}\" is not valid; it has no nodes for the controller's pods (Compute = None, no node group and no Karpenter), so the chart's install would wait for them and fail; allowed: a cluster with a node group (AddNodeGroup), a Karpenter, or Compute = AutoMode (which has load balancing built in)."]
            : [];
    }

    /// <summary>The props with every default resolved, read by validation and building alike.</summary>
    private sealed record Settings(string Version, ServiceAccountIdentity Identity, string Chart, string? Repository)
    {
        public static Settings Resolve(AwsLoadBalancerControllerProps p)
        {
            var chart = p.Chart ?? DefaultChart;
            return new Settings(
                p.Version ?? DefaultVersion,
                p.Identity ?? ServiceAccountIdentity.PodIdentity,
                chart,
                p.Repository ?? (chart.StartsWith("oci://", StringComparison.OrdinalIgnoreCase) ? null : DefaultRepository));
        }

        public void Validate(PropValidator v, AwsLoadBalancerControllerProps p)
        {
            ValidateShared(v, p, "EKS Auto Mode has load balancing built in, and a second controller would fight it over the load balancers",
                new ControllerIdentity(ControllerNamespace, ServiceAccountName, "an", "AWS Load Balancer Controller", "two would fight over the load balancers"));
            if (!PropValidator.IsToken(Version) && !ChartVersion().IsMatch(Version))
            {
                v.Fail(nameof(p.Version), Version, $"allowed: a chart version such as \"{DefaultVersion}\" (without a \"v\").");
            }
            else if (!PropValidator.IsToken(Version))
            {
                LoadBalancerControllerVersions.Validate(v, nameof(p.Version), Version);
            }

            HelmCharts.Validate(v, nameof(p.Chart), Chart, nameof(p.Repository), Repository);
        }
    }
}
