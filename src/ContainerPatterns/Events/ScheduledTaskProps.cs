using Amazon.CDK.AWS.Events;
using ContainerPatterns.Ecs;

namespace ContainerPatterns.Events;

/// <summary>Properties of a <see cref="ScheduledTask"/>: the task (see <see cref="OneOffTaskProps"/>) and its schedule.</summary>
public sealed class ScheduledTaskProps : OneOffTaskProps
{
    /// <summary>
    /// When the task runs: <c>Schedule.Rate(Duration.Hours(1))</c> (<c>rate(value unit)</c>, minutes, hours or days),
    /// <c>Schedule.Cron(new CronOptions { Minute = "0", Hour = "8" })</c> (<c>cron(minutes hours day-of-month month
    /// day-of-week year)</c>, six fields, "?" in exactly one of the day fields), or a one-time
    /// <c>Schedule.Expression("at(2027-01-31T08:00:00)")</c>. Checked field by field at synth.
    /// </summary>
    public required Schedule Schedule { get; init; }

    /// <summary>The IANA time zone cron and at expressions are read in, e.g. <c>TimeZone.EUROPE_BERLIN</c> or <c>TimeZone.Of("America/Chicago")</c> (daylight saving time is followed). Default: UTC.</summary>
    public Amazon.CDK.TimeZone? TimeZone { get; init; }

    /// <summary>
    /// A window after the scheduled time in which Scheduler may start the task, spreading load: a whole number of
    /// minutes from 1 to 1,440 (Scheduler's limit). Default: none (the task starts at the scheduled time).
    /// </summary>
    public Duration? FlexibleWindow { get; init; }

    /// <summary>A description of the schedule, up to 512 characters. Default: one naming the construct path.</summary>
    public string? Description { get; init; }
}
