using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SQS;
using ContainerPatterns.Ecs;
using static ContainerPatterns.Tests.Ecs.QueueWorkerFixture;

namespace ContainerPatterns.Tests.Ecs;

public class QueueWorkerServiceTests
{
    private static string IdOf(JsonObject json, string type, string prefix) =>
        Synth.Resources(json, type).Single(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).Key;

    private static JsonObject Resource(JsonObject json, string type, string prefix) => Synth.Resources(json, type)[IdOf(json, type, prefix)];

    [Fact]
    public void Creates_an_SSE_SQS_long_polling_queue_with_a_dead_letter_queue_both_retained_by_default()
    {
        var json = Synth.Json(s => NewWorker(s, c => new QueueWorkerServiceProps { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(20) }));

        var dlq = IdOf(json, "AWS::SQS::Queue", "WorkerDeadLetterQueue");
        var queue = Resource(json, "AWS::SQS::Queue", "WorkerQueue");
        Synth.JsonEqual($$$"""
            {
              "Type": "AWS::SQS::Queue",
              "Properties": {
                "ReceiveMessageWaitTimeSeconds": 20,
                "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["{{{dlq}}}", "Arn"]}, "maxReceiveCount": 5},
                "SqsManagedSseEnabled": true,
                "VisibilityTimeout": 120
              },
              "UpdateReplacePolicy": "Retain",
              "DeletionPolicy": "Retain"
            }
            """, queue);
        Synth.JsonEqual("""
            {
              "Type": "AWS::SQS::Queue",
              "Properties": {"MessageRetentionPeriod": 1209600, "RedriveAllowPolicy": {"redrivePermission": "allowAll"}, "SqsManagedSseEnabled": true},
              "UpdateReplacePolicy": "Retain",
              "DeletionPolicy": "Retain"
            }
            """, Synth.Resources(json, "AWS::SQS::Queue")[dlq]);
    }

    [Fact]
    public void Denies_every_request_without_TLS_on_both_queues()
    {
        var json = Synth.Json(s => NewWorker(s));

        var policies = Synth.Resources(json, "AWS::SQS::QueuePolicy");
        Assert.Equal(2, policies.Count);
        foreach (var queue in new[] { IdOf(json, "AWS::SQS::Queue", "WorkerQueue"), IdOf(json, "AWS::SQS::Queue", "WorkerDeadLetterQueue") })
        {
            var policy = policies.Values.Single(p => p["Properties"]!["Queues"]![0]!["Ref"]!.GetValue<string>() == queue);
            Synth.JsonEqual($$$"""
                {
                  "Statement": [{
                    "Action": "sqs:*",
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    "Effect": "Deny",
                    "Principal": {"AWS": "*"},
                    "Resource": {"Fn::GetAtt": ["{{{queue}}}", "Arn"]}
                  }],
                  "Version": "2012-10-17"
                }
                """, policy["Properties"]!["PolicyDocument"]);
        }
    }

