using System.Text.RegularExpressions;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;

namespace ContainerPatterns.Ecs;

/// <summary>
/// The scaling concern of a service: task-count bounds, target tracking on CPU, memory and requests per task
/// (<c>CpuScaling</c>, <c>MemoryScaling</c>, <c>RequestScaling</c>), scheduled actions and step policies, created on the
/// service's scalable task count. Target tracking scales out fast and in slowly, so a brief dip does not remove capacity.
/// </summary>
internal sealed partial class ServiceScaling
{
    private const double DefaultMinTasks = 2;
    private const double DefaultCpuTarget = 70;
    /// <summary>Seconds after a scale-out before target tracking scales out again (shared by every service's tracking).</summary>
    internal const int ScaleOutCooldownSeconds = 60;

    /// <summary>Seconds after a scale-in before target tracking scales in again: slowly, so a brief dip keeps capacity.</summary>
    internal const int ScaleInCooldownSeconds = 300;

    // Application Auto Scaling step scaling takes at least two intervals here (CDK's StepScalingPolicy refuses fewer, "You
    // must supply at least 2 intervals for autoscaling", read 2026-12-02 in aws-cdk-lib 2.276.0; it builds the
    // upper and lower alarms from them).
    private const int MinStepIntervals = 2;

    // CDK creates step and target-tracking policies as children of the scalable target, beside its CfnScalableTarget
    // ("Resource"), and scheduled actions as named entries of that target's ScheduledActions (aws-cdk-lib
    // aws-applicationautoscaling, ScalableTarget.scaleOnMetric/scaleToTrackMetric/scaleOnSchedule, read 2026-12-02 in
    // 2.276.0; the same in 2.160.0): a step policy's id clashes with "Resource" and the target-tracking policies this
    // service creates; a scheduled action's id only with another scheduled action's.
    private const string ScalableTargetResourceId = "Resource";

    private readonly LoadBalancedWebServiceProps _props;

    private ServiceScaling(LoadBalancedWebServiceProps props)
    {
        _props = props;
        MinTasks = props.MinTasks ?? DefaultMinTasks;
        MaxTasks = TaskCounts.MaxOf(MinTasks, props.MaxTasks);
    }

    /// <summary>The fewest tasks.</summary>
    public double MinTasks { get; }

    /// <summary>The most tasks.</summary>
    public double MaxTasks { get; }

    /// <summary>The desired count to write into the template: only what the user gave.</summary>
    public double? DesiredTasks => _props.DesiredTasks;

    /// <summary>Resolves the scaling settings once.</summary>
    public static ServiceScaling Resolve(LoadBalancedWebServiceProps props) => new(props);

    /// <summary>Records every problem with the bounds, targets, schedules and step policies.</summary>
    public void Validate(PropValidator v)
    {
        var p = _props;
        var boundsValid = TaskCounts.Validate(v, p.MinTasks, p.MaxTasks, MinTasks, MaxTasks, lowestMin: 1);
        v.Range(nameof(p.DesiredTasks), p.DesiredTasks, 0, int.MaxValue, "tasks");
        var known = !PropValidator.IsToken(MinTasks) && !PropValidator.IsToken(MaxTasks);
        if (boundsValid && p.DesiredTasks is { } desired && !PropValidator.IsToken(desired) && desired >= 0 && (desired < MinTasks || desired > MaxTasks))
        {
            v.FailWith($"{nameof(p.DesiredTasks)} = {Show(desired)} is outside {nameof(p.MinTasks)} = {Show(MinTasks)} to {nameof(p.MaxTasks)} = {Show(MaxTasks)}; allowed: {Show(MinTasks)} to {Show(MaxTasks)} tasks.");
        }

        if (p.ScaleOnCpu == false && p.TargetCpuUtilizationPercent is not null)
        {
            v.FailWith($"{nameof(p.TargetCpuUtilizationPercent)} has no effect with {nameof(p.ScaleOnCpu)} = false; drop one of them.");
        }

        v.Percent(nameof(p.TargetCpuUtilizationPercent), p.TargetCpuUtilizationPercent);
        v.Percent(nameof(p.TargetMemoryUtilizationPercent), p.TargetMemoryUtilizationPercent);
        v.Positive(nameof(p.TargetRequestsPerTask), p.TargetRequestsPerTask, "requests per task per minute");
        ValidateSchedules(v, known);
        ValidateSteps(v);
    }

