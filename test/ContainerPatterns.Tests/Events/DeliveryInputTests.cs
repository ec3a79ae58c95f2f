using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SQS;
using ContainerPatterns.Ecr;
using ContainerPatterns.Ecs;
using ContainerPatterns.Events;
using static ContainerPatterns.Tests.Ecs.WebServiceFixture;
using static ContainerPatterns.Tests.Events.EventsFixture;

namespace ContainerPatterns.Tests.Events;

/// <summary>
/// Inputs of issue 16 that passed synth and then failed at deploy or went silent: resources of another region, FIFO
/// dead-letter queues and topics, dead-letter queues encrypted with keys the sender may not use, one-time schedules in
/// the past.
/// </summary>
public class DeliveryInputTests
{
    private static readonly string NewLine = System.Environment.NewLine;

    private static Stack StackIn(string region) =>
        Synth.NewStack(new StackProps { Env = new Amazon.CDK.Environment { Account = "111122223333", Region = region } });

    private static string ErrorIn(string region, Action<Stack> build) =>
        Assert.Throws<ArgumentException>(() => build(StackIn(region))).Message;

    private static ICluster ClusterOf(Stack stack, string arn) => Cluster.FromClusterAttributes(stack, "Imported", new ClusterAttributes
    {
        ClusterName = arn.Split('/')[^1],
        ClusterArn = arn,
        Vpc = ImportedVpc(stack),
        SecurityGroups = [],
    });

    [Fact]
    public void Refuses_an_imported_cluster_of_another_region_for_a_workload_and_the_alerts()
    {
        const string Arn = "arn:aws:ecs:us-east-1:111122223333:cluster/prod";
        const string Why = "ECS runs the tasks in the cluster's region, and the services, EventBridge and Scheduler targets and CloudWatch metrics of this workload are in the stack's";

        Assert.Equal(
            $"TestStack/Web: Cluster.ClusterArn = \"{Arn}\" is not valid; the cluster is in us-east-1, but the stack deploys to eu-west-1; allowed: a cluster in eu-west-1 ({Why}).",
            ErrorIn("eu-west-1", s => _ = new LoadBalancedWebService(s, "Web", new LoadBalancedWebServiceProps { Cluster = ClusterOf(s, Arn), Image = Image })));
        Assert.Equal(
            $"TestStack/Report: Cluster.ClusterArn = \"{Arn}\" is not valid; the cluster is in us-east-1, but the stack deploys to eu-west-1; allowed: a cluster in eu-west-1 ({Why}).",
            ErrorIn("eu-west-1", s => _ = new ScheduledTask(s, "Report", new ScheduledTaskProps { Cluster = ClusterOf(s, Arn), Image = Image, Schedule = Amazon.CDK.AWS.Events.Schedule.Rate(Duration.Hours(1)) })));
        Assert.Equal(
            $"TestStack/Alerts: Cluster.ClusterArn = \"{Arn}\" is not valid; the cluster is in us-east-1, but the stack deploys to eu-west-1; allowed: a cluster in eu-west-1 (ECS sends its events to EventBridge in the cluster's region, and the rules are in the stack's).",
            ErrorIn("eu-west-1", s => _ = new TaskFailureAlerts(s, "Alerts", new TaskFailureAlertsProps { Cluster = ClusterOf(s, Arn) })));
    }

    [Fact]
    public void Accepts_a_cluster_of_the_stacks_region_and_any_cluster_in_an_environment_agnostic_stack()
    {
        _ = new LoadBalancedWebService(StackIn("us-east-1"), "Web", new LoadBalancedWebServiceProps { Cluster = ClusterOf(StackIn("us-east-1"), "arn:aws:ecs:us-east-1:111122223333:cluster/prod"), Image = Image });
        var agnostic = Synth.NewStack();
        _ = new TaskFailureAlerts(agnostic, "Alerts", new TaskFailureAlertsProps { Cluster = ClusterOf(agnostic, "arn:aws:ecs:us-east-1:111122223333:cluster/prod") });
    }

