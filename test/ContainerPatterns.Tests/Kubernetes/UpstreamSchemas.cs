using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ContainerPatterns.Tests.Kubernetes;

/// <summary>
/// Checks Kubernetes objects and Helm values against the upstream schemas in a folder laid out as
/// <c>/work/shared/k8s-schemas</c> (its README lists the sources): the Kubernetes 1.36 OpenAPI definitions with the enum
/// overlay, Karpenter 1.14.1's CRDs and chart values, the AWS Load Balancer Controller 3.5.0's chart values, chart index
/// and IngressClassParams CRD, and the EKS Auto Mode facts transcribed from the EKS user guide.
/// </summary>
/// <remarks>
/// Objects are checked by apiVersion and kind against their schema, with unknown fields refused (kubectl applies with
/// strict field validation) and the enums of the overlay. Karpenter's CEL rules are not evaluated, but for the AMI alias
/// families; instead, an Auto Mode NodePool's requirement keys are checked against the labels the EKS guide lists, a
/// Karpenter NodePool's against Karpenter's well-known labels, and an Ingress's annotations against the load balancer
/// controller's annotation guide (and Auto Mode's unsupported ones), with an explicit <c>target-type: ip</c> wherever the
/// backend is a ClusterIP Service. Helm values are checked key by key against the chart's values.yaml: a key the chart
/// does not have is an error, below a map the chart leaves empty (<c>{}</c>) or keys with label-like names (a '/') any key goes.
/// </remarks>
internal sealed partial class UpstreamSchemas
{
    /// <summary>The folder the shared schemas are in on this machine.</summary>
    public const string DefaultRoot = "/work/shared/k8s-schemas";

    private const string K8sId = "https://schemas.containerpatterns.test/kubernetes-v1.36.0";
    private const string TargetType = "alb.ingress.kubernetes.io/target-type";

    private readonly string _root;
    private readonly BuildOptions _options;
    private readonly Dictionary<string, string> _definitionByKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode> _chartValues = new(StringComparer.Ordinal);
    private readonly JsonObject _autoMode;
    private readonly HashSet<string> _documentedAnnotations;
    private readonly HashSet<string> _karpenterLabels;

