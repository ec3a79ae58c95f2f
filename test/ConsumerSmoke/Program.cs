using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Route53;
using ContainerPatterns.Compliance;
using ContainerPatterns.Ecr;
using ContainerPatterns.Ecs;
using ContainerPatterns.Events;
using ContainerPatterns.Kubernetes;
using ContainerPatterns.Networking;

// A user's own CDK app on the packed package alone: builds every public construct in two stacks (one
// environment-agnostic, one with a concrete account and region, taking every option that binds a CDK member
// whose signature differs between Amazon.CDK.Lib versions), synthesizes them, and checks the result.
// Usage: ConsumerSmoke <outdir> [minimum Amazon.JSII.Runtime version]
var outdir = args.Length > 0 ? args[0] : "cdk.out";
var minimumJsii = Version.Parse(args.Length > 1 ? args[1] : "1.142.0");
var app = new App(new AppProps { Outdir = outdir });
var runtimes = SupportedLambdaRuntimes.ApplyTo(app);

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
var worker = new QueueWorkerService(stack, "Worker", new QueueWorkerServiceProps
{
    Cluster = cluster.Cluster,
    Image = Amazon.CDK.AWS.ECS.ContainerImage.FromEcrRepository(images.Repository, "worker-v1"),
    AverageProcessingTime = Duration.Seconds(5),
    // ARM64 (the default) on Fargate Spot.
    SpotWeight = 2,
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
    SpotWeight = 1,
    ScheduledTimeVariable = "SCHEDULED_TIME",
});
var alerts = new TaskFailureAlerts(stack, "Alerts", new TaskFailureAlertsProps
{
    Cluster = cluster.Cluster,
    Services = [web.Service],
    TaskGroups = [processor.TaskGroup, report.TaskGroup],
    EmailAddresses = ["ops@example.com"],
});