    [Fact]
    public void Refuses_worker_queues_of_another_region()
    {
        Assert.Equal(
            "TestStack/Worker: Queue.QueueArn = \"arn:aws:sqs:us-east-1:111122223333:orders\" is not valid; the queue is in us-east-1, but the stack deploys to eu-west-1; allowed: a queue in eu-west-1 (the service scales on the queue's CloudWatch metrics, which are regional).",
            ErrorIn("eu-west-1", s => _ = new QueueWorkerService(s, "Worker", new QueueWorkerServiceProps
            {
                Cluster = LightCluster(s), Image = Image, AverageProcessingTime = Duration.Seconds(2),
                Queue = Queue.FromQueueArn(s, "Orders", "arn:aws:sqs:us-east-1:111122223333:orders"),
            })));
        Assert.Equal(
            "TestStack/Worker: DeadLetterQueue.QueueArn = \"arn:aws:sqs:us-east-1:111122223333:failed\" is not valid; the queue is in us-east-1, but the stack deploys to eu-west-1; allowed: a queue in eu-west-1 (SQS needs a dead-letter queue in its source queue's region).",
            ErrorIn("eu-west-1", s => _ = new QueueWorkerService(s, "Worker", new QueueWorkerServiceProps
            {
                Cluster = LightCluster(s), Image = Image, AverageProcessingTime = Duration.Seconds(2),
                DeadLetterQueue = Queue.FromQueueArn(s, "Failed", "arn:aws:sqs:us-east-1:111122223333:failed"),
            })));
    }

    [Fact]
    public void Refuses_a_dead_letter_queue_of_another_region_or_a_FIFO_one_for_rules_and_schedules()
    {
        Assert.Equal(
            $"2 invalid props:{NewLine}" +
            "  TestStack/Processor: DeadLetterQueue.QueueArn = \"arn:aws:sqs:us-east-1:111122223333:failed.fifo\" is not valid; the queue is in us-east-1, but the stack deploys to eu-west-1; allowed: a queue in eu-west-1 (EventBridge sends failed events to a dead-letter queue of its own region)." + NewLine +
            "  TestStack/Processor: DeadLetterQueue (TestStack/Failed) is a FIFO queue; EventBridge sends failed events to standard queues only. Give a standard queue, or drop DeadLetterQueue to have one created.",
            ErrorIn("eu-west-1", s => _ = new EventTriggeredTask(s, "Processor", new EventTriggeredTaskProps
            {
                Cluster = LightCluster(s), Image = Image, ObjectCreated = new ObjectCreatedTrigger { Bucket = NewBucket(s) },
                DeadLetterQueue = Queue.FromQueueArn(s, "Failed", "arn:aws:sqs:us-east-1:111122223333:failed.fifo"),
            })));
        Assert.Equal(
            "TestStack/Report: DeadLetterQueue (TestStack/Failed) is a FIFO queue; EventBridge Scheduler sends failed events to standard queues only. Give a standard queue, or drop DeadLetterQueue to have one created.",
            ScheduledTaskError(c => new()
            {
                Cluster = c, Image = Image, Schedule = Amazon.CDK.AWS.Events.Schedule.Rate(Duration.Hours(1)),
                DeadLetterQueue = new Queue(Stack.Of(c), "Failed", new QueueProps { Fifo = true, EnforceSSL = true }),
            }));
    }

    [Fact]
    public void Refuses_an_alert_topic_of_another_region_or_a_FIFO_one()
    {
        Assert.Equal(
            "TestStack/Alerts: Topic.TopicArn = \"arn:aws:sns:us-east-1:111122223333:ops\" is not valid; the topic is in us-east-1, but the stack deploys to eu-west-1; allowed: a topic in eu-west-1 (an EventBridge rule's targets are in the rule's region).",
            ErrorIn("eu-west-1", s => _ = new TaskFailureAlerts(s, "Alerts", new TaskFailureAlertsProps { Cluster = LightCluster(s), Topic = Topic.FromTopicArn(s, "Ops", "arn:aws:sns:us-east-1:111122223333:ops") })));
        Assert.Equal(
            "TestStack/Alerts: Topic (TestStack/Ops) is a FIFO topic, which takes a message only with a message group id that the alert rules and the dead-letter queue alarm do not send; give a standard topic, or drop Topic to have one created.",
            AlertsError(c => new() { Cluster = c, Topic = new Topic(Stack.Of(c), "Ops", new TopicProps { Fifo = true, TopicName = "ops" }) }));
    }

