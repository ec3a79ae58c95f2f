using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.Route53;
using ContainerPatterns.Ecs;
using static ContainerPatterns.Tests.Ecs.WebServiceFixture;

namespace ContainerPatterns.Tests.Ecs;

/// <summary>
/// Inputs that CDK accepted but that failed at deploy, or failed inside CDK without naming the construct or the prop:
/// each is now refused at synth with the path, the prop, the value and what is allowed.
/// </summary>
public class WorkloadInputTests
{
    private const string Path = "TestStack/Web: ";
    private static readonly string NewLine = System.Environment.NewLine;
    private static readonly IStackProps Ireland = new StackProps { Env = new Amazon.CDK.Environment { Account = "123456789012", Region = "eu-west-1" } };

    private static string ErrorIn(IStackProps env, Func<Stack, LoadBalancedWebServiceProps> props)
    {
        var stack = new Stack(new App(), Synth.StackId, env);
        return Assert.Throws<ArgumentException>(() => new LoadBalancedWebService(stack, "Web", props(stack))).Message;
    }

    [Fact]
    public void Reports_null_props_required_members_and_null_values_by_name()
    {
        Assert.Equal(
            Path + "props is null; it is required: a LoadBalancedWebServiceProps with at least its required members.",
            Synth.Error(s => new LoadBalancedWebService(s, "Web", null!)).Message);
        Assert.Equal(
            "6 invalid props:" + NewLine +
            "  " + Path + "Cluster is null; it is required: the ECS cluster the tasks run on (ContainerCluster.Cluster, a CDK Cluster, or Cluster.FromClusterAttributes with its Vpc)." + NewLine +
            "  " + Path + "Image is null; it is required: the container image, e.g. ContainerImage.FromEcrRepository(repository, tag) or ContainerImage.FromAsset(dir)." + NewLine +
            "  " + Path + "Environment[\"MODE\"] is null; it is required: a value (use \"\" for an empty one)." + NewLine +
            "  " + Path + "Secrets[\"TOKEN\"] is null; it is required: a Secret (Secret.FromSecretsManager or Secret.FromSsmParameter)." + NewLine +
            "  " + Path + "ScheduledScaling[0].Id is null; it is required: a construct id of letters and digits." + NewLine +
            "  " + Path + "ScheduledScaling[1] is null; it is required: a ScheduledScaling.",
            Synth.Error(s => new LoadBalancedWebService(s, "Web", new LoadBalancedWebServiceProps
            {
                Cluster = null!,
                Image = null!,
                Environment = new Dictionary<string, string> { ["MODE"] = null! },
                Secrets = new Dictionary<string, Amazon.CDK.AWS.ECS.Secret> { ["TOKEN"] = null! },
                ScheduledScaling = [new ScheduledScaling { Id = null!, Schedule = Schedule.Expression("rate(1 day)"), MinTasks = 3 }, null!],
            })).Message);
    }

    [Fact]
    public void Refuses_environment_variable_names_ECS_or_the_process_environment_cannot_take()
    {
        Assert.Equal(
            "3 invalid props:" + NewLine +
            "  " + Path + "Environment key = \"\" is not valid; allowed: a non-blank variable name without '=' (e.g. \"LOG_LEVEL\")." + NewLine +
            "  " + Path + "Environment key = \"  \" is not valid; allowed: a non-blank variable name without '=' (e.g. \"LOG_LEVEL\")." + NewLine +
            "  " + Path + "Environment key = \"A=B\" is not valid; allowed: a non-blank variable name without '=' (e.g. \"LOG_LEVEL\").",
            ErrorOf(c => new() { Cluster = c, Image = Image, Environment = new Dictionary<string, string> { [string.Empty] = "x", ["  "] = "y", ["A=B"] = "z", ["spring.profiles.active"] = "prod" } }));
    }

    [Fact]
    public void Refuses_enum_values_outside_their_enum()
    {
        Assert.Equal(
            "2 invalid props:" + NewLine +
            "  " + Path + "CpuArchitecture = (TaskCpuArchitecture)7 is not valid; allowed: Arm64, Amd64." + NewLine +
            "  " + Path + "RemovalPolicy = (RemovalPolicy)42 is not valid; allowed: DESTROY, RETAIN, SNAPSHOT, RETAIN_ON_UPDATE_OR_DELETE.",
            ErrorOf(c => new() { Cluster = c, Image = Image, CpuArchitecture = (TaskCpuArchitecture)7, RemovalPolicy = (RemovalPolicy)42 }));
    }

