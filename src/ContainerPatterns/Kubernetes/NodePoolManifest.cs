using System.Globalization;
using System.Text.RegularExpressions;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// Validates node pool options (<see cref="AutoModeNodePool"/>, <see cref="KarpenterNodePool"/>) and renders them as a
/// Karpenter <c>NodePool</c> manifest, on Auto Mode's node class or on self-managed Karpenter's <c>EC2NodeClass</c>.
/// </summary>
internal static partial class NodePoolManifest
{
    // Auto Mode's built-in node pools (EKS ComputeConfig.NodePools): a custom pool may not take their names.
    public static readonly string[] BuiltInPools = ["general-purpose", "system"];

    /// <summary>EKS Auto Mode's node pools: its own labels and node class, at most 21 days per node.</summary>
    public static readonly NodePoolFlavor AutoMode = new(
        "eks.amazonaws.com",
        new Dictionary<string, object> { ["group"] = "eks.amazonaws.com", ["kind"] = "NodeClass", ["name"] = "default" },
        BuiltInPools,
        // EKS Auto Mode replaces every node after at most 21 days (Auto Mode node lifetime limit).
        21 * 24 * 3600,
        "from 1 hour to 21 days (Auto Mode replaces nodes after at most 21 days)");

    /// <summary>Self-managed Karpenter's node pools: the AWS provider's labels and the construct's <c>default</c> EC2NodeClass.</summary>
    public static readonly NodePoolFlavor Karpenter = new(
        "karpenter.k8s.aws",
        new Dictionary<string, object> { ["group"] = "karpenter.k8s.aws", ["kind"] = "EC2NodeClass", ["name"] = KarpenterNodeClass.Name },
        [],
        double.PositiveInfinity,
        "1 hour or more");

    private const double MinExpireAfterSeconds = 3600;
    private const double MaxConsolidateAfterSeconds = 24 * 3600;

    // Karpenter NodePool spec.weight is 1–100.
    private const int MaxWeight = 100;

    // EC2 instance generations in use are single or low double digits; 20 leaves room.
    private const int MaxGeneration = 20;

    private static readonly NodeArchitecture[] DefaultArchitectures = [NodeArchitecture.Arm64];
    private static readonly NodeCapacityType[] DefaultCapacityTypes = [NodeCapacityType.OnDemand];
    private static readonly string[] DefaultCategories = ["c", "m", "r"];
    private const int DefaultMinGeneration = 5;
    private const int DefaultDisruptedPercent = 10;
    private const double DefaultConsolidateAfterSeconds = 30;
    private const double DefaultExpireAfterSeconds = 14 * 24 * 3600;

