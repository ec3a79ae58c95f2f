using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using ContainerPatterns.Kubernetes;
using static ContainerPatterns.Tests.Kubernetes.KubernetesFixture;

namespace ContainerPatterns.Tests.Kubernetes;

/// <summary>
/// Inputs that passed synth and failed at deploy (or went silent): each is now a synth-time error naming the path, the
/// prop, the value and what is allowed, or accepted where it is valid (issue 16).
/// </summary>
public class KubernetesInputTests
{
    private static readonly string Nl = System.Environment.NewLine;

    private static KubernetesCluster AutoCluster(Stack s) =>
        new(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), KubectlLayer = Layer(s) });

    private static KubernetesCluster SelfManaged(Stack s, bool coreAddons = true) =>
        new(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), Compute = KubernetesCompute.None, CoreAddons = coreAddons, KubectlLayer = Layer(s) });

    [Theory]
    [InlineData("arn:aws:iam::1234:role/ops")]
    [InlineData("arn:aws:iam::123456789012:user/ops")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/ops/session")]
    public void Rejects_admin_role_ARNs_that_are_not_IAM_role_ARNs(string arn)
    {
        var error = Synth.Error(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps
        {
            Vpc = LightVpc(s),
            AdminRoles = [Role.FromRoleArn(s, "Ops", arn, new FromRoleArnOptions { Mutable = false })],
        }));

        Assert.Equal(
            $"TestStack/Cluster: AdminRoles[0] = \"{arn}\" is not valid; it is not an IAM role ARN; allowed: arn:PARTITION:iam::ACCOUNT:role/NAME with a 12-digit account (an access entry names the role, not a user or an assumed-role session).",
            error.Message);
    }

    [Fact]
    public void Accepts_admin_role_ARNs_with_a_path_or_of_another_partition()
    {
        var json = Synth.Json(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps
        {
            Vpc = LightVpc(s),
            AdminRoles =
            [
                Role.FromRoleArn(s, "Ops", "arn:aws:iam::123456789012:role/platform/ops", new FromRoleArnOptions { Mutable = false }),
                Role.FromRoleArn(s, "China", "arn:aws-cn:iam::123456789012:role/ops", new FromRoleArnOptions { Mutable = false }),
            ],
        }));

        Assert.Equal(2, Synth.Resources(json, "AWS::EKS::AccessEntry").Count);
    }

    [Fact]
    public void Rejects_public_subnets_for_the_cluster()
    {
        Assert.Equal(
            "TestStack/Cluster: VpcSubnets selects public subnets (subnet-00000000000000001, subnet-00000000000000002); the kubectl handler's Lambda functions get no public IP address there, so they cannot reach the EKS API; allowed: private subnets with egress (a NAT gateway) or with VPC endpoints for EKS and STS.",
            ErrorOf(vpc => new KubernetesClusterProps { Vpc = vpc, VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC } }));
    }

    [Fact]
    public void Rejects_public_subnets_for_an_imported_clusters_kubectl_handler()
    {
        var error = Synth.Error(s => KubernetesCluster.FromClusterAttributes(s, "Platform", new KubernetesClusterAttributes
        {
            ClusterName = "platform",
            Vpc = LightVpc(s),
            Version = KubernetesVersion.Of("1.35"),
            Compute = KubernetesCompute.None,
            ClusterSecurityGroupId = "sg-0123456789abcdef0",
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC },
        }));

        Assert.Equal(
            "TestStack/Platform: VpcSubnets selects public subnets (subnet-00000000000000001, subnet-00000000000000002); the kubectl handler's Lambda functions get no public IP address there, so they cannot reach the EKS API; allowed: private subnets with egress (a NAT gateway) or with VPC endpoints for EKS and STS.",
            error.Message);
    }

    [Fact]
    public void Rejects_a_VPC_with_one_Availability_Zone()
    {
        var error = Synth.Error(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps
        {
            Vpc = Vpc.FromVpcAttributes(s, "Vpc", new VpcAttributes
            {
                VpcId = "vpc-0123456789abcdef0",
                AvailabilityZones = ["eu-west-1a"],
                PrivateSubnetIds = ["subnet-00000000000000003"],
            }),
        }));

        Assert.Equal(
            "TestStack/Cluster: VpcSubnets selects subnets in 1 Availability Zone (eu-west-1a); EKS needs subnets in at least 2 Availability Zones; allowed: a VPC with subnets in two or more zones (e.g. ContainerNetwork's default of two).",
            error.Message);
    }

    [Fact]
    public void Reports_a_subnet_selection_the_VPC_cannot_serve_and_accepts_subnets_whose_zones_are_unknown()
    {
        Assert.Equal(
            "TestStack/Cluster: VpcSubnets selects no subnets of the VPC (There are no 'Isolated' subnet groups in this VPC. Available types: Deprecated_Private_NAT,Private,Deprecated_Private,Public); allowed: private subnets with egress in two or more Availability Zones.",
            ErrorOf(vpc => new KubernetesClusterProps { Vpc = vpc, VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED } }));

        var json = Synth.Json(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps
        {
            Vpc = LightVpc(s),
            VpcSubnets = new SubnetSelection { Subnets = [Subnet.FromSubnetId(s, "A", "subnet-0000000000000000a"), Subnet.FromSubnetId(s, "B", "subnet-0000000000000000b")] },
        }));
        Synth.JsonEqual("""["subnet-0000000000000000a","subnet-0000000000000000b"]""", Synth.Single(json, "AWS::EKS::Cluster")["Properties"]!["ResourcesVpcConfig"]!["SubnetIds"]);
    }

    [Fact]
    public void Rejects_a_secrets_key_of_another_region_when_the_stacks_region_is_known()
    {
        const string keyArn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
        var error = Assert.Throws<ArgumentException>(() =>
        {
            var s = Synth.NewStack(new StackProps { Env = new Amazon.CDK.Environment { Account = "123456789012", Region = "eu-west-1" } });
            _ = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), SecretsEncryptionKey = Key.FromKeyArn(s, "Key", keyArn) });
        });

        Assert.Equal(
            $"TestStack/Cluster: SecretsEncryptionKey = \"{keyArn}\" is not valid; the key is in us-east-1 and the cluster in eu-west-1; EKS envelope-encrypts secrets only with a KMS key of the cluster's region; allowed: a key in eu-west-1 (or leave it unset for a new one).",
            error.Message);

        // Without a concrete region nothing can be compared.
        var json = Synth.Json(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), SecretsEncryptionKey = Key.FromKeyArn(s, "Key", keyArn) }));
        Assert.Empty(Synth.Resources(json, "AWS::KMS::Key"));
    }

    [Fact]
    public void Rejects_node_pool_label_keys_that_are_not_qualified_names_or_use_a_restricted_domain()
    {
        var error = Synth.Error(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps
        {
            Vpc = LightVpc(s),
            NodePools =
            [
                new AutoModeNodePool
                {
                    Name = "pool",
                    Labels = new Dictionary<string, string>
                    {
                        ["tier name"] = "web",
                        ["Example.com/tier"] = "web",
                        ["karpenter.sh/nodepool"] = "pool",
                        ["node.karpenter.sh/team"] = "a",
                        ["kubernetes.io/hostname"] = "a",
                        ["karpenter.k8s.aws/instance-team"] = "a",
                        ["team"] = "platform team",
                        // Valid: a plain name, a prefixed one, and the well-known labels the CRD allows.
                        ["tier"] = "web",
                        ["example.com/tier"] = string.Empty,
                        ["karpenter.sh/capacity-type"] = "spot",
                        ["karpenter.k8s.aws/instance-family"] = "m7g",
                    },
                },
            ],
        }));

        const string key = "allowed: a Kubernetes label key, a name of 1 to 63 letters, digits, '-', '_' and '.' starting and ending with a letter or digit, optionally after a DNS subdomain prefix of at most 253 characters and a '/' (e.g. \"example.com/tier\").";
        const string domain = "which Karpenter's NodePool refuses in a pool's labels; allowed: a label of your own domain (e.g. \"example.com/tier\" or \"tier\").";
        Assert.Equal(
            "7 invalid props:" + Nl +
            $"  TestStack/Cluster: NodePools[0].Labels key = \"tier name\" is not valid; {key}" + Nl +
            $"  TestStack/Cluster: NodePools[0].Labels key = \"Example.com/tier\" is not valid; {key}" + Nl +
            $"  TestStack/Cluster: NodePools[0].Labels key = \"karpenter.sh/nodepool\" is not valid; the label \"karpenter.sh/nodepool\" is restricted, {domain}" + Nl +
            $"  TestStack/Cluster: NodePools[0].Labels key = \"node.karpenter.sh/team\" is not valid; its domain karpenter.sh is restricted, {domain}" + Nl +
            $"  TestStack/Cluster: NodePools[0].Labels key = \"kubernetes.io/hostname\" is not valid; the label \"kubernetes.io/hostname\" is restricted, {domain}" + Nl +
            $"  TestStack/Cluster: NodePools[0].Labels key = \"karpenter.k8s.aws/instance-team\" is not valid; its domain karpenter.k8s.aws is restricted, {domain}" + Nl +
            "  TestStack/Cluster: NodePools[0].Labels[\"team\"] = \"platform team\" is not valid; allowed: a Kubernetes label value, empty or 1 to 63 letters, digits, '-', '_' and '.' starting and ending with a letter or digit.",
            error.Message);
    }

    [Fact]
    public void Rejects_the_same_node_pool_name_or_construct_id_added_again_in_the_librarys_words()
    {
        Assert.Equal(
            "TestStack/Cluster/AddNodePool: pool.Name = \"web\" is not valid; another node pool has that name; each needs its own.",
            Synth.Error(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), NodePools = [new AutoModeNodePool { Name = "web" }] })
                .AddNodePool(new AutoModeNodePool { Name = "web" })).Message);
        Assert.Equal(
            "TestStack/Cluster/AddNodePool: pool.Name = \"web\" is not valid; another node pool has that name; each needs its own.",
            Synth.Error(s =>
            {
                var cluster = AutoCluster(s);
                cluster.AddNodePool(new AutoModeNodePool { Name = "web" });
                cluster.AddNodePool(new AutoModeNodePool { Name = "web" });
            }).Message);
        Assert.Equal(
            "TestStack/Cluster/AddNodePool: pool.Name = \"pool1\" is not valid; it makes the same construct id (NodePoolPool1) as node pool \"pool-1\"; choose a name that differs from it by more than its dashes.",
            Synth.Error(s =>
            {
                var cluster = AutoCluster(s);
                cluster.AddNodePool(new AutoModeNodePool { Name = "pool-1" });
                cluster.AddNodePool(new AutoModeNodePool { Name = "pool1" });
            }).Message);
        Assert.Equal(
            "TestStack/Karpenter: NodePools[1].Name = \"a-b\" is not valid; it makes the same construct id (NodePoolAB) as node pool \"a--b\"; choose a name that differs from it by more than its dashes.",
            Synth.Error(s => new Karpenter(s, "Karpenter", new KarpenterProps
            {
                Cluster = SelfManaged(s),
                NodePools = [new KarpenterNodePool { Name = "a--b" }, new KarpenterNodePool { Name = "a-b" }],
            })).Message);
    }

    [Fact]
    public void Rejects_a_Helm_chart_without_a_chart_at_version_latest_or_in_a_namespace_that_is_not_a_DNS_label()
    {
        var error = Synth.Error(s => AutoCluster(s).AddHelmChart("Metrics", new HelmChartOptions { Version = "latest", Namespace = "Kube_System" }));

        Assert.Equal(
            "3 invalid props:" + Nl +
            "  TestStack/Cluster/Metrics: Chart = null is not valid; it is required (or ChartAsset); allowed: the chart's name in Repository, or the whole oci:// reference of an OCI chart." + Nl +
            "  TestStack/Cluster/Metrics: Version = \"latest\" is not valid; Helm takes a chart version or a version range and has no version named latest; allowed: a version such as \"1.2.3\", a range such as \"~1.2\", or leave it unset for the newest." + Nl +
            "  TestStack/Cluster/Metrics: Namespace = \"Kube_System\" is not valid; a namespace name must be a DNS-1123 label; allowed: a DNS-1123 label (1 to 63 lower-case letters, digits and '-', starting and ending with a letter or digit).",
            error.Message);
    }

    [Fact]
    public void Accepts_a_Helm_chart_with_a_version_range_and_a_namespace_label()
    {
        var json = Synth.Json(s => AutoCluster(s).AddHelmChart("Metrics", new HelmChartOptions
        {
            Chart = "metrics-server",
            Repository = "https://kubernetes-sigs.github.io/metrics-server",
            Version = "~3.12",
            Namespace = "monitoring",
        }));

        Assert.Equal("~3.12", Synth.Single(json, "Custom::AWSCDK-EKS-HelmChart")["Properties"]!["Version"]!.GetValue<string>());
    }

    [Fact]
    public void Rejects_an_empty_manifest_a_null_object_and_one_without_kind()
    {
        Assert.Equal(
            "TestStack/Cluster/Empty: manifest is empty; allowed: one or more Kubernetes objects (an empty manifest applies nothing and deletes nothing).",
            Synth.Error(s => AutoCluster(s).AddManifest("Empty")).Message);
        Assert.Equal(
            "2 invalid props:" + Nl +
            "  TestStack/Cluster/Broken: manifest[0] is null; it is required: a Kubernetes object with apiVersion, kind and metadata." + Nl +
            "  TestStack/Cluster/Broken: manifest[1] has no kind; allowed: a Kubernetes object with apiVersion and kind, e.g. apiVersion = \"v1\", kind = \"ConfigMap\".",
            Synth.Error(s => AutoCluster(s).AddManifest("Broken", null!, new Dictionary<string, object> { ["apiVersion"] = "v1", ["metadata"] = new Dictionary<string, object> { ["name"] = "x" } })).Message);
    }

    [Fact]
    public void Rejects_node_group_instance_types_of_another_architecture_than_the_AMI_type()
    {
        var error = Synth.Error(s => SelfManaged(s).AddNodeGroup("Workers", new KubernetesNodeGroupOptions { InstanceTypes = ["m7g.large", "m7i.large", "c6gn.xlarge", "large"] }));

        Assert.Equal(
            "2 invalid props:" + Nl +
            "  TestStack/Cluster/Workers: InstanceTypes[1] = \"m7i.large\" is not valid; AmiType AmazonLinux2023Arm64 runs on Arm64 (AWS Graviton) instances and m7i is an x86_64 family; allowed: Graviton instance types (a \"g\" after the generation, e.g. \"m7g.large\", or a1), or an Amd64 AmiType." + Nl +
            "  TestStack/Cluster/Workers: InstanceTypes[3] = \"large\" is not valid; allowed: an EC2 instance type, FAMILY.SIZE such as \"m7g.large\".",
            error.Message);
        Assert.Equal(
            "TestStack/Cluster/Workers: InstanceTypes[0] = \"t4g.medium\" is not valid; AmiType BottlerocketAmd64 runs on x86_64 instances and t4g is an AWS Graviton (Arm64) family; allowed: x86_64 instance types (e.g. \"m7i.large\"), or an Arm64 AmiType.",
            Synth.Error(s => SelfManaged(s).AddNodeGroup("Workers", new KubernetesNodeGroupOptions { AmiType = NodeAmiType.BottlerocketAmd64, InstanceTypes = ["t4g.medium", "g5.xlarge", "m7i-flex.large"] })).Message);
    }

    [Fact]
    public void Rejects_the_same_service_account_twice_on_a_cluster()
    {
        var error = Synth.Error(s =>
        {
            var cluster = AutoCluster(s);
            cluster.AddPodIdentity("Reader", new KubernetesServiceAccountOptions { Name = "reader", Namespace = "apps" });
            cluster.AddIrsaServiceAccount("Legacy", new KubernetesServiceAccountOptions { Name = "reader", Namespace = "apps" });
        });

        Assert.Equal(
            "TestStack/Cluster/Legacy: Name = \"reader\" is not valid; the service account apps/reader on TestStack/Cluster is already TestStack/Cluster/Reader's, and a service account has one IAM identity (EKS allows one Pod Identity association per service account); allowed: another name or namespace, or reuse TestStack/Cluster/Reader.",
            error.Message);

        // The same name in another namespace is another service account.
        var json = Synth.Json(s =>
        {
            var cluster = AutoCluster(s);
            cluster.AddPodIdentity("Reader", new KubernetesServiceAccountOptions { Name = "reader", Namespace = "apps" });
            cluster.AddPodIdentity("OtherReader", new KubernetesServiceAccountOptions { Name = "reader", Namespace = "jobs" });
        });
        Assert.Equal(2, Synth.Resources(json, "AWS::EKS::PodIdentityAssociation").Count);
    }

    [Fact]
    public void Rejects_a_given_role_of_this_app_that_does_not_trust_the_Pod_Identity_service()
    {
        var error = Synth.Error(s =>
        {
            var role = new Role(s, "AppRole", new RoleProps { AssumedBy = new ServicePrincipal("pods.eks.amazonaws.com") });
            _ = new PodIdentityServiceAccount(s, "Reader", new PodIdentityServiceAccountProps { Cluster = AutoCluster(s), Name = "reader", Role = role });
        });

        Assert.Equal(
            "TestStack/Reader: Role = \"TestStack/AppRole\" is not valid; its trust policy does not let pods.eks.amazonaws.com call sts:AssumeRole and sts:TagSession, so EKS Pod Identity cannot give its credentials to the pods; allowed: a role whose trust has that statement (AssumedBy = new ServicePrincipal(\"pods.eks.amazonaws.com\").WithSessionTags()), or leave Role unset for a new one.",
            error.Message);
        Assert.Contains("Role = \"TestStack/AppRole\" is not valid", Synth.Error(s =>
        {
            var role = new Role(s, "AppRole", new RoleProps { AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com").WithSessionTags() });
            _ = new PodIdentityServiceAccount(s, "Reader", new PodIdentityServiceAccountProps { Cluster = AutoCluster(s), Name = "reader", Role = role });
        }).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_a_given_role_that_trusts_the_Pod_Identity_service_and_an_imported_one()
    {
        var json = Synth.Json(s =>
        {
            var cluster = AutoCluster(s);
            var trusting = new Role(s, "AppRole", new RoleProps
            {
                AssumedBy = new CompositePrincipal(new ServicePrincipal("pods.eks.amazonaws.com").WithSessionTags(), new ServicePrincipal("ecs-tasks.amazonaws.com")),
            });
            _ = new PodIdentityServiceAccount(s, "Reader", new PodIdentityServiceAccountProps { Cluster = cluster, Name = "reader", Role = trusting });
            _ = new PodIdentityServiceAccount(s, "Writer", new PodIdentityServiceAccountProps { Cluster = cluster, Name = "writer", Role = Role.FromRoleArn(s, "Imported", "arn:aws:iam::123456789012:role/writer") });
        });

        Assert.Equal(2, Synth.Resources(json, "AWS::EKS::PodIdentityAssociation").Count);
    }

    [Fact]
    public void Warns_when_a_Pod_Identity_service_account_is_on_a_cluster_without_the_agent()
    {
        var stack = Synth.NewStack();
        var cluster = SelfManaged(stack, coreAddons: false);
        cluster.AddPodIdentity("Reader", new KubernetesServiceAccountOptions { Name = "reader", Namespace = "apps" });
        var annotations = Amazon.CDK.Assertions.Annotations.FromStack(stack);

        annotations.HasWarning("/TestStack/Cluster/Reader", $"The service account apps/reader acts through EKS Pod Identity, but TestStack/Cluster does not install the eks-pod-identity-agent add-on (CoreAddons = false, or an imported cluster without PodIdentityAgent = true): install it, or use an IrsaServiceAccount. [ack: {PodIdentityServiceAccount.NoPodIdentityAgentWarningId}]");

        foreach (var withAgent in new Func<Stack, IKubernetesCluster>[] { s => SelfManaged(s), AutoCluster })
        {
            var quiet = Synth.NewStack();
            withAgent(quiet).AddPodIdentity("Reader", new KubernetesServiceAccountOptions { Name = "reader" });
            Amazon.CDK.Assertions.Annotations.FromStack(quiet).HasNoWarning("*", Amazon.CDK.Assertions.Match.StringLikeRegexp(".*eks-pod-identity-agent.*"));
        }
    }
}
