using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace ContainerPatterns.Examples.QueueWorker;

/// <summary>A job the reference worker does: count the words of a text.</summary>
/// <param name="Text">The text.</param>
public sealed record WordCountJob(string? Text);

/// <summary>The reference worker's processing: reads a <see cref="WordCountJob"/> and logs its word count. A body that is not such a job fails.</summary>
/// <param name="logger">Where results go.</param>
public sealed partial class WordCountHandler(ILogger<WordCountHandler> logger) : IMessageHandler
{
    /// <inheritdoc/>
    public Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var job = JsonSerializer.Deserialize(message.Body, JobJson.Default.WordCountJob);
        if (job?.Text is not { } text)
        {
            throw new InvalidDataException($"message {message.Id} holds no \"text\".");
        }

        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        LogCounted(logger, message.Id, words);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {Id}: {Words} words.")]
    private static partial void LogCounted(ILogger logger, string id, int words);
}

/// <summary>Source-generated JSON for jobs (camelCase bodies: <c>{"text": "..."}</c>).</summary>
[JsonSerializable(typeof(WordCountJob))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class JobJson : JsonSerializerContext;