    [Fact]
    public void Refuses_an_ECR_key_of_another_region()
    {
        Assert.Equal(
            "TestStack/Images: EncryptionKey.KeyArn = \"arn:aws:kms:us-east-1:111122223333:key/0b0a0c0d-1111-2222-3333-444455556666\" is not valid; the KMS key is in us-east-1, but the stack deploys to eu-west-1; allowed: a KMS key in eu-west-1 (KMS keys are regional, and ECR uses a key of the repository's region).",
            ErrorIn("eu-west-1", s => _ = new ContainerRepository(s, "Images", new ContainerRepositoryProps { EncryptionKey = Key.FromKeyArn(s, "Key", "arn:aws:kms:us-east-1:111122223333:key/0b0a0c0d-1111-2222-3333-444455556666") })));
    }

    [Fact]
    public void Lets_EventBridge_use_the_customer_key_of_a_given_dead_letter_queue_of_this_app()
    {
        var template = Synth.Json(s => NewEventTask(s, (c, b) => new()
        {
            Cluster = c, Image = Image, ObjectCreated = new ObjectCreatedTrigger { Bucket = b },
            DeadLetterQueue = new Queue(s, "Failed", new QueueProps { EnforceSSL = true, Encryption = QueueEncryption.KMS, EncryptionMasterKey = new Key(s, "FailedKey", new KeyProps { EnableKeyRotation = true }) }),
        }));

        var statements = Synth.Single(template, "AWS::KMS::Key")["Properties"]!["KeyPolicy"]!["Statement"]!.AsArray();
        Synth.JsonEqual("""
            {
              "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
              "Condition": { "StringEquals": { "aws:SourceAccount": { "Ref": "AWS::AccountId" } } },
              "Effect": "Allow",
              "Principal": { "Service": "events.amazonaws.com" },
              "Resource": "*",
              "Sid": "AllowEventBridgeToSendFailedEventsToTheDeadLetterQueue"
            }
            """, statements[^1]);
    }

    [Fact]
    public void Grants_the_schedules_role_the_customer_key_of_its_dead_letter_queue()
    {
        var template = Synth.Json(s => NewScheduledTask(s, c => new()
        {
            Cluster = c, Image = Image, Schedule = Amazon.CDK.AWS.Events.Schedule.Rate(Duration.Hours(1)),
            DeadLetterQueue = new Queue(s, "Failed", new QueueProps { EnforceSSL = true, Encryption = QueueEncryption.KMS, EncryptionMasterKey = new Key(s, "FailedKey", new KeyProps { EnableKeyRotation = true }) }),
        }));

        var policy = Synth.Resources(template, "AWS::IAM::Policy").Single(p => p.Key.StartsWith("ReportRunTaskRoleDefaultPolicy", StringComparison.Ordinal)).Value;
        Assert.Contains(policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray(), st => JsonNode.DeepEquals(st, JsonNode.Parse("""
            { "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Effect": "Allow", "Resource": { "Fn::GetAtt": ["FailedKeyB2C7B6EC", "Arn"] } }
            """)));
    }

