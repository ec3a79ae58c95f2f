using Amazon.CDK.AWS.EKS;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// What every chart installed through CDK's kubectl handler must get right with the Helm 4 of every current kubectl
/// layer: an OCI chart is given as its whole <c>oci://</c> reference in the chart, with no repository.
/// </summary>
/// <remarks>
/// The 2.160 handler pulls a chart whose repository starts with <c>oci://</c> and then runs
/// <c>helm upgrade RELEASE LOCAL-DIR --repo oci://...</c>, which Helm 4 rejects (aws/aws-cdk#37143, read 2026-12-02); with
/// the whole reference as the chart and no repository it runs <c>helm upgrade RELEASE oci://... --install --version V</c>.
/// </remarks>
internal static class HelmCharts
{
    private const string Oci = "oci://";

    /// <summary>Records the Helm 4 trap: an <c>oci://</c> repository, or an <c>oci://</c> chart with a repository.</summary>
    public static void Validate(PropValidator v, string chartProp, string? chart, string repositoryProp, string? repository)
    {
        if (repository is null || PropValidator.IsToken(repository))
        {
            return;
        }

        if (repository.StartsWith(Oci, StringComparison.OrdinalIgnoreCase))
        {
            var whole = chart is null || PropValidator.IsToken(chart) || chart.StartsWith(Oci, StringComparison.OrdinalIgnoreCase)
                ? "the whole oci:// reference"
                : $"\"{repository.TrimEnd('/')}/{chart}\"";
            v.Fail(repositoryProp, repository, $"the Helm 4 of every current kubectl layer ignores the pulled chart when the repository is an oci:// one (aws/aws-cdk#37143); give {whole} as {chartProp} and no {repositoryProp}.");
        }
        else if (chart is not null && !PropValidator.IsToken(chart) && chart.StartsWith(Oci, StringComparison.OrdinalIgnoreCase))
        {
            v.Fail(repositoryProp, repository, $"{chartProp} = \"{chart}\" is an OCI chart, which is its whole reference; drop {repositoryProp}.");
        }
    }

    /// <summary>
    /// Validates the options of <see cref="Amazon.CDK.AWS.EKS.ICluster.AddHelmChart"/>-style calls: a chart (or chart
    /// asset), the Helm 4 trap, a version Helm can resolve, and a namespace Kubernetes accepts.
    /// </summary>
    public static void Validate(PropValidator v, HelmChartOptions options)
    {
        if (options.Chart is null && options.ChartAsset is null)
        {
            v.Fail(nameof(options.Chart), null, "it is required (or ChartAsset); allowed: the chart's name in Repository, or the whole oci:// reference of an OCI chart.");
        }

        Validate(v, nameof(options.Chart), options.Chart, nameof(options.Repository), options.Repository);
        ValidateVersion(v, nameof(options.Version), options.Version);
        if (options.Namespace is { } ns && !PropValidator.IsToken(ns) && !KubernetesNames.IsDnsLabel(ns))
        {
            v.Fail(nameof(options.Namespace), ns, "a namespace name must be a DNS-1123 label; " + KubernetesNames.LabelRule);
        }
    }

    /// <summary>
    /// Records a chart version Helm cannot resolve: <c>--version</c> takes a version or a version constraint, and with
    /// none Helm takes the newest (Helm documentation, helm install, "--version", read 2026-12-02); "latest" is neither.
    /// </summary>
    public static void ValidateVersion(PropValidator v, string prop, string? version)
    {
        if (version is not null && !PropValidator.IsToken(version) && (version.Trim().Length == 0 || version.Trim().Equals("latest", StringComparison.OrdinalIgnoreCase)))
        {
            v.Fail(prop, version, "Helm takes a chart version or a version range and has no version named latest; allowed: a version such as \"1.2.3\", a range such as \"~1.2\", or leave it unset for the newest.");
        }
    }
}
