namespace ContainerPatterns.Kubernetes;

/// <summary>Properties of <see cref="AwsLoadBalancerController"/> (the cluster, identity and extra Helm values: see <see cref="ControllerAddOnProps"/>).</summary>
public sealed class AwsLoadBalancerControllerProps : ControllerAddOnProps
{
    /// <summary>
    /// The chart version, e.g. <c>3.5.0</c> (the controller's v3.5.0; chart 1.17.1 is controller v2.17.1): one the EKS charts
    /// repository has, 1.13.0 to 3.5.0, whose controller documents the IAM policy this construct grants (unchanged from
    /// v2.13.0 to v3.5.0). Default: 3.5.0.
    /// </summary>
    public string? Version { get; init; }

    /// <summary>The chart's name in <see cref="Repository"/>, or the whole <c>oci://</c> reference of a copy (then with no <see cref="Repository"/>). Default: <c>aws-load-balancer-controller</c>.</summary>
    public string? Chart { get; init; }

    /// <summary>
    /// The classic (HTTP) Helm repository the chart comes from; not an <c>oci://</c> one (the Helm 4 of every current kubectl
    /// layer cannot install OCI charts from a repository: give the whole reference as <see cref="Chart"/>). Default:
    /// <c>https://aws.github.io/eks-charts</c> (the EKS charts repository).
    /// </summary>
    public string? Repository { get; init; }
}
