using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.Ecr.Assets;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.Route53;
using ContainerPatterns.Ecr;
using ContainerPatterns.Ecs;
using ContainerPatterns.Events;
using ContainerPatterns.Networking;
using Constructs;

namespace ContainerPatterns.Examples;

/// <summary>
/// A web API on Fargate: the ASP.NET Core minimal API in <c>Api/</c> behind an internet-facing Application Load
/// Balancer with access logs and alarms (emailed, with failed tasks, through <see cref="TaskFailureAlerts"/>), scaling on CPU, memory and requests per task, with a higher floor in
/// business hours. The image is built from the API's Dockerfile as an ARM64 asset; once CI pushes release images
/// to the stack's ECR repository, <c>-c apiImageTag=&lt;tag&gt;</c> deploys one of those instead.
/// </summary>
public sealed class WebServiceStack : Stack
{
    /// <summary>The stack's name in the CDK app.</summary>
    public const string Name = "ContainerPatterns-WebService";

    /// <summary>The stack's description.</summary>
    public const string Description = "ContainerPatterns reference: ASP.NET Core API on Fargate behind an ALB";

    /// <summary>Context value: a tag in <see cref="Repository"/> to deploy instead of building the image asset.</summary>
    public const string ImageTagContext = "apiImageTag";

    /// <summary>Context value: a mirror of Microsoft's container registry for the .NET base images (the Dockerfile's DOTNET_REGISTRY build argument). Default: Microsoft's registry.</summary>
    public const string DotnetRegistryContext = "dotnetImageRegistry";

    /// <summary>Context values for HTTPS: the API's DNS name and its Route 53 zone (id and name). Without them the API serves HTTP.</summary>
    public const string DomainNameContext = "apiDomainName";

    /// <summary>Context value: the id of the hosted zone of <see cref="DomainNameContext"/>.</summary>
    public const string HostedZoneIdContext = "hostedZoneId";

    /// <summary>Context value: the name of the hosted zone of <see cref="DomainNameContext"/>.</summary>
    public const string HostedZoneNameContext = "hostedZoneName";

    // The API project, relative to the repository root.
    private const string ApiFolder = "examples/WebService/Api";

    /// <summary>Builds the stack.</summary>
    public WebServiceStack(Construct scope, string id, IStackProps? props = null)
        : base(scope, id, props)
    {
        Network = new ContainerNetwork(this, "Network");
        Cluster = new ContainerCluster(this, "Cluster", new ContainerClusterProps { Vpc = Network.Vpc });
        Repository = new ContainerRepository(this, "Images", new ContainerRepositoryProps
        {
            Retention = new ImageRetention { ExpireUntaggedAfter = Duration.Days(7), MaxImageCount = 50 },
        });
        var tag = Node.TryGetContext(ImageTagContext) as string;
        var domain = Node.TryGetContext(DomainNameContext) as string;
        var zone = string.IsNullOrEmpty(domain) ? null : HostedZone.FromHostedZoneAttributes(this, "Zone", new HostedZoneAttributes
        {
            HostedZoneId = Node.TryGetContext(HostedZoneIdContext) as string ?? string.Empty,
            ZoneName = Node.TryGetContext(HostedZoneNameContext) as string ?? string.Empty,
        });
        Alerts = new TaskFailureAlerts(this, "Alerts", new TaskFailureAlertsProps
        {
            Cluster = Cluster.Cluster,
            EmailAddresses = [ExampleAlerts.Email(this)],
        });
        Web = new LoadBalancedWebService(this, "Api", new LoadBalancedWebServiceProps
        {
            Cluster = Cluster.Cluster,
            Image = string.IsNullOrEmpty(tag) ? ApiImageAsset() : ContainerImage.FromEcrRepository(Repository.Repository, tag),
            ContainerPort = 8080,
            DomainName = string.IsNullOrEmpty(domain) ? null : domain,
            HostedZone = zone,
            HealthCheckPath = "/health",
            HealthCheckHealthyHttpCodes = "200",
            // ASP.NET Core writes nothing to disk in this app but may use /tmp; the rest of the filesystem stays read-only.
            WritablePaths = ["/tmp"],
            User = ExampleAlerts.DotnetAppUser,
            AlarmTopic = Alerts.Topic,
            MinTasks = 2,
            MaxTasks = 8,
            TargetCpuUtilizationPercent = 60,
            TargetMemoryUtilizationPercent = 75,
            TargetRequestsPerTask = 600,
            ScheduledScaling =
            [
                new ScheduledScaling { Id = "BusinessHours", Schedule = Schedule.Cron(new CronOptions { Minute = "0", Hour = "7", WeekDay = "MON-FRI" }), TimeZone = Amazon.CDK.TimeZone.EUROPE_BERLIN, MinTasks = 3 },
                new ScheduledScaling { Id = "Night", Schedule = Schedule.Cron(new CronOptions { Minute = "0", Hour = "20" }), TimeZone = Amazon.CDK.TimeZone.EUROPE_BERLIN, MinTasks = 2 },
            ],
            RollbackOnAlarm = true,
        });
        if (zone is null)
        {
            // Said here instead, so that `cdk synth --strict` passes: without the domain context values the reference
            // stack is for trying the service out, and its Url output starts with http://.
            Annotations.Of(Web).AcknowledgeWarning(LoadBalancedWebService.HttpOnlyWarningId, "The reference stack serves plain HTTP until apiDomainName, hostedZoneId and hostedZoneName are given as context values.");
        }

        _ = new CfnOutput(this, "Url", new CfnOutputProps { Value = Web.Url, Description = "The API's URL (HTTPS when apiDomainName, hostedZoneId and hostedZoneName are given)" });
        _ = new CfnOutput(this, "ImageRepositoryUri", new CfnOutputProps { Value = Repository.Repository.RepositoryUri, Description = "Where CI pushes release images of the API" });
    }

    /// <summary>The network.</summary>
    public ContainerNetwork Network { get; }

    /// <summary>The cluster.</summary>
    public ContainerCluster Cluster { get; }

    /// <summary>The repository CI pushes release images of the API to.</summary>
    public ContainerRepository Repository { get; }

    /// <summary>The alerts on failed tasks; the service's alarms notify the same topic.</summary>
    public TaskFailureAlerts Alerts { get; }

    /// <summary>The web service.</summary>
    public LoadBalancedWebService Web { get; }

    private AssetImage ApiImageAsset()
    {
        var registry = Node.TryGetContext(DotnetRegistryContext) as string;
        return ContainerImage.FromAsset(ExampleFolders.Find(ApiFolder), new AssetImageProps
        {
            Platform = Platform_.LINUX_ARM64,
            BuildArgs = string.IsNullOrEmpty(registry) ? null : new Dictionary<string, string> { ["DOTNET_REGISTRY"] = registry },
            // Build output of local runs must not change the asset hash (and with it the task definition).
            Exclude = ["bin", "obj", "**/bin", "**/obj"],
        });
    }
}
