using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using ContainerPatterns.Internal;
using ContainerPatterns.Kubernetes;
using static ContainerPatterns.Tests.Kubernetes.KubernetesFixture;

namespace ContainerPatterns.Tests.Kubernetes;

public class KubectlAndIdentityTests
{
    private static JsonObject Auto => AutoMode.Value;

    private static string Id(JsonObject template, string type, string prefix) =>
        Synth.Resources(template, type).Single(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).Key;

    [Fact]
    public void Kubectl_role_trusts_only_the_handler_role_and_is_cluster_admin_through_an_access_entry()
    {
        var handlerRole = Id(Auto, "AWS::IAM::Role", "ClusterKubectlHandlerRole");
        var kubectlRole = Resource(Auto, "AWS::IAM::Role", "ClusterKubectlRole");
        var kubectlRoleId = Id(Auto, "AWS::IAM::Role", "ClusterKubectlRole");
        var clusterId = Synth.Resources(Auto, "AWS::EKS::Cluster").Single().Key;

        Synth.JsonEqual($$$$"""
            {"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"AWS":{"Fn::GetAtt":["{{{{handlerRole}}}}","Arn"]}}}],"Version":"2012-10-17"}
            """, kubectlRole["Properties"]!["AssumeRolePolicyDocument"]);
        Synth.JsonEqual($$$$"""
            {
              "AccessPolicies": [{"AccessScope":{"Type":"cluster"},"PolicyArn":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"]]}}],
              "ClusterName": {"Ref":"{{{{clusterId}}}}"},
              "PrincipalArn": {"Fn::GetAtt":["{{{{kubectlRoleId}}}}","Arn"]},
              "Type": "STANDARD"
            }
            """, Resource(Auto, "AWS::EKS::AccessEntry", "ClusterKubectlAccessEntry")["Properties"]);
    }

    [Fact]
    public void Control_plane_admits_the_kubectl_handler_on_443()
    {
        var controlPlane = Id(Auto, "AWS::EC2::SecurityGroup", "ClusterControlPlaneSecurityGroup");
        var handler = Id(Auto, "AWS::EC2::SecurityGroup", "ClusterKubectlSecurityGroup");

        Synth.JsonEqual($$$$"""
            {"Description":"kubectl handler to the Kubernetes API","FromPort":443,"GroupId":{"Fn::GetAtt":["{{{{controlPlane}}}}","GroupId"]},"IpProtocol":"tcp","SourceSecurityGroupId":{"Fn::GetAtt":["{{{{handler}}}}","GroupId"]},"ToPort":443}
            """, Resource(Auto, "AWS::EC2::SecurityGroupIngress", "ClusterKubectlApiIngress")["Properties"]);
        Synth.JsonEqual($$$$"""[{"Fn::GetAtt":["{{{{controlPlane}}}}","GroupId"]}]""", Synth.Single(Auto, "AWS::EKS::Cluster")["Properties"]!["ResourcesVpcConfig"]!["SecurityGroupIds"]);
    }

