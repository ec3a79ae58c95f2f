namespace ContainerPatterns.Kubernetes;

/// <summary>
/// What a Karpenter <c>NodePool</c> says, in the typed options that EKS Auto Mode's pools (<see cref="AutoModeNodePool"/>)
/// and self-managed Karpenter's pools (<see cref="KarpenterNodePool"/>) share. Pods land on a pool's nodes when their
/// requirements match them (e.g. a <c>nodeSelector</c> on one of its <see cref="Labels"/>) or when the pool has a higher
/// <see cref="Weight"/> than the others.
/// </summary>
public abstract class NodePoolOptions
{
    /// <summary>Only the node pool classes of this library derive from it.</summary>
    private protected NodePoolOptions()
    {
    }

    /// <summary>
    /// The node pool's name: a DNS-1123 label (lower-case letters, digits and '-', at most 63), unique among the pools of
    /// the cluster, also once its dashes are dropped (it names the pool's construct: <c>pool-1</c> and <c>pool1</c> would
    /// clash); on Auto Mode not <c>general-purpose</c> or <c>system</c> (its built-in pools).
    /// </summary>
    public required string Name { get; init; }

    /// <summary>CPU architectures the nodes may have; not empty. Default: <see cref="NodeArchitecture.Arm64"/> only (Graviton: better price-performance; the images must be built for arm64).</summary>
    public IReadOnlyList<NodeArchitecture>? Architectures { get; init; }

    /// <summary>How the instances are bought; not empty. With both, Karpenter prefers Spot. Default: <see cref="NodeCapacityType.OnDemand"/> only.</summary>
    public IReadOnlyList<NodeCapacityType>? CapacityTypes { get; init; }

    /// <summary>
    /// EC2 instance categories (the letters before the generation, e.g. <c>c</c>, <c>m</c>, <c>r</c>, <c>t</c>, <c>g</c>); not
    /// empty. Default: <c>c</c>, <c>m</c> and <c>r</c> (as Auto Mode's general-purpose pool), unless
    /// <see cref="InstanceFamilies"/> are given (then any category).
    /// </summary>
    public IReadOnlyList<string>? InstanceCategories { get; init; }

    /// <summary>
    /// The oldest instance generation allowed, 1–20 (e.g. 6 allows m6g, m7g, m8g). Default: 5 (as Auto Mode's
    /// general-purpose pool, which takes generations above 4), unless <see cref="InstanceFamilies"/> are given (then any
    /// generation).
    /// </summary>
    public double? MinInstanceGeneration { get; init; }

    /// <summary>
    /// EC2 instance families (the part of the instance type before the dot, e.g. <c>m7g</c>, <c>c7i</c>); not empty. When
    /// given, <see cref="InstanceCategories"/> and <see cref="MinInstanceGeneration"/> apply only if they are set too.
    /// Default: any family of the categories and generations above.
    /// </summary>
    public IReadOnlyList<string>? InstanceFamilies { get; init; }

    /// <summary>The most vCPUs all nodes of the pool may have together, above 0. Default: no limit.</summary>
    public double? CpuLimit { get; init; }

    /// <summary>The most memory all nodes of the pool may have together, above 0 (a token as <c>Size.Gibibytes</c> or <c>Size.Mebibytes</c>). Default: no limit.</summary>
    public Size? MemoryLimit { get; init; }

    /// <summary>The share of the pool's nodes that voluntary disruption (consolidation, expiry, drift) may take down at once, in percent, 0–100. Default: 10 %.</summary>
    public double? MaxDisruptedNodesPercent { get; init; }

    /// <summary>How long a node must be empty or underused before it is consolidated, 0 to 24 hours (whole seconds; a token in seconds, minutes or hours). Default: 30 seconds.</summary>
    public Duration? ConsolidateAfter { get; init; }

    /// <summary>
    /// How long a node lives before it is replaced by a fresh one (whole seconds): from 1 hour to 21 days on Auto Mode (its
    /// longest node lifetime), 1 hour or more with self-managed Karpenter; a token in seconds, minutes or hours. Default: 14 days.
    /// </summary>
    public Duration? ExpireAfter { get; init; }

    /// <summary>The pool's priority when more than one pool fits a pod, 1–100 (higher first). Default: none (Auto Mode's built-in pools have none either).</summary>
    public double? Weight { get; init; }

    /// <summary>
    /// Kubernetes labels every node of the pool gets, so pods can select it (at most 100): keys are qualified names (e.g.
    /// <c>tier</c> or <c>example.com/tier</c>) outside the domains Karpenter reserves (<c>karpenter.sh</c>,
    /// <c>karpenter.k8s.aws</c> but for its well-known labels, and <c>kubernetes.io/hostname</c>); values are empty or up
    /// to 63 letters, digits, '-', '_' and '.'. Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