    /// <summary>Records every problem of one pool, under <paramref name="prop"/> (e.g. <c>NodePools[0]</c>).</summary>
    public static void Validate(PropValidator v, string prop, NodePoolOptions? pool, NodePoolFlavor flavor)
    {
        if (pool is null)
        {
            v.Fail(prop, null, "allowed: a node pool (null entries are not).");
            return;
        }

        KubernetesNames.ValidateLabel(v, $"{prop}.Name", pool.Name);
        if (pool.Name is not null && flavor.ReservedNames.Contains(pool.Name))
        {
            v.Fail($"{prop}.Name", pool.Name, $"it is the name of one of Auto Mode's built-in node pools ({string.Join(", ", flavor.ReservedNames)}); choose another.");
        }

        if (pool.Architectures is { Count: 0 })
        {
            v.FailWith($"{prop}.Architectures is empty; allowed: one or more of {string.Join(", ", Enum.GetNames<NodeArchitecture>())}.");
        }

        foreach (var a in pool.Architectures ?? [])
        {
            if (!Enum.IsDefined(a))
            {
                v.Fail($"{prop}.Architectures", a, $"allowed: {string.Join(", ", Enum.GetNames<NodeArchitecture>())}.");
            }
        }

        if (pool.CapacityTypes is { Count: 0 })
        {
            v.FailWith($"{prop}.CapacityTypes is empty; allowed: one or more of {string.Join(", ", Enum.GetNames<NodeCapacityType>())}.");
        }

        foreach (var c in pool.CapacityTypes ?? [])
        {
            if (!Enum.IsDefined(c))
            {
                v.Fail($"{prop}.CapacityTypes", c, $"allowed: {string.Join(", ", Enum.GetNames<NodeCapacityType>())}.");
            }
        }

        if (pool.InstanceCategories is { Count: 0 })
        {
            v.FailWith($"{prop}.InstanceCategories is empty; allowed: one or more EC2 instance categories such as \"c\", \"m\", \"r\".");
        }

        foreach (var category in pool.InstanceCategories ?? [])
        {
            if (category is null || (!PropValidator.IsToken(category) && !Category().IsMatch(category)))
            {
                v.Fail($"{prop}.InstanceCategories", category, "allowed: an EC2 instance category, lower-case letters such as \"c\", \"m\", \"r\" or \"inf\".");
            }
        }

        if (pool.InstanceFamilies is { Count: 0 })
        {
            v.FailWith($"{prop}.InstanceFamilies is empty; allowed: one or more EC2 instance families such as \"m7g\", \"c7i\" (or leave it unset for any family).");
        }

        foreach (var family in pool.InstanceFamilies ?? [])
        {
            if (family is null || (!PropValidator.IsToken(family) && !Family().IsMatch(family)))
            {
                v.Fail($"{prop}.InstanceFamilies", family, "allowed: an EC2 instance family, the part of an instance type before the dot, such as \"m7g\" or \"c7i\".");
            }
        }

        v.Range($"{prop}.MinInstanceGeneration", pool.MinInstanceGeneration, 1, MaxGeneration);
        if (pool.CpuLimit is { } cpu && !PropValidator.IsToken(cpu) && (double.IsNaN(cpu) || cpu <= 0))
        {
            v.Fail($"{prop}.CpuLimit", cpu, "allowed: a number of vCPUs above 0 (leave it unset for no limit).");
        }

        if (pool.MemoryLimit is { } memory && !Token.IsUnresolved(memory) && memory.ToMebibytes() <= 0)
        {
            v.FailWith($"{prop}.MemoryLimit = 0 MiB is not valid; allowed: a size above 0 (leave it unset for no limit).");
        }

        v.Range($"{prop}.MaxDisruptedNodesPercent", pool.MaxDisruptedNodesPercent, 0, 100, "%");
        v.Range($"{prop}.Weight", pool.Weight, 1, MaxWeight);
        DurationRange(v, $"{prop}.ConsolidateAfter", pool.ConsolidateAfter, 0, MaxConsolidateAfterSeconds, "from 0 seconds to 24 hours");
        DurationRange(v, $"{prop}.ExpireAfter", pool.ExpireAfter, MinExpireAfterSeconds, flavor.MaxExpireAfterSeconds, flavor.ExpireAfterAllowed);
    }