    [Fact]
    public void Refuses_a_domain_outside_its_hosted_zone()
    {
        Assert.Equal(
            Path + "DomainName = \"api.example.org\" is not valid; it is not inside the hosted zone \"example.com\" (Route 53 refuses the alias record and DNS validation never completes); allowed: \"example.com\" or a name ending in \".example.com\".",
            ErrorOf(c => new()
            {
                Cluster = c,
                Image = Image,
                DomainName = "api.example.org",
                HostedZone = HostedZone.FromHostedZoneAttributes(Stack.Of(c), "Zone", new HostedZoneAttributes { HostedZoneId = "Z0123456789ABCDEFGHIJ", ZoneName = "example.com" }),
            }));
    }

    [Fact]
    public void Refuses_a_certificate_that_is_not_from_ACM_or_from_another_region()
    {
        Assert.Equal(
            Path + "Certificate.CertificateArn = \"arn:aws:iam::123456789012:server-certificate/web\" is not valid; allowed: an ACM certificate ARN, arn:<partition>:acm:<region>:<account>:certificate/<id> (a load balancer listener takes ACM certificates only).",
            ErrorOf(c => new() { Cluster = c, Image = Image, Certificate = Certificate.FromCertificateArn(Stack.Of(c), "Cert", "arn:aws:iam::123456789012:server-certificate/web") }));
        Assert.Equal(
            Path + "Certificate.CertificateArn = \"arn:aws:acm:us-east-1:123456789012:certificate/0b0a0c0d-1111-2222-3333-444455556666\" is not valid; the certificate is in us-east-1, but the stack deploys to eu-west-1; allowed: a certificate in eu-west-1 (a load balancer uses certificates of its own region).",
            ErrorIn(Ireland, s => new()
            {
                Cluster = LightCluster(s),
                Image = Image,
                Certificate = Certificate.FromCertificateArn(s, "Cert", "arn:aws:acm:us-east-1:123456789012:certificate/0b0a0c0d-1111-2222-3333-444455556666"),
            }));
    }