    [Fact]
    public void Tracks_visible_messages_per_running_task_with_metric_math_and_the_target_from_latency_and_processing_time()
    {
        var json = Synth.Json(s => NewWorker(s, c => new QueueWorkerServiceProps { Cluster = c, Image = Image, AverageProcessingTime = Duration.Millis(700), AcceptableLatency = Duration.Minutes(1) }));

        var queue = IdOf(json, "AWS::SQS::Queue", "WorkerQueue");
        var service = IdOf(json, "AWS::ECS::Service", "WorkerService");
        var cluster = IdOf(json, "AWS::ECS::Cluster", "Cluster");
        var policy = Resource(json, "AWS::ApplicationAutoScaling::ScalingPolicy", "WorkerServiceTaskCountTargetBacklogScaling")["Properties"]!;
        Assert.Equal("TargetTrackingScaling", policy["PolicyType"]!.GetValue<string>());
        Assert.Equal(IdOf(json, "AWS::ApplicationAutoScaling::ScalableTarget", "WorkerServiceTaskCountTarget"), policy["ScalingTargetId"]!["Ref"]!.GetValue<string>());
        // 60 s / 0.7 s = 85.7: a task works through 85 whole messages within the latency.
        Synth.JsonEqual($$$"""
            {
              "CustomizedMetricSpecification": {
                "Metrics": [
                  {
                    "Id": "visible", "Label": "Visible messages", "ReturnData": false,
                    "MetricStat": {
                      "Metric": {"Dimensions": [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["{{{queue}}}", "QueueName"]}}], "MetricName": "ApproximateNumberOfMessagesVisible", "Namespace": "AWS/SQS"},
                      "Stat": "Maximum"
                    }
                  },
                  {
                    "Id": "tasks", "Label": "Running tasks", "ReturnData": false,
                    "MetricStat": {
                      "Metric": {
                        "Dimensions": [{"Name": "ClusterName", "Value": {"Ref": "{{{cluster}}}"}}, {"Name": "ServiceName", "Value": {"Fn::GetAtt": ["{{{service}}}", "Name"]}}],
                        "MetricName": "RunningTaskCount", "Namespace": "ECS/ContainerInsights"
                      },
                      "Stat": "Average"
                    }
                  },
                  {"Expression": "visible / tasks", "Id": "backlog", "Label": "Backlog per task", "ReturnData": true}
                ]
              },
              "ScaleInCooldown": 300,
              "ScaleOutCooldown": 60,
              "TargetValue": 85
            }
            """, policy["TargetTrackingScalingPolicyConfiguration"]);
        var target = Synth.Single(json, "AWS::ApplicationAutoScaling::ScalableTarget")["Properties"]!;
        Assert.Equal(0, target["MinCapacity"]!.GetValue<int>());
        Assert.Equal(4, target["MaxCapacity"]!.GetValue<int>());
    }

    [Fact]
    public void Starts_the_first_task_with_an_exact_capacity_step_when_messages_wait_and_no_task_runs()
    {
        var stack = Synth.NewStack();
        var worker = NewWorker(stack);
        var json = Synth.ToJson(Amazon.CDK.Assertions.Template.FromStack(stack));

        var queue = IdOf(json, "AWS::SQS::Queue", "WorkerQueue");
        var service = IdOf(json, "AWS::ECS::Service", "WorkerService");
        var cluster = IdOf(json, "AWS::ECS::Cluster", "Cluster");
        var step = IdOf(json, "AWS::ApplicationAutoScaling::ScalingPolicy", "WorkerServiceTaskCountTargetScaleFromZero");
        Synth.JsonEqual("""
            {
              "AdjustmentType": "ExactCapacity",
              "Cooldown": 60,
              "MetricAggregationType": "Maximum",
              "StepAdjustments": [{"MetricIntervalLowerBound": 0, "ScalingAdjustment": 1}]
            }
            """, Synth.Resources(json, "AWS::ApplicationAutoScaling::ScalingPolicy")[step]["Properties"]!["StepScalingPolicyConfiguration"]);
        Synth.JsonEqual($$$"""
            {
              "AlarmActions": [{"Ref": "{{{step}}}"}],
              "AlarmDescription": "TestStack/Worker: messages wait in the queue while no task runs; starts the first task (scaling, not a notification).",
              "ComparisonOperator": "GreaterThanOrEqualToThreshold",
              "DatapointsToAlarm": 1,
              "EvaluationPeriods": 1,
              "Metrics": [
                {"Expression": "IF(FILL(tasks, 0) < 1, visible, 0)", "Id": "expr_1", "Label": "Messages waiting with no task running"},
                {
                  "Id": "visible", "ReturnData": false,
                  "MetricStat": {
                    "Metric": {"Dimensions": [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["{{{queue}}}", "QueueName"]}}], "MetricName": "ApproximateNumberOfMessagesVisible", "Namespace": "AWS/SQS"},
                    "Period": 60, "Stat": "Maximum"
                  }
                },
                {
                  "Id": "tasks", "ReturnData": false,
                  "MetricStat": {
                    "Metric": {
                      "Dimensions": [{"Name": "ClusterName", "Value": {"Ref": "{{{cluster}}}"}}, {"Name": "ServiceName", "Value": {"Fn::GetAtt": ["{{{service}}}", "Name"]}}],
                      "MetricName": "RunningTaskCount", "Namespace": "ECS/ContainerInsights"
                    },
                    "Period": 60, "Stat": "Maximum"
                  }
                }
              ],
              "Threshold": 1,
              "TreatMissingData": "notBreaching"
            }
            """, Resource(json, "AWS::CloudWatch::Alarm", "WorkerScaleFromZeroAlarm")["Properties"]);
        Assert.NotNull(worker.ScaleFromZeroAlarm);
        Assert.Equal(150, worker.BacklogPerTaskTarget);
    }

