using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SQS;
using ContainerPatterns.Ecs;

namespace ContainerPatterns.Events;

/// <summary>
/// What the one-off tasks of this library share on top of <see cref="WorkloadProps"/>: how EventBridge (a rule
/// or Scheduler) retries starting a task, and the dead-letter queue that receives what it could not start. A one-off
/// task has no on-demand base: <see cref="WorkloadProps.OnDemandWeight"/> and
/// <see cref="WorkloadProps.SpotWeight"/> pick the capacity provider of each task.
/// </summary>
/// <remarks>
/// EventBridge retries an invocation that failed (for example ECS throttling, or no Fargate capacity) with back-off
/// until <see cref="RetryAttempts"/> or <see cref="MaximumEventAge"/> runs out, then sends the event to the dead-letter
/// queue. A task that started and then failed is not a failed invocation: watch those with <see cref="TaskFailureAlerts"/>,
/// which also reports a RunTask call that returned <c>failures</c> and started no task (EventBridge and Scheduler count
/// that call as delivered, so nothing reaches the dead-letter queue; it needs a CloudTrail trail, see
/// <see cref="TaskFailureAlertsProps.RunTaskFailures"/>).
/// </remarks>
public abstract class OneOffTaskProps : WorkloadProps
{
    /// <summary>Only the props classes of this library derive from it.</summary>
    private protected OneOffTaskProps()
    {
    }

    /// <summary>How many times a failed invocation is retried, 0–185 (EventBridge's limit). Default: 185.</summary>
    public double? RetryAttempts { get; init; }

    /// <summary>How long a failed invocation is retried, a whole number of seconds from 60 seconds to 24 hours (EventBridge's limit). Default: 24 hours.</summary>
    public Duration? MaximumEventAge { get; init; }

    /// <summary>
    /// An existing standard SQS queue (no FIFO queue: the services send to standard queues only) of the stack's region
    /// for the events that could not start a task. Its policy must let the service send to it (this construct adds that
    /// statement to a queue created in the same app; an imported queue needs it already). A queue encrypted with a
    /// customer managed key of this app gets the key statement or grant the service needs; with a key defined elsewhere
    /// the construct warns (<see cref="OneOffTask.DeadLetterQueueKeyWarningId"/>) that its policy must admit the service;
    /// an <see cref="EventTriggeredTask"/>'s queue may not use the AWS managed key <c>alias/aws/sqs</c>. Default: a new queue, <c>DeadLetterQueue</c>,
    /// encrypted with SQS-managed keys, SSL only, retained on delete (see <see cref="WorkloadProps.RemovalPolicy"/>).
    /// </summary>
    public IQueue? DeadLetterQueue { get; init; }

    /// <summary>How long the new dead-letter queue keeps a message, 1 minute to 14 days; not with <see cref="DeadLetterQueue"/>. Default: 14 days.</summary>
    public Duration? DeadLetterQueueRetention { get; init; }

    /// <summary>
    /// Tunes or turns off the alarm on the dead-letter queue's depth (<c>ApproximateNumberOfMessagesVisible</c>, maximum),
    /// threshold in messages. Default: on, at 1 message or more.
    /// </summary>
    public WorkloadAlarm? DeadLetterQueueAlarm { get; init; }

    /// <summary>The SNS topic the alarm notifies (alarm and OK). Default: none (the alarm shows in CloudWatch only).</summary>
    public ITopic? AlarmTopic { get; init; }
}
