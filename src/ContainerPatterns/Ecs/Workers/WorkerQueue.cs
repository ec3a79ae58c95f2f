using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.SQS;

namespace ContainerPatterns.Ecs;

/// <summary>
/// The queue concern of <see cref="QueueWorkerService"/>: a given queue, or a new one (<c>Queue</c>: SSE-SQS, TLS-only,
/// long polling, a visibility timeout from the processing time) with its dead-letter queue (given, or
/// <c>DeadLetterQueue</c>), and the alarm on the dead-letter queue through the shared <see cref="AlarmFactory"/>.
/// </summary>
internal sealed class WorkerQueue
{
    private const double DefaultMaxReceiveCount = 5;

    // The default visibility timeout is this many times the average processing time (see VisibilityTimeout's doc).
    private const double VisibilityPerProcessingTime = 6;

    // The SQS quotas are SqsLimits': visibility timeout 0 s to 12 hours (default 30 s), retention 60 s to 14 days,
    // maxReceiveCount 1 to 1,000, long polling at most 20 s (which the new queue uses).
    private const double DefaultVisibilitySeconds = SqsLimits.DefaultVisibilitySeconds;
    private const double MaxVisibilitySeconds = SqsLimits.MaxVisibilitySeconds;

    private static readonly AlarmSpec DeadLetter = new("DeadLetterAlarm", nameof(QueueWorkerServiceProps.DeadLetterQueueAlarm), 1, ThresholdKind.Count, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, "{0} or more messages in the dead-letter queue");

    private readonly QueueWorkerServiceProps _props;

    private WorkerQueue(QueueWorkerServiceProps props)
    {
        _props = props;
        ProcessingMs = props.AverageProcessingTime is { } processing && !processing.IsUnresolved() ? processing.ToMilliseconds() : null;
        Fifo = props.Fifo ?? false;
        MaxReceiveCount = props.MaxReceiveCount ?? DefaultMaxReceiveCount;
        VisibilityTimeout = props.VisibilityTimeout ?? Duration.Seconds(DefaultVisibility(ProcessingMs));
        GivenDeadLetterQueue = props.Queue is Queue own ? own.DeadLetterQueue?.Queue : props.DeadLetterQueue;
    }

    /// <summary>The queue the service consumes (after <see cref="Build"/>).</summary>
    public IQueue Queue { get; private set; } = null!;

    /// <summary>The dead-letter queue the service knows of (new, given, or the given queue's own); null when it knows none.</summary>
    public IQueue? DeadLetterQueue { get; private set; }

    /// <summary>The dead-letter alarm; null when turned off or when there is no known dead-letter queue.</summary>
    public Alarm? DeadLetterQueueAlarm { get; private set; }

    private double? ProcessingMs { get; }

    private bool Fifo { get; }

    private double MaxReceiveCount { get; }

    private Duration VisibilityTimeout { get; }

    private IQueue? GivenDeadLetterQueue { get; }

    /// <summary>Resolves the queue settings once.</summary>
    public static WorkerQueue Resolve(QueueWorkerServiceProps props) => new(props);

