using Amazon.CDK.AWS.S3;
using ContainerPatterns.Ecs;

namespace ContainerPatterns.Events;

/// <summary>
/// Starts a task for every object created in an S3 bucket, optionally only under a key prefix and/or with a key
/// suffix, through the bucket's EventBridge notifications ("Object Created" events on the default event bus). The
/// task receives the bucket name and object key as environment variables (<see cref="BucketNameVariable"/>,
/// <see cref="ObjectKeyVariable"/>).
/// </summary>
public sealed class ObjectCreatedTrigger
{
    /// <summary>The environment variable that holds the bucket name (<c>$.detail.bucket.name</c>).</summary>
    public const string BucketNameVariable = "BUCKET_NAME";

    /// <summary>
    /// The environment variable that holds the object key (<c>$.detail.object.key</c>), as S3 writes it in the event:
    /// keys with spaces or special characters may arrive URL-encoded, so a processor that does not find the key as given
    /// should try it decoded.
    /// </summary>
    public const string ObjectKeyVariable = "OBJECT_KEY";

    /// <summary>
    /// The bucket. A CDK <c>Bucket</c> of this app gets its EventBridge notifications turned on by the construct (on the
    /// bucket resource itself; through CDK's notifications resource if the bucket already has one). An imported bucket
    /// must have them on already: say so with <see cref="EventBridgeEnabled"/>.
    /// </summary>
    public required IBucket Bucket { get; init; }

    /// <summary>Only keys starting with this prefix, e.g. <c>incoming/</c>. Default: every key.</summary>
    public string? Prefix { get; init; }

    /// <summary>Only keys ending with this suffix, e.g. <c>.csv</c>. Default: every key.</summary>
    public string? Suffix { get; init; }

    /// <summary>
    /// For an imported bucket: true states that its EventBridge notifications are on (S3 console, Properties, "Amazon
    /// EventBridge", or <c>EventBridgeEnabled = true</c> where the bucket is defined); without it the construct refuses the
    /// bucket, as no event would ever arrive. Default: false.
    /// </summary>
    public bool? EventBridgeEnabled { get; init; }
}
