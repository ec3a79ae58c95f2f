using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;

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

    // ECR service quotas: at most 50 rules in a lifecycle policy (ECR user guide, "Amazon ECR service quotas"; not re-read
    // 2026-12-02: the copy read then did not show that row).
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
        v.Defined(nameof(props.RemovalPolicy), props.RemovalPolicy);
        if (props.RepositoryName is { } name && !PropValidator.IsToken(name) && !EcrNames.IsRepositoryName(name))
        {
            v.Fail(nameof(props.RepositoryName), name, EcrNames.RepositoryNameAllowed);
        }

        var retention = props.Retention ?? new ImageRetention { ExpireUntaggedAfter = Duration.Days(DefaultUntaggedDays) };
        ValidateRetention(v, nameof(props.Retention), retention);
        EcrNames.ValidateAccountIds(v, nameof(props.PullAccountIds), props.PullAccountIds);
        var removal = props.RemovalPolicy ?? Amazon.CDK.RemovalPolicy.RETAIN;
        if (Enum.IsDefined(removal) && !RepositoryRemovalPolicies.Contains(removal))
        {
            v.Fail(nameof(props.RemovalPolicy), removal, "allowed: RETAIN, DESTROY or RETAIN_ON_UPDATE_OR_DELETE (an ECR repository has no snapshots).");
        }

        if (props.EmptyOnDelete == true && removal != Amazon.CDK.RemovalPolicy.DESTROY)
        {
            v.FailWith($"{nameof(props.EmptyOnDelete)} = true needs {nameof(props.RemovalPolicy)} = DESTROY, but it is {removal}; set {nameof(props.RemovalPolicy)} = RemovalPolicy.DESTROY or drop {nameof(props.EmptyOnDelete)}.");
        }

        // KMS keys are regional, and ECR encrypts a repository with a key of its own region (KMS developer guide,
        // "AWS KMS keys", Regions; ECR user guide, "Encryption at rest", read 2026-12-02).
        v.SameRegion($"{nameof(props.EncryptionKey)}.KeyArn", props.EncryptionKey?.KeyArn, "KMS key", "KMS keys are regional, and ECR uses a key of the repository's region");
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
        WholeDays(v, $"{prop}.{nameof(retention.ExpireUntaggedAfter)}", retention.ExpireUntaggedAfter);
        v.Range($"{prop}.{nameof(retention.MaxImageCount)}", retention.MaxImageCount, 1, int.MaxValue, "images");
        var rules = retention.Tagged ?? [];
        var ecrRules = rules.Sum(r => r?.TagPrefixes?.Count ?? 0)
            + (retention.ExpireUntaggedAfter is null ? 0 : 1)
            + (retention.MaxImageCount is null ? 0 : 1);
        if (ecrRules > MaxLifecycleRules)
        {
            v.FailWith($"{prop} needs {ecrRules} ECR lifecycle rules (one per tag prefix, plus the untagged rule and the cap); ECR allows at most {MaxLifecycleRules}. Use fewer tag prefixes.");
        }

        var prefixes = new List<(string Prefix, string Rule)>();
        foreach (var (rule, at) in v.Entries($"{prop}.{nameof(retention.Tagged)}", rules, "a TaggedImageRetention"))
        {
            if (rule.KeepLast is not null && rule.ExpireAfter is not null)
            {
                v.FailWith($"{at} gives both {nameof(rule.KeepLast)} = {PropValidator.Format(rule.KeepLast)} and {nameof(rule.ExpireAfter)} = {PropValidator.Format(rule.ExpireAfter)}; give one of them (an ECR rule counts either images or days).");
            }
            else if (rule.KeepLast is null && rule.ExpireAfter is null)
            {
                v.FailWith($"{at} gives neither {nameof(rule.KeepLast)} nor {nameof(rule.ExpireAfter)}; give one of them.");
            }

            v.Range($"{at}.{nameof(rule.KeepLast)}", rule.KeepLast, 1, int.MaxValue, "images");
            WholeDays(v, $"{at}.{nameof(rule.ExpireAfter)}", rule.ExpireAfter);
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

    // ECR lifecycle rules count image age in whole days (sinceImagePushed, countUnit days).
    private static void WholeDays(PropValidator v, string prop, Duration? value)
    {
        if (value is null || value.IsUnresolved())
        {
            return;
        }

        var days = value.ToMilliseconds() / 86_400_000;
        if (days < 1 || Math.Floor(days) != days)
        {
            v.Fail(prop, value, "allowed: a whole number of days, 1 or more (ECR counts image age in days).");
        }
    }

    // Priorities: tagged rules in the order given, then untagged, then the "any" cap, which ECR requires last.
    private static LifecycleRule[] LifecycleRules(ImageRetention retention)
    {
        var rules = new List<LifecycleRule>();
        void Add(string description, TagStatus status, string? prefix = null, double? keep = null, Duration? age = null) => rules.Add(new LifecycleRule
        {
            RulePriority = rules.Count + 1,
            Description = description,
            TagStatus = status,
            TagPrefixList = prefix is null ? null : [prefix],
            MaxImageCount = keep,
            MaxImageAge = age,
        });

        foreach (var tagged in retention.Tagged ?? [])
        {
            foreach (var prefix in tagged.TagPrefixes)
            {
                // Validated: exactly one of KeepLast and ExpireAfter is set.
                if (tagged.KeepLast is { } keep)
                {
                    Add(Invariant($"Keep the newest {keep} images tagged {prefix}*"), TagStatus.TAGGED, prefix, keep: keep);
                }
                else
                {
                    Add(Invariant($"Expire images tagged {prefix}* {DaysOf(tagged.ExpireAfter!)} days after push"), TagStatus.TAGGED, prefix, age: tagged.ExpireAfter);
                }
            }
        }

        if (retention.ExpireUntaggedAfter is { } untagged)
        {
            Add(Invariant($"Expire untagged images {DaysOf(untagged)} days after push"), TagStatus.UNTAGGED, age: untagged);
        }

        if (retention.MaxImageCount is { } max)
        {
            Add(Invariant($"Keep at most {max} images not selected by an earlier rule"), TagStatus.ANY, keep: max);
        }

        return rules.ToArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // A token stays a token in the description; a plain value reads as its whole days.
    private static string DaysOf(Duration age) => age.IsUnresolved() ? Token.AsString(age.ToDays()) : PropValidator.Format(age.ToDays());

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPrefix();
}