// A concrete environment (rendered ARNs differ, so nag suppressions must match them): HTTPS from a domain
// (certificate, alias record), WAF, ECS Exec and a Spot share on the service, a repository encrypted with a KMS key,
// and a service on a cluster the user built with plain CDK in a VPC that has only isolated subnets for tasks.
var envStack = new Stack(app, "ConsumerEnvStack", new StackProps
{
    Env = new Amazon.CDK.Environment { Account = "123456789012", Region = "eu-west-1" },
});
var envNetwork = new ContainerNetwork(envStack, "Network", new ContainerNetworkProps());
var envCluster = new ContainerCluster(envStack, "Cluster", new ContainerClusterProps { Vpc = envNetwork.Vpc, ExecuteCommand = true });
var key = new Key(envStack, "ImagesKey", new KeyProps { EnableKeyRotation = true });
var envImages = new ContainerRepository(envStack, "Images", new ContainerRepositoryProps { EncryptionKey = key });
var zone = HostedZone.FromHostedZoneAttributes(envStack, "Zone", new HostedZoneAttributes { HostedZoneId = "Z0123456789ABCDEFGHIJ", ZoneName = "example.com" });
var envWeb = new LoadBalancedWebService(envStack, "Web", new LoadBalancedWebServiceProps
{
    Cluster = envCluster.Cluster,
    Image = Amazon.CDK.AWS.ECS.ContainerImage.FromEcrRepository(envImages.Repository, "v1"),
    DomainName = "api.example.com",
    HostedZone = zone,
    WebAclArn = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/0123abcd-0000-0000-0000-000000000000",
    ExecuteCommand = true,
    ReadOnlyRootFilesystem = false,
    CpuArchitecture = TaskCpuArchitecture.Amd64,
    SpotWeight = 1,
});
// The worker and the event constructs in the concrete environment too.
_ = new QueueWorkerService(envStack, "Worker", new QueueWorkerServiceProps
{
    Cluster = envCluster.Cluster,
    Image = Amazon.CDK.AWS.ECS.ContainerImage.FromEcrRepository(envImages.Repository, "worker-v1"),
    AverageProcessingTime = Duration.Seconds(5),
});
var envProcessor = new EventTriggeredTask(envStack, "Processor", new EventTriggeredTaskProps
{
    Cluster = envCluster.Cluster,
    Image = Amazon.CDK.AWS.ECS.ContainerImage.FromEcrRepository(envImages.Repository, "v1"),
    ObjectCreated = new ObjectCreatedTrigger { Bucket = Amazon.CDK.AWS.S3.Bucket.FromBucketName(envStack, "Uploads", "consumer-uploads"), EventBridgeEnabled = true },
});
var envReport = new ScheduledTask(envStack, "Report", new ScheduledTaskProps
{
    Cluster = envCluster.Cluster,
    Image = Amazon.CDK.AWS.ECS.ContainerImage.FromEcrRepository(envImages.Repository, "v1"),
    Schedule = Amazon.CDK.AWS.Events.Schedule.Rate(Duration.Hours(1)),
});
_ = new TaskFailureAlerts(envStack, "Alerts", new TaskFailureAlertsProps
{
    Cluster = envCluster.Cluster,
    TaskGroups = [envProcessor.TaskGroup, envReport.TaskGroup],
    EmailAddresses = ["ops@example.com"],
});
var plainVpc = new Amazon.CDK.AWS.EC2.Vpc(envStack, "PlainVpc", new Amazon.CDK.AWS.EC2.VpcProps
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
var plainCluster = new Amazon.CDK.AWS.ECS.Cluster(envStack, "PlainCluster", new Amazon.CDK.AWS.ECS.ClusterProps { Vpc = plainVpc, EnableFargateCapacityProviders = true });
// Container Insights through the L1 setting: the L2 prop is obsolete in newer Amazon.CDK.Lib versions (warnings are errors here).
((Amazon.CDK.AWS.ECS.CfnCluster)plainCluster.Node.DefaultChild!).ClusterSettings = new[] { new Amazon.CDK.AWS.ECS.CfnCluster.ClusterSettingsProperty { Name = "containerInsights", Value = "enabled" } };
_ = new LoadBalancedWebService(envStack, "PlainWeb", new LoadBalancedWebServiceProps
{
    Cluster = plainCluster,
    Image = Amazon.CDK.AWS.ECS.ContainerImage.FromRegistry("public.ecr.aws/docker/library/nginx:stable"),
    TaskSubnets = new Amazon.CDK.AWS.EC2.SubnetSelection { SubnetType = Amazon.CDK.AWS.EC2.SubnetType.PRIVATE_ISOLATED },
});

// Kubernetes, in a stack of its own: the kubectl layer comes from the companion package ContainerPatterns.KubectlV36.
// A concrete account and region, like the env stack: ARNs and nag findings render with literal values there.
var ireland = new Amazon.CDK.Environment { Account = "123456789012", Region = "eu-west-1" };
var k8sStack = new Stack(app, "ConsumerKubernetes", new StackProps { Env = ireland });
var k8s = new KubernetesCluster(k8sStack, "Cluster", new KubernetesClusterProps
{
    Vpc = new ContainerNetwork(k8sStack, "Network").Vpc,
    NodePools = [new AutoModeNodePool { Name = "arm", CpuLimit = 16 }],
});
var k8sReader = k8s.AddPodIdentity("Reader", new KubernetesServiceAccountOptions { Name = "reader" });
k8s.AddIrsaServiceAccount("Legacy", new KubernetesServiceAccountOptions { Name = "legacy" });
// Issue 16's shapes: number, size and duration tokens in a node pool (written as tokens), labels with a prefix, a
// service account named as a DNS subdomain with a role of its own that trusts Pod Identity, and a Helm version range.
var poolSize = new CfnParameter(k8sStack, "PoolSize", new CfnParameterProps { Type = "Number", Default = 8 }).ValueAsNumber;
k8s.AddNodePool(new AutoModeNodePool
{
    Name = "tokens",
    MinInstanceGeneration = poolSize,
    MaxDisruptedNodesPercent = poolSize,
    MemoryLimit = Size.Gibibytes(poolSize),
    ConsolidateAfter = Duration.Minutes(poolSize),
    Labels = new Dictionary<string, string> { ["example.com/tier"] = "batch" },
});
var webRole = new Amazon.CDK.AWS.IAM.Role(k8sStack, "WebRole", new Amazon.CDK.AWS.IAM.RoleProps
{
    AssumedBy = new Amazon.CDK.AWS.IAM.ServicePrincipal("pods.eks.amazonaws.com").WithSessionTags(),
});
k8s.AddHelmChart("Metrics", new Amazon.CDK.AWS.EKS.HelmChartOptions { Chart = "oci://registry.example/charts/metrics", Version = "~1.2", Namespace = "monitoring" });
_ = new PodIdentityServiceAccount(k8sStack, "WebReader", new PodIdentityServiceAccountProps { Cluster = k8s, Name = "web.reader", Namespace = "web", Role = webRole });

// Self-managed Karpenter and the load balancer controller on a cluster without Auto Mode, in a stack of their own.
var karpenterStack = new Stack(app, "ConsumerKarpenter", new StackProps { Env = ireland });
var selfManaged = new KubernetesCluster(karpenterStack, "Cluster", new KubernetesClusterProps
{
    Vpc = new ContainerNetwork(karpenterStack, "Network").Vpc,
    Compute = KubernetesCompute.None,
});
var karpenter = new Karpenter(karpenterStack, "Karpenter", new KarpenterProps { Cluster = selfManaged });
karpenter.AddNodePool(new KarpenterNodePool { Name = "x86", Architectures = [NodeArchitecture.Amd64], Labels = new Dictionary<string, string> { ["example.com/arch"] = "x86" } });
var loadBalancers = new AwsLoadBalancerController(karpenterStack, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = selfManaged, Identity = ServiceAccountIdentity.Irsa });

