using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.SQS;
using ContainerPatterns.Ecs;
using static ContainerPatterns.Tests.Ecs.QueueWorkerFixture;

namespace ContainerPatterns.Tests.Ecs;

public class QueueWorkerServiceValidationTests
{
    private static readonly string NewLine = System.Environment.NewLine;

    private static QueueWorkerServiceProps Props(ICluster c) => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2) };

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void Rejects_a_max_receive_count_outside_1_to_1000(int count)
    {
        Assert.Equal(
            $"TestStack/Worker: MaxReceiveCount = {count} is not valid; allowed: a whole number from 1 to 1000 receives (SQS's redrive limit).",
            ErrorOf(c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), MaxReceiveCount = count }));
    }

    [Fact]
    public void Rejects_a_visibility_timeout_above_12_hours()
    {
        Assert.Equal(
            "TestStack/Worker: VisibilityTimeout = 12 hours 1 second is not valid; allowed: a whole number of seconds from 0 to 43200 (SQS's limit: 12 hours).",
            ErrorOf(c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), VisibilityTimeout = Duration.Seconds(43_201) }));
    }

    [Fact]
    public void Rejects_a_visibility_timeout_shorter_than_the_processing_time()
    {
        Assert.Equal(
            "TestStack/Worker: VisibilityTimeout = 10 seconds is shorter than AverageProcessingTime = 30 seconds; a message would become visible to other tasks while one still works on it. Allowed: at least the processing time (rule of thumb: about 6 times it, the default).",
            ErrorOf(c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(30), VisibilityTimeout = Duration.Seconds(10) }));
    }

    [Fact]
    public void Rejects_a_processing_time_no_visibility_timeout_can_cover()
    {
        Assert.Equal(
            "TestStack/Worker: AverageProcessingTime = 13 hours is longer than SQS's longest visibility timeout (12 hours); a message would become visible to other tasks while one still works on it. Split the work into shorter messages.",
            ErrorOf(c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Hours(13), AcceptableLatency = Duration.Days(1) }));
    }

    [Fact]
    public void Rejects_a_given_queue_whose_visibility_timeout_is_shorter_than_the_processing_time()
    {
        Assert.Equal(
            "TestStack/Worker: the given Queue has a visibility timeout of 30 seconds, shorter than AverageProcessingTime = 1 minute; a message would become visible to other tasks while one still works on it. Raise the queue's VisibilityTimeout (rule of thumb: about 6 times the processing time).",
            Synth.Error(s =>
            {
                var dlq = new Queue(s, "Dlq", new QueueProps { EnforceSSL = true, RetentionPeriod = Duration.Days(14) });
                var orders = new Queue(s, "Orders", new QueueProps { EnforceSSL = true, DeadLetterQueue = new DeadLetterQueue { Queue = dlq, MaxReceiveCount = 3 } });
                NewWorker(s, c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Minutes(1), Queue = orders });
            }).Message);
    }

    [Fact]
    public void Rejects_zero_processing_time_and_zero_latency()
    {
        Assert.Equal(
            "2 invalid props:" + NewLine +
            "  TestStack/Worker: AverageProcessingTime = 0 seconds is not valid; allowed: a duration above 0." + NewLine +
            "  TestStack/Worker: AcceptableLatency = 0 seconds is not valid; allowed: a duration above 0.",
            ErrorOf(c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(0), AcceptableLatency = Duration.Seconds(0) }));
    }

    [Fact]
    public void Rejects_a_latency_shorter_than_one_processing_time()
    {
        Assert.Equal(
            "TestStack/Worker: AcceptableLatency = 30 seconds is shorter than AverageProcessingTime = 1 minute; a message that waits behind a single other one is already late. Allowed: at least the processing time.",
            ErrorOf(c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Minutes(1), AcceptableLatency = Duration.Seconds(30), VisibilityTimeout = Duration.Minutes(5) }));
    }

    [Fact]
    public void Rejects_a_worker_with_neither_a_processing_time_nor_a_target()
    {
        Assert.Equal(
            "TestStack/Worker: AverageProcessingTime and BacklogPerTaskTarget are both unset; backlog scaling needs one: AverageProcessingTime (how long a task takes for one message; the target is then AcceptableLatency / AverageProcessingTime) or BacklogPerTaskTarget (the messages per task to keep).",
            ErrorOf(c => new() { Cluster = c, Image = Image }));
    }

    [Fact]
    public void Rejects_a_latency_next_to_a_target_given_directly()
    {
        Assert.Equal(
            "TestStack/Worker: AcceptableLatency has no effect with BacklogPerTaskTarget given (the target is not computed); drop one of them.",
            ErrorOf(c => new() { Cluster = c, Image = Image, BacklogPerTaskTarget = 10, AcceptableLatency = Duration.Minutes(1) }));
    }

    [Fact]
    public void Rejects_a_target_that_is_not_above_zero()
    {
        Assert.Equal(
            "TestStack/Worker: BacklogPerTaskTarget = 0 is not valid; allowed: a number above 0 (messages per task).",
            ErrorOf(c => new() { Cluster = c, Image = Image, BacklogPerTaskTarget = 0 }));
    }

    [Fact]
    public void Rejects_a_target_it_cannot_compute_from_tokens()
    {
        Assert.Equal(
            "TestStack/Worker: AcceptableLatency and AverageProcessingTime must be known at synth to compute the backlog-per-task target; give BacklogPerTaskTarget (it may be a token) instead.",
            Synth.Error(s =>
            {
                var seconds = new CfnParameter(s, "Seconds", new CfnParameterProps { Type = "Number" }).ValueAsNumber;
                NewWorker(s, c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(seconds) });
            }).Message);
    }

    [Fact]
    public void Rejects_more_min_tasks_than_max_tasks()
    {
        Assert.Equal(
            "TestStack/Worker: MinTasks = 5 is greater than MaxTasks = 3; MinTasks must be at most MaxTasks.",
            ErrorOf(c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), MinTasks = 5, MaxTasks = 3 }));
    }

    [Fact]
    public void Rejects_task_bounds_outside_their_ranges_without_also_comparing_them()
    {
        Assert.Equal(
            "2 invalid props:" + NewLine +
            "  TestStack/Worker: MinTasks = -1 is not valid; allowed: a whole number from 0 to 2147483647 tasks." + NewLine +
            "  TestStack/Worker: MaxTasks = 0 is not valid; allowed: a whole number from 1 to 2147483647 tasks.",
            ErrorOf(c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), MinTasks = -1, MaxTasks = 0 }));
    }

    [Fact]
    public void Rejects_a_FIFO_queue_with_a_standard_dead_letter_queue()
    {
        Assert.Equal(
            "TestStack/Worker: Fifo = true, but the given DeadLetterQueue is a standard queue; SQS needs a dead-letter queue of its source queue's type. Give a FIFO dead-letter queue, or drop Fifo.",
            Synth.Error(s => NewWorker(s, c => new()
            {
                Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), Fifo = true,
                DeadLetterQueue = Queue.FromQueueArn(s, "Dlq", "arn:aws:sqs:eu-west-1:111122223333:failed"),
            })).Message);
    }

    [Fact]
    public void Rejects_a_standard_queue_with_a_FIFO_dead_letter_queue()
    {
        Assert.Equal(
            "TestStack/Worker: the given DeadLetterQueue is a FIFO queue, but the new queue is standard (Fifo is not true); SQS needs a dead-letter queue of its source queue's type. Set Fifo = true, or give a standard dead-letter queue.",
            Synth.Error(s => NewWorker(s, c => new()
            {
                Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2),
                DeadLetterQueue = new Queue(s, "Dlq", new QueueProps { Fifo = true, EnforceSSL = true }),
            })).Message);
    }

    [Fact]
    public void Rejects_a_given_FIFO_queue_whose_dead_letter_queue_is_standard()
    {
        Assert.Equal(
            "TestStack/Worker: the given Queue is a FIFO queue, but its dead-letter queue is a standard queue; SQS needs a dead-letter queue of its source queue's type, and the deployment would fail. Give the queue a dead-letter queue of its own type.",
            Synth.Error(s =>
            {
                var dlq = new Queue(s, "Dlq", new QueueProps { EnforceSSL = true });
                var orders = new Queue(s, "Orders", new QueueProps { Fifo = true, EnforceSSL = true, DeadLetterQueue = new DeadLetterQueue { Queue = dlq, MaxReceiveCount = 3 } });
                NewWorker(s, c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), Queue = orders });
            }).Message);
    }

    [Fact]
    public void Rejects_new_queue_options_next_to_a_given_queue()
    {
        Assert.Equal(
            "TestStack/Worker: Queue is given, so Fifo, VisibilityTimeout, MaxReceiveCount would apply to no queue (they configure a queue the service creates); set them on the given queue and drop them here, or drop Queue.",
            Synth.Error(s => NewWorker(s, c => new()
            {
                Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), Fifo = false, VisibilityTimeout = Duration.Minutes(1), MaxReceiveCount = 3,
                Queue = Queue.FromQueueArn(s, "Orders", "arn:aws:sqs:eu-west-1:111122223333:orders"),
            })).Message);
    }

    [Fact]
    public void Rejects_a_tuned_dead_letter_alarm_for_an_imported_queue()
    {
        Assert.Equal(
            "TestStack/Worker: DeadLetterQueueAlarm is tuned, but the dead-letter queue of an imported Queue cannot be seen at synth; drop DeadLetterQueueAlarm and alarm on that queue yourself, or give a queue of this app.",
            Synth.Error(s => NewWorker(s, c => new()
            {
                Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), DeadLetterQueueAlarm = new WorkloadAlarm { Threshold = 10 },
                Queue = Queue.FromQueueArn(s, "Orders", "arn:aws:sqs:eu-west-1:111122223333:orders"),
            })).Message);
    }

    [Fact]
    public void Rejects_a_dead_letter_queue_that_keeps_messages_no_longer_than_the_standard_queue()
    {
        const string Why = "SQS keeps a standard queue's message's first enqueue time in the dead-letter queue, so a message that fails late would expire there at once. Allowed: a dead-letter queue that keeps messages longer than its source queue: ";
        Assert.Equal(
            $"TestStack/Worker: MessageRetention = 14 days is not shorter than the retention of the new dead-letter queue (14 days); {Why}shorten MessageRetention below 14 days, SQS's longest retention, which the new dead-letter queue has.",
            ErrorOf(c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), MessageRetention = Duration.Days(14) }));
        Assert.Equal(
            $"TestStack/Worker: SQS's default MessageRetention of 4 days is not shorter than the retention of the given DeadLetterQueue TestStack/Failed (4 days); {Why}raise the dead-letter queue's RetentionPeriod (e.g. to 14 days) or shorten MessageRetention.",
            Synth.Error(s => NewWorker(s, c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), DeadLetterQueue = new Queue(s, "Failed", new QueueProps { EnforceSSL = true }) })).Message);
        Assert.Equal(
            $"TestStack/Worker: the retention of the given Queue (TestStack/Orders, 7 days) is not shorter than the retention of its dead-letter queue TestStack/Failed (7 days); {Why}raise the dead-letter queue's RetentionPeriod (e.g. to 14 days) or shorten the queue's.",
            Synth.Error(s =>
            {
                var failed = new Queue(s, "Failed", new QueueProps { EnforceSSL = true, RetentionPeriod = Duration.Days(7) });
                var orders = new Queue(s, "Orders", new QueueProps { EnforceSSL = true, RetentionPeriod = Duration.Days(7), DeadLetterQueue = new DeadLetterQueue { Queue = failed, MaxReceiveCount = 3 } });
                NewWorker(s, c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), Queue = orders });
            }).Message);
    }

    [Fact]
    public void Accepts_a_longer_dead_letter_retention_and_leaves_FIFO_queues_alone()
    {
        _ = Synth.Json(s => NewWorker(s, c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), MessageRetention = Duration.Days(13) }));
        _ = Synth.Json(s => NewWorker(s, c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), DeadLetterQueue = new Queue(s, "Failed", new QueueProps { EnforceSSL = true, RetentionPeriod = Duration.Days(5) }) }));
        // A FIFO queue's message gets a new enqueue time in its dead-letter queue.
        _ = Synth.Json(s => NewWorker(s, c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), Fifo = true, MessageRetention = Duration.Days(14) }));
    }

    [Fact]
    public void Rejects_a_message_retention_SQS_does_not_allow()
    {
        Assert.Equal(
            "TestStack/Worker: MessageRetention = 15 days is not valid; allowed: a whole number of seconds from 60 to 1209600 (SQS's limits: 1 minute to 14 days).",
            ErrorOf(c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), MessageRetention = Duration.Days(15) }));
    }

    [Fact]
    public void Rejects_a_dead_letter_alarm_threshold_below_one_message()
    {
        Assert.Equal(
            "TestStack/Worker: DeadLetterQueueAlarm.Threshold = 0.5 is not valid; allowed: a whole number from 1 to 2147483647 (a count).",
            ErrorOf(c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), DeadLetterQueueAlarm = new WorkloadAlarm { Threshold = 0.5 } }));
    }

    [Fact]
    public void Rejects_setting_the_queue_URL_variable_itself()
    {
        Assert.Equal(
            "TestStack/Worker: Environment sets \"QUEUE_URL\", which the service sets itself to its queue's URL; drop it from Environment.",
            ErrorOf(c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), Environment = new Dictionary<string, string> { ["QUEUE_URL"] = "x" } }));
    }

    [Fact]
    public void Rejects_a_ContainerCluster_with_Container_Insights_disabled()
    {
        Assert.Equal(
            "TestStack/Worker: the cluster TestStack/Cluster/Cluster has Container Insights disabled, but backlog scaling divides the queue's visible messages by the service's ECS/ContainerInsights RunningTaskCount, which only Container Insights publishes; turn it on (ContainerCluster: ContainerInsights = Enabled; CDK Cluster: ContainerInsights = true).",
            Synth.Error(s =>
            {
                var cluster = new ContainerCluster(s, "Cluster", new ContainerClusterProps { Vpc = WebServiceFixture.ImportedVpc(s), ContainerInsights = ContainerInsightsMode.Disabled });
                _ = new QueueWorkerService(s, "Worker", Props(cluster.Cluster));
            }).Message);
    }

    [Fact]
    public void Rejects_a_CDK_cluster_with_Container_Insights_turned_off()
    {
        Assert.Equal(
            "TestStack/Worker: the cluster TestStack/Plain has Container Insights disabled, but backlog scaling divides the queue's visible messages by the service's ECS/ContainerInsights RunningTaskCount, which only Container Insights publishes; turn it on (ContainerCluster: ContainerInsights = Enabled; CDK Cluster: ContainerInsights = true).",
            Synth.Error(s =>
            {
                var cluster = new Cluster(s, "Plain", new ClusterProps { Vpc = WebServiceFixture.ImportedVpc(s), EnableFargateCapacityProviders = true, ContainerInsights = false });
                _ = new QueueWorkerService(s, "Worker", Props(cluster));
            }).Message);
    }

    [Fact]
    public void Reports_null_props_and_null_required_values_with_the_path()
    {
        Assert.Equal(
            "TestStack/Worker: props is null; it is required: a QueueWorkerServiceProps with at least its required members.",
            Synth.Error(s => _ = new QueueWorkerService(s, "Worker", null!)).Message);
        Assert.Equal(
            "2 invalid props:" + NewLine +
            "  TestStack/Worker: Cluster is null; it is required: the ECS cluster the tasks run on (ContainerCluster.Cluster, a CDK Cluster, or Cluster.FromClusterAttributes with its Vpc)." + NewLine +
            "  TestStack/Worker: Image is null; it is required: the container image, e.g. ContainerImage.FromEcrRepository(repository, tag) or ContainerImage.FromAsset(dir).",
            Synth.Error(s => _ = new QueueWorkerService(s, "Worker", new QueueWorkerServiceProps { Cluster = null!, Image = null!, AverageProcessingTime = Duration.Seconds(2) })).Message);
    }

    [Fact]
    public void Rejects_task_settings_through_the_shared_task_piece_with_its_own_defaults()
    {
        Assert.Equal(
            "3 invalid props:" + NewLine +
            "  TestStack/Worker: MemoryLimitMiB = 4096 is not valid with the default Cpu = 256; Fargate allows 512, 1024 or 2048 MiB." + NewLine +
            "  TestStack/Worker: StopTimeout = 2 minutes 1 second is not valid; allowed: a whole number of seconds from 2 to 120 (Fargate's limit)." + NewLine +
            "  TestStack/Worker: CpuArchitecture = (TaskCpuArchitecture)7 is not valid; allowed: Arm64, Amd64.",
            ErrorOf(c => new() { Cluster = c, Image = Image, AverageProcessingTime = Duration.Seconds(2), MemoryLimitMiB = 4096, CpuArchitecture = (TaskCpuArchitecture)7, StopTimeout = Duration.Seconds(121) }));
    }

    [Fact]
    public void Lets_tokens_pass_unchecked()
    {
        var template = Synth.Template(s =>
        {
            var n = new CfnParameter(s, "N", new CfnParameterProps { Type = "Number" }).ValueAsNumber;
            NewWorker(s, c => new()
            {
                Cluster = c, Image = Image, BacklogPerTaskTarget = n, MaxReceiveCount = n, MinTasks = n, MaxTasks = n,
                VisibilityTimeout = Duration.Seconds(n), MessageRetention = Duration.Seconds(n),
            });
        });

        template.ResourceCountIs("AWS::ApplicationAutoScaling::ScalingPolicy", 2);
    }
}
