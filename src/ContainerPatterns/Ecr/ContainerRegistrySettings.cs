using System.Text;
using System.Text.RegularExpressions;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.SecretsManager;

namespace ContainerPatterns.Ecr;

/// <summary>Properties of a <see cref="ContainerRegistrySettings"/>; each part is optional, at least one is needed.</summary>
public sealed class ContainerRegistrySettingsProps
{
    /// <summary>Registry-wide scanning, basic or enhanced (Amazon Inspector). Default: none (ECR's registry setting is left as it is).</summary>
    public RegistryScanning? Scanning { get; init; }

    /// <summary>Replication rules (at most 10, with at most 25 unique destinations in all). Default: none.</summary>
    public IReadOnlyList<RegistryReplicationRule>? Replication { get; init; }

    /// <summary>Pull-through cache rules for public upstream registries. Default: none.</summary>
    public IReadOnlyList<PullThroughCache>? PullThroughCaches { get; init; }
}

/// <summary>
/// The private registry's own settings: scanning, replication and pull-through cache rules. A registry has one
/// scanning and one replication configuration per account and region, so create this once per account and
/// region: a second one in the same stack fails at synth, one in another stack of the same account and region fails
/// at deploy.
/// </summary>
public sealed partial class ContainerRegistrySettings : Construct
{
    // PutRegistryScanningConfiguration: at most 2 rules, 1–100 filters per rule, filters 1–255 characters
    // (AWS::ECR::RegistryScanningConfiguration ScanningRepositoryFilter.Filter; ECR API reference, read 2026-12-02 in its
    // API model, botocore 1.43.11).
    private const int MaxScanningRules = 2;
    private const int MaxFilters = 100;
    private const int MaxFilterLength = 255;

    // PutReplicationConfiguration: at most 10 rules, 1–100 filters per rule, prefixes 2–256 characters (ECR API reference,
    // read 2026-12-02 in its API model, botocore 1.43.11; ECR service quotas: 100 filters per rule, read 2026-12-02); 25
    // unique destinations in all (ECR user guide, private registry replication; not re-read 2026-12-02).
    private const int MaxReplicationRules = 10;
    private const int MaxDestinations = 25;
    private const int MinPrefixLength = 2;

    // CreatePullThroughCacheRule: ecrRepositoryPrefix is 2–30 characters (ECR API reference, read 2026-12-02 in its API
    // model, botocore 1.43.11); secrets are named ecr-pullthroughcache/... (ECR user guide, pull through cache).
    private const int MaxCachePrefixLength = 30;
    private const string CredentialSecretPrefix = "ecr-pullthroughcache/";

    // Upstream registry type, its public host as ECR's pull-through cache documentation lists it, the default
    // repository prefix, and whether credentials are needed (true), optional (null) or not accepted (false).
    private static readonly Dictionary<UpstreamRegistry, (string Value, string Host, string DefaultPrefix, bool? NeedsCredentials)> Upstreams = new()
    {
        [UpstreamRegistry.EcrPublic] = ("ecr-public", "public.ecr.aws", "ecr-public", false),
        [UpstreamRegistry.Quay] = ("quay", "quay.io", "quay", null),
        [UpstreamRegistry.Kubernetes] = ("k8s", "registry.k8s.io", "k8s", false),
        [UpstreamRegistry.GitHubContainerRegistry] = ("github-container-registry", "ghcr.io", "ghcr", true),
        [UpstreamRegistry.DockerHub] = ("docker-hub", "registry-1.docker.io", "docker-hub", true),
    };

    /// <summary>Creates the registry settings.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public ContainerRegistrySettings(Construct scope, string id, ContainerRegistrySettingsProps props)
        : base(scope, id)
    {
        var v = new PropValidator(scope, id);
        v.ThrowIfPropsMissing(props, nameof(ContainerRegistrySettingsProps));
        var stack = Stack.Of(scope);
        var s = Settings.Resolve(props);
        s.Validate(v, props, stack, this);
        v.ThrowIfAny();

        ScanningConfiguration = props.Scanning is { } scan && s.ScanningRules is { } rules ? NewScanning(scan, rules) : null;
        ReplicationConfiguration = props.Replication is { } replication ? NewReplication(replication, stack) : null;
        PullThroughCacheRules = NewPullThroughCaches(s.Caches);
    }