    [Fact]
    public void Needs_no_scale_from_zero_policy_when_at_least_one_task_always_runs()
    {
        var stack = Synth.NewStack();
        var worker = NewWorker(stack, c => new QueueWorkerServiceProps { Cluster = c, Image = Image, MinTasks = 2, MaxTasks = 10, BacklogPerTaskTarget = 40 });
        var json = Synth.ToJson(Amazon.CDK.Assertions.Template.FromStack(stack));

        var policy = Assert.Single(Synth.Resources(json, "AWS::ApplicationAutoScaling::ScalingPolicy")).Value["Properties"]!;
        Assert.Equal(40, policy["TargetTrackingScalingPolicyConfiguration"]!["TargetValue"]!.GetValue<int>());
        var target = Synth.Single(json, "AWS::ApplicationAutoScaling::ScalableTarget")["Properties"]!;
        Assert.Equal(2, target["MinCapacity"]!.GetValue<int>());
        Assert.Equal(10, target["MaxCapacity"]!.GetValue<int>());
        Assert.Null(worker.ScaleFromZeroAlarm);
        Assert.DoesNotContain(Synth.Resources(json, "AWS::CloudWatch::Alarm").Keys, k => k.Contains("ScaleFromZero", StringComparison.Ordinal));
    }

    [Fact]
    public void Grants_the_task_role_consume_on_its_queue_and_scale_in_protection_on_its_cluster_tasks_only()
    {
        var json = Synth.Json(s => NewWorker(s));

        var queue = IdOf(json, "AWS::SQS::Queue", "WorkerQueue");
        var cluster = IdOf(json, "AWS::ECS::Cluster", "Cluster");
        var policy = Resource(json, "AWS::IAM::Policy", "WorkerTaskDefinitionTaskRoleDefaultPolicy");
        Synth.JsonEqual($$$"""
            [
              {
                "Action": ["sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
                "Effect": "Allow",
                "Resource": {"Fn::GetAtt": ["{{{queue}}}", "Arn"]}
              },
              {
                "Action": "ecs:UpdateTaskProtection",
                "Effect": "Allow",
                "Resource": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":ecs:", {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":task/", {"Ref": "{{{cluster}}}"}, "/*"]]}
              }
            ]
            """, policy["Properties"]!["PolicyDocument"]!["Statement"]);
        Synth.JsonEqual($$$"""
            [{
              "id": "AwsSolutions-IAM5",
              "reason": "The tasks of TestStack/Worker protect themselves from scale-in while they hold a message (ecs:UpdateTaskProtection); a task's ARN ends in an id known only at run time, so the grant names the tasks of its cluster.",
              "applies_to": ["Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task/<{{{cluster}}}>/*"]
            }]
            """, policy["Metadata"]!["cdk_nag"]!["rules_to_suppress"]);
    }

    [Fact]
    public void Runs_a_small_ARM64_task_with_a_120_second_stop_timeout_and_the_queue_URL_in_its_environment()
    {
        var json = Synth.Json(s => NewWorker(s, c => new QueueWorkerServiceProps { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), Environment = new Dictionary<string, string> { ["LOG_LEVEL"] = "info" } }));

