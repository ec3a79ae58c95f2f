using Amazon.CDK.AWS.SecretsManager;

namespace ContainerPatterns.Ecr;

/// <summary>Which scanner the registry uses (<c>AWS::ECR::RegistryScanningConfiguration</c> <c>ScanType</c>).</summary>
public enum RegistryScanType
{
    /// <summary>ECR's basic scanning (<c>BASIC</c>): operating-system package CVEs, on push.</summary>
    Basic,

    /// <summary>Amazon Inspector enhanced scanning (<c>ENHANCED</c>): OS and language packages, on push or continuously; billed by Inspector.</summary>
    Enhanced,
}

/// <summary>When images are scanned (<c>ScanFrequency</c>).</summary>
public enum RegistryScanFrequency
{
    /// <summary>When an image is pushed (<c>SCAN_ON_PUSH</c>); basic and enhanced scanning.</summary>
    ScanOnPush,

    /// <summary>On push and again whenever Inspector learns of a new vulnerability (<c>CONTINUOUS_SCAN</c>); enhanced scanning only.</summary>
    ContinuousScan,
}

/// <summary>Registry-wide image scanning for a <see cref="ContainerRegistrySettings"/>.</summary>
public sealed class RegistryScanning
{
    /// <summary>The scanner: basic or enhanced (Amazon Inspector).</summary>
    public required RegistryScanType Type { get; init; }

    /// <summary>
    /// Which repositories are scanned how: at most 2 rules, one per frequency. Default: one rule for every
    /// repository (<c>*</c>), <see cref="RegistryScanFrequency.ScanOnPush"/> for basic scanning and
    /// <see cref="RegistryScanFrequency.ContinuousScan"/> for enhanced scanning (Inspector bills each rescan; give
    /// a <see cref="RegistryScanFrequency.ScanOnPush"/> rule to pay for pushes only).
    /// </summary>
    public IReadOnlyList<RegistryScanningRule>? Rules { get; init; }
}

/// <summary>One registry scanning rule: a frequency for the repositories matching its filters.</summary>
public sealed class RegistryScanningRule
{
    /// <summary>When the matching repositories' images are scanned.</summary>
    public required RegistryScanFrequency Frequency { get; init; }

    /// <summary>
    /// Repository name filters (1–100), each 1–255 lowercase letters, digits, '.', '_', '-', '/' and the wildcard
    /// <c>*</c>, e.g. <c>*</c> or <c>prod/*</c>.
    /// </summary>
    public required IReadOnlyList<string> RepositoryFilters { get; init; }
}

/// <summary>A replication rule: repositories (by name prefix) copied to other regions and/or accounts.</summary>
public sealed class RegistryReplicationRule
{
    /// <summary>Where images are replicated to; no destination twice, nor this stack's own region and account.</summary>
    public required IReadOnlyList<ReplicationDestination> Destinations { get; init; }

    /// <summary>Repository name prefixes (1–100, each 2–256 characters) the rule is limited to, each the start of a repository name, e.g. <c>prod/</c>, <c>team-</c> or <c>prod_</c>. Default: every repository.</summary>
    public IReadOnlyList<string>? RepositoryPrefixes { get; init; }
}

/// <summary>A replication destination: a region, in this account or another.</summary>
public sealed class ReplicationDestination
{
    /// <summary>The destination region's name, e.g. <c>eu-west-1</c>.</summary>
    public required string Region { get; init; }

    /// <summary>
    /// The destination account (12-digit id); its registry policy must allow this account to replicate into it.
    /// Default: this stack's account.
    /// </summary>
    public string? Account { get; init; }
}

/// <summary>Public upstream registries a pull-through cache rule can mirror.</summary>
public enum UpstreamRegistry
{
    /// <summary>Amazon ECR Public (<c>ecr-public</c>); no credentials.</summary>
    EcrPublic,

    /// <summary>Quay (<c>quay</c>); credentials optional.</summary>
    Quay,

    /// <summary>The Kubernetes container image registry (<c>k8s</c>); no credentials.</summary>
    Kubernetes,

    /// <summary>GitHub Container Registry (<c>github-container-registry</c>); needs credentials.</summary>
    GitHubContainerRegistry,

    /// <summary>Docker Hub (<c>docker-hub</c>); needs credentials.</summary>
    DockerHub,
}

/// <summary>A pull-through cache rule: repositories under <see cref="RepositoryPrefix"/> mirror an upstream registry.</summary>
public sealed class PullThroughCache
{
    /// <summary>
    /// The upstream registry. The rule points at its public host, the only one ECR accepts for it:
    /// <c>public.ecr.aws</c>, <c>quay.io</c>, <c>registry.k8s.io</c>, <c>ghcr.io</c> or <c>registry-1.docker.io</c>.
    /// </summary>
    public required UpstreamRegistry Upstream { get; init; }

    /// <summary>
    /// The prefix of the cached repositories (2–30 characters, ECR repository name rules); no prefix may equal
    /// another or contain it as a leading path. Default: <c>ecr-public</c>, <c>quay</c>, <c>k8s</c>, <c>ghcr</c> or
    /// <c>docker-hub</c> by upstream.
    /// </summary>
    public string? RepositoryPrefix { get; init; }

    /// <summary>
    /// The Secrets Manager secret with the upstream credentials; its name must start with
    /// <c>ecr-pullthroughcache/</c>. Required for GitHub Container Registry and Docker Hub, optional for Quay, not
    /// allowed for ECR Public and the Kubernetes registry. Default: none.
    /// </summary>
    public ISecret? Credentials { get; init; }
}