// The same controllers and both service accounts on a cluster defined elsewhere (another app, Terraform, the console).
var importedStack = new Stack(app, "ConsumerImportedCluster", new StackProps { Env = ireland });
var importedVpc = Amazon.CDK.AWS.EC2.Vpc.FromVpcAttributes(importedStack, "Vpc", new Amazon.CDK.AWS.EC2.VpcAttributes
{
    VpcId = "vpc-0123456789abcdef0",
    AvailabilityZones = ["eu-west-1a", "eu-west-1b"],
    PrivateSubnetIds = ["subnet-00000000000000003", "subnet-00000000000000004"],
});
var imported = KubernetesCluster.FromClusterAttributes(importedStack, "Platform", new KubernetesClusterAttributes
{
    ClusterName = "platform",
    Vpc = importedVpc,
    Version = Amazon.CDK.AWS.EKS.KubernetesVersion.Of("1.35"),
    Compute = KubernetesCompute.None,
    ClusterSecurityGroupId = "sg-0123456789abcdef0",
    OpenIdConnectProviderArn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE",
    OpenIdConnectIssuerUrl = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE",
    PodIdentityAgent = true,
});
var importedKarpenter = new Karpenter(importedStack, "Karpenter", new KarpenterProps { Cluster = imported, AmiFamily = KarpenterAmiFamily.Bottlerocket });
var importedLoadBalancers = new AwsLoadBalancerController(importedStack, "LoadBalancers", new AwsLoadBalancerControllerProps
{
    Cluster = imported,
    Values = new Dictionary<string, object> { ["replicaCount"] = 3 },
});
var importedReader = new PodIdentityServiceAccount(importedStack, "Reader", new PodIdentityServiceAccountProps { Cluster = imported, Name = "reader" });
var importedLegacy = new IrsaServiceAccount(importedStack, "Legacy", new IrsaServiceAccountProps { Cluster = imported, Name = "legacy" });
app.Synth();

