using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Ecr.Assets;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using ContainerPatterns.Ecs;
using ContainerPatterns.Events;
using ContainerPatterns.Networking;
using Constructs;
using EventSchedule = Amazon.CDK.AWS.Events.Schedule;

namespace ContainerPatterns.Examples;

/// <summary>
/// Event-driven and scheduled Fargate tasks: every object uploaded under <c>incoming/</c> to an encrypted, versioned,
/// SSL-only bucket starts the processor in <c>Processor/</c> (an <see cref="EventTriggeredTask"/>), which writes a summary
/// item to an on-demand DynamoDB table with point-in-time recovery; an hourly <see cref="ScheduledTask"/> runs the same
/// image in report mode and writes the report of the hour before the one it was scheduled for under <c>reports/</c>; and <see cref="TaskFailureAlerts"/> emails
/// when a task of the cluster fails. The email address comes from the <c>alertEmail</c> context value, or else from the
/// <c>AlertEmail</c> stack parameter at deploy time.
/// </summary>
public sealed class EventProcessingStack : Stack
{
    /// <summary>The stack's name in the CDK app.</summary>
    public const string Name = "ContainerPatterns-EventProcessing";

    /// <summary>The stack's description.</summary>
    public const string Description = "ContainerPatterns reference: S3-triggered and hourly Fargate tasks with failure alerts";

    /// <summary>Context value: a mirror of Microsoft's container registry for the .NET base images (the Dockerfile's DOTNET_REGISTRY build argument, needed to build the image).</summary>
    public const string DotnetRegistryContext = "dotnetImageRegistry";

    /// <summary>Uploads under this prefix start the processor.</summary>
    public const string IncomingPrefix = "incoming/";

    /// <summary>The hourly reports are written under this prefix (outside <see cref="IncomingPrefix"/>, so they start nothing).</summary>
    public const string ReportPrefix = "reports/";

    // The processor project, relative to the repository root.
    private const string ProcessorFolder = "examples/EventProcessing/Processor";