    /// <summary>Records every problem: conflicting choices, SQS limits, FIFO mismatches and the queue-URL variable.</summary>
    public void Validate(PropValidator v)
    {
        var p = _props;
        ValidateVariableName(v, nameof(p.Environment), p.Environment?.ContainsKey(QueueWorkerService.QueueUrlVariable) == true);
        ValidateVariableName(v, nameof(p.Secrets), p.Secrets?.ContainsKey(QueueWorkerService.QueueUrlVariable) == true);
        if (p.Queue is { } given)
        {
            // The service scales on the queue's CloudWatch metrics, which are regional, and reads it in the stack's region.
            v.SameRegion($"{nameof(p.Queue)}.QueueArn", given.QueueArn, "queue", "the service scales on the queue's CloudWatch metrics, which are regional");
            ValidateGivenQueue(v, given);
            return;
        }

        if (p.DeadLetterQueue is { } givenDlq)
        {
            // "Dead-letter queues must reside in the same Region as the other queues that use the dead-letter queue" (SQS
            // developer guide, "Using dead-letter queues in Amazon SQS", read 2026-12-02).
            v.SameRegion($"{nameof(p.DeadLetterQueue)}.QueueArn", givenDlq.QueueArn, "queue", "SQS needs a dead-letter queue in its source queue's region");
        }

        ValidateRetentions(v);

        v.Range(nameof(p.MaxReceiveCount), p.MaxReceiveCount, 1, SqsLimits.MaxReceiveCount, "receives (SQS's redrive limit)");
        v.Seconds(nameof(p.MessageRetention), p.MessageRetention, SqsLimits.MinRetentionSeconds, SqsLimits.MaxRetentionSeconds, "SQS's limits: 1 minute to 14 days");
        var visibility = v.Seconds(nameof(p.VisibilityTimeout), p.VisibilityTimeout, 0, MaxVisibilitySeconds, "SQS's limit: 12 hours");
        if (p.VisibilityTimeout is null && ProcessingMs > MaxVisibilitySeconds * 1000)
        {
            v.FailWith($"{nameof(p.AverageProcessingTime)} = {PropValidator.Format(p.AverageProcessingTime)} is longer than SQS's longest visibility timeout (12 hours); a message would become visible to other tasks while one still works on it. Split the work into shorter messages.");
        }
        else if (visibility is { } seconds && ProcessingMs > seconds * 1000)
        {
            v.FailWith($"{nameof(p.VisibilityTimeout)} = {PropValidator.Format(p.VisibilityTimeout)} is shorter than {nameof(p.AverageProcessingTime)} = {PropValidator.Format(p.AverageProcessingTime)}; a message would become visible to other tasks while one still works on it. Allowed: at least the processing time (rule of thumb: about {PropValidator.Format(VisibilityPerProcessingTime)} times it, the default).");
        }

        if (p.DeadLetterQueue is { } dlq && FifoKnown(dlq) && dlq.Fifo != Fifo)
        {
            v.FailWith(Fifo
                ? $"{nameof(p.Fifo)} = true, but the given {nameof(p.DeadLetterQueue)} is a standard queue; SQS needs a dead-letter queue of its source queue's type. Give a FIFO dead-letter queue, or drop {nameof(p.Fifo)}."
                : $"the given {nameof(p.DeadLetterQueue)} is a FIFO queue, but the new queue is standard ({nameof(p.Fifo)} is not true); SQS needs a dead-letter queue of its source queue's type. Set {nameof(p.Fifo)} = true, or give a standard dead-letter queue.");
        }

        AlarmFactory.Validate(v, DeadLetter, p.DeadLetterQueueAlarm);
    }

    /// <summary>
    /// Uses the given queue, or creates the dead-letter queue and the queue in <paramref name="scope"/> with
    /// <paramref name="removal"/>; warns about a given queue of this app that has no dead-letter queue.
    /// </summary>
    public IQueue Build(Construct scope, RemovalPolicy removal)
    {
        var p = _props;
        if (p.Queue is { } given)
        {
            Queue = given;
            DeadLetterQueue = GivenDeadLetterQueue;
            if (given is Queue && DeadLetterQueue is null)
            {
                CdkCompat.AddWarning(scope, QueueWorkerService.NoDeadLetterQueueWarningId,
                    $"{scope.Node.Path} consumes a queue without a dead-letter queue: a message that always fails is received again and again until its retention ends. Give the queue a DeadLetterQueue, or let the service create the queue.");
            }

            return Queue;
        }

        var fifo = Fifo ? true : (bool?)null;
        DeadLetterQueue = p.DeadLetterQueue ?? SecureQueues.Create(scope, "DeadLetterQueue", new SecureQueueOptions(removal, Duration.Seconds(SqsLimits.MaxRetentionSeconds), fifo), deadLetterQueue: true);
        Queue = SecureQueues.Create(scope, "Queue", new SecureQueueOptions(
            removal,
            p.MessageRetention,
            fifo,
            VisibilityTimeout,
            Duration.Seconds(SqsLimits.MaxReceiveWaitSeconds),
            new Amazon.CDK.AWS.SQS.DeadLetterQueue { Queue = DeadLetterQueue, MaxReceiveCount = MaxReceiveCount }));
        return Queue;
    }

