namespace ContainerPatterns.Examples.EventProcessing.Processor;

/// <summary>Where objects are read and written (S3 in production, an in-memory stand-in in tests).</summary>
public interface IObjectStore
{
    /// <summary>Opens an object for reading; null when it does not exist.</summary>
    Task<Stream?> OpenAsync(string bucket, string key, CancellationToken cancellationToken);

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
