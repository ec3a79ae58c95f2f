using System.Globalization;
using System.Text.RegularExpressions;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// The Karpenter releases this library knows and the Kubernetes versions each supports, checked at synth: the chart
/// version a <see cref="ContainerPatterns.Kubernetes.Karpenter"/> installs must support the cluster's version.
/// </summary>
internal static partial class KarpenterVersions
{
    // The newest patch release of each Karpenter 1.x minor version in the table (aws/karpenter-provider-aws release tags
    // v1.12.0 to v1.14.1, read 2026-12-02). The table starts at 1.12: Karpenter documents the same controller policy and interruption rules for
    // 1.12, 1.13 and 1.14 (website/content/en/v1.12 to v1.14, getting-started cloudformation.yaml), the ones this library
    // grants; older releases document other policies (no zonal-shift or placement-group permissions, four rules).
    private static readonly SortedDictionary<int, int> NewestPatch = new()
    {
        [12] = 2,
        [13] = 1,
        [14] = 1,
    };

    // The oldest Karpenter release that supports each Kubernetes minor version (Karpenter's compatibility matrix,
    // website/content/en/v1.14/upgrading/compatibility.md, read 2026-12-02), some older than the table; no release
    // supports a newer Kubernetes yet.
    private static readonly SortedDictionary<int, Release> OldestForKubernetes = new()
    {
        [32] = new(2, 0),
        [33] = new(5, 0),
        [34] = new(6, 0),
        [35] = new(9, 0),
        [36] = new(13, 0),
    };

    /// <summary>The oldest release in the table.</summary>
    public static string Oldest => Release.Of(NewestPatch.Keys.First(), 0).ToString();

    /// <summary>The newest release in the table (the default for every Kubernetes version it supports).</summary>
    public static string Newest => Release.Of(NewestPatch.Keys.Last(), NewestPatch.Values.Last()).ToString();

    /// <summary>The newest Kubernetes minor version any release in the table supports.</summary>
    public static int NewestKubernetesMinor => OldestForKubernetes.Keys.Last();

    /// <summary>
    /// Resolves the Karpenter version for a cluster of Kubernetes 1.<paramref name="kubernetesMinor"/> (null when it is
    /// a token): the given one when the table has it and it supports that version, else the problem is recorded; the
    /// newest release when none is given.
    /// </summary>
    public static string Resolve(PropValidator v, string prop, string? version, int? kubernetesMinor)
    {
        if (kubernetesMinor is { } k && k > NewestKubernetesMinor)
        {
            v.Fail("Cluster.Version", $"1.{k}", $"no Karpenter release in this library's compatibility table supports it (the newest, {Newest}, supports Kubernetes up to 1.{NewestKubernetesMinor}); allowed: a cluster of Kubernetes 1.{NewestKubernetesMinor} or older.");
            return version ?? Newest;
        }

        if (version is null || PropValidator.IsToken(version))
        {
            return version ?? Newest;
        }

        var first = Release.Of(NewestPatch.Keys.First(), 0);
        var allowed = kubernetesMinor is { } minor && OldestForKubernetes.TryGetValue(minor, out var oldest)
            ? $"allowed for Kubernetes 1.{minor}: {(oldest.CompareTo(first) > 0 ? oldest : first)} to {Newest}"
            : $"allowed: {Oldest} to {Newest}";
        var m = Pattern().Match(version);
        if (!m.Success)
        {
            v.Fail(prop, version, $"{allowed}, written as the chart version (e.g. \"{Newest}\", without a \"v\").");
            return version;
        }

        var release = new Release(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        if (!NewestPatch.TryGetValue(release.Minor, out var newestPatch) || release.Patch > newestPatch)
        {
            var older = release.CompareTo(first) < 0 ? ", whose controller policy is the one Karpenter documents for 1.12 and later" : string.Empty;
            v.Fail(prop, version, $"it is not a Karpenter release in this library's compatibility table ({Oldest} to {Newest}{older}); {allowed}.");
        }
        else if (kubernetesMinor is { } cluster && OldestForKubernetes.TryGetValue(cluster, out var needed) && release.CompareTo(needed) < 0)
        {
            v.Fail(prop, version, $"Karpenter {version} does not support Kubernetes 1.{cluster}, which needs Karpenter {needed} or later; {allowed}.");
        }

        return version;
    }

    // Karpenter's chart versions are MAJOR.MINOR.PATCH without a v (public.ecr.aws/karpenter/karpenter tags, e.g. 1.14.1;
    // Karpenter v1.14 docs, getting-started, KARPENTER_VERSION; read 2026-12-02).
    [GeneratedRegex(@"^1\.(\d{1,3})\.(\d{1,3})$")]
    private static partial Regex Pattern();

    /// <summary>A Karpenter 1.x release.</summary>
    private readonly record struct Release(int Minor, int Patch) : IComparable<Release>
    {
        public static Release Of(int minor, int patch) => new(minor, patch);

        public int CompareTo(Release other) => Minor != other.Minor ? Minor.CompareTo(other.Minor) : Patch.CompareTo(other.Patch);

        public override string ToString() => $"1.{Minor}.{Patch}";
    }
}
