using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SQS;
using ContainerPatterns.Ecs;
using ContainerPatterns.Events;
using static ContainerPatterns.Tests.Ecs.WebServiceFixture;
using static ContainerPatterns.Tests.Events.EventsFixture;

namespace ContainerPatterns.Tests.Events;

public class EventTriggeredTaskValidationTests
{
    private static readonly string[] OrderIds = ["o-1"];
    private static readonly string[] Statuses = ["PAID"];

    private static readonly string NewLine = System.Environment.NewLine;

    [Fact]
    public void Rejects_an_empty_event_pattern()
    {
        Assert.Equal(
            "TestStack/Processor: EventPattern is empty; EventBridge needs a pattern that matches on at least one field, e.g. Source = [\"my.app\"].",
            EventTaskError((c, _) => new() { Cluster = c, Image = Image, EventPattern = new EventPattern { Source = [] } }));
    }

    [Fact]
    public void Rejects_both_a_pattern_and_a_bucket_trigger()
    {
        Assert.Equal(
            "TestStack/Processor: EventPattern and ObjectCreated are both set; give one of them (ObjectCreated builds its own pattern).",
            EventTaskError((c, b) => new() { Cluster = c, Image = Image, EventPattern = new EventPattern { Source = ["my.app"] }, ObjectCreated = new ObjectCreatedTrigger { Bucket = b } }));
    }

    [Fact]
    public void Rejects_a_task_without_a_trigger()
    {
        Assert.Equal(
            "TestStack/Processor: neither EventPattern nor ObjectCreated is set; give one of them, the events that start a task.",
            EventTaskError((c, _) => new() { Cluster = c, Image = Image }));
    }

    [Fact]
    public void Rejects_prefix_and_suffix_filters_on_an_imported_bucket_without_EventBridge()
    {
        Assert.Equal(
            "TestStack/Processor: ObjectCreated.Bucket is imported, so this construct cannot turn on its EventBridge notifications, and without them no Object Created event reaches EventBridge (so Prefix = \"incoming/\" and Suffix = \".csv\" would never match); turn them on for the bucket and set ObjectCreated.EventBridgeEnabled = true, or pass a CDK Bucket of this app.",
            Synth.Error(s => new EventTriggeredTask(s, "Processor", new()
            {
                Cluster = LightCluster(s),
                Image = Image,
                ObjectCreated = new ObjectCreatedTrigger { Bucket = Bucket.FromBucketName(s, "Imported", "uploads-123"), Prefix = "incoming/", Suffix = ".csv" },
            })).Message);
    }

    [Fact]
    public void Rejects_a_bucket_trigger_on_a_custom_event_bus_and_empty_filters()
    {
        Assert.Equal(
            $"2 invalid props:{NewLine}" +
            $"  TestStack/Processor: EventBus is set with ObjectCreated; S3 sends its events to the account's default event bus only, so drop EventBus.{NewLine}" +
            $"  TestStack/Processor: ObjectCreated.Prefix = \"\" is not valid; allowed: 1 to 1024 characters (an S3 key's limit); leave it unset to match every key.",
            Synth.Error(s => new EventTriggeredTask(s, "Processor", new()
            {
                Cluster = LightCluster(s),
                Image = Image,
                EventBus = EventBus.FromEventBusName(s, "Bus", "orders"),
                ObjectCreated = new ObjectCreatedTrigger { Bucket = NewBucket(s), Prefix = string.Empty },
            })).Message);
    }

    [Fact]
    public void Rejects_a_missing_bucket_and_a_blank_container_name_for_the_overrides()
    {
        Assert.Equal(
            $"2 invalid props:{NewLine}" +
            $"  TestStack/Processor: ObjectCreated.Bucket is null; it is required: the bucket whose new objects start a task.{NewLine}" +
            $"  TestStack/Processor: EventEnvironmentContainer = \" \" is not valid; allowed: the name of a container of the task definition, such as \"app\" (ECS container overrides need one); leave it unset for \"app\".",
            EventTaskError((c, _) => new() { Cluster = c, Image = Image, ObjectCreated = new ObjectCreatedTrigger { Bucket = null! }, EventEnvironmentContainer = " " }));
    }

