using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SQS;
using ContainerPatterns.Ecs;
using CfnRule = Amazon.CDK.AWS.Events.CfnRule;
using CfnRuleProps = Amazon.CDK.AWS.Events.CfnRuleProps;

namespace ContainerPatterns.Events;

/// <summary>
/// A Fargate task that an EventBridge rule runs once for every matching event: for an event pattern you give, or for
/// each object created in an S3 bucket (optionally under a prefix or with a suffix), whose EventBridge notifications it
/// turns on. Event fields reach the container as environment variables through the rule target's container overrides
/// (for a bucket: <c>BUCKET_NAME</c> and <c>OBJECT_KEY</c>). The rule retries starting a task with back-off and sends what
/// it could not start to an encrypted SQS dead-letter queue, with an alarm on its depth. Tasks run in private subnets
/// without a public IP, on Fargate or Fargate Spot, on any ECS cluster with the Fargate capacity providers (see
/// <see cref="Ecs.WorkloadProps"/>); the rule's role may run only this task definition family in this cluster
/// and pass only its two roles.
/// </summary>
/// <remarks>
/// <para>Reading back and redriving a failed event: the dead-letter queue holds the original event as the message body,
/// with the attributes <c>ERROR_CODE</c>, <c>ERROR_MESSAGE</c>, <c>RULE_ARN</c> and <c>TARGET_ARN</c> saying why it failed.
/// Read it with <c>aws sqs receive-message --queue-url URL --attribute-names All --message-attribute-names All</c>. Fix the
/// cause, then start the work again: for a bucket trigger, copy the object onto itself (<c>aws s3 cp s3://BUCKET/KEY
/// s3://BUCKET/KEY --metadata-directive REPLACE</c>), which emits a new Object Created event; for events of your own, put
/// the body's <c>source</c>, <c>detail-type</c> and <c>detail</c> again with <c>aws events put-events</c>. Then delete the
/// message (<c>aws sqs delete-message</c>). Events of AWS services (source <c>aws.*</c>) cannot be put again.</para>
/// </remarks>
public sealed class EventTriggeredTask : OneOffTask
{
    /// <summary>Creates the task definition, the rule and its role, and the dead-letter queue with its alarm.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public EventTriggeredTask(Construct scope, string id, EventTriggeredTaskProps props)
        : base(scope, id)
    {
        var v = new PropValidator(scope, id);
        v.ThrowIfPropsMissing(props, nameof(EventTriggeredTaskProps));
        var task = OneOffTaskPiece.Resolve(props, DeadLetterSender.RuleService);
        var trigger = EventTrigger.Resolve(props);
        task.Validate(v);
        trigger.Validate(v);
        v.ThrowIfAny();

        task.Build(this, "events.amazonaws.com", "the EventBridge rule");
        trigger.PrepareSource(this);
        trigger.CheckContainerAtSynth(this, task.Task.TaskDefinition);
        var cluster = task.Task.Placement.Cluster;
        Rule = new CfnRule(this, "Rule", new CfnRuleProps
        {
            Description = $"Runs a task of {Node.Path} for each matching event",
            EventPattern = trigger.Pattern(),
            State = "ENABLED",
            Targets = new[] { task.Target.ToRuleTarget("Task", trigger.InputTransformer()) },
        }.WithEventBusName(props.EventBus?.EventBusName));
        task.Delivery.AllowRules(Rule.AttrArn);
        task.Delivery.AllowKeyUse(this, DeadLetterQueueKeyWarningId);
        task.SuppressRoleFindings(this);
        ClusterCapacityProviders.Require(this, Rule, cluster, task.Task.Capacity.UsesSpot, "this task");

        Expose(task);
        EventVariables = trigger.Variables;
    }

    /// <summary>The EventBridge rule (CloudFormation level: its ECS target carries the capacity provider strategy).</summary>
    public CfnRule Rule { get; }

    /// <summary>The environment variables the container gets from each event: name to JSON path, sorted by name.</summary>
    public IReadOnlyDictionary<string, string> EventVariables { get; }
}