    /// <summary>Records every problem of a list of pools (each pool's, and names given twice).</summary>
    public static void ValidateAll(PropValidator v, string prop, IReadOnlyList<NodePoolOptions?> pools, NodePoolFlavor flavor)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < pools.Count; i++)
        {
            Validate(v, $"{prop}[{i}]", pools[i], flavor);
            if (pools[i]?.Name is { } name && !names.Add(name))
            {
                v.Fail($"{prop}[{i}].Name", name, "another node pool has that name; each needs its own.");
            }
        }
    }

    /// <summary>The id of a pool's manifest construct: <c>NodePool</c> and the name in PascalCase (<c>graviton-spot</c> → <c>NodePoolGravitonSpot</c>).</summary>
    public static string ConstructId(string name) =>
        "NodePool" + string.Concat(name.Split('-').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));

    /// <summary>The <c>NodePool</c> manifest of a validated pool.</summary>
    public static Dictionary<string, object> Render(NodePoolOptions pool, NodePoolFlavor flavor)
    {
        var architectures = (pool.Architectures ?? DefaultArchitectures).Distinct().Select(a => a == NodeArchitecture.Arm64 ? "arm64" : "amd64").ToArray();
        var capacity = (pool.CapacityTypes ?? DefaultCapacityTypes).Distinct().Select(c => c == NodeCapacityType.Spot ? "spot" : "on-demand").ToArray();
        // Given families name the instances precisely: the category and generation defaults would only narrow them.
        var families = pool.InstanceFamilies?.Distinct(StringComparer.Ordinal).ToArray();
        var categories = (pool.InstanceCategories ?? (families is null ? DefaultCategories : null))?.Distinct(StringComparer.Ordinal).ToArray();
        var minGeneration = pool.MinInstanceGeneration is { } g ? (int)g : families is null ? DefaultMinGeneration : (int?)null;
        var requirements = new List<object> { Requirement("karpenter.sh/capacity-type", "In", capacity) };
        if (categories is not null)
        {
            requirements.Add(Requirement($"{flavor.LabelDomain}/instance-category", "In", categories));
        }

        if (minGeneration is { } generation)
        {
            requirements.Add(Requirement($"{flavor.LabelDomain}/instance-generation", "Gt", [(generation - 1).ToString(CultureInfo.InvariantCulture)]));
        }

        if (families is not null)
        {
            requirements.Add(Requirement($"{flavor.LabelDomain}/instance-family", "In", families));
        }

        requirements.Add(Requirement("kubernetes.io/arch", "In", architectures));
        requirements.Add(Requirement("kubernetes.io/os", "In", ["linux"]));
        var nodeSpec = new Dictionary<string, object>
        {
            ["nodeClassRef"] = new Dictionary<string, object>(flavor.NodeClassRef),
            ["requirements"] = requirements.ToArray(),
            ["expireAfter"] = GoDuration(pool.ExpireAfter, DefaultExpireAfterSeconds),
        };
        var template = new Dictionary<string, object>();
        if (pool.Labels is { Count: > 0 } labels)
        {
            template["metadata"] = new Dictionary<string, object> { ["labels"] = labels.ToDictionary(l => l.Key, l => (object)l.Value) };
        }

        template["spec"] = nodeSpec;
        var spec = new Dictionary<string, object>
        {
            ["template"] = template,
            ["disruption"] = new Dictionary<string, object>
            {
                ["consolidationPolicy"] = "WhenEmptyOrUnderutilized",
                ["consolidateAfter"] = GoDuration(pool.ConsolidateAfter, DefaultConsolidateAfterSeconds),
                ["budgets"] = new object[]
                {
                    new Dictionary<string, object> { ["nodes"] = $"{(int)(pool.MaxDisruptedNodesPercent ?? DefaultDisruptedPercent)}%" },
                },
            },
        };
        var limits = new Dictionary<string, object>();
        if (pool.CpuLimit is { } cpu)
        {
            limits["cpu"] = PropValidator.IsToken(cpu) ? Token.AsString(cpu) : cpu.ToString(CultureInfo.InvariantCulture);
        }

        if (pool.MemoryLimit is { } memory)
        {
            var mib = memory.ToMebibytes();
            limits["memory"] = mib % 1024 == 0 ? $"{(mib / 1024).ToString(CultureInfo.InvariantCulture)}Gi" : $"{mib.ToString(CultureInfo.InvariantCulture)}Mi";
        }

        if (limits.Count > 0)
        {
            spec["limits"] = limits;
        }

        if (pool.Weight is { } weight)
        {
            spec["weight"] = weight;
        }

        return new Dictionary<string, object>
        {
            ["apiVersion"] = "karpenter.sh/v1",
            ["kind"] = "NodePool",
            ["metadata"] = new Dictionary<string, object> { ["name"] = pool.Name },
            ["spec"] = spec,
        };
    }

    private static Dictionary<string, object> Requirement(string key, string op, string[] values) =>
        new() { ["key"] = key, ["operator"] = op, ["values"] = values };

    // Karpenter takes Go durations; whole hours or minutes read better than seconds.
    private static string GoDuration(Duration? duration, double defaultSeconds)
    {
        var seconds = (long)(duration?.ToSeconds() ?? defaultSeconds);
        return seconds == 0 ? "0s"
            : seconds % 3600 == 0 ? $"{seconds / 3600}h"
            : seconds % 60 == 0 ? $"{seconds / 60}m"
            : $"{seconds}s";
    }

    private static void DurationRange(PropValidator v, string prop, Duration? duration, double min, double max, string allowed)
    {
        if (duration is null || Token.IsUnresolved(duration))
        {
            return;
        }

        var seconds = duration.ToSeconds(new TimeConversionOptions { Integral = false });
        if (seconds < min || seconds > max || Math.Floor(seconds) != seconds)
        {
            v.FailWith($"{prop} = {seconds.ToString(CultureInfo.InvariantCulture)} seconds is not valid; allowed: {allowed}, in whole seconds.");
        }
    }

    [GeneratedRegex("^[a-z]{1,10}$")]
    private static partial Regex Category();

    // EC2 instance families: a letter, then letters, digits and '-' (m7g, c6gn, u-6tb1, mac2-m2pro).
    [GeneratedRegex("^[a-z][a-z0-9-]{1,19}$")]
    private static partial Regex Family();
}

/// <summary>Where node pools differ between EKS Auto Mode and self-managed Karpenter.</summary>
/// <param name="LabelDomain">The domain of the well-known instance labels (<c>eks.amazonaws.com</c> or <c>karpenter.k8s.aws</c>).</param>
/// <param name="NodeClassRef">The <c>nodeClassRef</c> of every pool.</param>
/// <param name="ReservedNames">Pool names that are taken (Auto Mode's built-in pools).</param>
/// <param name="MaxExpireAfterSeconds">The longest node lifetime.</param>
/// <param name="ExpireAfterAllowed">The allowed node lifetimes, for messages.</param>
internal sealed record NodePoolFlavor(
    string LabelDomain,
    IReadOnlyDictionary<string, object> NodeClassRef,
    IReadOnlyList<string> ReservedNames,
    double MaxExpireAfterSeconds,
    string ExpireAfterAllowed);
