using System.IO.Compression;
using System.Text.Json.Nodes;
using Amazon.CDK;
using ContainerPatterns.Kubernetes;
using static ContainerPatterns.Tests.Kubernetes.KubernetesFixture;

namespace ContainerPatterns.Tests.Kubernetes;

public class KubernetesClusterTests
{
    private static JsonObject Auto => AutoMode.Value;

    private static JsonObject None => SelfManaged.Value;

    private static JsonNode ClusterProps(JsonObject template) => Synth.Single(template, "AWS::EKS::Cluster")["Properties"]!;

    private static JsonObject RoleWithTrust(JsonObject template, string service) =>
        Assert.Single(Synth.Resources(template, "AWS::IAM::Role").Values,
            r => r["Properties"]!["AssumeRolePolicyDocument"]!.ToJsonString().Contains($"\"{service}\"", StringComparison.Ordinal));

    [Fact]
    public void Turns_on_Auto_Mode_compute_storage_and_load_balancing_together_with_the_node_role()
    {
        var props = ClusterProps(Auto);
        var nodeRole = Synth.Resources(Auto, "AWS::IAM::Role").Single(r => r.Key.StartsWith("ClusterNodeRole", StringComparison.Ordinal)).Key;

        Synth.JsonEqual($$$$"""{"Enabled":true,"NodePools":["general-purpose","system"],"NodeRoleArn":{"Fn::GetAtt":["{{{{nodeRole}}}}","Arn"]}}""", props["ComputeConfig"]);
        Synth.JsonEqual("""{"BlockStorage":{"Enabled":true}}""", props["StorageConfig"]);
        Synth.JsonEqual("""{"ElasticLoadBalancing":{"Enabled":true}}""", props["KubernetesNetworkConfig"]);
        Synth.JsonEqual("false", props["BootstrapSelfManagedAddons"]);
    }

    [Fact]
    public void Uses_Kubernetes_1_36_with_the_standard_support_upgrade_policy_by_default()
    {
        var props = ClusterProps(Auto);

        Assert.Equal("1.36", props["Version"]!.GetValue<string>());
        Synth.JsonEqual("""{"SupportType":"STANDARD"}""", props["UpgradePolicy"]);
    }

    [Fact]
    public void Gives_access_through_access_entries_only_and_none_to_the_deployer()
    {
        Synth.JsonEqual("""{"AuthenticationMode":"API","BootstrapClusterCreatorAdminPermissions":false}""", ClusterProps(Auto)["AccessConfig"]);
    }

    [Fact]
    public void Cluster_role_trusts_EKS_with_session_tags_and_has_the_Auto_Mode_policies()
    {
        var role = RoleWithTrust(Auto, "eks.amazonaws.com");

        Synth.JsonEqual("""
            {"Statement":[{"Action":["sts:AssumeRole","sts:TagSession"],"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"}}],"Version":"2012-10-17"}
            """, role["Properties"]!["AssumeRolePolicyDocument"]);
        Assert.Equal(
            ["AmazonEKSClusterPolicy", "AmazonEKSComputePolicy", "AmazonEKSBlockStoragePolicy", "AmazonEKSLoadBalancingPolicy", "AmazonEKSNetworkingPolicy"],
            ManagedPolicyNames(role));
    }

    [Fact]
    public void Node_role_trusts_EC2_and_has_the_minimal_node_policies()
    {
        var role = RoleWithTrust(Auto, "ec2.amazonaws.com");

        Synth.JsonEqual("""
            {"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"}}],"Version":"2012-10-17"}
            """, role["Properties"]!["AssumeRolePolicyDocument"]);
        Assert.Equal(["AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryPullOnly"], ManagedPolicyNames(role));
    }

    [Fact]
    public void Without_Auto_Mode_turns_the_three_settings_off_and_creates_no_Auto_Mode_node_role()
    {
        var props = ClusterProps(None);

        Synth.JsonEqual("""{"Enabled":false}""", props["ComputeConfig"]);
        Synth.JsonEqual("""{"BlockStorage":{"Enabled":false}}""", props["StorageConfig"]);
        Synth.JsonEqual("""{"ElasticLoadBalancing":{"Enabled":false}}""", props["KubernetesNetworkConfig"]);
        Assert.Equal(["AmazonEKSClusterPolicy"], ManagedPolicyNames(RoleWithTrust(None, "eks.amazonaws.com")));
        Assert.DoesNotContain(Synth.Resources(None, "AWS::IAM::Role").Keys, k => k.StartsWith("ClusterNodeRole", StringComparison.Ordinal));
    }

