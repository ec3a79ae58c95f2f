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

    /// <summary>
    /// The name of an environment variable of the <c>app</c> container that receives the time each run was scheduled
    /// for, as Scheduler fills in its <c>&lt;aws.scheduler.scheduled-time&gt;</c> context attribute (ISO 8601 in UTC, e.g.
    /// <c>2026-11-30T14:05:00Z</c>): the same for every attempt of one run, however late a flexible window or a retry
    /// starts the task, so the task can work on the period the run stands for rather than the time it started. Set
    /// through the schedule target's input, as RunTask container overrides. A name may not be blank, contain '=', or
    /// be set in <see cref="Ecs.WorkloadProps.Environment"/> or <see cref="Ecs.WorkloadProps.Secrets"/>. Default: none
    /// (the task is not told).
    /// </summary>
    public string? ScheduledTimeVariable { get; init; }
}
