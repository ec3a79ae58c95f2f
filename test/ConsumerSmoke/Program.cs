using System.Text.Json;
using Amazon.CDK;
using ContainerPatterns.Compliance;
using ContainerPatterns.Ecr;
using ContainerPatterns.Ecs;
using ContainerPatterns.Events;
using ContainerPatterns.Networking;

// A user's own CDK app: builds a stack from the package alone, synthesizes it, and checks the result.
var outdir = args.Length > 0 ? args[0] : "cdk.out";
var app = new App(new AppProps { Outdir = outdir });
SupportedLambdaRuntimes.ApplyTo(app);
var stack = new Stack(app, "ConsumerStack");
var network = new ContainerNetwork(stack, "Network", new ContainerNetworkProps { NatGateways = 2 });
var cluster = new ContainerCluster(stack, "Cluster", new ContainerClusterProps { Vpc = network.Vpc, ExecuteCommand = true });
var images = new ContainerRepository(stack, "Images", new ContainerRepositoryProps { Retention = new ImageRetention { MaxImageCount = 50 } });
var registry = new ContainerRegistrySettings(stack, "Registry", new ContainerRegistrySettingsProps
{
    Scanning = new RegistryScanning { Type = RegistryScanType.Basic },
    PullThroughCaches = [new PullThroughCache { Upstream = UpstreamRegistry.EcrPublic }],
});
var web = new LoadBalancedWebService(stack, "Web", new LoadBalancedWebServiceProps
{
    Cluster = cluster.Cluster,
    Image = Amazon.CDK.AWS.ECS.ContainerImage.FromEcrRepository(images.Repository, "v1"),
    ExecuteCommand = true,
    ReadOnlyRootFilesystem = false,
});
var processor = new EventTriggeredTask(stack, "Processor", new EventTriggeredTaskProps
{
    Cluster = cluster.Cluster,
    Image = Amazon.CDK.AWS.ECS.ContainerImage.FromEcrRepository(images.Repository, "v1"),
    ObjectCreated = new ObjectCreatedTrigger
    {
        Bucket = Amazon.CDK.AWS.S3.Bucket.FromBucketName(stack, "Uploads", "consumer-uploads"),
        Prefix = "incoming/",
        EventBridgeEnabled = true,
    },
});
var report = new ScheduledTask(stack, "Report", new ScheduledTaskProps
{
    Cluster = cluster.Cluster,
    Image = Amazon.CDK.AWS.ECS.ContainerImage.FromEcrRepository(images.Repository, "v1"),
    Schedule = Amazon.CDK.AWS.Events.Schedule.Cron(new Amazon.CDK.AWS.Events.CronOptions { Minute = "0", Hour = "6" }),
    TimeZone = Amazon.CDK.TimeZone.EUROPE_BERLIN,
    CpuArchitecture = TaskCpuArchitecture.X64,
    SpotWeight = 1,
});
var alerts = new TaskFailureAlerts(stack, "Alerts", new TaskFailureAlertsProps
{
    Cluster = cluster.Cluster,
    Services = [web.Service],
    TaskGroups = [processor.TaskGroup, report.TaskGroup],
    EmailAddresses = ["ops@example.com"],
});
app.Synth();

using var template = JsonDocument.Parse(File.ReadAllText(Path.Combine(outdir, "ConsumerStack.template.json")));
var types = template.RootElement.GetProperty("Resources").EnumerateObject()
    .Select(r => r.Value.GetProperty("Type").GetString())
    .GroupBy(t => t)
    .ToDictionary(g => g.Key!, g => g.Count());
var expected = new Dictionary<string, int>
{
    ["AWS::EC2::VPC"] = 1,
    ["AWS::EC2::NatGateway"] = 2,
    ["AWS::EC2::FlowLog"] = 1,
    ["AWS::ECS::Cluster"] = 1,
    ["AWS::ECS::ClusterCapacityProviderAssociations"] = 1,
    ["AWS::KMS::Key"] = 2, // the cluster's ECS Exec key and the alert topic's key
    ["AWS::ECR::Repository"] = 1,
    ["AWS::ECS::Service"] = 1,
    ["AWS::ElasticLoadBalancingV2::LoadBalancer"] = 1,
    ["AWS::ApplicationAutoScaling::ScalableTarget"] = 1,
    ["AWS::ECR::RegistryScanningConfiguration"] = 1,
    ["AWS::ECR::PullThroughCacheRule"] = 1,
    ["AWS::Events::Rule"] = 3,
    ["AWS::Scheduler::Schedule"] = 1,
    ["AWS::SNS::Topic"] = 1,
    ["AWS::SQS::Queue"] = 3,
};
var wrong = expected.Where(e => types.GetValueOrDefault(e.Key) != e.Value)
    .Select(e => $"{e.Key}: expected {e.Value}, got {types.GetValueOrDefault(e.Key)}")
    .ToList();
if (!cluster.ExecuteCommandEnabled)
{
    wrong.Add("ContainerCluster.ExecuteCommandEnabled is false");
}

if (images.EncryptionKey is not null)
{
    wrong.Add("ContainerRepository.EncryptionKey is set, but no key was given (AES256 expected)");
}

if (registry.PullThroughCacheRules.Count != 1 || registry.ScanningConfiguration is null)
{
    wrong.Add("ContainerRegistrySettings did not expose its scanning configuration and one pull-through cache rule");
}

if (alerts.DeploymentFailedRule is null || processor.DeadLetterQueueAlarm is null || report.Schedule is null)
{
    wrong.Add("the event constructs did not expose their deployment rule, dead-letter queue alarm and schedule");
}

if (wrong.Count > 0)
{
    Console.Error.WriteLine("consumer smoke test FAILED: " + string.Join("; ", wrong));
    return 1;
}

Console.WriteLine($"consumer smoke test: ConsumerStack synthesized from the package, {types.Values.Sum()} resources, expected ones present");
return 0;
