using ContainerPatterns.Ecs;

namespace ContainerPatterns.Events;

/// <summary>
/// The schedule concern of <see cref="ScheduledTask"/>: the expression (checked by <see cref="ScheduleExpression"/>), its
/// time zone and Scheduler's flexible time window.
/// </summary>
internal sealed class TaskSchedule
{
    // Scheduler FlexibleTimeWindow.MaximumWindowInMinutes: 1 to 1,440.
    private const int MaxFlexibleWindowMinutes = 1_440;

    // Scheduler schedule descriptions: at most 512 characters.
    private const int MaxDescriptionLength = 512;

    private readonly ScheduledTaskProps _props;

    private TaskSchedule(ScheduledTaskProps props)
    {
        _props = props;
        TimeZoneName = props.TimeZone?.TimezoneName ?? "UTC";
    }

    /// <summary>The IANA time zone name.</summary>
    public string TimeZoneName { get; }

    /// <summary>Resolves the schedule settings once.</summary>
    public static TaskSchedule Resolve(ScheduledTaskProps props) => new(props);

    /// <summary>Records every problem with the schedule, time zone, flexible window and description.</summary>
    public void Validate(PropValidator v)
    {
        var p = _props;
        if (!v.Missing(nameof(p.Schedule), p.Schedule, "when the task runs, e.g. Schedule.Rate(Duration.Hours(1)) or Schedule.Cron(new CronOptions { Minute = \"0\", Hour = \"8\" })"))
        {
            ScheduleExpression.Validate(v, nameof(p.Schedule), p.Schedule.ExpressionString, ScheduleForms.All);
        }

        ScheduleExpression.ValidateTimeZone(v, nameof(p.TimeZone), p.TimeZone?.TimezoneName);
        if (p.FlexibleWindow is { } window && !window.IsUnresolved())
        {
            var ms = window.ToMilliseconds();
            if (ms % 60_000 != 0 || ms < 60_000 || ms > MaxFlexibleWindowMinutes * 60_000.0)
            {
                v.Fail(nameof(p.FlexibleWindow), window, $"allowed: a whole number of minutes from 1 to {MaxFlexibleWindowMinutes} (24 hours, Scheduler's limit); leave it unset to start at the scheduled time.");
            }
        }

        if (p.Description is { Length: > MaxDescriptionLength } description && !PropValidator.IsToken(description))
        {
            v.FailWith($"{nameof(p.Description)} has {description.Length} characters; Scheduler allows at most {MaxDescriptionLength}.");
        }
    }

    /// <summary>The schedule expression.</summary>
    public string Expression => _props.Schedule.ExpressionString;

    /// <summary>The flexible time window as Scheduler takes it.</summary>
    public Amazon.CDK.AWS.Scheduler.CfnSchedule.FlexibleTimeWindowProperty Window() => _props.FlexibleWindow is { } window
        ? new() { Mode = "FLEXIBLE", MaximumWindowInMinutes = window.ToMinutes() }
        : new() { Mode = "OFF" };

    /// <summary>The description: the given one, or one naming <paramref name="path"/>.</summary>
    public string Description(string path) => _props.Description ?? $"Runs a task of {path}";
}
