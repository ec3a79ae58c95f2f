using Amazon.CDK.AWS.ApplicationAutoScaling;

namespace ContainerPatterns.Ecs;

/// <summary>A scheduled change of a service's task-count bounds (an Application Auto Scaling scheduled action).</summary>
public sealed class ScheduledScaling
{
    /// <summary>The action's name: letters and digits, starting with a letter (e.g. <c>WeekdayMorning</c>); unique among the service's scheduled actions.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// When the action runs: <c>Schedule.Cron(...)</c>, <c>Schedule.Expression("cron(0 8 ? * MON-FRI *)")</c>,
    /// <c>Schedule.Rate(...)</c> or <c>Schedule.At(...)</c>. A cron expression has six fields
    /// (<c>minutes hours day-of-month month day-of-week year</c>) with <c>?</c> in exactly one of day-of-month and day-of-week.
    /// </summary>
    public required Schedule Schedule { get; init; }

    /// <summary>The IANA time zone a cron or at expression is read in, e.g. <c>TimeZone.EUROPE_BERLIN</c> or <c>TimeZone.Of("Europe/Berlin")</c>. Default: UTC.</summary>
    public Amazon.CDK.TimeZone? TimeZone { get; init; }

    /// <summary>The new minimum number of tasks, at most the service's maximum. Default: unchanged (at least one of MinTasks and MaxTasks is needed).</summary>
    public double? MinTasks { get; init; }

    /// <summary>The new maximum number of tasks, at least the service's minimum. Default: unchanged (at least one of MinTasks and MaxTasks is needed).</summary>
    public double? MaxTasks { get; init; }
}
