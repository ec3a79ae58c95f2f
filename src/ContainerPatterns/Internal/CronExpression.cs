using System.Text.RegularExpressions;

namespace ContainerPatterns.Internal;

/// <summary>
/// Checks the six fields of an EventBridge / Application Auto Scaling cron expression (the part inside
/// <c>cron( )</c>): minutes, hours, day-of-month, month, day-of-week, year.
/// </summary>
internal static partial class CronExpression
{
    // Field ranges (EventBridge "Cron expressions" reference): minutes 0–59, hours 0–23, day-of-month 1–31,
    // month 1–12 or JAN–DEC, day-of-week 1–7 or SUN–SAT, year 1970–2199.
    private static readonly (int Min, int Max, string[] Names, string Specials)[] Fields =
    [
        (0, 59, [], string.Empty),
        (0, 23, [], string.Empty),
        (1, 31, [], "?LW"),
        (1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], string.Empty),
        (1, 7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], "?L#"),
        (1970, 2199, [], string.Empty),
    ];

    /// <summary>True when the text is six valid cron fields with <c>?</c> in exactly one of day-of-month and day-of-week.</summary>
    public static bool IsValid(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return false;
        }

        var parts = expression.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != Fields.Length || (parts[2] == "?") == (parts[4] == "?"))
        {
            return false;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (!FieldIsValid(parts[i], Fields[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool FieldIsValid(string field, (int Min, int Max, string[] Names, string Specials) spec)
    {
        if (field is "*" || (field is "?" && spec.Specials.Contains('?', StringComparison.Ordinal)))
        {
            return true;
        }

        foreach (var item in field.Split(','))
        {
            // Day-of-month takes "L" (last day), "LW" (last weekday) and a day followed by W ("15W", the weekday
            // nearest that day); day-of-week takes "L" (last day of the week) and a day followed by L ("5L", the
            // last such day of the month). Application Auto Scaling refuses W in day-of-week and any other mix.
            if (spec.Specials.Contains('W', StringComparison.Ordinal) && LastOrNearestWeekday().Match(item) is { Success: true } dom)
            {
                if (dom.Groups[1].Success && !InRange(dom.Groups[1].Value, spec))
                {
                    return false;
                }

                continue;
            }

            if (spec.Specials.Contains('#', StringComparison.Ordinal) && LastDayOfWeek().Match(item) is { Success: true } dow)
            {
                if (dow.Groups[1].Success && !InRange(dow.Groups[1].Value, spec))
                {
                    return false;
                }

                continue;
            }

            if (spec.Specials.Contains('#', StringComparison.Ordinal) && NthWeekday().Match(item) is { Success: true } nth)
            {
                if (!InRange(nth.Groups[1].Value, spec) || int.Parse(nth.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) is < 1 or > 5)
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
            if (start != "*" && !InRange(start, spec))
            {
                return false;
            }

            if (m.Groups[2].Success && (start == "*" || !InRange(m.Groups[2].Value, spec)))
            {
                return false;
            }

            if (m.Groups[3].Success && int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) < 1)
            {
                return false;
            }
        }

        return true;
    }

    private static bool InRange(string value, (int Min, int Max, string[] Names, string Specials) spec)
    {
        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return n >= spec.Min && n <= spec.Max;
        }

        return spec.Names.Contains(value.ToUpperInvariant(), StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^(\*|[0-9]+|[A-Za-z]{3})(?:-([0-9]+|[A-Za-z]{3}))?(?:/([0-9]+))?$")]
    private static partial Regex RangeWithStep();

    [GeneratedRegex("^(?:L|LW|([0-9]{1,2})W)$")]
    private static partial Regex LastOrNearestWeekday();

    [GeneratedRegex("^([0-9])?L$")]
    private static partial Regex LastDayOfWeek();

    [GeneratedRegex("^([0-9]|[A-Za-z]{3})#([0-9])$")]
    private static partial Regex NthWeekday();
}
