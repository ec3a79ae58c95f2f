using System.Globalization;
using System.Text.RegularExpressions;

namespace ContainerPatterns.Kubernetes;

/// <summary>The Kubernetes versions EKS creates clusters of, and which of them the shipped kubectl layer serves.</summary>
internal static partial class KubernetesVersions
{
    /// <summary>
    /// The default version: in EKS standard support (1.35's ends on 2027-03-27, 1.36's months later) and the version of
    /// the shipped kubectl layer.
    /// </summary>
    public const string Default = "1.36";

    // End of EKS extended support per minor version (EKS user guide, "Understand the Kubernetes version lifecycle on EKS",
    // Amazon EKS Kubernetes release calendar, read 2026-12-02). EKS creates a version until then; versions after 1.35 have
    // no published end yet.
    private static readonly Dictionary<int, DateOnly> ExtendedSupportEnds = new()
    {
        [28] = new DateOnly(2025, 11, 26),
        [29] = new DateOnly(2026, 3, 23),
        [30] = new DateOnly(2026, 7, 23),
        [31] = new DateOnly(2026, 11, 26),
        [32] = new DateOnly(2027, 3, 23),
        [33] = new DateOnly(2027, 7, 29),
        [34] = new DateOnly(2027, 12, 2),
        [35] = new DateOnly(2028, 3, 27),
    };

    // The newest version EKS has released that this library knows of (the release calendar above, read 2026-12-02).
    private const int NewestKnownMinor = 37;

    /// <summary>The minor version of a <c>1.NN</c> string, or null when it is not one.</summary>
    public static int? Minor(string version)
    {
        var m = Pattern().Match(version);
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The oldest minor version EKS still creates on <paramref name="today"/>.</summary>
    public static int OldestCreatable(DateOnly today) =>
        ExtendedSupportEnds.Where(e => e.Value >= today).Select(e => e.Key).DefaultIfEmpty(NewestKnownMinor).Min();

    /// <summary>
    /// Records a problem when EKS does not create clusters of the version: too old, or newer than this library knows
    /// (accepted with a kubectl layer of the user's own, who then knows the version exists).
    /// </summary>
    public static void Validate(PropValidator v, string prop, string version, DateOnly today, bool ownKubectlLayer)
    {
        var oldest = OldestCreatable(today);
        var allowed = $"allowed: 1.{oldest} to 1.{NewestKnownMinor}";
        if (Minor(version) is not { } minor)
        {
            v.Fail(prop, version, $"{allowed}, written as \"1.NN\" (e.g. KubernetesVersion.Of(\"{Default}\")).");
        }
        else if (minor < oldest)
        {
            var ended = ExtendedSupportEnds.TryGetValue(minor, out var end) ? $" (its extended support ended on {end:yyyy-MM-dd})" : string.Empty;
            v.Fail(prop, version, $"EKS no longer creates Kubernetes {version} clusters{ended}; {allowed}.");
        }
        else if (minor > NewestKnownMinor && !ownKubectlLayer)
        {
            v.Fail(prop, version, $"EKS had not released it when this library was built; {allowed} (or pass a KubectlLayer with a matching kubectl for a newer version).");
        }
    }

    // EKS versions are MAJOR.MINOR, e.g. "1.36" (EKS API reference, CreateCluster version, read 2026-12-02).
    [GeneratedRegex(@"^1\.(\d{1,3})$")]
    private static partial Regex Pattern();
}
