using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SQS;
using ContainerPatterns.Ecs;
using ContainerPatterns.Events;
using static ContainerPatterns.Tests.Ecs.WebServiceFixture;
using static ContainerPatterns.Tests.Events.EventsFixture;

namespace ContainerPatterns.Tests.Events;

public class EventTriggeredTaskTests
{
    /// <summary>The run-task role's statements every one-off task has, then <paramref name="more"/>.</summary>
    internal static string RunTaskStatements(string id, string family, string executionRole, string taskRole, string more = "") => $$"""
        [
          {
            "Action": "ecs:RunTask",
            "Condition": { "ArnEquals": { "ecs:cluster": { "Fn::GetAtt": ["ClusterC2E21B66", "Arn"] } } },
            "Effect": "Allow",
            "Resource": { "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":ecs:", { "Ref": "AWS::Region" }, ":", { "Ref": "AWS::AccountId" }, ":task-definition/{{family}}:*"]] },
            "Sid": "RunThisTaskDefinitionInThisCluster"
          },
          {
            "Action": "iam:PassRole",
            "Condition": { "StringEquals": { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
            "Effect": "Allow",
            "Resource": [{ "Fn::GetAtt": ["{{executionRole}}", "Arn"] }, { "Fn::GetAtt": ["{{taskRole}}", "Arn"] }],
            "Sid": "PassTheTaskRoles"
          },
          {
            "Action": "ecs:TagResource",
            "Condition": { "StringEquals": { "ecs:CreateAction": "RunTask" } },
            "Effect": "Allow",
            "Resource": { "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":ecs:", { "Ref": "AWS::Region" }, ":", { "Ref": "AWS::AccountId" }, ":task/", { "Ref": "ClusterC2E21B66" }, "/*"]] },
            "Sid": "TagTheTasksItStarts"
          }{{more}}
        ]
        """;

    private static JsonObject Rule(JsonObject template) => Synth.Single(template, "AWS::Events::Rule")["Properties"]!.AsObject();

    [Fact]
    public void Runs_a_task_for_objects_created_under_a_prefix_with_bucket_and_key_as_container_environment()
    {
        var template = Synth.Json(s => NewEventTask(s));
        var rule = Rule(template);

        Synth.JsonEqual("""
            {
              "source": ["aws.s3"],
              "detail-type": ["Object Created"],
              "detail": { "bucket": { "name": [{ "Ref": "Uploads4F6EB0FD" }] }, "object": { "key": [{ "prefix": "incoming/" }] } }
            }
            """, rule["EventPattern"]);
        Synth.JsonEqual("""
            {
              "InputPathsMap": { "BUCKETNAME": "$.detail.bucket.name", "OBJECTKEY": "$.detail.object.key" },
              "InputTemplate": "{\"containerOverrides\":[{\"name\":\"app\",\"environment\":[{\"name\":\"BUCKET_NAME\",\"value\":<BUCKETNAME>},{\"name\":\"OBJECT_KEY\",\"value\":<OBJECTKEY>}]}]}"
            }
            """, rule["Targets"]![0]!["InputTransformer"]);
        Synth.JsonEqual("""{ "EventBridgeConfiguration": { "EventBridgeEnabled": true } }""", Synth.Single(template, "AWS::S3::Bucket")["Properties"]!["NotificationConfiguration"]);
        Assert.Empty(Synth.Resources(template, "Custom::S3BucketNotifications"));
    }

    [Theory]
    [InlineData("in*coming/", ".csv", """[{ "wildcard": "in\\*coming/*.csv" }]""")]
    [InlineData(null, ".csv", """[{ "suffix": ".csv" }]""")]
    public void Matches_a_suffix_alone_or_with_a_prefix_through_one_wildcard(string? prefix, string suffix, string expected)
    {
        var rule = Rule(Synth.Json(s => NewEventTask(s, (c, b) => new() { Cluster = c, Image = Image, ObjectCreated = new ObjectCreatedTrigger { Bucket = b, Prefix = prefix, Suffix = suffix } })));

        Synth.JsonEqual(expected, rule["EventPattern"]!["detail"]!["object"]!["key"]);
    }

