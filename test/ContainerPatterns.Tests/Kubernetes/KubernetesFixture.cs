using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using ContainerPatterns.Kubernetes;

namespace ContainerPatterns.Tests.Kubernetes;

/// <summary>Builds <see cref="KubernetesCluster"/>s for the tests, and the two templates most tests read (built once each).</summary>
internal static class KubernetesFixture
{
    /// <summary>An existing kubectl layer: tests that do not test the shipped layer do not stage its 37 MB.</summary>
    public const string LayerArn = "arn:aws:lambda:eu-west-1:123456789012:layer:kubectl:1";

    public const string OpsRoleArn = "arn:aws:iam::123456789012:role/ops";

    /// <summary>
    /// The Auto Mode cluster most tests read: an admin role, a public endpoint with an allow-list, two node pools (one
    /// with every option, one added with none), a Pod Identity and an IRSA service account.
    /// </summary>
    public static readonly Lazy<JsonObject> AutoMode = new(() => Synth.Json(s =>
    {
        var cluster = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps
        {
            Vpc = LightVpc(s),
            AdminRoles = [Role.FromRoleArn(s, "Ops", OpsRoleArn)],
            AllowPublicEndpoint = true,
            PublicEndpointCidrs = ["203.0.113.0/24"],
            KubectlLayer = Layer(s),
            NodePools =
            [
                new AutoModeNodePool
                {
                    Name = "graviton-spot",
                    Architectures = [NodeArchitecture.Arm64],
                    CapacityTypes = [NodeCapacityType.Spot, NodeCapacityType.OnDemand],
                    InstanceCategories = ["c", "m"],
                    MinInstanceGeneration = 7,
                    CpuLimit = 64,
                    MemoryLimit = Size.Gibibytes(256),
                    MaxDisruptedNodesPercent = 20,
                    ConsolidateAfter = Duration.Minutes(5),
                    ExpireAfter = Duration.Days(7),
                    Weight = 50,
                    Labels = new Dictionary<string, string> { ["tier"] = "web" },
                },
            ],
        });
        cluster.AddNodePool(new AutoModeNodePool { Name = "basic" });
        cluster.AddPodIdentity("Reader", new KubernetesServiceAccountOptions { Name = "reader", Namespace = "apps" });
        cluster.AddIrsaServiceAccount("Legacy", new KubernetesServiceAccountOptions { Name = "legacy", Namespace = "apps" });
    }));

    /// <summary>A cluster with no compute of its own, the core add-ons and a Bottlerocket node group.</summary>
    public static readonly Lazy<JsonObject> SelfManaged = new(() => Synth.Json(s =>
    {
        var cluster = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps
        {
            Vpc = LightVpc(s),
            Compute = KubernetesCompute.None,
            AuthenticationMode = Amazon.CDK.AWS.EKS.AuthenticationMode.API_AND_CONFIG_MAP,
            SupportType = KubernetesSupportType.Extended,
            ControlPlaneLogs = ControlPlaneLogTypes.Api | ControlPlaneLogTypes.Audit,
            ControlPlaneLogRetention = Amazon.CDK.AWS.Logs.RetentionDays.ONE_YEAR,
            DeletionProtection = true,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        cluster.AddNodeGroup("Workers", new KubernetesNodeGroupOptions { AmiType = NodeAmiType.BottlerocketArm64, MinSize = 1, MaxSize = 3 });
    }));

    /// <summary>An imported two-AZ VPC: validation and most building need no real network.</summary>
    public static IVpc LightVpc(Stack stack) => Vpc.FromVpcAttributes(stack, "Vpc", new VpcAttributes
    {
        VpcId = "vpc-0123456789abcdef0",
        VpcCidrBlock = "10.0.0.0/16",
        AvailabilityZones = ["eu-west-1a", "eu-west-1b"],
        PublicSubnetIds = ["subnet-00000000000000001", "subnet-00000000000000002"],
        PrivateSubnetIds = ["subnet-00000000000000003", "subnet-00000000000000004"],
    });

    public static ILayerVersion Layer(Stack stack) => LayerVersion.FromLayerVersionArn(stack, "KubectlLayer", LayerArn);

    /// <summary>The message of the error building a cluster with these props (on an imported VPC) throws.</summary>
    public static string ErrorOf(Func<IVpc, KubernetesClusterProps> props) =>
        Synth.Error(s => new KubernetesCluster(s, "Cluster", props(LightVpc(s)))).Message;

    /// <summary>The single resource of a type whose logical id starts with a prefix.</summary>
    public static JsonObject Resource(JsonObject template, string type, string idPrefix) =>
        Assert.Single(Synth.Resources(template, type), r => r.Key.StartsWith(idPrefix, StringComparison.Ordinal)).Value;

    /// <summary>
    /// The parsed manifest of a kubectl custom resource, without the prune label CDK adds to every object. A value
    /// CloudFormation fills in (a <c>Fn::Join</c> part that is not text) becomes <c>&lt;Logical.Attribute&gt;</c> (a
    /// <c>Ref</c>: <c>&lt;Logical&gt;</c>).
    /// </summary>
    public static JsonArray Manifest(JsonObject resource)
    {
        var manifest = resource["Properties"]!["Manifest"]!;
        var text = manifest is JsonValue v
            ? v.GetValue<string>()
            : string.Concat(manifest["Fn::Join"]![1]!.AsArray().Select(p => p switch
            {
                JsonValue s => s.GetValue<string>(),
                JsonObject o when o["Ref"] is { } r => $"<{r.GetValue<string>()}>",
                _ => $"<{p!["Fn::GetAtt"]![0]!.GetValue<string>()}.{p["Fn::GetAtt"]![1]!.GetValue<string>()}>",
            }));
        var objects = JsonNode.Parse(text)!.AsArray();
        foreach (var o in objects)
        {
            if (o!["metadata"]!["labels"] is JsonObject labels)
            {
                foreach (var key in labels.Select(l => l.Key).Where(k => k.StartsWith("aws.cdk.eks/prune-", StringComparison.Ordinal)).ToList())
                {
                    labels.Remove(key);
                }

                if (labels.Count == 0)
                {
                    o["metadata"]!.AsObject().Remove("labels");
                }
            }
        }

        return objects;
    }
}
