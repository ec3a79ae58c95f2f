using Amazon.CDK;
using Amazon.CDK.AWS.EKS;
using ContainerPatterns.Kubernetes;
using static ContainerPatterns.Tests.Kubernetes.KubernetesFixture;

namespace ContainerPatterns.Tests.Kubernetes;

public class KarpenterValidationTests
{
    private static readonly string Nl = System.Environment.NewLine;

    private static KubernetesCluster SelfManaged(Stack s, string version = "1.36") =>
        new(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), Compute = KubernetesCompute.None, KubectlLayer = Layer(s), Version = KubernetesVersion.Of(version) });

    private static string KarpenterError(Func<KubernetesCluster, KarpenterProps> props, string version = "1.36") =>
        Synth.Error(s => new Karpenter(s, "Karpenter", props(SelfManaged(s, version)))).Message;

    private static string LoadBalancerError(Func<KubernetesCluster, AwsLoadBalancerControllerProps> props) =>
        Synth.Error(s => new AwsLoadBalancerController(s, "LoadBalancers", props(SelfManaged(s)))).Message;

    [Fact]
    public void Rejects_a_Karpenter_version_that_does_not_support_the_clusters_Kubernetes_version()
    {
        Assert.Equal(
            "TestStack/Karpenter: Version = \"1.12.2\" is not valid; Karpenter 1.12.2 does not support Kubernetes 1.36, which needs Karpenter 1.13.0 or later; allowed for Kubernetes 1.36: 1.13.0 to 1.14.1.",
            KarpenterError(c => new KarpenterProps { Cluster = c, Version = "1.12.2" }));
        Assert.Equal(
            "TestStack/Karpenter: Version = \"1.12.0\" is not valid; Karpenter 1.12.0 does not support Kubernetes 1.36, which needs Karpenter 1.13.0 or later; allowed for Kubernetes 1.36: 1.13.0 to 1.14.1.",
            KarpenterError(c => new KarpenterProps { Cluster = c, Version = "1.12.0" }));
    }

    [Theory]
    [InlineData("1.15.0")]
    [InlineData("1.14.2")]
    public void Rejects_a_Karpenter_version_not_in_the_compatibility_table(string version)
    {
        Assert.Equal(
            $"TestStack/Karpenter: Version = \"{version}\" is not valid; it is not a Karpenter release in this library's compatibility table (1.12.0 to 1.14.1); allowed for Kubernetes 1.36: 1.13.0 to 1.14.1.",
            KarpenterError(c => new KarpenterProps { Cluster = c, Version = version }));
    }

    [Fact]
    public void Rejects_a_Karpenter_release_older_than_the_table_even_where_it_supports_the_cluster()
    {
        Assert.Equal(
            "TestStack/Karpenter: Version = \"1.9.2\" is not valid; it is not a Karpenter release in this library's compatibility table (1.12.0 to 1.14.1, whose controller policy is the one Karpenter documents for 1.12 and later); allowed for Kubernetes 1.35: 1.12.0 to 1.14.1.",
            KarpenterError(c => new KarpenterProps { Cluster = c, Version = "1.9.2" }, "1.35"));
    }

    [Fact]
    public void Rejects_a_Karpenter_version_written_with_a_v()
    {
        Assert.Equal(
            "TestStack/Karpenter: Version = \"v1.14.1\" is not valid; allowed for Kubernetes 1.36: 1.13.0 to 1.14.1, written as the chart version (e.g. \"1.14.1\", without a \"v\").",
            KarpenterError(c => new KarpenterProps { Cluster = c, Version = "v1.14.1" }));
    }

    [Fact]
    public void Rejects_a_cluster_version_no_Karpenter_release_supports_yet()
    {
        Assert.Equal(
            "TestStack/Karpenter: Cluster.Version = \"1.37\" is not valid; no Karpenter release in this library's compatibility table supports it (the newest, 1.14.1, supports Kubernetes up to 1.36); allowed: a cluster of Kubernetes 1.36 or older.",
            KarpenterError(c => new KarpenterProps { Cluster = c }, "1.37"));
    }

    [Fact]
    public void Rejects_Karpenter_and_the_load_balancer_controller_on_an_Auto_Mode_cluster()
    {
        Assert.Equal(
            "TestStack/Karpenter: Cluster.Compute = \"AutoMode\" is not valid; EKS Auto Mode runs a Karpenter of its own, and a second one would fight it over the nodes; allowed: a cluster with Compute = KubernetesCompute.None.",
            Synth.Error(s => new Karpenter(s, "Karpenter", new KarpenterProps { Cluster = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s) }) })).Message);
        Assert.Equal(
            "TestStack/LoadBalancers: Cluster.Compute = \"AutoMode\" is not valid; EKS Auto Mode has load balancing built in, and a second controller would fight it over the load balancers; allowed: a cluster with Compute = KubernetesCompute.None.",
            Synth.Error(s => new AwsLoadBalancerController(s, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s) }) })).Message);
    }

    [Fact]
    public void Rejects_empty_instance_family_architecture_capacity_and_category_lists()
    {
        Assert.Equal(
            "4 invalid props:" + Nl +
            "  TestStack/Karpenter: NodePools[0].Architectures is empty; allowed: one or more of Arm64, Amd64." + Nl +
            "  TestStack/Karpenter: NodePools[0].CapacityTypes is empty; allowed: one or more of OnDemand, Spot." + Nl +
            "  TestStack/Karpenter: NodePools[0].InstanceCategories is empty; allowed: one or more EC2 instance categories such as \"c\", \"m\", \"r\"." + Nl +
            "  TestStack/Karpenter: NodePools[0].InstanceFamilies is empty; allowed: one or more EC2 instance families such as \"m7g\", \"c7i\" (or leave it unset for any family).",
            KarpenterError(c => new KarpenterProps
            {
                Cluster = c,
                NodePools = [new KarpenterNodePool { Name = "pool", Architectures = [], CapacityTypes = [], InstanceCategories = [], InstanceFamilies = [] }],
            }));
    }

    [Fact]
    public void Rejects_node_pool_limits_of_zero_or_less()
    {
        Assert.Equal(
            "2 invalid props:" + Nl +
            "  TestStack/Karpenter: NodePools[0].CpuLimit = -8 is not valid; allowed: a number of vCPUs above 0 (leave it unset for no limit)." + Nl +
            "  TestStack/Karpenter: NodePools[0].MemoryLimit = 0 MiB is not valid; allowed: a size above 0 (leave it unset for no limit).",
            KarpenterError(c => new KarpenterProps { Cluster = c, NodePools = [new KarpenterNodePool { Name = "pool", CpuLimit = -8, MemoryLimit = Size.Gibibytes(0) }] }));
    }

    [Fact]
    public void Rejects_no_node_pools_pools_with_the_same_name_and_instance_families_that_are_instance_types()
    {
        Assert.Equal(
            "TestStack/Karpenter: NodePools is empty; allowed: one or more node pools (or leave it unset for the default pool).",
            KarpenterError(c => new KarpenterProps { Cluster = c, NodePools = [] }));
        Assert.Equal(
            "2 invalid props:" + Nl +
            "  TestStack/Karpenter: NodePools[1].InstanceFamilies = \"m7g.large\" is not valid; allowed: an EC2 instance family, the part of an instance type before the dot, such as \"m7g\" or \"c7i\"." + Nl +
            "  TestStack/Karpenter: NodePools[1].Name = \"web\" is not valid; another node pool has that name; each needs its own.",
            KarpenterError(c => new KarpenterProps
            {
                Cluster = c,
                NodePools = [new KarpenterNodePool { Name = "web" }, new KarpenterNodePool { Name = "web", InstanceFamilies = ["m7g.large"] }],
            }));
    }

    [Fact]
    public void Rejects_an_added_node_pool_whose_name_is_taken_or_that_expires_within_an_hour()
    {
        var error = Synth.Error(s =>
        {
            var karpenter = new Karpenter(s, "Karpenter", new KarpenterProps { Cluster = SelfManaged(s) });
            karpenter.AddNodePool(new KarpenterNodePool { Name = "default", ExpireAfter = Duration.Minutes(30) });
        });

        Assert.Equal(
            "2 invalid props:" + Nl +
            "  TestStack/Karpenter/AddNodePool: pool.ExpireAfter = 1800 seconds is not valid; allowed: 1 hour or more, in whole seconds." + Nl +
            "  TestStack/Karpenter/AddNodePool: pool.Name = \"default\" is not valid; another node pool has that name; each needs its own.",
            error.Message);
    }

    [Fact]
    public void Rejects_an_OCI_chart_given_with_a_repository_and_an_OCI_repository()
    {
        Assert.Equal(
            "TestStack/Karpenter: Repository = \"https://charts.example.com\" is not valid; Chart = \"oci://public.ecr.aws/karpenter/karpenter\" is an OCI chart, which is its whole reference; drop Repository.",
            KarpenterError(c => new KarpenterProps { Cluster = c, Repository = "https://charts.example.com" }));
        Assert.Equal(
            "TestStack/Karpenter: Repository = \"oci://registry.example.com/karpenter\" is not valid; the Helm 4 of every current kubectl layer ignores the pulled chart when the repository is an oci:// one (aws/aws-cdk#37143); give \"oci://registry.example.com/karpenter/karpenter\" as Chart and no Repository.",
            KarpenterError(c => new KarpenterProps { Cluster = c, Chart = "karpenter", Repository = "oci://registry.example.com/karpenter" }));
        Assert.Equal(
            "TestStack/LoadBalancers: Repository = \"oci://registry.example.com/charts\" is not valid; the Helm 4 of every current kubectl layer ignores the pulled chart when the repository is an oci:// one (aws/aws-cdk#37143); give \"oci://registry.example.com/charts/aws-load-balancer-controller\" as Chart and no Repository.",
            LoadBalancerError(c => new AwsLoadBalancerControllerProps { Cluster = c, Repository = "oci://registry.example.com/charts" }));
    }

    [Fact]
    public void Rejects_the_Helm_4_trap_in_a_chart_added_to_the_cluster()
    {
        var error = Synth.Error(s => SelfManaged(s).AddHelmChart("Metrics", new HelmChartOptions { Chart = "oci://registry.example.com/charts/metrics", Repository = "oci://registry.example.com/charts", Version = "1.0.0" }));

        Assert.Equal(
            "TestStack/Cluster/Metrics: Repository = \"oci://registry.example.com/charts\" is not valid; the Helm 4 of every current kubectl layer ignores the pulled chart when the repository is an oci:// one (aws/aws-cdk#37143); give the whole oci:// reference as Chart and no Repository.",
            error.Message);
    }

    [Fact]
    public void Rejects_node_class_and_controller_node_group_values_outside_their_ranges()
    {
        Assert.Equal(
            "5 invalid props:" + Nl +
            "  TestStack/Karpenter: Identity = (ServiceAccountIdentity)5 is not valid; allowed: PodIdentity, Irsa." + Nl +
            "  TestStack/Karpenter: AmiFamily = (KarpenterAmiFamily)9 is not valid; allowed: AmazonLinux2023, Bottlerocket." + Nl +
            "  TestStack/Karpenter: AmiVersion = \"al2023@latest\" is not valid; allowed: \"latest\" (nodes drift to each new AMI) or a release of the AMI family, such as \"v20260714\" (Amazon Linux 2023) or \"v1.64.0\" (Bottlerocket)." + Nl +
            "  TestStack/Karpenter: NodeVolumeSize = 512 MiB is not valid; allowed: 1 to 16384 GiB (gp3), in whole GiB." + Nl +
            "  TestStack/Karpenter: ControllerNodeGroup.MaxSize = 1 is less than ControllerNodeGroup.MinSize = 2; allowed: at least ControllerNodeGroup.MinSize.",
            KarpenterError(c => new KarpenterProps
            {
                Cluster = c,
                Identity = (ServiceAccountIdentity)5,
                AmiFamily = (KarpenterAmiFamily)9,
                AmiVersion = "al2023@latest",
                NodeVolumeSize = Size.Mebibytes(512),
                ControllerNodeGroup = new KubernetesNodeGroupOptions { MaxSize = 1 },
            }));
    }

    [Fact]
    public void Rejects_a_load_balancer_controller_version_written_with_a_v()
    {
        Assert.Equal(
            "TestStack/LoadBalancers: Version = \"v3.5.0\" is not valid; allowed: a chart version such as \"3.5.0\" (without a \"v\").",
            LoadBalancerError(c => new AwsLoadBalancerControllerProps { Cluster = c, Version = "v3.5.0" }));
    }

    [Fact]
    public void Reports_missing_props_and_cluster_by_name()
    {
        Assert.Equal(
            "TestStack/Karpenter: props is null; it is required: a KarpenterProps with at least its required members.",
            Synth.Error(s => new Karpenter(s, "Karpenter", null!)).Message);
        Assert.Equal(
            "TestStack/Karpenter: Cluster is null; it is required: a KubernetesCluster with Compute = None.",
            Synth.Error(s => new Karpenter(s, "Karpenter", new KarpenterProps { Cluster = null! })).Message);
        Assert.Equal(
            "TestStack/LoadBalancers: Cluster is null; it is required: a KubernetesCluster with Compute = None.",
            Synth.Error(s => new AwsLoadBalancerController(s, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = null! })).Message);
    }

    [Fact]
    public void Lets_unresolved_tokens_pass_unchecked()
    {
        var json = Synth.Json(s =>
        {
            var version = new CfnParameter(s, "KarpenterVersion").ValueAsString;
            var cpu = new CfnParameter(s, "Cpu", new CfnParameterProps { Type = "Number" }).ValueAsNumber;
            var family = new CfnParameter(s, "Family").ValueAsString;
            _ = new Karpenter(s, "Karpenter", new KarpenterProps
            {
                Cluster = SelfManaged(s),
                Version = version,
                NodePools = [new KarpenterNodePool { Name = "pool", CpuLimit = cpu, InstanceFamilies = [family] }],
            });
        });

        Synth.JsonEqual("""{"Ref":"KarpenterVersion"}""", KubernetesFixture.Resource(json, "Custom::AWSCDK-EKS-HelmChart", "KarpenterChart")["Properties"]!["Version"]);
    }
}