    [Fact]
    public void Runs_a_task_for_a_given_pattern_on_a_given_bus_with_event_fields_for_a_sidecar()
    {
        var stack = Synth.NewStack();
        var task = NewEventTask(stack, (c, _) => new()
        {
            Cluster = c,
            Image = Image,
            EventBus = EventBus.FromEventBusName(stack, "Bus", "orders"),
            EventPattern = new EventPattern { Source = ["shop.orders"], DetailType = ["Order Placed"], Detail = new Dictionary<string, object> { ["total"] = new object[] { new Dictionary<string, object> { ["numeric"] = new object[] { ">", 100 } } } } },
            EventEnvironment = new Dictionary<string, string> { ["ORDER_ID"] = "$.detail.id", ["FIRST_ITEM"] = "$.detail.items[0].sku" },
            EventEnvironmentContainer = "sidecar",
        });
        task.TaskDefinition.AddContainer("Sidecar", new Amazon.CDK.AWS.ECS.ContainerDefinitionOptions { ContainerName = "sidecar", Image = Image, Essential = false });
        var rule = Rule(Synth.ToJson(Amazon.CDK.Assertions.Template.FromStack(stack)));

        Assert.Equal("orders", rule["EventBusName"]!.GetValue<string>());
        Synth.JsonEqual("""{ "source": ["shop.orders"], "detail-type": ["Order Placed"], "detail": { "total": [{ "numeric": [">", 100] }] } }""", rule["EventPattern"]);
        Synth.JsonEqual("""
            {
              "InputPathsMap": { "FIRSTITEM": "$.detail.items[0].sku", "ORDERID": "$.detail.id" },
              "InputTemplate": "{\"containerOverrides\":[{\"name\":\"sidecar\",\"environment\":[{\"name\":\"FIRST_ITEM\",\"value\":<FIRSTITEM>},{\"name\":\"ORDER_ID\",\"value\":<ORDERID>}]}]}"
            }
            """, rule["Targets"]![0]!["InputTransformer"]);
    }

    [Fact]
    public void Sends_the_events_as_they_are_when_no_event_variables_are_asked_for()
    {
        var rule = Rule(Synth.Json(s => NewEventTask(s, (c, _) => new() { Cluster = c, Image = Image, EventPattern = new EventPattern { Source = ["my.app"] } })));

        Assert.Null(rule["EventBusName"]);
        Assert.Null(rule["Targets"]![0]!["InputTransformer"]);
    }

    [Fact]
    public void Runs_one_task_in_private_subnets_without_a_public_IP_with_retries_and_a_dead_letter_queue()
    {
        var rule = Rule(Synth.Json(s => NewEventTask(s, (c, b) => new()
        {
            Cluster = c,
            Image = Image,
            ObjectCreated = new ObjectCreatedTrigger { Bucket = b },
            RetryAttempts = 0,
            MaximumEventAge = Duration.Minutes(5),
        })));
        var target = rule["Targets"]![0]!.AsObject();
        target.Remove("InputTransformer");

        Assert.Equal("ENABLED", rule["State"]!.GetValue<string>());
        Assert.Equal("Runs a task of TestStack/Processor for each matching event", rule["Description"]!.GetValue<string>());
        Synth.JsonEqual("""
            {
              "Arn": { "Fn::GetAtt": ["ClusterC2E21B66", "Arn"] },
              "DeadLetterConfig": { "Arn": { "Fn::GetAtt": ["ProcessorDeadLetterQueue959FA4E1", "Arn"] } },
              "EcsParameters": {
                "CapacityProviderStrategy": [{ "CapacityProvider": "FARGATE", "Weight": 1 }],
                "EnableECSManagedTags": true,
                "NetworkConfiguration": {
                  "AwsVpcConfiguration": {
                    "AssignPublicIp": "DISABLED",
                    "SecurityGroups": [{ "Fn::GetAtt": ["ProcessorSecurityGroup067F4B9D", "GroupId"] }],
                    "Subnets": ["subnet-00000000000000003", "subnet-00000000000000004"]
                  }
                },
                "PropagateTags": "TASK_DEFINITION",
                "TaskCount": 1,
                "TaskDefinitionArn": { "Ref": "ProcessorTaskDefinition89AA16E6" }
              },
              "Id": "Task",
              "RetryPolicy": { "MaximumEventAgeInSeconds": 300, "MaximumRetryAttempts": 0 },
              "RoleArn": { "Fn::GetAtt": ["ProcessorRunTaskRoleB7878DBF", "Arn"] }
            }
            """, target);
        Assert.Null(rule["EventPattern"]!["detail"]!["object"]);
    }

