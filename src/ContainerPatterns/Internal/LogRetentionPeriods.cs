using Amazon.CDK.AWS.Logs;

namespace ContainerPatterns.Internal;

/// <summary>Maps a retention in days to CloudWatch Logs' fixed set of retention periods.</summary>
internal static class LogRetentionPeriods
{
    // CloudWatch Logs accepts only these retention periods (PutRetentionPolicy, retentionInDays).
    private static readonly Dictionary<int, RetentionDays> Periods = new()
    {
        [1] = RetentionDays.ONE_DAY,
        [3] = RetentionDays.THREE_DAYS,
        [5] = RetentionDays.FIVE_DAYS,
        [7] = RetentionDays.ONE_WEEK,
        [14] = RetentionDays.TWO_WEEKS,
        [30] = RetentionDays.ONE_MONTH,
        [60] = RetentionDays.TWO_MONTHS,
        [90] = RetentionDays.THREE_MONTHS,
        [120] = RetentionDays.FOUR_MONTHS,
        [150] = RetentionDays.FIVE_MONTHS,
        [180] = RetentionDays.SIX_MONTHS,
        [365] = RetentionDays.ONE_YEAR,
        [400] = RetentionDays.THIRTEEN_MONTHS,
        [545] = RetentionDays.EIGHTEEN_MONTHS,
        [731] = RetentionDays.TWO_YEARS,
        [1096] = RetentionDays.THREE_YEARS,
        [1827] = RetentionDays.FIVE_YEARS,
        [2192] = RetentionDays.SIX_YEARS,
        [2557] = RetentionDays.SEVEN_YEARS,
        [2922] = RetentionDays.EIGHT_YEARS,
        [3288] = RetentionDays.NINE_YEARS,
        [3653] = RetentionDays.TEN_YEARS,
    };

    /// <summary>The retention periods CloudWatch Logs allows, in days.</summary>
    public static IReadOnlyCollection<int> AllowedDays { get; } = Periods.Keys.ToArray();

    /// <summary>The <see cref="RetentionDays"/> for a validated number of days.</summary>
    public static RetentionDays FromDays(int days) => Periods[days];

    /// <summary>Validates a retention prop against the allowed periods.</summary>
    public static void Validate(PropValidator v, string prop, int? days) =>
        v.OneOf(prop, days, Periods.Keys, "days (CloudWatch Logs retention periods)");
}
