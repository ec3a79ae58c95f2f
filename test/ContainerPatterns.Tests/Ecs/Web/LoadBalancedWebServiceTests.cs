using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SSM;
using ContainerPatterns.Ecs;
using static ContainerPatterns.Tests.Ecs.WebServiceFixture;
using SecretsManagerSecret = Amazon.CDK.AWS.SecretsManager.Secret;

namespace ContainerPatterns.Tests.Ecs;

public class LoadBalancedWebServiceTests
{
    private const string CertificateArn = "arn:aws:acm:eu-west-1:111122223333:certificate/0b0a0c0d-1111-2222-3333-444455556666";

    private static string IdOf(System.Text.Json.Nodes.JsonObject json, string type, string prefix = "Web") =>
        Synth.Resources(json, type).Single(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).Key;

    private static string[] Warnings(LoadBalancedWebService web) =>
        web.Node.Metadata.Where(m => m.Type == "aws:cdk:warning").Select(m => m.Data?.ToString() ?? string.Empty).ToArray();

    private static string[] SpotWarnings(LoadBalancedWebService web) =>
        Warnings(web).Where(w => w.EndsWith("[ack: " + WorkloadProps.SpotArm64InChinaWarningId + "]", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Runs_one_ARM64_container_with_a_read_only_root_filesystem_and_non_blocking_awslogs_by_default()
    {
        var json = Synth.Json(s => NewService(s));

        var task = Synth.Single(json, "AWS::ECS::TaskDefinition")["Properties"]!;
        var logs = IdOf(json, "AWS::Logs::LogGroup", "WebLogs");
        Synth.JsonEqual($$"""
            [{
              "Essential": true,
              "Image": "example/web:1.0",
              "LogConfiguration": {
                "LogDriver": "awslogs",
                "Options": {"awslogs-group": {"Ref": "{{logs}}"}, "awslogs-stream-prefix": "app", "awslogs-region": {"Ref": "AWS::Region"}, "mode": "non-blocking"}
              },
              "Memory": 1024,
              "Name": "app",
              "PortMappings": [{"ContainerPort": 8080, "Protocol": "tcp"}],
              "ReadonlyRootFilesystem": true,
              "StopTimeout": 30
            }]
            """, task["ContainerDefinitions"]);
        Synth.JsonEqual("""{"CpuArchitecture": "ARM64", "OperatingSystemFamily": "LINUX"}""", task["RuntimePlatform"]);
        Assert.Equal("512", task["Cpu"]!.GetValue<string>());
        Assert.Equal("1024", task["Memory"]!.GetValue<string>());
        var group = Synth.Resources(json, "AWS::Logs::LogGroup")[logs];
        Assert.Equal(30, group["Properties"]!["RetentionInDays"]!.GetValue<int>());
        Assert.Equal("Retain", group["DeletionPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void Passes_environment_command_user_stop_timeout_and_writable_scratch_paths_to_the_container()
    {
        var json = Synth.Json(s => NewService(s, c => new LoadBalancedWebServiceProps
        {
            Cluster = c,
            Image = Image,
            ContainerPort = 5000,
            Cpu = 1024,
            MemoryLimitMiB = 3072,
            CpuArchitecture = TaskCpuArchitecture.Amd64,
            Environment = new Dictionary<string, string> { ["LOG_LEVEL"] = "info" },
            Command = ["dotnet", "Api.dll"],
            User = "1654:1654",
            StopTimeout = Duration.Seconds(60),
            WritablePaths = ["/tmp", "/app/cache"],
            ContainerHealthCheck = new Amazon.CDK.AWS.ECS.HealthCheck { Command = ["CMD", "/app/healthcheck"], Interval = Duration.Seconds(10) },
        }));

        var task = Synth.Single(json, "AWS::ECS::TaskDefinition");
        var container = task["Properties"]!["ContainerDefinitions"]![0]!;
        Synth.JsonEqual("""[{"Name": "LOG_LEVEL", "Value": "info"}]""", container["Environment"]);
        Synth.JsonEqual("""["dotnet", "Api.dll"]""", container["Command"]);
        Assert.Equal("1654:1654", container["User"]!.GetValue<string>());
        Assert.Equal(60, container["StopTimeout"]!.GetValue<int>());
        Synth.JsonEqual("""[{"ContainerPort": 5000, "Protocol": "tcp"}]""", container["PortMappings"]);
        Synth.JsonEqual("""{"Command": ["CMD", "/app/healthcheck"], "Interval": 10, "Retries": 3, "Timeout": 5}""", container["HealthCheck"]);
        Synth.JsonEqual("""
            [{"ContainerPath": "/tmp", "ReadOnly": false, "SourceVolume": "scratch0"},
             {"ContainerPath": "/app/cache", "ReadOnly": false, "SourceVolume": "scratch1"}]
            """, container["MountPoints"]);
        Synth.JsonEqual("""[{"Name": "scratch0"}, {"Name": "scratch1"}]""", task["Properties"]!["Volumes"]);
        Synth.JsonEqual("""{"CpuArchitecture": "X86_64", "OperatingSystemFamily": "LINUX"}""", task["Properties"]!["RuntimePlatform"]);
        Assert.Equal("AwsSolutions-ECS2", task["Metadata"]!["cdk_nag"]!["rules_to_suppress"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void Injects_secrets_from_Secrets_Manager_and_SSM_and_lets_only_the_execution_role_read_them()
    {
        var json = Synth.Json(s => NewService(s, c => new LoadBalancedWebServiceProps
        {
            Cluster = c,
            Image = Image,
            Secrets = new Dictionary<string, Amazon.CDK.AWS.ECS.Secret>
            {
                ["DB_PASSWORD"] = Amazon.CDK.AWS.ECS.Secret.FromSecretsManager(new SecretsManagerSecret(s, "DbSecret")),
                ["API_KEY"] = Amazon.CDK.AWS.ECS.Secret.FromSsmParameter(StringParameter.FromSecureStringParameterAttributes(s, "ApiKey", new SecureStringParameterAttributes { ParameterName = "/web/api-key" })),
            },
        }));

        var secretId = IdOf(json, "AWS::SecretsManager::Secret", "DbSecret");
        Synth.JsonEqual($$$"""
            [
              {"Name": "DB_PASSWORD", "ValueFrom": {"Ref": "{{{secretId}}}"}},
              {"Name": "API_KEY", "ValueFrom": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":ssm:", {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":parameter/web/api-key"]]}}
            ]
            """, Synth.Single(json, "AWS::ECS::TaskDefinition")["Properties"]!["ContainerDefinitions"]![0]!["Secrets"]);

        var policies = Synth.Resources(json, "AWS::IAM::Policy");
        var execution = policies.Single(p => p.Key.StartsWith("WebTaskDefinitionExecutionRoleDefaultPolicy", StringComparison.Ordinal)).Value;
        var logs = IdOf(json, "AWS::Logs::LogGroup", "WebLogs");
        Synth.JsonEqual($$$"""
            [
              {"Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Effect": "Allow", "Resource": {"Fn::GetAtt": ["{{{logs}}}", "Arn"]}},
              {"Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], "Effect": "Allow", "Resource": {"Ref": "{{{secretId}}}"}},
              {"Action": ["ssm:DescribeParameters", "ssm:GetParameters", "ssm:GetParameter", "ssm:GetParameterHistory"], "Effect": "Allow",
               "Resource": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":ssm:", {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":parameter/web/api-key"]]}}
            ]
            """, execution["Properties"]!["PolicyDocument"]!["Statement"]);
        Assert.DoesNotContain(policies, p => p.Key.StartsWith("WebTaskDefinitionTaskRole", StringComparison.Ordinal));
    }

    [Fact]
    public void Deploys_with_circuit_breaker_rollback_100_to_200_percent_and_a_60_second_grace_period_in_private_subnets()
    {
        var json = Synth.Json(s => NewService(s));

        var service = Synth.Single(json, "AWS::ECS::Service")["Properties"]!;
        Synth.JsonEqual("""
            {
              "Alarms": {"AlarmNames": [], "Enable": false, "Rollback": false},
              "DeploymentCircuitBreaker": {"Enable": true, "Rollback": true},
              "MaximumPercent": 200,
              "MinimumHealthyPercent": 100
            }
            """, service["DeploymentConfiguration"]);
        Assert.Equal(60, service["HealthCheckGracePeriodSeconds"]!.GetValue<int>());
        // A template that carries DesiredCount resets a scaled-out service on every deploy: only the user may set it.
        Assert.Null(service["DesiredCount"]);
        Synth.JsonEqual("""[{"Base": 1, "CapacityProvider": "FARGATE", "Weight": 1}]""", service["CapacityProviderStrategy"]);
        var subnets = service["NetworkConfiguration"]!["AwsvpcConfiguration"]!;
        Assert.Equal("DISABLED", subnets["AssignPublicIp"]!.GetValue<string>());
        Assert.All(subnets["Subnets"]!.AsArray(), s => Assert.StartsWith("NetworkVpcPrivateSubnet", s!["Ref"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.False(service["EnableExecuteCommand"]!.GetValue<bool>());
    }

    [Fact]
    public void Puts_part_of_the_tasks_on_Fargate_Spot_when_asked_for_X64()
    {
        var json = Synth.Json(s => NewService(s, c => new LoadBalancedWebServiceProps
        {
            Cluster = c, Image = Image, CpuArchitecture = TaskCpuArchitecture.Amd64, OnDemandBase = 2, SpotWeight = 3,
        }));

        Synth.JsonEqual(
            """[{"Base": 2, "CapacityProvider": "FARGATE", "Weight": 1}, {"CapacityProvider": "FARGATE_SPOT", "Weight": 3}]""",
            Synth.Single(json, "AWS::ECS::Service")["Properties"]!["CapacityProviderStrategy"]);
    }

    [Fact]
    public void Puts_ARM64_tasks_on_Fargate_Spot_without_a_warning_outside_China()
    {
        LoadBalancedWebService? web = null;
        var json = Synth.Json(s => web = new LoadBalancedWebService(s, "Web", new LoadBalancedWebServiceProps { Cluster = LightCluster(s), Image = Image, SpotWeight = 2 }),
            new StackProps { Env = new Amazon.CDK.Environment { Account = "111122223333", Region = "eu-west-1" } });

        Synth.JsonEqual(
            """[{"Base": 1, "CapacityProvider": "FARGATE", "Weight": 1}, {"CapacityProvider": "FARGATE_SPOT", "Weight": 2}]""",
            Synth.Single(json, "AWS::ECS::Service")["Properties"]!["CapacityProviderStrategy"]);
        Assert.Equal("ARM64", Synth.Single(json, "AWS::ECS::TaskDefinition")["Properties"]!["RuntimePlatform"]!["CpuArchitecture"]!.GetValue<string>());
        Assert.Empty(SpotWarnings(web!));
    }

    [Fact]
    public void Warns_about_ARM64_tasks_on_Fargate_Spot_in_a_China_region_and_takes_the_acknowledgement()
    {
        var stack = Synth.NewStack(new StackProps { Env = new Amazon.CDK.Environment { Account = "111122223333", Region = "cn-north-1" } });
        var web = new LoadBalancedWebService(stack, "Web", new LoadBalancedWebServiceProps { Cluster = LightCluster(stack), Image = Image, SpotWeight = 2 });

        Assert.Equal(
            "TestStack/Web puts ARM64 tasks on Fargate Spot (SpotWeight = 2) in cn-north-1, and the ECS guide of the China regions still says Fargate Spot runs X86_64 tasks only: if tasks fail to start there, set CpuArchitecture = TaskCpuArchitecture.Amd64 (with an amd64 image) or SpotWeight = 0. [ack: ContainerPatterns:Workload:SpotArm64InChina]",
            Assert.Single(SpotWarnings(web)));
        Amazon.CDK.Annotations.Of(web).AcknowledgeWarning(WorkloadProps.SpotArm64InChinaWarningId, "tested in cn-north-1");
        Assert.Empty(SpotWarnings(web));
    }

    [Fact]
    public void Does_not_warn_about_Amd64_Spot_tasks_or_ARM64_on_demand_tasks_in_a_China_region()
    {
        var stack = Synth.NewStack(new StackProps { Env = new Amazon.CDK.Environment { Account = "111122223333", Region = "cn-northwest-1" } });
        var amd64 = new LoadBalancedWebService(stack, "Amd64", new LoadBalancedWebServiceProps { Cluster = LightCluster(stack), Image = Image, CpuArchitecture = TaskCpuArchitecture.Amd64, SpotWeight = 2 });
        var onDemand = new LoadBalancedWebService(stack, "OnDemand", new LoadBalancedWebServiceProps { Cluster = amd64.Service.Cluster, Image = Image });

        Assert.Empty(SpotWarnings(amd64));
        Assert.Empty(SpotWarnings(onDemand));
    }

    [Fact]
    public void Health_checks_targets_and_drains_them_for_30_seconds_by_default()
    {
        var json = Synth.Json(s => NewService(s));

        var vpc = IdOf(json, "AWS::EC2::VPC", "Network");
        Synth.JsonEqual($$"""
            {
              "HealthCheckEnabled": true,
              "HealthCheckIntervalSeconds": 15,
              "HealthCheckPath": "/",
              "HealthCheckTimeoutSeconds": 5,
              "HealthyThresholdCount": 2,
              "Matcher": {"HttpCode": "200-399"},
              "Port": 8080,
              "Protocol": "HTTP",
              "TargetGroupAttributes": [{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}, {"Key": "stickiness.enabled", "Value": "false"}],
              "TargetType": "ip",
              "UnhealthyThresholdCount": 3,
              "VpcId": {"Ref": "{{vpc}}"}
            }
            """, Synth.Single(json, "AWS::ElasticLoadBalancingV2::TargetGroup")["Properties"]);
    }

    [Fact]
    public void Uses_the_given_health_check_and_deployment_settings()
    {
        var json = Synth.Json(s => NewService(s, c => new LoadBalancedWebServiceProps
        {
            Cluster = c,
            Image = Image,
            HealthCheckPath = "/health",
            HealthCheckHealthyHttpCodes = "200,204",
            HealthCheckInterval = Duration.Seconds(10),
            HealthCheckTimeout = Duration.Seconds(4),
            HealthyThresholdCount = 3,
            UnhealthyThresholdCount = 2,
            HealthCheckGracePeriod = Duration.Seconds(120),
            DeregistrationDelay = Duration.Seconds(5),
            MinHealthyPercent = 50,
            MaxHealthyPercent = 150,
        }));

        var tg = Synth.Single(json, "AWS::ElasticLoadBalancingV2::TargetGroup")["Properties"]!;
        Assert.Equal("/health", tg["HealthCheckPath"]!.GetValue<string>());
        Synth.JsonEqual("""{"HttpCode": "200,204"}""", tg["Matcher"]);
        Assert.Equal(10, tg["HealthCheckIntervalSeconds"]!.GetValue<int>());
        Assert.Equal(4, tg["HealthCheckTimeoutSeconds"]!.GetValue<int>());
        Assert.Equal(3, tg["HealthyThresholdCount"]!.GetValue<int>());
        Assert.Equal(2, tg["UnhealthyThresholdCount"]!.GetValue<int>());
        Synth.JsonEqual("""{"Key": "deregistration_delay.timeout_seconds", "Value": "5"}""", tg["TargetGroupAttributes"]![0]);
        var service = Synth.Single(json, "AWS::ECS::Service")["Properties"]!;
        Assert.Equal(120, service["HealthCheckGracePeriodSeconds"]!.GetValue<int>());
        Assert.Equal(50, service["DeploymentConfiguration"]!["MinimumHealthyPercent"]!.GetValue<int>());
        Assert.Equal(150, service["DeploymentConfiguration"]!["MaximumPercent"]!.GetValue<int>());
    }

    [Fact]
    public void Lets_only_the_load_balancer_reach_the_tasks_and_only_on_the_container_port()
    {
        var json = Synth.Json(s => NewService(s));

        var serviceSg = IdOf(json, "AWS::EC2::SecurityGroup", "WebServiceSecurityGroup");
        var albSg = IdOf(json, "AWS::EC2::SecurityGroup", "WebLoadBalancerSecurityGroup");
        Synth.JsonEqual($$"""
            {
              "Description": "Load balancer to target", "FromPort": 8080, "ToPort": 8080, "IpProtocol": "tcp",
              "GroupId": {"Fn::GetAtt": ["{{serviceSg}}", "GroupId"]},
              "SourceSecurityGroupId": {"Fn::GetAtt": ["{{albSg}}", "GroupId"]}
            }
            """, Synth.Single(json, "AWS::EC2::SecurityGroupIngress")["Properties"]);
        Synth.JsonEqual($$"""
            {
              "Description": "Load balancer to target", "FromPort": 8080, "ToPort": 8080, "IpProtocol": "tcp",
              "GroupId": {"Fn::GetAtt": ["{{albSg}}", "GroupId"]},
              "DestinationSecurityGroupId": {"Fn::GetAtt": ["{{serviceSg}}", "GroupId"]}
            }
            """, Synth.Single(json, "AWS::EC2::SecurityGroupEgress")["Properties"]);
        var groups = Synth.Resources(json, "AWS::EC2::SecurityGroup");
        Assert.Null(groups[serviceSg]["Properties"]!["SecurityGroupIngress"]);
        Synth.JsonEqual(
            """[{"CidrIp": "0.0.0.0/0", "Description": "Allow from anyone on port 80", "FromPort": 80, "IpProtocol": "tcp", "ToPort": 80}]""",
            groups[albSg]["Properties"]!["SecurityGroupIngress"]);
        Assert.Equal("AwsSolutions-EC23", groups[albSg]["Metadata"]!["cdk_nag"]!["rules_to_suppress"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void Serves_plain_HTTP_with_a_synth_time_warning_when_no_certificate_or_domain_is_given()
    {
        var stack = Synth.NewStack();
        var web = NewService(stack);
        var json = Synth.ToJson(Template.FromStack(stack));

        var listener = Synth.Single(json, "AWS::ElasticLoadBalancingV2::Listener")["Properties"]!;
        var tg = IdOf(json, "AWS::ElasticLoadBalancingV2::TargetGroup");
        Synth.JsonEqual($$"""[{"TargetGroupArn": {"Ref": "{{tg}}"}, "Type": "forward"}]""", listener["DefaultActions"]);
        Assert.Equal(80, listener["Port"]!.GetValue<int>());
        Assert.Null(web.HttpsListener);
        Assert.Null(web.Certificate);
        // Annotations.FromStack would synthesize the stack a second time; the warning is node metadata already.
        Assert.Equal(
            "TestStack/Web serves plain HTTP on port 80: give LoadBalancedWebServiceProps.Certificate, or DomainName and HostedZone, for HTTPS with a redirect from HTTP. [ack: ContainerPatterns:LoadBalancedWebService:HttpOnly]",
            Assert.Single(Warnings(web)));
    }

    [Fact]
    public void Lets_users_acknowledge_the_plain_HTTP_warning_by_its_id()
    {
        var stack = Synth.NewStack();
        var web = NewService(stack);

        Amazon.CDK.Annotations.Of(web).AcknowledgeWarning("ContainerPatterns:LoadBalancedWebService:HttpOnly", "internal tool behind a VPN");

        Assert.Empty(Warnings(web));
    }

    [Fact]
    public void Writes_the_desired_count_only_when_the_user_sets_it()
    {
        var json = Synth.Json(s => NewService(s, c => new LoadBalancedWebServiceProps { Cluster = c, Image = Image, MinTasks = 2, MaxTasks = 6, DesiredTasks = 3 }));

        Assert.Equal(3, Synth.Single(json, "AWS::ECS::Service")["Properties"]!["DesiredCount"]!.GetValue<int>());
    }

    [Fact]
    public void Depends_on_the_cluster_capacity_provider_association_so_deletes_and_creates_are_ordered()
    {
        var json = Synth.Json(s => NewService(s));

        var association = Assert.Single(Synth.Resources(json, "AWS::ECS::ClusterCapacityProviderAssociations")).Key;
        var dependsOn = Synth.Single(json, "AWS::ECS::Service")["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>());
        Assert.Contains(association, dependsOn);
    }

    [Fact]
    public void Redirects_http_to_https_and_uses_a_TLS_1_3_policy_when_a_certificate_is_given()
    {
        var stack = Synth.NewStack();
        var web = NewService(stack, c => new LoadBalancedWebServiceProps
        {
            Cluster = c, Image = Image, Certificate = Certificate.FromCertificateArn(stack, "Cert", CertificateArn),
        });
        var json = Synth.ToJson(Template.FromStack(stack));

        var listeners = Synth.Resources(json, "AWS::ElasticLoadBalancingV2::Listener");
        var lb = IdOf(json, "AWS::ElasticLoadBalancingV2::LoadBalancer");
        var tg = IdOf(json, "AWS::ElasticLoadBalancingV2::TargetGroup");
        Synth.JsonEqual($$"""
            {
              "Certificates": [{"CertificateArn": "{{CertificateArn}}"}],
              "DefaultActions": [{"TargetGroupArn": {"Ref": "{{tg}}"}, "Type": "forward"}],
              "LoadBalancerArn": {"Ref": "{{lb}}"},
              "Port": 443,
              "Protocol": "HTTPS",
              "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06"
            }
            """, listeners.Single(l => l.Key.Contains("HttpsListener", StringComparison.Ordinal)).Value["Properties"]);
        Synth.JsonEqual($$"""
            {
              "DefaultActions": [{"RedirectConfig": {"Port": "443", "Protocol": "HTTPS", "StatusCode": "HTTP_301"}, "Type": "redirect"}],
              "LoadBalancerArn": {"Ref": "{{lb}}"},
              "Port": 80,
              "Protocol": "HTTP"
            }
            """, listeners.Single(l => l.Key.Contains("HttpListener", StringComparison.Ordinal)).Value["Properties"]);
        var albSg = Synth.Resources(json, "AWS::EC2::SecurityGroup").Single(g => g.Key.StartsWith("WebLoadBalancerSecurityGroup", StringComparison.Ordinal)).Value;
        Synth.JsonEqual("""
            [{"CidrIp": "0.0.0.0/0", "Description": "Allow from anyone on port 443", "FromPort": 443, "IpProtocol": "tcp", "ToPort": 443},
             {"CidrIp": "0.0.0.0/0", "Description": "Allow from anyone on port 80", "FromPort": 80, "IpProtocol": "tcp", "ToPort": 80}]
            """, albSg["Properties"]!["SecurityGroupIngress"]);
        Assert.NotNull(web.HttpsListener);
        Assert.StartsWith("https://", web.Url, StringComparison.Ordinal);
        Assert.Empty(Warnings(web));
    }

    [Fact]
    public void Creates_a_DNS_validated_certificate_and_an_alias_record_for_a_domain()
    {
        var stack = Synth.NewStack();
        var web = NewService(stack, c => new LoadBalancedWebServiceProps
        {
            Cluster = c,
            Image = Image,
            DomainName = "api.example.com",
            HostedZone = HostedZone.FromHostedZoneAttributes(stack, "Zone", new HostedZoneAttributes { HostedZoneId = "Z0123456789ABCDEFGHIJ", ZoneName = "example.com" }),
            SslPolicy = SslPolicy.TLS13_13,
        });
        var json = Synth.ToJson(Template.FromStack(stack));

        Synth.JsonEqual("""
            {"DomainName": "api.example.com", "DomainValidationOptions": [{"DomainName": "api.example.com", "HostedZoneId": "Z0123456789ABCDEFGHIJ"}], "ValidationMethod": "DNS"}
            """, Synth.Single(json, "AWS::CertificateManager::Certificate")["Properties"]!.DeepClone().AsObject().Also(o => o.Remove("Tags")));
        var lb = IdOf(json, "AWS::ElasticLoadBalancingV2::LoadBalancer");
        var record = Synth.Single(json, "AWS::Route53::RecordSet")["Properties"]!;
        Assert.Equal("api.example.com.", record["Name"]!.GetValue<string>());
        Assert.Equal("A", record["Type"]!.GetValue<string>());
        Synth.JsonEqual($$"""{"Fn::GetAtt": ["{{lb}}", "CanonicalHostedZoneID"]}""", record["AliasTarget"]!["HostedZoneId"]);
        var https = Synth.Resources(json, "AWS::ElasticLoadBalancingV2::Listener").Single(l => l.Key.Contains("HttpsListener", StringComparison.Ordinal)).Value;
        Assert.Equal("ELBSecurityPolicy-TLS13-1-3-2021-06", https["Properties"]!["SslPolicy"]!.GetValue<string>());
        Assert.Equal("https://api.example.com", web.Url);
    }

    [Fact]
    public void Places_an_internal_load_balancer_in_the_private_subnets_reachable_from_the_VPC_only()
    {
        var json = Synth.Json(s => NewService(s, c => new LoadBalancedWebServiceProps { Cluster = c, Image = Image, InternetFacing = false }));

        var lb = Synth.Single(json, "AWS::ElasticLoadBalancingV2::LoadBalancer")["Properties"]!;
        Assert.Equal("internal", lb["Scheme"]!.GetValue<string>());
        Assert.All(lb["Subnets"]!.AsArray(), s => Assert.StartsWith("NetworkVpcPrivateSubnet", s!["Ref"]!.GetValue<string>(), StringComparison.Ordinal));
        var vpc = IdOf(json, "AWS::EC2::VPC", "Network");
        var albSg = Synth.Resources(json, "AWS::EC2::SecurityGroup").Single(g => g.Key.StartsWith("WebLoadBalancerSecurityGroup", StringComparison.Ordinal)).Value;
        Synth.JsonEqual($$"""
            [{"CidrIp": {"Fn::GetAtt": ["{{vpc}}", "CidrBlock"]}, "Description": "Clients in the VPC", "FromPort": 80, "IpProtocol": "tcp", "ToPort": 80}]
            """, albSg["Properties"]!["SecurityGroupIngress"]);
        Assert.Null(albSg["Metadata"]);
    }

    [Fact]
    public void Drops_invalid_header_fields_and_turns_on_deletion_protection_and_WAF_when_asked()
    {
        const string acl = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/web/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
        var json = Synth.Json(s => NewService(s, c => new LoadBalancedWebServiceProps { Cluster = c, Image = Image, DeletionProtection = true, WebAclArn = acl }));

        var attributes = Synth.Single(json, "AWS::ElasticLoadBalancingV2::LoadBalancer")["Properties"]!["LoadBalancerAttributes"]!.AsArray();
        Assert.Contains(attributes, a => a!["Key"]!.GetValue<string>() == "routing.http.drop_invalid_header_fields.enabled" && a["Value"]!.GetValue<string>() == "true");
        Assert.Contains(attributes, a => a!["Key"]!.GetValue<string>() == "deletion_protection.enabled" && a["Value"]!.GetValue<string>() == "true");
        var lb = IdOf(json, "AWS::ElasticLoadBalancingV2::LoadBalancer");
        Synth.JsonEqual($$"""{"ResourceArn": {"Ref": "{{lb}}"}, "WebACLArn": "{{acl}}"}""", Synth.Single(json, "AWS::WAFv2::WebACLAssociation")["Properties"]);
    }

    [Fact]
    public void Writes_access_logs_to_an_encrypted_SSL_only_retained_bucket_with_a_90_day_lifecycle()
    {
        var json = Synth.Json(s => NewService(s));

        var (bucketId, bucket) = Assert.Single(Synth.Resources(json, "AWS::S3::Bucket"));
        Synth.JsonEqual("""
            {
              "BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
              "LifecycleConfiguration": {"Rules": [{"AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}, "ExpirationInDays": 90, "Id": "ExpireAccessLogs", "Status": "Enabled"}]},
              "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
              "PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true}
            }
            """, bucket["Properties"]);
        Assert.Equal("Retain", bucket["DeletionPolicy"]!.GetValue<string>());
        var lb = Synth.Single(json, "AWS::ElasticLoadBalancingV2::LoadBalancer");
        Synth.JsonEqual($$$"""
            [{"Key": "deletion_protection.enabled", "Value": "false"},
             {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
             {"Key": "access_logs.s3.enabled", "Value": "true"},
             {"Key": "access_logs.s3.bucket", "Value": {"Ref": "{{{bucketId}}}"}},
             {"Key": "access_logs.s3.prefix", "Value": ""}]
            """, lb["Properties"]!["LoadBalancerAttributes"]);
        var policyId = IdOf(json, "AWS::S3::BucketPolicy");
        Assert.Contains(lb["DependsOn"]!.AsArray(), d => d!.GetValue<string>() == policyId);
    }

    [Fact]
    public void Lets_only_ELB_log_delivery_write_access_logs_and_denies_non_SSL_access()
    {
        var json = Synth.Json(s => NewService(s));

        var bucket = IdOf(json, "AWS::S3::Bucket");
        var statements = Synth.Single(json, "AWS::S3::BucketPolicy")["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        Assert.Equal(3, statements.Count);
        Synth.JsonEqual($$$"""
            {"Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}, "Effect": "Deny", "Principal": {"AWS": "*"},
             "Resource": [{"Fn::GetAtt": ["{{{bucket}}}", "Arn"]}, {"Fn::Join": ["", [{"Fn::GetAtt": ["{{{bucket}}}", "Arn"]}, "/*"]]}]}
            """, statements[0]);
        var logObjects = $$$"""{"Fn::Join": ["", [{"Fn::GetAtt": ["{{{bucket}}}", "Arn"]}, "/AWSLogs/", {"Ref": "AWS::AccountId"}, "/*"]]}""";
        Synth.JsonEqual($$$"""
            {"Action": "s3:PutObject", "Effect": "Allow", "Principal": {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}, "Resource": {{{logObjects}}}}
            """, statements[2]);
        Assert.Equal("s3:PutObject", statements[1]!["Action"]!.GetValue<string>());
        Synth.JsonEqual(logObjects, statements[1]!["Resource"]);

        // The regional ELB account comes from Fn::If over literal accounts, never from a mapping (CloudFormation
        // resolves Fn::FindInMap even in branches it does not take): one entry per region, dropped elsewhere.
        Assert.DoesNotContain("Fn::FindInMap", Synth.Single(json, "AWS::S3::BucketPolicy").ToJsonString(), StringComparison.Ordinal);
        var conditions = json["Conditions"]!.AsObject().Where(c => c.Key.StartsWith("WebElbLogDeliveryIn", StringComparison.Ordinal)).ToDictionary(c => c.Key, c => c.Value);
        var euWest1 = Assert.Single(conditions, c => c.Key.StartsWith("WebElbLogDeliveryInEuWest1", StringComparison.Ordinal));
        Synth.JsonEqual("""{"Fn::Equals": [{"Ref": "AWS::Region"}, "eu-west-1"]}""", euWest1.Value);
        var principals = statements[1]!["Principal"]!["AWS"]!.AsArray();
        Assert.True(conditions.Count >= 20, $"only {conditions.Count} regions");
        Assert.Equal(conditions.Count + 1, principals.Count);
        Assert.Contains(principals, p => System.Text.Json.Nodes.JsonNode.DeepEquals(p, System.Text.Json.Nodes.JsonNode.Parse($$"""
            {"Fn::If": ["{{euWest1.Key}}", {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", "156460612806", ":root"]]}, {"Ref": "AWS::NoValue"}]}
            """)));
        Assert.All(principals.Take(conditions.Count), p => Assert.Contains(p!["Fn::If"]![0]!.GetValue<string>(), conditions.Keys));
        Synth.JsonEqual("""{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "AWS::AccountId"}, ":root"]]}""", principals[^1]);
    }

    [Fact]
    public void Uses_the_regional_ELB_account_for_access_logs_in_a_stack_with_a_region()
    {
        var json = Synth.Json(
            s => NewService(s),
            new StackProps { Env = new Amazon.CDK.Environment { Account = "111122223333", Region = "eu-west-1" } });

        var statements = Synth.Single(json, "AWS::S3::BucketPolicy")["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();
        Assert.Contains(statements, st => st!["Principal"]!["AWS"]?.ToJsonString() ==
            """{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::156460612806:root"]]}""");
        Assert.Null(json["Conditions"]);
    }

    [Fact]
    public void Writes_no_access_logs_when_turned_off()
    {
        var web = default(LoadBalancedWebService);
        var template = Synth.Template(s => web = NewService(s, c => new LoadBalancedWebServiceProps { Cluster = c, Image = Image, AccessLogs = false }));

        template.ResourceCountIs("AWS::S3::Bucket", 0);
        Assert.Null(web!.AccessLogBucket);
    }

    [Fact]
    public void Turns_on_ECS_Exec_with_the_clusters_key_when_asked()
    {
        var json = Synth.Json(s => NewService(s, c => new LoadBalancedWebServiceProps { Cluster = c, Image = Image, ExecuteCommand = true, ReadOnlyRootFilesystem = false }, clusterExec: true));

        Assert.True(Synth.Single(json, "AWS::ECS::Service")["Properties"]!["EnableExecuteCommand"]!.GetValue<bool>());
        var container = Synth.Single(json, "AWS::ECS::TaskDefinition")["Properties"]!["ContainerDefinitions"]![0]!;
        Assert.False(container["ReadonlyRootFilesystem"]!.GetValue<bool>());
        var taskPolicy = Synth.Resources(json, "AWS::IAM::Policy").Single(p => p.Key.StartsWith("WebTaskDefinitionTaskRoleDefaultPolicy", StringComparison.Ordinal)).Value;
        var statements = taskPolicy["Properties"]!["PolicyDocument"]!["Statement"]!.ToJsonString();
        Assert.Contains("ssmmessages:CreateControlChannel", statements, StringComparison.Ordinal);
        Assert.Contains("kms:Decrypt", statements, StringComparison.Ordinal);
        Synth.JsonEqual(
            """["Resource::*", "Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:<ClusterExecuteCommandLogs605F1E7B>:*"]""",
            taskPolicy["Metadata"]!["cdk_nag"]!["rules_to_suppress"]![0]!["applies_to"]);
    }

    [Fact]
    public void Grants_to_the_task_role_and_exposes_the_service_security_group()
    {
        var stack = Synth.NewStack();
        var web = NewService(stack);
        var bucket = new Bucket(stack, "Data");
        bucket.GrantRead(web);
        web.Connections.AllowToDefaultPort(new Amazon.CDK.AWS.EC2.Connections_(new Amazon.CDK.AWS.EC2.ConnectionsProps
        {
            DefaultPort = Amazon.CDK.AWS.EC2.Port.Tcp(5432),
            SecurityGroups = [new Amazon.CDK.AWS.EC2.SecurityGroup(stack, "Db", new Amazon.CDK.AWS.EC2.SecurityGroupProps { Vpc = (Amazon.CDK.AWS.EC2.IVpc)stack.Node.FindChild("Network").Node.FindChild("Vpc") })],
        }));
        var json = Synth.ToJson(Template.FromStack(stack));

        var taskRole = IdOf(json, "AWS::IAM::Role", "WebTaskDefinitionTaskRole");
        var policy = Synth.Resources(json, "AWS::IAM::Policy").Single(p => p.Key.StartsWith("WebTaskDefinitionTaskRoleDefaultPolicy", StringComparison.Ordinal)).Value;
        Synth.JsonEqual($$"""[{"Ref": "{{taskRole}}"}]""", policy["Properties"]!["Roles"]);
        Assert.Contains(Synth.Resources(json, "AWS::EC2::SecurityGroupIngress").Values, i => i["Properties"]!["FromPort"]!.GetValue<int>() == 5432);
        Assert.Same(web.TaskDefinition.TaskRole, web.GrantPrincipal);
    }
}

internal static class JsonNodeExtensions
{
    /// <summary>Applies an edit and returns the node, for asserting a node minus volatile members.</summary>
    public static T Also<T>(this T node, Action<T> edit)
    {
        edit(node);
        return node;
    }
}
