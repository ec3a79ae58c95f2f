namespace ContainerPatterns.Ecs;

/// <summary>A scheduled change of a service's task-count bounds (an Application Auto Scaling scheduled action).</summary>
public sealed class ScheduledScaling
{
    /// <summary>The action's construct id: letters and digits, starting with a letter (e.g. <c>WeekdayMorning</c>); unique per service.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// When the action runs: the six fields of an Application Auto Scaling cron expression, without <c>cron( )</c>:
    /// <c>minutes hours day-of-month month day-of-week year</c>, with <c>?</c> in exactly one of day-of-month and
    /// day-of-week, e.g. <c>0 8 ? * MON-FRI *</c>.
    /// </summary>
    public required string Cron { get; init; }

    /// <summary>The IANA time zone the cron expression is read in, e.g. <c>Europe/Berlin</c>. Default: UTC.</summary>
    public string? TimeZone { get; init; }

    /// <summary>The new minimum number of tasks. Default: unchanged (at least one of MinTasks and MaxTasks is needed).</summary>
    public int? MinTasks { get; init; }

    /// <summary>The new maximum number of tasks. Default: unchanged (at least one of MinTasks and MaxTasks is needed).</summary>
    public int? MaxTasks { get; init; }
}
