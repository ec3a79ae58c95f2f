using System.Text.Json.Nodes;
using Amazon.CDK;
using ContainerPatterns.Kubernetes;
using static ContainerPatterns.Tests.Kubernetes.KubernetesFixture;

namespace ContainerPatterns.Tests.Kubernetes;

/// <summary>
/// Numbers, sizes and durations given as tokens are written into the manifests as tokens, in their own unit, never as a
/// converted literal (issue 16: a number token cast to an integer rendered "2147483647" and "-2147483648%").
/// </summary>
public class TokenRenderingTests
{
    private static readonly string Nl = System.Environment.NewLine;

    private static readonly string GenerationsBelow = string.Join(",", Enumerable.Range(-1, 21).Select(g => $"\"{g}\""));

    private static (CfnParameter Number, CfnParameter Other) Parameters(Stack s) =>
        (new CfnParameter(s, "Number", new CfnParameterProps { Type = "Number" }), new CfnParameter(s, "Other", new CfnParameterProps { Type = "Number" }));

    /// <summary>A Karpenter on a cluster without Auto Mode, its props made from the cluster and the stack's two number parameters.</summary>
    private static void KarpenterOf(Stack s, Func<KubernetesCluster, CfnParameter, CfnParameter, KarpenterProps> props)
    {
        var (number, other) = Parameters(s);
        var cluster = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), Compute = KubernetesCompute.None, KubectlLayer = Layer(s) });
        _ = new Karpenter(s, "Karpenter", props(cluster, number, other));
    }

    /// <summary>A manifest's text with every CloudFormation piece written as «its JSON».</summary>
    private static string ManifestText(JsonObject resource)
    {
        var manifest = resource["Properties"]!["Manifest"]!;
        return manifest is JsonValue v
            ? v.GetValue<string>()
            : string.Concat(manifest["Fn::Join"]![1]!.AsArray().Select(p => p is JsonValue s ? s.GetValue<string>() : $"«{p!.ToJsonString()}»"));
    }

    private static void AssertPoolTokens(string text, string domain)
    {
        Assert.Contains($$"""{"key":"{{domain}}/instance-generation","operator":"Gt","values":["«{"Fn::Select":[{"Ref":"Number"},[{{GenerationsBelow}}]]}»"]}""", text, StringComparison.Ordinal);
        Assert.Contains("""{"nodes":"«{"Ref":"Other"}»%"}""", text, StringComparison.Ordinal);
        Assert.Contains("""{"cpu":"«{"Ref":"Number"}»","memory":"«{"Ref":"Other"}»Gi"}""", text, StringComparison.Ordinal);
        Assert.Contains("""
            "consolidateAfter":"«{"Ref":"Number"}»m"
            """.Trim(), text, StringComparison.Ordinal);
        Assert.Contains("""
            "expireAfter":"«{"Ref":"Other"}»h"
            """.Trim(), text, StringComparison.Ordinal);
        Assert.Contains("""
            "weight":«{"Ref":"Number"}»
            """.Trim(), text, StringComparison.Ordinal);
        Assert.DoesNotContain("2147483647", text, StringComparison.Ordinal);
        Assert.DoesNotContain("2147483648", text, StringComparison.Ordinal);
    }

    // Both pool classes share every option; one is filled in and its values copied to the other.
    private static AutoModeNodePool AutoPool(CfnParameter number, CfnParameter other) => new()
    {
        Name = "tokens",
        MinInstanceGeneration = number.ValueAsNumber,
        MaxDisruptedNodesPercent = other.ValueAsNumber,
        CpuLimit = number.ValueAsNumber,
        MemoryLimit = Size.Gibibytes(other.ValueAsNumber),
        ConsolidateAfter = Duration.Minutes(number.ValueAsNumber),
        ExpireAfter = Duration.Hours(other.ValueAsNumber),
        Weight = number.ValueAsNumber,
    };

    private static KarpenterNodePool KarpenterPool(CfnParameter number, CfnParameter other)
    {
        var auto = AutoPool(number, other);
        return new KarpenterNodePool
        {
            Name = auto.Name,
            MinInstanceGeneration = auto.MinInstanceGeneration,
            MaxDisruptedNodesPercent = auto.MaxDisruptedNodesPercent,
            CpuLimit = auto.CpuLimit,
            MemoryLimit = auto.MemoryLimit,
            ConsolidateAfter = auto.ConsolidateAfter,
            ExpireAfter = auto.ExpireAfter,
            Weight = auto.Weight,
        };
    }

    [Fact]
    public void Writes_an_Auto_Mode_pools_number_size_and_duration_tokens_as_tokens()
    {
        var json = Synth.Json(s =>
        {
            var (number, other) = Parameters(s);
            _ = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), KubectlLayer = Layer(s), NodePools = [AutoPool(number, other)] });
        });

        AssertPoolTokens(ManifestText(Resource(json, "Custom::AWSCDK-EKS-KubernetesResource", "ClusterNodePoolTokens")), "eks.amazonaws.com");
    }

    [Fact]
    public void Writes_a_Karpenter_pools_and_node_class_tokens_as_tokens()
    {
        var json = Synth.Json(s => KarpenterOf(s, (cluster, number, other) =>
            new KarpenterProps { Cluster = cluster, NodePools = [KarpenterPool(number, other)], NodeVolumeSize = Size.Gibibytes(number.ValueAsNumber) }));

        AssertPoolTokens(ManifestText(Resource(json, "Custom::AWSCDK-EKS-KubernetesResource", "KarpenterNodePoolTokens")), "karpenter.k8s.aws");
        Assert.Contains("""
            "volumeSize":"«{"Ref":"Number"}»Gi"
            """.Trim(), ManifestText(Resource(json, "Custom::AWSCDK-EKS-KubernetesResource", "KarpenterNodeClass")), StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_tokens_in_their_own_unit()
    {
        var json = Synth.Json(s => KarpenterOf(s, (cluster, number, other) => new KarpenterProps
        {
            Cluster = cluster,
            NodeVolumeSize = Size.Tebibytes(number.ValueAsNumber),
            NodePools = [new KarpenterNodePool { Name = "tokens", MemoryLimit = Size.Mebibytes(other.ValueAsNumber), ConsolidateAfter = Duration.Seconds(number.ValueAsNumber) }],
        }));

        var pool = ManifestText(Resource(json, "Custom::AWSCDK-EKS-KubernetesResource", "KarpenterNodePoolTokens"));
        Assert.Contains("""
            "memory":"«{"Ref":"Other"}»Mi"
            """.Trim(), pool, StringComparison.Ordinal);
        Assert.Contains("""
            "consolidateAfter":"«{"Ref":"Number"}»s"
            """.Trim(), pool, StringComparison.Ordinal);
        Assert.Contains("""
            "volumeSize":"«{"Ref":"Number"}»Ti"
            """.Trim(), ManifestText(Resource(json, "Custom::AWSCDK-EKS-KubernetesResource", "KarpenterNodeClass")), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_tokens_in_a_unit_the_manifest_cannot_take()
    {
        var error = Synth.Error(s => KarpenterOf(s, (cluster, number, _) => new KarpenterProps
        {
            Cluster = cluster,
            NodeVolumeSize = Size.Mebibytes(number.ValueAsNumber),
            NodePools = [new KarpenterNodePool { Name = "tokens", MemoryLimit = Size.Kibibytes(number.ValueAsNumber), ExpireAfter = Duration.Days(number.ValueAsNumber) }],
        }));

        Assert.Equal(
            "3 invalid props:" + Nl +
            "  TestStack/Karpenter: NodeVolumeSize is a token in another unit than GiB or TiB, which the node class's volumeSize cannot be converted to at synth; allowed: Size.Gibibytes(token) or Size.Tebibytes(token)." + Nl +
            "  TestStack/Karpenter: NodePools[0].MemoryLimit is a token in another unit than GiB or MiB, which a Kubernetes quantity cannot be converted to at synth; allowed: Size.Gibibytes(token) or Size.Mebibytes(token)." + Nl +
            "  TestStack/Karpenter: NodePools[0].ExpireAfter is a token in days, which a Go duration cannot be converted to at synth; allowed: a token as Duration.Seconds, Duration.Minutes or Duration.Hours.",
            error.Message);
    }

    [Fact]
    public void Asks_for_the_maximum_of_a_node_group_whose_minimum_is_a_token()
    {
        Assert.Equal(
            "TestStack/Cluster/Workers: MinSize is a token, so the default MaxSize (4, or MinSize when larger) cannot be worked out at synth; allowed: give MaxSize too.",
            Synth.Error(s => new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), Compute = KubernetesCompute.None })
                .AddNodeGroup("Workers", new KubernetesNodeGroupOptions { MinSize = Parameters(s).Number.ValueAsNumber })).Message);

        var json = Synth.Json(s =>
        {
            var (number, other) = Parameters(s);
            new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), Compute = KubernetesCompute.None })
                .AddNodeGroup("Workers", new KubernetesNodeGroupOptions { MinSize = number.ValueAsNumber, MaxSize = other.ValueAsNumber });
        });
        Synth.JsonEqual("""{"DesiredSize":{"Ref":"Number"},"MaxSize":{"Ref":"Other"},"MinSize":{"Ref":"Number"}}""", Synth.Single(json, "AWS::EKS::Nodegroup")["Properties"]!["ScalingConfig"]);
    }
}
