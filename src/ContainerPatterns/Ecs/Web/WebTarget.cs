using System.Text.RegularExpressions;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using ElbHealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;

namespace ContainerPatterns.Ecs;

/// <summary>What the target of a load-balanced service is given: its health check, draining and alarms.</summary>
/// <param name="HealthCheckPath">The path the health check requests.</param>
/// <param name="HealthCheckHealthyHttpCodes">The codes that count as healthy.</param>
/// <param name="HealthCheckInterval">The time between health checks.</param>
/// <param name="HealthCheckTimeout">How long a check may take.</param>
/// <param name="HealthyThresholdCount">Successes before a target is healthy.</param>
/// <param name="UnhealthyThresholdCount">Failures before a target is unhealthy.</param>
/// <param name="HealthCheckGracePeriod">How long after a task starts ECS ignores failed health checks.</param>
/// <param name="DeregistrationDelay">How long in-flight requests may finish on a deregistering task.</param>
/// <param name="Target5xxAlarm">The tuning of the target 5xx alarm.</param>
/// <param name="ResponseTimeAlarm">The tuning of the p99 response time alarm.</param>
/// <param name="UnhealthyHostsAlarm">The tuning of the unhealthy hosts alarm.</param>
internal sealed record WebTargetOptions(
    string? HealthCheckPath,
    string? HealthCheckHealthyHttpCodes,
    Duration? HealthCheckInterval,
    Duration? HealthCheckTimeout,
    double? HealthyThresholdCount,
    double? UnhealthyThresholdCount,
    Duration? HealthCheckGracePeriod,
    Duration? DeregistrationDelay,
    WorkloadAlarm? Target5xxAlarm,
    WorkloadAlarm? ResponseTimeAlarm,
    WorkloadAlarm? UnhealthyHostsAlarm);

/// <summary>
/// The target of a load-balanced service: the target group its tasks register in (<c>TargetGroup</c>, by IP, on the
/// container port), its health check and draining, and the alarms on what the target group sees (target 5xx rate, p99
/// response time, unhealthy hosts), created in the service's scope. A <see cref="LoadBalancerFront"/> forwards to it.
/// </summary>
internal sealed partial class WebTarget
{
    private const string DefaultHealthCheckPath = "/";
    private const string DefaultHealthyHttpCodes = "200-399";
    private const double DefaultInterval = 15;
    private const double DefaultTimeout = 5;
    private const double DefaultHealthyThreshold = 2;
    private const double DefaultUnhealthyThreshold = 3;
    private const double DefaultGracePeriod = 60;
    private const double DefaultDeregistrationDelay = 30;

    // ELB target group health checks (ELB API reference, ModifyTargetGroup and the target group attributes, read
    // 2026-11-24): interval 5–300 s, timeout 2–120 s, healthy and unhealthy thresholds 2–10, path at most 1024
    // characters; deregistration delay 0–3600 s.
    private const int MinInterval = 5;
    private const int MaxInterval = 300;
    private const int MinTimeout = 2;
    private const int MaxTimeout = 120;
    private const int MinThreshold = 2;
    private const int MaxThreshold = 10;
    private const int MaxHealthCheckPath = 1024;
    private const int MaxDeregistrationDelay = 3600;

    private static readonly AlarmSpec Target5xx = new("Target5xxAlarm", nameof(WebTargetOptions.Target5xxAlarm), 5, ThresholdKind.Percent, ComparisonOperator.GREATER_THAN_THRESHOLD, "target 5xx responses above {0}% of requests");
    private static readonly AlarmSpec ResponseTime = new("ResponseTimeAlarm", nameof(WebTargetOptions.ResponseTimeAlarm), 2, ThresholdKind.Positive, ComparisonOperator.GREATER_THAN_THRESHOLD, "p99 target response time above {0} s");
    private static readonly AlarmSpec UnhealthyHosts = new("UnhealthyHostsAlarm", nameof(WebTargetOptions.UnhealthyHostsAlarm), 1, ThresholdKind.Count, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, "{0} or more unhealthy targets");

    private readonly WebTargetOptions _options;

    private WebTarget(WebTargetOptions options, double containerPort)
    {
        _options = options;
        ContainerPort = containerPort;
        HealthCheckInterval = options.HealthCheckInterval ?? Duration.Seconds(DefaultInterval);
        HealthCheckTimeout = options.HealthCheckTimeout ?? Duration.Seconds(DefaultTimeout);
        GracePeriod = options.HealthCheckGracePeriod ?? Duration.Seconds(DefaultGracePeriod);
    }

    /// <summary>The container port the target group forwards to.</summary>
    public double ContainerPort { get; }

    /// <summary>The ECS health check grace period.</summary>
    public Duration GracePeriod { get; }

    /// <summary>The target group (after <see cref="Build"/>).</summary>
    public ApplicationTargetGroup TargetGroup { get; private set; } = null!;

    /// <summary>The target 5xx alarm (after <see cref="BuildAlarms"/>); null when turned off.</summary>
    public Alarm? Target5xxAlarm { get; private set; }

    /// <summary>The p99 response time alarm; null when turned off.</summary>
    public Alarm? ResponseTimeAlarm { get; private set; }

    /// <summary>The unhealthy hosts alarm; null when turned off.</summary>
    public Alarm? UnhealthyHostsAlarm { get; private set; }

    private Duration HealthCheckInterval { get; }

    private Duration HealthCheckTimeout { get; }

    /// <summary>Resolves the target's settings once.</summary>
    public static WebTarget Resolve(WebTargetOptions options, double containerPort) => new(options, containerPort);

