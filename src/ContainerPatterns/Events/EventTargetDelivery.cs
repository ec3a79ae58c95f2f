using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SQS;
using ContainerPatterns.Ecs;
using EventsCfnRule = Amazon.CDK.AWS.Events.CfnRule;
using SchedulerCfnSchedule = Amazon.CDK.AWS.Scheduler.CfnSchedule;

namespace ContainerPatterns.Events;

/// <summary>The delivery props of a construct that hands events to a target (a rule's or a schedule's).</summary>
/// <param name="RetryAttempts">The given retry attempts.</param>
/// <param name="MaximumEventAge">The given maximum event age.</param>
/// <param name="DeadLetterQueue">An existing dead-letter queue.</param>
/// <param name="DeadLetterQueueRetention">The retention of a new dead-letter queue.</param>
/// <param name="Alarm">The tuning of the dead-letter queue alarm.</param>
/// <param name="AlarmTopic">Where the alarm notifies.</param>
/// <param name="Removal">What happens to a new dead-letter queue when it leaves the stack.</param>
/// <param name="Sender">Who sends failed events to the dead-letter queue.</param>
internal sealed record DeliveryProps(
    double? RetryAttempts,
    Duration? MaximumEventAge,
    IQueue? DeadLetterQueue,
    Duration? DeadLetterQueueRetention,
    WorkloadAlarm? Alarm,
    ITopic? AlarmTopic,
    RemovalPolicy? Removal,
    DeadLetterSender Sender);

/// <summary>Who sends the failed events of a target to its dead-letter queue.</summary>
internal enum DeadLetterSender
{
    /// <summary>EventBridge itself (the service principal <c>events.amazonaws.com</c>), for a rule's target.</summary>
    RuleService,

    /// <summary>The schedule's execution role, for a Scheduler target.</summary>
    SchedulerRole,
}

/// <summary>
/// How an EventBridge rule target or a Scheduler target delivers: its retry policy, and the encrypted, SSL-only SQS
/// dead-letter queue (given, or created as <c>DeadLetterQueue</c>) that receives what could not be delivered, with an
/// alarm on its depth (<c>DeadLetterQueueAlarm</c>) through the shared <see cref="AlarmFactory"/>. EventBridge rules
/// and Scheduler share these limits.
/// </summary>
internal sealed class EventTargetDelivery
{
    // Retry policy limits of EventBridge rule targets and Scheduler targets (EventBridge and Scheduler API references,
    // RetryPolicy, and their API models in botocore 1.43.11, read 2026-12-02): 0–185 attempts, an event age of 60 seconds
    // to 24 hours; both default to 185 and 24 hours.
    public const int MaxRetryAttempts = 185;
    public const int MinEventAgeSeconds = 60;
    public const int MaxEventAgeSeconds = 86_400;


    private static readonly AlarmSpec DepthSpec = new(
        "DeadLetterQueueAlarm",
        "DeadLetterQueueAlarm",
        1,
        ThresholdKind.Count,
        ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        "{0} or more messages in the dead-letter queue (events whose target could not be invoked after every retry)");

    private readonly DeliveryProps _props;

    private EventTargetDelivery(DeliveryProps props)
    {
        _props = props;
        RetryAttempts = props.RetryAttempts ?? MaxRetryAttempts;
        MaximumEventAge = props.MaximumEventAge ?? Duration.Seconds(MaxEventAgeSeconds);
        // The default keeps a failed event as long as SQS can.
        Retention = props.DeadLetterQueueRetention ?? Duration.Seconds(SqsLimits.MaxRetentionSeconds);
        Removal = props.Removal ?? RemovalPolicy.RETAIN;
    }

    /// <summary>Retry attempts after the first failed invocation.</summary>
    public double RetryAttempts { get; }

    /// <summary>How long an event is retried before it goes to the dead-letter queue.</summary>
    public Duration MaximumEventAge { get; }

    /// <summary>How long a new dead-letter queue keeps a message.</summary>
    public Duration Retention { get; }

