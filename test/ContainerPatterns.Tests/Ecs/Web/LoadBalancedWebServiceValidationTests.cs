using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK;
using Amazon.CDK.AWS.Route53;
using ContainerPatterns.Ecs;
using static ContainerPatterns.Tests.Ecs.WebServiceFixture;

namespace ContainerPatterns.Tests.Ecs;

public class LoadBalancedWebServiceValidationTests
{
    private static readonly string NewLine = System.Environment.NewLine;

    [Fact]
    public void Rejects_memory_Fargate_does_not_offer_with_the_CPU()
    {
        Assert.Equal(
            "TestStack/Web: MemoryLimitMiB = 4096 is not valid with Cpu = 256; Fargate allows 512, 1024 or 2048 MiB.",
            ErrorOf(c => new() { Cluster = c, Image = Image, Cpu = 256, MemoryLimitMiB = 4096 }));
    }

    [Fact]
    public void Rejects_memory_that_does_not_fit_the_default_CPU()
    {
        Assert.Equal(
            "TestStack/Web: MemoryLimitMiB = 1536 is not valid with the default Cpu = 512; Fargate allows 1024 to 4096 MiB in steps of 1024.",
            ErrorOf(c => new() { Cluster = c, Image = Image, MemoryLimitMiB = 1536 }));
    }

    [Fact]
    public void Rejects_a_container_memory_limit_above_the_task_memory_or_below_what_Docker_reserves()
    {
        Assert.Equal(
            "TestStack/Web: ContainerMemoryLimitMiB = 2048 is not valid; allowed: a whole number from 6 to 1024 MiB (at most the task's memory, MemoryLimitMiB).",
            ErrorOf(c => new() { Cluster = c, Image = Image, ContainerMemoryLimitMiB = 2048 }));
        Assert.Equal(
            "TestStack/Web: ContainerMemoryLimitMiB = 4 is not valid; allowed: a whole number from 6 to 2048 MiB (at most the task's memory, MemoryLimitMiB).",
            ErrorOf(c => new() { Cluster = c, Image = Image, MemoryLimitMiB = 2048, ContainerMemoryLimitMiB = 4 }));
    }

    [Fact]
    public void Gives_the_container_the_memory_limit_it_is_given_leaving_the_rest_to_sidecars()
    {
        var template = Synth.Template(s => new LoadBalancedWebService(s, "Web", new() { Cluster = LightCluster(s), Image = Image, MemoryLimitMiB = 2048, ContainerMemoryLimitMiB = 1536 }));
        template.HasResourceProperties("AWS::ECS::TaskDefinition", new Dictionary<string, object>
        {
            ["Memory"] = "2048",
            ["ContainerDefinitions"] = new object[] { new Dictionary<string, object> { ["Name"] = "app", ["Memory"] = 1536 } },
        });
    }

    [Fact]
    public void Rejects_a_CPU_size_Fargate_does_not_offer()
    {
        Assert.Equal(
            "TestStack/Web: Cpu = 300 is not valid; allowed: 256, 512, 1024, 2048, 4096, 8192, 16384 CPU units (Fargate task sizes).",
            ErrorOf(c => new() { Cluster = c, Image = Image, Cpu = 300 }));
    }

    [Fact]
    public void Accepts_the_largest_Fargate_size()
    {
        var template = Synth.Template(s => new LoadBalancedWebService(s, "Web", new() { Cluster = LightCluster(s), Image = Image, Cpu = 16384, MemoryLimitMiB = 122880 }));
        template.HasResourceProperties("AWS::ECS::TaskDefinition", new Dictionary<string, object> { ["Cpu"] = "16384", ["Memory"] = "122880" });
    }

    [Fact]
    public void Rejects_more_min_tasks_than_max_tasks()
    {
        Assert.Equal(
            "TestStack/Web: MinTasks = 5 is greater than MaxTasks = 3; MinTasks must be at most MaxTasks.",
            ErrorOf(c => new() { Cluster = c, Image = Image, MinTasks = 5, MaxTasks = 3 }));
    }

    [Fact]
    public void Rejects_a_desired_count_outside_min_and_max()
    {
        Assert.Equal(
            "TestStack/Web: DesiredTasks = 9 is outside MinTasks = 2 to MaxTasks = 4; allowed: 2 to 4 tasks.",
            ErrorOf(c => new() { Cluster = c, Image = Image, DesiredTasks = 9 }));
    }

