using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using ContainerPatterns.Ecs;
using static ContainerPatterns.Tests.Ecs.WebServiceFixture;

namespace ContainerPatterns.Tests.Ecs;

/// <summary>Workloads on clusters, networks and security groups the user brings.</summary>
public class WorkloadPlacementTests
{
    private static readonly IStackProps Ireland = new StackProps { Env = new Amazon.CDK.Environment { Account = "123456789012", Region = "eu-west-1" } };

    [Fact]
    public void Runs_a_web_service_on_an_imported_cluster_with_given_subnets_and_security_groups()
    {
        var json = Synth.Json(s =>
        {
            var vpc = ImportedVpc(s);
            var cluster = Cluster.FromClusterAttributes(s, "Shared", new ClusterAttributes { ClusterName = "shared", Vpc = vpc, SecurityGroups = [] });
            var group = SecurityGroup.FromSecurityGroupId(s, "AppGroup", "sg-0123456789abcdef0");
            _ = new LoadBalancedWebService(s, "Web", new LoadBalancedWebServiceProps
            {
                Cluster = cluster,
                Image = Image,
                TaskSubnets = new SubnetSelection { Subnets = [Subnet.FromSubnetId(s, "A", "subnet-0aaaaaaaaaaaaaaa1"), Subnet.FromSubnetId(s, "B", "subnet-0aaaaaaaaaaaaaaa2")] },
                SecurityGroups = [group],
            });
        });

        var service = Synth.Single(json, "AWS::ECS::Service");
        Assert.Equal("shared", service["Properties"]!["Cluster"]!.GetValue<string>());
        Synth.JsonEqual("""
            {"AssignPublicIp": "DISABLED", "SecurityGroups": ["sg-0123456789abcdef0"], "Subnets": ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]}
            """, service["Properties"]!["NetworkConfiguration"]!["AwsvpcConfiguration"]);
        // An imported cluster has no association in this stack to depend on.
        Assert.DoesNotContain(service["DependsOn"]!.AsArray(), d => d!.GetValue<string>().StartsWith("Shared", StringComparison.Ordinal));
        Assert.Empty(Synth.Resources(json, "AWS::ECS::ClusterCapacityProviderAssociations"));
        // Only the load balancer reaches the given group, on the container port.
        var ingress = Assert.Single(Synth.Resources(json, "AWS::EC2::SecurityGroupIngress").Values);
        Assert.Equal("sg-0123456789abcdef0", ingress["Properties"]!["GroupId"]!.GetValue<string>());
        Assert.Equal(8080, ingress["Properties"]!["FromPort"]!.GetValue<int>());
    }

    [Fact]
    public void Runs_a_web_service_on_a_plain_CDK_cluster_in_a_VPC_with_isolated_subnets_only()
    {
        var json = Synth.Json(s =>
        {
            var vpc = new Vpc(s, "Vpc", new VpcProps
            {
                MaxAzs = 2,
                NatGateways = 0,
                SubnetConfiguration =
                [
                    new SubnetConfiguration { Name = "Edge", SubnetType = SubnetType.PUBLIC },
                    new SubnetConfiguration { Name = "Apps", SubnetType = SubnetType.PRIVATE_ISOLATED },
                ],
            });
            var cluster = new Cluster(s, "Cluster", new ClusterProps { Vpc = vpc, EnableFargateCapacityProviders = true });
            var group = new SecurityGroup(s, "AppGroup", new SecurityGroupProps { Vpc = vpc });
            _ = new LoadBalancedWebService(s, "Web", new LoadBalancedWebServiceProps
            {
                Cluster = cluster,
                Image = Image,
                TaskSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED },
                SecurityGroups = [group],
            });
        });

