using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.EKS;
using ContainerPatterns.Kubernetes;
using static ContainerPatterns.Tests.Kubernetes.KubernetesFixture;

namespace ContainerPatterns.Tests.Kubernetes;

/// <summary>
/// Karpenter and load balancer controller inputs that passed synth and failed at deploy: each a synth-time error naming
/// the path, the prop, the value and what is allowed (issue 16).
/// </summary>
public class KarpenterInputTests
{
    private static readonly string Nl = System.Environment.NewLine;

    private static KubernetesCluster SelfManaged(Stack s) =>
        new(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), Compute = KubernetesCompute.None, KubectlLayer = Layer(s) });

    private static string KarpenterError(Func<KubernetesCluster, KarpenterProps> props) =>
        Synth.Error(s => new Karpenter(s, "Karpenter", props(SelfManaged(s)))).Message;

    private static IKubernetesCluster OneZoneImported(Stack s) => KubernetesCluster.FromClusterAttributes(s, "Platform", new KubernetesClusterAttributes
    {
        ClusterName = "platform",
        Vpc = Vpc.FromVpcAttributes(s, "Vpc", new VpcAttributes
        {
            VpcId = "vpc-0123456789abcdef0",
            AvailabilityZones = ["eu-west-1a"],
            PrivateSubnetIds = ["subnet-00000000000000003"],
        }),
        Version = KubernetesVersion.Of("1.35"),
        Compute = KubernetesCompute.None,
        ClusterSecurityGroupId = "sg-0123456789abcdef0",
        PodIdentityAgent = true,
        KubectlLayer = Layer(s),
    });

    [Theory]
    [InlineData(KarpenterAmiFamily.AmazonLinux2023, "20260714", "Karpenter's AMI alias takes the release with its v (\"v20260714\"); allowed: \"latest\" (nodes drift to each new AMI) or an Amazon Linux 2023 release such as \"v20260714\" (vYYYYMMDD).")]
    [InlineData(KarpenterAmiFamily.AmazonLinux2023, "v1.64.0", "it is a Bottlerocket release, and AmiFamily = AmazonLinux2023; allowed: \"latest\" (nodes drift to each new AMI) or an Amazon Linux 2023 release such as \"v20260714\" (vYYYYMMDD).")]
    [InlineData(KarpenterAmiFamily.Bottlerocket, "1.64.0", "Karpenter's AMI alias takes the release with its v (\"v1.64.0\"); allowed: \"latest\" (nodes drift to each new AMI) or a Bottlerocket release such as \"v1.64.0\" (vMAJOR.MINOR.PATCH).")]
    [InlineData(KarpenterAmiFamily.Bottlerocket, "v20260714", "it is an Amazon Linux 2023 release, and AmiFamily = Bottlerocket; allowed: \"latest\" (nodes drift to each new AMI) or a Bottlerocket release such as \"v1.64.0\" (vMAJOR.MINOR.PATCH).")]
    public void Rejects_an_AMI_version_without_its_v_or_of_the_other_family(KarpenterAmiFamily family, string version, string problem)
    {
        Assert.Equal(
            $"TestStack/Karpenter: AmiVersion = \"{version}\" is not valid; {problem}",
            KarpenterError(c => new KarpenterProps { Cluster = c, AmiFamily = family, AmiVersion = version }));
    }

    [Theory]
    [InlineData(KarpenterAmiFamily.AmazonLinux2023, null, "al2023@v20260714")]
    [InlineData(KarpenterAmiFamily.Bottlerocket, null, "bottlerocket@v1.64.0")]
    [InlineData(KarpenterAmiFamily.Bottlerocket, "latest", "bottlerocket@latest")]
    [InlineData(KarpenterAmiFamily.AmazonLinux2023, "v20251120", "al2023@v20251120")]
    public void Pins_the_AMI_alias_to_a_release_unless_latest_is_asked_for(KarpenterAmiFamily family, string? version, string alias)
    {
        var json = Synth.Json(s => new Karpenter(s, "Karpenter", new KarpenterProps { Cluster = SelfManaged(s), AmiFamily = family, AmiVersion = version }));

        Synth.JsonEqual($$"""[{"alias":"{{alias}}"}]""", Manifest(Resource(json, "Custom::AWSCDK-EKS-KubernetesResource", "KarpenterNodeClass"))[0]!["spec"]!["amiSelectorTerms"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Rejects_a_controller_node_group_with_fewer_nodes_than_controller_replicas(double minSize)
    {
        Assert.Equal(
            $"TestStack/Karpenter: ControllerNodeGroup.MinSize = {minSize} is not valid; Karpenter's chart runs 2 controller replica(s) (the chart's default), each on a node of its own (a required podAntiAffinity on kubernetes.io/hostname), and the install waits for all of them, but Karpenter never launches nodes for itself; allowed: at least 2 (or fewer replicas through Values[\"replicas\"]).",
            KarpenterError(c => new KarpenterProps { Cluster = c, ControllerNodeGroup = new KubernetesNodeGroupOptions { MinSize = minSize } }));
        Assert.Equal(
            $"TestStack/Karpenter: ControllerNodeGroup.MinSize = {minSize} is not valid; Karpenter's chart runs 3 controller replica(s) (Values[\"replicas\"]), each on a node of its own (a required podAntiAffinity on kubernetes.io/hostname), and the install waits for all of them, but Karpenter never launches nodes for itself; allowed: at least 3 (or fewer replicas through Values[\"replicas\"]).",
            KarpenterError(c => new KarpenterProps { Cluster = c, ControllerNodeGroup = new KubernetesNodeGroupOptions { MinSize = minSize }, Values = new Dictionary<string, object> { ["replicas"] = 3 } }));
    }

    [Fact]
    public void Accepts_a_one_node_controller_group_with_one_replica_said_in_the_values()
    {
        var json = Synth.Json(s => new Karpenter(s, "Karpenter", new KarpenterProps
        {
            Cluster = SelfManaged(s),
            ControllerNodeGroup = new KubernetesNodeGroupOptions { MinSize = 1, MaxSize = 2 },
            Values = new Dictionary<string, object> { ["replicas"] = 1 },
        }));

        Synth.JsonEqual("""{"DesiredSize":1,"MaxSize":2,"MinSize":1}""", Synth.Single(json, "AWS::EKS::Nodegroup")["Properties"]!["ScalingConfig"]);
    }

    [Fact]
    public void Rejects_a_controller_node_group_in_one_Availability_Zone_unless_one_replica_is_said()
    {
        Assert.Equal(
            "TestStack/Karpenter: ControllerNodeGroup runs in the cluster's subnets, which span 1 Availability Zone (eu-west-1a); Karpenter's chart spreads its 2 controller replicas over zones (topologySpreadConstraints on topology.kubernetes.io/zone) so that one zone's outage does not stop it; allowed: cluster subnets in two or more Availability Zones, or Values[\"replicas\"] = 1 for a single controller.",
            Synth.Error(s => new Karpenter(s, "Karpenter", new KarpenterProps { Cluster = OneZoneImported(s) })).Message);

        var json = Synth.Json(s => new Karpenter(s, "Karpenter", new KarpenterProps
        {
            Cluster = OneZoneImported(s),
            ControllerNodeGroup = new KubernetesNodeGroupOptions { MinSize = 1 },
            Values = new Dictionary<string, object> { ["replicas"] = 1 },
        }));
        Synth.JsonEqual("""["subnet-00000000000000003"]""", Synth.Single(json, "AWS::EKS::Nodegroup")["Properties"]!["Subnets"]);
    }

    [Fact]
    public void Rejects_a_second_Karpenter_or_load_balancer_controller_on_the_same_cluster()
    {
        Assert.Equal(
            "TestStack/Karpenter2: Cluster = \"TestStack/Cluster\" is not valid; it already runs a Karpenter (TestStack/Karpenter/ControllerIdentity), and two would fight over the nodes; allowed: one Karpenter per cluster.",
            Synth.Error(s =>
            {
                var cluster = SelfManaged(s);
                _ = new Karpenter(s, "Karpenter", new KarpenterProps { Cluster = cluster });
                _ = new Karpenter(s, "Karpenter2", new KarpenterProps { Cluster = cluster, Identity = ServiceAccountIdentity.Irsa });
            }).Message);
        Assert.Equal(
            "TestStack/LoadBalancers2: Cluster = \"TestStack/Cluster\" is not valid; it already runs an AWS Load Balancer Controller (TestStack/LoadBalancers/Identity), and two would fight over the load balancers; allowed: one AWS Load Balancer Controller per cluster.",
            Synth.Error(s =>
            {
                var cluster = SelfManaged(s);
                cluster.AddNodeGroup("Workers", new KubernetesNodeGroupOptions());
                _ = new AwsLoadBalancerController(s, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = cluster });
                _ = new AwsLoadBalancerController(s, "LoadBalancers2", new AwsLoadBalancerControllerProps { Cluster = cluster });
            }).Message);
    }

    [Fact]
    public void Rejects_the_load_balancer_controller_on_a_cluster_with_no_node_to_run_it()
    {
        var app = new App();
        var stack = new Stack(app, Synth.StackId);
        _ = new AwsLoadBalancerController(stack, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = SelfManaged(stack) });

        var error = Assert.ThrowsAny<Exception>(() => app.Synth());
        Assert.Contains(
            "[TestStack/LoadBalancers] Cluster = \"TestStack/Cluster\" is not valid; it has no nodes for the controller's pods (Compute = None, no node group and no Karpenter), so the chart's install would wait for them and fail; allowed: a cluster with a node group (AddNodeGroup), a Karpenter, or Compute = AutoMode (which has load balancing built in).",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_the_load_balancer_controller_beside_Karpenter_a_node_group_added_later_or_on_an_imported_cluster()
    {
        _ = Synth.Json(s =>
        {
            var cluster = SelfManaged(s);
            _ = new AwsLoadBalancerController(s, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = cluster });
            _ = new Karpenter(s, "Karpenter", new KarpenterProps { Cluster = cluster });
        });
        _ = Synth.Json(s =>
        {
            var cluster = SelfManaged(s);
            _ = new AwsLoadBalancerController(s, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = cluster });
            cluster.AddNodeGroup("Workers", new KubernetesNodeGroupOptions());
        });
        _ = Synth.Json(s => new AwsLoadBalancerController(s, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = OneZoneImported(s) }));
    }

    [Theory]
    [InlineData("3.5.1", "the EKS charts repository has no aws-load-balancer-controller chart of that version")]
    [InlineData("2.17.1", "the EKS charts repository has no aws-load-balancer-controller chart of that version (2.17.1 is a controller version; its chart is 1.17.1)")]
    [InlineData("1.12.0", "the EKS charts repository has it (controller v2.12.0), but that controller documents another IAM policy than the one this construct grants (controllers v2.13.0 to v3.5.0)")]
    public void Rejects_a_load_balancer_controller_chart_version_the_repository_does_not_have(string version, string problem)
    {
        var error = Synth.Error(s => new AwsLoadBalancerController(s, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = SelfManaged(s), Version = version }));

        Assert.Equal(
            $"TestStack/LoadBalancers: Version = \"{version}\" is not valid; {problem}; allowed: 3.5.0, 3.4.3, 3.4.2, 3.4.1, 3.4.0, 3.3.0, 3.2.2, 3.2.1, 3.2.0, 3.1.0, 3.0.0, 1.17.1, 1.17.0, 1.16.0, 1.15.0, 1.14.1, 1.14.0, 1.13.4, 1.13.3, 1.13.2, 1.13.1, 1.13.0.",
            error.Message);
    }

    [Fact]
    public void Rejects_a_Karpenter_node_pool_label_in_a_restricted_domain_too()
    {
        Assert.Equal(
            "TestStack/Karpenter: NodePools[0].Labels key = \"karpenter.sh/team\" is not valid; its domain karpenter.sh is restricted, which Karpenter's NodePool refuses in a pool's labels; allowed: a label of your own domain (e.g. \"example.com/tier\" or \"tier\").",
            KarpenterError(c => new KarpenterProps { Cluster = c, NodePools = [new KarpenterNodePool { Name = "pool", Labels = new Dictionary<string, string> { ["karpenter.sh/team"] = "a" } }] }));
        Assert.Equal(
            "TestStack/Karpenter: ControllerNodeGroup.InstanceTypes[0] = \"m7i.large\" is not valid; AmiType AmazonLinux2023Arm64 runs on Arm64 (AWS Graviton) instances and m7i is an x86_64 family; allowed: Graviton instance types (a \"g\" after the generation, e.g. \"m7g.large\", or a1), or an Amd64 AmiType.",
            KarpenterError(c => new KarpenterProps { Cluster = c, ControllerNodeGroup = new KubernetesNodeGroupOptions { InstanceTypes = ["m7i.large"] } }));
    }
}