        var queue = IdOf(json, "AWS::SQS::Queue", "WorkerQueue");
        var task = Synth.Single(json, "AWS::ECS::TaskDefinition");
        var container = task["Properties"]!["ContainerDefinitions"]![0]!;
        Synth.JsonEqual($$$"""[{"Name": "LOG_LEVEL", "Value": "info"}, {"Name": "QUEUE_URL", "Value": {"Ref": "{{{queue}}}"}}]""", container["Environment"]);
        Assert.Equal(120, container["StopTimeout"]!.GetValue<int>());
        Assert.True(container["ReadonlyRootFilesystem"]!.GetValue<bool>());
        Assert.Null(container["PortMappings"]);
        Assert.Equal("256", task["Properties"]!["Cpu"]!.GetValue<string>());
        Assert.Equal("512", task["Properties"]!["Memory"]!.GetValue<string>());
        Assert.Equal("ARM64", task["Properties"]!["RuntimePlatform"]!["CpuArchitecture"]!.GetValue<string>());
        Assert.Equal(
            "The environment of the app container of TestStack/Worker holds only the plain settings its Environment prop was given (LOG_LEVEL) and what the construct sets itself: QUEUE_URL (the URL of the queue it consumes); secret values reach it from Secrets Manager or SSM through the Secrets prop.",
            task["Metadata"]!["cdk_nag"]!["rules_to_suppress"]![0]!["reason"]!.GetValue<string>());
        var service = Synth.Single(json, "AWS::ECS::Service");
        Assert.Null(service["Properties"]!["DesiredCount"]);
        Synth.JsonEqual("""{"AwsvpcConfiguration": {"AssignPublicIp": "DISABLED", "SecurityGroups": [{"Fn::GetAtt": ["WorkerServiceSecurityGroup31B1E69F", "GroupId"]}], "Subnets": ["subnet-00000000000000003", "subnet-00000000000000004"]}}""", service["Properties"]!["NetworkConfiguration"]);
        var association = Assert.Single(Synth.Resources(json, "AWS::ECS::ClusterCapacityProviderAssociations")).Key;
        Assert.Contains(association, service["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public void Puts_a_share_of_the_tasks_on_Fargate_Spot_when_asked()
    {
        var json = Synth.Json(s => NewWorker(s, c => new QueueWorkerServiceProps { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), CpuArchitecture = TaskCpuArchitecture.Amd64, SpotWeight = 3, OnDemandBase = 0 }));

        Synth.JsonEqual("""
            [{"Base": 0, "CapacityProvider": "FARGATE", "Weight": 1}, {"CapacityProvider": "FARGATE_SPOT", "Weight": 3}]
            """, Synth.Single(json, "AWS::ECS::Service")["Properties"]!["CapacityProviderStrategy"]);
    }

    [Fact]
    public void Alarms_when_anything_lands_in_the_dead_letter_queue_and_notifies_the_topic()
    {
        var json = Synth.Json(s => NewWorker(s, c => new QueueWorkerServiceProps { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), AlarmTopic = new Topic(s, "Alerts", new TopicProps { EnforceSSL = true }) }));

        var dlq = IdOf(json, "AWS::SQS::Queue", "WorkerDeadLetterQueue");
        var topic = IdOf(json, "AWS::SNS::Topic", "Alerts");
        Synth.JsonEqual($$$"""
            {
              "AlarmActions": [{"Ref": "{{{topic}}}"}],
              "AlarmDescription": "TestStack/Worker: 1 or more messages in the dead-letter queue in 3 of the last 5 minutes.",
              "ComparisonOperator": "GreaterThanOrEqualToThreshold",
              "DatapointsToAlarm": 3,
              "Dimensions": [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["{{{dlq}}}", "QueueName"]}}],
              "EvaluationPeriods": 5,
              "MetricName": "ApproximateNumberOfMessagesVisible",
              "Namespace": "AWS/SQS",
              "OKActions": [{"Ref": "{{{topic}}}"}],
              "Period": 60,
              "Statistic": "Maximum",
              "Threshold": 1,
              "TreatMissingData": "notBreaching"
            }
            """, Resource(json, "AWS::CloudWatch::Alarm", "WorkerDeadLetterAlarm")["Properties"]);
    }

    [Fact]
    public void Turns_the_dead_letter_alarm_off_when_asked()
    {
        var stack = Synth.NewStack();
        var worker = NewWorker(stack, c => new QueueWorkerServiceProps { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), DeadLetterQueueAlarm = WorkloadAlarm.Disabled });

