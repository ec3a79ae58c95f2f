using System.Text.Json.Nodes;
using Amazon.CDK;
using ContainerPatterns.Examples;

namespace ContainerPatterns.Tests.Kubernetes;

/// <summary>
/// Every Kubernetes object and Helm value the library writes (the reference Kubernetes stacks and the test fixtures)
/// checked against the upstream schemas (<see cref="UpstreamSchemas"/>), and a self-test proving the check finds a
/// wrong object. Skipped, saying so, where the schemas are not on the machine (they are not copied into the repository).
/// </summary>
public class UpstreamSchemaTests
{
    private static readonly Lazy<IReadOnlyList<(string Name, JsonObject Template)>> ReferenceTemplates = new(() =>
    {
        var app = new App();
        var stacks = new Stack[]
        {
            new KubernetesStack(app, KubernetesStack.Name),
            new KubernetesKarpenterStack(app, KubernetesKarpenterStack.Name),
        };
        return stacks.Select(s => (s.StackName, Synth.ToJson(Amazon.CDK.Assertions.Template.FromStack(s)))).ToList();
    });

    private static IEnumerable<(string Name, JsonObject Template)> FixtureTemplates() =>
    [
        ("KubernetesFixture.AutoMode", KubernetesFixture.AutoMode.Value),
        ("KubernetesFixture.SelfManaged", KubernetesFixture.SelfManaged.Value),
        ("KarpenterFixture.Defaults", KarpenterFixture.Defaults.Value),
        ("KarpenterFixture.Irsa", KarpenterFixture.Irsa.Value),
    ];

    private static (int Objects, int Charts, HashSet<string> Kinds, List<string> Problems) Check(IEnumerable<(string Name, JsonObject Template)> templates)
    {
        var schemas = UpstreamSchemas.Shared;
        var (objects, charts, kinds, problems) = (0, 0, new HashSet<string>(StringComparer.Ordinal), new List<string>());
        foreach (var (name, template) in templates)
        {
            var written = UpstreamSchemas.Written(name, template);
            objects += written.Objects.Count;
            charts += written.Charts.Count;
            kinds.UnionWith(written.Objects.Select(o => $"{o.Object["apiVersion"]} {o.Object["kind"]}"));
            problems.AddRange(schemas.CheckObjects(written.Objects));
            foreach (var (where, chart, values) in written.Charts)
            {
                problems.AddRange(schemas.CheckValues(where, chart, values));
            }
        }

        return (objects, charts, kinds, problems);
    }

