using System.Globalization;
using System.Text.RegularExpressions;

namespace ContainerPatterns.Internal;

/// <summary>The schedule expression forms a service accepts.</summary>
[Flags]
internal enum ScheduleForms
{
    /// <summary><c>cron(minutes hours day-of-month month day-of-week year)</c>.</summary>
    Cron = 1,

    /// <summary><c>rate(value unit)</c>.</summary>
    Rate = 2,

    /// <summary><c>at(yyyy-mm-ddThh:mm:ss)</c>, a one-time schedule.</summary>
    At = 4,

    /// <summary>Every form.</summary>
    All = Cron | Rate | At,
}

/// <summary>
/// Checks the schedule expressions that EventBridge (rules and Scheduler) and Application Auto Scaling take —
/// <c>cron(...)</c>, <c>rate(...)</c> and <c>at(...)</c> — and IANA time zone names, field by field, so a
/// message says which part is wrong. Shared by scheduled scaling and scheduled tasks.
/// </summary>
internal static partial class ScheduleExpression
{
    // Cron fields (EventBridge "Cron expressions" reference): minutes 0–59, hours 0–23, day-of-month 1–31,
    // month 1–12 or JAN–DEC, day-of-week 1–7 or SUN–SAT, year 1970–2199.
    private static readonly CronField[] Fields =
    [
        new("minutes", 0, 59, [], string.Empty),
        new("hours", 0, 23, [], string.Empty),
        new("day-of-month", 1, 31, [], "?LW"),
        new("month", 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], string.Empty),
        new("day-of-week", 1, 7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], "?L#"),
        new("year", 1970, 2199, [], string.Empty),
    ];

    private const string CronShape =
        "six fields \"minutes hours day-of-month month day-of-week year\" with \"?\" in exactly one of day-of-month and day-of-week, e.g. \"0 8 ? * MON-FRI *\"";

    /// <summary>Records a problem when <paramref name="expression"/> is not one of the <paramref name="forms"/>; tokens and null pass.</summary>
    public static void Validate(PropValidator v, string prop, string? expression, ScheduleForms forms)
    {
        if (expression is null || PropValidator.IsToken(expression))
        {
            return;
        }

        if (Problem(expression, forms) is { } problem)
        {
            v.Fail(prop, expression, problem);
        }
    }

    /// <summary>Records a problem when <paramref name="name"/> is not an IANA time zone name; tokens and null pass.</summary>
    public static void ValidateTimeZone(PropValidator v, string prop, string? name)
    {
        if (name is null || PropValidator.IsToken(name) || IanaTimeZones.Names.Contains(name))
        {
            return;
        }

        v.Fail(prop, name, $"allowed: an IANA time zone name (tzdata {IanaTimeZones.Version}), such as \"UTC\" or \"Europe/Berlin\".");
    }

    /// <summary>Null when the expression is valid, otherwise what is wrong and what is allowed.</summary>
    public static string? Problem(string expression, ScheduleForms forms)
    {
        var m = Wrapped().Match(expression);
        var kind = m.Success ? m.Groups[1].Value : null;
        var allowed = Describe(forms);
        switch (kind)
        {
            case "cron" when forms.HasFlag(ScheduleForms.Cron):
                return CronProblem(m.Groups[2].Value);
            case "rate" when forms.HasFlag(ScheduleForms.Rate):
                return RateProblem(m.Groups[2].Value);
            case "at" when forms.HasFlag(ScheduleForms.At):
                return AtProblem(m.Groups[2].Value);
            default:
                return $"allowed: {allowed}.";
        }
    }

    /// <summary>Null when the six cron fields are valid, otherwise which field is wrong.</summary>
    public static string? CronProblem(string fields)
    {
        var parts = fields.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != Fields.Length)
        {
            return $"it has {parts.Length} field(s); allowed: {CronShape}.";
        }

        if ((parts[2] == "?") == (parts[4] == "?"))
        {
            return $"\"?\" must stand in exactly one of day-of-month (\"{parts[2]}\") and day-of-week (\"{parts[4]}\"); allowed: {CronShape}.";
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (!FieldIsValid(parts[i], Fields[i]))
            {
                return $"its {Fields[i].Name} field \"{parts[i]}\" is not valid; allowed there: {Fields[i].Describe()}.";
            }
        }

        return null;
    }

    private static string? RateProblem(string body)
    {
        var m = Rate().Match(body);
        if (!m.Success || !long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            return "allowed: \"rate(value unit)\" with a whole number of 1 or more and a unit of minute(s), hour(s) or day(s), e.g. \"rate(5 minutes)\" or \"rate(1 hour)\".";
        }

        var unit = m.Groups[2].Value;
        var plural = unit.EndsWith('s');
        if (value == 1 && plural)
        {
            return $"a value of 1 takes the singular unit; allowed: \"rate(1 {unit[..^1]})\".";
        }

        return value > 1 && !plural ? $"a value above 1 takes the plural unit; allowed: \"rate({value} {unit}s)\"." : null;
    }

    private static string? AtProblem(string body) =>
        DateTime.TryParseExact(body, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null
            : "allowed: \"at(yyyy-mm-ddThh:mm:ss)\" with a real date and time, e.g. \"at(2027-01-31T08:00:00)\".";

    private static string Describe(ScheduleForms forms)
    {
        var parts = new List<string>();
        if (forms.HasFlag(ScheduleForms.Cron))
        {
            parts.Add("\"cron(minutes hours day-of-month month day-of-week year)\"");
        }

        if (forms.HasFlag(ScheduleForms.Rate))
        {
            parts.Add("\"rate(value unit)\"");
        }

        if (forms.HasFlag(ScheduleForms.At))
        {
            parts.Add("\"at(yyyy-mm-ddThh:mm:ss)\"");
        }

        return parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " or " + parts[^1];
    }

    private static bool FieldIsValid(string field, CronField spec)
    {
        if (field is "*" || (field is "?" && spec.Specials.Contains('?', StringComparison.Ordinal)))
        {
            return true;
        }

        foreach (var item in field.Split(','))
        {
            // Day-of-month takes "L" (last day), "LW" (last weekday) and a day followed by W ("15W", the weekday
            // nearest that day); day-of-week takes "L" (last day of the week) and a day followed by L ("5L", the
            // last such day of the month). The services refuse W in day-of-week and any other mix.
            if (spec.Specials.Contains('W', StringComparison.Ordinal) && LastOrNearestWeekday().Match(item) is { Success: true } dom)
            {
                if (dom.Groups[1].Success && !spec.InRange(dom.Groups[1].Value))
                {
                    return false;
                }

                continue;
            }

            if (spec.Specials.Contains('#', StringComparison.Ordinal) && LastDayOfWeek().Match(item) is { Success: true } dow)
            {
                if (dow.Groups[1].Success && !spec.InRange(dow.Groups[1].Value))
                {
                    return false;
                }

                continue;
            }

            if (spec.Specials.Contains('#', StringComparison.Ordinal) && NthWeekday().Match(item) is { Success: true } nth)
            {
                if (!spec.InRange(nth.Groups[1].Value) || int.Parse(nth.Groups[2].Value, CultureInfo.InvariantCulture) is < 1 or > 5)
                {
                    return false;
                }

                continue;
            }

            var m = RangeWithStep().Match(item);
            if (!m.Success)
            {
                return false;
            }

            var start = m.Groups[1].Value;
            if (start != "*" && !spec.InRange(start))
            {
                return false;
            }

            if (m.Groups[2].Success && (start == "*" || !spec.InRange(m.Groups[2].Value)))
            {
                return false;
            }

            if (m.Groups[3].Success && int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) < 1)
            {
                return false;
            }
        }

        return true;
    }

    private sealed record CronField(string Name, int Min, int Max, string[] Names, string Specials)
    {
        public bool InRange(string value) =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n >= Min && n <= Max
                : Names.Contains(value.ToUpperInvariant(), StringComparer.Ordinal);

        public string Describe()
        {
            var values = Names.Length > 0 ? $"{Min}-{Max} or {Names[0]}-{Names[^1]}" : $"{Min}-{Max}";
            var specials = Specials switch
            {
                "?LW" => ", \"?\", \"L\", \"LW\" or a day followed by W (\"15W\")",
                "?L#" => ", \"?\", \"L\", a day followed by L (\"5L\") or day#n (\"MON#2\")",
                _ => string.Empty,
            };
            return $"{values}, \"*\", ranges (a-b), lists (a,b) and steps (a/n){specials}";
        }
    }

    [GeneratedRegex(@"^(cron|rate|at)\((.*)\)$", RegexOptions.Singleline)]
    private static partial Regex Wrapped();

    [GeneratedRegex("^([0-9]{1,9}) (minute|minutes|hour|hours|day|days)$")]
    private static partial Regex Rate();

    [GeneratedRegex(@"^(\*|[0-9]+|[A-Za-z]{3})(?:-([0-9]+|[A-Za-z]{3}))?(?:/([0-9]+))?$")]
    private static partial Regex RangeWithStep();

    [GeneratedRegex("^(?:L|LW|([0-9]{1,2})W)$")]
    private static partial Regex LastOrNearestWeekday();

    [GeneratedRegex("^([0-9])?L$")]
    private static partial Regex LastDayOfWeek();

    [GeneratedRegex("^([0-9]|[A-Za-z]{3})#([0-9])$")]
    private static partial Regex NthWeekday();
}