        Assert.Null(worker.DeadLetterQueueAlarm);
        Assert.Empty(worker.Alarms);
        Assert.NotNull(worker.DeadLetterQueue);
    }

    [Fact]
    public void Creates_FIFO_queue_and_dead_letter_queue_together()
    {
        var json = Synth.Json(s => NewWorker(s, c => new QueueWorkerServiceProps { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), Fifo = true, MaxReceiveCount = 3, MessageRetention = Duration.Days(7), VisibilityTimeout = Duration.Minutes(2) }));

        var queue = Resource(json, "AWS::SQS::Queue", "WorkerQueue")["Properties"]!;
        Assert.True(queue["FifoQueue"]!.GetValue<bool>());
        Assert.Equal(3, queue["RedrivePolicy"]!["maxReceiveCount"]!.GetValue<int>());
        Assert.Equal(604800, queue["MessageRetentionPeriod"]!.GetValue<int>());
        Assert.Equal(120, queue["VisibilityTimeout"]!.GetValue<int>());
        Assert.True(Resource(json, "AWS::SQS::Queue", "WorkerDeadLetterQueue")["Properties"]!["FifoQueue"]!.GetValue<bool>());
    }

    [Fact]
    public void Redrives_to_a_given_dead_letter_queue_instead_of_creating_one()
    {
        var stack = Synth.NewStack();
        var given = Queue.FromQueueArn(stack, "Dlq", "arn:aws:sqs:eu-west-1:111122223333:failed-orders");
        var worker = NewWorker(stack, c => new QueueWorkerServiceProps { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), DeadLetterQueue = given });
        var json = Synth.ToJson(Amazon.CDK.Assertions.Template.FromStack(stack));

        var queue = Assert.Single(Synth.Resources(json, "AWS::SQS::Queue")).Value["Properties"]!;
        Synth.JsonEqual("""{"deadLetterTargetArn": "arn:aws:sqs:eu-west-1:111122223333:failed-orders", "maxReceiveCount": 5}""", queue["RedrivePolicy"]);
        Assert.Same(given, worker.DeadLetterQueue);
        Assert.NotNull(worker.DeadLetterQueueAlarm);
    }

    [Fact]
    public void Consumes_a_given_queue_of_this_app_and_alarms_on_its_own_dead_letter_queue()
    {
        var stack = Synth.NewStack();
        var dlq = new Queue(stack, "FailedOrders", new QueueProps { EnforceSSL = true, RetentionPeriod = Duration.Days(14) });
        var orders = new Queue(stack, "Orders", new QueueProps { EnforceSSL = true, VisibilityTimeout = Duration.Minutes(1), DeadLetterQueue = new DeadLetterQueue { Queue = dlq, MaxReceiveCount = 4 } });
        var worker = NewWorker(stack, c => new QueueWorkerServiceProps { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), Queue = orders });
        var json = Synth.ToJson(Amazon.CDK.Assertions.Template.FromStack(stack));

        Assert.Equal(2, Synth.Resources(json, "AWS::SQS::Queue").Count);
        Assert.Same(orders, worker.Queue);
        Assert.Same(dlq, worker.DeadLetterQueue);
        var dlqId = IdOf(json, "AWS::SQS::Queue", "FailedOrders");
        Assert.Equal(dlqId, Resource(json, "AWS::CloudWatch::Alarm", "WorkerDeadLetterAlarm")["Properties"]!["Dimensions"]![0]!["Value"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        var ordersId = IdOf(json, "AWS::SQS::Queue", "Orders");
        var environment = Synth.Single(json, "AWS::ECS::TaskDefinition")["Properties"]!["ContainerDefinitions"]![0]!["Environment"];
        Synth.JsonEqual($$$"""[{"Name": "QUEUE_URL", "Value": {"Ref": "{{{ordersId}}}"}}]""", environment);
        Assert.Empty(Warnings(worker));
    }

    [Fact]
    public void Warns_about_a_given_queue_without_a_dead_letter_queue()
    {
        var stack = Synth.NewStack();
        var worker = NewWorker(stack, c => new QueueWorkerServiceProps { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), Queue = new Queue(stack, "Orders", new QueueProps { EnforceSSL = true }) });

        Assert.Equal(
            "TestStack/Worker consumes a queue without a dead-letter queue: a message that always fails is received again and again until its retention ends. Give the queue a DeadLetterQueue, or let the service create the queue. [ack: ContainerPatterns:QueueWorkerService:NoDeadLetterQueue]",
            Assert.Single(Warnings(worker)));
        Assert.Null(worker.DeadLetterQueue);
        Assert.Null(worker.DeadLetterQueueAlarm);
    }

    [Fact]
    public void Warns_that_an_imported_cluster_may_not_publish_the_running_task_count_and_lets_users_acknowledge_it()
    {
        var stack = Synth.NewStack();
        var cluster = Cluster.FromClusterAttributes(stack, "Imported", new ClusterAttributes { ClusterName = "jobs", Vpc = WebServiceFixture.ImportedVpc(stack) });
        var worker = new QueueWorkerService(stack, "Worker", Basic(cluster));

        Assert.Equal(
            "TestStack/Worker scales on backlog per task, dividing by ECS/ContainerInsights RunningTaskCount, which only a cluster with Container Insights publishes; whether TestStack/Imported has it on cannot be told at synth. Without it the backlog has no data: target tracking does nothing, and with MinTasks = 0 the scale-from-zero policy starts one task and it stays. Turn Container Insights on for the cluster, then acknowledge this warning. [ack: ContainerPatterns:QueueWorkerService:TaskCountMetric]",
            Assert.Single(Warnings(worker)));
        Amazon.CDK.Annotations.Of(worker).AcknowledgeWarning("ContainerPatterns:QueueWorkerService:TaskCountMetric", "Container Insights is on for the jobs cluster");
        Assert.Empty(Warnings(worker));
    }

    [Fact]
    public void Runs_without_warnings_on_a_CDK_cluster_with_Container_Insights_on()
    {
        var stack = Synth.NewStack();
        var cluster = new Cluster(stack, "Plain", new ClusterProps { Vpc = WebServiceFixture.ImportedVpc(stack), EnableFargateCapacityProviders = true, ContainerInsights = true });
        var worker = new QueueWorkerService(stack, "Worker", Basic(cluster));

        Assert.Empty(Warnings(worker));
    }

    [Fact]
    public void Lets_data_go_with_the_stack_when_the_removal_policy_says_so()
    {
        var json = Synth.Json(s => NewWorker(s, c => new QueueWorkerServiceProps { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), RemovalPolicy = RemovalPolicy.DESTROY }));

        Assert.All(Synth.Resources(json, "AWS::SQS::Queue").Values, q => Assert.Equal("Delete", q["DeletionPolicy"]!.GetValue<string>()));
    }

    [Fact]
    public void Takes_the_target_and_the_minimum_from_tokens()
    {
        var stack = Synth.NewStack();
        var target = new CfnParameter(stack, "Backlog", new CfnParameterProps { Type = "Number", Default = 50 }).ValueAsNumber;
        var min = new CfnParameter(stack, "Min", new CfnParameterProps { Type = "Number", Default = 0 }).ValueAsNumber;
        var worker = NewWorker(stack, c => new QueueWorkerServiceProps { Cluster = c, Image = Image, BacklogPerTaskTarget = target, MinTasks = min, MaxTasks = 5, MaxReceiveCount = min });
        var json = Synth.ToJson(Amazon.CDK.Assertions.Template.FromStack(stack));

        Synth.JsonEqual("""{"Ref": "Backlog"}""", Resource(json, "AWS::ApplicationAutoScaling::ScalingPolicy", "WorkerServiceTaskCountTargetBacklogScaling")["Properties"]!["TargetTrackingScalingPolicyConfiguration"]!["TargetValue"]);
        Assert.NotNull(worker.ScaleFromZeroAlarm);
    }

    [Fact]
    public void Exposes_what_it_creates_and_lets_the_service_reach_other_resources()
    {
        var stack = Synth.NewStack();
        var worker = NewWorker(stack);

        Assert.Equal("app", worker.Container.ContainerName);
        Assert.Same(worker.TaskDefinition.TaskRole, worker.GrantPrincipal);
        Assert.Same(worker.Service.Connections, worker.Connections);
        Assert.Same(worker.DeadLetterQueueAlarm, Assert.Single(worker.Alarms));
        Assert.Equal("TargetTrackingScaling", worker.BacklogScalingPolicy.PolicyType);
        Assert.NotNull(worker.ScalableTaskCount);
        Assert.NotNull(worker.LogGroup);
        Assert.Single(worker.Connections.SecurityGroups);
        Assert.IsAssignableFrom<IConnectable>(worker);
    }
}
