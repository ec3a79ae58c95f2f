using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using ContainerPatterns.Internal;
using Constructs;

namespace ContainerPatterns.Ecr;

/// <summary>Properties of a <see cref="ContainerRepository"/>.</summary>
public sealed class ContainerRepositoryProps
{
    /// <summary>
    /// The repository name: 2–256 lowercase letters and digits in /-separated path parts, each part a run of
    /// letters and digits joined by single '.', '_' or '-'. Default: none (CloudFormation generates one, so the
    /// stack can be deployed more than once per account and region).
    /// </summary>
    public string? RepositoryName { get; init; }

    /// <summary>
    /// Which images to keep (the lifecycle policy); <c>new ImageRetention()</c> keeps everything. Default:
    /// untagged images expire 14 days after push, tagged images are kept.
    /// </summary>
    public ImageRetention? Retention { get; init; }

    /// <summary>Whether every pushed image is scanned for vulnerabilities (basic scanning; registry-level enhanced scanning takes precedence). Default: true.</summary>
    public bool? ScanOnPush { get; init; }

    /// <summary>Whether tags are immutable, so a tag always names the image it was first pushed as. Default: true.</summary>
    public bool? ImmutableTags { get; init; }

    /// <summary>A customer-managed KMS key that encrypts the images. Default: none (AES256, keys managed by ECR).</summary>
    public IKey? EncryptionKey { get; init; }

    /// <summary>What happens to the repository when it leaves the stack. Default: <see cref="RemovalPolicy.RETAIN"/>.</summary>
    public RemovalPolicy? RemovalPolicy { get; init; }

    /// <summary>
    /// Whether CloudFormation deletes the images with the repository (for throwaway environments); needs
    /// <see cref="RemovalPolicy"/> = <see cref="RemovalPolicy.DESTROY"/>. Default: false (a repository that still
    /// holds images fails to delete).
    /// </summary>
    public bool? EmptyOnDelete { get; init; }

    /// <summary>
    /// AWS accounts (12-digit ids) whose principals may pull images, through the repository policy; each account
    /// still has to grant its own principals <c>ecr:GetAuthorizationToken</c> and the pull actions. Default: none.
    /// </summary>
    public IReadOnlyList<string>? PullAccountIds { get; init; }
}

/// <summary>
/// An ECR repository with safe defaults: scan on push, immutable tags, encryption (AES256 or a given KMS key),
/// retained on stack deletion, a lifecycle policy written from an <see cref="ImageRetention"/>, and
/// least-privilege pull and push grants, including cross-account pull through the repository policy.
/// </summary>
public sealed partial class ContainerRepository : Construct
{
    private const int DefaultUntaggedDays = 14;

    // ECR service quotas: at most 50 rules in a lifecycle policy.
    private const int MaxLifecycleRules = 50;

    // ECR repositories have no snapshots; these are the removal policies CloudFormation can apply to them.
    private static readonly RemovalPolicy[] RepositoryRemovalPolicies =
        [Amazon.CDK.RemovalPolicy.RETAIN, Amazon.CDK.RemovalPolicy.DESTROY, Amazon.CDK.RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE];

    // Docker image tags: up to 128 word characters, '.' and '-', not starting with '.' or '-'.
    private const int MaxTagLength = 128;

    // The actions an image pull needs on the repository (ECR's own "pull" set).
    private static readonly string[] PullActions = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"];

    private readonly Repository _repository;