var wrong = new List<string>();
var agnostic = Template(outdir, "ConsumerStack");
var concrete = Template(outdir, "ConsumerEnvStack");
var kubernetes = Template(outdir, "ConsumerKubernetes");
var karpenterTemplate = Template(outdir, "ConsumerKarpenter");
var importedTemplate = Template(outdir, "ConsumerImportedCluster");
Expect(wrong, "ConsumerStack", agnostic, new()
{
    ["AWS::EC2::VPC"] = 1,
    ["AWS::EC2::NatGateway"] = 2,
    ["AWS::EC2::FlowLog"] = 1,
    ["AWS::ECS::Cluster"] = 1,
    ["AWS::ECS::ClusterCapacityProviderAssociations"] = 1,
    ["AWS::KMS::Key"] = 2, // the cluster's ECS Exec key and the alert topic's key
    ["AWS::ECR::Repository"] = 1,
    ["AWS::ECS::Service"] = 2,
    ["AWS::ElasticLoadBalancingV2::LoadBalancer"] = 1,
    ["AWS::ApplicationAutoScaling::ScalableTarget"] = 2,
    ["AWS::ApplicationAutoScaling::ScalingPolicy"] = 3,
    ["AWS::ECR::RegistryScanningConfiguration"] = 1,
    ["AWS::ECR::PullThroughCacheRule"] = 1,
    ["AWS::Events::Rule"] = 4, // the processor's, and the alerts' on stopped tasks, failed deployments and RunTask calls that started no task
    ["AWS::Scheduler::Schedule"] = 1,
    ["AWS::SNS::Topic"] = 1,
    ["AWS::SQS::Queue"] = 5, // the worker's queue and dead-letter queue, and the dead-letter queues of the two tasks and the alerts
});
Expect(wrong, "ConsumerEnvStack", concrete, new()
{
    ["AWS::EC2::FlowLog"] = 2,
    ["AWS::KMS::Key"] = 3, // the cluster's ECS Exec key, the repository's key and the alert topic's key
    ["AWS::ECR::Repository"] = 1,
    ["AWS::CertificateManager::Certificate"] = 1,
    ["AWS::Route53::RecordSet"] = 1,
    ["AWS::WAFv2::WebACLAssociation"] = 1,
    ["AWS::ECS::Service"] = 3,
    ["AWS::ECS::ClusterCapacityProviderAssociations"] = 2,
    ["AWS::Events::Rule"] = 3, // the processor's, and the alerts' on stopped tasks and RunTask calls that started no task
    ["AWS::Scheduler::Schedule"] = 1,
    ["AWS::SQS::Queue"] = 5,
});
Expect(wrong, "ConsumerKubernetes", kubernetes, new()
{
    ["AWS::EKS::Cluster"] = 1,
    ["AWS::EKS::AccessEntry"] = 1,
    ["AWS::EKS::PodIdentityAssociation"] = 2,
    ["AWS::IAM::OIDCProvider"] = 1,
    ["AWS::CloudFormation::Stack"] = 1,
    ["AWS::Lambda::LayerVersion"] = 1,
    ["Custom::AWSCDK-EKS-HelmChart"] = 1,
    ["Custom::AWSCDK-EKS-KubernetesResource"] = 5, // two node pools, three service accounts
});
Expect(wrong, "ConsumerKarpenter", karpenterTemplate, new()
{
    ["AWS::EKS::Nodegroup"] = 1,
    ["AWS::EKS::AccessEntry"] = 2,
    ["AWS::SQS::Queue"] = 2, // the interruption queue and its dead-letter queue
    ["AWS::Events::Rule"] = 5,
    ["AWS::EKS::PodIdentityAssociation"] = 1,
    ["AWS::IAM::OIDCProvider"] = 1,
    ["Custom::AWSCDK-EKS-HelmChart"] = 3,
    ["Custom::AWSCDK-EKS-KubernetesResource"] = 3, // the node class and two node pools
});
Expect(wrong, "ConsumerImportedCluster", importedTemplate, new()
{
    ["AWS::EKS::Cluster"] = 0,
    ["AWS::EKS::Nodegroup"] = 1,
    ["AWS::EKS::AccessEntry"] = 2, // the kubectl role's and Karpenter's nodes'
    ["AWS::EKS::PodIdentityAssociation"] = 3, // Karpenter, the load balancer controller, the reader
    ["AWS::IAM::OIDCProvider"] = 0, // the imported cluster's own is trusted
    ["AWS::CloudFormation::Stack"] = 1,
    ["Custom::AWSCDK-EKS-HelmChart"] = 3,
    ["Custom::AWSCDK-EKS-KubernetesResource"] = 4, // the node class, the default node pool, both service accounts
});