    /// <summary>Builds the stack.</summary>
    public EventProcessingStack(Construct scope, string id, IStackProps? props = null)
        : base(scope, id, props)
    {
        // S3 server access logs reach the log bucket through its bucket policy rather than the legacy
        // LogDeliveryWrite ACL, so ACLs stay off (bucket owner enforced); CDK's feature flag, set for this stack only.
        Node.SetContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
        Network = new ContainerNetwork(this, "Network");
        Cluster = new ContainerCluster(this, "Cluster", new ContainerClusterProps { Vpc = Network.Vpc });
        var accessLogs = new Bucket(this, "AccessLogs", new BucketProps
        {
            // S3 server access logging delivers to SSE-S3 buckets only.
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            RemovalPolicy = RemovalPolicy.RETAIN,
            LifecycleRules = [new LifecycleRule { Id = "ExpireAccessLogs", Expiration = Duration.Days(90) }],
        });
        Uploads = new Bucket(this, "Uploads", new BucketProps
        {
            Encryption = BucketEncryption.S3_MANAGED,
            Versioned = true,
            EnforceSSL = true,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            ServerAccessLogsBucket = accessLogs,
            ServerAccessLogsPrefix = "uploads/",
            RemovalPolicy = RemovalPolicy.RETAIN,
            LifecycleRules = [new LifecycleRule { Id = "ExpireOldVersions", NoncurrentVersionExpiration = Duration.Days(30), AbortIncompleteMultipartUploadAfter = Duration.Days(1) }],
        });
        Summaries = new Table(this, "Summaries", new TableProps
        {
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = "id", Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        Alerts = new TaskFailureAlerts(this, "Alerts", new TaskFailureAlertsProps
        {
            Cluster = Cluster.Cluster,
            EmailAddresses = [ExampleAlerts.Email(this)],
        });

        var image = ProcessorImage();
        Processor = new EventTriggeredTask(this, "Processor", new EventTriggeredTaskProps
        {
            Cluster = Cluster.Cluster,
            Image = image,
            Command = ["process"],
            ObjectCreated = new ObjectCreatedTrigger { Bucket = Uploads, Prefix = IncomingPrefix },
            Environment = new Dictionary<string, string> { ["TABLE_NAME"] = Summaries.TableName },
            WritablePaths = ["/tmp"],
            User = ExampleAlerts.DotnetAppUser,
            AlarmTopic = Alerts.Topic,
        });
        // Read the uploads under the prefix, write summaries: nothing broader. No s3:ListBucket: S3 then answers 403, not
        // 404, for a key that is gone, and the processor treats both alike (it tries the key as the event wrote it, then
        // URL-decoded). Listing would need the whole bucket (a condition on s3:prefix does not apply to GetObject).
        Grant.AddToPrincipal(new GrantOnPrincipalOptions { Grantee = Processor, Actions = ["s3:GetObject"], ResourceArns = [Uploads.ArnForObjects(IncomingPrefix + "*")] });
        Grant.AddToPrincipal(new GrantOnPrincipalOptions { Grantee = Processor, Actions = ["dynamodb:PutItem"], ResourceArns = [Summaries.TableArn] });

        HourlyReport = new ScheduledTask(this, "HourlyReport", new ScheduledTaskProps
        {
            Cluster = Cluster.Cluster,
            Image = image,
            Command = ["report"],
            Schedule = EventSchedule.Cron(new Amazon.CDK.AWS.Events.CronOptions { Minute = "5" }),
            FlexibleWindow = Duration.Minutes(10),
            Environment = new Dictionary<string, string>
            {
                ["TABLE_NAME"] = Summaries.TableName,
                ["REPORT_BUCKET"] = Uploads.BucketName,
                ["REPORT_PREFIX"] = ReportPrefix,
            },
            WritablePaths = ["/tmp"],
            User = ExampleAlerts.DotnetAppUser,
            AlarmTopic = Alerts.Topic,
            // The report covers the hour before the time the run was scheduled for, however late the window starts it.
            ScheduledTimeVariable = "SCHEDULED_TIME",
        });
        Grant.AddToPrincipal(new GrantOnPrincipalOptions { Grantee = HourlyReport, Actions = ["dynamodb:Scan"], ResourceArns = [Summaries.TableArn] });
        Grant.AddToPrincipal(new GrantOnPrincipalOptions { Grantee = HourlyReport, Actions = ["s3:PutObject"], ResourceArns = [Uploads.ArnForObjects(ReportPrefix + "*")] });

        ExplainObjectGrant(Processor.TaskDefinition, IncomingPrefix, "reads the uploads that start it");
        ExplainObjectGrant(HourlyReport.TaskDefinition, ReportPrefix, "writes its hourly report objects");

        _ = new CfnOutput(this, "UploadBucket", new CfnOutputProps { Value = Uploads.BucketName, Description = $"Upload objects under {IncomingPrefix} to process them; reports appear under {ReportPrefix}" });
        _ = new CfnOutput(this, "SummaryTable", new CfnOutputProps { Value = Summaries.TableName, Description = "One summary item per processed object" });
    }

    /// <summary>The network.</summary>
    public ContainerNetwork Network { get; }

    /// <summary>The cluster.</summary>
    public ContainerCluster Cluster { get; }

    /// <summary>The bucket whose uploads start the processor.</summary>
    public Bucket Uploads { get; }

    /// <summary>The summary table.</summary>
    public Table Summaries { get; }

    /// <summary>The processor, started for each upload.</summary>
    public EventTriggeredTask Processor { get; }

    /// <summary>The hourly report job.</summary>
    public ScheduledTask HourlyReport { get; }

    /// <summary>The alerts on failed tasks.</summary>
    public TaskFailureAlerts Alerts { get; }

    private AssetImage ProcessorImage()
    {
        var registry = Node.TryGetContext(DotnetRegistryContext) as string;
        return ContainerImage.FromAsset(ExampleFolders.Find(ProcessorFolder), new AssetImageProps
        {
            Platform = Platform_.LINUX_ARM64,
            BuildArgs = string.IsNullOrEmpty(registry) ? null : new Dictionary<string, string> { ["DOTNET_REGISTRY"] = registry },
            Exclude = ["bin", "obj", "**/bin", "**/obj"],
        });
    }

    // An object-level grant needs a key pattern ("<prefix>*"); cdk-nag's IAM5 flags any wildcard, so the task role's
    // policy says why this one is as narrow as it can be (a user's app would do the same with cdk-nag's suppressions).
    private void ExplainObjectGrant(FargateTaskDefinition taskDefinition, string prefix, string what)
    {
        var policy = (Policy)taskDefinition.TaskRole.Node.FindChild("DefaultPolicy");
        var bucketId = (string)Resolve(GetLogicalId((CfnElement)Uploads.Node.DefaultChild!));
        ((CfnResource)policy.Node.DefaultChild!).AddMetadata("cdk_nag", new Dictionary<string, object>
        {
            ["rules_to_suppress"] = new object[]
            {
                new Dictionary<string, object>
                {
                    ["id"] = "AwsSolutions-IAM5",
                    ["reason"] = $"The task {what} under {prefix} of the uploads bucket only: object keys are not known in advance, so the grant names the prefix with a wildcard.",
                    ["applies_to"] = new[] { $"Resource::<{bucketId}.Arn>/{prefix}*" },
                },
            },
        });
    }
}