    [Fact]
    public void Rejects_event_variables_mapped_to_fields_the_pattern_shows_are_not_strings()
    {
        const string Strings = "and ECS takes environment values as strings only (RunTask refuses the overrides, so every task of the rule would fail to start); allowed: a JSON path to a string field of the event.";
        Assert.Equal(
            $"6 invalid props:{NewLine}" +
            $"  TestStack/Processor: EventEnvironment[\"ACTIVE\"] = \"$.detail.active\" is not valid; the event pattern matches that field as a boolean, {Strings}{NewLine}" +
            $"  TestStack/Processor: EventEnvironment[\"COUNT\"] = \"$.detail.count\" is not valid; the event pattern matches that field as a number, {Strings}{NewLine}" +
            $"  TestStack/Processor: EventEnvironment[\"DETAIL\"] = \"$.detail\" is not valid; every event's detail field is an object, {Strings}{NewLine}" +
            $"  TestStack/Processor: EventEnvironment[\"ORDER\"] = \"$.detail.order\" is not valid; the event pattern matches that field as an object (a nested pattern), {Strings}{NewLine}" +
            $"  TestStack/Processor: EventEnvironment[\"RESOURCES\"] = \"$.resources\" is not valid; every event's resources field is an array, {Strings}{NewLine}" +
            $"  TestStack/Processor: EventEnvironment[\"TOTAL\"] = \"$.detail.total\" is not valid; the event pattern matches that field as a number, {Strings}",
            EventTaskError((c, _) => new()
            {
                Cluster = c,
                Image = Image,
                EventPattern = new EventPattern
                {
                    Source = ["my.app"],
                    Detail = new Dictionary<string, object>
                    {
                        ["count"] = new object[] { 1, 2 },
                        ["total"] = new object[] { new Dictionary<string, object> { ["numeric"] = new object[] { ">", 0 } } },
                        ["active"] = new object[] { true },
                        ["order"] = new Dictionary<string, object> { ["id"] = OrderIds },
                        ["status"] = Statuses,
                    },
                },
                EventEnvironment = new Dictionary<string, string>
                {
                    ["COUNT"] = "$.detail.count", ["TOTAL"] = "$.detail.total", ["ACTIVE"] = "$.detail.active", ["ORDER"] = "$.detail.order",
                    ["DETAIL"] = "$.detail", ["RESOURCES"] = "$.resources",
                    // Strings, or not known: accepted.
                    ["STATUS"] = "$.detail.status", ["ORDER_ID"] = "$.detail.order.id", ["RESOURCE"] = "$.resources[0]", ["OTHER"] = "$.detail.other",
                },
            }));
    }

    [Fact]
    public void Rejects_the_size_of_an_S3_object_and_its_object_field_as_event_variables()
    {
        Assert.Equal(
            $"2 invalid props:{NewLine}" +
            $"  TestStack/Processor: EventEnvironment[\"OBJECT\"] = \"$.detail.object\" is not valid; the S3 event's object field is an object, and ECS takes environment values as strings only (RunTask refuses the overrides, so every task of the rule would fail to start); allowed: a JSON path to a string field of the event.{NewLine}" +
            $"  TestStack/Processor: EventEnvironment[\"SIZE\"] = \"$.detail.object.size\" is not valid; the S3 event's object.size field is a number, and ECS takes environment values as strings only (RunTask refuses the overrides, so every task of the rule would fail to start); allowed: a JSON path to a string field of the event.",
            EventTaskError((c, b) => new()
            {
                Cluster = c,
                Image = Image,
                ObjectCreated = new ObjectCreatedTrigger { Bucket = b },
                EventEnvironment = new Dictionary<string, string> { ["SIZE"] = "$.detail.object.size", ["OBJECT"] = "$.detail.object", ["ETAG"] = "$.detail.object.etag" },
            }));
    }

