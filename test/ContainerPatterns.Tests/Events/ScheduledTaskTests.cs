using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using ContainerPatterns.Ecs;
using ContainerPatterns.Events;
using static ContainerPatterns.Tests.Ecs.WebServiceFixture;
using static ContainerPatterns.Tests.Events.EventsFixture;

namespace ContainerPatterns.Tests.Events;

public class ScheduledTaskTests
{
    private static JsonObject Schedule(JsonObject template) => Synth.Single(template, "AWS::Scheduler::Schedule")["Properties"]!.AsObject();

    [Fact]
    public void Runs_on_the_schedule_in_UTC_at_the_scheduled_time_by_default()
    {
        var properties = Schedule(Synth.Json(s => NewScheduledTask(s)));

        Assert.Equal("rate(1 hour)", properties["ScheduleExpression"]!.GetValue<string>());
        Assert.Equal("UTC", properties["ScheduleExpressionTimezone"]!.GetValue<string>());
        Synth.JsonEqual("""{ "Mode": "OFF" }""", properties["FlexibleTimeWindow"]);
        Assert.Equal("Runs a task of TestStack/Report", properties["Description"]!.GetValue<string>());
        Assert.Equal("ENABLED", properties["State"]!.GetValue<string>());
    }

    [Fact]
    public void Runs_a_cron_schedule_in_the_given_time_zone_within_a_flexible_window()
    {
        var properties = Schedule(Synth.Json(s => NewScheduledTask(s, c => new()
        {
            Cluster = c,
            Image = Image,
            Schedule = Amazon.CDK.AWS.Events.Schedule.Cron(new CronOptions { Minute = "5", Hour = "2", WeekDay = "MON-FRI" }),
            TimeZone = Amazon.CDK.TimeZone.EUROPE_BERLIN,
            FlexibleWindow = Duration.Minutes(15),
            Description = "Nightly report",
        })));

        Assert.Equal("cron(5 2 ? * MON-FRI *)", properties["ScheduleExpression"]!.GetValue<string>());
        Assert.Equal("Europe/Berlin", properties["ScheduleExpressionTimezone"]!.GetValue<string>());
        Synth.JsonEqual("""{ "MaximumWindowInMinutes": 15, "Mode": "FLEXIBLE" }""", properties["FlexibleTimeWindow"]);
        Assert.Equal("Nightly report", properties["Description"]!.GetValue<string>());
    }

    [Fact]
    public void Runs_a_one_time_schedule()
    {
        var properties = Schedule(Synth.Json(s => NewScheduledTask(s, c => new() { Cluster = c, Image = Image, Schedule = Amazon.CDK.AWS.Events.Schedule.Expression("at(2099-01-31T08:00:00)") })));

        Assert.Equal("at(2099-01-31T08:00:00)", properties["ScheduleExpression"]!.GetValue<string>());
    }

    [Fact]
    public void Runs_one_task_in_private_subnets_without_a_public_IP_with_retries_and_a_dead_letter_queue()
    {
        var target = Schedule(Synth.Json(s => NewScheduledTask(s, c => new()
        {
            Cluster = c,
            Image = Image,
            Schedule = Amazon.CDK.AWS.Events.Schedule.Rate(Duration.Hours(1)),
            RetryAttempts = 3,
            MaximumEventAge = Duration.Minutes(30),
        })))["Target"]!;

        Synth.JsonEqual("""
            {
              "Arn": { "Fn::GetAtt": ["ClusterC2E21B66", "Arn"] },
              "DeadLetterConfig": { "Arn": { "Fn::GetAtt": ["ReportDeadLetterQueueD1632823", "Arn"] } },
              "EcsParameters": {
                "CapacityProviderStrategy": [{ "CapacityProvider": "FARGATE", "Weight": 1 }],
                "EnableECSManagedTags": true,
                "NetworkConfiguration": {
                  "AwsvpcConfiguration": {
                    "AssignPublicIp": "DISABLED",
                    "SecurityGroups": [{ "Fn::GetAtt": ["ReportSecurityGroup491E5B8C", "GroupId"] }],
                    "Subnets": ["subnet-00000000000000003", "subnet-00000000000000004"]
                  }
                },
                "PropagateTags": "TASK_DEFINITION",
                "TaskCount": 1,
                "TaskDefinitionArn": { "Ref": "ReportTaskDefinitionCEFBACF9" }
              },
              "RetryPolicy": { "MaximumEventAgeInSeconds": 1800, "MaximumRetryAttempts": 3 },
              "RoleArn": { "Fn::GetAtt": ["ReportRunTaskRoleE4F51273", "Arn"] }
            }
            """, target);
    }