    /// <summary>Records every problem with the health check, draining and the alarm tunings.</summary>
    public void Validate(PropValidator v)
    {
        var p = _options;
        ValidateHealthCheck(v, p);
        v.Seconds(nameof(p.HealthCheckGracePeriod), p.HealthCheckGracePeriod, 0, int.MaxValue);
        v.Seconds(nameof(p.DeregistrationDelay), p.DeregistrationDelay, 0, MaxDeregistrationDelay, "ELB's range");
        AlarmFactory.Validate(v, Target5xx, p.Target5xxAlarm);
        AlarmFactory.Validate(v, ResponseTime, p.ResponseTimeAlarm);
        AlarmFactory.Validate(v, UnhealthyHosts, p.UnhealthyHostsAlarm);
    }

    /// <summary>Creates the target group in <paramref name="scope"/> with the service's <c>app</c> container registered by IP.</summary>
    public ApplicationTargetGroup Build(Construct scope, IVpc vpc, FargateService service)
    {
        var p = _options;
        TargetGroup = new ApplicationTargetGroup(scope, "TargetGroup", new ApplicationTargetGroupProps
        {
            Vpc = vpc,
            Port = ContainerPort,
            Protocol = ApplicationProtocol.HTTP,
            TargetType = TargetType.IP,
            DeregistrationDelay = p.DeregistrationDelay ?? Duration.Seconds(DefaultDeregistrationDelay),
            HealthCheck = new ElbHealthCheck
            {
                Enabled = true,
                Path = p.HealthCheckPath ?? DefaultHealthCheckPath,
                HealthyHttpCodes = p.HealthCheckHealthyHttpCodes ?? DefaultHealthyHttpCodes,
                Interval = HealthCheckInterval,
                Timeout = HealthCheckTimeout,
                HealthyThresholdCount = p.HealthyThresholdCount ?? DefaultHealthyThreshold,
                UnhealthyThresholdCount = p.UnhealthyThresholdCount ?? DefaultUnhealthyThreshold,
            },
            Targets = [service.LoadBalancerTarget(new LoadBalancerTargetOptions { ContainerName = FargateTaskPiece.ContainerName, ContainerPort = ContainerPort })],
        });
        return TargetGroup;
    }

    /// <summary>Creates the target group's alarms through <paramref name="factory"/>.</summary>
    public void BuildAlarms(AlarmFactory factory)
    {
        var p = _options;
        var targetGroup = TargetGroup;
        Target5xxAlarm = factory.Create(Target5xx, p.Target5xxAlarm, period =>
            WebAlarmMetrics.PercentOf(targetGroup.Metrics.HttpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, WebAlarmMetrics.Sum(period)), targetGroup.Metrics.RequestCount(WebAlarmMetrics.Sum(period)), period, "Target 5xx (%)"));
        ResponseTimeAlarm = factory.Create(ResponseTime, p.ResponseTimeAlarm, period =>
            targetGroup.Metrics.TargetResponseTime(new MetricOptions { Statistic = "p99", Period = period }));
        UnhealthyHostsAlarm = factory.Create(UnhealthyHosts, p.UnhealthyHostsAlarm, period =>
            targetGroup.Metrics.UnhealthyHostCount(new MetricOptions { Statistic = "Maximum", Period = period }));
    }

    private void ValidateHealthCheck(PropValidator v, WebTargetOptions p)
    {
        if (p.HealthCheckPath is { } path && !PropValidator.IsToken(path)
            && (path.Length is 0 or > MaxHealthCheckPath || path[0] != '/' || path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            v.Fail(nameof(p.HealthCheckPath), path, $"allowed: a path of at most {MaxHealthCheckPath} characters starting with \"/\", without spaces (percent-encode them), such as \"/health\".");
        }

        if (p.HealthCheckHealthyHttpCodes is { } codes && !PropValidator.IsToken(codes))
        {
            if (!HttpCodesPattern().IsMatch(codes))
            {
                v.Fail(nameof(p.HealthCheckHealthyHttpCodes), codes, "allowed: HTTP codes from 200 to 499 as a code, a range or a comma-separated list, such as \"200\", \"200-299\" or \"200,204\".");
            }
            else if (HasReversedRange(codes))
            {
                v.Fail(nameof(p.HealthCheckHealthyHttpCodes), codes, "a range must run from the lower code to the higher, such as \"200-299\".");
            }
        }

        var interval = v.Seconds(nameof(p.HealthCheckInterval), HealthCheckInterval, MinInterval, MaxInterval, "ELB's range");
        var timeout = v.Seconds(nameof(p.HealthCheckTimeout), HealthCheckTimeout, MinTimeout, MaxTimeout, "ELB's range");
        if (timeout >= interval && timeout is not null)
        {
            v.FailWith($"{nameof(p.HealthCheckTimeout)} = {PropValidator.Format(HealthCheckTimeout)} must be less than {nameof(p.HealthCheckInterval)} = {PropValidator.Format(HealthCheckInterval)}; ELB needs each check to end before the next starts.");
        }

        v.Range(nameof(p.HealthyThresholdCount), p.HealthyThresholdCount, MinThreshold, MaxThreshold, "(ELB's range)");
        v.Range(nameof(p.UnhealthyThresholdCount), p.UnhealthyThresholdCount, MinThreshold, MaxThreshold, "(ELB's range)");
    }

    /// <summary>True when a code list (already matching <see cref="HttpCodesPattern"/>) has a range whose start exceeds its end.</summary>
    private static bool HasReversedRange(string codes) =>
        codes.Split(',').Select(item => item.Split('-')).Any(range =>
            range.Length == 2 && int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture) > int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^([2-4][0-9]{2})(-[2-4][0-9]{2})?(,([2-4][0-9]{2})(-[2-4][0-9]{2})?)*$")]
    private static partial Regex HttpCodesPattern();
}
