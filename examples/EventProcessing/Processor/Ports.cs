namespace ContainerPatterns.Examples.EventProcessing.Processor;

/// <summary>Where objects are read and written (S3 in production, an in-memory stand-in in tests).</summary>
public interface IObjectStore
{
    /// <summary>
    /// Opens an object for reading. Its content is null when S3 answers 404 (no such key) or 403 (access denied, which S3
    /// also answers for a missing key when the caller may not list the bucket); <see cref="ObjectRead.Denied"/> tells them apart.
    /// </summary>
    Task<ObjectRead> OpenAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>Writes an object.</summary>
    Task PutAsync(string bucket, string key, string content, string contentType, CancellationToken cancellationToken);
}

/// <summary>Where summaries are kept (DynamoDB in production, an in-memory stand-in in tests).</summary>
public interface ISummaryTable
{
    /// <summary>Writes (or replaces) the summary of one object.</summary>
    Task PutAsync(ObjectSummary summary, CancellationToken cancellationToken);

    /// <summary>The summaries written at or after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<ObjectSummary>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>What opening an object gave: its content, or why there is none.</summary>
/// <param name="Content">The content; null when the object could not be read.</param>
/// <param name="Denied">True when S3 answered 403: the key may be missing (S3 says 403, not 404, to a caller without s3:ListBucket) or not readable.</param>
public sealed record ObjectRead(Stream? Content, bool Denied = false)
{
    /// <summary>No such key (404).</summary>
    public static ObjectRead Missing { get; } = new(Content: null);

    /// <summary>Access denied (403).</summary>
    public static ObjectRead AccessDenied { get; } = new(Content: null, Denied: true);
}