    [Fact]
    public void Lets_Scheduler_run_only_this_task_definition_family_in_this_cluster_pass_its_two_roles_and_send_to_its_queue()
    {
        var template = Synth.Json(s => NewScheduledTask(s));

        var role = Synth.Resources(template, "AWS::IAM::Role").Single(r => r.Key.StartsWith("ReportRunTaskRole", StringComparison.Ordinal)).Value;
        Synth.JsonEqual("""
            [{
              "Action": "sts:AssumeRole",
              "Condition": { "StringEquals": { "aws:SourceAccount": { "Ref": "AWS::AccountId" } } },
              "Effect": "Allow",
              "Principal": { "Service": "scheduler.amazonaws.com" }
            }]
            """, role["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]);
        var policy = Synth.Resources(template, "AWS::IAM::Policy").Single(r => r.Key.StartsWith("ReportRunTaskRoleDefaultPolicy", StringComparison.Ordinal)).Value;
        Synth.JsonEqual(EventTriggeredTaskTests.RunTaskStatements("Report", "TestStackReportTaskDefinitionBA9F9774", "ReportTaskDefinitionExecutionRole4CFC2592", "ReportTaskDefinitionTaskRoleA21D96A4", """
            ,{
              "Action": "sqs:SendMessage",
              "Effect": "Allow",
              "Resource": { "Fn::GetAtt": ["ReportDeadLetterQueueD1632823", "Arn"] },
              "Sid": "SendFailedRunsToTheDeadLetterQueue"
            }
            """), policy["Properties"]!["PolicyDocument"]!["Statement"]);
        Synth.JsonEqual("""["Cluster3D72770B", "ReportRunTaskRoleDefaultPolicy5ABAFE9B"]""", Synth.Single(template, "AWS::Scheduler::Schedule")["DependsOn"]);
    }

    [Fact]
    public void Passes_the_scheduled_time_to_the_app_container_through_the_targets_input_when_asked()
    {
        var properties = Schedule(Synth.Json(s => NewScheduledTask(s, c => new()
        {
            Cluster = c,
            Image = Image,
            Schedule = Amazon.CDK.AWS.Events.Schedule.Rate(Duration.Hours(1)),
            ScheduledTimeVariable = "SCHEDULED_TIME",
        })));

        var input = properties["Target"]!["Input"]!.GetValue<string>();
        Assert.Equal("""{"containerOverrides":[{"name":"app","environment":[{"name":"SCHEDULED_TIME","value":"<aws.scheduler.scheduled-time>"}]}]}""", input);
        // Scheduler replaces the keyword as text: the input stays a TaskOverride whose value is a JSON string.
        var filled = System.Text.Json.Nodes.JsonNode.Parse(input.Replace("<aws.scheduler.scheduled-time>", "2026-11-30T14:05:00Z", StringComparison.Ordinal))!;
        Assert.Equal("2026-11-30T14:05:00Z", filled["containerOverrides"]![0]!["environment"]![0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Sends_no_input_without_a_scheduled_time_variable()
    {
        Assert.Null(Schedule(Synth.Json(s => NewScheduledTask(s)))["Target"]!["Input"]);
    }

    [Fact]
    public void Puts_tasks_on_Fargate_Spot_by_weight_for_X64()
    {
        var properties = Schedule(Synth.Json(s => NewScheduledTask(s, c => new()
        {
            Cluster = c,
            Image = Image,
            Schedule = Amazon.CDK.AWS.Events.Schedule.Rate(Duration.Days(1)),
            CpuArchitecture = TaskCpuArchitecture.Amd64,
            OnDemandWeight = 1,
            SpotWeight = 3,
        })));

        Synth.JsonEqual("""[{ "CapacityProvider": "FARGATE", "Weight": 1 }, { "CapacityProvider": "FARGATE_SPOT", "Weight": 3 }]""", properties["Target"]!["EcsParameters"]!["CapacityProviderStrategy"]);
    }

    [Fact]
    public void Runs_on_an_imported_cluster_with_given_subnets_and_security_groups()
    {
        var template = Synth.Json(s =>
        {
            var vpc = ImportedVpc(s);
            var cluster = Amazon.CDK.AWS.ECS.Cluster.FromClusterAttributes(s, "Imported", new Amazon.CDK.AWS.ECS.ClusterAttributes
            {
                ClusterName = "prod",
                ClusterArn = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
                Vpc = vpc,
                SecurityGroups = [],
            });
            _ = new ScheduledTask(s, "Report", new()
            {
                Cluster = cluster,
                Image = Image,
                Schedule = Amazon.CDK.AWS.Events.Schedule.Rate(Duration.Days(1)),
                TaskSubnets = new Amazon.CDK.AWS.EC2.SubnetSelection { Subnets = [Amazon.CDK.AWS.EC2.Subnet.FromSubnetId(s, "Only", "subnet-00000000000000004")] },
                SecurityGroups = [Amazon.CDK.AWS.EC2.SecurityGroup.FromSecurityGroupId(s, "Given", "sg-0123456789abcdef0")],
            });
        });

        var schedule = Synth.Single(template, "AWS::Scheduler::Schedule");
        Assert.Equal("arn:aws:ecs:eu-west-1:123456789012:cluster/prod", schedule["Properties"]!["Target"]!["Arn"]!.GetValue<string>());
        Synth.JsonEqual("""{ "AssignPublicIp": "DISABLED", "SecurityGroups": ["sg-0123456789abcdef0"], "Subnets": ["subnet-00000000000000004"] }""", schedule["Properties"]!["Target"]!["EcsParameters"]!["NetworkConfiguration"]!["AwsvpcConfiguration"]);
        Assert.Empty(Synth.Resources(template, "AWS::EC2::SecurityGroup"));
        var policy = Synth.Resources(template, "AWS::IAM::Policy").Single(r => r.Key.StartsWith("ReportRunTaskRoleDefaultPolicy", StringComparison.Ordinal)).Value;
        Synth.JsonEqual("""{ "ArnEquals": { "ecs:cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/prod" } }""", policy["Properties"]!["PolicyDocument"]!["Statement"]![0]!["Condition"]);
        Assert.Null(schedule["DependsOn"]?.AsArray().FirstOrDefault(d => d!.GetValue<string>().StartsWith("Cluster", StringComparison.Ordinal)));
    }

    [Fact]
    public void Exposes_the_task_group_role_queue_and_alarm()
    {
        var stack = Synth.NewStack();
        var task = NewScheduledTask(stack);

        Assert.Equal("family:TestStackReportTaskDefinitionBA9F9774", task.TaskGroup);
        Assert.NotNull(task.DeadLetterQueueAlarm);
        Assert.Same(task.TaskDefinition.TaskRole, task.GrantPrincipal);
        Assert.Single(task.Connections.SecurityGroups);
    }
}