// Each value below is written through a CDK member whose signature differs between Amazon.CDK.Lib versions:
// an empty one means the binding silently dropped it.
foreach (var (name, template) in new[] { ("ConsumerStack", agnostic), ("ConsumerEnvStack", concrete) })
{
    Present(wrong, name, template, "AWS::EC2::FlowLog", "LogGroupName");
    Present(wrong, name, template, "AWS::ECS::Cluster", "Configuration.ExecuteCommandConfiguration.LogConfiguration.CloudWatchLogGroupName");
    Present(wrong, name, template, "AWS::ECS::TaskDefinition", "ContainerDefinitions.0.LogConfiguration.Options.awslogs-group");
    if (!Resources(template, "AWS::Logs::LogGroup").Any(g => Find(g, "Properties.KmsKeyId") is not null))
    {
        wrong.Add($"{name}: no log group is encrypted with a KMS key (the ECS Exec audit log group should be)");
    }

    foreach (var function in Resources(template, "AWS::Lambda::Function"))
    {
        if (Find(function, "Properties.Runtime") is { ValueKind: JsonValueKind.String } runtime
            && runtime.GetString() is { } r && r != runtimes.NodeRuntime && r != runtimes.PythonRuntime)
        {
            wrong.Add($"{name}: a Lambda function runs {r}, so the SupportedLambdaRuntimes aspect did not run");
        }
    }
}

Present(wrong, "ConsumerEnvStack", concrete, "AWS::ECR::Repository", "EncryptionConfiguration.KmsKey");
Present(wrong, "ConsumerEnvStack", concrete, "AWS::ElasticLoadBalancingV2::Listener", "Certificates.0.CertificateArn");
Present(wrong, "ConsumerEnvStack", concrete, "AWS::Route53::RecordSet", "AliasTarget.DNSName");
Present(wrong, "ConsumerEnvStack", concrete, "AWS::WAFv2::WebACLAssociation", "ResourceArn");
if (!cluster.ExecuteCommandEnabled || !envCluster.ExecuteCommandEnabled)
{
    wrong.Add("ContainerCluster.ExecuteCommandEnabled is false");
}

if (images.EncryptionKey is not null || envImages.EncryptionKey is null)
{
    wrong.Add("ContainerRepository.EncryptionKey does not reflect the key given (none for Images, a key for the env stack's Images)");
}

if (registry.PullThroughCacheRules.Count != 1 || registry.ScanningConfiguration is null)
{
    wrong.Add("ContainerRegistrySettings did not expose its scanning configuration and one pull-through cache rule");
}

if (worker.DeadLetterQueue is null || worker.ScaleFromZeroAlarm is null || worker.BacklogPerTaskTarget != 60)
{
    wrong.Add("QueueWorkerService did not expose its dead-letter queue, scale-from-zero alarm and a backlog target of 60 (5 minutes / 5 seconds)");
}

if (alerts.DeploymentFailedRule is null || alerts.RunTaskFailedRule is null || processor.DeadLetterQueueAlarm is null || report.Schedule is null)
{
    wrong.Add("the event constructs did not expose their deployment rule, RunTask rule, dead-letter queue alarm and schedule");
}

// ARM64 tasks on Fargate Spot (the worker, the scheduled report), and the scheduled time in the report's input.
Present(wrong, "ConsumerStack", agnostic, "AWS::Scheduler::Schedule", "Target.Input");
var spotArm64 = Resources(agnostic, "AWS::ECS::TaskDefinition").Count(t => Find(t, "Properties.RuntimePlatform.CpuArchitecture")?.GetString() == "ARM64");
if (spotArm64 < 4 || !Resources(agnostic, "AWS::ECS::Service").Any(svc => Find(svc, "Properties.CapacityProviderStrategy.1.CapacityProvider")?.GetString() == "FARGATE_SPOT"))
{
    wrong.Add($"ConsumerStack: expected ARM64 task definitions ({spotArm64} found) with a FARGATE_SPOT share on the worker");
}

if (Resources(agnostic, "AWS::Events::Rule").All(r => Find(r, "Properties.EventPattern.detail-type.0")?.GetString() != "AWS API Call via CloudTrail"))
{
    wrong.Add("ConsumerStack: no rule on CloudTrail's RunTask records (TaskFailureAlerts.RunTaskFailures)");
}

// The shipped kubectl layer must resolve to a staged asset holding kubectl and Helm.
var layer = Resources(kubernetes, "AWS::Lambda::LayerVersion").FirstOrDefault();
var layerZip = layer.ValueKind == JsonValueKind.Object && Find(layer, "Properties.Content.S3Key") is { } s3Key
    ? Path.Combine(outdir, "asset." + s3Key.GetString())
    : string.Empty;