        var service = Synth.Single(json, "AWS::ECS::Service");
        var network = service["Properties"]!["NetworkConfiguration"]!["AwsvpcConfiguration"]!;
        Assert.All(network["Subnets"]!.AsArray(), subnet => Assert.StartsWith("VpcAppsSubnet", subnet!["Ref"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.StartsWith("AppGroup", network["SecurityGroups"]![0]!["Fn::GetAtt"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var association = Assert.Single(Synth.Resources(json, "AWS::ECS::ClusterCapacityProviderAssociations")).Key;
        Assert.Contains(association, service["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public void Refuses_at_synth_a_CDK_cluster_without_the_Fargate_capacity_providers()
    {
        var error = Assert.ThrowsAny<Exception>(() => Synth.Template(s =>
        {
            var cluster = new Cluster(s, "Cluster", new ClusterProps { Vpc = ImportedVpc(s) });
            _ = new LoadBalancedWebService(s, "Web", new LoadBalancedWebServiceProps { Cluster = cluster, Image = Image });
        }));

        Assert.Contains(
            "[TestStack/Web] the cluster TestStack/Cluster does not have the FARGATE capacity provider(s) this service runs on; create it with EnableFargateCapacityProviders = true (ContainerCluster does) or call EnableFargateCapacityProviders() on it.",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Takes_a_task_count_and_times_from_tokens()
    {
        var json = Synth.Json(s =>
        {
            var max = new CfnParameter(s, "MaxTasks", new CfnParameterProps { Type = "Number" });
            var stop = new CfnParameter(s, "StopSeconds", new CfnParameterProps { Type = "Number" });
            _ = new LoadBalancedWebService(s, "Web", new LoadBalancedWebServiceProps
            {
                Cluster = LightCluster(s),
                Image = Image,
                MaxTasks = max.ValueAsNumber,
                StopTimeout = Duration.Seconds(stop.ValueAsNumber),
                DeregistrationDelay = Duration.Seconds(stop.ValueAsNumber),
            });
        });

        Synth.JsonEqual("""{"Ref": "MaxTasks"}""", Synth.Single(json, "AWS::ApplicationAutoScaling::ScalableTarget")["Properties"]!["MaxCapacity"]);
        var container = Synth.Single(json, "AWS::ECS::TaskDefinition")["Properties"]!["ContainerDefinitions"]![0]!;
        Synth.JsonEqual("""{"Ref": "StopSeconds"}""", container["StopTimeout"]);
        var attributes = Synth.Single(json, "AWS::ElasticLoadBalancingV2::TargetGroup")["Properties"]!["TargetGroupAttributes"]!.AsArray();
        Assert.Contains(attributes, a => a!["Key"]!.GetValue<string>() == "deregistration_delay.timeout_seconds");
    }

    [Fact]
    public void Suppresses_the_ECS_Exec_findings_as_they_render_in_a_stack_with_an_account_and_region()
    {
        var json = Synth.Json(
            s => NewService(s, c => new LoadBalancedWebServiceProps { Cluster = c, Image = Image, ExecuteCommand = true, ReadOnlyRootFilesystem = false }, clusterExec: true),
            Ireland);

        var taskPolicy = Synth.Resources(json, "AWS::IAM::Policy").Single(p => p.Key.StartsWith("WebTaskDefinitionTaskRoleDefaultPolicy", StringComparison.Ordinal)).Value;
        Synth.JsonEqual(
            """["Resource::*", "Resource::arn:<AWS::Partition>:logs:eu-west-1:123456789012:log-group:<ClusterExecuteCommandLogs605F1E7B>:*"]""",
            taskPolicy["Metadata"]!["cdk_nag"]!["rules_to_suppress"]![0]!["applies_to"]);
        // The rendered statement names exactly what the suppression says.
        Assert.Contains(
            "\"arn:\",{\"Ref\":\"AWS::Partition\"},\":logs:eu-west-1:123456789012:log-group:\",{\"Ref\":\"ClusterExecuteCommandLogs605F1E7B\"},\":*\"",
            taskPolicy["Properties"]!["PolicyDocument"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Turns_on_the_init_process_with_ECS_Exec_and_not_without()
    {
        var withExec = Synth.Json(s => NewService(s, c => new LoadBalancedWebServiceProps { Cluster = c, Image = Image, ExecuteCommand = true, ReadOnlyRootFilesystem = false }, clusterExec: true));
        var without = Synth.Json(s => NewService(s));

        Synth.JsonEqual("""{"Capabilities": {}, "InitProcessEnabled": true}""", Synth.Single(withExec, "AWS::ECS::TaskDefinition")["Properties"]!["ContainerDefinitions"]![0]!["LinuxParameters"]);
        Assert.Null(Synth.Single(without, "AWS::ECS::TaskDefinition")["Properties"]!["ContainerDefinitions"]![0]!["LinuxParameters"]);
    }
}