    // The construct ids under the scalable target that a step policy may not take, with what takes them.
    private Dictionary<string, string> TakenPolicyIds()
    {
        var p = _props;
        var taken = new Dictionary<string, string>(StringComparer.Ordinal) { [ScalableTargetResourceId] = "the scalable target's CloudFormation resource" };
        if (p.ScaleOnCpu ?? true)
        {
            taken["CpuScaling"] = "the service's CPU target tracking";
        }

        if (p.TargetMemoryUtilizationPercent is not null)
        {
            taken["MemoryScaling"] = "the service's memory target tracking";
        }

        if (p.TargetRequestsPerTask is not null)
        {
            taken["RequestScaling"] = "the service's request target tracking";
        }

        return taken;
    }

    /// <summary>Creates the scalable task count and its policies on the service.</summary>
    public ScalableTaskCount Build(FargateService service, ApplicationTargetGroup targetGroup)
    {
        var p = _props;
        var scaling = service.AutoScaleTaskCount(new EnableScalingProps { MinCapacity = MinTasks, MaxCapacity = MaxTasks });
        var scaleIn = Duration.Seconds(ScaleInCooldownSeconds);
        var scaleOut = Duration.Seconds(ScaleOutCooldownSeconds);
        if (p.ScaleOnCpu ?? true)
        {
            scaling.ScaleOnCpuUtilization("CpuScaling", new CpuUtilizationScalingProps
            {
                TargetUtilizationPercent = p.TargetCpuUtilizationPercent ?? DefaultCpuTarget,
                ScaleInCooldown = scaleIn,
                ScaleOutCooldown = scaleOut,
            });
        }

        if (p.TargetMemoryUtilizationPercent is { } memory)
        {
            scaling.ScaleOnMemoryUtilization("MemoryScaling", new MemoryUtilizationScalingProps
            {
                TargetUtilizationPercent = memory,
                ScaleInCooldown = scaleIn,
                ScaleOutCooldown = scaleOut,
            });
        }

        if (p.TargetRequestsPerTask is { } requests)
        {
            scaling.ScaleOnRequestCount("RequestScaling", new RequestCountScalingProps
            {
                RequestsPerTarget = requests,
                TargetGroup = targetGroup,
                ScaleInCooldown = scaleIn,
                ScaleOutCooldown = scaleOut,
            });
        }

        foreach (var s in p.ScheduledScaling ?? [])
        {
            scaling.ScaleOnSchedule(s.Id, new ScalingSchedule
            {
                Schedule = s.Schedule,
                TimeZone = s.TimeZone,
                MinCapacity = s.MinTasks,
                MaxCapacity = s.MaxTasks,
            });
        }

        foreach (var (stepId, step) in p.StepScaling ?? new Dictionary<string, BasicStepScalingPolicyProps>())
        {
            scaling.ScaleOnMetric(stepId, step);
        }

        return scaling;
    }

