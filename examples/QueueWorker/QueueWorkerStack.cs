using Amazon.CDK;
using Amazon.CDK.AWS.Ecr.Assets;
using Amazon.CDK.AWS.ECS;
using ContainerPatterns.Ecs;
using ContainerPatterns.Events;
using ContainerPatterns.Networking;
using Constructs;

namespace ContainerPatterns.Examples;

/// <summary>
/// A queue worker on Fargate: the C# worker in <c>Worker/</c> consumes a new SQS queue (with a dead-letter queue and
/// its alarm, emailed with failed tasks through <see cref="TaskFailureAlerts"/>), mostly on Fargate Spot, scaling on backlog per task between 0 and 10 tasks. The image is built from the
/// worker's Dockerfile as an ARM64 (Graviton) asset: Fargate Spot runs ARM64 tasks too. Send it work with
/// <c>aws sqs send-message --queue-url &lt;QueueUrl output&gt; --message-body '{"text": "count these words"}'</c>.
/// </summary>
public sealed class QueueWorkerStack : Stack
{
    /// <summary>The stack's name in the CDK app.</summary>
    public const string Name = "ContainerPatterns-QueueWorker";

    /// <summary>The stack's description.</summary>
    public const string Description = "ContainerPatterns reference: SQS queue worker on Fargate scaling on backlog per task";

    // The worker project, relative to the repository root.
    private const string WorkerFolder = "examples/QueueWorker/Worker";

    /// <summary>Builds the stack.</summary>
    public QueueWorkerStack(Construct scope, string id, IStackProps? props = null)
        : base(scope, id, props)
    {
        Network = new ContainerNetwork(this, "Network");
        Cluster = new ContainerCluster(this, "Cluster", new ContainerClusterProps { Vpc = Network.Vpc });
        Alerts = new TaskFailureAlerts(this, "Alerts", new TaskFailureAlertsProps
        {
            Cluster = Cluster.Cluster,
            EmailAddresses = [ExampleAlerts.Email(this)],
        });
        Worker = new QueueWorkerService(this, "Worker", new QueueWorkerServiceProps
        {
            Cluster = Cluster.Cluster,
            Image = WorkerImageAsset(),
            // Graviton (the default architecture) on Spot for three in four tasks beyond the first: a worker that is
            // stopped returns its message to the queue.
            SpotWeight = 3,
            // .NET writes its diagnostics socket to /tmp; the rest of the filesystem stays read-only.
            WritablePaths = ["/tmp"],
            User = ExampleAlerts.DotnetAppUser,
            AlarmTopic = Alerts.Topic,
            AverageProcessingTime = Duration.Seconds(2),
            AcceptableLatency = Duration.Minutes(2),
            MinTasks = 0,
            MaxTasks = 10,
        });
        _ = new CfnOutput(this, "QueueUrl", new CfnOutputProps { Value = Worker.Queue.QueueUrl, Description = "Where producers send work (JSON: {\"text\": \"...\"})" });
    }

    /// <summary>The network.</summary>
    public ContainerNetwork Network { get; }

    /// <summary>The cluster (Container Insights on, which backlog scaling needs).</summary>
    public ContainerCluster Cluster { get; }

    /// <summary>The alerts on failed tasks; the dead-letter queue's alarm notifies the same topic.</summary>
    public TaskFailureAlerts Alerts { get; }

    /// <summary>The queue worker service.</summary>
    public QueueWorkerService Worker { get; }

    private AssetImage WorkerImageAsset()
    {
        var registry = Node.TryGetContext(WebServiceStack.DotnetRegistryContext) as string;
        return ContainerImage.FromAsset(ExampleFolders.Find(WorkerFolder), new AssetImageProps
        {
            Platform = Platform_.LINUX_ARM64,
            BuildArgs = string.IsNullOrEmpty(registry) ? null : new Dictionary<string, string> { ["DOTNET_REGISTRY"] = registry },
            // Build output of local runs must not change the asset hash (and with it the task definition).
            Exclude = ["bin", "obj", "**/bin", "**/obj"],
        });
    }
}
