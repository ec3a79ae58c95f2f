namespace ContainerPatterns.Kubernetes;

/// <summary>A Kubernetes service account whose pods act as an IAM role (see <see cref="PodIdentityServiceAccount"/> and <see cref="IrsaServiceAccount"/>).</summary>
public class KubernetesServiceAccountOptions
{
    /// <summary>
    /// The service account's name: a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253), unique
    /// in its namespace among the service accounts this app puts on the cluster.
    /// </summary>
    public required string Name { get; init; }

    /// <summary>The namespace of the service account: a DNS-1123 label; it must exist (or be created by a manifest the service account depends on). Default: <c>default</c>.</summary>
    public string? Namespace { get; init; }

    /// <summary>Whether the service account is created through the kubectl provider (turn off when a Helm chart or another manifest creates it). Default: true.</summary>
    public bool? CreateServiceAccount { get; init; }
}
