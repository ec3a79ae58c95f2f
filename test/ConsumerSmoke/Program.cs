using System.Text.Json;
using Amazon.CDK;
using ContainerPatterns.Compliance;
using ContainerPatterns.Ecr;
using ContainerPatterns.Ecs;
using ContainerPatterns.Kubernetes;
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

// A stack with a concrete account and region (rendered ARNs differ, so nag suppressions must match them), ECS Exec on,
// and a service on a cluster the user built with plain CDK in a VPC that has only isolated subnets for tasks.
var regional = new Stack(app, "ConsumerRegionalStack", new StackProps { Env = new Amazon.CDK.Environment { Account = "123456789012", Region = "eu-west-1" } });
var regionalNetwork = new ContainerNetwork(regional, "Network", new ContainerNetworkProps { InterfaceEndpoints = ContainerEndpoints.All });
var regionalCluster = new ContainerCluster(regional, "Cluster", new ContainerClusterProps { Vpc = regionalNetwork.Vpc, ExecuteCommand = true });
_ = new LoadBalancedWebService(regional, "Web", new LoadBalancedWebServiceProps
{
    Cluster = regionalCluster.Cluster,
    Image = Amazon.CDK.AWS.ECS.ContainerImage.FromRegistry("public.ecr.aws/docker/library/nginx:stable"),
    ExecuteCommand = true,
    ReadOnlyRootFilesystem = false,
    CpuArchitecture = TaskCpuArchitecture.X64,
    SpotWeight = 1,
});
var plainVpc = new Amazon.CDK.AWS.EC2.Vpc(regional, "PlainVpc", new Amazon.CDK.AWS.EC2.VpcProps
{
    MaxAzs = 2,
    NatGateways = 0,
    SubnetConfiguration =
    [
        new Amazon.CDK.AWS.EC2.SubnetConfiguration { Name = "Edge", SubnetType = Amazon.CDK.AWS.EC2.SubnetType.PUBLIC },
        new Amazon.CDK.AWS.EC2.SubnetConfiguration { Name = "Apps", SubnetType = Amazon.CDK.AWS.EC2.SubnetType.PRIVATE_ISOLATED },
    ],
    FlowLogs = new Dictionary<string, Amazon.CDK.AWS.EC2.IFlowLogOptions> { ["Flow"] = new Amazon.CDK.AWS.EC2.FlowLogOptions() },
});
var plainCluster = new Amazon.CDK.AWS.ECS.Cluster(regional, "PlainCluster", new Amazon.CDK.AWS.ECS.ClusterProps { Vpc = plainVpc, EnableFargateCapacityProviders = true, ContainerInsights = true });
_ = new LoadBalancedWebService(regional, "PlainWeb", new LoadBalancedWebServiceProps
{
    Cluster = plainCluster,
    Image = Amazon.CDK.AWS.ECS.ContainerImage.FromRegistry("public.ecr.aws/docker/library/nginx:stable"),
    TaskSubnets = new Amazon.CDK.AWS.EC2.SubnetSelection { SubnetType = Amazon.CDK.AWS.EC2.SubnetType.PRIVATE_ISOLATED },
});
var worker = new QueueWorkerService(stack, "Worker", new QueueWorkerServiceProps
{
    Cluster = cluster.Cluster,
    Image = Amazon.CDK.AWS.ECS.ContainerImage.FromEcrRepository(images.Repository, "worker-v1"),
    AverageProcessingTime = Duration.Seconds(5),
    CpuArchitecture = TaskCpuArchitecture.X64,
    SpotWeight = 2,
});
// Kubernetes, in a stack of its own: the kubectl layer comes from the companion package ContainerPatterns.KubectlV36.
var k8sStack = new Stack(app, "ConsumerKubernetes");
var k8s = new KubernetesCluster(k8sStack, "Cluster", new KubernetesClusterProps
{
    Vpc = new ContainerNetwork(k8sStack, "Network").Vpc,
    NodePools = [new AutoModeNodePool { Name = "arm", CpuLimit = 16 }],
});
var k8sReader = k8s.AddPodIdentity("Reader", new KubernetesServiceAccountOptions { Name = "reader" });
k8s.AddIrsaServiceAccount("Legacy", new KubernetesServiceAccountOptions { Name = "legacy" });
// Self-managed Karpenter and the load balancer controller on a cluster without Auto Mode, in a stack of their own.
var karpenterStack = new Stack(app, "ConsumerKarpenter");
var selfManaged = new KubernetesCluster(karpenterStack, "Cluster", new KubernetesClusterProps
{
    Vpc = new ContainerNetwork(karpenterStack, "Network").Vpc,
    Compute = KubernetesCompute.None,
});
var karpenter = new Karpenter(karpenterStack, "Karpenter", new KarpenterProps { Cluster = selfManaged });
var loadBalancers = new AwsLoadBalancerController(karpenterStack, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = selfManaged, Identity = ServiceAccountIdentity.Irsa });
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
    ["AWS::ECS::Service"] = 2,
    ["AWS::ApplicationAutoScaling::ScalingPolicy"] = 3,
    ["AWS::ElasticLoadBalancingV2::LoadBalancer"] = 1,
    ["AWS::ApplicationAutoScaling::ScalableTarget"] = 2,
    ["AWS::ECR::RegistryScanningConfiguration"] = 1,
    ["AWS::ECR::PullThroughCacheRule"] = 1,
    ["AWS::Events::Rule"] = 3,
    ["AWS::Scheduler::Schedule"] = 1,
    ["AWS::SNS::Topic"] = 1,
    ["AWS::SQS::Queue"] = 5, // the worker's queue and dead-letter queue, and the dead-letter queues of the two tasks and the alerts
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

