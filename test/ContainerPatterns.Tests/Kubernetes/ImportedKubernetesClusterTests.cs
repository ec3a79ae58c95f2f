using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.EKS;
using ContainerPatterns.Kubernetes;
using static ContainerPatterns.Tests.Kubernetes.KubernetesFixture;

namespace ContainerPatterns.Tests.Kubernetes;

/// <summary>
/// <see cref="KubernetesCluster.FromClusterAttributes"/>: Karpenter, the load balancer controller and both service accounts
/// on a cluster defined elsewhere, through the same kubectl access as a cluster of this app.
/// </summary>
public class ImportedKubernetesClusterTests
{
    private const string ProviderArn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE";
    private const string IssuerUrl = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE";

    private static readonly Lazy<JsonObject> Everything = new(() => Synth.Json(s =>
    {
        var cluster = Imported(s);
        _ = new Karpenter(s, "Karpenter", new KarpenterProps { Cluster = cluster });
        _ = new AwsLoadBalancerController(s, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = cluster, Identity = ServiceAccountIdentity.Irsa });
        cluster.AddPodIdentity("Reader", new KubernetesServiceAccountOptions { Name = "reader", Namespace = "apps" });
        cluster.AddIrsaServiceAccount("Legacy", new KubernetesServiceAccountOptions { Name = "legacy", Namespace = "apps" });
    }));

    private static IKubernetesCluster Imported(Stack s, Func<KubernetesClusterAttributes, KubernetesClusterAttributes>? change = null)
    {
        var attributes = new KubernetesClusterAttributes
        {
            ClusterName = "platform",
            Vpc = LightVpc(s),
            Version = KubernetesVersion.Of("1.35"),
            Compute = KubernetesCompute.None,
            ClusterSecurityGroupId = "sg-0123456789abcdef0",
            OpenIdConnectProviderArn = ProviderArn,
            OpenIdConnectIssuerUrl = IssuerUrl,
            PodIdentityAgent = true,
            KubectlLayer = Layer(s),
        };
        return KubernetesCluster.FromClusterAttributes(s, "Platform", change?.Invoke(attributes) ?? attributes);
    }

    [Fact]
    public void Gives_the_kubectl_handler_cluster_admin_on_the_imported_cluster_and_443_on_its_security_group()
    {
        var json = Everything.Value;
        var entry = Resource(json, "AWS::EKS::AccessEntry", "PlatformKubectlAccessEntry")["Properties"]!;
        Assert.Equal("platform", entry["ClusterName"]!.GetValue<string>());
        Assert.Equal("arn:", entry["AccessPolicies"]![0]!["PolicyArn"]!["Fn::Join"]![1]![0]!.GetValue<string>());
        var ingress = Resource(json, "AWS::EC2::SecurityGroupIngress", "PlatformKubectlApiIngress")["Properties"]!;
        Assert.Equal("sg-0123456789abcdef0", ingress["GroupId"]!.GetValue<string>());
        Assert.Equal(443, ingress["FromPort"]!.GetValue<int>());
        Assert.Equal(443, ingress["ToPort"]!.GetValue<int>());
        Assert.StartsWith("PlatformKubectlSecurityGroup", ingress["SourceSecurityGroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Synth.Resources(json, "AWS::EKS::Cluster"));
    }

    [Fact]
    public void Runs_Karpenter_on_the_imported_cluster_by_its_name_and_security_group()
    {
        var json = Everything.Value;
        Assert.Equal("platform", Resource(json, "AWS::EKS::AccessEntry", "KarpenterNodeAccess")["Properties"]!["ClusterName"]!.GetValue<string>());
        Assert.Equal("platform", Resource(json, "AWS::EKS::Nodegroup", "KarpenterControllerNodes")["Properties"]!["ClusterName"]!.GetValue<string>());
        Assert.Equal("platform", Resource(json, "AWS::EKS::PodIdentityAssociation", "KarpenterControllerIdentity")["Properties"]!["ClusterName"]!.GetValue<string>());
        var ingress = Synth.Resources(json, "AWS::EC2::SecurityGroupIngress").Values.Select(r => r["Properties"]!).ToList();
        Assert.Contains(ingress, p => p["GroupId"] is JsonValue g && g.GetValue<string>() == "sg-0123456789abcdef0" && p["Description"]!.GetValue<string>() == "Karpenter nodes to the control plane and managed nodes");
        // Karpenter 1.14.1 supports Kubernetes 1.35, the version the attributes state.
        Assert.Contains("\"1.14.1\"", Resource(json, "Custom::AWSCDK-EKS-HelmChart", "KarpenterChart")["Properties"]!["Version"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Trusts_the_given_OIDC_provider_for_IRSA_and_pins_the_subject()
    {
        var json = Everything.Value;
        var trust = Resource(json, "AWS::IAM::Role", "PlatformLegacyRole")["Properties"]!["AssumeRolePolicyDocument"]!["Fn::Sub"]!;
        Assert.Equal(ProviderArn, trust[1]!["ProviderArn"]!.GetValue<string>());
        Assert.Equal("system:serviceaccount:apps:legacy", trust[1]!["Subject"]!.GetValue<string>());
        // CloudFormation's Fn::Select over Fn::Split of a literal, resolved at synth: the issuer without its scheme.
        Assert.Equal("oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE", trust[1]!["Issuer"]!.GetValue<string>());
        Assert.Empty(Synth.Resources(json, "AWS::IAM::OIDCProvider"));
        Assert.Equal("platform", Resource(json, "AWS::EKS::PodIdentityAssociation", "PlatformReaderAssociation")["Properties"]!["ClusterName"]!.GetValue<string>());
    }

    [Fact]
    public void Warns_about_Pod_Identity_on_an_imported_cluster_not_said_to_run_the_agent()
    {
        var stack = Synth.NewStack();
        var cluster = Imported(stack, a => new KubernetesClusterAttributes
        {
            ClusterName = a.ClusterName, Vpc = a.Vpc, Version = a.Version, Compute = a.Compute, ClusterSecurityGroupId = a.ClusterSecurityGroupId, KubectlLayer = a.KubectlLayer,
        });
        _ = new AwsLoadBalancerController(stack, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = cluster });
        Amazon.CDK.Assertions.Annotations.FromStack(stack).HasWarning("/TestStack/LoadBalancers", Match.StringLikeRegexp("acts through EKS Pod Identity, but TestStack/Platform does not install the eks-pod-identity-agent add-on"));
    }

    [Fact]
    public void Rejects_IRSA_on_a_cluster_imported_without_its_OIDC_provider() => Assert.Equal(
        "TestStack/Platform/Legacy: the cluster TestStack/Platform was imported without its IAM OIDC provider, which IRSA needs; give KubernetesClusterAttributes.OpenIdConnectProviderArn and OpenIdConnectIssuerUrl, or use a PodIdentityServiceAccount.",
        Synth.Error(s => Imported(s, a => new KubernetesClusterAttributes
        {
            ClusterName = a.ClusterName, Vpc = a.Vpc, Version = a.Version, Compute = a.Compute, ClusterSecurityGroupId = a.ClusterSecurityGroupId, KubectlLayer = a.KubectlLayer,
        }).AddIrsaServiceAccount("Legacy", new KubernetesServiceAccountOptions { Name = "legacy" })).Message);

    [Fact]
    public void Rejects_Karpenter_on_an_imported_Auto_Mode_cluster() => Assert.Equal(
        "TestStack/Karpenter: Cluster.Compute = \"AutoMode\" is not valid; EKS Auto Mode runs a Karpenter of its own, and a second one would fight it over the nodes; allowed: a cluster with Compute = KubernetesCompute.None.",
        Synth.Error(s => new Karpenter(s, "Karpenter", new KarpenterProps
        {
            Cluster = Imported(s, a => new KubernetesClusterAttributes
            {
                ClusterName = a.ClusterName, Vpc = a.Vpc, Version = a.Version, Compute = KubernetesCompute.AutoMode, ClusterSecurityGroupId = a.ClusterSecurityGroupId, KubectlLayer = a.KubectlLayer,
            }),
        })).Message);

    [Fact]
    public void Rejects_attributes_EKS_would_not_have() => Assert.Equal(
        string.Join(System.Environment.NewLine,
            "6 invalid props:",
            "  TestStack/Platform: ClusterName = \"-platform\" is not valid; allowed: 1 to 100 letters, digits, '-' and '_', starting with a letter or digit.",
            "  TestStack/Platform: Version = \"1.33\" is not valid; the shipped kubectl layer (ContainerPatterns.KubectlV36, kubectl 1.36) serves Kubernetes 1.35 to 1.37; pass a KubectlLayer with a matching kubectl.",
            "  TestStack/Platform: Compute = (KubernetesCompute)9 is not valid; allowed: AutoMode, None.",
            "  TestStack/Platform: ClusterSecurityGroupId = \"sg-123\" is not valid; allowed: a security group id, \"sg-\" and 8 or 17 hexadecimal digits.",
            "  TestStack/Platform: OpenIdConnectProviderArn = \"arn:aws:iam::123:oidc-provider/x\" is not valid; allowed: an IAM OIDC provider ARN, arn:aws:iam::123456789012:oidc-provider/oidc.eks.REGION.amazonaws.com/id/ID.",
            "  TestStack/Platform: OpenIdConnectIssuerUrl = \"oidc.eks.eu-west-1.amazonaws.com/id/X\" is not valid; allowed: the cluster's issuer URL, starting with https:// (e.g. https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE)."),
        Synth.Error(s => KubernetesCluster.FromClusterAttributes(s, "Platform", new KubernetesClusterAttributes
        {
            ClusterName = "-platform",
            Vpc = LightVpc(s),
            Version = KubernetesVersion.Of("1.33"),
            Compute = (KubernetesCompute)9,
            ClusterSecurityGroupId = "sg-123",
            OpenIdConnectProviderArn = "arn:aws:iam::123:oidc-provider/x",
            OpenIdConnectIssuerUrl = "oidc.eks.eu-west-1.amazonaws.com/id/X",
        })).Message);

    [Fact]
    public void Rejects_an_OIDC_provider_without_its_issuer() => Assert.Equal(
        "TestStack/Platform: OpenIdConnectProviderArn and OpenIdConnectIssuerUrl go together (IRSA needs both); give both or neither.",
        Synth.Error(s => Imported(s, a => new KubernetesClusterAttributes
        {
            ClusterName = a.ClusterName, Vpc = a.Vpc, Version = a.Version, Compute = a.Compute, ClusterSecurityGroupId = a.ClusterSecurityGroupId, KubectlLayer = a.KubectlLayer,
            OpenIdConnectProviderArn = ProviderArn,
        })).Message);

    [Fact]
    public void Lets_tokens_pass_unchecked()
    {
        var json = Synth.Json(s =>
        {
            var name = new CfnParameter(s, "ClusterName").ValueAsString;
            var group = new CfnParameter(s, "ClusterSecurityGroup").ValueAsString;
            var cluster = KubernetesCluster.FromClusterAttributes(s, "Platform", new KubernetesClusterAttributes
            {
                ClusterName = name, Vpc = LightVpc(s), Version = KubernetesVersion.Of("1.36"), Compute = KubernetesCompute.None, ClusterSecurityGroupId = group, KubectlLayer = Layer(s),
            });
            cluster.AddPodIdentity("Reader", new KubernetesServiceAccountOptions { Name = "reader" });
        });
        Synth.JsonEqual("""{"Ref":"ClusterName"}""", Resource(json, "AWS::EKS::PodIdentityAssociation", "PlatformReaderAssociation")["Properties"]!["ClusterName"]);
    }
}
