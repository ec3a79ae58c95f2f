using System.Text.Json.Nodes;
using Amazon.CDK;
using ContainerPatterns.Kubernetes;
using static ContainerPatterns.Tests.Kubernetes.KarpenterFixture;
using static ContainerPatterns.Tests.Kubernetes.KubernetesFixture;

namespace ContainerPatterns.Tests.Kubernetes;

public class KarpenterTests
{
    /// <summary>Karpenter's controller policy (its CloudFormation reference for v1.14), placeholders as Fn::Sub writes them.</summary>
    internal const string ControllerPolicyText = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "AllowScopedEC2InstanceAccessActions", "Effect": "Allow", "Action": ["ec2:RunInstances", "ec2:CreateFleet"],
              "Resource": [
                "arn:${AWS::Partition}:ec2:${AWS::Region}::image/*",
                "arn:${AWS::Partition}:ec2:${AWS::Region}::snapshot/*",
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:security-group/*",
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:subnet/*",
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:capacity-reservation/*",
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:placement-group/*"
              ]
            },
            {
              "Sid": "AllowScopedEC2LaunchTemplateAccessActions", "Effect": "Allow", "Action": ["ec2:RunInstances", "ec2:CreateFleet"],
              "Resource": "arn:${AWS::Partition}:ec2:${AWS::Region}:*:launch-template/*",
              "Condition": {
                "StringEquals": {"aws:ResourceTag/kubernetes.io/cluster/${ClusterName}": "owned"},
                "StringLike": {"aws:ResourceTag/karpenter.sh/nodepool": "*"}
              }
            },
            {
              "Sid": "AllowScopedEC2InstanceActionsWithTags", "Effect": "Allow", "Action": ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
              "Resource": [
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:fleet/*",
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:instance/*",
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:volume/*",
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:network-interface/*",
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:launch-template/*",
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:spot-instances-request/*"
              ],
              "Condition": {
                "StringEquals": {"aws:RequestTag/kubernetes.io/cluster/${ClusterName}": "owned", "aws:RequestTag/eks:eks-cluster-name": "${ClusterName}"},
                "StringLike": {"aws:RequestTag/karpenter.sh/nodepool": "*"}
              }
            },
            {
              "Sid": "AllowScopedResourceCreationTagging", "Effect": "Allow", "Action": "ec2:CreateTags",
              "Resource": [
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:fleet/*",
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:instance/*",
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:volume/*",
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:network-interface/*",
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:launch-template/*",
                "arn:${AWS::Partition}:ec2:${AWS::Region}:*:spot-instances-request/*"
              ],
              "Condition": {
                "StringEquals": {
                  "aws:RequestTag/kubernetes.io/cluster/${ClusterName}": "owned",
                  "aws:RequestTag/eks:eks-cluster-name": "${ClusterName}",
                  "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"]
                },
                "StringLike": {"aws:RequestTag/karpenter.sh/nodepool": "*"}
              }
            },
            {
              "Sid": "AllowScopedResourceTagging", "Effect": "Allow", "Action": "ec2:CreateTags",
              "Resource": "arn:${AWS::Partition}:ec2:${AWS::Region}:*:instance/*",
              "Condition": {
                "StringEquals": {"aws:ResourceTag/kubernetes.io/cluster/${ClusterName}": "owned"},
                "StringLike": {"aws:ResourceTag/karpenter.sh/nodepool": "*"},
                "StringEqualsIfExists": {"aws:RequestTag/eks:eks-cluster-name": "${ClusterName}"},
                "ForAllValues:StringEquals": {"aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"]}
              }
            },
            {
              "Sid": "AllowScopedDeletion", "Effect": "Allow", "Action": ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
              "Resource": ["arn:${AWS::Partition}:ec2:${AWS::Region}:*:instance/*", "arn:${AWS::Partition}:ec2:${AWS::Region}:*:launch-template/*"],
              "Condition": {
                "StringEquals": {"aws:ResourceTag/kubernetes.io/cluster/${ClusterName}": "owned"},
                "StringLike": {"aws:ResourceTag/karpenter.sh/nodepool": "*"}
              }
            },
            {
              "Sid": "AllowPassingInstanceRole", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "${NodeRoleArn}",
              "Condition": {"StringEquals": {"iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"]}}
            },
            {
              "Sid": "AllowScopedInstanceProfileCreationActions", "Effect": "Allow", "Action": "iam:CreateInstanceProfile",
              "Resource": "arn:${AWS::Partition}:iam::${AWS::AccountId}:instance-profile/*",
              "Condition": {
                "StringEquals": {
                  "aws:RequestTag/kubernetes.io/cluster/${ClusterName}": "owned",
                  "aws:RequestTag/eks:eks-cluster-name": "${ClusterName}",
                  "aws:RequestTag/topology.kubernetes.io/region": "${AWS::Region}"
                },
                "StringLike": {"aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*"}
              }
            },
            {
              "Sid": "AllowScopedInstanceProfileTagActions", "Effect": "Allow", "Action": "iam:TagInstanceProfile",
              "Resource": "arn:${AWS::Partition}:iam::${AWS::AccountId}:instance-profile/*",
              "Condition": {
                "StringEquals": {
                  "aws:ResourceTag/kubernetes.io/cluster/${ClusterName}": "owned",
                  "aws:ResourceTag/topology.kubernetes.io/region": "${AWS::Region}",
                  "aws:RequestTag/kubernetes.io/cluster/${ClusterName}": "owned",
                  "aws:RequestTag/eks:eks-cluster-name": "${ClusterName}",
                  "aws:RequestTag/topology.kubernetes.io/region": "${AWS::Region}"
                },
                "StringLike": {"aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*", "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*"}
              }
            },
            {
              "Sid": "AllowScopedInstanceProfileActions", "Effect": "Allow",
              "Action": ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
              "Resource": "arn:${AWS::Partition}:iam::${AWS::AccountId}:instance-profile/*",
              "Condition": {
                "StringEquals": {"aws:ResourceTag/kubernetes.io/cluster/${ClusterName}": "owned", "aws:ResourceTag/topology.kubernetes.io/region": "${AWS::Region}"},
                "StringLike": {"aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*"}
              }
            },
            {
              "Sid": "AllowAPIServerEndpointDiscovery", "Effect": "Allow", "Action": "eks:DescribeCluster",
              "Resource": "arn:${AWS::Partition}:eks:${AWS::Region}:${AWS::AccountId}:cluster/${ClusterName}"
            },
            {
              "Sid": "AllowInterruptionQueueActions", "Effect": "Allow", "Action": ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
              "Resource": "${InterruptionQueueArn}"
            },
            {
              "Sid": "AllowZonalShiftStatusReadOnly", "Effect": "Allow", "Action": "arc-zonal-shift:GetManagedResource", "Resource": "*",
              "Condition": {"StringEquals": {"arc-zonal-shift:ResourceIdentifier": "arn:${AWS::Partition}:eks:${AWS::Region}:${AWS::AccountId}:cluster/${ClusterName}"}}
            },
            {
              "Sid": "AllowRegionalReadActions", "Effect": "Allow",
              "Action": [
                "ec2:DescribeCapacityReservations", "ec2:DescribeImages", "ec2:DescribeInstances", "ec2:DescribeInstanceStatus",
                "ec2:DescribeInstanceTypeOfferings", "ec2:DescribeInstanceTypes", "ec2:DescribeLaunchTemplates", "ec2:DescribePlacementGroups",
                "ec2:DescribeSecurityGroups", "ec2:DescribeSpotPriceHistory", "ec2:DescribeSubnets"
              ],
              "Resource": "*",
              "Condition": {"StringEquals": {"aws:RequestedRegion": "${AWS::Region}"}}
            },
            {
              "Sid": "AllowSSMReadActions", "Effect": "Allow", "Action": "ssm:GetParameter",
              "Resource": "arn:${AWS::Partition}:ssm:${AWS::Region}::parameter/aws/service/*"
            },
            {"Sid": "AllowPricingReadActions", "Effect": "Allow", "Action": "pricing:GetProducts", "Resource": "*"},
            {"Sid": "AllowUnscopedInstanceProfileListAction", "Effect": "Allow", "Action": "iam:ListInstanceProfiles", "Resource": "*"},
            {
              "Sid": "AllowInstanceProfileReadActions", "Effect": "Allow", "Action": "iam:GetInstanceProfile",
              "Resource": "arn:${AWS::Partition}:iam::${AWS::AccountId}:instance-profile/*"
            }
          ]
        }
        """;

    private static readonly string[] RuleIds = ["HealthEventRule", "SpotInterruptionRule", "RebalanceRule", "InstanceStateChangeRule", "CapacityReservationInterruptionRule"];

    private static JsonObject Defaults => KarpenterFixture.Defaults.Value;

    private static JsonObject Irsa => KarpenterFixture.Irsa.Value;

    private static JsonNode Props(JsonObject template, string type, string prefix) => Resource(template, type, prefix)["Properties"]!;

    private static string Ref(string id) => $$"""{"Ref":"{{id}}"}""";

    private static string Arn(string id) => $$"""{"Fn::GetAtt":["{{id}}","Arn"]}""";

    [Fact]
    public void Controller_policy_has_Karpenters_18_statements_scoped_to_the_cluster_node_role_and_queue()
    {
        var names = PseudoParameters();
        names[Arn(Id(Defaults, "AWS::IAM::Role", "KarpenterNodeRole"))] = "${NodeRoleArn}";
        names[Arn(Id(Defaults, "AWS::SQS::Queue", "KarpenterInterruptionQueue"))] = "${InterruptionQueueArn}";
        var document = Props(Defaults, "AWS::IAM::Policy", "KarpenterControllerPolicy")["PolicyDocument"];

        Synth.JsonEqual(ControllerPolicyText, Unresolve(document, names));
        Assert.Equal(18, document!["Statement"]!.AsArray().Count);
    }

    [Fact]
    public void Controller_policy_is_attached_to_the_controller_role_only()
    {
        var policy = Props(Defaults, "AWS::IAM::Policy", "KarpenterControllerPolicy");

        Assert.Equal("KarpenterController", policy["PolicyName"]!.GetValue<string>());
        Synth.JsonEqual($"[{Ref(Id(Defaults, "AWS::IAM::Role", "KarpenterControllerIdentityRole"))}]", policy["Roles"]);
    }

    [Fact]
    public void Controller_policy_goes_through_Fn_Sub_when_the_cluster_name_is_a_token()
    {
        var json = Synth.Json(s =>
        {
            var name = new CfnParameter(s, "ClusterName").ValueAsString;
            var cluster = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), Compute = KubernetesCompute.None, KubectlLayer = Layer(s), ClusterName = name });
            _ = new Karpenter(s, "Karpenter", new KarpenterProps { Cluster = cluster });
        });
        var sub = Props(json, "AWS::IAM::Policy", "KarpenterControllerPolicy")["PolicyDocument"]!["Fn::Sub"]!.AsArray();

        Synth.JsonEqual(ControllerPolicyText, JsonNode.Parse(sub[0]!.GetValue<string>()));
        Synth.JsonEqual($$"""
            {"ClusterName": {"Ref":"ClusterName"}, "NodeRoleArn": {{Arn(Id(json, "AWS::IAM::Role", "KarpenterNodeRole"))}}, "InterruptionQueueArn": {{Arn(Id(json, "AWS::SQS::Queue", "KarpenterInterruptionQueue"))}}}
            """, sub[1]);
        Synth.JsonEqual("""[{"Key":"karpenter.sh/discovery","Value":{"Ref":"ClusterName"}}]""", Props(json, "AWS::EC2::SecurityGroup", "KarpenterNodeSecurityGroup")["Tags"]);
    }

    [Fact]
    public void Suppresses_the_wildcard_finding_of_each_scoped_resource_by_name()
    {
        var metadata = Resource(Defaults, "AWS::IAM::Policy", "KarpenterControllerPolicy")["Metadata"]!["cdk_nag"]!["rules_to_suppress"]!.AsArray();
        var suppression = Assert.Single(metadata);
        var findings = suppression!["applies_to"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray();

        Assert.Equal("AwsSolutions-IAM5", suppression["id"]!.GetValue<string>());
        Assert.Contains("Resource::*", findings);
        Assert.Contains("Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:*:launch-template/*", findings);
        Assert.Contains("Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:instance-profile/*", findings);
        Assert.Equal(15, findings.Length); // 13 ARN patterns with a wildcard, the SSM parameter path and "*"
    }

    [Fact]
    public void Controller_acts_through_Pod_Identity_as_kube_system_karpenter_by_default()
    {
        var roleId = Id(Defaults, "AWS::IAM::Role", "KarpenterControllerIdentityRole");

        Synth.JsonEqual("""
            {"Statement":[{"Action":["sts:AssumeRole","sts:TagSession"],"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"}}],"Version":"2012-10-17"}
            """, Props(Defaults, "AWS::IAM::Role", "KarpenterControllerIdentityRole")["AssumeRolePolicyDocument"]);
        Synth.JsonEqual($$"""
            {"ClusterName":{{Ref(Id(Defaults, "AWS::EKS::Cluster", "Cluster"))}},"Namespace":"kube-system","RoleArn":{{Arn(roleId)}},"ServiceAccount":"karpenter"}
            """, Props(Defaults, "AWS::EKS::PodIdentityAssociation", "KarpenterControllerIdentity"));
    }

    [Fact]
    public void With_IRSA_the_controller_role_trusts_only_its_service_account_named_in_the_chart_values()
    {
        var trust = Props(Irsa, "AWS::IAM::Role", "KarpenterControllerIdentityRole")["AssumeRolePolicyDocument"]!["Fn::Sub"]![1]!;
        var roleId = Id(Irsa, "AWS::IAM::Role", "KarpenterControllerIdentityRole");

        Assert.Equal("system:serviceaccount:kube-system:karpenter", trust["Subject"]!.GetValue<string>());
        Synth.JsonEqual($$$"""{"name":"karpenter","annotations":{"eks.amazonaws.com/role-arn":"<{{{roleId}}}.Arn>"}}""", Values(Resource(Irsa, "Custom::AWSCDK-EKS-HelmChart", "KarpenterChart"))["serviceAccount"]);
        Assert.Empty(Synth.Resources(Irsa, "AWS::EKS::PodIdentityAssociation"));
    }

    [Fact]
    public void Node_role_has_the_worker_CNI_ECR_pull_and_SSM_policies_and_joins_through_an_EC2_Linux_access_entry()
    {
        var role = Props(Defaults, "AWS::IAM::Role", "KarpenterNodeRole");

        Synth.JsonEqual("""
            {"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"}}],"Version":"2012-10-17"}
            """, role["AssumeRolePolicyDocument"]);
        Assert.Equal(
            ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore"],
            role["ManagedPolicyArns"]!.AsArray().Select(a => a!["Fn::Join"]![1]![2]!.GetValue<string>().Split(":policy/")[1]));
        Synth.JsonEqual($$"""
            {"ClusterName":{{Ref(Id(Defaults, "AWS::EKS::Cluster", "Cluster"))}},"PrincipalArn":{{Arn(Id(Defaults, "AWS::IAM::Role", "KarpenterNodeRole"))}},"Type":"EC2_LINUX"}
            """, Props(Defaults, "AWS::EKS::AccessEntry", "KarpenterNodeAccess"));
    }

    [Fact]
    public void Interruption_queue_keeps_messages_300_seconds_encrypted_and_goes_with_the_stack()
    {
        var queue = Resource(Defaults, "AWS::SQS::Queue", "KarpenterInterruptionQueue");
        var dlqId = Id(Defaults, "AWS::SQS::Queue", "KarpenterInterruptionDeadLetterQueue");
        var dlq = Resource(Defaults, "AWS::SQS::Queue", "KarpenterInterruptionDeadLetterQueue");

        Synth.JsonEqual($$"""
            {"MessageRetentionPeriod":300,"RedrivePolicy":{"deadLetterTargetArn":{"Fn::GetAtt":["{{dlqId}}","Arn"]},"maxReceiveCount":5},"SqsManagedSseEnabled":true}
            """, queue["Properties"]);
        Assert.Equal("Delete", queue["DeletionPolicy"]!.GetValue<string>());
        // Its dead-letter queue (AWS Control Tower's CT.SQS.PR.1) keeps what Karpenter failed to act on for 14 days.
        Synth.JsonEqual("""{"MessageRetentionPeriod":1209600,"RedriveAllowPolicy":{"redrivePermission":"allowAll"},"SqsManagedSseEnabled":true}""", dlq["Properties"]);
        Assert.Equal("Delete", dlq["DeletionPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void Queue_policy_admits_only_the_five_rules_and_the_SQS_service_and_denies_plain_HTTP()
    {
        var queue = Arn(Id(Defaults, "AWS::SQS::Queue", "KarpenterInterruptionQueue"));
        var rules = string.Join(",", RuleIds.Select(r => Arn(Id(Defaults, "AWS::Events::Rule", "Karpenter" + r))));

        Synth.JsonEqual($$$"""
            {
              "Statement": [
                {"Action":"sqs:*","Condition":{"Bool":{"aws:SecureTransport":"false"}},"Effect":"Deny","Principal":{"AWS":"*"},"Resource":{{{queue}}}},
                {"Action":"sqs:SendMessage","Condition":{"ArnEquals":{"aws:SourceArn":[{{{rules}}}]}},"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Resource":{{{queue}}},"Sid":"AllowInterruptionRules"},
                {"Action":"sqs:SendMessage","Effect":"Allow","Principal":{"Service":"sqs.amazonaws.com"},"Resource":{{{queue}}},"Sid":"AllowSqsService"}
              ],
              "Version": "2012-10-17"
            }
            """, Props(Defaults, "AWS::SQS::QueuePolicy", "KarpenterInterruptionQueuePolicy")["PolicyDocument"]);
    }

    [Theory]
    [InlineData("HealthEventRule", "aws.health", "AWS Health Event")]
    [InlineData("SpotInterruptionRule", "aws.ec2", "EC2 Spot Instance Interruption Warning")]
    [InlineData("RebalanceRule", "aws.ec2", "EC2 Instance Rebalance Recommendation")]
    [InlineData("InstanceStateChangeRule", "aws.ec2", "EC2 Instance State-change Notification")]
    [InlineData("CapacityReservationInterruptionRule", "aws.ec2", "EC2 Capacity Reservation Instance Interruption Warning")]
    public void Each_interruption_rule_matches_its_event_and_targets_the_queue(string rule, string source, string detailType)
    {
        var props = Props(Defaults, "AWS::Events::Rule", "Karpenter" + rule);

        Synth.JsonEqual($$"""{"source":["{{source}}"],"detail-type":["{{detailType}}"]}""", props["EventPattern"]);
        Synth.JsonEqual($$"""[{"Arn":{{Arn(Id(Defaults, "AWS::SQS::Queue", "KarpenterInterruptionQueue"))}},"Id":"InterruptionQueue"}]""", props["Targets"]);
        Assert.Equal(5, Synth.Resources(Defaults, "AWS::Events::Rule").Count);
    }

    [Fact]
    public void Tags_the_node_security_group_and_this_apps_node_subnets_for_discovery()
    {
        var subnets = Synth.Resources(Irsa, "AWS::EC2::Subnet");

        Synth.JsonEqual($$"""[{"Key":"karpenter.sh/discovery","Value":"{{ClusterName}}"}]""", Props(Irsa, "AWS::EC2::SecurityGroup", "KarpenterNodeSecurityGroup")["Tags"]);
        Assert.All(subnets.Where(s => s.Key.Contains("Private", StringComparison.Ordinal)), s =>
            Assert.Contains($$"""{"Key":"karpenter.sh/discovery","Value":"{{ClusterName}}"}""", s.Value["Properties"]!["Tags"]!.AsArray().Select(t => t!.ToJsonString())));
        Assert.All(subnets.Where(s => s.Key.Contains("Public", StringComparison.Ordinal)), s =>
            Assert.DoesNotContain("karpenter.sh/discovery", s.Value["Properties"]!["Tags"]!.ToJsonString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Node_security_group_admits_itself_and_the_cluster_security_group_which_admits_it()
    {
        var nodes = Id(Defaults, "AWS::EC2::SecurityGroup", "KarpenterNodeSecurityGroup");
        var group = $$"""{"Fn::GetAtt":["{{nodes}}","GroupId"]}""";
        var cluster = $$"""{"Fn::GetAtt":["{{Id(Defaults, "AWS::EKS::Cluster", "Cluster")}}","ClusterSecurityGroupId"]}""";
        var rules = Synth.Resources(Defaults, "AWS::EC2::SecurityGroupIngress").Where(r => r.Key.StartsWith("Karpenter", StringComparison.Ordinal))
            .Select(r => r.Value["Properties"]!.ToJsonString()).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
            new[]
            {
                $$"""{"Description":"Control plane and managed nodes to Karpenter nodes","GroupId":{{group}},"IpProtocol":"-1","SourceSecurityGroupId":{{cluster}}}""",
                $$"""{"Description":"Karpenter nodes to each other (pods)","GroupId":{{group}},"IpProtocol":"-1","SourceSecurityGroupId":{{group}}}""",
                $$"""{"Description":"Karpenter nodes to the control plane and managed nodes","GroupId":{{cluster}},"IpProtocol":"-1","SourceSecurityGroupId":{{group}}}""",
            }.Select(j => JsonNode.Parse(j)!.ToJsonString()).Order(StringComparer.Ordinal),
            rules);
    }

    [Fact]
    public void Installs_the_CRD_chart_then_the_controller_chart_from_the_whole_OCI_reference_at_the_pinned_version()
    {
        var crds = Props(Defaults, "Custom::AWSCDK-EKS-HelmChart", "KarpenterCrdChart").AsObject();
        var chart = Props(Defaults, "Custom::AWSCDK-EKS-HelmChart", "KarpenterChart").AsObject();

        Synth.JsonEqual("""{"Release":"karpenter-crd","Chart":"oci://public.ecr.aws/karpenter/karpenter-crd","Version":"1.14.1","Namespace":"kube-system"}""",
            new JsonObject(crds.Where(p => p.Key is "Release" or "Chart" or "Version" or "Namespace" or "Repository").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))));
        Synth.JsonEqual("""{"Release":"karpenter","Chart":"oci://public.ecr.aws/karpenter/karpenter","Version":"1.14.1","Wait":true,"Timeout":"600s","Namespace":"kube-system","SkipCrds":true}""",
            new JsonObject(chart.Where(p => p.Key is not ("ServiceToken" or "ClusterName" or "RoleArn" or "Values")).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))));
        Assert.Equal("1.12.2", Props(Irsa, "Custom::AWSCDK-EKS-HelmChart", "KarpenterChart")["Version"]!.GetValue<string>());
    }

    [Fact]
    public void Chart_values_name_the_cluster_and_queue_and_place_the_controller_on_its_own_nodes()
    {
        var cluster = Id(Defaults, "AWS::EKS::Cluster", "Cluster");
        var queue = Id(Defaults, "AWS::SQS::Queue", "KarpenterInterruptionQueue");

        Synth.JsonEqual($$$"""
            {
              "settings": {"clusterName": "<{{{cluster}}}>", "interruptionQueue": "<{{{queue}}}.QueueName>"},
              "serviceAccount": {"name": "karpenter"},
              "controller": {
                "resources": {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}},
                "env": [{"name": "AWS_REGION", "value": "<AWS::Region>"}]
              },
              "nodeSelector": {"kubernetes.io/os": "linux", "containerpatterns/karpenter-controller": "true"}
            }
            """, Values(Resource(Defaults, "Custom::AWSCDK-EKS-HelmChart", "KarpenterChart")));
    }

    [Fact]
    public void Controller_chart_waits_for_its_CRDs_identity_policy_nodes_and_the_clusters_add_ons()
    {
        var dependsOn = DependsOn(Resource(Defaults, "Custom::AWSCDK-EKS-HelmChart", "KarpenterChart"));

        Assert.Contains(Id(Defaults, "Custom::AWSCDK-EKS-HelmChart", "KarpenterCrdChart"), dependsOn);
        Assert.Contains(Id(Defaults, "AWS::EKS::PodIdentityAssociation", "KarpenterControllerIdentity"), dependsOn);
        Assert.Contains(Id(Defaults, "AWS::IAM::Policy", "KarpenterControllerPolicy"), dependsOn);
        Assert.Contains(Id(Defaults, "AWS::EKS::Nodegroup", "KarpenterControllerNodes"), dependsOn);
        Assert.All(Synth.Resources(Defaults, "AWS::EKS::Addon").Keys, addon => Assert.Contains(addon, dependsOn));
    }

    [Fact]
    public void Controller_runs_on_a_labelled_and_tainted_managed_node_group_that_CoreDNS_waits_for()
    {
        var (groupId, group) = Assert.Single(Synth.Resources(Defaults, "AWS::EKS::Nodegroup"));
        var props = group["Properties"]!;
        var coreDns = Synth.Resources(Defaults, "AWS::EKS::Addon").Values.Single(a => a["Properties"]!["AddonName"]!.GetValue<string>() == "coredns");

        Assert.Equal("AL2023_ARM_64_STANDARD", props["AmiType"]!.GetValue<string>());
        Synth.JsonEqual("""["m7g.large"]""", props["InstanceTypes"]);
        Synth.JsonEqual("""{"DesiredSize":2,"MaxSize":4,"MinSize":2}""", props["ScalingConfig"]);
        Synth.JsonEqual("""{"containerpatterns/karpenter-controller":"true"}""", props["Labels"]);
        Synth.JsonEqual("""[{"Effect":"NO_SCHEDULE","Key":"CriticalAddonsOnly","Value":"true"}]""", props["Taints"]);
        Assert.Contains(groupId, DependsOn(coreDns));
        Synth.JsonEqual("""{"team":"platform","containerpatterns/karpenter-controller":"true"}""", Props(Irsa, "AWS::EKS::Nodegroup", "KarpenterControllerNodes")["Labels"]);
    }

    [Fact]
    public void Default_node_class_takes_a_pinned_AL2023_release_IMDSv2_with_one_hop_and_an_encrypted_gp3_volume()
    {
        var nodeRole = Id(Defaults, "AWS::IAM::Role", "KarpenterNodeRole");

        Synth.JsonEqual($$$"""
            [{
              "apiVersion": "karpenter.k8s.aws/v1",
              "kind": "EC2NodeClass",
              "metadata": {"name": "default"},
              "spec": {
                "role": "<{{{nodeRole}}}>",
                "amiSelectorTerms": [{"alias": "al2023@v20260714"}],
                "subnetSelectorTerms": [{"id": "subnet-00000000000000003"}, {"id": "subnet-00000000000000004"}],
                "securityGroupSelectorTerms": [{"tags": {"karpenter.sh/discovery": "{{{ClusterName}}}"}}],
                "metadataOptions": {"httpEndpoint": "enabled", "httpProtocolIPv6": "disabled", "httpPutResponseHopLimit": 1, "httpTokens": "required"},
                "blockDeviceMappings": [{"deviceName": "/dev/xvda", "ebs": {"volumeSize": "20Gi", "volumeType": "gp3", "encrypted": true, "deleteOnTermination": true}}]
              }
            }]
            """, Manifest(Resource(Defaults, "Custom::AWSCDK-EKS-KubernetesResource", "KarpenterNodeClass")));
    }

    [Fact]
    public void Bottlerocket_node_class_selects_tagged_subnets_and_encrypts_both_volumes()
    {
        var spec = Manifest(Resource(Irsa, "Custom::AWSCDK-EKS-KubernetesResource", "KarpenterNodeClass"))[0]!["spec"]!;

        Synth.JsonEqual("""[{"alias":"bottlerocket@v1.42.0"}]""", spec["amiSelectorTerms"]);
        Synth.JsonEqual($$$"""[{"tags":{"karpenter.sh/discovery":"{{{ClusterName}}}"}}]""", spec["subnetSelectorTerms"]);
        Synth.JsonEqual("""
            [
              {"deviceName":"/dev/xvda","ebs":{"volumeSize":"4Gi","volumeType":"gp3","encrypted":true,"deleteOnTermination":true}},
              {"deviceName":"/dev/xvdb","ebs":{"volumeSize":"50Gi","volumeType":"gp3","encrypted":true,"deleteOnTermination":true}}
            ]
            """, spec["blockDeviceMappings"]);
    }

    [Fact]
    public void Node_class_waits_for_the_controller_the_access_entry_and_the_security_group_and_pools_for_it()
    {
        var nodeClass = Id(Defaults, "Custom::AWSCDK-EKS-KubernetesResource", "KarpenterNodeClass");
        var dependsOn = DependsOn(Resource(Defaults, "Custom::AWSCDK-EKS-KubernetesResource", "KarpenterNodeClass"));

        Assert.Contains(Id(Defaults, "Custom::AWSCDK-EKS-HelmChart", "KarpenterChart"), dependsOn);
        Assert.Contains(Id(Defaults, "AWS::EKS::AccessEntry", "KarpenterNodeAccess"), dependsOn);
        Assert.Contains(Id(Defaults, "AWS::EC2::SecurityGroup", "KarpenterNodeSecurityGroup"), dependsOn);
        Assert.Contains(nodeClass, DependsOn(Resource(Defaults, "Custom::AWSCDK-EKS-KubernetesResource", "KarpenterNodePoolDefault")));
        Assert.Contains(nodeClass, DependsOn(Resource(Irsa, "Custom::AWSCDK-EKS-KubernetesResource", "KarpenterNodePoolX86")));
    }

    [Fact]
    public void Default_node_pool_takes_both_architectures_and_capacity_types_within_limits()
    {
        Synth.JsonEqual("""
            [{
              "apiVersion": "karpenter.sh/v1",
              "kind": "NodePool",
              "metadata": {"name": "default"},
              "spec": {
                "template": {
                  "spec": {
                    "nodeClassRef": {"group": "karpenter.k8s.aws", "kind": "EC2NodeClass", "name": "default"},
                    "requirements": [
                      {"key": "karpenter.sh/capacity-type", "operator": "In", "values": ["spot", "on-demand"]},
                      {"key": "karpenter.k8s.aws/instance-category", "operator": "In", "values": ["c", "m", "r"]},
                      {"key": "karpenter.k8s.aws/instance-generation", "operator": "Gt", "values": ["4"]},
                      {"key": "kubernetes.io/arch", "operator": "In", "values": ["arm64", "amd64"]},
                      {"key": "kubernetes.io/os", "operator": "In", "values": ["linux"]}
                    ],
                    "expireAfter": "336h"
                  }
                },
                "disruption": {"consolidationPolicy": "WhenEmptyOrUnderutilized", "consolidateAfter": "30s", "budgets": [{"nodes": "10%"}]},
                "limits": {"cpu": "100", "memory": "400Gi"}
              }
            }]
            """, Manifest(Resource(Defaults, "Custom::AWSCDK-EKS-KubernetesResource", "KarpenterNodePoolDefault")));
    }

    [Fact]
    public void Node_pool_with_instance_families_needs_no_category_or_generation_and_may_live_longer_than_on_Auto_Mode()
    {
        Synth.JsonEqual("""
            [{
              "apiVersion": "karpenter.sh/v1",
              "kind": "NodePool",
              "metadata": {"name": "graviton-spot"},
              "spec": {
                "template": {
                  "metadata": {"labels": {"tier": "web"}},
                  "spec": {
                    "nodeClassRef": {"group": "karpenter.k8s.aws", "kind": "EC2NodeClass", "name": "default"},
                    "requirements": [
                      {"key": "karpenter.sh/capacity-type", "operator": "In", "values": ["spot"]},
                      {"key": "karpenter.k8s.aws/instance-family", "operator": "In", "values": ["m7g", "c7g"]},
                      {"key": "kubernetes.io/arch", "operator": "In", "values": ["arm64"]},
                      {"key": "kubernetes.io/os", "operator": "In", "values": ["linux"]}
                    ],
                    "expireAfter": "720h"
                  }
                },
                "disruption": {"consolidationPolicy": "WhenEmptyOrUnderutilized", "consolidateAfter": "30s", "budgets": [{"nodes": "10%"}]},
                "limits": {"cpu": "32", "memory": "128Gi"},
                "weight": 10
              }
            }]
            """, Manifest(Resource(Irsa, "Custom::AWSCDK-EKS-KubernetesResource", "KarpenterNodePoolGravitonSpot")));
        Assert.DoesNotContain(Synth.Resources(Irsa, "Custom::AWSCDK-EKS-KubernetesResource").Keys, k => k.StartsWith("KarpenterNodePoolDefault", StringComparison.Ordinal));
    }

    [Fact]
    public void Warns_when_Pod_Identity_has_no_agent_and_notes_subnets_named_by_id()
    {
        var stack = Synth.NewStack();
        var cluster = new KubernetesCluster(stack, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(stack), Compute = KubernetesCompute.None, CoreAddons = false, KubectlLayer = Layer(stack) });
        _ = new Karpenter(stack, "Karpenter", new KarpenterProps { Cluster = cluster });
        _ = new AwsLoadBalancerController(stack, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = cluster });
        var annotations = Amazon.CDK.Assertions.Annotations.FromStack(stack);

        annotations.HasWarning("/TestStack/Karpenter", "The Karpenter controller acts through EKS Pod Identity, but TestStack/Cluster does not install the eks-pod-identity-agent add-on (CoreAddons = false, or an imported cluster without PodIdentityAgent = true): install it, or use Identity = ServiceAccountIdentity.Irsa. [ack: ContainerPatterns:Kubernetes:NoPodIdentityAgent]");
        annotations.HasWarning("/TestStack/LoadBalancers", "The AWS Load Balancer Controller acts through EKS Pod Identity, but TestStack/Cluster does not install the eks-pod-identity-agent add-on (CoreAddons = false, or an imported cluster without PodIdentityAgent = true): install it, or use Identity = ServiceAccountIdentity.Irsa. [ack: ContainerPatterns:Kubernetes:NoPodIdentityAgent]");
        annotations.HasInfo("/TestStack/Karpenter", "Some of Karpenter's node subnets are imported and cannot be tagged karpenter.sh/discovery here; the node class names them by id.");
    }

    [Fact]
    public void Exposes_what_it_created()
    {
        var stack = Synth.NewStack();
        var cluster = new KubernetesCluster(stack, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(stack), Compute = KubernetesCompute.None, KubectlLayer = Layer(stack) });
        var karpenter = new Karpenter(stack, "Karpenter", new KarpenterProps { Cluster = cluster });

        Assert.Equal("1.14.1", karpenter.Version);
        Assert.Equal(5, karpenter.InterruptionRules.Count);
        Assert.Single(karpenter.NodePools);
        Assert.Equal(karpenter.NodeSecurityGroup.SecurityGroupId, Assert.Single(karpenter.Connections.SecurityGroups).SecurityGroupId);
        Assert.NotNull(karpenter.ControllerRole);
        Assert.NotNull(karpenter.ControllerNodeGroup);
    }
}