    [Fact]
    public void Warns_where_the_key_of_a_given_dead_letter_queue_is_defined_elsewhere_and_takes_the_acknowledgement()
    {
        var stack = Synth.NewStack();
        var key = Key.FromKeyArn(stack, "Key", "arn:aws:kms:eu-west-1:111122223333:key/0b0a0c0d-1111-2222-3333-444455556666");
        var alerts = new TaskFailureAlerts(stack, "Alerts", new TaskFailureAlertsProps
        {
            Cluster = LightCluster(stack),
            DeadLetterQueue = Queue.FromQueueAttributes(stack, "Failed", new QueueAttributes { QueueArn = "arn:aws:sqs:eu-west-1:111122223333:failed", KeyArn = key.KeyArn }),
        });

        string[] Warnings() => alerts.Node.Metadata.Where(m => m.Type == "aws:cdk:warning").Select(m => m.Data?.ToString() ?? string.Empty).ToArray();
        Assert.Equal(
            "TestStack/Alerts sends failed events to a dead-letter queue encrypted with a KMS key this app does not define (arn:aws:kms:eu-west-1:111122223333:key/0b0a0c0d-1111-2222-3333-444455556666), whose policy cannot be checked at synth: it must let events.amazonaws.com use it (kms:GenerateDataKey, kms:Decrypt), or EventBridge cannot send failed events to the queue and they are lost. [ack: ContainerPatterns:EventTarget:DeadLetterQueueKey]",
            Assert.Single(Warnings()));
        Amazon.CDK.Annotations.Of(alerts).AcknowledgeWarning(TaskFailureAlerts.DeadLetterQueueKeyWarningId, "the key policy admits EventBridge");
        Assert.Empty(Warnings());
    }

    [Fact]
    public void Refuses_the_AWS_managed_SQS_key_for_a_rules_dead_letter_queue_but_not_for_a_schedules()
    {
        Assert.Equal(
            "TestStack/Processor: DeadLetterQueue (TestStack/Failed) is encrypted with the AWS managed key alias/aws/sqs, whose key policy does not admit EventBridge, so failed events could not be sent to it; encrypt it with SQS-managed keys (QueueEncryption.SQS_MANAGED) or a customer managed key, or drop DeadLetterQueue to have one created.",
            EventTaskError((c, b) => new()
            {
                Cluster = c, Image = Image, ObjectCreated = new ObjectCreatedTrigger { Bucket = b },
                DeadLetterQueue = new Queue(Stack.Of(c), "Failed", new QueueProps { EnforceSSL = true, Encryption = QueueEncryption.KMS_MANAGED }),
            }));
        _ = Synth.Json(s => NewScheduledTask(s, c => new()
        {
            Cluster = c, Image = Image, Schedule = Amazon.CDK.AWS.Events.Schedule.Rate(Duration.Hours(1)),
            DeadLetterQueue = new Queue(s, "Failed", new QueueProps { EnforceSSL = true, Encryption = QueueEncryption.KMS_MANAGED }),
        }));
    }

    [Fact]
    public void Refuses_a_one_time_schedule_whose_time_has_passed_in_its_time_zone()
    {
        var saved = TaskSchedule.Clock;
        TaskSchedule.Clock = () => new DateTimeOffset(2026, 12, 2, 7, 30, 0, TimeSpan.Zero);
        try
        {
            // 08:00 in Berlin is 07:00 UTC in winter: past; 08:00 UTC is not.
            Assert.Equal(
                "TestStack/Report: Schedule = \"at(2026-12-02T08:00:00)\" is not valid; that time (Europe/Berlin) has passed (it is 2026-12-02T07:30:00 UTC now), and a one-time schedule runs only at its time; allowed: a time in the future, or a rate(...) or cron(...) expression.",
                ScheduledTaskError(c => new() { Cluster = c, Image = Image, Schedule = Amazon.CDK.AWS.Events.Schedule.Expression("at(2026-12-02T08:00:00)"), TimeZone = Amazon.CDK.TimeZone.EUROPE_BERLIN }));
            _ = Synth.Json(s => NewScheduledTask(s, c => new() { Cluster = c, Image = Image, Schedule = Amazon.CDK.AWS.Events.Schedule.Expression("at(2026-12-02T08:00:00)") }));
        }
        finally
        {
            TaskSchedule.Clock = saved;
        }
    }
}
