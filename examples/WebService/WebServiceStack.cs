using Amazon.CDK;
using Amazon.CDK.AWS.Ecr.Assets;
using Amazon.CDK.AWS.ECS;
using ContainerPatterns.Ecs;
using ContainerPatterns.Networking;
using Constructs;

namespace ContainerPatterns.Examples;

/// <summary>
/// A web API on Fargate: the ASP.NET Core minimal API in <c>Api/</c>, built from its Dockerfile as an ARM64 image
/// asset, behind an internet-facing Application Load Balancer with access logs and alarms, scaling on CPU,
/// memory and requests per task, with a smaller floor at night.
/// </summary>
public sealed class WebServiceStack : Stack
{
    /// <summary>The stack's name in the CDK app.</summary>
    public const string Name = "ContainerPatterns-WebService";

    /// <summary>The stack's description.</summary>
    public const string Description = "ContainerPatterns reference: ASP.NET Core API on Fargate behind an ALB";

    // The API project, relative to the repository root.
    private const string ApiFolder = "examples/WebService/Api";

    /// <summary>Builds the stack.</summary>
    public WebServiceStack(Construct scope, string id, IStackProps? props = null)
        : base(scope, id, props)
    {
        Network = new ContainerNetwork(this, "Network");
        Cluster = new ContainerCluster(this, "Cluster", new ContainerClusterProps { Vpc = Network.Vpc });
        Web = new LoadBalancedWebService(this, "Api", new LoadBalancedWebServiceProps
        {
            Cluster = Cluster,
            Image = ContainerImage.FromAsset(FindApiFolder(), new AssetImageProps
            {
                Platform = Platform_.LINUX_ARM64,
                // Build output of local runs must not change the asset hash (and with it the task definition).
                Exclude = ["bin", "obj", "**/bin", "**/obj"],
            }),
            ContainerPort = 8080,
            HealthCheckPath = "/health",
            HealthCheckHealthyHttpCodes = "200",
            // ASP.NET Core writes nothing to disk in this app but may use /tmp; the rest of the filesystem stays read-only.
            WritablePaths = ["/tmp"],
            MinTasks = 2,
            MaxTasks = 8,
            TargetCpuUtilizationPercent = 60,
            TargetMemoryUtilizationPercent = 75,
            TargetRequestsPerTask = 600,
            ScheduledScaling =
            [
                new ScheduledScaling { Id = "BusinessHours", Cron = "0 7 ? * MON-FRI *", TimeZone = "Europe/Berlin", MinTasks = 3 },
                new ScheduledScaling { Id = "Night", Cron = "0 20 * * ? *", TimeZone = "Europe/Berlin", MinTasks = 2 },
            ],
            RollbackOnAlarm = true,
        });
        _ = new CfnOutput(this, "Url", new CfnOutputProps { Value = Web.Url, Description = "The API's URL (plain HTTP until a certificate or domain is given)" });
    }

    /// <summary>The network.</summary>
    public ContainerNetwork Network { get; }

    /// <summary>The cluster.</summary>
    public ContainerCluster Cluster { get; }

    /// <summary>The web service.</summary>
    public LoadBalancedWebService Web { get; }

    // The CDK CLI runs the app from the repository root, the tests from their bin folder: look upwards from both.
    private static string FindApiFolder()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ApiFolder);
                if (File.Exists(Path.Combine(candidate, "Dockerfile")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException($"{ApiFolder}/Dockerfile not found above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}.");
    }
}
