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
            if (spec.Specials.Contains('L', StringComparison.Ordinal) && item.Length > 0 && (item is "L" or "LW" || LastOrNearest().IsMatch(item)))
            {
                var digits = item.TrimEnd('L', 'W');
                if (digits.Length > 0 && !InRange(digits, spec))
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

    [GeneratedRegex("^[0-9]{0,2}L?W?$")]
    private static partial Regex LastOrNearest();

    [GeneratedRegex("^([0-9]|[A-Za-z]{3})#([0-9])$")]
    private static partial Regex NthWeekday();
}
