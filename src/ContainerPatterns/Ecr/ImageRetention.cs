namespace ContainerPatterns.Ecr;

/// <summary>
/// Which images a <see cref="ContainerRepository"/> keeps, said as intent; the construct turns it into an ECR
/// lifecycle policy and assigns the rule priorities: the <see cref="Tagged"/> rules first, in the order given,
/// then the untagged rule, then the <see cref="MaxImageCount"/> cap (ECR requires a rule on any tag status to
/// come last). An image selected by an earlier rule is never expired by a later one, though later rules still
/// count it. An empty <c>new ImageRetention()</c> writes no lifecycle policy.
/// </summary>
public sealed class ImageRetention
{
    /// <summary>
    /// Rules for tagged images, each for images with a tag that starts with one of its prefixes. No prefix may
    /// appear twice or start with another rule's prefix (one rule would shadow the other). Default: none.
    /// </summary>
    public IReadOnlyList<TaggedImageRetention>? Tagged { get; init; }

    /// <summary>Expire untagged images this long after they were pushed, a whole number of days (1 or more). Default: untagged images are kept.</summary>
    public Duration? ExpireUntaggedAfter { get; init; }

    /// <summary>
    /// Cap on the number of images (1 or more), applied last: once the repository holds more, the oldest images that
    /// no earlier rule selects are expired. ECR never lets a later rule expire an image an earlier rule selects, so
    /// images kept by a <see cref="Tagged"/> rule, and untagged images when <see cref="ExpireUntaggedAfter"/> is
    /// set, are not removed by the cap: it bounds the repository together with those rules, not alone. Default: no cap.
    /// </summary>
    public double? MaxImageCount { get; init; }
}

/// <summary>
/// A retention rule for tagged images: keep the newest <see cref="KeepLast"/> images, or expire images
/// <see cref="ExpireAfter"/> after push, for each of the <see cref="TagPrefixes"/>. Give exactly one of
/// the two.
/// </summary>
public sealed class TaggedImageRetention
{
    /// <summary>
    /// Tag prefixes (e.g. <c>v</c>, <c>release-</c>), each 1–128 letters, digits, '_', '.' or '-', not starting with
    /// '.' or '-'. The rule applies to each prefix on its own: ECR reads several prefixes in one of its rules as
    /// "has a tag for every prefix", so the construct writes one ECR rule per prefix.
    /// </summary>
    public required IReadOnlyList<string> TagPrefixes { get; init; }

    /// <summary>Keep the newest this many images for each prefix and expire older ones (1 or more). Default: none; give this or <see cref="ExpireAfter"/>.</summary>
    public double? KeepLast { get; init; }

    /// <summary>Expire images with a matching tag this long after they were pushed, a whole number of days (1 or more). Default: none; give this or <see cref="KeepLast"/>.</summary>
    public Duration? ExpireAfter { get; init; }
}
