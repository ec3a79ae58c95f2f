using System.Text.Json.Nodes;
using static ContainerPatterns.Tests.Kubernetes.KarpenterFixture;
using static ContainerPatterns.Tests.Kubernetes.KubernetesFixture;

namespace ContainerPatterns.Tests.Kubernetes;

public class AwsLoadBalancerControllerTests
{
    /// <summary>The controller's documented policy (docs/install/iam_policy.json of v3.5.0), with the partition as a placeholder.</summary>
    private const string PolicyText = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*", "Condition": {"StringEquals": {"iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"}}},
            {
              "Effect": "Allow",
              "Action": [
                "ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones", "ec2:DescribeInternetGateways",
                "ec2:DescribeVpcs", "ec2:DescribeVpcPeeringConnections", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
                "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeTags", "ec2:GetCoipPoolUsage", "ec2:DescribeCoipPools",
                "ec2:GetSecurityGroupsForVpc", "ec2:DescribeIpamPools", "ec2:DescribeRouteTables",
                "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeListeners",
                "elasticloadbalancing:DescribeListenerCertificates", "elasticloadbalancing:DescribeSSLPolicies", "elasticloadbalancing:DescribeRules",
                "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetHealth",
                "elasticloadbalancing:DescribeTags", "elasticloadbalancing:DescribeTrustStores", "elasticloadbalancing:DescribeListenerAttributes",
                "elasticloadbalancing:DescribeCapacityReservation"
              ],
              "Resource": "*"
            },
            {
              "Effect": "Allow",
              "Action": [
                "cognito-idp:DescribeUserPoolClient", "acm:ListCertificates", "acm:DescribeCertificate", "iam:ListServerCertificates", "iam:GetServerCertificate",
                "waf-regional:GetWebACL", "waf-regional:GetWebACLForResource", "waf-regional:AssociateWebACL", "waf-regional:DisassociateWebACL",
                "wafv2:GetWebACL", "wafv2:GetWebACLForResource", "wafv2:AssociateWebACL", "wafv2:DisassociateWebACL",
                "shield:GetSubscriptionState", "shield:DescribeProtection", "shield:CreateProtection", "shield:DeleteProtection"
              ],
              "Resource": "*"
            },
            {"Effect": "Allow", "Action": ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], "Resource": "*"},
            {"Effect": "Allow", "Action": "ec2:CreateSecurityGroup", "Resource": "*"},
            {
              "Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "arn:${AWS::Partition}:ec2:*:*:security-group/*",
              "Condition": {"StringEquals": {"ec2:CreateAction": "CreateSecurityGroup"}, "Null": {"aws:RequestTag/elbv2.k8s.aws/cluster": "false"}}
            },
            {
              "Effect": "Allow", "Action": ["ec2:CreateTags", "ec2:DeleteTags"], "Resource": "arn:${AWS::Partition}:ec2:*:*:security-group/*",
              "Condition": {"Null": {"aws:RequestTag/elbv2.k8s.aws/cluster": "true", "aws:ResourceTag/elbv2.k8s.aws/cluster": "false"}}
            },
            {
              "Effect": "Allow", "Action": ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"], "Resource": "*",
              "Condition": {"Null": {"aws:ResourceTag/elbv2.k8s.aws/cluster": "false"}}
            },
            {
              "Effect": "Allow", "Action": ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"], "Resource": "*",
              "Condition": {"Null": {"aws:RequestTag/elbv2.k8s.aws/cluster": "false"}}
            },
            {
              "Effect": "Allow",
              "Action": ["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"],
              "Resource": "*"
            },
            {
              "Effect": "Allow", "Action": ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
              "Resource": [
                "arn:${AWS::Partition}:elasticloadbalancing:*:*:targetgroup/*/*",
                "arn:${AWS::Partition}:elasticloadbalancing:*:*:loadbalancer/net/*/*",
                "arn:${AWS::Partition}:elasticloadbalancing:*:*:loadbalancer/app/*/*"
              ],
              "Condition": {"Null": {"aws:RequestTag/elbv2.k8s.aws/cluster": "true", "aws:ResourceTag/elbv2.k8s.aws/cluster": "false"}}
            },
            {
              "Effect": "Allow", "Action": ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
              "Resource": [
                "arn:${AWS::Partition}:elasticloadbalancing:*:*:listener/net/*/*/*",
                "arn:${AWS::Partition}:elasticloadbalancing:*:*:listener/app/*/*/*",
                "arn:${AWS::Partition}:elasticloadbalancing:*:*:listener-rule/net/*/*/*",
                "arn:${AWS::Partition}:elasticloadbalancing:*:*:listener-rule/app/*/*/*"
              ]
            },
            {
              "Effect": "Allow",
              "Action": [
                "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetIpAddressType", "elasticloadbalancing:SetSecurityGroups",
                "elasticloadbalancing:SetSubnets", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup",
                "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:ModifyListenerAttributes",
                "elasticloadbalancing:ModifyCapacityReservation", "elasticloadbalancing:ModifyIpPools"
              ],
              "Resource": "*",
              "Condition": {"Null": {"aws:ResourceTag/elbv2.k8s.aws/cluster": "false"}}
            },
            {
              "Effect": "Allow", "Action": "elasticloadbalancing:AddTags",
              "Resource": [
                "arn:${AWS::Partition}:elasticloadbalancing:*:*:targetgroup/*/*",
                "arn:${AWS::Partition}:elasticloadbalancing:*:*:loadbalancer/net/*/*",
                "arn:${AWS::Partition}:elasticloadbalancing:*:*:loadbalancer/app/*/*"
              ],
              "Condition": {
                "StringEquals": {"elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"]},
                "Null": {"aws:RequestTag/elbv2.k8s.aws/cluster": "false"}
              }
            },
            {
              "Effect": "Allow", "Action": ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
              "Resource": "arn:${AWS::Partition}:elasticloadbalancing:*:*:targetgroup/*/*"
            },
            {
              "Effect": "Allow",
              "Action": [
                "elasticloadbalancing:SetWebAcl", "elasticloadbalancing:ModifyListener", "elasticloadbalancing:AddListenerCertificates",
                "elasticloadbalancing:RemoveListenerCertificates", "elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities"
              ],
              "Resource": "*"
            }
          ]
        }
        """;

    private static JsonObject Defaults => KarpenterFixture.Defaults.Value;

    private static JsonObject Irsa => KarpenterFixture.Irsa.Value;

    [Fact]
    public void Role_has_the_controllers_documented_policy()
    {
        var policy = Resource(Defaults, "AWS::IAM::Policy", "LoadBalancersPolicy")["Properties"]!;

        Synth.JsonEqual(PolicyText, Unresolve(policy["PolicyDocument"], PseudoParameters()));
        Assert.Equal(16, policy["PolicyDocument"]!["Statement"]!.AsArray().Count);
        Synth.JsonEqual($$"""[{"Ref":"{{Id(Defaults, "AWS::IAM::Role", "LoadBalancersIdentityRole")}}"}]""", policy["Roles"]);
        Assert.Equal("AwsSolutions-IAM5", Resource(Defaults, "AWS::IAM::Policy", "LoadBalancersPolicy")["Metadata"]!["cdk_nag"]!["rules_to_suppress"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void Controller_acts_through_Pod_Identity_as_kube_system_aws_load_balancer_controller_by_default()
    {
        var roleId = Id(Defaults, "AWS::IAM::Role", "LoadBalancersIdentityRole");

        Synth.JsonEqual("""
            {"Statement":[{"Action":["sts:AssumeRole","sts:TagSession"],"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"}}],"Version":"2012-10-17"}
            """, Resource(Defaults, "AWS::IAM::Role", "LoadBalancersIdentityRole")["Properties"]!["AssumeRolePolicyDocument"]);
        Synth.JsonEqual($$"""
            {"ClusterName":{"Ref":"{{Id(Defaults, "AWS::EKS::Cluster", "Cluster")}}"},"Namespace":"kube-system","RoleArn":{"Fn::GetAtt":["{{roleId}}","Arn"]},"ServiceAccount":"aws-load-balancer-controller"}
            """, Resource(Defaults, "AWS::EKS::PodIdentityAssociation", "LoadBalancersIdentity")["Properties"]);
    }

    [Fact]
    public void Installs_the_chart_from_the_EKS_charts_repository_with_the_cluster_region_and_VPC()
    {
        var chart = Resource(Defaults, "Custom::AWSCDK-EKS-HelmChart", "LoadBalancersChart");
        var props = chart["Properties"]!.AsObject();
        var cluster = Id(Defaults, "AWS::EKS::Cluster", "Cluster");

        Synth.JsonEqual("""
            {"Release":"aws-load-balancer-controller","Chart":"aws-load-balancer-controller","Version":"3.5.0","Wait":true,"Timeout":"600s","Namespace":"kube-system","Repository":"https://aws.github.io/eks-charts"}
            """, new JsonObject(props.Where(p => p.Key is not ("ServiceToken" or "ClusterName" or "RoleArn" or "Values")).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))));
        Synth.JsonEqual($$"""
            {
              "clusterName": "<{{cluster}}>",
              "region": "<AWS::Region>",
              "vpcId": "vpc-0123456789abcdef0",
              "serviceAccount": {"create": true, "name": "aws-load-balancer-controller"},
              "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"}]
            }
            """, Values(chart));
        Assert.Contains(Id(Defaults, "AWS::EKS::PodIdentityAssociation", "LoadBalancersIdentity"), DependsOn(chart));
        Assert.Contains(Id(Defaults, "AWS::IAM::Policy", "LoadBalancersPolicy"), DependsOn(chart));
    }

    [Fact]
    public void With_IRSA_the_role_trusts_only_the_controllers_service_account_named_in_the_values()
    {
        var roleId = Id(Irsa, "AWS::IAM::Role", "LoadBalancersIdentityRole");
        var trust = Resource(Irsa, "AWS::IAM::Role", "LoadBalancersIdentityRole")["Properties"]!["AssumeRolePolicyDocument"]!["Fn::Sub"]![1]!;
        var chart = Resource(Irsa, "Custom::AWSCDK-EKS-HelmChart", "LoadBalancersChart");

        Assert.Equal("system:serviceaccount:kube-system:aws-load-balancer-controller", trust["Subject"]!.GetValue<string>());
        Synth.JsonEqual($$$"""{"create":true,"name":"aws-load-balancer-controller","annotations":{"eks.amazonaws.com/role-arn":"<{{{roleId}}}.Arn>"}}""", Values(chart)["serviceAccount"]);
        Assert.Equal("3.4.3", chart["Properties"]!["Version"]!.GetValue<string>());
    }
}