    /// <summary>Creates the repository.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public ContainerRepository(Construct scope, string id, ContainerRepositoryProps? props = null)
        : base(scope, id)
    {
        props ??= new ContainerRepositoryProps();
        var v = new PropValidator(scope, id);
        if (props.RepositoryName is { } name && !PropValidator.IsToken(name) && !EcrNames.IsRepositoryName(name))
        {
            v.Fail(nameof(props.RepositoryName), name, EcrNames.RepositoryNameAllowed);
        }

        var retention = props.Retention ?? new ImageRetention { ExpireUntaggedAfterDays = DefaultUntaggedDays };
        ValidateRetention(v, nameof(props.Retention), retention);
        EcrNames.ValidateAccountIds(v, nameof(props.PullAccountIds), props.PullAccountIds);
        var removal = props.RemovalPolicy ?? Amazon.CDK.RemovalPolicy.RETAIN;
        if (!RepositoryRemovalPolicies.Contains(removal))
        {
            v.Fail(nameof(props.RemovalPolicy), removal, "allowed: RETAIN, DESTROY or RETAIN_ON_UPDATE_OR_DELETE (an ECR repository has no snapshots).");
        }

        if (props.EmptyOnDelete == true && removal != Amazon.CDK.RemovalPolicy.DESTROY)
        {
            v.FailWith($"{nameof(props.EmptyOnDelete)} = true needs {nameof(props.RemovalPolicy)} = DESTROY, but it is {removal}; set {nameof(props.RemovalPolicy)} = RemovalPolicy.DESTROY or drop {nameof(props.EmptyOnDelete)}.");
        }

        v.ThrowIfAny();

        _repository = new Repository(this, "Repository", new RepositoryProps
        {
            RepositoryName = props.RepositoryName,
            ImageScanOnPush = props.ScanOnPush ?? true,
            ImageTagMutability = props.ImmutableTags ?? true ? TagMutability.IMMUTABLE : TagMutability.MUTABLE,
            Encryption = props.EncryptionKey is null ? RepositoryEncryption.AES_256 : RepositoryEncryption.KMS,
            RemovalPolicy = removal,
            EmptyOnDelete = props.EmptyOnDelete == true ? true : null,
            LifecycleRules = LifecycleRules(retention),
        }.WithEncryptionKey(props.EncryptionKey));
        if (props.EncryptionKey is null)
        {
            // CDK leaves AES256 implicit; writing it makes the template say how images are encrypted.
            ((CfnRepository)_repository.Node.DefaultChild!).EncryptionConfiguration =
                new CfnRepository.EncryptionConfigurationProperty { EncryptionType = "AES256" };
        }

        if (props.PullAccountIds is { Count: > 0 } accounts)
        {
            _repository.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "CrossAccountPull",
                Principals = accounts.Select(a => (IPrincipal)new AccountPrincipal(a)).ToArray(),
                Actions = PullActions,
            }));
        }

        EncryptionKey = props.EncryptionKey;
    }

    /// <summary>The ECR repository.</summary>
    public IRepository Repository => _repository;

    /// <summary>The KMS key that encrypts the images; null when they are encrypted with AES256.</summary>
    public IKey? EncryptionKey { get; }

    /// <summary>
    /// Lets a principal pull images: the pull actions on this repository, and <c>ecr:GetAuthorizationToken</c>
    /// (an action ECR only grants on <c>*</c>, which cdk-nag's AwsSolutions-IAM5 reports on the principal's policy).
    /// </summary>
    public Grant GrantPull(IGrantable grantee) => _repository.GrantPull(grantee);

    /// <summary>
    /// Lets a principal (typically CI) push and pull images: the pull and layer-upload actions and
    /// <c>ecr:PutImage</c> on this repository, and <c>ecr:GetAuthorizationToken</c> (only grantable on <c>*</c>).
    /// </summary>
    public Grant GrantPullPush(IGrantable grantee) => _repository.GrantPullPush(grantee);

    private static void ValidateRetention(PropValidator v, string prop, ImageRetention retention)
    {
        PositiveWholeNumber(v, $"{prop}.{nameof(retention.ExpireUntaggedAfterDays)}", retention.ExpireUntaggedAfterDays);
        PositiveWholeNumber(v, $"{prop}.{nameof(retention.MaxImageCount)}", retention.MaxImageCount);
        var rules = retention.Tagged ?? [];
        var ecrRules = rules.Sum(r => r.TagPrefixes?.Count ?? 0)
            + (retention.ExpireUntaggedAfterDays is null ? 0 : 1)
            + (retention.MaxImageCount is null ? 0 : 1);
        if (ecrRules > MaxLifecycleRules)
        {
            v.FailWith($"{prop} needs {ecrRules} ECR lifecycle rules (one per tag prefix, plus the untagged rule and the cap); ECR allows at most {MaxLifecycleRules}. Use fewer tag prefixes.");
        }

        var prefixes = new List<(string Prefix, string Rule)>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var at = $"{prop}.{nameof(retention.Tagged)}[{i}]";
            if (rule.KeepLast is not null && rule.ExpireAfterDays is not null)
            {
                v.FailWith($"{at} gives both {nameof(rule.KeepLast)} = {rule.KeepLast} and {nameof(rule.ExpireAfterDays)} = {rule.ExpireAfterDays}; give one of them (an ECR rule counts either images or days).");
            }
            else if (rule.KeepLast is null && rule.ExpireAfterDays is null)
            {
                v.FailWith($"{at} gives neither {nameof(rule.KeepLast)} nor {nameof(rule.ExpireAfterDays)}; give one of them.");
            }

            PositiveWholeNumber(v, $"{at}.{nameof(rule.KeepLast)}", rule.KeepLast);
            PositiveWholeNumber(v, $"{at}.{nameof(rule.ExpireAfterDays)}", rule.ExpireAfterDays);
            if (rule.TagPrefixes is not { Count: > 0 })
            {
                v.FailWith($"{at}.{nameof(rule.TagPrefixes)} is empty; allowed: one or more tag prefixes (a rule on tagged images must say which tags it selects).");
                continue;
            }

            for (var j = 0; j < rule.TagPrefixes.Count; j++)
            {
                var prefix = rule.TagPrefixes[j];
                var prefixProp = $"{at}.{nameof(rule.TagPrefixes)}[{j}]";
                if (PropValidator.IsToken(prefix))
                {
                    continue;
                }

                if (!TagPrefix().IsMatch(prefix))
                {
                    v.Fail(prefixProp, prefix, $"allowed: 1 to {MaxTagLength} letters, digits, '_', '.' or '-', not starting with '.' or '-' (Docker tag rules).");
                    continue;
                }

                var same = prefixes.FirstOrDefault(p => p.Prefix == prefix);
                var overlap = prefixes.FirstOrDefault(p => p.Prefix != prefix
                    && (prefix.StartsWith(p.Prefix, StringComparison.Ordinal) || p.Prefix.StartsWith(prefix, StringComparison.Ordinal)));
                if (same.Rule is not null)
                {
                    v.Fail(prefixProp, prefix, $"{same.Rule} already selects it (duplicate); ECR allows each tag prefix in one rule only.");
                }
                else if (overlap.Rule is not null)
                {
                    v.Fail(prefixProp, prefix, $"it overlaps \"{overlap.Prefix}\" of {overlap.Rule} (one starts with the other), so both rules would select the same images and the later one could not expire them; allowed: prefixes that do not start with one another.");
                }

                prefixes.Add((prefix, at));
            }
        }
    }

    private static void PositiveWholeNumber(PropValidator v, string prop, int? value)
    {
        if (value is <= 0)
        {
            v.Fail(prop, value, "allowed: a whole number of 1 or more.");
        }
    }

    // Priorities: tagged rules in the order given, then untagged, then the "any" cap, which ECR requires last.
    private static LifecycleRule[] LifecycleRules(ImageRetention retention)
    {
        var rules = new List<LifecycleRule>();
        foreach (var tagged in retention.Tagged ?? [])
        {
            foreach (var prefix in tagged.TagPrefixes)
            {
                rules.Add(tagged.KeepLast is { } keep
                    ? new LifecycleRule
                    {
                        RulePriority = rules.Count + 1,
                        Description = Invariant($"Keep the newest {keep} images tagged {prefix}*"),
                        TagStatus = TagStatus.TAGGED,
                        TagPrefixList = [prefix],
                        MaxImageCount = keep,
                    }
                    : new LifecycleRule
                    {
                        RulePriority = rules.Count + 1,
                        Description = Invariant($"Expire images tagged {prefix}* {tagged.ExpireAfterDays} days after push"),
                        TagStatus = TagStatus.TAGGED,
                        TagPrefixList = [prefix],
                        MaxImageAge = Duration.Days(tagged.ExpireAfterDays!.Value), // validated: exactly one of the two is set
                    });
            }
        }

        if (retention.ExpireUntaggedAfterDays is { } days)
        {
            rules.Add(new LifecycleRule
            {
                RulePriority = rules.Count + 1,
                Description = Invariant($"Expire untagged images {days} days after push"),
                TagStatus = TagStatus.UNTAGGED,
                MaxImageAge = Duration.Days(days),
            });
        }

        if (retention.MaxImageCount is { } max)
        {
            rules.Add(new LifecycleRule
            {
                RulePriority = rules.Count + 1,
                Description = Invariant($"Keep at most {max} images not selected by an earlier rule"),
                TagStatus = TagStatus.ANY,
                MaxImageCount = max,
            });
        }

        return rules.ToArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPrefix();
}
