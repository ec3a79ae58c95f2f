using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using ContainerPatterns.Kubernetes;
using static ContainerPatterns.Tests.Kubernetes.KubernetesFixture;

namespace ContainerPatterns.Tests.Kubernetes;

/// <summary>The Karpenter and load balancer controller templates most tests read (built once each).</summary>
internal static class KarpenterFixture
{
    /// <summary>
    /// Karpenter and the load balancer controller with every default, through Pod Identity, on a cluster without Auto Mode
    /// in an imported VPC (so the node class names its subnets by id).
    /// </summary>
    public static readonly Lazy<JsonObject> Defaults = new(() => Synth.Json(s =>
    {
        var cluster = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), Compute = KubernetesCompute.None, KubectlLayer = Layer(s) });
        _ = new Karpenter(s, "Karpenter", new KarpenterProps { Cluster = cluster });
        _ = new AwsLoadBalancerController(s, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = cluster });
    }));

    /// <summary>
    /// Both through IRSA, in a VPC of this app (tagged for discovery), with Bottlerocket at a pinned version, a larger
    /// volume, a controller node group of its own choosing and two node pools (one added later).
    /// </summary>
    public static readonly Lazy<JsonObject> Irsa = new(() => Synth.Json(s =>
    {
        var vpc = new Vpc(s, "Vpc", new VpcProps { MaxAzs = 2, NatGateways = 1 });
        var cluster = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = vpc, Compute = KubernetesCompute.None, KubectlLayer = Layer(s), Version = Amazon.CDK.AWS.EKS.KubernetesVersion.Of("1.35") });
        var karpenter = new Karpenter(s, "Karpenter", new KarpenterProps
        {
            Cluster = cluster,
            Version = "1.12.2",
            Identity = ServiceAccountIdentity.Irsa,
            AmiFamily = KarpenterAmiFamily.Bottlerocket,
            AmiVersion = "v1.42.0",
            NodeVolumeSize = Size.Gibibytes(50),
            ControllerNodeGroup = new KubernetesNodeGroupOptions { AmiType = NodeAmiType.BottlerocketArm64, InstanceTypes = ["t4g.large"], MinSize = 2, MaxSize = 3, Labels = new Dictionary<string, string> { ["team"] = "platform" } },
            NodePools =
            [
                new KarpenterNodePool
                {
                    Name = "graviton-spot",
                    CapacityTypes = [NodeCapacityType.Spot],
                    InstanceFamilies = ["m7g", "c7g"],
                    CpuLimit = 32,
                    MemoryLimit = Size.Gibibytes(128),
                    ExpireAfter = Duration.Days(30),
                    Weight = 10,
                    Labels = new Dictionary<string, string> { ["tier"] = "web" },
                },
            ],
        });
        karpenter.AddNodePool(new KarpenterNodePool { Name = "x86", Architectures = [NodeArchitecture.Amd64] });
        _ = new AwsLoadBalancerController(s, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = cluster, Identity = ServiceAccountIdentity.Irsa, Version = "3.4.3" });
    }));

    /// <summary>The cluster name every fixture's cluster gets from its path.</summary>
    public const string ClusterName = "TestStackCluster8E857178";

    /// <summary>
    /// A resolved CloudFormation value written back as <c>Fn::Sub</c> text: each <c>Fn::Join</c> joined, each reference
    /// in <paramref name="names"/> (its JSON, e.g. <c>{"Ref":"AWS::Region"}</c>) replaced by its placeholder, and the
    /// cluster's name (in keys too) by <c>${ClusterName}</c>; so a rendered document compares with readable text.
    /// </summary>
    public static JsonNode? Unresolve(JsonNode? node, IReadOnlyDictionary<string, string> names)
    {
        string Text(JsonNode? part) => part is JsonValue v
            ? v.GetValue<string>().Replace(ClusterName, "${ClusterName}", StringComparison.Ordinal)
            : names.TryGetValue(part!.ToJsonString(), out var placeholder) ? placeholder
            : throw new InvalidOperationException($"no placeholder for {part.ToJsonString()}");

        return node switch
        {
            JsonObject o when o.ContainsKey("Fn::Join") => JsonValue.Create(string.Concat(o["Fn::Join"]![1]!.AsArray().Select(Text))),
            JsonObject o when o.ContainsKey("Ref") || o.ContainsKey("Fn::GetAtt") => JsonValue.Create(Text(o)),
            JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(Text(JsonValue.Create(p.Key)), Unresolve(p.Value, names)))),
            JsonArray a => new JsonArray(a.Select(x => Unresolve(x, names)).ToArray()),
            JsonValue v when v.TryGetValue<string>(out var text) => JsonValue.Create(Text(JsonValue.Create(text))),
            _ => node?.DeepClone(),
        };
    }

    /// <summary>The placeholders of the pseudo parameters, for <see cref="Unresolve"/>.</summary>
    public static Dictionary<string, string> PseudoParameters() => new()
    {
        ["""{"Ref":"AWS::Partition"}"""] = "${AWS::Partition}",
        ["""{"Ref":"AWS::Region"}"""] = "${AWS::Region}",
        ["""{"Ref":"AWS::AccountId"}"""] = "${AWS::AccountId}",
    };

    /// <summary>A Helm chart's values (a JSON text, or a <c>Fn::Join</c> of one) with references written as <c>&lt;Logical.Attribute&gt;</c> or <c>&lt;Logical&gt;</c>.</summary>
    public static JsonNode Values(JsonObject chart)
    {
        var values = chart["Properties"]!["Values"]!;
        var text = values is JsonValue v
            ? v.GetValue<string>()
            : string.Concat(values["Fn::Join"]![1]!.AsArray().Select(p => p switch
            {
                JsonValue s => s.GetValue<string>(),
                JsonObject o when o["Ref"] is { } r => $"<{r.GetValue<string>()}>",
                _ => $"<{p!["Fn::GetAtt"]![0]!.GetValue<string>()}.{p["Fn::GetAtt"]![1]!.GetValue<string>()}>",
            }));
        return JsonNode.Parse(text)!;
    }

    /// <summary>The logical ids a resource depends on.</summary>
    public static string[] DependsOn(JsonObject resource) =>
        resource["DependsOn"]?.AsArray().Select(d => d!.GetValue<string>()).ToArray() ?? [];

    /// <summary>The logical id of the single resource of a type whose logical id starts with a prefix.</summary>
    public static string Id(JsonObject template, string type, string prefix) =>
        Assert.Single(Synth.Resources(template, type), r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).Key;
}
