namespace ContainerPatterns.Examples.EventProcessing.Processor;

/// <summary>What the "process" mode reads from its environment (the event task's container overrides and task definition).</summary>
/// <param name="Bucket">BUCKET_NAME: the bucket of the new object.</param>
/// <param name="Key">OBJECT_KEY: the key of the new object.</param>
/// <param name="Table">TABLE_NAME: the summary table.</param>
public sealed record ProcessInput(string Bucket, string Key, string Table)
{
    /// <summary>Reads the input, or says which variables are missing.</summary>
    public static (ProcessInput? Input, string? Error) Parse(IReadOnlyDictionary<string, string?> environment) =>
        Require(environment, ["BUCKET_NAME", "OBJECT_KEY", "TABLE_NAME"], v => new ProcessInput(v[0], v[1], v[2]));

    /// <summary>Reads the named variables; an error names every one that is missing or blank.</summary>
    internal static (T? Input, string? Error) Require<T>(IReadOnlyDictionary<string, string?> environment, string[] names, Func<string[], T> make)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(environment);
        var values = names.Select(n => environment.TryGetValue(n, out var v) ? v : null).ToArray();
        var missing = names.Where((_, i) => string.IsNullOrWhiteSpace(values[i])).ToArray();
        return missing.Length > 0
            ? (null, $"missing environment variable(s): {string.Join(", ", missing)}")
            : (make(values.Select(v => v!.Trim()).ToArray()), null);
    }
}

/// <summary>What the "report" mode reads from its environment.</summary>
/// <param name="Table">TABLE_NAME: the summary table.</param>
/// <param name="Bucket">REPORT_BUCKET: where the report is written.</param>
/// <param name="Prefix">REPORT_PREFIX: the key prefix of reports (default "reports/").</param>
/// <param name="ScheduledTime">SCHEDULED_TIME: when Scheduler was to start this run (ISO 8601, e.g. 2026-11-30T14:05:00Z); null for a run by hand, which reports the hour before now.</param>
public sealed record ReportInput(string Table, string Bucket, string Prefix, DateTimeOffset? ScheduledTime = null)
{
    /// <summary>The key prefix when REPORT_PREFIX is not set.</summary>
    public const string DefaultPrefix = "reports/";

    /// <summary>The variable the scheduled time arrives in (ScheduledTask's ScheduledTimeVariable).</summary>
    public const string ScheduledTimeVariable = "SCHEDULED_TIME";

    /// <summary>Reads the input, or says which variables are missing or malformed.</summary>
    public static (ReportInput? Input, string? Error) Parse(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var prefix = environment.TryGetValue("REPORT_PREFIX", out var p) && !string.IsNullOrWhiteSpace(p) ? p.Trim() : DefaultPrefix;
        DateTimeOffset? scheduled = null;
        if (environment.TryGetValue(ScheduledTimeVariable, out var t) && !string.IsNullOrWhiteSpace(t))
        {
            if (!DateTimeOffset.TryParse(t.Trim(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return (null, $"{ScheduledTimeVariable} = \"{t}\" is not an ISO 8601 time such as 2026-11-30T14:05:00Z");
            }

            scheduled = parsed;
        }

        return ProcessInput.Require(environment, ["TABLE_NAME", "REPORT_BUCKET"], v => new ReportInput(v[0], v[1], prefix, scheduled));
    }
}