    /// <summary>The registry scanning configuration (<c>AWS::ECR::RegistryScanningConfiguration</c>); null unless scanning was given.</summary>
    public CfnResource? ScanningConfiguration { get; }

    /// <summary>The replication configuration; null unless replication rules were given.</summary>
    public CfnReplicationConfiguration? ReplicationConfiguration { get; }

    /// <summary>The pull-through cache rules, in the order given.</summary>
    public IReadOnlyList<CfnPullThroughCacheRule> PullThroughCacheRules { get; }

    // CDK 2.160 has no L1 class for AWS::ECR::RegistryScanningConfiguration.
    private CfnResource NewScanning(RegistryScanning scan, IReadOnlyList<RegistryScanningRule> rules) =>
        new(this, "Scanning", new CfnResourceProps
        {
            Type = "AWS::ECR::RegistryScanningConfiguration",
            Properties = new Dictionary<string, object>
            {
                ["ScanType"] = scan.Type == RegistryScanType.Enhanced ? "ENHANCED" : "BASIC",
                ["Rules"] = rules.Select(r => new Dictionary<string, object>
                {
                    ["ScanFrequency"] = r.Frequency == RegistryScanFrequency.ContinuousScan ? "CONTINUOUS_SCAN" : "SCAN_ON_PUSH",
                    ["RepositoryFilters"] = r.RepositoryFilters.Select(f => new Dictionary<string, object> { ["Filter"] = f, ["FilterType"] = "WILDCARD" }).ToArray(),
                }).ToArray(),
            },
        });

    private CfnReplicationConfiguration NewReplication(IReadOnlyList<RegistryReplicationRule> rules, Stack stack) =>
        new(this, "Replication", new CfnReplicationConfigurationProps
        {
            ReplicationConfiguration = new CfnReplicationConfiguration.ReplicationConfigurationProperty
            {
                Rules = rules.Select(r => (object)new CfnReplicationConfiguration.ReplicationRuleProperty
                {
                    Destinations = r.Destinations.Select(d => (object)new CfnReplicationConfiguration.ReplicationDestinationProperty
                    {
                        Region = d.Region,
                        RegistryId = d.Account ?? stack.Account,
                    }).ToArray(),
                    RepositoryFilters = r.RepositoryPrefixes?.Select(p => (object)new CfnReplicationConfiguration.RepositoryFilterProperty
                    {
                        Filter = p,
                        FilterType = "PREFIX_MATCH",
                    }).ToArray(),
                }).ToArray(),
            },
        });

    // One rule per cache, its id from its prefix (PullThroughCacheEcrPublic) unless the prefix is a token or two
    // prefixes make the same id.
    private List<CfnPullThroughCacheRule> NewPullThroughCaches(IReadOnlyList<(PullThroughCache Cache, string Prefix)> caches)
    {
        var created = new List<CfnPullThroughCacheRule>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < caches.Count; i++)
        {
            var (cache, prefix) = caches[i];
            var childId = "PullThroughCache" + PascalCase(prefix);
            if (PropValidator.IsToken(prefix) || !ids.Add(childId))
            {
                childId = $"PullThroughCache{i}";
            }

            created.Add(new CfnPullThroughCacheRule(this, childId, new CfnPullThroughCacheRuleProps
            {
                EcrRepositoryPrefix = prefix,
                UpstreamRegistry = Upstreams[cache.Upstream].Value,
                UpstreamRegistryUrl = Upstreams[cache.Upstream].Host,
                CredentialArn = cache.Credentials is { } secret ? secret.SecretFullArn ?? secret.SecretArn : null,
            }));
        }

