using System.Globalization;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.SNS;
using ContainerPatterns.Ecs;

namespace ContainerPatterns.Internal;

/// <summary>How a threshold of a default alarm is checked.</summary>
internal enum ThresholdKind
{
    /// <summary>Above 0 and at most 100.</summary>
    Percent,

    /// <summary>Above 0.</summary>
    Positive,

    /// <summary>A whole number of 1 or more (counts of hosts, messages, tasks).</summary>
    Count,
}

/// <summary>One default alarm of a construct: its id, what it watches and its default threshold.</summary>
/// <param name="Id">The alarm's construct id (part of the construct's contract).</param>
/// <param name="Prop">The prop that tunes it, for messages.</param>
/// <param name="DefaultThreshold">The threshold when the prop gives none.</param>
/// <param name="Kind">How a given threshold is checked.</param>
/// <param name="Comparison">How the metric is compared with the threshold.</param>
/// <param name="What">The description after the construct path; <c>{0}</c> stands for the threshold.</param>
internal sealed record AlarmSpec(string Id, string Prop, double DefaultThreshold, ThresholdKind Kind, ComparisonOperator Comparison, string What);

/// <summary>
/// Creates a construct's default alarms the same way everywhere: 1-minute periods, 3 of the last 5 breaching,
/// missing data not breaching, a description that names the construct path, and the alarm and OK actions on the
/// construct's SNS topic. Each alarm can be tuned or turned off through a <see cref="WorkloadAlarm"/> prop.
/// </summary>
internal sealed class AlarmFactory(Construct scope, ITopic? topic)
{
    // Defaults: 1-minute periods, 3 breaching datapoints out of the last 5.
    public const int DefaultPeriodMinutes = 1;
    public const int DefaultEvaluationPeriods = 5;
    public const int DefaultDatapoints = 3;

    // CloudWatch PutMetricAlarm: Period x EvaluationPeriods at most 1 day for periods under an hour, 7 days otherwise.
    private const double MaxEvaluationSecondsShortPeriods = 86_400;
    private const double MaxEvaluationSeconds = 604_800;
    private const double OneHourSeconds = 3_600;

    /// <summary>Records every problem with the tuning of one alarm.</summary>
    public static void Validate(PropValidator v, AlarmSpec spec, WorkloadAlarm? tuning)
    {
        if (tuning is null)
        {
            return;
        }

        var at = spec.Prop;
        if (tuning.Enabled == false && ((tuning.Threshold ?? tuning.EvaluationPeriods ?? tuning.DatapointsToAlarm) is not null || tuning.Period is not null))
        {
            v.FailWith($"{at} is turned off (Enabled = false) but also tuned; drop the other settings or turn it on.");
        }

        switch (spec.Kind)
        {
            case ThresholdKind.Percent:
                v.Percent($"{at}.Threshold", tuning.Threshold);
                break;
            case ThresholdKind.Positive:
                v.Positive($"{at}.Threshold", tuning.Threshold, "the alarm's unit");
                break;
            default:
                v.Range($"{at}.Threshold", tuning.Threshold, 1, int.MaxValue, "(a count)");
                break;
        }

        var periodSeconds = tuning.Period is null ? DefaultPeriodMinutes * 60 : v.Seconds($"{at}.Period", tuning.Period, 60, MaxEvaluationSeconds);
        if (periodSeconds is { } p && p % 60 != 0)
        {
            v.Fail($"{at}.Period", tuning.Period, "allowed: a whole number of minutes (CloudWatch periods of these metrics are multiples of 60 seconds).");
            periodSeconds = null;
        }

        v.Range($"{at}.EvaluationPeriods", tuning.EvaluationPeriods, 1, int.MaxValue, "periods");
        v.Range($"{at}.DatapointsToAlarm", tuning.DatapointsToAlarm, 1, int.MaxValue, "periods");
        var evaluations = tuning.EvaluationPeriods ?? DefaultEvaluationPeriods;
        if (tuning.DatapointsToAlarm is { } datapoints && !PropValidator.IsToken(datapoints) && !PropValidator.IsToken(evaluations)
            && datapoints >= 1 && evaluations >= 1 && datapoints > evaluations)
        {
            v.FailWith($"{at}.DatapointsToAlarm = {Format(datapoints)} is more than {at}.EvaluationPeriods = {Format(evaluations)}; allowed: 1 to {Format(evaluations)}.");
        }

        if (periodSeconds is { } period && !PropValidator.IsToken(evaluations) && evaluations >= 1)
        {
            var limit = period < OneHourSeconds ? MaxEvaluationSecondsShortPeriods : MaxEvaluationSeconds;
            if (period * evaluations > limit)
            {
                v.FailWith($"{at} evaluates {Format(evaluations)} periods of {Format(period / 60)} minute(s), {Format(period * evaluations)} seconds in all; CloudWatch allows at most {Format(limit)} seconds ({(limit == MaxEvaluationSeconds ? "7 days" : "1 day for periods under an hour")}).");
            }
        }
    }

    /// <summary>
    /// Creates the alarm in the factory's scope, or nothing when the tuning turns it off; <paramref name="metricFor"/>
    /// builds the watched metric for the alarm's period (called only for an alarm that is created).
    /// </summary>
    public Alarm? Create(AlarmSpec spec, WorkloadAlarm? tuning, Func<Duration, IMetric> metricFor)
    {
        if (tuning?.Enabled == false)
        {
            return null;
        }

        var threshold = tuning?.Threshold ?? spec.DefaultThreshold;
        var evaluations = tuning?.EvaluationPeriods ?? DefaultEvaluationPeriods;
        var datapoints = tuning?.DatapointsToAlarm ?? Math.Min(DefaultDatapoints, evaluations);
        var period = tuning?.Period;
        var window = period is null
            ? $"in {Format(datapoints)} of the last {Format(evaluations)} minutes"
            : $"in {Format(datapoints)} of the last {Format(evaluations)} periods of {period.ToHumanString()}";
        var alarm = new Alarm(scope, spec.Id, new AlarmProps
        {
            Metric = metricFor(period ?? Duration.Minutes(DefaultPeriodMinutes)),
            Threshold = threshold,
            ComparisonOperator = spec.Comparison,
            EvaluationPeriods = evaluations,
            DatapointsToAlarm = datapoints,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
            AlarmDescription = $"{scope.Node.Path}: {string.Format(CultureInfo.InvariantCulture, spec.What, Format(threshold))} {window}.",
        });
        if (topic is not null)
        {
            var action = new SnsAction(topic);
            alarm.AddAlarmAction(action);
            alarm.AddOkAction(action);
        }

        return alarm;
    }

    private static string Format(double value) =>
        PropValidator.IsToken(value) ? Token.AsString(value) : value.ToString("R", CultureInfo.InvariantCulture);
}