    private void ValidateSchedules(PropValidator v, bool boundsKnown)
    {
        var schedules = _props.ScheduledScaling;
        if (schedules is null)
        {
            return;
        }

        const string prop = nameof(LoadBalancedWebServiceProps.ScheduledScaling);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (s, at) in v.Entries(prop, schedules, "a ScheduledScaling"))
        {
            if (ValidIdShape(v, $"{at}.Id", s.Id) && !names.Add(s.Id))
            {
                v.Fail($"{at}.Id", s.Id, "each scheduled action needs its own id (it names the action on the scalable target).");
            }

            if (!v.Missing($"{at}.Schedule", s.Schedule, "Schedule.Cron(...), Schedule.Expression(...), Schedule.Rate(...) or Schedule.At(...)"))
            {
                ScheduleExpression.Validate(v, $"{at}.Schedule", s.Schedule.ExpressionString, ScheduleForms.All);
            }

            if (s.TimeZone is { } zone)
            {
                ScheduleExpression.ValidateTimeZone(v, $"{at}.TimeZone", zone.TimezoneName);
            }

            if (s.MinTasks is null && s.MaxTasks is null)
            {
                v.FailWith($"{at} sets neither MinTasks nor MaxTasks; give at least one.");
            }

            v.Range($"{at}.MinTasks", s.MinTasks, 0, int.MaxValue, "tasks");
            v.Range($"{at}.MaxTasks", s.MaxTasks, 0, int.MaxValue, "tasks");
            var lo = Known(s.MinTasks);
            var hi = Known(s.MaxTasks);
            if (lo is >= 0 && hi is >= 0 && lo > hi)
            {
                v.FailWith($"{at}.MinTasks = {Show(lo.Value)} is greater than {at}.MaxTasks = {Show(hi.Value)}; MinTasks must be at most MaxTasks.");
            }
            else if (boundsKnown && s.MaxTasks is null && lo is >= 0 && lo > MaxTasks)
            {
                v.FailWith($"{at}.MinTasks = {Show(lo.Value)} is greater than the service's {nameof(LoadBalancedWebServiceProps.MaxTasks)} = {Show(MaxTasks)}, which the action leaves unchanged (Application Auto Scaling refuses such an action); raise MaxTasks or give {at}.MaxTasks.");
            }
            else if (boundsKnown && s.MinTasks is null && hi is >= 0 && hi < MinTasks)
            {
                v.FailWith($"{at}.MaxTasks = {Show(hi.Value)} is less than the service's {nameof(LoadBalancedWebServiceProps.MinTasks)} = {Show(MinTasks)}, which the action leaves unchanged (Application Auto Scaling refuses such an action); lower MinTasks or give {at}.MinTasks.");
            }
        }
    }

    private void ValidateSteps(PropValidator v)
    {
        if (_props.StepScaling is not { } steps)
        {
            return;
        }

        const string prop = nameof(LoadBalancedWebServiceProps.StepScaling);
        var taken = TakenPolicyIds();
        foreach (var (key, step) in steps.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (ValidIdShape(v, $"{prop} key", key) && taken.TryGetValue(key, out var user))
            {
                v.Fail($"{prop} key", key, $"{user} uses that construct id under the scalable target (taken there: {string.Join(", ", taken.Keys)}); choose another.");
            }

            if (v.Missing($"{prop}[\"{key}\"]", step, "a BasicStepScalingPolicyProps"))
            {
                continue;
            }

            if (step.ScalingSteps is not { Length: >= MinStepIntervals })
            {
                v.FailWith($"{prop}[\"{key}\"].ScalingSteps has {step.ScalingSteps?.Length ?? 0} interval(s); step scaling needs at least {MinStepIntervals} (e.g. one to scale in below a bound and one to scale out above it).");
            }
        }
    }

    private static bool ValidIdShape(PropValidator v, string prop, string? id)
    {
        if (v.Missing(prop, id, "a construct id of letters and digits"))
        {
            return false;
        }

        if (!ConstructIdPattern().IsMatch(id!))
        {
            v.Fail(prop, id, "allowed: letters and digits, starting with a letter (it becomes a construct id).");
            return false;
        }

        return true;
    }

    private static double? Known(double? value) => value is { } x && !PropValidator.IsToken(x) ? x : null;

    private static string Show(double value) => PropValidator.Format(value);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex ConstructIdPattern();
}
