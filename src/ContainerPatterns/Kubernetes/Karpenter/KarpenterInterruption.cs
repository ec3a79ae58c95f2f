using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SQS;
using EventsCfnRule = Amazon.CDK.AWS.Events.CfnRule;
using EventsCfnRuleProps = Amazon.CDK.AWS.Events.CfnRuleProps;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// Karpenter's interruption queue and the five EventBridge rules that feed it (Karpenter's CloudFormation reference):
/// Karpenter drains and replaces a node before EC2 or AWS Health takes it away.
/// </summary>
internal static class KarpenterInterruption
{
    /// <summary>
    /// How long a message is kept: Karpenter acts on an interruption within seconds, and an older one is moot (Karpenter
    /// v1.14 getting-started cloudformation.yaml, KarpenterInterruptionQueue MessageRetentionPeriod 300, read 2026-12-02).
    /// </summary>
    public const int RetentionSeconds = 300;

    /// <summary>
    /// Receives of one notice before it moves to the dead-letter queue: Karpenter deletes a notice once it acted on it,
    /// so five receives mean five failures (a redrive policy's maxReceiveCount is 1 to 1,000: SQS API reference,
    /// SetQueueAttributes RedrivePolicy, read 2026-12-02).
    /// </summary>
    public const int DeadLetterReceives = 5;

    // The rules: construct id, event source, detail type (exactly as EventBridge spells it), what it tells Karpenter.
    private static readonly (string Id, string Source, string DetailType, string Why)[] Rules =
    [
        ("HealthEventRule", "aws.health", "AWS Health Event", "scheduled maintenance of instances"),
        ("SpotInterruptionRule", "aws.ec2", "EC2 Spot Instance Interruption Warning", "Spot instances EC2 takes back in two minutes"),
        ("RebalanceRule", "aws.ec2", "EC2 Instance Rebalance Recommendation", "Spot instances at higher risk of interruption"),
        ("InstanceStateChangeRule", "aws.ec2", "EC2 Instance State-change Notification", "instances stopping or terminating"),
        ("CapacityReservationInterruptionRule", "aws.ec2", "EC2 Capacity Reservation Instance Interruption Warning", "instances of capacity reservations being reclaimed"),
    ];

    /// <summary>
    /// Creates the queue (SSE-SQS, TLS only, messages kept 300 s, deleted with the stack: it holds nothing worth keeping),
    /// its dead-letter queue, and the rules in <paramref name="scope"/>; the queue accepts messages from these rules and the SQS service only.
    /// </summary>
    public static (Queue Queue, IReadOnlyList<EventsCfnRule> Rules) Build(Construct scope, string path)
    {
        // A notice Karpenter received DeadLetterReceives times without acting on it (and deleting it) moves to the
        // dead-letter queue: the notice itself is moot by then, but its presence says Karpenter is failing to drain nodes.
        var deadLetters = SecureQueues.CreateEndpoint(scope, "InterruptionDeadLetterQueue",
            new SecureQueueOptions(RemovalPolicy.DESTROY, Duration.Seconds(SqsLimits.MaxRetentionSeconds)),
            $"Dead-letter queue of the interruption queue of Karpenter for {path}: it keeps the notices Karpenter failed to act on, for 14 days, for inspection.");
        var queue = SecureQueues.Create(scope, "InterruptionQueue", new SecureQueueOptions(
            RemovalPolicy.DESTROY,
            Duration.Seconds(RetentionSeconds),
            DeadLetterQueue: new DeadLetterQueue { Queue = deadLetters, MaxReceiveCount = DeadLetterReceives }));

        var rules = Rules.Select(r => new EventsCfnRule(scope, r.Id, new EventsCfnRuleProps
        {
            Description = $"Sends {r.Why} to the interruption queue of {path}",
            EventPattern = new Dictionary<string, object>
            {
                ["source"] = new[] { r.Source },
                ["detail-type"] = new[] { r.DetailType },
            },
            State = "ENABLED",
            Targets = new object[] { new EventsCfnRule.TargetProperty { Id = "InterruptionQueue", Arn = queue.QueueArn } },
        })).ToArray();

        SecureQueues.AllowRulesToSend(queue, "AllowInterruptionRules", rules.Select(r => r.AttrArn).ToArray());
        queue.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AllowSqsService",
            Principals = [new ServicePrincipal("sqs.amazonaws.com")],
            Actions = ["sqs:SendMessage"],
            Resources = [queue.QueueArn],
        }));
        return (queue, rules);
    }
}
