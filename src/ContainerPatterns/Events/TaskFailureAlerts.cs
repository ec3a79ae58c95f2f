using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Amazon.CDK.AWS.SQS;
using ContainerPatterns.Ecs;
using CfnRule = Amazon.CDK.AWS.Events.CfnRule;
using CfnRuleProps = Amazon.CDK.AWS.Events.CfnRuleProps;

namespace ContainerPatterns.Events;

/// <summary>
/// Email (or any SNS subscriber) when ECS tasks of a cluster fail or a service deployment fails: an EventBridge rule on
/// "ECS Task State Change" events of stopped tasks that failed to start, whose essential container exited with a
/// non-zero code, or that failed a health check (not normal scale-in, deployment replacement, Spot reclaims or
/// StopTask calls), and a rule on "ECS Deployment State Change" events <c>SERVICE_DEPLOYMENT_FAILED</c>. Both send a
/// readable message (cluster, group, task, stop code and reason, exit code, time, a console link) to an encrypted SNS
/// topic that refuses publishing without TLS, retry with back-off, and send what they could not deliver to an encrypted
/// SQS dead-letter queue with an alarm on its depth. Optionally narrowed to services or task groups; works on imported
/// clusters (the events come from ECS, nothing is needed on the cluster). A third rule reports RunTask calls on the
/// cluster that start no task (see <see cref="TaskFailureAlertsProps.RunTaskFailures"/>).
/// </summary>
/// <remarks>
/// <para><b>One-off tasks that never start.</b> An <see cref="EventTriggeredTask"/> or <see cref="ScheduledTask"/> whose
/// RunTask call returns <c>failures</c> (no Fargate capacity, a subnet or security group that does not fit, too many
/// tasks) starts no task: EventBridge and Scheduler count the call as delivered, so the dead-letter queue stays empty
/// and no task state change follows (aws/containers-roadmap#1705). The RunTask rule sees those calls in CloudTrail's
/// record of them, which EventBridge receives only while a CloudTrail trail logs management events (write events
/// at least) in the stack's region; CloudTrail delivers them best effort, usually within minutes. Not seen even then: a
/// RunTask call that fails outright (throttling, access denied, a bad parameter; the caller retries it and, when retries
/// run out, sends the event to its dead-letter queue), and a call made with the cluster named other than by its name or
/// ARN.</para>
/// <para>Reading back an undelivered alert: the dead-letter queue holds the original ECS event as the message body, with
/// the attributes <c>ERROR_CODE</c>, <c>ERROR_MESSAGE</c> and <c>RULE_ARN</c>; read it with <c>aws sqs receive-message
/// --queue-url URL --attribute-names All --message-attribute-names All</c>. The event itself is the alert: once the topic
/// accepts messages again (usually its policy or key was changed), publish what you need to know with <c>aws sns publish</c>
/// and delete the message (<c>aws sqs delete-message</c>). ECS events cannot be put on the bus again.</para>
/// </remarks>
public sealed class TaskFailureAlerts : Construct
{
    /// <summary>
    /// The id of the warning raised at synth when the given dead-letter queue is encrypted with a KMS key this app does
    /// not define, whose policy cannot be checked (it must let EventBridge use the key); acknowledge it with
    /// <c>Annotations.Of(alerts).AcknowledgeWarning(TaskFailureAlerts.DeadLetterQueueKeyWarningId, "why")</c>.
    /// </summary>
    public const string DeadLetterQueueKeyWarningId = OneOffTask.DeadLetterQueueKeyWarningId;