    [Fact]
    public void Gives_each_admin_role_cluster_admin_through_an_access_entry()
    {
        var entries = Synth.Resources(Auto, "AWS::EKS::AccessEntry").Values
            .Where(e => e["Properties"]!["PrincipalArn"]!.ToJsonString().Contains(OpsRoleArn, StringComparison.Ordinal)).ToList();
        var clusterId = Synth.Resources(Auto, "AWS::EKS::Cluster").Single().Key;

        Synth.JsonEqual($$$$"""
            {
              "AccessPolicies": [{"AccessScope":{"Type":"cluster"},"PolicyArn":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"]]}}],
              "ClusterName": {"Ref":"{{{{clusterId}}}}"},
              "PrincipalArn": "{{{{OpsRoleArn}}}}",
              "Type": "STANDARD"
            }
            """, Assert.Single(entries)["Properties"]);
    }

    [Fact]
    public void Sends_all_five_control_plane_log_types_to_a_retained_log_group_kept_30_days()
    {
        var props = ClusterProps(Auto);
        var group = Synth.Single(Auto, "AWS::Logs::LogGroup");

        Synth.JsonEqual("""{"ClusterLogging":{"EnabledTypes":[{"Type":"api"},{"Type":"audit"},{"Type":"authenticator"},{"Type":"controllerManager"},{"Type":"scheduler"}]}}""", props["Logging"]);
        Assert.Equal($"/aws/eks/{props["Name"]!.GetValue<string>()}/cluster", group["Properties"]!["LogGroupName"]!.GetValue<string>());
        Assert.Equal(30, group["Properties"]!["RetentionInDays"]!.GetValue<int>());
        Assert.Equal("Retain", group["DeletionPolicy"]!.GetValue<string>());
        Assert.Contains(Synth.Resources(Auto, "AWS::Logs::LogGroup").Single().Key, Synth.Single(Auto, "AWS::EKS::Cluster")["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public void Names_the_cluster_from_its_path_within_the_EKS_name_limit()
    {
        var name = ClusterProps(Auto)["Name"]!.GetValue<string>();

        Assert.StartsWith("TestStackCluster", name, StringComparison.Ordinal);
        Assert.InRange(name.Length, 1, 100);
    }

    [Fact]
    public void Envelope_encrypts_secrets_with_a_rotating_retained_key_the_cluster_role_may_use()
    {
        var keys = Synth.Resources(Auto, "AWS::KMS::Key");
        var (keyId, key) = Assert.Single(keys);
        var clusterRole = Synth.Resources(Auto, "AWS::IAM::Role").Single(r => r.Key.StartsWith("ClusterClusterRole", StringComparison.Ordinal)).Key;
        var policy = Synth.Resources(Auto, "AWS::IAM::Policy").Values.Single(p => p["Properties"]!["Roles"]!.ToJsonString().Contains(clusterRole, StringComparison.Ordinal));

        Synth.JsonEqual($$$$"""[{"Provider":{"KeyArn":{"Fn::GetAtt":["{{{{keyId}}}}","Arn"]}},"Resources":["secrets"]}]""", ClusterProps(Auto)["EncryptionConfig"]);
        Assert.True(key["Properties"]!["EnableKeyRotation"]!.GetValue<bool>());
        Assert.Equal("Retain", key["DeletionPolicy"]!.GetValue<string>());
        Synth.JsonEqual($$$$"""
            [{"Action":["kms:Encrypt","kms:Decrypt","kms:DescribeKey","kms:CreateGrant"],"Effect":"Allow","Resource":{"Fn::GetAtt":["{{{{keyId}}}}","Arn"]}}]
            """, policy["Properties"]!["PolicyDocument"]!["Statement"]);
    }

    [Fact]
    public void Opens_the_public_endpoint_only_to_the_given_CIDRs_and_keeps_the_private_one()
    {
        var vpc = ClusterProps(Auto)["ResourcesVpcConfig"]!;

        Assert.True(vpc["EndpointPrivateAccess"]!.GetValue<bool>());
        Assert.True(vpc["EndpointPublicAccess"]!.GetValue<bool>());
        Synth.JsonEqual("""["203.0.113.0/24"]""", vpc["PublicAccessCidrs"]);
        Synth.JsonEqual("""["subnet-00000000000000003","subnet-00000000000000004"]""", vpc["SubnetIds"]);
    }

    [Fact]
    public void Keeps_the_endpoint_private_by_default()
    {
        var vpc = ClusterProps(None)["ResourcesVpcConfig"]!;

        Assert.False(vpc["EndpointPublicAccess"]!.GetValue<bool>());
        Assert.Null(vpc["PublicAccessCidrs"]);
    }

    [Fact]
    public void Installs_no_core_add_ons_with_Auto_Mode_which_has_them_built_in()
    {
        Assert.Empty(Synth.Resources(Auto, "AWS::EKS::Addon"));
    }

    [Fact]
    public void Without_Auto_Mode_installs_the_core_add_ons_at_the_versions_EKS_picks()
    {
        var addons = Synth.Resources(None, "AWS::EKS::Addon").Values.ToDictionary(a => a["Properties"]!["AddonName"]!.GetValue<string>());
        var ebsRole = RoleWithTrust(None, "pods.eks.amazonaws.com");
        var ebsRoleId = Synth.Resources(None, "AWS::IAM::Role").Single(r => r.Value == ebsRole).Key;

        Assert.Equal(["aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"], addons.Keys.Order(StringComparer.Ordinal));
        Assert.All(addons.Values, a =>
        {
            Assert.Null(a["Properties"]!["AddonVersion"]);
            Assert.Equal("OVERWRITE", a["Properties"]!["ResolveConflicts"]!.GetValue<string>());
        });
        Synth.JsonEqual($$$$"""[{"RoleArn":{"Fn::GetAtt":["{{{{ebsRoleId}}}}","Arn"]},"ServiceAccount":"ebs-csi-controller-sa"}]""", addons["aws-ebs-csi-driver"]["Properties"]!["PodIdentityAssociations"]);
        Assert.Equal(["service-role/AmazonEBSCSIDriverPolicy"], ManagedPolicyNames(ebsRole));
        Assert.Contains(Synth.Resources(None, "AWS::EKS::Addon").Single(a => a.Value == addons["eks-pod-identity-agent"]).Key, addons["aws-ebs-csi-driver"]["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public void States_the_chosen_support_type_authentication_mode_logs_and_deletion_protection()
    {
        var props = ClusterProps(None);
        var group = Synth.Single(None, "AWS::Logs::LogGroup");

        Synth.JsonEqual("""{"SupportType":"EXTENDED"}""", props["UpgradePolicy"]);
        Assert.Equal("API_AND_CONFIG_MAP", props["AccessConfig"]!["AuthenticationMode"]!.GetValue<string>());
        Synth.JsonEqual("""{"ClusterLogging":{"EnabledTypes":[{"Type":"api"},{"Type":"audit"}]}}""", props["Logging"]);
        Assert.Equal(365, group["Properties"]!["RetentionInDays"]!.GetValue<int>());
        Assert.Equal("Delete", group["DeletionPolicy"]!.GetValue<string>());
        Assert.True(props["DeletionProtection"]!.GetValue<bool>());
    }

    [Fact]
    public void Adds_a_Bottlerocket_node_group_that_CoreDNS_waits_for()
    {
        var (groupId, group) = Assert.Single(Synth.Resources(None, "AWS::EKS::Nodegroup"));
        var coreDns = Synth.Resources(None, "AWS::EKS::Addon").Values.Single(a => a["Properties"]!["AddonName"]!.GetValue<string>() == "coredns");

        Assert.Equal("BOTTLEROCKET_ARM_64", group["Properties"]!["AmiType"]!.GetValue<string>());
        Synth.JsonEqual("""{"DesiredSize":1,"MaxSize":3,"MinSize":1}""", group["Properties"]!["ScalingConfig"]);
        Synth.JsonEqual("""["m7g.large"]""", group["Properties"]!["InstanceTypes"]);
        Assert.Contains(groupId, coreDns["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public void Names_no_Amazon_Linux_2_image_anywhere()
    {
        foreach (var template in new[] { Auto, None })
        {
            Assert.DoesNotContain("AL2_", template.ToJsonString(), StringComparison.Ordinal);
            Assert.All(Synth.Resources(template, "AWS::EKS::Nodegroup").Values, g => Assert.Matches("^(AL2023|BOTTLEROCKET)_", g["Properties"]!["AmiType"]!.GetValue<string>()));
        }
    }

    [Fact]
    public void Renders_a_node_pool_as_a_NodePool_manifest_on_Auto_Modes_node_class()
    {
        var resource = Resource(Auto, "Custom::AWSCDK-EKS-KubernetesResource", "ClusterNodePoolGravitonSpot");

        Synth.JsonEqual("""
            [{
              "apiVersion": "karpenter.sh/v1",
              "kind": "NodePool",
              "metadata": {"name": "graviton-spot"},
              "spec": {
                "template": {
                  "metadata": {"labels": {"tier": "web"}},
                  "spec": {
                    "nodeClassRef": {"group": "eks.amazonaws.com", "kind": "NodeClass", "name": "default"},
                    "requirements": [
                      {"key": "karpenter.sh/capacity-type", "operator": "In", "values": ["spot", "on-demand"]},
                      {"key": "eks.amazonaws.com/instance-category", "operator": "In", "values": ["c", "m"]},
                      {"key": "eks.amazonaws.com/instance-generation", "operator": "Gt", "values": ["6"]},
                      {"key": "kubernetes.io/arch", "operator": "In", "values": ["arm64"]}
                    ],
                    "expireAfter": "168h"
                  }
                },
                "disruption": {"consolidationPolicy": "WhenEmptyOrUnderutilized", "consolidateAfter": "5m", "budgets": [{"nodes": "20%"}]},
                "limits": {"cpu": "64", "memory": "256Gi"},
                "weight": 50
              }
            }]
            """, Manifest(resource));
    }

    [Fact]
    public void Renders_a_node_pool_with_its_defaults()
    {
        Synth.JsonEqual("""
            [{
              "apiVersion": "karpenter.sh/v1",
              "kind": "NodePool",
              "metadata": {"name": "basic"},
              "spec": {
                "template": {
                  "spec": {
                    "nodeClassRef": {"group": "eks.amazonaws.com", "kind": "NodeClass", "name": "default"},
                    "requirements": [
                      {"key": "karpenter.sh/capacity-type", "operator": "In", "values": ["on-demand"]},
                      {"key": "eks.amazonaws.com/instance-category", "operator": "In", "values": ["c", "m", "r"]},
                      {"key": "eks.amazonaws.com/instance-generation", "operator": "Gt", "values": ["4"]},
                      {"key": "kubernetes.io/arch", "operator": "In", "values": ["arm64"]}
                    ],
                    "expireAfter": "336h"
                  }
                },
                "disruption": {"consolidationPolicy": "WhenEmptyOrUnderutilized", "consolidateAfter": "30s", "budgets": [{"nodes": "10%"}]}
              }
            }]
            """, Manifest(Resource(Auto, "Custom::AWSCDK-EKS-KubernetesResource", "ClusterNodePoolBasic")));
    }

    [Fact]
    public void Turns_off_the_general_purpose_pool_when_asked()
    {
        var json = Synth.Json(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), GeneralPurposeNodePool = false }));

        Synth.JsonEqual("""["system"]""", ClusterProps(json)["ComputeConfig"]!["NodePools"]);
    }

    [Fact]
    public void Creates_no_kubectl_provider_until_something_is_applied()
    {
        var json = Synth.Json(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s) }));

        Assert.Empty(Synth.Resources(json, "AWS::CloudFormation::Stack"));
        Assert.Empty(Synth.Resources(json, "AWS::EKS::AccessEntry"));
        Assert.Empty(Synth.Resources(json, "AWS::Lambda::LayerVersion"));
    }

    private static string[] ManagedPolicyNames(JsonObject role) =>
        role["Properties"]!["ManagedPolicyArns"]!.AsArray()
            .Select(a => a!["Fn::Join"]![1]![2]!.GetValue<string>().Split(":policy/")[1])
            .ToArray();

    internal static void AssertZipHoldsKubectl(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        Assert.Contains(zip.Entries, e => e.FullName == "kubectl/kubectl");
        Assert.Contains(zip.Entries, e => e.FullName == "helm/helm");
    }
}