    /// <summary>What happens to a new dead-letter queue when it leaves the stack.</summary>
    public RemovalPolicy Removal { get; }

    /// <summary>The dead-letter queue (after <see cref="Build"/>).</summary>
    public IQueue Queue { get; private set; } = null!;

    /// <summary>The dead-letter queue alarm (after <see cref="Build"/>); null when turned off.</summary>
    public Alarm? Alarm { get; private set; }

    /// <summary>Resolves the delivery settings once.</summary>
    public static EventTargetDelivery Resolve(DeliveryProps props) => new(props);

    /// <summary>Records every problem with the retry policy, the dead-letter queue and its alarm.</summary>
    public void Validate(PropValidator v)
    {
        var p = _props;
        v.Range("RetryAttempts", p.RetryAttempts, 0, MaxRetryAttempts, "(EventBridge's limit)");
        v.Seconds("MaximumEventAge", p.MaximumEventAge, MinEventAgeSeconds, MaxEventAgeSeconds, "60 seconds to 24 hours, EventBridge's limit");
        v.Seconds("DeadLetterQueueRetention", p.DeadLetterQueueRetention, SqsLimits.MinRetentionSeconds, SqsLimits.MaxRetentionSeconds, "1 minute to 14 days, SQS's limit");
        if (p.DeadLetterQueue is not null && p.DeadLetterQueueRetention is not null)
        {
            v.FailWith("DeadLetterQueue and DeadLetterQueueRetention are both set; DeadLetterQueueRetention configures a new queue, so drop it to use the given queue (or drop DeadLetterQueue to have one created).");
        }

        if (p.DeadLetterQueue is { } given)
        {
            ValidateGivenQueue(v, given);
        }

        AlarmFactory.Validate(v, DepthSpec, p.Alarm);
    }

    // Where the service sends failed events (the id the sender and the dead-letter queue's key must agree on).
    private string SenderName => _props.Sender == DeadLetterSender.RuleService ? "EventBridge" : "EventBridge Scheduler";

    private void ValidateGivenQueue(PropValidator v, IQueue given)
    {
        // A rule's dead-letter queue and a schedule's are standard queues of the region the service runs in
        // (EventBridge user guide, "Using dead-letter queues": EventBridge DLQs are standard SQS queues; Scheduler user
        // guide, "Configuring a schedule's dead-letter queue": no FIFO queue; a rule's targets share its region: AWS
        // Knowledge Center, "sns-not-getting-eventbridge-notification"; all read 2026-12-02).
        v.SameRegion("DeadLetterQueue.QueueArn", given.QueueArn, "queue", $"{SenderName} sends failed events to a dead-letter queue of its own region");
        if (given.Fifo)
        {
            v.FailWith($"DeadLetterQueue ({given.Node.Path}) is a FIFO queue; {SenderName} sends failed events to standard queues only. Give a standard queue, or drop DeadLetterQueue to have one created.");
        }

        // The AWS managed key of SQS admits only principals of this account calling through SQS, never the EventBridge
        // service (its key policy cannot be changed): a queue encrypted with it never receives a rule's failed events.
        if (_props.Sender == DeadLetterSender.RuleService && given is Queue own && ((CfnQueue)own.Node.DefaultChild!).KmsMasterKeyId == "alias/aws/sqs")
        {
            v.FailWith($"DeadLetterQueue ({own.Node.Path}) is encrypted with the AWS managed key alias/aws/sqs, whose key policy does not admit EventBridge, so failed events could not be sent to it; encrypt it with SQS-managed keys (QueueEncryption.SQS_MANAGED) or a customer managed key, or drop DeadLetterQueue to have one created.");
        }
    }

