using System.Globalization;
using System.Text.RegularExpressions;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// Validates node pool options (<see cref="AutoModeNodePool"/>, <see cref="KarpenterNodePool"/>) and renders them as a
/// Karpenter <c>NodePool</c> manifest, on Auto Mode's node class or on self-managed Karpenter's <c>EC2NodeClass</c>.
/// </summary>
internal static partial class NodePoolManifest
{
    // Auto Mode's built-in node pools (EKS ComputeConfig.NodePools): a custom pool may not take their names (EKS user
    // guide, "Enable or disable built-in NodePools", set-builtin-node-pools.adoc, read 2026-12-02).
    public static readonly string[] BuiltInPools = ["general-purpose", "system"];

    /// <summary>
    /// EKS Auto Mode's node pools: its own labels and node class, at most 21 days per node, and no <c>kubernetes.io/os</c>
    /// requirement (Auto Mode runs Linux only and lists the label as unsupported); the sources, read 2026-12-02, beside each.
    /// </summary>
    public static readonly NodePoolFlavor AutoMode = new(
        "eks.amazonaws.com",
        new Dictionary<string, object> { ["group"] = "eks.amazonaws.com", ["kind"] = "NodeClass", ["name"] = "default" },
        BuiltInPools,
        // EKS Auto Mode replaces every node after at most 21 days (EKS user guide, "Create a Node Pool for EKS Auto
        // Mode", create-node-pool.adoc: expireAfter, read 2026-12-02).
        21 * 24 * 3600,
        "from 1 hour to 21 days (Auto Mode replaces nodes after at most 21 days)",
        // "EKS Auto Mode does not support the following labels ... kubernetes.io/os" (create-node-pool.adoc, read 2026-12-02).
        RequireLinux: false);

    /// <summary>
    /// Self-managed Karpenter's node pools: the AWS provider's labels and the construct's <c>default</c> EC2NodeClass (no
    /// longest node lifetime: expireAfter takes any Go duration or Never, karpenter.sh_nodepools.yaml of Karpenter v1.14.1,
    /// read 2026-12-02).
    /// </summary>
    public static readonly NodePoolFlavor Karpenter = new(
        "karpenter.k8s.aws",
        new Dictionary<string, object> { ["group"] = "karpenter.k8s.aws", ["kind"] = "EC2NodeClass", ["name"] = KarpenterNodeClass.Name },
        [],
        double.PositiveInfinity,
        "1 hour or more",
        // kubernetes.io/os is one of Karpenter's well-known labels (Karpenter v1.14 docs, concepts/scheduling.md, read 2026-12-02).
        RequireLinux: true);

    // This library's bounds, not AWS or Karpenter limits: a node expiring within an hour spends much of its life being
    // drained, and a consolidateAfter beyond a day keeps idle nodes for days.
    private const double MinExpireAfterSeconds = 3600;
    private const double MaxConsolidateAfterSeconds = 24 * 3600;

    // Karpenter NodePool spec.weight: minimum 1, maximum 100 (karpenter.sh_nodepools.yaml of Karpenter v1.14.1, read 2026-12-02).
    private const int MaxWeight = 100;

    // This library's bound, not an AWS one: EC2 instance generations in use are single or low double digits (8 in
    // 2026); 20 leaves room.
    private const int MaxGeneration = 20;

    // Kubernetes label keys and values (Kubernetes documentation, "Labels and Selectors", syntax and character set, read
    // 2026-12-02; the same patterns as karpenter.sh_nodepools.yaml of Karpenter v1.14.1): an optional DNS-subdomain prefix
    // of at most 253 characters and a name of at most 63; values of at most 63; at most 100 labels per pool (the CRD's
    // maxProperties).
    private const int MaxLabelPrefixLength = 253;
    private const int MaxLabelNameLength = 63;
    private const int MaxLabels = 100;