    [Fact]
    public void Rejects_invalid_event_variable_names_and_paths()
    {
        Assert.Equal(
            $"3 invalid props:{NewLine}" +
            $"  TestStack/Processor: EventEnvironment key = \"A=B\" is not valid; allowed: a non-blank variable name without '=' (e.g. \"ORDER_ID\").{NewLine}" +
            $"  TestStack/Processor: EventEnvironment[\"ID\"] = \"detail.id\" is not valid; allowed: a JSON path into the event in dot notation, such as \"$.detail.id\" or \"$.detail.items[0].name\" (letters, digits, '-', '_', '/', array indexes).{NewLine}" +
            $"  TestStack/Processor: EventEnvironment[\"NAME\"] is null; it is required: a JSON path into the event, such as \"$.detail.id\".",
            EventTaskError((c, _) => new()
            {
                Cluster = c,
                Image = Image,
                EventPattern = new EventPattern { Source = ["my.app"] },
                EventEnvironment = new Dictionary<string, string> { ["A=B"] = "$.detail.a", ["ID"] = "detail.id", ["NAME"] = null! },
            }));
    }

    [Fact]
    public void Rejects_more_event_variables_than_an_input_transformer_takes()
    {
        var variables = Enumerable.Range(0, 101).ToDictionary(i => $"V{i:000}", _ => "$.detail.id");
        Assert.Equal(
            "TestStack/Processor: EventEnvironment (with the trigger's own variables) has 101 variables; EventBridge's input transformer takes at most 100.",
            EventTaskError((c, _) => new() { Cluster = c, Image = Image, EventPattern = new EventPattern { Source = ["my.app"] }, EventEnvironment = variables }));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(186)]
    [InlineData(1.5)]
    public void Rejects_retry_attempts_outside_EventBridges_limit(double attempts)
    {
        Assert.Equal(
            $"TestStack/Processor: RetryAttempts = {attempts.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not valid; allowed: a whole number from 0 to 185 (EventBridge's limit).",
            EventTaskError((c, b) => new() { Cluster = c, Image = Image, ObjectCreated = new ObjectCreatedTrigger { Bucket = b }, RetryAttempts = attempts }));
    }

    [Theory]
    [InlineData(59, "59 seconds")]
    [InlineData(86_401, "1 day 1 second")]
    public void Rejects_a_maximum_event_age_outside_EventBridges_limit(int seconds, string shown)
    {
        Assert.Equal(
            $"TestStack/Processor: MaximumEventAge = {shown} is not valid; allowed: a whole number of seconds from 60 to 86400 (60 seconds to 24 hours, EventBridge's limit).",
            EventTaskError((c, b) => new() { Cluster = c, Image = Image, ObjectCreated = new ObjectCreatedTrigger { Bucket = b }, MaximumEventAge = Duration.Seconds(seconds) }));
    }

    [Fact]
    public void Rejects_options_for_a_new_dead_letter_queue_with_a_given_one_and_a_retention_SQS_refuses()
    {
        Assert.Equal(
            $"2 invalid props:{NewLine}" +
            $"  TestStack/Processor: DeadLetterQueueRetention = 15 days is not valid; allowed: a whole number of seconds from 60 to 1209600 (1 minute to 14 days, SQS's limit).{NewLine}" +
            $"  TestStack/Processor: DeadLetterQueue and DeadLetterQueueRetention are both set; DeadLetterQueueRetention configures a new queue, so drop it to use the given queue (or drop DeadLetterQueue to have one created).",
            Synth.Error(s => new EventTriggeredTask(s, "Processor", new()
            {
                Cluster = LightCluster(s),
                Image = Image,
                ObjectCreated = new ObjectCreatedTrigger { Bucket = NewBucket(s) },
                DeadLetterQueue = Queue.FromQueueArn(s, "Dlq", "arn:aws:sqs:eu-west-1:123456789012:failed-events"),
                DeadLetterQueueRetention = Duration.Days(15),
            })).Message);
    }