    /// <summary>Creates the topic (unless one is given), the rules, and the dead-letter queue with its alarm.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public TaskFailureAlerts(Construct scope, string id, TaskFailureAlertsProps props)
        : base(scope, id)
    {
        var v = new PropValidator(scope, id);
        v.ThrowIfPropsMissing(props, nameof(TaskFailureAlertsProps));
        var rules = FailureAlertRules.Resolve(props);
        var delivery = EventTargetDelivery.Resolve(new DeliveryProps(
            props.RetryAttempts,
            props.MaximumEventAge,
            props.DeadLetterQueue,
            props.DeadLetterQueueRetention,
            props.DeadLetterQueueAlarm,
            null,
            props.RemovalPolicy,
            DeadLetterSender.RuleService));
        rules.Validate(v);
        delivery.Validate(v);
        v.ThrowIfAny();

        Topic = props.Topic ?? NewTopic();
        foreach (var email in rules.Emails)
        {
            Topic.AddSubscription(new EmailSubscription(email));
        }

        // The dead-letter queue's alarm notifies the same topic.
        delivery.Build(this, "the alert rules", Topic);
        DeadLetterQueue = delivery.Queue;
        DeadLetterQueueAlarm = delivery.Alarm;

        TaskStoppedRule = NewRule("TaskStoppedRule", $"Alerts on failed ECS tasks for {Node.Path}", rules.TaskStoppedPattern(), rules.TaskStoppedMessage(), delivery);
        DeploymentFailedRule = rules.WatchesDeployments
            ? NewRule("DeploymentFailedRule", $"Alerts on failed ECS service deployments for {Node.Path}", rules.DeploymentFailedPattern(), rules.DeploymentFailedMessage(), delivery)
            : null;
        RunTaskFailedRule = rules.WatchesRunTask
            ? NewRule("RunTaskFailedRule", $"Alerts on ECS RunTask calls that started no task for {Node.Path} (needs a CloudTrail trail)", rules.RunTaskFailedPattern(), rules.RunTaskFailedMessage(), delivery)
            : null;
        var ruleArns = new[] { TaskStoppedRule, DeploymentFailedRule, RunTaskFailedRule }.OfType<CfnRule>().Select(r => r.AttrArn).ToArray();
        delivery.AllowRules(ruleArns);
        delivery.AllowKeyUse(this, DeadLetterQueueKeyWarningId);
        AllowPublishers(ruleArns, DeadLetterQueueAlarm is not null);
    }

    /// <summary>The topic the alerts go to (given or created): subscribe more endpoints to it.</summary>
    public ITopic Topic { get; }

    /// <summary>The KMS key of the created topic; null when a topic was given.</summary>
    public IKey? EncryptionKey { get; private set; }

    /// <summary>The rule on failed tasks (CloudFormation level).</summary>
    public CfnRule TaskStoppedRule { get; }

    /// <summary>The rule on failed deployments (CloudFormation level); null when deployments are not watched.</summary>
    public CfnRule? DeploymentFailedRule { get; }

    /// <summary>The rule on RunTask calls that started no task (CloudFormation level); null when they are not watched.</summary>
    public CfnRule? RunTaskFailedRule { get; }

    /// <summary>The dead-letter queue of alerts that could not be delivered (given or created); see the class remarks.</summary>
    public IQueue DeadLetterQueue { get; }

    /// <summary>The alarm on the dead-letter queue's depth; null when turned off.</summary>
    public Alarm? DeadLetterQueueAlarm { get; }

    private Topic NewTopic()
    {
        var key = new Key(this, "TopicKey", new KeyProps
        {
            Description = $"Encrypts the ECS alerts of {Node.Path}",
            EnableKeyRotation = true,
            // The key protects messages in flight only: nothing stays encrypted with it after the topic is gone.
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        // An encrypted topic accepts messages from AWS services only when its key lets them use it.
        key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AllowEventBridgeAndCloudWatchToPublishToTheTopic",
            Principals = [new ServicePrincipal("events.amazonaws.com"), new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resources = ["*"],
        }));
        KeyPolicies.LimitGrantsToAwsServices(key);
        EncryptionKey = key;
        return new Topic(this, "Topic", new TopicProps
        {
            DisplayName = "ECS alerts",
            MasterKey = key,
            EnforceSSL = true,
        });
    }

    private CfnRule NewRule(string id, string description, Dictionary<string, object> pattern, CfnRule.InputTransformerProperty message, EventTargetDelivery delivery) =>
        new(this, id, new CfnRuleProps
        {
            Description = description,
            EventPattern = pattern,
            State = "ENABLED",
            Targets = new[]
            {
                new CfnRule.TargetProperty
                {
                    Id = "Topic",
                    Arn = Topic.TopicArn,
                    InputTransformer = message,
                    RetryPolicy = delivery.ToRuleRetryPolicy(),
                    DeadLetterConfig = new CfnRule.DeadLetterConfigProperty { Arn = delivery.Queue.QueueArn },
                },
            },
        });

    // Statements on the topic's policy (a no-op for an imported topic): only these rules may publish through
    // EventBridge, and CloudWatch alarms of this account (the dead-letter queue alarm) may publish too.
    private void AllowPublishers(string[] ruleArns, bool alarm)
    {
        Topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AllowTheAlertRulesToPublish",
            Principals = [new ServicePrincipal("events.amazonaws.com")],
            Actions = ["sns:Publish"],
            Resources = [Topic.TopicArn],
            Conditions = new Dictionary<string, object>
            {
                ["ArnEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = ruleArns },
            },
        }));
        if (alarm)
        {
            Topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "AllowAlarmsOfThisAccountToPublish",
                Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
                Actions = ["sns:Publish"],
                Resources = [Topic.TopicArn],
                Conditions = new Dictionary<string, object>
                {
                    ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Stack.Of(this).Account },
                },
            }));
        }
    }
}