    // The label domains the v1.14.1 NodePool CRD restricts in spec.template.metadata.labels (its x-kubernetes-validations,
    // read 2026-12-02): karpenter.sh (but karpenter.sh/capacity-type), kubernetes.io/hostname, and karpenter.k8s.aws but
    // for the well-known labels listed here.
    private static readonly string[] AllowedKarpenterShLabels = ["karpenter.sh/capacity-type"];
    private static readonly string[] RestrictedLabels = ["kubernetes.io/hostname", "karpenter.sh/nodepool"];
    private static readonly HashSet<string> AllowedKarpenterAwsLabels = new(StringComparer.Ordinal)
    {
        "karpenter.k8s.aws/instance-tenancy", "karpenter.k8s.aws/capacity-reservation-type", "karpenter.k8s.aws/capacity-reservation-id",
        "karpenter.k8s.aws/capacity-reservation-interruptible", "karpenter.k8s.aws/ec2nodeclass",
        "karpenter.k8s.aws/instance-encryption-in-transit-supported", "karpenter.k8s.aws/instance-category",
        "karpenter.k8s.aws/instance-hypervisor", "karpenter.k8s.aws/instance-family", "karpenter.k8s.aws/instance-generation",
        "karpenter.k8s.aws/instance-local-nvme", "karpenter.k8s.aws/instance-size", "karpenter.k8s.aws/instance-cpu",
        "karpenter.k8s.aws/instance-cpu-manufacturer", "karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz",
        "karpenter.k8s.aws/instance-memory", "karpenter.k8s.aws/instance-ebs-bandwidth", "karpenter.k8s.aws/instance-network-bandwidth",
        "karpenter.k8s.aws/instance-gpu-name", "karpenter.k8s.aws/instance-gpu-manufacturer", "karpenter.k8s.aws/instance-gpu-count",
        "karpenter.k8s.aws/instance-gpu-memory", "karpenter.k8s.aws/instance-accelerator-name",
        "karpenter.k8s.aws/instance-accelerator-manufacturer", "karpenter.k8s.aws/instance-accelerator-count",
        "karpenter.k8s.aws/instance-capability-flex", "karpenter.k8s.aws/placement-group-id", "karpenter.k8s.aws/placement-group-partition",
    };

    // A generation requirement is "Gt (generation - 1)"; a token generation cannot be decremented at synth, so its
    // value is picked from this list by index (Fn::Select) at deploy time: index g holds g - 1.
    private static readonly string[] GenerationsBelow = Enumerable.Range(-1, MaxGeneration + 1).Select(g => g.ToString(CultureInfo.InvariantCulture)).ToArray();

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

        if (pool.MemoryLimit is { } memory)
        {
            if (memory.IsUnresolved())
            {
                if (MemoryQuantity(memory) is null)
                {
                    v.FailWith($"{prop}.MemoryLimit is a token in another unit than GiB or MiB, which a Kubernetes quantity cannot be converted to at synth; allowed: Size.Gibibytes(token) or Size.Mebibytes(token).");
                }
            }
            else if (memory.ToMebibytes(new SizeConversionOptions { Rounding = SizeRoundingBehavior.NONE }) <= 0)
            {
                v.FailWith($"{prop}.MemoryLimit = 0 MiB is not valid; allowed: a size above 0 (leave it unset for no limit).");
            }
        }

