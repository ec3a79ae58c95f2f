using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;

namespace ContainerPatterns.Ecs;

/// <summary>
/// The alarm concern of <see cref="LoadBalancedWebService"/>: six default alarms on the load balancer, target group
/// and service, built through the shared <see cref="AlarmFactory"/>, and the deployment alarms that roll back.
/// </summary>
internal sealed class WebServiceAlarms
{
    private static readonly AlarmSpec LoadBalancer5xx = new("LoadBalancer5xxAlarm", nameof(LoadBalancedWebServiceProps.LoadBalancer5xxAlarm), 5, ThresholdKind.Percent, ComparisonOperator.GREATER_THAN_THRESHOLD, "load balancer 5xx responses above {0}% of requests");
    private static readonly AlarmSpec Target5xx = new("Target5xxAlarm", nameof(LoadBalancedWebServiceProps.Target5xxAlarm), 5, ThresholdKind.Percent, ComparisonOperator.GREATER_THAN_THRESHOLD, "target 5xx responses above {0}% of requests");
    private static readonly AlarmSpec ResponseTime = new("ResponseTimeAlarm", nameof(LoadBalancedWebServiceProps.ResponseTimeAlarm), 2, ThresholdKind.Positive, ComparisonOperator.GREATER_THAN_THRESHOLD, "p99 target response time above {0} s");
    private static readonly AlarmSpec UnhealthyHosts = new("UnhealthyHostsAlarm", nameof(LoadBalancedWebServiceProps.UnhealthyHostsAlarm), 1, ThresholdKind.Count, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, "{0} or more unhealthy targets");
    private static readonly AlarmSpec CpuHigh = new("CpuHighAlarm", nameof(LoadBalancedWebServiceProps.CpuHighAlarm), 90, ThresholdKind.Percent, ComparisonOperator.GREATER_THAN_THRESHOLD, "average CPU utilization above {0}%");
    private static readonly AlarmSpec MemoryHigh = new("MemoryHighAlarm", nameof(LoadBalancedWebServiceProps.MemoryHighAlarm), 90, ThresholdKind.Percent, ComparisonOperator.GREATER_THAN_THRESHOLD, "average memory utilization above {0}%");

    private readonly LoadBalancedWebServiceProps _props;

    private WebServiceAlarms(LoadBalancedWebServiceProps props) => _props = props;

    /// <summary>The load balancer 5xx alarm; null when turned off.</summary>
    public Alarm? LoadBalancer5xxAlarm { get; private set; }

    /// <summary>The target 5xx alarm; null when turned off.</summary>
    public Alarm? Target5xxAlarm { get; private set; }

    /// <summary>The p99 response time alarm; null when turned off.</summary>
    public Alarm? ResponseTimeAlarm { get; private set; }

    /// <summary>The unhealthy hosts alarm; null when turned off.</summary>
    public Alarm? UnhealthyHostsAlarm { get; private set; }

    /// <summary>The CPU alarm; null when turned off.</summary>
    public Alarm? CpuHighAlarm { get; private set; }

    /// <summary>The memory alarm; null when turned off.</summary>
    public Alarm? MemoryHighAlarm { get; private set; }

    /// <summary>Resolves the alarm settings once.</summary>
    public static WebServiceAlarms Resolve(LoadBalancedWebServiceProps props) => new(props);

    /// <summary>Records every problem with the alarm tunings and the rollback choice.</summary>
    public void Validate(PropValidator v)
    {
        var p = _props;
        AlarmFactory.Validate(v, LoadBalancer5xx, p.LoadBalancer5xxAlarm);
        AlarmFactory.Validate(v, Target5xx, p.Target5xxAlarm);
        AlarmFactory.Validate(v, ResponseTime, p.ResponseTimeAlarm);
        AlarmFactory.Validate(v, UnhealthyHosts, p.UnhealthyHostsAlarm);
        AlarmFactory.Validate(v, CpuHigh, p.CpuHighAlarm);
        AlarmFactory.Validate(v, MemoryHigh, p.MemoryHighAlarm);
        if (p.RollbackOnAlarm == true && p.Target5xxAlarm?.Enabled == false && p.UnhealthyHostsAlarm?.Enabled == false)
        {
            v.FailWith($"{nameof(p.RollbackOnAlarm)} = true rolls back on the {nameof(p.Target5xxAlarm)} and {nameof(p.UnhealthyHostsAlarm)}, but both are turned off; turn one on or drop {nameof(p.RollbackOnAlarm)}.");
        }
    }

    /// <summary>Creates the alarms in <paramref name="scope"/> and, when asked, the deployment alarms on the service.</summary>
    public IReadOnlyList<Alarm> Build(Construct scope, FargateService service, ApplicationLoadBalancer alb, ApplicationTargetGroup targetGroup)
    {
        var p = _props;
        var factory = new AlarmFactory(scope, p.AlarmTopic);
        LoadBalancer5xxAlarm = factory.Create(LoadBalancer5xx, p.LoadBalancer5xxAlarm, period =>
            PercentOf(alb.Metrics.HttpCodeElb(HttpCodeElb.ELB_5XX_COUNT, Sum(period)), alb.Metrics.RequestCount(Sum(period)), period, "Load balancer 5xx (%)"));
        Target5xxAlarm = factory.Create(Target5xx, p.Target5xxAlarm, period =>
            PercentOf(targetGroup.Metrics.HttpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, Sum(period)), targetGroup.Metrics.RequestCount(Sum(period)), period, "Target 5xx (%)"));
        ResponseTimeAlarm = factory.Create(ResponseTime, p.ResponseTimeAlarm, period =>
            targetGroup.Metrics.TargetResponseTime(new MetricOptions { Statistic = "p99", Period = period }));
        UnhealthyHostsAlarm = factory.Create(UnhealthyHosts, p.UnhealthyHostsAlarm, period =>
            targetGroup.Metrics.UnhealthyHostCount(new MetricOptions { Statistic = "Maximum", Period = period }));
        CpuHighAlarm = factory.Create(CpuHigh, p.CpuHighAlarm, period =>
            service.MetricCpuUtilization(new MetricOptions { Statistic = "Average", Period = period }));
        MemoryHighAlarm = factory.Create(MemoryHigh, p.MemoryHighAlarm, period =>
            service.MetricMemoryUtilization(new MetricOptions { Statistic = "Average", Period = period }));

        if (p.RollbackOnAlarm == true)
        {
            // Only alarms on load balancer metrics: the CPU and memory alarms read the service's own name, and the
            // service naming them would be a dependency cycle.
            var names = new[] { Target5xxAlarm, UnhealthyHostsAlarm }.OfType<Alarm>().Select(a => a.AlarmName).ToArray();
            service.EnableDeploymentAlarms(names, new DeploymentAlarmOptions { Behavior = AlarmBehavior.ROLLBACK_ON_ALARM });
        }

        return new[] { LoadBalancer5xxAlarm, Target5xxAlarm, ResponseTimeAlarm, UnhealthyHostsAlarm, CpuHighAlarm, MemoryHighAlarm }.OfType<Alarm>().ToArray();
    }

    private static MetricOptions Sum(Duration period) => new() { Statistic = "Sum", Period = period };

    private static MathExpression PercentOf(IMetric part, IMetric requests, Duration period, string label) => new(new MathExpressionProps
    {
        // No requests means no errors; a minute with requests but no error datapoint means 0 errors.
        Expression = "IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)",
        UsingMetrics = new Dictionary<string, IMetric> { ["errors"] = part, ["requests"] = requests },
        Period = period,
        Label = label,
    });
}