    /// <summary>Creates the dead-letter alarm in <paramref name="scope"/> when there is a known dead-letter queue.</summary>
    public IReadOnlyList<Alarm> BuildAlarms(Construct scope)
    {
        if (DeadLetterQueue is { } dlq)
        {
            DeadLetterQueueAlarm = new AlarmFactory(scope, _props.AlarmTopic).Create(DeadLetter, _props.DeadLetterQueueAlarm, period =>
                dlq.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Statistic = "Maximum", Period = period }));
        }

        return DeadLetterQueueAlarm is null ? [] : [DeadLetterQueueAlarm];
    }

    private void ValidateGivenQueue(PropValidator v, IQueue given)
    {
        var p = _props;
        var options = new (string Name, object? Value)[]
        {
            (nameof(p.Fifo), p.Fifo),
            (nameof(p.VisibilityTimeout), p.VisibilityTimeout),
            (nameof(p.MessageRetention), p.MessageRetention),
            (nameof(p.MaxReceiveCount), p.MaxReceiveCount),
            (nameof(p.DeadLetterQueue), p.DeadLetterQueue),
        }.Where(o => o.Value is not null).Select(o => o.Name).ToArray();
        if (options.Length > 0)
        {
            v.FailWith($"{nameof(p.Queue)} is given, so {string.Join(", ", options)} would apply to no queue (they configure a queue the service creates); set them on the given queue and drop them here, or drop {nameof(p.Queue)}.");
        }

        if (given is not Queue own)
        {
            if (p.DeadLetterQueueAlarm is { Enabled: not false })
            {
                v.FailWith($"{nameof(p.DeadLetterQueueAlarm)} is tuned, but the dead-letter queue of an imported {nameof(p.Queue)} cannot be seen at synth; drop {nameof(p.DeadLetterQueueAlarm)} and alarm on that queue yourself, or give a queue of this app.");
            }

            return;
        }

        if (GivenDeadLetterQueue is { } dlq && FifoKnown(dlq) && dlq.Fifo != own.Fifo)
        {
            v.FailWith($"the given {nameof(p.Queue)} is {(own.Fifo ? "a FIFO" : "a standard")} queue, but its dead-letter queue is {(dlq.Fifo ? "a FIFO" : "a standard")} queue; SQS needs a dead-letter queue of its source queue's type, and the deployment would fail. Give the queue a dead-letter queue of its own type.");
        }

        if (GivenDeadLetterQueue is null && p.DeadLetterQueueAlarm is { Enabled: not false })
        {
            v.FailWith($"{nameof(p.DeadLetterQueueAlarm)} is tuned, but the given {nameof(p.Queue)} has no dead-letter queue; give it one, or drop {nameof(p.DeadLetterQueueAlarm)}.");
        }

        if (GivenDeadLetterQueue is Queue ownDlq && !own.Fifo)
        {
            var retention = RetentionOf(own);
            var shown = retention is { } r ? $", {PropValidator.Format(Duration.Seconds(r))}" : string.Empty;
            CheckRetentions(v, $"the retention of the given {nameof(p.Queue)} ({own.Node.Path}{shown})", retention, $"its dead-letter queue {ownDlq.Node.Path}", RetentionOf(ownDlq), "raise the dead-letter queue's RetentionPeriod (e.g. to 14 days) or shorten the queue's");
        }

        // CloudFormation leaves VisibilityTimeout out when the queue has SQS's default of 30 seconds.
        var cfn = (CfnQueue)own.Node.DefaultChild!;
        var seconds = cfn.VisibilityTimeout ?? DefaultVisibilitySeconds;
        if (!PropValidator.IsToken(seconds) && ProcessingMs > seconds * 1000)
        {
            v.FailWith($"the given {nameof(p.Queue)} has a visibility timeout of {PropValidator.Format(Duration.Seconds(seconds))}, shorter than {nameof(p.AverageProcessingTime)} = {PropValidator.Format(p.AverageProcessingTime)}; a message would become visible to other tasks while one still works on it. Raise the queue's VisibilityTimeout (rule of thumb: about {PropValidator.Format(VisibilityPerProcessingTime)} times the processing time).");
        }

        AlarmFactory.Validate(v, DeadLetter, p.DeadLetterQueueAlarm);
    }

    // SQS keeps a standard queue's message's original enqueue time when it moves it to the dead-letter queue, and expires
    // it by that time there; a FIFO queue's message gets a new one (SQS developer guide, "Using dead-letter queues in
    // Amazon SQS", message retention, read 2026-12-02). So a standard queue's dead-letter queue must keep messages longer
    // than the queue, or a message that fails late expires in it at once.
    private void ValidateRetentions(PropValidator v)
    {
        var p = _props;
        if (Fifo)
        {
            return;
        }

        var source = p.MessageRetention is null ? SqsDefaultRetentionSeconds : p.MessageRetention.IsUnresolved() ? (double?)null : p.MessageRetention.ToSeconds();
        if (source is < SqsLimits.MinRetentionSeconds or > SqsLimits.MaxRetentionSeconds)
        {
            return; // refused above
        }

        var sourceText = p.MessageRetention is null ? $"SQS's default {nameof(p.MessageRetention)} of 4 days" : $"{nameof(p.MessageRetention)} = {PropValidator.Format(p.MessageRetention)}";
        if (p.DeadLetterQueue is Queue { Fifo: false } given)
        {
            CheckRetentions(v, sourceText, source, $"the given {nameof(p.DeadLetterQueue)} {given.Node.Path}", RetentionOf(given), $"raise the dead-letter queue's RetentionPeriod (e.g. to 14 days) or shorten {nameof(p.MessageRetention)}");
        }
        else if (p.DeadLetterQueue is null)
        {
            CheckRetentions(v, sourceText, source, "the new dead-letter queue", SqsLimits.MaxRetentionSeconds, $"shorten {nameof(p.MessageRetention)} below 14 days, SQS's longest retention, which the new dead-letter queue has");
        }
    }

    private static void CheckRetentions(PropValidator v, string source, double? sourceSeconds, string dlq, double? dlqSeconds, string fix)
    {
        if (sourceSeconds is { } s && dlqSeconds is { } d && !PropValidator.IsToken(s) && !PropValidator.IsToken(d) && d <= s)
        {
            v.FailWith($"{source} is not shorter than the retention of {dlq} ({PropValidator.Format(Duration.Seconds(d))}); SQS keeps a standard queue's message's first enqueue time in the dead-letter queue, so a message that fails late would expire there at once. Allowed: a dead-letter queue that keeps messages longer than its source queue: {fix}.");
        }
    }

    // A queue of this app: its MessageRetentionPeriod, or SQS's default when CloudFormation leaves it out.
    private static double? RetentionOf(Queue queue)
    {
        var seconds = ((CfnQueue)queue.Node.DefaultChild!).MessageRetentionPeriod;
        return seconds is { } x && PropValidator.IsToken(x) ? null : seconds ?? SqsDefaultRetentionSeconds;
    }

    // MessageRetentionPeriod when none is set: 4 days (SQS API reference, SetQueueAttributes, read 2026-12-02).
    private const double SqsDefaultRetentionSeconds = 345_600;

    private static void ValidateVariableName(PropValidator v, string prop, bool clashes)
    {
        if (clashes)
        {
            v.FailWith($"{prop} sets \"{QueueWorkerService.QueueUrlVariable}\", which the service sets itself to its queue's URL; drop it from {prop}.");
        }
    }

    // A queue of this app knows whether it is FIFO; an imported one is FIFO when its ARN ends in .fifo, known only
    // when the ARN is not a token.
    private static bool FifoKnown(IQueue queue) => queue is Queue || !PropValidator.IsToken(queue.QueueArn);

    private static double DefaultVisibility(double? processingMs) => processingMs is { } ms and > 0
        ? Math.Clamp(Math.Ceiling(VisibilityPerProcessingTime * ms / 1000), DefaultVisibilitySeconds, MaxVisibilitySeconds)
        : DefaultVisibilitySeconds;
}
