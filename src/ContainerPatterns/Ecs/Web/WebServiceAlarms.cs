using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.ECS;

namespace ContainerPatterns.Ecs;

/// <summary>What the service alarms are given: the tunings of the service's own two alarms and the rollback choice.</summary>
/// <param name="CpuHighAlarm">The tuning of the CPU alarm.</param>
/// <param name="MemoryHighAlarm">The tuning of the memory alarm.</param>
/// <param name="RollbackOnAlarm">Whether a deployment rolls back when the target alarms go off.</param>
internal sealed record ServiceAlarmOptions(WorkloadAlarm? CpuHighAlarm, WorkloadAlarm? MemoryHighAlarm, bool? RollbackOnAlarm);

/// <summary>
/// The alarms on a service's own metrics (CPU and memory utilization) through the shared <see cref="AlarmFactory"/>,
/// and the ECS deployment alarms that roll a deployment back when the target's alarms go off.
/// </summary>
internal sealed class WebServiceAlarms
{
    private static readonly AlarmSpec CpuHigh = new("CpuHighAlarm", nameof(ServiceAlarmOptions.CpuHighAlarm), 90, ThresholdKind.Percent, ComparisonOperator.GREATER_THAN_THRESHOLD, "average CPU utilization above {0}%");
    private static readonly AlarmSpec MemoryHigh = new("MemoryHighAlarm", nameof(ServiceAlarmOptions.MemoryHighAlarm), 90, ThresholdKind.Percent, ComparisonOperator.GREATER_THAN_THRESHOLD, "average memory utilization above {0}%");

    private readonly ServiceAlarmOptions _options;

    private WebServiceAlarms(ServiceAlarmOptions options) => _options = options;

    /// <summary>The CPU alarm; null when turned off.</summary>
    public Alarm? CpuHighAlarm { get; private set; }

    /// <summary>The memory alarm; null when turned off.</summary>
    public Alarm? MemoryHighAlarm { get; private set; }

    /// <summary>Resolves the alarm settings once.</summary>
    public static WebServiceAlarms Resolve(ServiceAlarmOptions options) => new(options);

    /// <summary>Records every problem with the alarm tunings and the rollback choice (the target's alarms it rolls back on).</summary>
    public void Validate(PropValidator v, WorkloadAlarm? target5xx, WorkloadAlarm? unhealthyHosts)
    {
        var p = _options;
        AlarmFactory.Validate(v, CpuHigh, p.CpuHighAlarm);
        AlarmFactory.Validate(v, MemoryHigh, p.MemoryHighAlarm);
        if (p.RollbackOnAlarm == true && target5xx?.Enabled == false && unhealthyHosts?.Enabled == false)
        {
            v.FailWith($"{nameof(p.RollbackOnAlarm)} = true rolls back on the {nameof(WebTargetOptions.Target5xxAlarm)} and {nameof(WebTargetOptions.UnhealthyHostsAlarm)}, but both are turned off; turn one on or drop {nameof(p.RollbackOnAlarm)}.");
        }
    }

    /// <summary>Creates the service alarms through <paramref name="factory"/> and, when asked, the deployment alarms on the service.</summary>
    public void Build(AlarmFactory factory, FargateService service, WebTarget target)
    {
        var p = _options;
        CpuHighAlarm = factory.Create(CpuHigh, p.CpuHighAlarm, period =>
            service.MetricCpuUtilization(new MetricOptions { Statistic = "Average", Period = period }));
        MemoryHighAlarm = factory.Create(MemoryHigh, p.MemoryHighAlarm, period =>
            service.MetricMemoryUtilization(new MetricOptions { Statistic = "Average", Period = period }));

        if (p.RollbackOnAlarm == true)
        {
            // Only alarms on load balancer metrics: the CPU and memory alarms read the service's own name, and the
            // service naming them would be a dependency cycle.
            var names = new[] { target.Target5xxAlarm, target.UnhealthyHostsAlarm }.OfType<Alarm>().Select(a => a.AlarmName).ToArray();
            service.EnableDeploymentAlarms(names, new DeploymentAlarmOptions { Behavior = AlarmBehavior.ROLLBACK_ON_ALARM });
        }
    }
}

/// <summary>The metric math the load balancer's and the target's rate alarms share.</summary>
internal static class WebAlarmMetrics
{
    /// <summary>A sum over the period.</summary>
    public static MetricOptions Sum(Duration period) => new() { Statistic = "Sum", Period = period };

    /// <summary>Errors as a percentage of requests; no requests (or no error datapoint) count as 0 %.</summary>
    public static MathExpression PercentOf(IMetric part, IMetric requests, Duration period, string label) => new(new MathExpressionProps
    {
        Expression = "IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)",
        UsingMetrics = new Dictionary<string, IMetric> { ["errors"] = part, ["requests"] = requests },
        Period = period,
        Label = label,
    });
}
