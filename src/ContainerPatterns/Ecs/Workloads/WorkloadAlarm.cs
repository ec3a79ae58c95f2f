namespace ContainerPatterns.Ecs;

/// <summary>
/// Tunes one of a construct's default alarms, or turns it off. Every default alarm reads 1-minute periods and goes
/// off when 3 of the last 5 breach (missing data is not a breach); each construct states its thresholds on the prop
/// that takes this class.
/// </summary>
public sealed class WorkloadAlarm
{
    /// <summary>An alarm that is not created.</summary>
    public static WorkloadAlarm Disabled => new() { Enabled = false };

    /// <summary>Whether the alarm is created. Default: true.</summary>
    public bool? Enabled { get; init; }

    /// <summary>The threshold, in the unit the construct's prop states. Default: the construct's, stated on its prop.</summary>
    public double? Threshold { get; init; }

    /// <summary>The length of one evaluation period, a whole number of minutes (CloudWatch takes multiples of 60 seconds for these metrics). Default: 1 minute.</summary>
    public Duration? Period { get; init; }

    /// <summary>How many recent periods are evaluated, at least 1; with <see cref="Period"/> at most one day in all (seven days for periods of an hour or more). Default: 5.</summary>
    public double? EvaluationPeriods { get; init; }

    /// <summary>How many of the evaluated periods must breach, from 1 to <see cref="EvaluationPeriods"/>. Default: 3 (or <see cref="EvaluationPeriods"/> when that is smaller).</summary>
    public double? DatapointsToAlarm { get; init; }
}
