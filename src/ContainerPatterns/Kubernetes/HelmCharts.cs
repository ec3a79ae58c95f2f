using Amazon.CDK.AWS.EKS;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// What every chart installed through CDK's kubectl handler must get right with the Helm 4 of every current kubectl
/// layer: an OCI chart is given as its whole <c>oci://</c> reference in the chart, with no repository.
/// </summary>
/// <remarks>
/// The 2.160 handler pulls a chart whose repository starts with <c>oci://</c> and then runs
/// <c>helm upgrade RELEASE LOCAL-DIR --repo oci://...</c>, which Helm 4 rejects (aws/aws-cdk#37143); with the whole
/// reference as the chart and no repository it runs <c>helm upgrade RELEASE oci://... --install --version V</c>.
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

    /// <summary>Validates the options of <see cref="Amazon.CDK.AWS.EKS.ICluster.AddHelmChart"/>-style calls.</summary>
    public static void Validate(PropValidator v, HelmChartOptions options) =>
        Validate(v, nameof(options.Chart), options.Chart, nameof(options.Repository), options.Repository);
}
