using System.Globalization;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// CDK <see cref="Duration"/>s and <see cref="Size"/>s written the way Kubernetes objects take them (Go durations,
/// resource quantities), literals and tokens alike: a token is written as a token with its own unit, never converted
/// (CDK cannot convert a token amount to another unit, and a token's number cast to an integer is garbage).
/// </summary>
internal static class KubernetesQuantities
{
    /// <summary>The units a duration from a token may have in a Go duration (Go's <c>time.ParseDuration</c> has no days).</summary>
    public const string TokenDurationUnits = "Duration.Seconds, Duration.Minutes or Duration.Hours";

    /// <summary>
    /// A Go duration (<c>30s</c>, <c>5m</c>, <c>336h</c>); whole hours or minutes read better than seconds. A token is
    /// written in its own unit; null when it is a token in another unit than seconds, minutes or hours.
    /// </summary>
    public static string? GoDuration(Duration duration)
    {
        if (duration.IsUnresolved())
        {
            return duration.UnitLabel() switch
            {
                "seconds" => Token.AsString(duration.ToSeconds()) + "s",
                "minutes" => Token.AsString(duration.ToMinutes()) + "m",
                "hours" => Token.AsString(duration.ToHours()) + "h",
                _ => null,
            };
        }

        var seconds = (long)duration.ToSeconds(new TimeConversionOptions { Integral = false });
        return seconds == 0 ? "0s"
            : seconds % 3600 == 0 ? $"{(seconds / 3600).ToString(CultureInfo.InvariantCulture)}h"
            : seconds % 60 == 0 ? $"{(seconds / 60).ToString(CultureInfo.InvariantCulture)}m"
            : $"{seconds.ToString(CultureInfo.InvariantCulture)}s";
    }

    /// <summary>
    /// A resource quantity of a size: a literal in the first of <paramref name="units"/> it is a whole number of (else
    /// the smallest), a token in the unit it was given in; null when it is a token in none of them.
    /// </summary>
    public static string? Quantity(Size size, params QuantityUnit[] units)
    {
        if (!size.IsUnresolved())
        {
            var mib = size.ToMebibytes(new SizeConversionOptions { Rounding = SizeRoundingBehavior.NONE });
            var unit = units.FirstOrDefault(u => mib % u.Mebibytes == 0) ?? units.MinBy(u => u.Mebibytes)!;
            return (mib / unit.Mebibytes).ToString(CultureInfo.InvariantCulture) + unit.Suffix;
        }

        foreach (var unit in units)
        {
            // CDK converts a token amount only to its own unit and throws for any other ("Size must be specified as
            // 'Size.gibibytes()' here since its value comes from a token and cannot be converted"); that tells the unit.
            try
            {
                return Token.AsString(unit.Convert(size)) + unit.Suffix;
            }
            catch (Exception e) when (e.Message.Contains("cannot be converted", StringComparison.Ordinal))
            {
            }
        }

        return null;
    }

    // Tebibytes, gibibytes and mebibytes: Kubernetes quantities' power-of-two suffixes Ti, Gi, Mi (Kubernetes
    // documentation, "Resource Management for Pods and Containers", Meaning of memory, read 2026-12-02).
    public static readonly QuantityUnit Tebibytes = new("Ti", 1024 * 1024, s => s.ToTebibytes());
    public static readonly QuantityUnit Gibibytes = new("Gi", 1024, s => s.ToGibibytes());
    public static readonly QuantityUnit Mebibytes = new("Mi", 1, s => s.ToMebibytes());
}

/// <summary>A binary unit of a Kubernetes quantity: its suffix, its size in MiB and CDK's conversion to it.</summary>
internal sealed record QuantityUnit(string Suffix, double Mebibytes, Func<Size, double> Convert);
