using System.Globalization;
using System.Text.RegularExpressions;
using ContainerPatterns.Kubernetes;

namespace ContainerPatterns.Internal;

/// <summary>Validates <see cref="AutoModeNodePool"/> options and renders them as a Karpenter <c>NodePool</c> manifest on Auto Mode's node class.</summary>
internal static partial class NodePoolManifest
{
    // Auto Mode's built-in node pools (EKS ComputeConfig.NodePools): a custom pool may not take their names.
    public static readonly string[] BuiltInPools = ["general-purpose", "system"];

    // EKS Auto Mode replaces every node after at most 21 days (Auto Mode node lifetime limit).
    private const double MaxExpireAfterSeconds = 21 * 24 * 3600;
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
    public static void Validate(PropValidator v, string prop, AutoModeNodePool? pool)
    {
        if (pool is null)
        {
            v.Fail(prop, null, "allowed: a node pool (null entries are not).");
            return;
        }

        KubernetesNames.ValidateLabel(v, $"{prop}.Name", pool.Name);
        if (pool.Name is not null && BuiltInPools.Contains(pool.Name))
        {
            v.Fail($"{prop}.Name", pool.Name, $"it is the name of one of Auto Mode's built-in node pools ({string.Join(", ", BuiltInPools)}); choose another.");
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
        DurationRange(v, $"{prop}.ExpireAfter", pool.ExpireAfter, MinExpireAfterSeconds, MaxExpireAfterSeconds, "from 1 hour to 21 days (Auto Mode replaces nodes after at most 21 days)");
    }

    /// <summary>The <c>NodePool</c> manifest of a validated pool.</summary>
    public static Dictionary<string, object> Render(AutoModeNodePool pool)
    {
        var architectures = (pool.Architectures ?? DefaultArchitectures).Distinct().Select(a => a == NodeArchitecture.Arm64 ? "arm64" : "amd64").ToArray();
        var capacity = (pool.CapacityTypes ?? DefaultCapacityTypes).Distinct().Select(c => c == NodeCapacityType.Spot ? "spot" : "on-demand").ToArray();
        var categories = (pool.InstanceCategories ?? DefaultCategories).Distinct(StringComparer.Ordinal).ToArray();
        var minGeneration = pool.MinInstanceGeneration is { } g ? (int)g : DefaultMinGeneration;
        var nodeSpec = new Dictionary<string, object>
        {
            ["nodeClassRef"] = new Dictionary<string, object> { ["group"] = "eks.amazonaws.com", ["kind"] = "NodeClass", ["name"] = "default" },
            ["requirements"] = new object[]
            {
                Requirement("karpenter.sh/capacity-type", "In", capacity),
                Requirement("eks.amazonaws.com/instance-category", "In", categories),
                Requirement("eks.amazonaws.com/instance-generation", "Gt", [(minGeneration - 1).ToString(CultureInfo.InvariantCulture)]),
                Requirement("kubernetes.io/arch", "In", architectures),
                Requirement("kubernetes.io/os", "In", ["linux"]),
            },
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
}
