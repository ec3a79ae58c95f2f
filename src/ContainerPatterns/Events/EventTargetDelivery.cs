using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.IAM;
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
internal sealed record DeliveryProps(
    double? RetryAttempts,
    Duration? MaximumEventAge,
    IQueue? DeadLetterQueue,
    Duration? DeadLetterQueueRetention,
    WorkloadAlarm? Alarm,
    ITopic? AlarmTopic,
    RemovalPolicy? Removal);

/// <summary>
/// How an EventBridge rule target or a Scheduler target delivers: its retry policy, and the encrypted, SSL-only SQS
/// dead-letter queue (given, or created as <c>DeadLetterQueue</c>) that receives what could not be delivered, with an
/// alarm on its depth (<c>DeadLetterQueueAlarm</c>) through the shared <see cref="AlarmFactory"/>. EventBridge rules
/// and Scheduler share these limits.
/// </summary>
internal sealed class EventTargetDelivery
{
    // Retry policy limits of EventBridge rule targets and Scheduler targets (RetryPolicy): 0–185 attempts, an event
    // age of 60 seconds to 24 hours; both default to 185 and 24 hours.
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

        AlarmFactory.Validate(v, DepthSpec, p.Alarm);
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
