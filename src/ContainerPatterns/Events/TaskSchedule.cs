using System.Text.Json;
using ContainerPatterns.Ecs;

namespace ContainerPatterns.Events;

/// <summary>
/// The schedule concern of <see cref="ScheduledTask"/>: the expression (checked by <see cref="ScheduleExpression"/>), its
/// time zone and Scheduler's flexible time window.
/// </summary>
internal sealed class TaskSchedule
{
    // Scheduler FlexibleTimeWindow.MaximumWindowInMinutes: 1 to 1,440 (Scheduler API reference, read 2026-12-02 in its
    // API model, botocore 1.43.11).
    private const int MaxFlexibleWindowMinutes = 1_440;

    // Scheduler schedule descriptions: at most 512 characters (Scheduler API reference, CreateSchedule, read 2026-12-02 in
    // its API model, botocore 1.43.11).
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
        var expressionValid = false;
        if (!v.Missing(nameof(p.Schedule), p.Schedule, "when the task runs, e.g. Schedule.Rate(Duration.Hours(1)) or Schedule.Cron(new CronOptions { Minute = \"0\", Hour = \"8\" })"))
        {
            var before = v.ProblemCount;
            ScheduleExpression.Validate(v, nameof(p.Schedule), p.Schedule.ExpressionString, ScheduleForms.All);
            expressionValid = v.ProblemCount == before;
        }

        var zoneBefore = v.ProblemCount;
        ScheduleExpression.ValidateTimeZone(v, nameof(p.TimeZone), p.TimeZone?.TimezoneName);
        if (expressionValid && v.ProblemCount == zoneBefore)
        {
            ValidateOneTimeInFuture(v, p.Schedule.ExpressionString);
        }
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

    // A one-time schedule runs once, at its time in its time zone (Scheduler user guide, "Schedule types", one-time
    // schedules, read 2026-12-02): a time already past when the app is synthesized is not one it will run at.
    private void ValidateOneTimeInFuture(PropValidator v, string expression)
    {
        if (PropValidator.IsToken(expression) || !expression.StartsWith("at(", StringComparison.Ordinal)
            || !DateTime.TryParseExact(expression[3..^1], "yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local))
        {
            return;
        }

        DateTimeOffset utc;
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneName);
            utc = new DateTimeOffset(local, zone.GetUtcOffset(local));
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // Without the zone's rules, only a time past in every zone (UTC-12 is the latest) is known to be past.
            utc = new DateTimeOffset(local, TimeSpan.FromHours(-12));
        }

        var now = Clock();
        if (utc <= now)
        {
            v.Fail(nameof(ScheduledTaskProps.Schedule), expression, $"that time ({TimeZoneName}) has passed (it is {now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} UTC now), and a one-time schedule runs only at its time; allowed: a time in the future, or a rate(...) or cron(...) expression.");
        }
    }

    /// <summary>The time synthesis compares one-time schedules with (settable so tests can fix it).</summary>
    internal static Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

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
