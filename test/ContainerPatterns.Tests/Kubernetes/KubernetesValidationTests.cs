using Amazon.CDK;
using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;
using ContainerPatterns.Internal;
using ContainerPatterns.Kubernetes;
using static ContainerPatterns.Tests.Kubernetes.KubernetesFixture;

namespace ContainerPatterns.Tests.Kubernetes;

public class KubernetesValidationTests
{
    private static readonly int Oldest = KubernetesVersions.OldestCreatable(DateOnly.FromDateTime(DateTime.UtcNow));

    private static string PoolError(AutoModeNodePool pool) =>
        ErrorOf(vpc => new KubernetesClusterProps { Vpc = vpc, NodePools = [pool] });

    [Fact]
    public void Reports_null_props_and_options_by_path()
    {
        Assert.Equal(
            "TestStack/Cluster: props is null; it is required: a KubernetesClusterProps with at least its required members.",
            Synth.Error(s => _ = new KubernetesCluster(s, "Cluster", null!)).Message);
        Assert.Equal(
            "TestStack/Cluster/Reader: props is null; it is required: a KubernetesServiceAccountOptions with at least its required members.",
            Synth.Error(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), KubectlLayer = Layer(s) }).AddPodIdentity("Reader", null!)).Message);
    }

    [Fact]
    public void Rejects_a_version_EKS_no_longer_creates()
    {
        Assert.Equal(
            $"TestStack/Cluster: Version = \"1.31\" is not valid; EKS no longer creates Kubernetes 1.31 clusters (its extended support ended on 2026-11-26); allowed: 1.{Oldest} to 1.37.",
            ErrorOf(vpc => new KubernetesClusterProps { Vpc = vpc, Version = KubernetesVersion.Of("1.31") }));
    }

    [Fact]
    public void Rejects_a_version_that_is_not_a_Kubernetes_minor_version()
    {
        Assert.Equal(
            $"TestStack/Cluster: Version = \"latest\" is not valid; allowed: 1.{Oldest} to 1.37, written as \"1.NN\" (e.g. KubernetesVersion.Of(\"1.36\")).",
            ErrorOf(vpc => new KubernetesClusterProps { Vpc = vpc, Version = KubernetesVersion.Of("latest") }));
    }

    [Fact]
    public void Rejects_a_version_the_shipped_kubectl_layer_does_not_serve_unless_a_layer_is_given()
    {
        Assert.Equal(
            "TestStack/Cluster: Version = \"1.34\" is not valid; the shipped kubectl layer (ContainerPatterns.KubectlV36, kubectl 1.36) serves Kubernetes 1.35 to 1.37; pass a KubectlLayer with a matching kubectl or choose one of those versions.",
            ErrorOf(vpc => new KubernetesClusterProps { Vpc = vpc, Version = KubernetesVersion.Of("1.34") }));
        var json = Synth.Json(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), Version = KubernetesVersion.Of("1.34"), KubectlLayer = Layer(s) }));
        Assert.Equal("1.34", Synth.Single(json, "AWS::EKS::Cluster")["Properties"]!["Version"]!.GetValue<string>());
    }

    [Fact]
    public void Rejects_a_version_newer_than_known_unless_a_layer_is_given()
    {
        Assert.Equal(
            $"TestStack/Cluster: Version = \"1.38\" is not valid; EKS had not released it when this library was built; allowed: 1.{Oldest} to 1.37 (or pass a KubectlLayer with a matching kubectl for a newer version).",
            ErrorOf(vpc => new KubernetesClusterProps { Vpc = vpc, Version = KubernetesVersion.Of("1.38") }));
    }

    [Fact]
    public void Rejects_Auto_Mode_with_the_ConfigMap_only_authentication_mode()
    {
        Assert.Equal(
            "TestStack/Cluster: AuthenticationMode = \"CONFIG_MAP\" is not valid; EKS Auto Mode needs access entries; allowed: API or API_AND_CONFIG_MAP.",
            ErrorOf(vpc => new KubernetesClusterProps { Vpc = vpc, AuthenticationMode = AuthenticationMode.CONFIG_MAP }));
    }

    [Fact]
    public void Rejects_the_ConfigMap_only_authentication_mode_without_Auto_Mode_too()
    {
        Assert.Equal(
            "TestStack/Cluster: AuthenticationMode = \"CONFIG_MAP\" is not valid; the admin roles and the kubectl role get access through access entries; allowed: API or API_AND_CONFIG_MAP.",
            ErrorOf(vpc => new KubernetesClusterProps { Vpc = vpc, Compute = KubernetesCompute.None, AuthenticationMode = AuthenticationMode.CONFIG_MAP }));
    }

    [Fact]
    public void Rejects_an_admin_role_given_twice()
    {
        var error = Synth.Error(s =>
        {
            var ops = Role.FromRoleArn(s, "Ops", OpsRoleArn);
            var again = Role.FromRoleArn(s, "OpsAgain", OpsRoleArn);
            _ = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), AdminRoles = [ops, again] });
        });

        Assert.Equal(
            $"TestStack/Cluster: AdminRoles[1] is the same role as AdminRoles[0] ({OpsRoleArn}); EKS allows one access entry per principal, so give each role once.",
            error.Message);
    }

    [Fact]
    public void Rejects_the_same_created_role_given_twice()
    {
        var error = Synth.Error(s =>
        {
            var admin = new Role(s, "Admin", new RoleProps { AssumedBy = new AccountRootPrincipal() });
            _ = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), AdminRoles = [admin, admin] });
        });

        Assert.Equal(
            "TestStack/Cluster: AdminRoles[1] is the same role as AdminRoles[0] (TestStack/Admin); EKS allows one access entry per principal, so give each role once.",
            error.Message);
    }

    [Theory]
    [InlineData("203.0.113.0/33")]
    [InlineData("10.0.0.1/8")]
    [InlineData("office")]
    [InlineData("2001:db8::/32")]
    public void Rejects_public_endpoint_CIDRs_that_are_not_IPv4_CIDR_blocks(string cidr)
    {
        Assert.Equal(
            $"TestStack/Cluster: PublicEndpointCidrs[1] = \"{cidr}\" is not valid; allowed: an IPv4 CIDR block with no host bits set, e.g. \"203.0.113.0/24\".",
            ErrorOf(vpc => new KubernetesClusterProps { Vpc = vpc, AllowPublicEndpoint = true, PublicEndpointCidrs = ["198.51.100.0/24", cidr] }));
    }

    [Fact]
    public void Rejects_public_endpoint_CIDRs_for_a_private_endpoint()
    {
        Assert.Equal(
            "TestStack/Cluster: PublicEndpointCidrs has no effect unless AllowPublicEndpoint = true; set AllowPublicEndpoint or drop PublicEndpointCidrs.",
            ErrorOf(vpc => new KubernetesClusterProps { Vpc = vpc, PublicEndpointCidrs = ["198.51.100.0/24"] }));
    }

    [Fact]
    public void Rejects_node_pool_limits_of_zero_or_less()
    {
        Assert.Equal(
            "2 invalid props:" + System.Environment.NewLine +
            "  TestStack/Cluster: NodePools[0].CpuLimit = 0 is not valid; allowed: a number of vCPUs above 0 (leave it unset for no limit)." + System.Environment.NewLine +
            "  TestStack/Cluster: NodePools[0].MemoryLimit = 0 MiB is not valid; allowed: a size above 0 (leave it unset for no limit).",
            PoolError(new AutoModeNodePool { Name = "pool", CpuLimit = 0, MemoryLimit = Size.Gibibytes(0) }));
        Assert.Equal(
            "TestStack/Cluster: NodePools[0].CpuLimit = -4 is not valid; allowed: a number of vCPUs above 0 (leave it unset for no limit).",
            PoolError(new AutoModeNodePool { Name = "pool", CpuLimit = -4 }));
    }

    [Fact]
    public void Rejects_empty_node_pool_architecture_capacity_and_category_lists()
    {
        Assert.Equal(
            "3 invalid props:" + System.Environment.NewLine +
            "  TestStack/Cluster: NodePools[0].Architectures is empty; allowed: one or more of Arm64, Amd64." + System.Environment.NewLine +
            "  TestStack/Cluster: NodePools[0].CapacityTypes is empty; allowed: one or more of OnDemand, Spot." + System.Environment.NewLine +
            "  TestStack/Cluster: NodePools[0].InstanceCategories is empty; allowed: one or more EC2 instance categories such as \"c\", \"m\", \"r\".",
            PoolError(new AutoModeNodePool { Name = "pool", Architectures = [], CapacityTypes = [], InstanceCategories = [] }));
    }

    [Fact]
    public void Rejects_node_pool_values_outside_their_ranges()
    {
        Assert.Equal(
            "6 invalid props:" + System.Environment.NewLine +
            "  TestStack/Cluster: NodePools[0].Name = \"system\" is not valid; it is the name of one of Auto Mode's built-in node pools (general-purpose, system); choose another." + System.Environment.NewLine +
            "  TestStack/Cluster: NodePools[0].InstanceCategories = \"M5\" is not valid; allowed: an EC2 instance category, lower-case letters such as \"c\", \"m\", \"r\" or \"inf\"." + System.Environment.NewLine +
            "  TestStack/Cluster: NodePools[0].MinInstanceGeneration = 0 is not valid; allowed: a whole number from 1 to 20." + System.Environment.NewLine +
            "  TestStack/Cluster: NodePools[0].MaxDisruptedNodesPercent = 150 is not valid; allowed: a whole number from 0 to 100 %." + System.Environment.NewLine +
            "  TestStack/Cluster: NodePools[0].Weight = 0 is not valid; allowed: a whole number from 1 to 100." + System.Environment.NewLine +
            "  TestStack/Cluster: NodePools[0].ExpireAfter = 2592000 seconds is not valid; allowed: from 1 hour to 21 days (Auto Mode replaces nodes after at most 21 days), in whole seconds.",
            PoolError(new AutoModeNodePool
            {
                Name = "system",
                InstanceCategories = ["M5"],
                MinInstanceGeneration = 0,
                MaxDisruptedNodesPercent = 150,
                Weight = 0,
                ExpireAfter = Duration.Days(30),
            }));
    }

    [Fact]
    public void Rejects_a_node_pool_enum_value_outside_the_enum()
    {
        Assert.Equal(
            "TestStack/Cluster: NodePools[0].Architectures = 9 is not valid; allowed: Arm64, Amd64.",
            PoolError(new AutoModeNodePool { Name = "pool", Architectures = [(NodeArchitecture)9] }));
    }

    [Fact]
    public void Rejects_node_pools_with_the_same_name_or_without_Auto_Mode()
    {
        Assert.Equal(
            "TestStack/Cluster: NodePools[1].Name = \"pool\" is not valid; another node pool has that name; each needs its own.",
            ErrorOf(vpc => new KubernetesClusterProps { Vpc = vpc, NodePools = [new AutoModeNodePool { Name = "pool" }, new AutoModeNodePool { Name = "pool" }] }));
        Assert.Equal(
            "2 invalid props:" + System.Environment.NewLine +
            "  TestStack/Cluster: NodePools need Compute = AutoMode; drop them or use Auto Mode." + System.Environment.NewLine +
            "  TestStack/Cluster: GeneralPurposeNodePool has no effect unless Compute = AutoMode; drop it.",
            ErrorOf(vpc => new KubernetesClusterProps { Vpc = vpc, Compute = KubernetesCompute.None, GeneralPurposeNodePool = true, NodePools = [new AutoModeNodePool { Name = "pool" }] }));
    }

    [Fact]
    public void Rejects_an_added_node_pool_on_a_cluster_without_Auto_Mode()
    {
        var error = Synth.Error(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), Compute = KubernetesCompute.None })
            .AddNodePool(new AutoModeNodePool { Name = "Pool" }));

        Assert.Equal(
            "2 invalid props:" + System.Environment.NewLine +
            "  TestStack/Cluster/AddNodePool: node pools need Compute = AutoMode." + System.Environment.NewLine +
            "  TestStack/Cluster/AddNodePool: pool.Name = \"Pool\" is not valid; allowed: a DNS-1123 label (1 to 63 lower-case letters, digits and '-', starting and ending with a letter or digit).",
            error.Message);
    }

    private const string SubdomainRule = "allowed: a DNS-1123 subdomain (1 to 253 lower-case letters, digits, '-' and '.', each '.'-separated part starting and ending with a letter or digit).";

    private const string LabelRule = "allowed: a DNS-1123 label (1 to 63 lower-case letters, digits and '-', starting and ending with a letter or digit).";

    [Theory]
    [InlineData("Reader", "apps", "Name = \"Reader\" is not valid; " + SubdomainRule)]
    [InlineData("reader", "my_apps", "Namespace = \"my_apps\" is not valid; " + LabelRule)]
    [InlineData("reader-", "apps", "Name = \"reader-\" is not valid; " + SubdomainRule)]
    [InlineData("reader..web", "apps", "Name = \"reader..web\" is not valid; " + SubdomainRule)]
    [InlineData("reader", "apps.web", "Namespace = \"apps.web\" is not valid; " + LabelRule)]
    public void Rejects_service_account_names_that_are_not_DNS_1123_subdomains_and_namespaces_that_are_not_labels(string name, string ns, string problem)
    {
        foreach (var irsa in new[] { false, true })
        {
            var error = Synth.Error(s =>
            {
                var cluster = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), KubectlLayer = Layer(s) });
                var options = new KubernetesServiceAccountOptions { Name = name, Namespace = ns };
                _ = irsa ? cluster.AddIrsaServiceAccount("Reader", options) : (object)cluster.AddPodIdentity("Reader", options);
            });

            Assert.Equal($"TestStack/Cluster/Reader: {problem}", error.Message);
        }
    }

    [Fact]
    public void Accepts_service_account_names_that_are_DNS_1123_subdomains()
    {
        var name = "web.reader." + new string('a', 64);
        var json = Synth.Json(s =>
        {
            var cluster = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), KubectlLayer = Layer(s) });
            cluster.AddPodIdentity("Reader", new KubernetesServiceAccountOptions { Name = "web.reader", Namespace = "apps" });
            cluster.AddIrsaServiceAccount("Legacy", new KubernetesServiceAccountOptions { Name = "legacy.v2", Namespace = "apps" });
        });

        Assert.Equal("web.reader", Synth.Single(json, "AWS::EKS::PodIdentityAssociation")["Properties"]!["ServiceAccount"]!.GetValue<string>());
        Assert.Contains(Synth.Resources(json, "Custom::AWSCDK-EKS-KubernetesResource").Values, r => Manifest(r)[0]!["metadata"]!["name"]!.GetValue<string>() == "legacy.v2");
        Assert.Equal(
            $"TestStack/Cluster/Reader: Name = \"{name}\" is not valid; " + SubdomainRule,
            Synth.Error(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s) })
                .AddPodIdentity("Reader", new KubernetesServiceAccountOptions { Name = name })).Message);
    }

    [Fact]
    public void Rejects_a_service_account_name_longer_than_253_characters()
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)); // 255 characters
        var error = Synth.Error(s =>
            new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s) }).AddPodIdentity("Reader", new KubernetesServiceAccountOptions { Name = name }));

        Assert.Equal($"TestStack/Cluster/Reader: Name = \"{name}\" is not valid; " + SubdomainRule, error.Message);
    }

    [Fact]
    public void Reports_required_props_given_as_null_like_any_other_problem()
    {
        Assert.Equal(
            "TestStack/Cluster: Vpc = null is not valid; it is required; allowed: an IVpc, e.g. a ContainerNetwork's Vpc.",
            Synth.Error(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = null! })).Message);
        Assert.Equal(
            "2 invalid props:" + System.Environment.NewLine +
            "  TestStack/Reader: Cluster = null is not valid; it is required; allowed: a KubernetesCluster, or one from KubernetesCluster.FromClusterAttributes." + System.Environment.NewLine +
            "  TestStack/Reader: Name = null is not valid; it is required; allowed: a DNS-1123 subdomain (1 to 253 lower-case letters, digits, '-' and '.', each '.'-separated part starting and ending with a letter or digit).",
            Synth.Error(s => new PodIdentityServiceAccount(s, "Reader", new PodIdentityServiceAccountProps { Cluster = null!, Name = null! })).Message);
    }

    [Fact]
    public void Rejects_enum_values_outside_their_enums()
    {
        Assert.Equal(
            "4 invalid props:" + System.Environment.NewLine +
            "  TestStack/Cluster: Compute = 7 is not valid; allowed: AutoMode, None." + System.Environment.NewLine +
            "  TestStack/Cluster: SupportType = 3 is not valid; allowed: Standard, Extended." + System.Environment.NewLine +
            "  TestStack/Cluster: AuthenticationMode = 9 is not valid; allowed: CONFIG_MAP, API_AND_CONFIG_MAP, API." + System.Environment.NewLine +
            "  TestStack/Cluster: ControlPlaneLogs = 64 is not valid; allowed: a combination of Api, Audit, Authenticator, ControllerManager and Scheduler.",
            ErrorOf(vpc => new KubernetesClusterProps
            {
                Vpc = vpc,
                Compute = (KubernetesCompute)7,
                SupportType = (KubernetesSupportType)3,
                AuthenticationMode = (AuthenticationMode)9,
                ControlPlaneLogs = (ControlPlaneLogTypes)64,
            }));
    }

    [Fact]
    public void Rejects_a_cluster_name_EKS_would_refuse()
    {
        Assert.Equal(
            "TestStack/Cluster: ClusterName = \"-web\" is not valid; allowed: 1 to 100 letters, digits, '-' and '_', starting with a letter or digit.",
            ErrorOf(vpc => new KubernetesClusterProps { Vpc = vpc, ClusterName = "-web" }));
    }

    [Fact]
    public void Rejects_a_node_group_whose_maximum_is_below_its_minimum()
    {
        var error = Synth.Error(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), Compute = KubernetesCompute.None })
            .AddNodeGroup("Workers", new KubernetesNodeGroupOptions { MinSize = 5, MaxSize = 2, AmiType = (NodeAmiType)42 }));

        Assert.Equal(
            "TestStack/Cluster/Workers: AmiType = 42 is not valid; allowed: AmazonLinux2023Arm64, AmazonLinux2023Amd64, BottlerocketArm64, BottlerocketAmd64.",
            error.Message);
        Assert.Equal(
            "TestStack/Cluster/Workers: MaxSize = 2 is less than MinSize = 5; allowed: at least MinSize.",
            Synth.Error(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), Compute = KubernetesCompute.None })
                .AddNodeGroup("Workers", new KubernetesNodeGroupOptions { MinSize = 5, MaxSize = 2 })).Message);
    }

    [Fact]
    public void Lets_unresolved_tokens_pass_unchecked()
    {
        var json = Synth.Json(s =>
        {
            var cidr = new CfnParameter(s, "Cidr").ValueAsString;
            var cpu = new CfnParameter(s, "Cpu", new CfnParameterProps { Type = "Number" }).ValueAsNumber;
            var ns = new CfnParameter(s, "Namespace").ValueAsString;
            var cluster = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps
            {
                Vpc = LightVpc(s),
                KubectlLayer = Layer(s),
                AllowPublicEndpoint = true,
                PublicEndpointCidrs = [cidr],
                NodePools = [new AutoModeNodePool { Name = "pool", CpuLimit = cpu }],
            });
            cluster.AddPodIdentity("Reader", new KubernetesServiceAccountOptions { Name = "reader", Namespace = ns });
        });

        Synth.JsonEqual("""[{"Ref":"Cidr"}]""", Synth.Single(json, "AWS::EKS::Cluster")["Properties"]!["ResourcesVpcConfig"]!["PublicAccessCidrs"]);
        Synth.JsonEqual("""{"Ref":"Namespace"}""", Synth.Single(json, "AWS::EKS::PodIdentityAssociation")["Properties"]!["Namespace"]);
    }
}