    /// <summary>
    /// Lets the sender use the customer managed key a given dead-letter queue is encrypted with: a key of this app gets
    /// the statement (a rule's service principal, on behalf of this account) or the role gets the grant (Scheduler's role);
    /// for a key it cannot change, the construct warns (<paramref name="warningId"/>). A no-op for an unencrypted queue
    /// or one with SQS-managed keys.
    /// </summary>
    public void AllowKeyUse(Construct scope, string warningId, IRole? role = null)
    {
        if (_props.DeadLetterQueue is not { } given || given.EncryptionMasterKey is not { } key
            || (given is Queue own && ((CfnQueue)own.Node.DefaultChild!).KmsMasterKeyId == "alias/aws/sqs"))
        {
            return;
        }

        // KMS actions a sender needs to put a message on an encrypted queue (SQS developer guide, "Key management",
        // permissions for producers, read 2026-12-02).
        string[] actions = ["kms:GenerateDataKey", "kms:Decrypt"];
        if (role is not null)
        {
            key.Grant(role, actions);
        }

        if (_props.Sender == DeadLetterSender.RuleService && key is Key ownKey)
        {
            ownKey.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "AllowEventBridgeToSendFailedEventsToTheDeadLetterQueue",
                Principals = [new ServicePrincipal("events.amazonaws.com")],
                Actions = actions,
                Resources = ["*"],
                // Not the rules' ARNs: each rule names the queue, which names the key (a dependency cycle). Only on behalf
                // of this account, as the queue's own policy limits sending to these rules.
                Conditions = new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Stack.Of(scope).Account } },
            }));
            return;
        }

        if (key is Key)
        {
            return; // Scheduler's role: granted above, and a key of this app lets IAM policies of its account use it.
        }

        var who = _props.Sender == DeadLetterSender.RuleService
            ? "let events.amazonaws.com use it (kms:GenerateDataKey, kms:Decrypt)"
            : "let IAM policies of this account use it (the schedule's role is granted kms:GenerateDataKey and kms:Decrypt on it)";
        CdkCompat.AddWarning(scope, warningId,
            $"{scope.Node.Path} sends failed events to a dead-letter queue encrypted with a KMS key this app does not define ({(PropValidator.IsToken(key.KeyArn) ? key.Node.Path : key.KeyArn)}), whose policy cannot be checked at synth: it must {who}, or {SenderName} cannot send failed events to the queue and they are lost.");
    }

    /// <summary>
    /// Creates the dead-letter queue (unless one was given) and its alarm in <paramref name="scope"/>; <paramref name="fedBy"/>
    /// says what feeds it, for the suppression of cdk-nag's rule that every queue have a dead-letter queue of its own;
    /// <paramref name="alarmTopic"/>, when given, is notified instead of the props' alarm topic.
    /// </summary>
    public void Build(Construct scope, string fedBy, ITopic? alarmTopic = null)
    {
        if (_props.DeadLetterQueue is { } given)
        {
            Queue = given;
        }
        else
        {
            Queue = SecureQueues.CreateEndpoint(scope, "DeadLetterQueue", new SecureQueueOptions(Removal, Retention),
                $"This queue is itself the dead-letter queue of {fedBy} of {scope.Node.Path}: it holds the events that could not be delivered after every retry, for reading back and redriving.");
        }

        Alarm = new AlarmFactory(scope, alarmTopic ?? _props.AlarmTopic).Create(DepthSpec, _props.Alarm, period =>
            Queue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Statistic = "Maximum", Period = period }));
    }

    /// <summary>Lets EventBridge send the failed events of these rules to the dead-letter queue (a no-op for an imported queue).</summary>
    public void AllowRules(params string[] ruleArns) => SecureQueues.AllowRulesToSend(Queue, "AllowEventBridgeRulesToSendFailedEvents", ruleArns);

    /// <summary>The retry policy of an EventBridge rule target.</summary>
    public EventsCfnRule.RetryPolicyProperty ToRuleRetryPolicy() => new()
    {
        MaximumRetryAttempts = RetryAttempts,
        MaximumEventAgeInSeconds = MaximumEventAge.ToSeconds(),
    };

    /// <summary>The retry policy of a Scheduler target.</summary>
    public SchedulerCfnSchedule.RetryPolicyProperty ToScheduleRetryPolicy() => new()
    {
        MaximumRetryAttempts = RetryAttempts,
        MaximumEventAgeInSeconds = MaximumEventAge.ToSeconds(),
    };
}