    [Fact]
    public void Refuses_a_web_ACL_in_another_region_than_the_stack()
    {
        Assert.Equal(
            Path + "WebAclArn = \"arn:aws:wafv2:us-east-1:123456789012:regional/webacl/web/abc-123\" is not valid; the web ACL is in us-east-1, but the stack deploys to eu-west-1; allowed: a regional web ACL in eu-west-1 (WAF associates a load balancer with web ACLs of its own region).",
            ErrorIn(Ireland, s => new() { Cluster = LightCluster(s), Image = Image, WebAclArn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/web/abc-123" }));
    }

    [Fact]
    public void Refuses_a_load_balancer_in_one_Availability_Zone()
    {
        Assert.Equal(
            Path + "the public subnets the load balancer uses by default span 1 Availability Zone(s); an Application Load Balancer needs subnets in at least 2. Use a VPC with two or more AZs, or name subnets in two AZs with LoadBalancerSubnets.",
            Synth.Error(s =>
            {
                var vpc = Vpc.FromVpcAttributes(s, "OneAz", new VpcAttributes
                {
                    VpcId = "vpc-0123456789abcdef0",
                    VpcCidrBlock = "10.0.0.0/16",
                    AvailabilityZones = ["eu-west-1a"],
                    PublicSubnetIds = ["subnet-00000000000000001"],
                    PrivateSubnetIds = ["subnet-00000000000000003"],
                });
                var cluster = new ContainerCluster(s, "Cluster", new ContainerClusterProps { Vpc = vpc }).Cluster;
                _ = new LoadBalancedWebService(s, "Web", new LoadBalancedWebServiceProps { Cluster = cluster, Image = Image });
            }).Message);
    }

    [Fact]
    public void Explains_a_VPC_without_private_subnets_with_egress_and_an_internal_load_balancer_without_a_CIDR()
    {
        Assert.Equal(
            "2 invalid props:" + NewLine +
            "  " + Path + "the cluster's VPC has no private subnets with egress, where tasks run by default; name the task subnets with TaskSubnets, e.g. new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED } (isolated subnets need VPC endpoints for ECR, S3 and CloudWatch Logs)." + NewLine +
            "  " + Path + "InternetFacing = false opens the load balancer to the VPC's CIDR, which the cluster's VPC does not know; import the VPC with its VpcCidrBlock.",
            Synth.Error(s =>
            {
                var vpc = Vpc.FromVpcAttributes(s, "Isolated", new VpcAttributes
                {
                    VpcId = "vpc-0123456789abcdef0",
                    AvailabilityZones = ["eu-west-1a", "eu-west-1b"],
                    IsolatedSubnetIds = ["subnet-00000000000000005", "subnet-00000000000000006"],
                });
                var cluster = new ContainerCluster(s, "Cluster", new ContainerClusterProps { Vpc = vpc }).Cluster;
                _ = new LoadBalancedWebService(s, "Web", new LoadBalancedWebServiceProps
                {
                    Cluster = cluster,
                    Image = Image,
                    InternetFacing = false,
                    LoadBalancerSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED },
                });
            }).Message);
    }

    [Fact]
    public void Refuses_public_task_subnets_and_too_many_security_groups()
    {
        Assert.Equal(
            "2 invalid props:" + NewLine +
            "  " + Path + "SecurityGroups has 6 security group(s); allowed: 1 to 5 (a network interface's limit), or leave it unset to have one created." + NewLine +
            "  " + Path + "TaskSubnets selects PUBLIC subnets; tasks get no public IP address, so there they could reach neither ECR nor CloudWatch Logs. Select private subnets (with egress, or isolated with VPC endpoints).",
            ErrorOf(c => new()
            {
                Cluster = c,
                Image = Image,
                TaskSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC },
                SecurityGroups = Enumerable.Range(1, 6).Select(i => SecurityGroup.FromSecurityGroupId(Stack.Of(c), $"G{i}", $"sg-00000000000000{i:00}")).ToArray(),
            }));
    }

    [Fact]
    public void Refuses_scheduled_bounds_the_service_bounds_make_impossible()
    {
        Assert.Equal(
            "2 invalid props:" + NewLine +
            "  " + Path + "ScheduledScaling[0].MinTasks = 6 is greater than the service's MaxTasks = 4, which the action leaves unchanged (Application Auto Scaling refuses such an action); raise MaxTasks or give ScheduledScaling[0].MaxTasks." + NewLine +
            "  " + Path + "ScheduledScaling[1].MaxTasks = 1 is less than the service's MinTasks = 2, which the action leaves unchanged (Application Auto Scaling refuses such an action); lower MinTasks or give ScheduledScaling[1].MinTasks.",
            ErrorOf(c => new()
            {
                Cluster = c,
                Image = Image,
                ScheduledScaling =
                [
                    new() { Id = "Peak", Schedule = Schedule.Expression("cron(0 7 ? * MON-FRI *)"), MinTasks = 6 },
                    new() { Id = "Night", Schedule = Schedule.Expression("cron(0 22 ? * MON-FRI *)"), MaxTasks = 1 },
                ],
            }));
    }

    [Fact]
    public void Refuses_step_policies_CDK_would_fail_on_without_naming_the_prop()
    {
        var metric = new Metric(new MetricProps { Namespace = "Web", MetricName = "Jobs" });
        Assert.Equal(
            "2 invalid props:" + NewLine +
            "  " + Path + "StepScaling key = \"CpuScaling\" is not valid; the service's CPU target tracking uses that construct id under the scalable target (taken there: Resource, CpuScaling); choose another." + NewLine +
            "  " + Path + "StepScaling[\"Queue\"].ScalingSteps has 1 interval(s); step scaling needs at least 2 (e.g. one to scale in below a bound and one to scale out above it).",
            ErrorOf(c => new()
            {
                Cluster = c,
                Image = Image,
                StepScaling = new Dictionary<string, BasicStepScalingPolicyProps>
                {
                    ["CpuScaling"] = new() { Metric = metric, ScalingSteps = [new ScalingInterval { Upper = 1, Change = -1 }, new ScalingInterval { Lower = 10, Change = 1 }] },
                    ["Queue"] = new() { Metric = metric, ScalingSteps = [new ScalingInterval { Lower = 10, Change = 1 }] },
                },
            }));
    }

    [Fact]
    public void Accepts_step_and_schedule_ids_that_clash_with_nothing_CDK_creates()
    {
        var metric = new Metric(new MetricProps { Namespace = "Web", MetricName = "Jobs" });
        ScalingInterval[] steps = [new ScalingInterval { Upper = 1, Change = -1 }, new ScalingInterval { Lower = 10, Change = 1 }];
        var json = Synth.Json(s => _ = new LoadBalancedWebService(s, "Web", new LoadBalancedWebServiceProps
        {
            Cluster = WebServiceFixture.LightCluster(s),
            Image = Image,
            ScaleOnCpu = false,
            // Taken by nothing: no CPU, memory or request tracking here, and "Target" is the scalable target itself.
            StepScaling = new Dictionary<string, BasicStepScalingPolicyProps>
            {
                ["CpuScaling"] = new() { Metric = metric, ScalingSteps = steps },
                ["MemoryScaling"] = new() { Metric = metric, ScalingSteps = steps },
                ["Target"] = new() { Metric = metric, ScalingSteps = steps },
            },
            // A scheduled action is a named entry of the scalable target, not a construct: any step policy id is free for it.
            ScheduledScaling = [new() { Id = "Target", Schedule = Schedule.Expression("cron(0 7 ? * MON-FRI *)"), MinTasks = 3 }, new() { Id = "CpuScaling", Schedule = Schedule.Expression("cron(0 19 ? * MON-FRI *)"), MinTasks = 2 }],
        }));

        Assert.Equal(6, Synth.Resources(json, "AWS::ApplicationAutoScaling::ScalingPolicy").Count);
        Assert.Equal(["CpuScaling", "Target"], Synth.Single(json, "AWS::ApplicationAutoScaling::ScalableTarget")["Properties"]!["ScheduledActions"]!.AsArray().Select(a => a!["ScheduledActionName"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Refuses_step_ids_that_the_scalable_target_or_a_created_tracking_policy_takes()
    {
        var metric = new Metric(new MetricProps { Namespace = "Web", MetricName = "Jobs" });
        ScalingInterval[] steps = [new ScalingInterval { Upper = 1, Change = -1 }, new ScalingInterval { Lower = 10, Change = 1 }];
        Assert.Equal(
            "2 invalid props:" + NewLine +
            "  " + Path + "StepScaling key = \"RequestScaling\" is not valid; the service's request target tracking uses that construct id under the scalable target (taken there: Resource, CpuScaling, RequestScaling); choose another." + NewLine +
            "  " + Path + "StepScaling key = \"Resource\" is not valid; the scalable target's CloudFormation resource uses that construct id under the scalable target (taken there: Resource, CpuScaling, RequestScaling); choose another.",
            ErrorOf(c => new()
            {
                Cluster = c,
                Image = Image,
                TargetRequestsPerTask = 100,
                StepScaling = new Dictionary<string, BasicStepScalingPolicyProps>
                {
                    ["RequestScaling"] = new() { Metric = metric, ScalingSteps = steps },
                    ["Resource"] = new() { Metric = metric, ScalingSteps = steps },
                    ["MemoryScaling"] = new() { Metric = metric, ScalingSteps = steps },
                },
            }));
    }

    [Fact]
    public void Refuses_an_alarm_turned_off_but_given_a_period()
    {
        Assert.Equal(
            Path + "CpuHighAlarm is turned off (Enabled = false) but also tuned; drop the other settings or turn it on.",
            ErrorOf(c => new() { Cluster = c, Image = Image, CpuHighAlarm = new() { Enabled = false, Period = Duration.Minutes(5) } }));
    }

    [Fact]
    public void Refuses_alarm_tunings_CloudWatch_would_refuse()
    {
        Assert.Equal(
            "4 invalid props:" + NewLine +
            "  " + Path + "LoadBalancer5xxAlarm is turned off (Enabled = false) but also tuned; drop the other settings or turn it on." + NewLine +
            "  " + Path + "Target5xxAlarm.DatapointsToAlarm = 4 is more than Target5xxAlarm.EvaluationPeriods = 3; allowed: 1 to 3." + NewLine +
            "  " + Path + "ResponseTimeAlarm.Period = 1 minute 30 seconds is not valid; allowed: a whole number of minutes (CloudWatch periods of these metrics are multiples of 60 seconds)." + NewLine +
            "  " + Path + "CpuHighAlarm evaluates 49 periods of 30 minute(s), 88200 seconds in all; CloudWatch allows at most 86400 seconds (1 day for periods under an hour).",
            ErrorOf(c => new()
            {
                Cluster = c,
                Image = Image,
                LoadBalancer5xxAlarm = new() { Enabled = false, Threshold = 10 },
                Target5xxAlarm = new() { EvaluationPeriods = 3, DatapointsToAlarm = 4 },
                ResponseTimeAlarm = new() { Period = Duration.Seconds(90) },
                CpuHighAlarm = new() { Period = Duration.Minutes(30), EvaluationPeriods = 49 },
                MemoryHighAlarm = new() { Period = Duration.Hours(1), EvaluationPeriods = 168 },
            }));
    }

    [Fact]
    public void Refuses_rollback_on_alarm_with_both_rollback_alarms_off()
    {
        Assert.Equal(
            Path + "RollbackOnAlarm = true rolls back on the Target5xxAlarm and UnhealthyHostsAlarm, but both are turned off; turn one on or drop RollbackOnAlarm.",
            ErrorOf(c => new() { Cluster = c, Image = Image, RollbackOnAlarm = true, Target5xxAlarm = WorkloadAlarm.Disabled, UnhealthyHostsAlarm = WorkloadAlarm.Disabled }));
    }
}