    [Fact]
    public void Rejects_a_dead_letter_queue_alarm_tuning_and_enum_values_outside_their_enums()
    {
        Assert.Equal(
            $"3 invalid props:{NewLine}" +
            $"  TestStack/Processor: CpuArchitecture = (TaskCpuArchitecture)7 is not valid; allowed: Arm64, Amd64.{NewLine}" +
            $"  TestStack/Processor: RemovalPolicy = (RemovalPolicy)9 is not valid; allowed: DESTROY, RETAIN, SNAPSHOT, RETAIN_ON_UPDATE_OR_DELETE.{NewLine}" +
            $"  TestStack/Processor: DeadLetterQueueAlarm.Threshold = 0 is not valid; allowed: a whole number from 1 to 2147483647 (a count).",
            EventTaskError((c, b) => new()
            {
                Cluster = c,
                Image = Image,
                ObjectCreated = new ObjectCreatedTrigger { Bucket = b },
                CpuArchitecture = (TaskCpuArchitecture)7,
                RemovalPolicy = (RemovalPolicy)9,
                DeadLetterQueueAlarm = new WorkloadAlarm { Threshold = 0 },
            }));
    }

    [Fact]
    public void Rejects_capacity_weights_that_are_both_zero()
    {
        Assert.Equal(
            "TestStack/Processor: OnDemandWeight and SpotWeight are both 0; ECS needs a weight above 0 on at least one capacity provider.",
            EventTaskError((c, b) => new() { Cluster = c, Image = Image, ObjectCreated = new ObjectCreatedTrigger { Bucket = b }, OnDemandWeight = 0, SpotWeight = 0 }));
    }

    [Fact]
    public void Reports_null_required_props()
    {
        Assert.Equal(
            $"2 invalid props:{NewLine}" +
            $"  TestStack/Processor: Cluster is null; it is required: the ECS cluster the tasks run on (ContainerCluster.Cluster, a CDK Cluster, or Cluster.FromClusterAttributes with its Vpc).{NewLine}" +
            $"  TestStack/Processor: Image is null; it is required: the container image, e.g. ContainerImage.FromEcrRepository(repository, tag) or ContainerImage.FromAsset(dir).",
            EventTaskError((_, b) => new() { Cluster = null!, Image = null!, ObjectCreated = new ObjectCreatedTrigger { Bucket = b } }));
    }

    [Fact]
    public void Rejects_null_props()
    {
        Assert.Equal(
            "TestStack/Processor: props is null; it is required: a EventTriggeredTaskProps with at least its required members.",
            EventTaskError((_, _) => null!));
    }

    [Fact]
    public void Passes_tokens_unchecked()
    {
        var template = Synth.Template(s =>
        {
            var attempts = new CfnParameter(s, "Attempts", new CfnParameterProps { Type = "Number" });
            var age = new CfnParameter(s, "Age", new CfnParameterProps { Type = "Number" });
            var prefix = new CfnParameter(s, "Prefix", new CfnParameterProps { Type = "String" });
            _ = new EventTriggeredTask(s, "Processor", new()
            {
                Cluster = LightCluster(s),
                Image = Image,
                ObjectCreated = new ObjectCreatedTrigger { Bucket = NewBucket(s), Prefix = prefix.ValueAsString },
                RetryAttempts = attempts.ValueAsNumber,
                MaximumEventAge = Duration.Seconds(age.ValueAsNumber),
            });
        });

        template.HasResourceProperties("AWS::Events::Rule", new Dictionary<string, object>
        {
            ["Targets"] = new object[] { new Dictionary<string, object> { ["RetryPolicy"] = new Dictionary<string, object> { ["MaximumRetryAttempts"] = new Dictionary<string, object> { ["Ref"] = "Attempts" }, ["MaximumEventAgeInSeconds"] = new Dictionary<string, object> { ["Ref"] = "Age" } } } },
        });
    }
}