        return created;
    }

    private static void ValidateScanning(PropValidator v, string prop, RegistryScanning scanning, IReadOnlyList<RegistryScanningRule> rules)
    {
        if (rules.Count is 0 or > MaxScanningRules)
        {
            v.FailWith($"{prop}.{nameof(scanning.Rules)} has {rules.Count} rules; allowed: 1 to {MaxScanningRules} (one per frequency).");
        }

        v.Defined($"{prop}.{nameof(scanning.Type)}", (RegistryScanType?)scanning.Type);
        var frequencies = new HashSet<RegistryScanFrequency>();
        foreach (var (rule, at) in v.Entries($"{prop}.{nameof(scanning.Rules)}", rules, "a RegistryScanningRule"))
        {
            v.Defined($"{at}.{nameof(rule.Frequency)}", (RegistryScanFrequency?)rule.Frequency);
            if (scanning.Type == RegistryScanType.Basic && rule.Frequency == RegistryScanFrequency.ContinuousScan)
            {
                v.Fail($"{at}.{nameof(rule.Frequency)}", rule.Frequency, "continuous scanning needs Type = Enhanced; allowed with Basic: ScanOnPush.");
            }
            else if (!frequencies.Add(rule.Frequency))
            {
                v.Fail($"{at}.{nameof(rule.Frequency)}", rule.Frequency, "an earlier rule has the same frequency (duplicate); allowed: one rule per frequency, with all its filters.");
            }

            ValidateFilters(v, $"{at}.{nameof(rule.RepositoryFilters)}", rule.RepositoryFilters, WildcardFilter(), 1, MaxFilterLength,
                "lowercase letters, digits, '.', '_', '-', '/' and the wildcard *, e.g. \"prod/*\"");
        }

    }

    private static void ValidateReplication(PropValidator v, string prop, IReadOnlyList<RegistryReplicationRule> rules, Stack stack)
    {
        if (rules.Count is 0 or > MaxReplicationRules)
        {
            v.FailWith($"{prop} has {rules.Count} rules; allowed: 1 to {MaxReplicationRules}.");
        }

        var destinations = new HashSet<(string Region, string Account)>();
        foreach (var (rule, at) in v.Entries(prop, rules, "a RegistryReplicationRule"))
        {
            if (rule.Destinations is not { Count: > 0 })
            {
                v.FailWith($"{at}.{nameof(rule.Destinations)} is empty; allowed: one or more regions and/or accounts.");
                continue;
            }

            var seen = new HashSet<(string, string)>();
            for (var j = 0; j < rule.Destinations.Count; j++)
            {
                var d = rule.Destinations[j];
                var dAt = $"{at}.{nameof(rule.Destinations)}[{j}]";
                if (v.Missing(dAt, d, "a ReplicationDestination") || v.Missing($"{dAt}.{nameof(d.Region)}", d.Region, "a region name such as \"eu-west-1\""))
                {
                    continue;
                }

                var regionOk = PropValidator.IsToken(d.Region) || AwsRegions.IsKnown(d.Region);
                if (!regionOk)
                {
                    v.Fail($"{dAt}.{nameof(d.Region)}", d.Region, "allowed: the name of an AWS region, such as \"eu-west-1\" (ECR replicates to regions only).");
                }

                var accountOk = d.Account is null || PropValidator.IsToken(d.Account) || EcrNames.IsAccountId(d.Account);
                if (!accountOk)
                {
                    v.Fail($"{dAt}.{nameof(d.Account)}", d.Account, EcrNames.AccountIdAllowed);
                }

                if (!regionOk || !accountOk)
                {
                    continue;
                }

                destinations.Add((d.Region, d.Account ?? string.Empty));
                var sameAccount = d.Account is null || (!Token.IsUnresolved(stack.Account) && d.Account == stack.Account);
                if (sameAccount && !Token.IsUnresolved(stack.Region) && d.Region == stack.Region)
                {
                    v.FailWith($"{dAt} replicates to {d.Region} in account {d.Account ?? stack.Account}, which is this stack's own region and account; allowed: another region, another account, or both.");
                }
                else if (!seen.Add((d.Region, d.Account ?? string.Empty)))
                {
                    v.FailWith($"{dAt} repeats the destination {d.Region}{(d.Account is null ? string.Empty : " in account " + d.Account)} (duplicate); give each destination once.");
                }
            }

            if (rule.RepositoryPrefixes is { } prefixes)
            {
                ValidateFilters(v, $"{at}.{nameof(rule.RepositoryPrefixes)}", prefixes, PrefixFilter(), MinPrefixLength, EcrNames.MaxRepositoryNameLength,
                    "lowercase letters, digits, '.', '_', '-' and '/', the start of a repository name, e.g. \"prod/\"");
            }
        }

        if (destinations.Count > MaxDestinations)
        {
            v.FailWith($"{prop} has {destinations.Count} unique destinations in all; allowed: at most {MaxDestinations} (ECR replication limit).");
        }
    }

    private static void ValidatePullThroughCaches(PropValidator v, string prop, IReadOnlyList<PullThroughCache> caches)
    {
        var prefixes = new List<(string Prefix, string At)>();
        foreach (var (cache, at) in v.Entries(prop, caches, "a PullThroughCache"))
        {
            if (!Upstreams.TryGetValue(cache.Upstream, out var upstream))
            {
                v.Defined($"{at}.{nameof(cache.Upstream)}", (UpstreamRegistry?)cache.Upstream);
                continue;
            }

            var prefix = cache.RepositoryPrefix ?? upstream.DefaultPrefix;
            if (!PropValidator.IsToken(prefix))
            {
                if (prefix.Length < MinPrefixLength || prefix.Length > MaxCachePrefixLength || !EcrNames.IsRepositoryName(prefix))
                {
                    v.Fail($"{at}.{nameof(cache.RepositoryPrefix)}", prefix, $"allowed: {MinPrefixLength} to {MaxCachePrefixLength} characters following ECR repository name rules (lowercase letters and digits joined by '.', '_', '-' or '/').");
                }
                else if (prefixes.FirstOrDefault(p => p.Prefix == prefix || prefix.StartsWith(p.Prefix + "/", StringComparison.Ordinal) || p.Prefix.StartsWith(prefix + "/", StringComparison.Ordinal)) is { At: not null } other)
                {
                    v.Fail($"{at}.{nameof(cache.RepositoryPrefix)}", prefix, $"it collides with \"{other.Prefix}\" of {other.At} (a repository name would match both rules); allowed: a prefix no other rule has or contains.");
                }
                else
                {
                    prefixes.Add((prefix, at));
                }
            }

            var needs = upstream.NeedsCredentials;
            if (needs == true && cache.Credentials is null)
            {
                v.FailWith($"{at}.{nameof(cache.Credentials)} is missing; {cache.Upstream} needs a Secrets Manager secret named {CredentialSecretPrefix}... with the upstream credentials.");
            }
            else if (needs == false && cache.Credentials is not null)
            {
                v.FailWith($"{at}.{nameof(cache.Credentials)} is given, but {cache.Upstream} takes no credentials; drop {nameof(cache.Credentials)}.");
            }
            else if (cache.Credentials is { } secret && SecretNameOf(secret) is { } secretName
                && !secretName.StartsWith(CredentialSecretPrefix, StringComparison.Ordinal))
            {
                v.Fail($"{at}.{nameof(cache.Credentials)}", secretName, $"allowed: a secret whose name starts with \"{CredentialSecretPrefix}\" (ECR reads pull-through cache credentials only from such secrets).");
            }
        }

    }

    private static void ValidateFilters(PropValidator v, string prop, IReadOnlyList<string>? filters, Regex pattern, int minLength, int maxLength, string allowed)
    {
        if (filters is not { Count: > 0 } || filters.Count > MaxFilters)
        {
            v.FailWith($"{prop} has {filters?.Count ?? 0} entries; allowed: 1 to {MaxFilters}.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (f, at) in v.Literals(prop, filters, "a filter"))
        {
            if (f.Length < minLength || f.Length > maxLength || !pattern.IsMatch(f))
            {
                v.Fail(at, f, $"allowed: {minLength} to {maxLength} {allowed}.");
            }
            else if (!seen.Add(f))
            {
                v.Fail(at, f, "an earlier entry is the same (duplicate); give each once.");
            }
        }
    }

    private static string PascalCase(string prefix)
    {
        var sb = new StringBuilder();
        var upper = true;
        foreach (var c in prefix)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        return sb.ToString();
    }

    // RepositoryFilter (scanning): ^[a-z0-9*](?:[._\-/a-z0-9*]?[a-z0-9*]+)*$ (ECR API reference, ScanningRepositoryFilter,
    // read 2026-12-02 in its API model, botocore 1.43.11).
    [GeneratedRegex(@"^[a-z0-9*](?:[._\-/a-z0-9*]?[a-z0-9*]+)*$", RegexOptions.NonBacktracking)]
    private static partial Regex WildcardFilter();

    // The secret's name when it is known at synth: an imported secret's name, or the literal name of a secret
    // created in this app (whose SecretName is a token, so read from its CfnSecret).
    private static string? SecretNameOf(ISecret secret)
    {
        var name = secret.SecretName;
        if (!PropValidator.IsToken(name))
        {
            return name;
        }

        return secret.Node.DefaultChild is CfnSecret { Name: { } literal } && !PropValidator.IsToken(literal) ? literal : null;
    }

    // A replication prefix (PREFIX_MATCH) is the start of a repository name: whole path parts, then the start of one,
    // which may end in a separator ("team-", "prod_", "prod/"), as ECR's filter pattern allows.
    [GeneratedRegex(@"^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*(?:[a-z0-9]+(?:[._-][a-z0-9]+)*[._-]?)?$", RegexOptions.NonBacktracking)]
    private static partial Regex PrefixFilter();

    /// <summary>The props with every default resolved, read by validation and building alike.</summary>
    /// <param name="ScanningRules">The scanning rules (one for every repository by default); null without scanning.</param>
    /// <param name="Caches">The pull-through caches of a known upstream, with their repository prefixes.</param>
    private sealed record Settings(IReadOnlyList<RegistryScanningRule>? ScanningRules, IReadOnlyList<(PullThroughCache Cache, string Prefix)> Caches)
    {
        public static Settings Resolve(ContainerRegistrySettingsProps p) => new(
            p.Scanning is { } scanning ? scanning.Rules ?? DefaultScanningRules(scanning) : null,
            (p.PullThroughCaches ?? [])
                .Where(c => c is not null && Upstreams.ContainsKey(c.Upstream))
                .Select(c => (c, c.RepositoryPrefix ?? Upstreams[c.Upstream].DefaultPrefix))
                .ToList());

        public void Validate(PropValidator v, ContainerRegistrySettingsProps p, Stack stack, ContainerRegistrySettings self)
        {
            // One jsii call for the whole stack, once per instance: a second instance would clash at deploy.
            if (stack.Node.FindAll().OfType<ContainerRegistrySettings>().FirstOrDefault(other => !ReferenceEquals(other, self)) is { } existing)
            {
                v.FailWith($"this stack already has ContainerRegistrySettings at {existing.Node.Path}; ECR keeps one scanning and one replication configuration per account and region, so put every rule in that one.");
            }

            if (p.Scanning is null && p.Replication is null && p.PullThroughCaches is null)
            {
                v.FailWith($"no settings given; give at least one of {nameof(p.Scanning)}, {nameof(p.Replication)} or {nameof(p.PullThroughCaches)}.");
            }

            if (p.Scanning is { } scanning && ScanningRules is { } rules)
            {
                ValidateScanning(v, nameof(p.Scanning), scanning, rules);
            }

            if (p.Replication is { } replication)
            {
                ValidateReplication(v, nameof(p.Replication), replication, stack);
            }

            if (p.PullThroughCaches is { } caches)
            {
                ValidatePullThroughCaches(v, nameof(p.PullThroughCaches), caches);
            }
        }

        private static IReadOnlyList<RegistryScanningRule> DefaultScanningRules(RegistryScanning scanning) =>
        [
            new RegistryScanningRule
            {
                Frequency = scanning.Type == RegistryScanType.Enhanced ? RegistryScanFrequency.ContinuousScan : RegistryScanFrequency.ScanOnPush,
                RepositoryFilters = ["*"],
            },
        ];
    }
}
