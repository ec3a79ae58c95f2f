using System.Text.Json;
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

        ValidateScheduledTimeVariable(v, p);
    }

    /// <summary>
    /// The input Scheduler sends the task: RunTask container overrides that set <see cref="ScheduledTaskProps.ScheduledTimeVariable"/>
    /// to the <c>&lt;aws.scheduler.scheduled-time&gt;</c> context attribute; null when no variable is asked for.
    /// </summary>
    /// <remarks>
    /// An ECS target's input is the RunTask <c>overrides</c> document, a TaskOverride (<c>containerOverrides</c>, each with
    /// <c>name</c> and <c>environment</c> of <c>name</c>/<c>value</c> strings: ECS API reference, TaskOverride and
    /// KeyValuePair, read 2026-12-02), as EventBridge rules take it for ECS targets. Scheduler replaces each context
    /// attribute keyword in the input with its value when it invokes the target (Scheduler user guide, "Adding context
    /// attributes", read 2026-12-02); inside a JSON string the time stays a string, which is what ECS takes.
    /// </remarks>
    public string? Input()
    {
        if (_props.ScheduledTimeVariable is not { } name)
        {
            return null;
        }

        return "{\"containerOverrides\":[{\"name\":" + JsonSerializer.Serialize(FargateTaskPiece.ContainerName)
            + ",\"environment\":[{\"name\":" + JsonSerializer.Serialize(name) + ",\"value\":\"" + ScheduledTimeAttribute + "\"}]}]}";
    }

    // Scheduler's context attribute for the time a run was scheduled for.
    private const string ScheduledTimeAttribute = "<aws.scheduler.scheduled-time>";

    private static void ValidateScheduledTimeVariable(PropValidator v, ScheduledTaskProps p)
    {
        if (p.ScheduledTimeVariable is not { } name || PropValidator.IsToken(name))
        {
            return;
        }

        const string prop = nameof(ScheduledTaskProps.ScheduledTimeVariable);
        if (!ContainerVariables.IsValidName(name))
        {
            v.Fail(prop, name, "allowed: a non-blank variable name without '=' (e.g. \"SCHEDULED_TIME\").");
        }
        else if (p.Environment?.ContainsKey(name) == true || p.Secrets?.ContainsKey(name) == true)
        {
            var where = p.Environment?.ContainsKey(name) == true ? nameof(p.Environment) : nameof(p.Secrets);
            v.FailWith($"{prop} = \"{name}\" is also set in {where}; the run's input would override it (ECS takes a variable once), so drop one of them or choose another name.");
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