if (worker.DeadLetterQueue is null || worker.ScaleFromZeroAlarm is null || worker.BacklogPerTaskTarget != 60)
{
    wrong.Add("QueueWorkerService did not expose its dead-letter queue, scale-from-zero alarm and a backlog target of 60 (5 minutes / 5 seconds)");
}

using (var k8sTemplate = JsonDocument.Parse(File.ReadAllText(Path.Combine(outdir, "ConsumerKubernetes.template.json"))))
{
    var k8sResources = k8sTemplate.RootElement.GetProperty("Resources").EnumerateObject().ToList();
    foreach (var (type, count) in new[] { ("AWS::EKS::Cluster", 1), ("AWS::EKS::AccessEntry", 1), ("AWS::EKS::PodIdentityAssociation", 1), ("AWS::IAM::OIDCProvider", 1), ("AWS::CloudFormation::Stack", 1), ("AWS::Lambda::LayerVersion", 1), ("Custom::AWSCDK-EKS-KubernetesResource", 3) })
    {
        var got = k8sResources.Count(r => r.Value.GetProperty("Type").GetString() == type);
        if (got != count)
        {
            wrong.Add($"ConsumerKubernetes {type}: expected {count}, got {got}");
        }
    }

    // The shipped kubectl layer must resolve to a staged asset holding kubectl and Helm.
    var layer = k8sResources.Single(r => r.Value.GetProperty("Type").GetString() == "AWS::Lambda::LayerVersion");
    var layerZip = Path.Combine(outdir, "asset." + layer.Value.GetProperty("Properties").GetProperty("Content").GetProperty("S3Key").GetString());
    using var zip = File.Exists(layerZip) ? System.IO.Compression.ZipFile.OpenRead(layerZip) : null;
    if (zip is null || !zip.Entries.Any(e => e.FullName == "kubectl/kubectl") || !zip.Entries.Any(e => e.FullName == "helm/helm"))
    {
        wrong.Add($"the kubectl layer asset {layerZip} is missing or holds no kubectl/kubectl and helm/helm");
    }

    if (k8sReader.GrantPrincipal is null || k8s.KubectlRole is null)
    {
        wrong.Add("KubernetesCluster did not expose the Pod Identity principal or the kubectl role");
    }
}

using (var karpenterTemplate = JsonDocument.Parse(File.ReadAllText(Path.Combine(outdir, "ConsumerKarpenter.template.json"))))
{
    var karpenterResources = karpenterTemplate.RootElement.GetProperty("Resources").EnumerateObject().ToList();
    foreach (var (type, count) in new[] { ("AWS::EKS::Nodegroup", 1), ("AWS::EKS::AccessEntry", 2), ("AWS::SQS::Queue", 1), ("AWS::Events::Rule", 5), ("AWS::EKS::PodIdentityAssociation", 1), ("AWS::IAM::OIDCProvider", 1), ("Custom::AWSCDK-EKS-HelmChart", 3), ("Custom::AWSCDK-EKS-KubernetesResource", 2) })
    {
        var got = karpenterResources.Count(r => r.Value.GetProperty("Type").GetString() == type);
        if (got != count)
        {
            wrong.Add($"ConsumerKarpenter {type}: expected {count}, got {got}");
        }
    }

    if (karpenter.Version != "1.14.1" || karpenter.NodePools.Count != 1 || loadBalancers.Chart is null)
    {
        wrong.Add("Karpenter did not install 1.14.1 with its default node pool, or the load balancer controller exposed no chart");
    }
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
