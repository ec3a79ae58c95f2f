using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SQS;

namespace ContainerPatterns.Internal;

/// <summary>
/// SQS quotas the constructs that create queues validate against (SQS developer guide, "Amazon SQS message quotas",
/// read 2026-11-24).
/// </summary>
internal static class SqsLimits
{
    /// <summary>MessageRetentionPeriod: at least 60 seconds.</summary>
    public const double MinRetentionSeconds = 60;

    /// <summary>MessageRetentionPeriod: at most 14 days (the longest a dead-letter queue can keep what failed).</summary>
    public const double MaxRetentionSeconds = 1_209_600;

    /// <summary>VisibilityTimeout: at most 12 hours.</summary>
    public const double MaxVisibilitySeconds = 43_200;

    /// <summary>VisibilityTimeout when none is set.</summary>
    public const double DefaultVisibilitySeconds = 30;

    /// <summary>A redrive policy's maxReceiveCount: 1 to 1,000.</summary>
    public const double MaxReceiveCount = 1_000;

    /// <summary>ReceiveMessageWaitTimeSeconds (long polling): at most 20 seconds.</summary>
    public const double MaxReceiveWaitSeconds = 20;
}

/// <summary>What a new queue of the library differs in; everything else is the same for all of them.</summary>
/// <param name="Removal">What happens to the queue when it leaves the stack.</param>
/// <param name="Retention">How long it keeps a message; null for SQS's default (4 days).</param>
/// <param name="Fifo">Whether it is a FIFO queue; null for a standard one.</param>
/// <param name="VisibilityTimeout">How long a received message stays hidden; null for SQS's default (30 seconds).</param>
/// <param name="ReceiveWait">The long-polling wait of receives; null for none.</param>
/// <param name="DeadLetterQueue">Where messages go after too many receives; null for none.</param>
internal sealed record SecureQueueOptions(
    RemovalPolicy Removal,
    Duration? Retention = null,
    bool? Fifo = null,
    Duration? VisibilityTimeout = null,
    Duration? ReceiveWait = null,
    DeadLetterQueue? DeadLetterQueue = null);

/// <summary>
/// The one way the library creates an SQS queue: encrypted with SQS-managed keys (SSE-SQS), refusing requests without
/// TLS, with the removal policy the construct was given; and the queue policy that lets only named EventBridge rules send.
/// </summary>
internal static class SecureQueues
{
    /// <summary>
    /// Creates a queue in <paramref name="scope"/> with id <paramref name="id"/>. A dead-letter queue
    /// (<paramref name="deadLetterQueue"/>) says so in its redrive allow policy (allowAll: which queues name it is set by
    /// their redrive policies; naming the source queue here instead would make a dependency cycle), which is how AWS
    /// Control Tower's CT.SQS.PR.1 tells a dead-letter queue from a queue that lacks one.
    /// </summary>
    public static Queue Create(Construct scope, string id, SecureQueueOptions options, bool deadLetterQueue = false) =>
        new(scope, id, new QueueProps
        {
            RedriveAllowPolicy = deadLetterQueue ? new RedriveAllowPolicy { RedrivePermission = RedrivePermission.ALLOW_ALL } : null,
            Fifo = options.Fifo,
            VisibilityTimeout = options.VisibilityTimeout,
            RetentionPeriod = options.Retention,
            ReceiveMessageWaitTime = options.ReceiveWait,
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            DeadLetterQueue = options.DeadLetterQueue,
            RemovalPolicy = options.Removal,
        });

    /// <summary>
    /// Creates a queue that is itself where failed deliveries end (so it has no dead-letter queue of its own, which
    /// cdk-nag's AwsSolutions-SQS3 asks for): <paramref name="why"/> says so in the suppression.
    /// </summary>
    public static Queue CreateEndpoint(Construct scope, string id, SecureQueueOptions options, string why)
    {
        var queue = Create(scope, id, options, deadLetterQueue: true);
        NagSuppressions.Suppress((CfnResource)queue.Node.DefaultChild!, ("AwsSolutions-SQS3", why));
        return queue;
    }

    /// <summary>
    /// Lets EventBridge send to the queue on behalf of the given rules only (<c>aws:SourceArn</c>); a no-op for an
    /// imported queue, whose policy is its owner's.
    /// </summary>
    public static void AllowRulesToSend(IQueue queue, string sid, string[] ruleArns) =>
        queue.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = sid,
            Principals = [new ServicePrincipal("events.amazonaws.com")],
            Actions = ["sqs:SendMessage"],
            Resources = [queue.QueueArn],
            Conditions = new Dictionary<string, object>
            {
                ["ArnEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = ruleArns },
            },
        }));
}