    [Fact]
    public void Rejects_zero_min_tasks()
    {
        Assert.Equal(
            "TestStack/Web: MinTasks = 0 is not valid; allowed: a whole number from 1 to 2147483647 tasks.",
            ErrorOf(c => new() { Cluster = c, Image = Image, MinTasks = 0 }));
    }

    [Fact]
    public void Rejects_zero_max_tasks_without_also_comparing_it_with_min_tasks()
    {
        Assert.Equal(
            "TestStack/Web: MaxTasks = 0 is not valid; allowed: a whole number from 1 to 2147483647 tasks.",
            ErrorOf(c => new() { Cluster = c, Image = Image, MaxTasks = 0 }));
    }

    [Fact]
    public void Rejects_a_negative_desired_count_without_also_comparing_it_with_min_and_max()
    {
        Assert.Equal(
            "TestStack/Web: DesiredTasks = -1 is not valid; allowed: a whole number from 0 to 2147483647 tasks.",
            ErrorOf(c => new() { Cluster = c, Image = Image, DesiredTasks = -1 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void Rejects_a_container_port_outside_1_to_65535(int port)
    {
        Assert.Equal(
            $"TestStack/Web: ContainerPort = {port} is not valid; allowed: a whole number from 1 to 65535.",
            ErrorOf(c => new() { Cluster = c, Image = Image, ContainerPort = port }));
    }

    [Fact]
    public void Rejects_a_health_check_path_not_starting_with_a_slash()
    {
        Assert.Equal(
            "TestStack/Web: HealthCheckPath = \"health\" is not valid; allowed: a path of at most 1024 characters starting with \"/\", without spaces (percent-encode them), such as \"/health\".",
            ErrorOf(c => new() { Cluster = c, Image = Image, HealthCheckPath = "health" }));
    }

    [Theory]
    [InlineData(1025)]
    [InlineData(0)]
    public void Rejects_a_health_check_path_ELB_would_refuse_for_its_length_or_spaces(int length)
    {
        var path = length == 0 ? "/health check" : "/" + new string('a', length - 1);
        Assert.Equal(
            $"TestStack/Web: HealthCheckPath = \"{path}\" is not valid; allowed: a path of at most 1024 characters starting with \"/\", without spaces (percent-encode them), such as \"/health\".",
            ErrorOf(c => new() { Cluster = c, Image = Image, HealthCheckPath = path }));
    }

    [Fact]
    public void Rejects_healthy_http_codes_ELB_would_refuse()
    {
        Assert.Equal(
            "TestStack/Web: HealthCheckHealthyHttpCodes = \"2xx\" is not valid; allowed: HTTP codes from 200 to 499 as a code, a range or a comma-separated list, such as \"200\", \"200-299\" or \"200,204\".",
            ErrorOf(c => new() { Cluster = c, Image = Image, HealthCheckHealthyHttpCodes = "2xx" }));
    }

    [Theory]
    [InlineData("600")]
    [InlineData("199")]
    [InlineData("200-500")]
    [InlineData("200,")]
    public void Rejects_healthy_http_codes_outside_200_to_499(string codes)
    {
        Assert.Equal(
            $"TestStack/Web: HealthCheckHealthyHttpCodes = \"{codes}\" is not valid; allowed: HTTP codes from 200 to 499 as a code, a range or a comma-separated list, such as \"200\", \"200-299\" or \"200,204\".",
            ErrorOf(c => new() { Cluster = c, Image = Image, HealthCheckHealthyHttpCodes = codes }));
    }

    [Theory]
    [InlineData("499-200")]
    [InlineData("200,302-301")]
    public void Rejects_a_healthy_http_code_range_that_runs_backwards(string codes)
    {
        Assert.Equal(
            $"TestStack/Web: HealthCheckHealthyHttpCodes = \"{codes}\" is not valid; a range must run from the lower code to the higher, such as \"200-299\".",
            ErrorOf(c => new() { Cluster = c, Image = Image, HealthCheckHealthyHttpCodes = codes }));
    }

    [Fact]
    public void Accepts_healthy_http_codes_as_a_list_of_codes_and_ranges()
    {
        var template = Synth.Template(s => new LoadBalancedWebService(s, "Web", new() { Cluster = LightCluster(s), Image = Image, HealthCheckHealthyHttpCodes = "200,204,300-300,301-399" }));
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", new Dictionary<string, object>
        {
            ["Matcher"] = new Dictionary<string, object> { ["HttpCode"] = "200,204,300-300,301-399" },
        });
    }

    [Fact]
    public void Rejects_a_health_check_grace_period_that_is_not_whole_seconds()
    {
        Assert.Equal(
            "TestStack/Web: HealthCheckGracePeriod = 1 second 500 millis is not valid; allowed: a whole number of seconds from 0 to 2147483647.",
            ErrorOf(c => new() { Cluster = c, Image = Image, HealthCheckGracePeriod = Duration.Millis(1500) }));
    }

    [Fact]
    public void Rejects_health_check_thresholds_and_timings_outside_ELBs_ranges_all_at_once()
    {
        Assert.Equal(
            "5 invalid props:" + NewLine +
            "  TestStack/Web: HealthCheckInterval = 5 minutes 1 second is not valid; allowed: a whole number of seconds from 5 to 300 (ELB's range)." + NewLine +
            "  TestStack/Web: HealthCheckTimeout = 1 second is not valid; allowed: a whole number of seconds from 2 to 120 (ELB's range)." + NewLine +
            "  TestStack/Web: HealthyThresholdCount = 1 is not valid; allowed: a whole number from 2 to 10 (ELB's range)." + NewLine +
            "  TestStack/Web: UnhealthyThresholdCount = 11 is not valid; allowed: a whole number from 2 to 10 (ELB's range)." + NewLine +
            "  TestStack/Web: DeregistrationDelay = 1 hour 1 second is not valid; allowed: a whole number of seconds from 0 to 3600 (ELB's range).",
            ErrorOf(c => new()
            {
                Cluster = c, Image = Image, HealthCheckInterval = Duration.Seconds(301), HealthCheckTimeout = Duration.Seconds(1),
                HealthyThresholdCount = 1, UnhealthyThresholdCount = 11, DeregistrationDelay = Duration.Seconds(3601),
            }));
    }

    [Fact]
    public void Rejects_a_health_check_timeout_not_shorter_than_the_interval()
    {
        Assert.Equal(
            "TestStack/Web: HealthCheckTimeout = 10 seconds must be less than HealthCheckInterval = 10 seconds; ELB needs each check to end before the next starts.",
            ErrorOf(c => new() { Cluster = c, Image = Image, HealthCheckInterval = Duration.Seconds(10), HealthCheckTimeout = Duration.Seconds(10) }));
    }

    [Fact]
    public void Rejects_deployment_percentages_ECS_would_refuse()
    {
        Assert.Equal(
            "2 invalid props:" + NewLine +
            "  TestStack/Web: MinHealthyPercent = 101 is not valid; allowed: a whole number from 0 to 100 percent." + NewLine +
            "  TestStack/Web: MaxHealthyPercent = 99 is not valid; allowed: a whole number from 100 to 2147483647 percent.",
            ErrorOf(c => new() { Cluster = c, Image = Image, MinHealthyPercent = 101, MaxHealthyPercent = 99 }));
    }

    [Fact]
    public void Rejects_a_max_healthy_percent_not_above_the_min()
    {
        Assert.Equal(
            "TestStack/Web: MaxHealthyPercent = 100 must be greater than MinHealthyPercent = 100; otherwise a deployment can neither start a new task nor stop an old one.",
            ErrorOf(c => new() { Cluster = c, Image = Image, MaxHealthyPercent = 100 }));
    }

    [Fact]
    public void Rejects_scaling_targets_outside_0_to_100_percent_or_not_above_0_requests()
    {
        Assert.Equal(
            "3 invalid props:" + NewLine +
            "  TestStack/Web: TargetCpuUtilizationPercent = 0 is not valid; allowed: a percentage above 0 and at most 100." + NewLine +
            "  TestStack/Web: TargetMemoryUtilizationPercent = 100.5 is not valid; allowed: a percentage above 0 and at most 100." + NewLine +
            "  TestStack/Web: TargetRequestsPerTask = -5 is not valid; allowed: a number above 0 (requests per task per minute).",
            ErrorOf(c => new() { Cluster = c, Image = Image, TargetCpuUtilizationPercent = 0, TargetMemoryUtilizationPercent = 100.5, TargetRequestsPerTask = -5 }));
    }

    [Fact]
    public void Rejects_a_CPU_target_with_CPU_scaling_off()
    {
        Assert.Equal(
            "TestStack/Web: TargetCpuUtilizationPercent has no effect with ScaleOnCpu = false; drop one of them.",
            ErrorOf(c => new() { Cluster = c, Image = Image, ScaleOnCpu = false, TargetCpuUtilizationPercent = 50 }));
    }

    [Fact]
    public void Rejects_a_negative_Spot_weight()
    {
        Assert.Equal(
            "TestStack/Web: SpotWeight = -1 is not valid; allowed: a whole number from 0 to 1000.",
            ErrorOf(c => new() { Cluster = c, Image = Image, CpuArchitecture = TaskCpuArchitecture.Amd64, SpotWeight = -1 }));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public void Rejects_an_on_demand_weight_outside_0_to_1000(int weight)
    {
        Assert.Equal(
            $"TestStack/Web: OnDemandWeight = {weight} is not valid; allowed: a whole number from 0 to 1000.",
            ErrorOf(c => new() { Cluster = c, Image = Image, OnDemandWeight = weight }));
    }

    [Fact]
    public void Rejects_a_capacity_strategy_without_weight_and_an_out_of_range_base()
    {
        Assert.Equal(
            "2 invalid props:" + NewLine +
            "  TestStack/Web: OnDemandBase = 100001 is not valid; allowed: a whole number from 0 to 100000 tasks." + NewLine +
            "  TestStack/Web: OnDemandWeight and SpotWeight are both 0; ECS needs a weight above 0 on at least one capacity provider.",
            ErrorOf(c => new() { Cluster = c, Image = Image, OnDemandBase = 100_001, OnDemandWeight = 0 }));
    }

    [Fact]
    public void Rejects_a_domain_without_a_hosted_zone()
    {
        Assert.Equal(
            "TestStack/Web: DomainName = \"api.example.com\" needs HostedZone, the Route 53 zone its certificate is validated in and its alias record written to; give HostedZone or drop DomainName.",
            ErrorOf(c => new() { Cluster = c, Image = Image, DomainName = "api.example.com" }));
    }

    [Fact]
    public void Rejects_a_hosted_zone_without_a_domain()
    {
        var error = Synth.Error(s => new LoadBalancedWebService(s, "Web", new()
        {
            Cluster = LightCluster(s),
            Image = Image,
            HostedZone = HostedZone.FromHostedZoneAttributes(s, "Zone", new HostedZoneAttributes { HostedZoneId = "Z0123456789ABCDEFGHIJ", ZoneName = "example.com" }),
        }));
        Assert.Equal("TestStack/Web: HostedZone is given without DomainName; give the name to create in the zone, or drop HostedZone.", error.Message);
    }

    [Fact]
    public void Rejects_a_TLS_policy_without_HTTPS()
    {
        Assert.Equal(
            "TestStack/Web: SslPolicy has no effect without HTTPS; give Certificate or DomainName, or drop SslPolicy.",
            ErrorOf(c => new() { Cluster = c, Image = Image, SslPolicy = Amazon.CDK.AWS.ElasticLoadBalancingV2.SslPolicy.TLS13_13 }));
    }

    [Fact]
    public void Rejects_a_WAF_ARN_that_is_not_a_regional_web_ACL()
    {
        Assert.Equal(
            "TestStack/Web: WebAclArn = \"arn:aws:wafv2:us-east-1:111122223333:global/webacl/web/abc\" is not valid; allowed: the ARN of a regional WAFv2 web ACL, arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>.",
            ErrorOf(c => new() { Cluster = c, Image = Image, WebAclArn = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/web/abc" }));
    }

    [Fact]
    public void Rejects_access_log_settings_that_contradict_each_other_or_S3()
    {
        Assert.Equal(
            "TestStack/Web: AccessLogExpiration has no effect with AccessLogs = false; drop one of them.",
            ErrorOf(c => new() { Cluster = c, Image = Image, AccessLogs = false, AccessLogExpiration = Duration.Days(30) }));
        Assert.Equal(
            "TestStack/Web: AccessLogExpiration = 0 days is not valid; allowed: a whole number of days from 1 to 3650 (S3 lifecycle expiration).",
            ErrorOf(c => new() { Cluster = c, Image = Image, AccessLogExpiration = Duration.Days(0) }));
        Assert.Equal(
            "TestStack/Web: AccessLogExpiration = 1 day 12 hours is not valid; allowed: a whole number of days from 1 to 3650 (S3 lifecycle expiration).",
            ErrorOf(c => new() { Cluster = c, Image = Image, AccessLogExpiration = Duration.Hours(36) }));
        Assert.Equal(
            "TestStack/Web: AccessLogExpiration applies to a bucket the service creates, but AccessLogBucket is given; set the expiration on that bucket and drop AccessLogExpiration, or drop AccessLogBucket.",
            ErrorOf(c => new() { Cluster = c, Image = Image, AccessLogBucket = Amazon.CDK.AWS.S3.Bucket.FromBucketName(Stack.Of(c), "Logs", "my-logs"), AccessLogExpiration = Duration.Days(30) }));
        Assert.Equal(
            "TestStack/Web: AccessLogBucket is given with AccessLogs = false; drop one of them.",
            ErrorOf(c => new() { Cluster = c, Image = Image, AccessLogs = false, AccessLogBucket = Amazon.CDK.AWS.S3.Bucket.FromBucketName(Stack.Of(c), "Logs", "my-logs") }));
    }

    [Theory]
    [InlineData("cron(0 7 * * MON-FRI *)", "\"?\" must stand in exactly one of day-of-month (\"*\") and day-of-week (\"MON-FRI\"); allowed: six fields \"minutes hours day-of-month month day-of-week year\" with \"?\" in exactly one of day-of-month and day-of-week, e.g. \"0 8 ? * MON-FRI *\".")]
    [InlineData("cron(61 7 ? * MON-FRI *)", "its minutes field \"61\" is not valid; allowed there: 0-59, \"*\", ranges (a-b), lists (a,b) and steps (a/n).")]
    [InlineData("cron(0 7 ? * MON-FRI)", "it has 5 field(s); allowed: six fields \"minutes hours day-of-month month day-of-week year\" with \"?\" in exactly one of day-of-month and day-of-week, e.g. \"0 8 ? * MON-FRI *\".")]
    [InlineData("cron(0 7 ? * ? *)", "\"?\" must stand in exactly one of day-of-month (\"?\") and day-of-week (\"?\"); allowed: six fields \"minutes hours day-of-month month day-of-week year\" with \"?\" in exactly one of day-of-month and day-of-week, e.g. \"0 8 ? * MON-FRI *\".")]
    [InlineData("cron(0 7 ? FOO MON *)", "its month field \"FOO\" is not valid; allowed there: 1-12 or JAN-DEC, \"*\", ranges (a-b), lists (a,b) and steps (a/n).")]
    [InlineData("rate(1 hours)", "a value of 1 takes the singular unit; allowed: \"rate(1 hour)\".")]
    [InlineData("rate(5 minute)", "a value above 1 takes the plural unit; allowed: \"rate(5 minutes)\".")]
    [InlineData("rate(0 days)", "allowed: \"rate(value unit)\" with a whole number of 1 or more and a unit of minute(s), hour(s) or day(s), e.g. \"rate(5 minutes)\" or \"rate(1 hour)\".")]
    [InlineData("at(2027-02-30T08:00:00)", "allowed: \"at(yyyy-mm-ddThh:mm:ss)\" with a real date and time, e.g. \"at(2027-01-31T08:00:00)\".")]
    [InlineData("every day", "allowed: \"cron(minutes hours day-of-month month day-of-week year)\", \"rate(value unit)\" or \"at(yyyy-mm-ddThh:mm:ss)\".")]
    public void Rejects_an_invalid_schedule_naming_the_field_at_fault(string expression, string problem)
    {
        Assert.Equal(
            $"TestStack/Web: ScheduledScaling[0].Schedule = \"{expression}\" is not valid; {problem}",
            ErrorOf(c => new() { Cluster = c, Image = Image, ScheduledScaling = [new() { Id = "Morning", Schedule = Schedule.Expression(expression), MinTasks = 3 }] }));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("europe/berlin")]
    public void Rejects_an_unknown_time_zone(string zone)
    {
        Assert.Equal(
            $"TestStack/Web: ScheduledScaling[0].TimeZone = \"{zone}\" is not valid; allowed: an IANA time zone name (tzdata 2025b), such as \"UTC\" or \"Europe/Berlin\".",
            ErrorOf(c => new() { Cluster = c, Image = Image, ScheduledScaling = [new() { Id = "Morning", Schedule = Schedule.Expression("cron(0 7 ? * MON-FRI *)"), TimeZone = Amazon.CDK.TimeZone.Of(zone), MinTasks = 3 }] }));
    }

    [Fact]
    public void Rejects_scheduled_actions_with_bad_ids_or_bounds()
    {
        Assert.Equal(
            "3 invalid props:" + NewLine +
            "  TestStack/Web: ScheduledScaling[0].Id = \"morning-peak\" is not valid; allowed: letters and digits, starting with a letter (it becomes a construct id)." + NewLine +
            "  TestStack/Web: ScheduledScaling[0] sets neither MinTasks nor MaxTasks; give at least one." + NewLine +
            "  TestStack/Web: ScheduledScaling[1].MinTasks = 5 is greater than ScheduledScaling[1].MaxTasks = 2; MinTasks must be at most MaxTasks.",
            ErrorOf(c => new()
            {
                Cluster = c,
                Image = Image,
                ScheduledScaling =
                [
                    new() { Id = "morning-peak", Schedule = Schedule.Expression("cron(0 7 ? * MON-FRI *)") },
                    new() { Id = "Evening", Schedule = Schedule.Expression("cron(0 19 ? * MON-FRI *)"), MinTasks = 5, MaxTasks = 2 },
                ],
            }));
    }

    [Theory]
    [InlineData("KMS_MANAGED")]
    [InlineData("KMS")]
    public void Rejects_an_access_log_bucket_of_this_app_encrypted_with_SSE_KMS(string encryption)
    {
        Assert.Equal(
            "TestStack/Web: AccessLogBucket (TestStack/Logs) is encrypted with SSE-KMS, and ALB log delivery writes to SSE-S3 buckets only; create it with Encryption = BucketEncryption.S3_MANAGED, or drop AccessLogBucket to have one created.",
            ErrorOf(c => new()
            {
                Cluster = c, Image = Image,
                AccessLogBucket = new Amazon.CDK.AWS.S3.Bucket(Stack.Of(c), "Logs", new Amazon.CDK.AWS.S3.BucketProps { Encryption = encryption == "KMS" ? Amazon.CDK.AWS.S3.BucketEncryption.KMS : Amazon.CDK.AWS.S3.BucketEncryption.KMS_MANAGED, EnforceSSL = true }),
            }));
    }

    [Fact]
    public void Accepts_an_access_log_bucket_of_this_app_encrypted_with_SSE_S3()
    {
        _ = Synth.Json(s => new LoadBalancedWebService(s, "Web", new LoadBalancedWebServiceProps
        {
            Cluster = LightCluster(s), Image = Image,
            AccessLogBucket = new Amazon.CDK.AWS.S3.Bucket(s, "Logs", new Amazon.CDK.AWS.S3.BucketProps { Encryption = Amazon.CDK.AWS.S3.BucketEncryption.S3_MANAGED, EnforceSSL = true }),
        }));
    }

    [Fact]
    public void Rejects_a_scheduled_action_id_given_twice()
    {
        Assert.Equal(
            "TestStack/Web: ScheduledScaling[1].Id = \"Peak\" is not valid; each scheduled action needs its own id (it names the action on the scalable target).",
            ErrorOf(c => new()
            {
                Cluster = c,
                Image = Image,
                ScheduledScaling =
                [
                    new() { Id = "Peak", Schedule = Schedule.Expression("cron(0 7 ? * MON-FRI *)"), MinTasks = 3 },
                    new() { Id = "Peak", Schedule = Schedule.Expression("cron(0 19 ? * MON-FRI *)"), MinTasks = 2 },
                ],
            }));
    }

    [Fact]
    public void Rejects_negative_scheduled_task_bounds_without_also_comparing_them()
    {
        Assert.Equal(
            "3 invalid props:" + NewLine +
            "  TestStack/Web: ScheduledScaling[0].MinTasks = -1 is not valid; allowed: a whole number from 0 to 2147483647 tasks." + NewLine +
            "  TestStack/Web: ScheduledScaling[1].MaxTasks = -2 is not valid; allowed: a whole number from 0 to 2147483647 tasks." + NewLine +
            "  TestStack/Web: ScheduledScaling[2].MaxTasks = -1 is not valid; allowed: a whole number from 0 to 2147483647 tasks.",
            ErrorOf(c => new()
            {
                Cluster = c,
                Image = Image,
                ScheduledScaling =
                [
                    new() { Id = "Morning", Schedule = Schedule.Expression("cron(0 7 ? * MON-FRI *)"), MinTasks = -1 },
                    new() { Id = "Evening", Schedule = Schedule.Expression("cron(0 19 ? * MON-FRI *)"), MaxTasks = -2 },
                    new() { Id = "Night", Schedule = Schedule.Expression("cron(0 23 ? * MON-FRI *)"), MinTasks = 1, MaxTasks = -1 },
                ],
            }));
    }

    [Fact]
    public void Rejects_alarm_thresholds_outside_their_ranges()
    {
        Assert.Equal(
            "6 invalid props:" + NewLine +
            "  TestStack/Web: LoadBalancer5xxAlarm.Threshold = 0 is not valid; allowed: a percentage above 0 and at most 100." + NewLine +
            "  TestStack/Web: Target5xxAlarm.Threshold = 150 is not valid; allowed: a percentage above 0 and at most 100." + NewLine +
            "  TestStack/Web: ResponseTimeAlarm.Threshold = 0 is not valid; allowed: a number above 0 (the alarm's unit)." + NewLine +
            "  TestStack/Web: UnhealthyHostsAlarm.Threshold = 0.5 is not valid; allowed: a whole number from 1 to 2147483647 (a count)." + NewLine +
            "  TestStack/Web: CpuHighAlarm.Threshold = -1 is not valid; allowed: a percentage above 0 and at most 100." + NewLine +
            "  TestStack/Web: MemoryHighAlarm.Threshold = 101 is not valid; allowed: a percentage above 0 and at most 100.",
            ErrorOf(c => new()
            {
                Cluster = c, Image = Image, LoadBalancer5xxAlarm = new() { Threshold = 0 }, Target5xxAlarm = new() { Threshold = 150 }, ResponseTimeAlarm = new() { Threshold = 0 },
                UnhealthyHostsAlarm = new() { Threshold = 0.5 }, CpuHighAlarm = new() { Threshold = -1 }, MemoryHighAlarm = new() { Threshold = 101 },
            }));
    }

    [Fact]
    public void Rejects_container_settings_ECS_would_refuse()
    {
        Assert.Equal(
            "5 invalid props:" + NewLine +
            "  TestStack/Web: StopTimeout = 2 minutes 1 second is not valid; allowed: a whole number of seconds from 2 to 120 (Fargate's limit)." + NewLine +
            $"  TestStack/Web: LogRetention = (RetentionDays)999 is not valid; allowed: {string.Join(", ", Enum.GetNames<Amazon.CDK.AWS.Logs.RetentionDays>())}." + NewLine +
            "  TestStack/Web: \"TOKEN\" is set in both Environment and Secrets; ECS allows a variable once, drop one of them." + NewLine +
            "  TestStack/Web: WritablePaths[0] = \"tmp\" is not valid; allowed: an absolute container path below the root, such as \"/tmp\"." + NewLine +
            "  TestStack/Web: WritablePaths[2] = \"/cache\" is not valid; each path may appear once.",
            ErrorOf(c => new()
            {
                Cluster = c,
                Image = Image,
                StopTimeout = Duration.Seconds(121),
                LogRetention = (Amazon.CDK.AWS.Logs.RetentionDays)999,
                Environment = new Dictionary<string, string> { ["TOKEN"] = "x" },
                Secrets = new Dictionary<string, Amazon.CDK.AWS.ECS.Secret> { ["TOKEN"] = Amazon.CDK.AWS.ECS.Secret.FromSsmParameter(Amazon.CDK.AWS.SSM.StringParameter.FromStringParameterName(Stack.Of(c), "P", "/token")) },
                WritablePaths = ["tmp", "/cache", "/cache"],
            }));
    }

    [Fact]
    public void Rejects_the_root_as_a_writable_path()
    {
        Assert.Equal(
            "TestStack/Web: WritablePaths[0] = \"/\" is not valid; allowed: an absolute container path below the root, such as \"/tmp\".",
            ErrorOf(c => new() { Cluster = c, Image = Image, WritablePaths = ["/"] }));
    }

    [Fact]
    public void Rejects_writable_paths_on_a_writable_root_filesystem()
    {
        Assert.Equal(
            "TestStack/Web: WritablePaths is set while ReadOnlyRootFilesystem = false; the whole filesystem is writable already, drop WritablePaths.",
            ErrorOf(c => new() { Cluster = c, Image = Image, ReadOnlyRootFilesystem = false, WritablePaths = ["/tmp"] }));
    }

    [Fact]
    public void Rejects_ECS_Exec_on_a_cluster_without_exec_set_up()
    {
        Assert.Equal(
            "TestStack/Web: ExecuteCommand = true needs a cluster with ECS Exec set up (its key and audit log group); create the ContainerCluster with ExecuteCommand = true (or give the cluster an ExecuteCommandConfiguration), or drop ExecuteCommand.",
            ErrorOf(c => new() { Cluster = c, Image = Image, ExecuteCommand = true, ReadOnlyRootFilesystem = false }));
    }

    [Fact]
    public void Rejects_ECS_Exec_with_a_read_only_root_filesystem()
    {
        Assert.Equal(
            "2 invalid props:" + System.Environment.NewLine +
            "  TestStack/Web: ExecuteCommand = true needs a cluster with ECS Exec set up (its key and audit log group); create the ContainerCluster with ExecuteCommand = true (or give the cluster an ExecuteCommandConfiguration), or drop ExecuteCommand." + System.Environment.NewLine +
            "  TestStack/Web: ExecuteCommand = true needs ReadOnlyRootFilesystem = false (ECS Exec's SSM agent writes inside the container, which a read-only root filesystem prevents); set ReadOnlyRootFilesystem = false or drop ExecuteCommand.",
            ErrorOf(c => new() { Cluster = c, Image = Image, ExecuteCommand = true }));
    }

    [Fact]
    public void Rejects_step_scaling_keys_that_are_not_construct_ids()
    {
        Assert.Equal(
            "TestStack/Web: StepScaling key = \"queue depth\" is not valid; allowed: letters and digits, starting with a letter (it becomes a construct id).",
            ErrorOf(c => new()
            {
                Cluster = c,
                Image = Image,
                StepScaling = new Dictionary<string, Amazon.CDK.AWS.ApplicationAutoScaling.BasicStepScalingPolicyProps>
                {
                    ["queue depth"] = new() { Metric = new Amazon.CDK.AWS.CloudWatch.Metric(new Amazon.CDK.AWS.CloudWatch.MetricProps { Namespace = "Web", MetricName = "Jobs" }), ScalingSteps = [new Amazon.CDK.AWS.ApplicationAutoScaling.ScalingInterval { Upper = 1, Change = -1 }, new Amazon.CDK.AWS.ApplicationAutoScaling.ScalingInterval { Lower = 10, Change = 1 }] },
                },
            }));
    }

    [Fact]
    public void Lets_tokens_through_unchecked()
    {
        var template = Synth.Template(s => new LoadBalancedWebService(s, "Web", new()
        {
            Cluster = LightCluster(s),
            Image = Image,
            HealthCheckPath = Fn.ImportValue("HealthPath"),
            TargetCpuUtilizationPercent = Token.AsNumber(Fn.ImportValue("CpuTarget")),
            WebAclArn = Fn.ImportValue("WebAcl"),
            ScheduledScaling = [new() { Id = "Peak", Schedule = Schedule.Expression(Fn.ImportValue("PeakCron")), TimeZone = Amazon.CDK.TimeZone.Of(Fn.ImportValue("PeakZone")), MinTasks = 3 }],
        }));

        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", new Dictionary<string, object>
        {
            ["HealthCheckPath"] = new Dictionary<string, object> { ["Fn::ImportValue"] = "HealthPath" },
        });
        template.HasResourceProperties("AWS::WAFv2::WebACLAssociation", new Dictionary<string, object>
        {
            ["WebACLArn"] = new Dictionary<string, object> { ["Fn::ImportValue"] = "WebAcl" },
        });
    }
}