        v.Range($"{prop}.MaxDisruptedNodesPercent", pool.MaxDisruptedNodesPercent, 0, 100, "%");
        v.Range($"{prop}.Weight", pool.Weight, 1, MaxWeight);
        DurationRange(v, $"{prop}.ConsolidateAfter", pool.ConsolidateAfter, 0, MaxConsolidateAfterSeconds, "from 0 seconds to 24 hours");
        DurationRange(v, $"{prop}.ExpireAfter", pool.ExpireAfter, MinExpireAfterSeconds, flavor.MaxExpireAfterSeconds, flavor.ExpireAfterAllowed);
        ValidateLabels(v, $"{prop}.Labels", pool.Labels);
    }

    /// <summary>Records every problem of a list of pools (each pool's, and names given twice or making the same construct id).</summary>
    public static void ValidateAll(PropValidator v, string prop, IReadOnlyList<NodePoolOptions?> pools, NodePoolFlavor flavor)
    {
        var names = new NodePoolNames();
        for (var i = 0; i < pools.Count; i++)
        {
            Validate(v, $"{prop}[{i}]", pools[i], flavor);
            if (pools[i]?.Name is { } name)
            {
                names.Validate(v, $"{prop}[{i}].Name", name);
                names.Add(name);
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
        var minGeneration = pool.MinInstanceGeneration ?? (families is null ? DefaultMinGeneration : null);
        var requirements = new List<object> { Requirement("karpenter.sh/capacity-type", "In", capacity) };
        if (categories is not null)
        {
            requirements.Add(Requirement($"{flavor.LabelDomain}/instance-category", "In", categories));
        }

        if (minGeneration is { } generation)
        {
            var below = PropValidator.IsToken(generation) ? Fn.Select(generation, GenerationsBelow) : (generation - 1).ToString(CultureInfo.InvariantCulture);
            requirements.Add(Requirement($"{flavor.LabelDomain}/instance-generation", "Gt", [below]));
        }

        if (families is not null)
        {
            requirements.Add(Requirement($"{flavor.LabelDomain}/instance-family", "In", families));
        }

        requirements.Add(Requirement("kubernetes.io/arch", "In", architectures));
        if (flavor.RequireLinux)
        {
            requirements.Add(Requirement("kubernetes.io/os", "In", ["linux"]));
        }

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
                    new Dictionary<string, object> { ["nodes"] = Percent(pool.MaxDisruptedNodesPercent ?? DefaultDisruptedPercent) },
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
            limits["memory"] = MemoryQuantity(memory)!; // validated: a token has one of the units
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

    // Karpenter takes Go durations (validated: a token is in seconds, minutes or hours).
    private static string GoDuration(Duration? duration, double defaultSeconds) =>
        KubernetesQuantities.GoDuration(duration ?? Duration.Seconds(defaultSeconds))!;

    // A whole percentage as Karpenter's budget takes it ("10%"), a token as a token.
    private static string Percent(double percent) =>
        (PropValidator.IsToken(percent) ? Token.AsString(percent) : percent.ToString(CultureInfo.InvariantCulture)) + "%";

    private static string? MemoryQuantity(Size memory) =>
        KubernetesQuantities.Quantity(memory, KubernetesQuantities.Gibibytes, KubernetesQuantities.Mebibytes);

    private static void DurationRange(PropValidator v, string prop, Duration? duration, double min, double max, string allowed)
    {
        if (duration is null)
        {
            return;
        }

        if (duration.IsUnresolved())
        {
            if (KubernetesQuantities.GoDuration(duration) is null)
            {
                v.FailWith($"{prop} is a token in {duration.UnitLabel()}, which a Go duration cannot be converted to at synth; allowed: a token as {KubernetesQuantities.TokenDurationUnits}.");
            }

            return;
        }

        var seconds = duration.ToSeconds(new TimeConversionOptions { Integral = false });
        if (seconds < min || seconds > max || Math.Floor(seconds) != seconds)
        {
            v.FailWith($"{prop} = {seconds.ToString(CultureInfo.InvariantCulture)} seconds is not valid; allowed: {allowed}, in whole seconds.");
        }
    }

    private static void ValidateLabels(PropValidator v, string prop, IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return;
        }

        if (labels.Count > MaxLabels)
        {
            v.FailWith($"{prop} has {labels.Count} labels; allowed: at most {MaxLabels} (the NodePool CRD's limit).");
        }

        foreach (var (key, value) in labels)
        {
            if (!PropValidator.IsToken(key))
            {
                var slash = key.IndexOf('/', StringComparison.Ordinal);
                var prefix = slash < 0 ? null : key[..slash];
                var name = slash < 0 ? key : key[(slash + 1)..];
                if (!LabelKey().IsMatch(key) || name.Length > MaxLabelNameLength || prefix?.Length > MaxLabelPrefixLength)
                {
                    v.Fail($"{prop} key", key, $"allowed: a Kubernetes label key, a name of 1 to {MaxLabelNameLength} letters, digits, '-', '_' and '.' starting and ending with a letter or digit, optionally after a DNS subdomain prefix of at most {MaxLabelPrefixLength} characters and a '/' (e.g. \"example.com/tier\").");
                    continue;
                }

                if (RestrictedBy(key, prefix ?? key) is { } rule)
                {
                    v.Fail($"{prop} key", key, $"{rule}, which Karpenter's NodePool refuses in a pool's labels; allowed: a label of your own domain (e.g. \"example.com/tier\" or \"tier\").");
                }
            }

            if (value is null || (!PropValidator.IsToken(value) && (value.Length > MaxLabelNameLength || !LabelValue().IsMatch(value))))
            {
                v.Fail($"{prop}[\"{key}\"]", value, $"allowed: a Kubernetes label value, empty or 1 to {MaxLabelNameLength} letters, digits, '-', '_' and '.' starting and ending with a letter or digit.");
            }
        }
    }

    // Mirrors the CRD's rules: a domain is the part before the first '/' (the whole key without one), matched by suffix.
    private static string? RestrictedBy(string key, string domain) =>
        RestrictedLabels.Contains(key) ? $"the label \"{key}\" is restricted"
        : domain.EndsWith("karpenter.sh", StringComparison.Ordinal) && !AllowedKarpenterShLabels.Contains(key) ? "its domain karpenter.sh is restricted"
        : domain.EndsWith("karpenter.k8s.aws", StringComparison.Ordinal) && !AllowedKarpenterAwsLabels.Contains(key) ? "its domain karpenter.k8s.aws is restricted"
        : null;

    // The label key and value patterns of karpenter.sh_nodepools.yaml of Karpenter v1.14.1 (read 2026-12-02).
    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelKey();

    // The label value pattern of the same CRD (read 2026-12-02).
    [GeneratedRegex(@"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    // This library's bound: EC2 instance categories are short lower-case words ("c", "inf", "trn", "hpc").
    [GeneratedRegex("^[a-z]{1,10}$")]
    private static partial Regex Category();

    // EC2 instance families: a letter, then letters, digits and '-' (m7g, c6gn, u-6tb1, mac2-m2pro: EC2 User Guide, "Amazon
    // EC2 instance type naming conventions", read 2026-12-02).
    [GeneratedRegex("^[a-z][a-z0-9-]{1,19}$")]
    private static partial Regex Family();
}

/// <summary>Where node pools differ between EKS Auto Mode and self-managed Karpenter.</summary>
/// <param name="LabelDomain">The domain of the well-known instance labels (<c>eks.amazonaws.com</c> or <c>karpenter.k8s.aws</c>).</param>
/// <param name="NodeClassRef">The <c>nodeClassRef</c> of every pool.</param>
/// <param name="ReservedNames">Pool names that are taken (Auto Mode's built-in pools).</param>
/// <param name="MaxExpireAfterSeconds">The longest node lifetime.</param>
/// <param name="ExpireAfterAllowed">The allowed node lifetimes, for messages.</param>
/// <param name="RequireLinux">Whether pools require <c>kubernetes.io/os</c> = <c>linux</c> (not on Auto Mode, which does not support the label).</param>
internal sealed record NodePoolFlavor(
    string LabelDomain,
    IReadOnlyDictionary<string, object> NodeClassRef,
    IReadOnlyList<string> ReservedNames,
    double MaxExpireAfterSeconds,
    string ExpireAfterAllowed,
    bool RequireLinux);

/// <summary>
/// The node pools of one owner (a cluster or a Karpenter) by construct id: a pool's name must be new, and so must the id
/// it makes (<c>pool-1</c> and <c>pool1</c> both make <c>NodePoolPool1</c>).
/// </summary>
internal sealed class NodePoolNames
{
    private readonly Dictionary<string, string> _byId = new(StringComparer.Ordinal);

    /// <summary>Records a problem when the name, or the construct id it makes, is taken.</summary>
    public void Validate(PropValidator v, string prop, string name)
    {
        if (_byId.TryGetValue(NodePoolManifest.ConstructId(name), out var other))
        {
            v.Fail(prop, name, other == name
                ? "another node pool has that name; each needs its own."
                : $"it makes the same construct id ({NodePoolManifest.ConstructId(name)}) as node pool \"{other}\"; choose a name that differs from it by more than its dashes.");
        }
    }

    /// <summary>Takes the name (and its construct id).</summary>
    public void Add(string name) => _byId.TryAdd(NodePoolManifest.ConstructId(name), name);
}