    [Fact]
    public void Kubectl_provider_waits_for_the_access_entry_the_ingress_rule_and_the_cluster()
    {
        var provider = Synth.Single(Auto, "AWS::CloudFormation::Stack");
        var dependsOn = provider["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()).ToArray();

        Assert.Contains(Id(Auto, "AWS::EKS::AccessEntry", "ClusterKubectlAccessEntry"), dependsOn);
        Assert.Contains(Id(Auto, "AWS::EC2::SecurityGroupIngress", "ClusterKubectlApiIngress"), dependsOn);
        Assert.Contains(Synth.Resources(Auto, "AWS::EKS::Cluster").Single().Key, dependsOn);
    }

    [Fact]
    public void Every_manifest_goes_through_the_provider_as_the_kubectl_role()
    {
        var providerId = Synth.Resources(Auto, "AWS::CloudFormation::Stack").Single().Key;
        var kubectlRole = Id(Auto, "AWS::IAM::Role", "ClusterKubectlRole");
        var manifests = Synth.Resources(Auto, "Custom::AWSCDK-EKS-KubernetesResource").Values.ToList();

        Assert.Equal(4, manifests.Count); // two node pools and two service accounts
        Assert.All(manifests, m =>
        {
            Assert.Contains($"\"{providerId}\"", m["Properties"]!["ServiceToken"]!.ToJsonString(), StringComparison.Ordinal);
            Synth.JsonEqual($$$$"""{"Fn::GetAtt":["{{{{kubectlRole}}}}","Arn"]}""", m["Properties"]!["RoleArn"]);
        });
    }

    [Fact]
    public void Kubectl_handler_runs_in_the_cluster_subnets_with_its_security_group_and_the_given_layer()
    {
        var stack = Synth.NewStack();
        var cluster = new KubernetesCluster(stack, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(stack), KubectlLayer = Layer(stack) });
        _ = cluster.KubectlCluster;
        var provider = (Stack)cluster.Node.FindChild("Kubectl").Node.FindChild("Provider");
        var nested = Synth.ToJson(Template.FromStack(provider));
        var handler = Synth.Resources(nested, "AWS::Lambda::Function").Values.Single(f => f["Properties"]!["Layers"] is not null);

        Assert.Equal(2, handler["Properties"]!["VpcConfig"]!["SubnetIds"]!.AsArray().Count);
        Assert.Single(handler["Properties"]!["VpcConfig"]!["SecurityGroupIds"]!.AsArray());
        Assert.Contains(LayerArn, handler["Properties"]!["Layers"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.NotNull(cluster.KubectlRole);
    }

    [Fact]
    public void Pod_Identity_role_trusts_EKS_pods_with_session_tags_and_is_associated_with_the_service_account()
    {
        var role = Resource(Auto, "AWS::IAM::Role", "ClusterReaderRole");
        var roleId = Id(Auto, "AWS::IAM::Role", "ClusterReaderRole");
        var clusterId = Synth.Resources(Auto, "AWS::EKS::Cluster").Single().Key;

        Synth.JsonEqual("""
            {"Statement":[{"Action":["sts:AssumeRole","sts:TagSession"],"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"}}],"Version":"2012-10-17"}
            """, role["Properties"]!["AssumeRolePolicyDocument"]);
        Synth.JsonEqual($$$$"""
            {"ClusterName":{"Ref":"{{{{clusterId}}}}"},"Namespace":"apps","RoleArn":{"Fn::GetAtt":["{{{{roleId}}}}","Arn"]},"ServiceAccount":"reader"}
            """, Synth.Single(Auto, "AWS::EKS::PodIdentityAssociation")["Properties"]);
        Synth.JsonEqual("""[{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"reader","namespace":"apps"}}]""",
            Manifest(Resource(Auto, "Custom::AWSCDK-EKS-KubernetesResource", "ClusterReaderServiceAccount")));
    }

    [Fact]
    public void IRSA_role_trust_pins_sub_to_the_service_account_and_aud_to_STS()
    {
        var oidcId = Synth.Resources(Auto, "AWS::IAM::OIDCProvider").Single().Key;
        var clusterId = Synth.Resources(Auto, "AWS::EKS::Cluster").Single().Key;
        var trust = Resource(Auto, "AWS::IAM::Role", "ClusterLegacyRole")["Properties"]!["AssumeRolePolicyDocument"]!["Fn::Sub"]!.AsArray();

        Synth.JsonEqual("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"${ProviderArn}"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"${Issuer}:aud":"sts.amazonaws.com","${Issuer}:sub":"${Subject}"}}}]}
            """, JsonNode.Parse(trust[0]!.GetValue<string>()));
        Synth.JsonEqual($$$$"""
            {
              "ProviderArn": {"Fn::GetAtt":["{{{{oidcId}}}}","Arn"]},
              "Issuer": {"Fn::Select":[1,{"Fn::Split":["https://",{"Fn::GetAtt":["{{{{clusterId}}}}","OpenIdConnectIssuerUrl"]}]}]},
              "Subject": "system:serviceaccount:apps:legacy"
            }
            """, trust[1]);
        Synth.JsonEqual($$$$"""{"ClientIdList":["sts.amazonaws.com"],"Url":{"Fn::GetAtt":["{{{{clusterId}}}}","OpenIdConnectIssuerUrl"]}}""",
            Synth.Single(Auto, "AWS::IAM::OIDCProvider")["Properties"]);
    }

    [Fact]
    public void IRSA_service_account_is_annotated_with_its_role()
    {
        var roleId = Id(Auto, "AWS::IAM::Role", "ClusterLegacyRole");

        Synth.JsonEqual($$$$"""
            [{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"legacy","namespace":"apps","annotations":{"eks.amazonaws.com/role-arn":"<{{{{roleId}}}}.Arn>"}}}]
            """, Manifest(Resource(Auto, "Custom::AWSCDK-EKS-KubernetesResource", "ClusterLegacyServiceAccount")));
    }

    [Fact]
    public void Service_account_helpers_are_grantable_through_their_role()
    {
        var stack = Synth.NewStack();
        var cluster = new KubernetesCluster(stack, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(stack), KubectlLayer = Layer(stack) });
        var pods = cluster.AddPodIdentity("Pods", new KubernetesServiceAccountOptions { Name = "pods", CreateServiceAccount = false });
        var irsa = cluster.AddIrsaServiceAccount("Irsa", new KubernetesServiceAccountOptions { Name = "irsa", CreateServiceAccount = false });

        Assert.Same(pods.Role, pods.GrantPrincipal);
        Assert.Same(irsa.Role, irsa.GrantPrincipal);
        Assert.Equal("default", pods.Namespace);
        Assert.Null(pods.ServiceAccount);
        Assert.Null(irsa.ServiceAccount);
        Assert.Equal(cluster.OpenIdConnectProvider!.AttrArn, ((IKubernetesCluster)cluster).OpenIdConnect()!.Value.ProviderArn);
    }

    [Fact]
    public void Ships_the_kubectl_layer_for_the_default_version_as_an_asset()
    {
        var stack = Synth.NewStack();
        var cluster = new KubernetesCluster(stack, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(stack) });
        cluster.AddManifest("Namespace", new Dictionary<string, object> { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new Dictionary<string, object> { ["name"] = "apps" } });
        var assembly = ((App)stack.Node.Root).Synth();
        var layer = Synth.Single(Synth.ToJson(Template.FromStack(stack)), "AWS::Lambda::LayerVersion");
        var key = layer["Properties"]!["Content"]!["S3Key"]!.GetValue<string>();

        Assert.Equal($"kubectl 1.36.3 and Helm 4.2.3 ({ShippedKubectlLayer.PackageId})", layer["Properties"]!["Description"]!.GetValue<string>());
        KubernetesClusterTests.AssertZipHoldsKubectl(Path.Combine(assembly.Directory, "asset." + key));
    }
}
