using System.Text.Json.Nodes;
using ContainerPatterns.Kubernetes;
using static ContainerPatterns.Tests.Kubernetes.KubernetesFixture;

namespace ContainerPatterns.Tests.Kubernetes;

/// <summary>What <see cref="ControllerAddOn"/> gives both controllers: extra Helm values merged last, checked first.</summary>
public class ControllerAddOnTests
{
    private static JsonNode ChartValues(JsonObject json, string idPrefix) =>
        JsonNode.Parse(Resource(json, "Custom::AWSCDK-EKS-HelmChart", idPrefix)["Properties"]!["Values"]!["Fn::Join"]![1]!.AsArray()
            .Select(p => p is JsonValue v ? v.GetValue<string>() : "<ref>").Aggregate(string.Concat))!;

    [Fact]
    public void Merges_the_given_Helm_values_over_the_constructs_own_key_by_key()
    {
        AwsLoadBalancerController? controller = null;
        var json = Synth.Json(s =>
        {
            var cluster = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), Compute = KubernetesCompute.None, KubectlLayer = Layer(s) });
            controller = new AwsLoadBalancerController(s, "LoadBalancers", new AwsLoadBalancerControllerProps
            {
                Cluster = cluster,
                Values = new Dictionary<string, object>
                {
                    ["replicaCount"] = 3,
                    ["serviceAccount"] = new Dictionary<string, object> { ["labels"] = new Dictionary<string, object> { ["team"] = "platform" } },
                    ["tolerations"] = Array.Empty<object>(),
                },
            });
            _ = new Karpenter(s, "Karpenter", new KarpenterProps
            {
                Cluster = cluster,
                Values = new Dictionary<string, object> { ["settings"] = new Dictionary<string, object> { ["featureGates"] = new Dictionary<string, object> { ["spotToSpotConsolidation"] = true } } },
            });
        });

        var values = ChartValues(json, "LoadBalancersChart");
        Assert.Equal(3, values["replicaCount"]!.GetValue<int>());
        // A dictionary merges: the construct's service account settings stay, the given label joins them.
        Synth.JsonEqual("""{"create":true,"name":"aws-load-balancer-controller","labels":{"team":"platform"}}""", values["serviceAccount"]);
        // Anything else replaces the construct's value.
        Synth.JsonEqual("[]", values["tolerations"]);
        Assert.Equal(3, Assert.IsType<int>(controller!.ChartValues["replicaCount"]));

        var karpenter = ChartValues(json, "KarpenterChart")["settings"]!;
        Assert.True(karpenter["featureGates"]!["spotToSpotConsolidation"]!.GetValue<bool>());
        Assert.Equal("<ref>", karpenter["interruptionQueue"]!.GetValue<string>());
    }

    [Fact]
    public void Rejects_Helm_values_with_blank_keys_or_null_values() => Assert.Equal(
        string.Join(Environment.NewLine,
            "2 invalid props:",
            "  TestStack/LoadBalancers: Values key = \" \" is not valid; allowed: a non-blank Helm value name.",
            "  TestStack/LoadBalancers: Values[\"controller\"][\"image\"] is null; it is required: a Helm value (a string, number, bool, list or dictionary); leave the key out to keep the construct's value."),
        Synth.Error(s => new AwsLoadBalancerController(s, "LoadBalancers", new AwsLoadBalancerControllerProps
        {
            Cluster = new KubernetesCluster(s, "Cluster", new KubernetesClusterProps { Vpc = LightVpc(s), Compute = KubernetesCompute.None, KubectlLayer = Layer(s) }),
            Values = new Dictionary<string, object> { [" "] = 1, ["controller"] = new Dictionary<string, object> { ["image"] = null! } },
        })).Message);
}