using (var zip = File.Exists(layerZip) ? System.IO.Compression.ZipFile.OpenRead(layerZip) : null)
{
    if (zip is null || !zip.Entries.Any(e => e.FullName == "kubectl/kubectl") || !zip.Entries.Any(e => e.FullName == "helm/helm"))
    {
        wrong.Add($"the kubectl layer asset '{layerZip}' is missing or holds no kubectl/kubectl and helm/helm");
    }
}

if (karpenter.Version != "1.14.1" || karpenter.NodePools.Count != 2 || loadBalancers.Chart is null)
{
    wrong.Add("Karpenter did not install 1.14.1 with its default node pool and the one added, or the load balancer controller exposed no chart");
}

if (importedKarpenter.Version != "1.14.1" || importedLoadBalancers.ChartValues["replicaCount"] is not 3
    || importedReader.ServiceAccount is null || importedLegacy.ServiceAccount is null || imported.KubectlRole is null)
{
    wrong.Add("Karpenter, the load balancer controller (with its extra Helm values) and both service accounts did not build on the imported cluster");
}

if (k8sReader.GrantPrincipal is null || k8s.KubectlRole is null)
{
    wrong.Add("KubernetesCluster did not expose the Pod Identity principal or the kubectl role");
}

// Issue 16: tokens go into the manifests as tokens; Auto Mode pools carry no kubernetes.io/os; the AMI alias is pinned.
var manifests = string.Join("\n", Resources(kubernetes, "Custom::AWSCDK-EKS-KubernetesResource").Select(r => Find(r, "Properties.Manifest")?.GetRawText()));
if (!manifests.Contains("Fn::Select", StringComparison.Ordinal) || manifests.Contains("2147483647", StringComparison.Ordinal) || manifests.Contains("2147483648", StringComparison.Ordinal)
    || manifests.Contains("kubernetes.io/os", StringComparison.Ordinal))
{
    wrong.Add("ConsumerKubernetes: the token node pool was not written with its tokens (Fn::Select for the generation), or an Auto Mode pool requires kubernetes.io/os");
}

foreach (var (name, template, alias) in new[] { ("ConsumerKarpenter", karpenterTemplate, "al2023@v20260714"), ("ConsumerImportedCluster", importedTemplate, "bottlerocket@v1.64.0") })
{
    if (!Resources(template, "Custom::AWSCDK-EKS-KubernetesResource").Any(r => Find(r, "Properties.Manifest")?.GetRawText().Contains(alias, StringComparison.Ordinal) == true))
    {
        wrong.Add($"{name}: the node class does not take the pinned AMI alias {alias}");
    }
}

// Issue 16: inputs that passed synth and failed at deploy are synth-time errors naming path, prop and value.
foreach (var (what, expected, build) in new (string, string, Action<Stack>)[]
{
    ("a Helm version \"latest\"", "Version = \"latest\" is not valid", s => Cluster(s).AddHelmChart("Chart", new Amazon.CDK.AWS.EKS.HelmChartOptions { Chart = "oci://registry.example/c", Version = "latest" })),
    ("the same service account twice", "is already", s => { var c = Cluster(s); c.AddPodIdentity("A", new KubernetesServiceAccountOptions { Name = "a", CreateServiceAccount = false }); c.AddPodIdentity("B", new KubernetesServiceAccountOptions { Name = "a" }); }),
    ("public subnets for the cluster", "selects public subnets", s => _ = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = new ContainerNetwork(s, "Network").Vpc, VpcSubnets = new Amazon.CDK.AWS.EC2.SubnetSelection { SubnetType = Amazon.CDK.AWS.EC2.SubnetType.PUBLIC } })),
    ("an AMI version without its v", "takes the release with its v", s => _ = new Karpenter(s, "Karpenter", new KarpenterProps { Cluster = Cluster(s, KubernetesCompute.None), AmiVersion = "20260714" })),
    ("a load balancer controller chart the repository does not have", "has no aws-load-balancer-controller chart", s => _ = new AwsLoadBalancerController(s, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = Cluster(s, KubernetesCompute.None), Version = "2.17.1" })),
})
{
    try
    {
        build(new Stack(new App(), "Wrong", new StackProps { Env = ireland }));
        wrong.Add($"{what} was accepted");
    }
    catch (ArgumentException e) when (e.Message.Contains(expected, StringComparison.Ordinal))
    {
    }
    catch (ArgumentException e)
    {
        wrong.Add($"{what} was refused with another message: {e.Message}");
    }
}

