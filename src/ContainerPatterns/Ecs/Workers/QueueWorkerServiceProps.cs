using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SQS;

namespace ContainerPatterns.Ecs;

/// <summary>
/// Properties of a <see cref="QueueWorkerService"/>. Its task defaults (see <see cref="WorkloadProps"/>): 256 CPU
/// units, 512 MiB, a 120-second stop timeout. Backlog scaling needs <see cref="AverageProcessingTime"/> or
/// <see cref="BacklogPerTaskTarget"/>.
/// </summary>
public sealed class QueueWorkerServiceProps : ServiceWorkloadProps
{
    // ---- The queue: one of your own, or options for a new one (the shared task and service props are in the base classes) ----

    /// <summary>
    /// An existing queue to consume (its redrive policy and encryption stay as they are; a queue of this app with a
    /// dead-letter queue gets the <see cref="DeadLetterQueueAlarm"/>). The options below (<see cref="Fifo"/>,
    /// <see cref="VisibilityTimeout"/>, <see cref="MessageRetention"/>, <see cref="MaxReceiveCount"/>,
    /// <see cref="DeadLetterQueue"/>) apply only to a new queue and are refused with this. Default: a new queue
    /// (<c>Queue</c>), encrypted with SQS-managed keys (SSE-SQS), TLS-only access, long polling (20-second receive wait),
    /// a dead-letter queue, retained unless <see cref="WorkloadProps.RemovalPolicy"/> says otherwise.
    /// </summary>
    public IQueue? Queue { get; init; }

    /// <summary>
    /// Whether the new queue (and a new dead-letter queue) is FIFO: ordered per message group and delivered once, with
    /// lower throughput; producers then send a message group id and a deduplication id. A given
    /// <see cref="DeadLetterQueue"/> must be of the same type. Default: false (a standard queue).
    /// </summary>
    public bool? Fifo { get; init; }

    /// <summary>
    /// How long a received message stays hidden from other tasks, a whole number of seconds from 0 to 12 hours (SQS's
    /// limit), and not shorter than <see cref="AverageProcessingTime"/>. Rule of thumb: several times the usual
    /// processing time, so a slow message is not handed to a second task while the first still works on it, yet a task
    /// that died returns its message soon. Default: 6 × <see cref="AverageProcessingTime"/> rounded up to whole
    /// seconds, at least 30 seconds (SQS's default) and at most 12 hours; 30 seconds without a processing time.
    /// </summary>
    public Duration? VisibilityTimeout { get; init; }

    /// <summary>
    /// How long the new queue keeps a message nobody deleted, a whole number of seconds from 1 minute to 14 days (SQS's
    /// limits). Keep it shorter than the dead-letter queue's retention (14 days when it is created here): SQS counts a
    /// standard queue's message age from its first enqueue, in the dead-letter queue too. Default: 4 days (SQS's default).
    /// </summary>
    public Duration? MessageRetention { get; init; }

    /// <summary>
    /// How many times a message is received (and not deleted) before SQS moves it to the dead-letter queue, a whole
    /// number from 1 to 1000. Default: 5.
    /// </summary>
    public double? MaxReceiveCount { get; init; }

    /// <summary>
    /// An existing dead-letter queue for the new queue, of the same type (FIFO or standard). Default: a new one
    /// (<c>DeadLetterQueue</c>): 14-day retention (SQS's longest), SSE-SQS, TLS-only, retained unless
    /// <see cref="WorkloadProps.RemovalPolicy"/> says otherwise.
    /// </summary>
    public IQueue? DeadLetterQueue { get; init; }

    // ---- Scaling on backlog per task ----

    /// <summary>
    /// How long one task takes, on average, for one message (if a task works on several messages at once, divide by
    /// how many). With <see cref="AcceptableLatency"/> it gives the scaling target: the whole number of messages one
    /// task works through within the latency, floor(AcceptableLatency / AverageProcessingTime). It also sets the
    /// default <see cref="VisibilityTimeout"/>. Above 0 and known at synth when the target is computed from it.
    /// Default: none; give this or <see cref="BacklogPerTaskTarget"/>.
    /// </summary>
    public Duration? AverageProcessingTime { get; init; }

    /// <summary>
    /// How long a message may wait in the queue before a task starts on it, at least <see cref="AverageProcessingTime"/>.
    /// Scaling from zero tasks adds a few minutes on top (SQS publishes its metrics once a minute, and up to 15 minutes
    /// late after six hours without activity; a task takes a minute or two to start). Not with
    /// <see cref="BacklogPerTaskTarget"/>. Default: 5 minutes.
    /// </summary>
    public Duration? AcceptableLatency { get; init; }

    /// <summary>
    /// The backlog per task to keep (visible messages divided by running tasks), above 0, given directly instead of
    /// computing it from <see cref="AcceptableLatency"/> and <see cref="AverageProcessingTime"/>; may be a token.
    /// Default: floor(AcceptableLatency / AverageProcessingTime).
    /// </summary>
    public double? BacklogPerTaskTarget { get; init; }

    /// <summary>
    /// The fewest tasks, 0 or more. At 0 the service scales to zero when the queue stays empty (about 15 minutes below
    /// the target), and a step policy starts the first task when messages wait. Default: 0.
    /// </summary>
    public double? MinTasks { get; init; }

    /// <summary>The most tasks, at least 1 and at least <see cref="MinTasks"/>. Default: 4, or <see cref="MinTasks"/> when that is larger.</summary>
    public double? MaxTasks { get; init; }

    // ---- Alarms (1-minute periods, 3 of the last 5 breaching; tune or turn off with WorkloadAlarm) ----

    /// <summary>The SNS topic the alarms notify when they go into and out of ALARM. Default: none (alarms are created but notify nobody).</summary>
    public ITopic? AlarmTopic { get; init; }

    /// <summary>
    /// Messages in the dead-letter queue (its ApproximateNumberOfMessagesVisible, maximum per period); threshold a whole
    /// number of at least 1. Created when the service knows the dead-letter queue (a new one, a given
    /// <see cref="DeadLetterQueue"/>, or the one of a given <see cref="Queue"/> of this app). Default: on, at 1 or more.
    /// </summary>
    public WorkloadAlarm? DeadLetterQueueAlarm { get; init; }
}
