using System.Globalization;
using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;

namespace ContainerPatterns.Examples.EventProcessing.Processor;

/// <summary><see cref="IObjectStore"/> on Amazon S3.</summary>
/// <param name="s3">The S3 client.</param>
public sealed class S3ObjectStore(IAmazonS3 s3) : IObjectStore
{
    /// <inheritdoc />
    public async Task<ObjectRead> OpenAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return new ObjectRead(response.ResponseStream);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return ObjectRead.Missing;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            // S3 answers 403 instead of 404 for a missing key when the caller may not list the bucket (S3 API reference,
            // GetObject, "Permissions", read 2026-12-02): the task role may read objects under its prefix but not list.
            return ObjectRead.AccessDenied;
        }
    }

    /// <inheritdoc />
    public Task PutAsync(string bucket, string key, string content, string contentType, CancellationToken cancellationToken) =>
        s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = content, ContentType = contentType }, cancellationToken);
}

/// <summary><see cref="ISummaryTable"/> on an Amazon DynamoDB table with the string partition key <c>id</c>.</summary>
/// <param name="dynamo">The DynamoDB client.</param>
/// <param name="tableName">The table.</param>
public sealed class DynamoSummaryTable(IAmazonDynamoDB dynamo, string tableName) : ISummaryTable
{
    /// <summary>The item of a summary: the attributes as DynamoDB stores them.</summary>
    public static Dictionary<string, AttributeValue> ToItem(ObjectSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new Dictionary<string, AttributeValue>
        {
            ["id"] = new() { S = summary.Id },
            ["bucket"] = new() { S = summary.Bucket },
            ["key"] = new() { S = summary.Key },
            ["sizeBytes"] = new() { N = summary.SizeBytes.ToString(CultureInfo.InvariantCulture) },
            ["lines"] = new() { N = summary.Lines.ToString(CultureInfo.InvariantCulture) },
            ["words"] = new() { N = summary.Words.ToString(CultureInfo.InvariantCulture) },
            ["sha256"] = new() { S = summary.Sha256 },
            // ISO 8601 in UTC sorts as text, so the report can filter on it.
            ["processedAt"] = new() { S = summary.ProcessedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) },
        };
    }

    /// <summary>The summary of an item written by <see cref="ToItem"/>.</summary>
    public static ObjectSummary FromItem(IReadOnlyDictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new ObjectSummary(
            item["bucket"].S,
            item["key"].S,
            long.Parse(item["sizeBytes"].N, CultureInfo.InvariantCulture),
            long.Parse(item["lines"].N, CultureInfo.InvariantCulture),
            long.Parse(item["words"].N, CultureInfo.InvariantCulture),
            item["sha256"].S,
            DateTimeOffset.Parse(item["processedAt"].S, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
    }

    /// <inheritdoc />
    public Task PutAsync(ObjectSummary summary, CancellationToken cancellationToken) =>
        dynamo.PutItemAsync(new PutItemRequest { TableName = tableName, Item = ToItem(summary) }, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ObjectSummary>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        // A scan suits a reference app's small table; a busy one would keep a time-keyed index instead.
        var result = new List<ObjectSummary>();
        Dictionary<string, AttributeValue>? start = null;
        var sinceText = ToItem(new ObjectSummary("b", "k", 0, 0, 0, string.Empty, since))["processedAt"].S;
        do
        {
            var page = await dynamo.ScanAsync(new ScanRequest
            {
                TableName = tableName,
                FilterExpression = "processedAt >= :since",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":since"] = new() { S = sinceText } },
                ExclusiveStartKey = start,
            }, cancellationToken).ConfigureAwait(false);
            result.AddRange((page.Items ?? []).Select(FromItem));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return result;
    }
}