    [Fact]
    public void Retries_for_a_day_185_times_by_default_and_depends_on_the_clusters_capacity_providers()
    {
        var template = Synth.Json(s => NewEventTask(s));
        var rule = Synth.Single(template, "AWS::Events::Rule");

        Synth.JsonEqual("""{ "MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 185 }""", rule["Properties"]!["Targets"]![0]!["RetryPolicy"]);
        Synth.JsonEqual("""["Cluster3D72770B"]""", rule["DependsOn"]);
    }

    [Fact]
    public void Lets_the_rule_run_only_this_task_definition_family_in_this_cluster_and_pass_its_two_roles()
    {
        var template = Synth.Json(s => NewEventTask(s));

        var role = Synth.Resources(template, "AWS::IAM::Role").Single(r => r.Key.StartsWith("ProcessorRunTaskRole", StringComparison.Ordinal)).Value;
        Synth.JsonEqual("""
            [{
              "Action": "sts:AssumeRole",
              "Condition": { "StringEquals": { "aws:SourceAccount": { "Ref": "AWS::AccountId" } } },
              "Effect": "Allow",
              "Principal": { "Service": "events.amazonaws.com" }
            }]
            """, role["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]);
        var policy = Synth.Resources(template, "AWS::IAM::Policy").Single(r => r.Key.StartsWith("ProcessorRunTaskRoleDefaultPolicy", StringComparison.Ordinal)).Value;
        Synth.JsonEqual(RunTaskStatements("Processor", "TestStackProcessorTaskDefinitionE35A00AB", "ProcessorTaskDefinitionExecutionRole52A75E56", "ProcessorTaskDefinitionTaskRole796F2348"), policy["Properties"]!["PolicyDocument"]!["Statement"]);
        Synth.JsonEqual("""
            ["Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task-definition/TestStackProcessorTaskDefinitionE35A00AB:*", "Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task/<ClusterC2E21B66>/*"]
            """, policy["Metadata"]!["cdk_nag"]!["rules_to_suppress"]![0]!["applies_to"]);
    }

    [Fact]
    public void Lets_only_the_rule_send_to_an_encrypted_SSL_only_dead_letter_queue_kept_14_days_and_retained()
    {
        var template = Synth.Json(s => NewEventTask(s));

        var queue = Synth.Single(template, "AWS::SQS::Queue");
        Synth.JsonEqual("""{ "MessageRetentionPeriod": 1209600, "RedriveAllowPolicy": { "redrivePermission": "allowAll" }, "SqsManagedSseEnabled": true }""", queue["Properties"]);
        Assert.Equal("Retain", queue["DeletionPolicy"]!.GetValue<string>());
        Synth.JsonEqual("""
            [
              {
                "Action": "sqs:*",
                "Condition": { "Bool": { "aws:SecureTransport": "false" } },
                "Effect": "Deny",
                "Principal": { "AWS": "*" },
                "Resource": { "Fn::GetAtt": ["ProcessorDeadLetterQueue959FA4E1", "Arn"] }
              },
              {
                "Action": "sqs:SendMessage",
                "Condition": { "ArnEquals": { "aws:SourceArn": [{ "Fn::GetAtt": ["ProcessorRuleD8DC9386", "Arn"] }] } },
                "Effect": "Allow",
                "Principal": { "Service": "events.amazonaws.com" },
                "Resource": { "Fn::GetAtt": ["ProcessorDeadLetterQueue959FA4E1", "Arn"] },
                "Sid": "AllowEventBridgeRulesToSendFailedEvents"
              }
            ]
            """, Synth.Single(template, "AWS::SQS::QueuePolicy")["Properties"]!["PolicyDocument"]!["Statement"]);
    }

    [Fact]
    public void Alarms_to_the_topic_when_the_dead_letter_queue_holds_a_message()
    {
        var alarm = Synth.Single(Synth.Json(s => NewEventTask(s, (c, b) => new()
        {
            Cluster = c,
            Image = Image,
            ObjectCreated = new ObjectCreatedTrigger { Bucket = b },
            AlarmTopic = Topic.FromTopicArn(s, "Ops", "arn:aws:sns:eu-west-1:123456789012:ops"),
            DeadLetterQueueRetention = Duration.Days(4),
        })), "AWS::CloudWatch::Alarm")["Properties"]!;

        Synth.JsonEqual("""
            {
              "AlarmActions": ["arn:aws:sns:eu-west-1:123456789012:ops"],
              "AlarmDescription": "TestStack/Processor: 1 or more messages in the dead-letter queue (events whose target could not be invoked after every retry) in 3 of the last 5 minutes.",
              "ComparisonOperator": "GreaterThanOrEqualToThreshold",
              "DatapointsToAlarm": 3,
              "Dimensions": [{ "Name": "QueueName", "Value": { "Fn::GetAtt": ["ProcessorDeadLetterQueue959FA4E1", "QueueName"] } }],
              "EvaluationPeriods": 5,
              "MetricName": "ApproximateNumberOfMessagesVisible",
              "Namespace": "AWS/SQS",
              "OKActions": ["arn:aws:sns:eu-west-1:123456789012:ops"],
              "Period": 60,
              "Statistic": "Maximum",
              "Threshold": 1,
              "TreatMissingData": "notBreaching"
            }
            """, alarm);
    }

    [Fact]
    public void Uses_a_given_dead_letter_queue_and_no_alarm_when_turned_off()
    {
        var template = Synth.Json(s => NewEventTask(s, (c, b) => new()
        {
            Cluster = c,
            Image = Image,
            ObjectCreated = new ObjectCreatedTrigger { Bucket = b },
            DeadLetterQueue = Queue.FromQueueArn(s, "Dlq", "arn:aws:sqs:eu-west-1:123456789012:failed-events"),
            DeadLetterQueueAlarm = WorkloadAlarm.Disabled,
        }));

        Assert.Empty(Synth.Resources(template, "AWS::SQS::Queue"));
        Assert.Empty(Synth.Resources(template, "AWS::CloudWatch::Alarm"));
        Assert.Equal("arn:aws:sqs:eu-west-1:123456789012:failed-events", Rule(template)["Targets"]![0]!["DeadLetterConfig"]!["Arn"]!.GetValue<string>());
    }

    [Fact]
    public void Runs_one_off_tasks_with_a_120_second_stop_timeout_on_ARM64_and_on_Spot_by_weight_for_X64()
    {
        var template = Synth.Json(s => NewEventTask(s, (c, b) => new()
        {
            Cluster = c,
            Image = Image,
            ObjectCreated = new ObjectCreatedTrigger { Bucket = b },
            CpuArchitecture = TaskCpuArchitecture.Amd64,
            OnDemandWeight = 0,
            SpotWeight = 1,
        }));

        var definition = Synth.Single(template, "AWS::ECS::TaskDefinition")["Properties"]!;
        Assert.Equal(120, definition["ContainerDefinitions"]![0]!["StopTimeout"]!.GetValue<int>());
        Assert.Equal("512", definition["Cpu"]!.GetValue<string>());
        Assert.Equal("1024", definition["Memory"]!.GetValue<string>());
        Synth.JsonEqual("""[{ "CapacityProvider": "FARGATE", "Weight": 0 }, { "CapacityProvider": "FARGATE_SPOT", "Weight": 1 }]""", Rule(template)["Targets"]![0]!["EcsParameters"]!["CapacityProviderStrategy"]);
    }

    [Fact]
    public void Runs_ARM64_one_off_tasks_on_Spot_and_warns_only_in_a_China_region()
    {
        EventTriggeredTask? global = null;
        var template = Synth.Json(s => global = NewEventTask(s, (c, b) => new() { Cluster = c, Image = Image, ObjectCreated = new ObjectCreatedTrigger { Bucket = b }, SpotWeight = 2 }));
        var china = Synth.NewStack(new StackProps { Env = new Amazon.CDK.Environment { Account = "111122223333", Region = "cn-north-1" } });
        var inChina = NewEventTask(china, (c, b) => new() { Cluster = c, Image = Image, ObjectCreated = new ObjectCreatedTrigger { Bucket = b }, SpotWeight = 2 });

        Assert.Equal("ARM64", Synth.Single(template, "AWS::ECS::TaskDefinition")["Properties"]!["RuntimePlatform"]!["CpuArchitecture"]!.GetValue<string>());
        Synth.JsonEqual("""[{ "CapacityProvider": "FARGATE", "Weight": 1 }, { "CapacityProvider": "FARGATE_SPOT", "Weight": 2 }]""", Rule(template)["Targets"]![0]!["EcsParameters"]!["CapacityProviderStrategy"]);
        Assert.DoesNotContain(global!.Node.Metadata, m => m.Type == "aws:cdk:warning");
        Assert.Contains(inChina.Node.Metadata, m => m.Type == "aws:cdk:warning" && m.Data?.ToString()?.EndsWith("[ack: ContainerPatterns:Workload:SpotArm64InChina]", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Turns_on_EventBridge_through_CDKs_notifications_resource_when_the_bucket_has_one()
    {
        var template = Synth.Json(s => NewEventTask(s, (c, b) =>
        {
            b.AddEventNotification(EventType.OBJECT_REMOVED, new Amazon.CDK.AWS.S3.Notifications.SqsDestination(new Queue(s, "Removed", new QueueProps { EnforceSSL = true })));
            return new() { Cluster = c, Image = Image, ObjectCreated = new ObjectCreatedTrigger { Bucket = b } };
        }));

        Synth.JsonEqual("{}", Synth.Single(template, "Custom::S3BucketNotifications")["Properties"]!["NotificationConfiguration"]!["EventBridgeConfiguration"]);
        Assert.Null(Synth.Single(template, "AWS::S3::Bucket")["Properties"]?["NotificationConfiguration"]);
    }

    [Fact]
    public void Fails_at_synth_when_CDK_notifications_are_added_to_the_bucket_afterwards()
    {
        var stack = Synth.NewStack();
        var task = NewEventTask(stack);
        var bucket = (Bucket)stack.Node.FindChild("Uploads");
        bucket.AddEventNotification(EventType.OBJECT_REMOVED, new Amazon.CDK.AWS.S3.Notifications.SqsDestination(new Queue(stack, "Removed", new QueueProps { EnforceSSL = true })));

        var error = Assert.ThrowsAny<Exception>(() => Amazon.CDK.Assertions.Template.FromStack(stack));
        Assert.Contains("[TestStack/Processor] the bucket TestStack/Uploads got CDK notifications (AddEventNotification) after TestStack/Processor turned on its EventBridge notifications, and CDK's notifications resource would turn them off again; call EnableEventBridgeNotification() on the bucket, or add its other notifications before creating TestStack/Processor.", error.Message, StringComparison.Ordinal);
        Assert.NotNull(task.Rule);
    }

    [Fact]
    public void Fails_at_synth_when_the_event_variables_container_is_not_in_the_task_definition()
    {
        var stack = Synth.NewStack();
        _ = NewEventTask(stack, (c, b) => new() { Cluster = c, Image = Image, ObjectCreated = new ObjectCreatedTrigger { Bucket = b }, EventEnvironmentContainer = "worker" });

        var error = Assert.ThrowsAny<Exception>(() => Amazon.CDK.Assertions.Template.FromStack(stack));
        Assert.Contains("[TestStack/Processor] EventEnvironmentContainer = \"worker\" is not a container of the task definition TestStack/Processor/TaskDefinition; use \"app\" or the name of a container you added.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_an_imported_bucket_whose_EventBridge_notifications_are_on()
    {
        var rule = Rule(Synth.Json(s => new EventTriggeredTask(s, "Processor", new()
        {
            Cluster = LightCluster(s),
            Image = Image,
            ObjectCreated = new ObjectCreatedTrigger { Bucket = Bucket.FromBucketName(s, "Imported", "uploads-123"), EventBridgeEnabled = true },
        })));

        Synth.JsonEqual("""{ "bucket": { "name": ["uploads-123"] } }""", rule["EventPattern"]!["detail"]);
    }

    [Fact]
    public void Grants_to_the_task_role_and_exposes_the_security_groups_queue_and_task_group()
    {
        var stack = Synth.NewStack();
        var task = NewEventTask(stack);

        Assert.Same(task.TaskDefinition.TaskRole, task.GrantPrincipal);
        Assert.Single(task.Connections.SecurityGroups);
        Assert.Equal("family:TestStackProcessorTaskDefinitionE35A00AB", task.TaskGroup);
        Assert.Equal(["BUCKET_NAME", "OBJECT_KEY"], task.EventVariables.Keys);
        Assert.NotNull(task.DeadLetterQueueAlarm);
        Assert.Equal("app", task.Container.ContainerName);
    }
}