    [SchemaFact]
    public void Every_object_and_Helm_value_of_the_reference_Kubernetes_stacks_matches_the_upstream_schemas()
    {
        var (objects, charts, kinds, problems) = Check(ReferenceTemplates.Value);

        Assert.True(objects >= 14 && charts == 3, $"only {objects} objects and {charts} charts found; the walk is broken");
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "v1 Namespace", "v1 ServiceAccount", "apps/v1 Deployment", "v1 Service", "networking.k8s.io/v1 Ingress", "networking.k8s.io/v1 IngressClass",
                "eks.amazonaws.com/v1 IngressClassParams", "karpenter.sh/v1 NodePool", "karpenter.k8s.aws/v1 EC2NodeClass",
            },
            kinds);
        Assert.True(problems.Count == 0, string.Join(System.Environment.NewLine, problems));
    }

    [SchemaFact]
    public void Every_object_and_Helm_value_the_test_fixtures_write_matches_the_upstream_schemas()
    {
        var (objects, charts, _, problems) = Check(FixtureTemplates());

        Assert.True(objects >= 9 && charts >= 6, $"only {objects} objects and {charts} charts found; the walk is broken");
        Assert.True(problems.Count == 0, string.Join(System.Environment.NewLine, problems));
    }

    [SchemaFact]
    public void The_schema_check_finds_a_wrong_object_and_a_wrong_Helm_value()
    {
        var schemas = UpstreamSchemas.Shared;
        JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
        var wrong = new (string Why, JsonObject Object)[]
        {
            ("an unknown field", Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a"},"spec":{"replica":2,"selector":{},"template":{}}}""")),
            ("a value outside the enum overlay", Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"a"},"spec":{"ports":[{"port":80,"protocol":"HTTP"}]}}""")),
            ("a wrong type", Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a","labels":{"tier":3}}}""")),
            ("a kind with no schema", Parse("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"a"}}""")),
            ("a NodePool operator outside its enum", Parse("""{"apiVersion":"karpenter.sh/v1","kind":"NodePool","metadata":{"name":"a"},"spec":{"template":{"spec":{"nodeClassRef":{"group":"karpenter.k8s.aws","kind":"EC2NodeClass","name":"default"},"requirements":[{"key":"kubernetes.io/arch","operator":"Between","values":["arm64"]}]}}}}""")),
            ("an Auto Mode NodePool on an unsupported label", Parse("""{"apiVersion":"karpenter.sh/v1","kind":"NodePool","metadata":{"name":"a"},"spec":{"template":{"spec":{"nodeClassRef":{"group":"eks.amazonaws.com","kind":"NodeClass","name":"default"},"requirements":[{"key":"kubernetes.io/os","operator":"In","values":["linux"]}]}}}}""")),
            ("a CRD object's metadata that is not ObjectMeta", Parse("""{"apiVersion":"karpenter.k8s.aws/v1","kind":"EC2NodeClass","metadata":{"name":"a","label":{}},"spec":{"role":"r","amiSelectorTerms":[{"alias":"al2023@latest"}],"subnetSelectorTerms":[{"id":"subnet-1"}],"securityGroupSelectorTerms":[{"id":"sg-1"}]}}""")),
            ("an AMI family Karpenter does not have", Parse("""{"apiVersion":"karpenter.k8s.aws/v1","kind":"EC2NodeClass","metadata":{"name":"a"},"spec":{"role":"r","amiSelectorTerms":[{"alias":"ubuntu@latest"}],"subnetSelectorTerms":[{"id":"subnet-1"}],"securityGroupSelectorTerms":[{"id":"sg-1"}]}}""")),
            ("an Auto Mode IngressClassParams field under the controller's name", Parse("""{"apiVersion":"eks.amazonaws.com/v1","kind":"IngressClassParams","metadata":{"name":"a"},"spec":{"certificateArn":["arn"]}}""")),
            ("an annotation the controller does not document", Parse("""{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"a","annotations":{"alb.ingress.kubernetes.io/target-typ":"ip"}},"spec":{}}""")),
        };
        var service = Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"web"},"spec":{"ports":[{"port":80}]}}""");
        var ingress = Parse("""{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web","namespace":"web"},"spec":{"rules":[{"http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}}""");

        foreach (var (why, obj) in wrong)
        {
            Assert.True(schemas.CheckObjects([("self-test", obj)]).Count > 0, $"the check did not find {why}");
        }

        var withoutTargetType = schemas.CheckObjects([("self-test", service), ("self-test", ingress)]);
        Assert.Contains(withoutTargetType, p => p.Contains("backend Service web is a ClusterIP Service, which only the ip target type reaches", StringComparison.Ordinal));
        ingress["metadata"]!["annotations"] = new JsonObject { ["alb.ingress.kubernetes.io/target-type"] = "ip" };
        Assert.Empty(schemas.CheckObjects([("self-test", service), ("self-test", ingress)]));

        Assert.Contains("settings.clusterNmae is not a value of the chart", Assert.Single(schemas.CheckValues("self-test", "oci://public.ecr.aws/karpenter/karpenter", JsonNode.Parse("""{"settings":{"clusterNmae":"a"},"nodeSelector":{"example.com/any":"x"}}""")!)), StringComparison.Ordinal);
        Assert.Contains("replicas is not a value of the chart", Assert.Single(schemas.CheckValues("self-test", "aws-load-balancer-controller", JsonNode.Parse("""{"replicas":3,"replicaCount":3,"podDisruptionBudget":{"maxUnavailable":1}}""")!)), StringComparison.Ordinal);
        Assert.Contains("is a scalar, but the chart's serviceAccount is a map", Assert.Single(schemas.CheckValues("self-test", "aws-load-balancer-controller", JsonNode.Parse("""{"serviceAccount":"x"}""")!)), StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_tokens_as_placeholders_that_keep_the_JSON_valid()
    {
        var joined = JsonNode.Parse("""{"Fn::Join":["",["[{\"a\":\"x-",{"Ref":"P"},"\",\"n\":",{"Ref":"N"},"}]"]]}""")!;

        Assert.Equal("""[{"a":"x-TOKEN","n":1}]""", UpstreamSchemas.Text(joined));
    }

    [Fact]
    public void Every_Ingress_of_the_reference_stacks_sends_to_pod_IPs()
    {
        var ingresses = ReferenceTemplates.Value
            .SelectMany(t => Synth.Resources(t.Template, "Custom::AWSCDK-EKS-KubernetesResource").Values)
            .SelectMany(r => KubernetesFixture.Manifest(r))
            .Where(o => o!["kind"]!.GetValue<string>() == "Ingress")
            .ToList();

        Assert.Equal(2, ingresses.Count);
        Assert.All(ingresses, i => Assert.Equal("ip", i!["metadata"]!["annotations"]?["alb.ingress.kubernetes.io/target-type"]?.GetValue<string>()));
    }
}

/// <summary>A fact that is skipped, saying why, when the upstream schemas are not on this machine.</summary>
public sealed class SchemaFactAttribute : FactAttribute
{
    /// <summary>Skips the test when <see cref="UpstreamSchemas.Root"/> is missing.</summary>
    public SchemaFactAttribute()
    {
        if (UpstreamSchemas.Root is null)
        {
            Skip = $"skipped: the upstream Kubernetes schemas are not on this machine ({UpstreamSchemas.DefaultRoot}, or a folder named by K8S_SCHEMAS); they are not part of the repository.";
        }
    }
}