    private UpstreamSchemas(string root)
    {
        _root = root;
        _options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var definitions = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "kubernetes-v1.36.0", "_definitions.json")))!["definitions"]!.AsObject();
        ApplyEnumOverlay(definitions, JsonNode.Parse(File.ReadAllText(Path.Combine(root, "kubernetes-v1.36.0", "enum-overlay.json")))!["enums"]!.AsObject());
        foreach (var (name, definition) in definitions)
        {
            foreach (var gvk in definition!["x-kubernetes-group-version-kind"]?.AsArray() ?? [])
            {
                var group = gvk!["group"]!.GetValue<string>();
                _definitionByKind.TryAdd(Gvk(group.Length == 0 ? gvk["version"]!.GetValue<string>() : $"{group}/{gvk["version"]!.GetValue<string>()}", gvk["kind"]!.GetValue<string>()), name);
            }
        }

        var document = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["$id"] = K8sId, ["$defs"] = Strict(RewriteRefs(definitions), namesToSchemas: true) };
        _options.SchemaRegistry.Register(JsonSchema.Build(ToElement(document), _options));

        _autoMode = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "eks-auto-mode", "eks-auto-mode.json")))!.AsObject();
        AddCrd("karpenter.sh/v1", "NodePool", Path.Combine("karpenter-v1.14.1", "karpenter.sh_nodepools.yaml"), "v1", null);
        AddCrd("karpenter.k8s.aws/v1", "EC2NodeClass", Path.Combine("karpenter-v1.14.1", "karpenter.k8s.aws_ec2nodeclasses.yaml"), "v1", null);
        AddCrd("elbv2.k8s.aws/v1beta1", "IngressClassParams", Path.Combine("aws-load-balancer-controller-v3.5.0", "elbv2.k8s.aws_ingressclassparams.yaml"), "v1beta1", null);
        // Auto Mode's IngressClassParams: the controller's v1beta1 schema with the renames the EKS guide lists.
        AddCrd("eks.amazonaws.com/v1", "IngressClassParams", Path.Combine("aws-load-balancer-controller-v3.5.0", "elbv2.k8s.aws_ingressclassparams.yaml"), "v1beta1", AutoModeRenames);

        _chartValues["karpenter"] = Yaml(Path.Combine("karpenter-v1.14.1", "karpenter_values.yaml"));
        _chartValues["karpenter-crd"] = Yaml(Path.Combine("karpenter-v1.14.1", "karpenter-crd_values.yaml"));
        _chartValues["aws-load-balancer-controller"] = Yaml(Path.Combine("aws-load-balancer-controller-v3.5.0", "values.yaml"));

        _documentedAnnotations = AnnotationKey().Matches(File.ReadAllText(Path.Combine(root, "aws-load-balancer-controller-v3.5.0", "docs-guide-ingress-annotations.md")))
            .Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        _karpenterLabels = KarpenterLabel().Matches(File.ReadAllText(Path.Combine(root, "karpenter-v1.14.1", "docs-v1.14-concepts-scheduling.md")))
            .Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The folder of the shared schemas: <c>K8S_SCHEMAS</c> if set, else <see cref="DefaultRoot"/>; null when it is missing.</summary>
    public static string? Root =>
        Environment.GetEnvironmentVariable("K8S_SCHEMAS") is { Length: > 0 } given ? (Directory.Exists(given) ? given : null)
        : Directory.Exists(DefaultRoot) ? DefaultRoot : null;

    /// <summary>Loads the schemas of <see cref="Root"/> once.</summary>
    public static UpstreamSchemas Shared => LazyShared.Value;

    private static readonly Lazy<UpstreamSchemas> LazyShared = new(() => new UpstreamSchemas(Root ?? throw new InvalidOperationException("no schema folder")));

    /// <summary>The objects and Helm values a template writes: every kubectl manifest's objects and every Helm chart's values, tokens as placeholders.</summary>
    public static (List<(string Where, JsonObject Object)> Objects, List<(string Where, string Chart, JsonNode Values)> Charts) Written(string templateName, JsonObject template)
    {
        var objects = new List<(string, JsonObject)>();
        var charts = new List<(string, string, JsonNode)>();
        foreach (var (id, resource) in template["Resources"]!.AsObject())
        {
            var type = resource!["Type"]!.GetValue<string>();
            var properties = resource["Properties"];
            if (type == "Custom::AWSCDK-EKS-KubernetesResource" && properties?["Manifest"] is { } manifest)
            {
                var list = JsonNode.Parse(Text(manifest))!.AsArray();
                for (var i = 0; i < list.Count; i++)
                {
                    objects.Add(($"{templateName}/{id} manifest[{i}]", list[i]!.AsObject()));
                }
            }
            else if (type == "Custom::AWSCDK-EKS-HelmChart" && properties?["Chart"] is JsonValue chart)
            {
                var values = properties["Values"] is { } v ? JsonNode.Parse(Text(v))! : new JsonObject();
                charts.Add(($"{templateName}/{id} values", chart.GetValue<string>(), values));
            }
        }

        return (objects, charts);
    }

    /// <summary>
    /// JSON text of a CloudFormation value: a string, or the parts of its <c>Fn::Join</c> with each CloudFormation piece
    /// standing for its token: <c>TOKEN</c> inside a JSON string, <c>1</c> where a bare value goes.
    /// </summary>
    public static string Text(JsonNode value)
    {
        if (value is JsonValue v)
        {
            return v.GetValue<string>();
        }

        var text = new System.Text.StringBuilder();
        foreach (var part in value["Fn::Join"]![1]!.AsArray())
        {
            if (part is JsonValue s)
            {
                text.Append(s.GetValue<string>());
            }
            else
            {
                text.Append(InsideString(text) ? "TOKEN" : "1");
            }
        }

        return text.ToString();
    }

    /// <summary>Every problem of a set of objects (one template's): schema errors and the semantic checks.</summary>
    public List<string> CheckObjects(IReadOnlyList<(string Where, JsonObject Object)> objects)
    {
        var problems = new List<string>();
        var all = objects.Select(o => o.Object).ToList();
        foreach (var (where, obj) in objects)
        {
            var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? "?";
            var kind = obj["kind"]?.GetValue<string>() ?? "?";
            var at = $"{where} ({apiVersion} {kind} {obj["metadata"]?["name"]})";
            if (SchemaFor(apiVersion, kind) is not { } schema)
            {
                problems.Add($"{at}: no upstream schema for {apiVersion} {kind}");
                continue;
            }

            problems.AddRange(Evaluate(schema, obj, at));
            if (!_definitionByKind.ContainsKey(Gvk(apiVersion, kind)) && obj["metadata"] is { } metadata)
            {
                // A CRD's schema says only that metadata is an object; Kubernetes checks it as ObjectMeta.
                problems.AddRange(Evaluate(SchemaFor("v1", "__ObjectMeta")!, metadata, at + " metadata"));
            }

            problems.AddRange(kind switch
            {
                "NodePool" => NodePoolRules(obj, at),
                "EC2NodeClass" => NodeClassRules(obj, at),
                "Ingress" => IngressRules(obj, at, all),
                _ => [],
            });
        }

        return problems;
    }

    /// <summary>Every key of a chart's values that its values.yaml does not have (the chart is named by its last path segment).</summary>
    public List<string> CheckValues(string where, string chart, JsonNode values)
    {
        var name = chart.TrimEnd('/').Split('/')[^1];
        if (!_chartValues.TryGetValue(name, out var upstream))
        {
            return [$"{where}: no upstream values.yaml for chart {chart}"];
        }

        var problems = new List<string>();
        CompareValues(where + $" ({name})", string.Empty, values, upstream, problems);
        return problems;
    }

    private static void CompareValues(string where, string path, JsonNode? ours, JsonNode? chart, List<string> problems)
    {
        if (chart is JsonObject chartMap)
        {
            // A map the chart leaves empty, or keys like labels (nodeSelector: {kubernetes.io/os: linux}), takes any keys.
            var freeForm = chartMap.Count == 0 || chartMap.All(e => e.Key.Contains('/', StringComparison.Ordinal));
            if (ours is not JsonObject ourMap)
            {
                if (ours is not null && !freeForm)
                {
                    problems.Add($"{where}: {path} is a {Kind(ours)}, but the chart's {path} is a map");
                }

                return;
            }

            if (freeForm)
            {
                return;
            }

            foreach (var (key, value) in ourMap)
            {
                var at = path.Length == 0 ? key : $"{path}.{key}";
                if (!chartMap.TryGetPropertyValue(key, out var upstream))
                {
                    problems.Add($"{where}: {at} is not a value of the chart (its {(path.Length == 0 ? "top-level" : path)} keys: {string.Join(", ", chartMap.Select(e => e.Key))})");
                }
                else
                {
                    CompareValues(where, at, value, upstream, problems);
                }
            }
        }
        else if (chart is not null && ours is JsonObject)
        {
            problems.Add($"{where}: {path} is a map, but the chart's {path} is a {Kind(chart)}");
        }
    }

    private static string Kind(JsonNode node) => node switch
    {
        JsonArray => "list",
        JsonObject => "map",
        _ => "scalar",
    };

    private JsonSchema? SchemaFor(string apiVersion, string kind)
    {
        var key = Gvk(apiVersion, kind);
        if (_schemas.TryGetValue(key, out var known))
        {
            return known;
        }

        var definition = kind == "__ObjectMeta" ? "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" : _definitionByKind.GetValueOrDefault(key);
        if (definition is null)
        {
            return null;
        }

        var schema = JsonSchema.FromText($$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$ref":"{{K8sId}}#/$defs/{{definition}}"}""", _options);
        _schemas[key] = schema;
        return schema;
    }

    private static List<string> Evaluate(JsonSchema schema, JsonNode instance, string at)
    {
        var result = schema.Evaluate(ToElement(instance), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        // The innermost errors say what is wrong; a failing oneOf/anyOf branch's own errors are noise.
        return (result.Details ?? [result])
            .Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{at}: {d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    // The EKS guide's Auto Mode NodePool labels, and Karpenter's well-known labels for a self-managed Karpenter's pools.
    private IEnumerable<string> NodePoolRules(JsonObject pool, string at)
    {
        var group = pool["spec"]?["template"]?["spec"]?["nodeClassRef"]?["group"]?.GetValue<string>();
        var requirements = pool["spec"]?["template"]?["spec"]?["requirements"]?.AsArray() ?? [];
        var keys = requirements.Select(r => r?["key"]?.GetValue<string>()).OfType<string>().ToList();
        if (group == "eks.amazonaws.com")
        {
            var nodePool = _autoMode["nodePool"]!;
            var supported = nodePool["supportedLabels"]!.AsArray().Select(l => l!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            var unsupported = nodePool["notSupportedLabels"]!["labels"]!.AsArray().Select(l => l!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (unsupported.Contains(key))
                {
                    yield return $"{at}: requirement {key}: EKS Auto Mode does not support this label (eks-auto-mode.json, {nodePool["source"]}: \"{nodePool["notSupportedLabels"]!["quote"]}\")";
                }
                else if ((key.StartsWith("eks.amazonaws.com/", StringComparison.Ordinal) || key.StartsWith("karpenter.k8s.aws/", StringComparison.Ordinal)) && !supported.Contains(key))
                {
                    yield return $"{at}: requirement {key}: not one of the labels the EKS guide lists for Auto Mode node pools ({nodePool["source"]})";
                }
            }
        }
        else if (group == "karpenter.k8s.aws")
        {
            foreach (var key in keys.Where(k => k.StartsWith("karpenter.k8s.aws/", StringComparison.Ordinal) && !_karpenterLabels.Contains(k)))
            {
                yield return $"{at}: requirement {key}: not one of Karpenter's well-known labels (docs-v1.14-concepts-scheduling.md)";
            }
        }
        else
        {
            yield return $"{at}: nodeClassRef.group {group} is neither Auto Mode's nor Karpenter's";
        }
    }

    // The alias rules of the EC2NodeClass CRD's x-kubernetes-validations (family@version, one of the listed families).
    private static IEnumerable<string> NodeClassRules(JsonObject nodeClass, string at)
    {
        string[] families = ["al2", "al2023", "bottlerocket", "windows2019", "windows2022", "windows2025"];
        foreach (var term in nodeClass["spec"]?["amiSelectorTerms"]?.AsArray() ?? [])
        {
            if (term?["alias"]?.GetValue<string>() is { } alias && (!AliasShape().IsMatch(alias) || !families.Contains(alias.Split('@')[0])))
            {
                yield return $"{at}: amiSelectorTerms alias {alias}: must be family@version with a family of {string.Join(", ", families)} (karpenter.k8s.aws_ec2nodeclasses.yaml)";
            }
        }
    }

    // The load balancer controller's annotations, Auto Mode's unsupported ones, and the target type a ClusterIP backend needs.
    private IEnumerable<string> IngressRules(JsonObject ingress, string at, IReadOnlyList<JsonObject> all)
    {
        var annotations = ingress["metadata"]?["annotations"]?.AsObject() ?? [];
        foreach (var (key, _) in annotations.Where(a => a.Key.StartsWith("alb.ingress.kubernetes.io/", StringComparison.Ordinal) && !_documentedAnnotations.Contains(a.Key)))
        {
            yield return $"{at}: annotation {key} is not in the load balancer controller's annotation guide (docs-guide-ingress-annotations.md)";
        }

        var className = ingress["spec"]?["ingressClassName"]?.GetValue<string>();
        var ingressClass = all.FirstOrDefault(o => o["kind"]?.GetValue<string>() == "IngressClass" && o["metadata"]?["name"]?.GetValue<string>() == className);
        var ingressFacts = _autoMode["ingress"]!["notSupportedAnnotations"]!;
        if (ingressClass?["spec"]?["controller"]?.GetValue<string>() == _autoMode["ingressClass"]!["controller"]!.GetValue<string>())
        {
            foreach (var key in ingressFacts["keys"]!.AsArray().Select(k => k!.GetValue<string>()).Where(annotations.ContainsKey))
            {
                yield return $"{at}: annotation {key}: EKS Auto Mode does not support it ({ingressFacts["source"]})";
            }
        }

        if (annotations[TargetType] is { } targetType && targetType.GetValue<string>() is not ("ip" or "instance"))
        {
            yield return $"{at}: annotation {TargetType} = {targetType}: allowed: instance or ip (docs-guide-ingress-annotations.md)";
        }

        var ns = ingress["metadata"]?["namespace"]?.GetValue<string>() ?? "default";
        var backends = (ingress["spec"]?["rules"]?.AsArray() ?? [])
            .SelectMany(r => r?["http"]?["paths"]?.AsArray() ?? [])
            .Select(p => p?["backend"]?["service"]?["name"]?.GetValue<string>())
            .Append(ingress["spec"]?["defaultBackend"]?["service"]?["name"]?.GetValue<string>())
            .OfType<string>();
        foreach (var service in backends.Distinct(StringComparer.Ordinal))
        {
            var target = all.FirstOrDefault(o => o["kind"]?.GetValue<string>() == "Service" && o["metadata"]?["name"]?.GetValue<string>() == service
                && (o["metadata"]?["namespace"]?.GetValue<string>() ?? "default") == ns);
            var type = target?["spec"]?["type"]?.GetValue<string>() ?? "ClusterIP";
            if (target is not null && type == "ClusterIP" && annotations[TargetType]?.GetValue<string>() != "ip")
            {
                yield return $"{at}: backend Service {service} is a ClusterIP Service, which only the ip target type reaches, but {TargetType} is {annotations[TargetType]?.GetValue<string>() ?? "not set"} (the controller's default is instance, which needs a NodePort Service: eks-auto-mode.json, {_autoMode["ingress"]!["exampleTargetType"]!["source"]})";
            }
        }
    }

    private void AddCrd(string apiVersion, string kind, string file, string crdVersion, Action<JsonObject>? change)
    {
        var crd = Yaml(file);
        var schema = crd["spec"]!["versions"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == crdVersion)!["schema"]!["openAPIV3Schema"]!.DeepClone().AsObject();
        change?.Invoke(schema);
        var strict = Strict(schema)!.AsObject();
        strict["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        _schemas[Gvk(apiVersion, kind)] = JsonSchema.Build(ToElement(strict), _options);
    }

    // The renames of the EKS guide ("spec.certificateArn -> spec.certificateARNs", "spec.subnets.tags -> spec.subnets.matchTags",
    // "spec.listeners.listenerAttributes -> spec.listeners.attributes") and its scheme values.
    private void AutoModeRenames(JsonObject schema)
    {
        var spec = schema["properties"]!["spec"]!["properties"]!.AsObject();
        Rename(spec, "certificateArn", "certificateARNs");
        if (spec["subnets"]?["properties"] is JsonObject subnets)
        {
            Rename(subnets, "tags", "matchTags");
        }

        if (spec["listeners"]?["items"]?["properties"] is JsonObject listener)
        {
            Rename(listener, "listenerAttributes", "attributes");
        }

        spec["scheme"] = new JsonObject { ["type"] = "string", ["enum"] = _autoMode["ingressClassParams"]!["scheme"]!["enum"]!.DeepClone() };

        static void Rename(JsonObject properties, string from, string to)
        {
            if (properties[from] is { } node)
            {
                properties.Remove(from);
                properties[to] = node;
            }
        }
    }

    private JsonObject Yaml(string file)
    {
        using var reader = new StringReader(File.ReadAllText(Path.Combine(_root, file)));
        var stream = new YamlStream();
        stream.Load(reader);
        return (ToJson(stream.Documents[0].RootNode) as JsonObject) ?? [];
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar when scalar.Style is ScalarStyle.Plain => scalar.Value switch
        {
            null or "" or "~" or "null" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            var text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
            var text when FloatText().IsMatch(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
            var text => JsonValue.Create(text),
        },
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    // The enum of each listed field, taken from the field's own description (enum-overlay.json).
    private static void ApplyEnumOverlay(JsonObject definitions, JsonObject overlay)
    {
        foreach (var (field, entry) in overlay)
        {
            var dot = field.LastIndexOf('.');
            if (definitions[field[..dot]]?["properties"]?[field[(dot + 1)..]] is JsonObject property)
            {
                property["enum"] = entry!["values"]!.DeepClone();
            }
        }
    }

    // OpenAPI v2 references (#/definitions/X) as JSON Schema 2020-12 ones into this document's $defs.
    private static JsonObject RewriteRefs(JsonObject definitions)
    {
        var text = definitions.ToJsonString().Replace("\"#/definitions/", $"\"{K8sId}#/$defs/", StringComparison.Ordinal);
        return JsonNode.Parse(text)!.AsObject();
    }

    // Unknown fields are errors, as kubectl's strict field validation makes them: every object schema that lists its
    // properties and allows no others by an extension admits no others. The OpenAPI extensions (x-kubernetes-*,
    // nullable) are dropped once read: JSON Schema 2020-12 has no such keywords.
    private static JsonNode? Strict(JsonNode? node, bool namesToSchemas = false)
    {
        switch (node)
        {
            case JsonObject names when namesToSchemas:
                return new JsonObject(names.Select(e => KeyValuePair.Create(e.Key, Strict(e.Value))));
            case JsonObject schema:
                var copy = new JsonObject();
                foreach (var (key, value) in schema)
                {
                    if (key.StartsWith("x-", StringComparison.Ordinal) || key == "nullable")
                    {
                        continue;
                    }

                    copy[key] = Strict(value, key is "properties" or "$defs" or "patternProperties" or "dependentSchemas");
                }

                var preserveUnknown = schema["x-kubernetes-preserve-unknown-fields"] is JsonValue p && p.GetValue<bool>();
                if (copy["properties"] is JsonObject && copy["additionalProperties"] is null && !preserveUnknown)
                {
                    copy["additionalProperties"] = false;
                }

                if (schema["x-kubernetes-int-or-string"] is JsonValue i && i.GetValue<bool>() && copy["anyOf"] is null)
                {
                    copy.Remove("type");
                    copy["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" });
                }

                return copy;
            case JsonArray list:
                return new JsonArray(list.Select(e => Strict(e)).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private static JsonElement ToElement(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();

    private static string Gvk(string apiVersion, string kind) => $"{apiVersion} {kind}";

    // True when the text so far ends inside a JSON string (an odd number of unescaped quotes).
    private static bool InsideString(System.Text.StringBuilder text)
    {
        var inside = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                inside = !inside;
            }
        }

        return inside;
    }

    [GeneratedRegex(@"alb\.ingress\.kubernetes\.io/[a-z0-9.-]*[a-z0-9]")]
    private static partial Regex AnnotationKey();

    [GeneratedRegex(@"karpenter\.k8s\.aws/[a-z0-9-]*[a-z0-9]")]
    private static partial Regex KarpenterLabel();

    [GeneratedRegex(@"^[a-zA-Z0-9]+@.+$")]
    private static partial Regex AliasShape();

    [GeneratedRegex(@"^-?[0-9]+\.[0-9]+([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatText();
}
