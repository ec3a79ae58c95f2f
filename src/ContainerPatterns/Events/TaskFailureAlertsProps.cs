using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SQS;
using ContainerPatterns.Ecs;

namespace ContainerPatterns.Events;

/// <summary>Properties of <see cref="TaskFailureAlerts"/>.</summary>
public sealed class TaskFailureAlertsProps
{
    /// <summary>The cluster whose tasks and deployments are watched: <c>ContainerCluster.Cluster</c>, a CDK <c>Cluster</c>, or an imported one.</summary>
    public required ICluster Cluster { get; init; }

    /// <summary>
    /// Only these services, which must run in <see cref="Cluster"/>: their tasks (group <c>service:&lt;name&gt;</c>) and their deployments. Default: every service and
    /// task of the cluster, unless <see cref="TaskGroups"/> narrows it.
    /// </summary>
    public IReadOnlyList<IBaseService>? Services { get; init; }

    /// <summary>
    /// Only tasks of these ECS task groups, e.g. <c>EventTriggeredTask.TaskGroup</c> (<c>family:&lt;family&gt;</c>) or
    /// <c>service:&lt;name&gt;</c>, the groups ECS gives tasks (a bare family or service name is refused: it matches no task); 1–255 characters each. Deployments are watched only for <see cref="Services"/> then (none
    /// when only groups are given). Default: every task of the cluster, unless <see cref="Services"/> narrows it.
    /// </summary>
    public IReadOnlyList<string>? TaskGroups { get; init; }

    /// <summary>
    /// Whether failed service deployments (<c>SERVICE_DEPLOYMENT_FAILED</c>) are reported too; not <c>true</c> when only
    /// <see cref="TaskGroups"/> narrow the alerts (no deployment is watched then). Default: true (every service of the
    /// cluster, or the given <see cref="Services"/>).
    /// </summary>
    public bool? DeploymentFailures { get; init; }

    /// <summary>
    /// Whether RunTask calls on the cluster that start no task (their response lists <c>failures</c>: no capacity, a
    /// network setting that does not fit) are reported: one-off tasks that EventBridge or Scheduler could not start, which
    /// neither the dead-letter queue nor a task state change shows. Seen through CloudTrail, so it needs a CloudTrail
    /// trail that logs management events in the stack's region (see the remarks of <see cref="TaskFailureAlerts"/>).
    /// Narrowed to the families of <c>family:</c> groups in <see cref="TaskGroups"/>; not <c>true</c> when only
    /// <see cref="Services"/> or <c>service:</c> groups narrow the alerts (services do not call RunTask). Default: true.
    /// </summary>
    public bool? RunTaskFailures { get; init; }

    /// <summary>
    /// An existing standard (not FIFO) SNS topic of the stack's region to send the alerts to. Its policy must let EventBridge publish (this construct adds that
    /// statement to a topic created in the same app; an imported topic needs it already), and its KMS key, if any, must
    /// let EventBridge and CloudWatch use it. Default: a new topic, <c>Topic</c>, encrypted with a new customer-managed
    /// KMS key (rotation on) and a policy that refuses publishing without TLS.
    /// </summary>
    public ITopic? Topic { get; init; }

    /// <summary>
    /// Email addresses subscribed to the topic (each confirms once, from the message AWS sends). Default: none (subscribe
    /// to <see cref="TaskFailureAlerts.Topic"/> yourself).
    /// </summary>
    public IReadOnlyList<string>? EmailAddresses { get; init; }

    /// <summary>How many times a failed delivery to the topic is retried, 0–185 (EventBridge's limit). Default: 185.</summary>
    public double? RetryAttempts { get; init; }

    /// <summary>How long a failed delivery is retried, a whole number of seconds from 60 seconds to 24 hours (EventBridge's limit). Default: 24 hours.</summary>
    public Duration? MaximumEventAge { get; init; }

    /// <summary>
    /// An existing standard SQS queue (not FIFO) of the stack's region for the alerts that could not be delivered (its
    /// policy must let EventBridge send to it; a customer managed key of this app gets the statement EventBridge needs, a
    /// key defined elsewhere raises the warning <see cref="TaskFailureAlerts.DeadLetterQueueKeyWarningId"/>, and the AWS
    /// managed key <c>alias/aws/sqs</c> is refused).
    /// Default: a new queue, <c>DeadLetterQueue</c>, encrypted with SQS-managed keys, SSL only, retained on delete.
    /// </summary>
    public IQueue? DeadLetterQueue { get; init; }

    /// <summary>How long the new dead-letter queue keeps a message, 1 minute to 14 days; not with <see cref="DeadLetterQueue"/>. Default: 14 days.</summary>
    public Duration? DeadLetterQueueRetention { get; init; }

    /// <summary>Tunes or turns off the alarm on the dead-letter queue's depth (notifying the topic), threshold in messages. Default: on, at 1 message or more.</summary>
    public WorkloadAlarm? DeadLetterQueueAlarm { get; init; }

    /// <summary>What happens to the new dead-letter queue when it leaves the stack (the topic and its key hold no data and are always removed). Default: <see cref="RemovalPolicy.RETAIN"/>.</summary>
    public RemovalPolicy? RemovalPolicy { get; init; }
}