if (envWeb.HttpsListener is null || !envWeb.Url.StartsWith("https://", StringComparison.Ordinal))
{
    wrong.Add($"LoadBalancedWebService with a domain has no HTTPS listener (Url {envWeb.Url})");
}

// The jsii runtime this app resolved from the package alone (it references no Amazon.JSII.Runtime itself).
// Also proves the process ran with it: the host loads assemblies only as its dependency manifest says.
var cdk = Loaded("Amazon.CDK.Lib");
var jsii = Loaded("Amazon.JSII.Runtime");
if (jsii is null || jsii < minimumJsii)
{
    wrong.Add($"Amazon.JSII.Runtime {jsii?.ToString() ?? "(not loaded)"} is loaded; the package should bring {minimumJsii} or later");
}

if (wrong.Count > 0)
{
    Console.Error.WriteLine("consumer smoke test FAILED: " + string.Join("; ", wrong));
    return 1;
}

Console.WriteLine($"consumer smoke test: Amazon.CDK.Lib {cdk}, Amazon.JSII.Runtime {jsii}: ConsumerStack ({Count(agnostic)} resources), ConsumerEnvStack ({Count(concrete)} resources), ConsumerKubernetes ({Count(kubernetes)} resources), ConsumerKarpenter ({Count(karpenterTemplate)} resources) and ConsumerImportedCluster ({Count(importedTemplate)} resources; the last four at 123456789012/eu-west-1) synthesized from the package, expected resources and values present");
return 0;

static KubernetesCluster Cluster(Stack s, KubernetesCompute compute = KubernetesCompute.AutoMode) =>
    new(s, "Cluster", new KubernetesClusterProps { Vpc = new ContainerNetwork(s, "Network").Vpc, Compute = compute });

static JsonElement Template(string outdir, string stack) =>
    JsonDocument.Parse(File.ReadAllText(Path.Combine(outdir, stack + ".template.json"))).RootElement;

static IEnumerable<JsonElement> Resources(JsonElement template, string type) =>
    template.GetProperty("Resources").EnumerateObject().Select(r => r.Value).Where(r => r.GetProperty("Type").GetString() == type);

static int Count(JsonElement template) => template.GetProperty("Resources").EnumerateObject().Count();

static void Expect(List<string> wrong, string name, JsonElement template, Dictionary<string, int> expected)
{
    foreach (var (type, count) in expected)
    {
        var got = Resources(template, type).Count();
        if (got != count)
        {
            wrong.Add($"{name}: {type}: expected {count}, got {got}");
        }
    }
}

// Fails unless a resource of the type has a value at one of the dotted paths under Properties.
static void Present(List<string> wrong, string name, JsonElement template, string type, params string[] paths)
{
    var resources = Resources(template, type).ToList();
    if (!resources.Any(r => paths.Any(p => Find(r, "Properties." + p) is not null)))
    {
        wrong.Add($"{name}: {type} has no {string.Join(" or ", paths)}");
    }
}

static JsonElement? Find(JsonElement element, string path)
{
    foreach (var part in path.Split('.'))
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(part, out var child))
        {
            element = child;
        }
        else if (element.ValueKind == JsonValueKind.Array && int.TryParse(part, out var i) && i < element.GetArrayLength())
        {
            element = element[i];
        }
        else
        {
            return null;
        }
    }

    return element;
}

// The version of a package the app runs with, from the dependency manifest the .NET host resolved its
// assemblies by (jsii's assemblies carry no package version of their own).
static Version? Loaded(string package)
{
    var deps = AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string ?? string.Empty;
    using var manifest = JsonDocument.Parse(File.ReadAllText(deps.Split(';')[0]));
    var entry = manifest.RootElement.GetProperty("libraries").EnumerateObject()
        .FirstOrDefault(l => l.Name.StartsWith(package + "/", StringComparison.OrdinalIgnoreCase));
    return entry.Name is { } name && Version.TryParse(name[(package.Length + 1)..], out var version) ? version : null;
}
