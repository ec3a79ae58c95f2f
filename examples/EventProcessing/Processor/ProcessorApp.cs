using System.Net;
using System.Text.Json;

namespace ContainerPatterns.Examples.EventProcessing.Processor;

/// <summary>Exit codes of the processor: what ECS reports as the container's exit code.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected error (AWS call failed, etc.).</summary>
    public const int Failed = 1;

    /// <summary>The environment or the arguments are wrong.</summary>
    public const int BadInput = 2;

    /// <summary>The object named in the environment does not exist.</summary>
    public const int ObjectMissing = 3;
}

/// <summary>The processor's logic, behind <see cref="IObjectStore"/> and <see cref="ISummaryTable"/>.</summary>
/// <param name="store">Where objects are read and reports written.</param>
/// <param name="table">Where summaries are kept.</param>
/// <param name="time">The clock.</param>
/// <param name="output">Where progress is logged (one JSON line each).</param>
/// <param name="error">Where errors are logged.</param>
public sealed class ProcessorApp(IObjectStore store, ISummaryTable table, TimeProvider time, TextWriter output, TextWriter error)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Runs a mode ("process", the default, or "report") and returns the exit code.</summary>
    public async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var mode = args.Length > 0 ? args[0] : "process";
        try
        {
            return mode switch
            {
                "process" => await ProcessAsync(environment, cancellationToken).ConfigureAwait(false),
                "report" => await ReportAsync(environment, cancellationToken).ConfigureAwait(false),
                _ => Fail(ExitCodes.BadInput, $"unknown mode \"{mode}\"; use \"process\" or \"report\""),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Fail(ExitCodes.Failed, $"{mode} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The keys to try for a key from an S3 event: as given, then URL-decoded if that differs.</summary>
    public static IReadOnlyList<string> KeyCandidates(string key)
    {
        var decoded = WebUtility.UrlDecode(key);
        return decoded == key ? [key] : [key, decoded];
    }

    private async Task<int> ProcessAsync(IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var (input, problem) = ProcessInput.Parse(environment);
        if (input is null)
        {
            return Fail(ExitCodes.BadInput, problem!);
        }

        var denied = false;
        foreach (var key in KeyCandidates(input.Key))
        {
            var read = await store.OpenAsync(input.Bucket, key, cancellationToken).ConfigureAwait(false);
            denied |= read.Denied;
            if (read.Content is not { } content)
            {
                continue;
            }

            await using (content.ConfigureAwait(false))
            {
                var summary = await ObjectSummary.FromContentAsync(input.Bucket, key, content, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                await table.PutAsync(summary, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(JsonSerializer.Serialize(new { processed = summary.Id, summary.SizeBytes, summary.Lines, summary.Words }, Json)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        }

        return denied
            ? Fail(ExitCodes.ObjectMissing, $"object s3://{input.Bucket}/{input.Key} does not exist or may not be read: S3 answered 403 (as it does for a missing key to a role that may not list the bucket); it was deleted before it was processed, or the task role may not read it")
            : Fail(ExitCodes.ObjectMissing, $"object s3://{input.Bucket}/{input.Key} does not exist (deleted before it was processed, or the event names another bucket)");
    }

    private async Task<int> ReportAsync(IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var (input, problem) = ReportInput.Parse(environment);
        if (input is null)
        {
            return Fail(ExitCodes.BadInput, problem!);
        }

        // The hour before the scheduled time, not before the start: a flexible window or a retry starts the task late.
        var scheduled = input.ScheduledTime ?? time.GetUtcNow();
        var summaries = await table.ListSinceAsync(HourlyReport.HourBefore(scheduled).From, cancellationToken).ConfigureAwait(false);
        var report = HourlyReport.Build(summaries, scheduled);
        var key = report.KeyUnder(input.Prefix);
        await store.PutAsync(input.Bucket, key, JsonSerializer.Serialize(report, Json), "application/json", cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(JsonSerializer.Serialize(new { report = $"s3://{input.Bucket}/{key}", report.Objects }, Json)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private int Fail(int code, string message)
    {
        error.WriteLine($"error: {message} (exit {code})");
        return code;
    }
}
