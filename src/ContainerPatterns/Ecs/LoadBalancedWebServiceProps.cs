using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.SNS;

namespace ContainerPatterns.Ecs;

/// <summary>Properties of a <see cref="LoadBalancedWebService"/>.</summary>
public sealed class LoadBalancedWebServiceProps : FargateWorkloadProps
{
    // ---- Container port (the shared task props are in FargateWorkloadProps) ----

    /// <summary>The port the container listens on, 1–65535. Default: 8080 (ASP.NET Core's default port for non-root images).</summary>
    public int? ContainerPort { get; init; }

    // ---- Load balancer ----

    /// <summary>Whether the load balancer is internet-facing (in the public subnets) or internal (in the private subnets, reachable from the VPC's CIDR). Default: true.</summary>
    public bool? InternetFacing { get; init; }

    /// <summary>An ACM certificate for HTTPS. Default: one is created from <see cref="DomainName"/> when given; otherwise HTTP only (with a synth-time warning).</summary>
    public Amazon.CDK.AWS.CertificateManager.ICertificate? Certificate { get; init; }

    /// <summary>The DNS name of the service, e.g. <c>api.example.com</c>; needs <see cref="HostedZone"/>. A DNS-validated certificate (unless <see cref="Certificate"/> is given) and an alias record are created. Default: none.</summary>
    public string? DomainName { get; init; }

    /// <summary>The Route 53 hosted zone of <see cref="DomainName"/>. Default: none.</summary>
    public IHostedZone? HostedZone { get; init; }

    /// <summary>The HTTPS listener's security policy. Default: <see cref="SslPolicy.RECOMMENDED_TLS"/> (TLS 1.3 and 1.2, <c>ELBSecurityPolicy-TLS13-1-2-2021-06</c>).</summary>
    public SslPolicy? SslPolicy { get; init; }

    /// <summary>Whether the load balancer has deletion protection (it must be turned off before the stack can delete it). Default: false.</summary>
    public bool? DeletionProtection { get; init; }

    /// <summary>The ARN of a regional AWS WAF web ACL to associate with the load balancer. Default: none.</summary>
    public string? WebAclArn { get; init; }

    /// <summary>Whether access logs go to a new S3 bucket (SSE-S3, SSL-only, public access blocked, retained). Default: true.</summary>
    public bool? AccessLogs { get; init; }

    /// <summary>Days after which access-log objects expire, 1–3650. Default: 90 days.</summary>
    public int? AccessLogExpirationDays { get; init; }

    // ---- Health and deployments ----

    /// <summary>The path the load balancer's health check requests; must start with <c>/</c>. Default: <c>/</c>.</summary>
    public string? HealthCheckPath { get; init; }

    /// <summary>HTTP codes that count as healthy, e.g. <c>200</c>, <c>200-299</c> or <c>200,204</c>. Default: <c>200-399</c>.</summary>
    public string? HealthCheckHealthyHttpCodes { get; init; }

    /// <summary>Seconds between health checks, 5–300. Default: 15 seconds.</summary>
    public int? HealthCheckIntervalSeconds { get; init; }

    /// <summary>Seconds a health check may take, 2–120 and less than the interval. Default: 5 seconds.</summary>
    public int? HealthCheckTimeoutSeconds { get; init; }

    /// <summary>Consecutive successes before a target is healthy, 2–10. Default: 2.</summary>
    public int? HealthyThresholdCount { get; init; }

    /// <summary>Consecutive failures before a target is unhealthy, 2–10. Default: 3.</summary>
    public int? UnhealthyThresholdCount { get; init; }

    /// <summary>Seconds after a task starts during which ECS ignores failed load-balancer health checks, 0–2,147,483,647. Default: 60 seconds.</summary>
    public int? HealthCheckGracePeriodSeconds { get; init; }

    /// <summary>Seconds the load balancer lets in-flight requests finish on a deregistering task, 0–3600. Default: 30 seconds (ELB's own default is 300, which slows every deployment).</summary>
    public int? DeregistrationDelaySeconds { get; init; }

    /// <summary>Lower limit of running tasks during a deployment, as a percentage of the desired count, 0–100. Default: 100%.</summary>
    public int? MinHealthyPercent { get; init; }

    /// <summary>Upper limit of running tasks during a deployment, as a percentage of the desired count, at least 100 and above <see cref="MinHealthyPercent"/>. Default: 200%.</summary>
    public int? MaxHealthyPercent { get; init; }

    /// <summary>
    /// Whether a deployment is rolled back when the target 5xx or unhealthy-hosts alarm goes off during it (ECS
    /// deployment alarms), on top of the circuit breaker, which is always on with rollback. CDK notes at synth that
    /// alarm names given as references may make a dependency cycle; these two alarms read load balancer metrics
    /// only, so they do not. Default: false.
    /// </summary>
    public bool? RollbackOnAlarm { get; init; }

    // ---- Auto scaling ----

    /// <summary>The fewest tasks auto scaling keeps, at least 1. Default: 2 (one per AZ of a two-AZ network).</summary>
    public int? MinTasks { get; init; }

    /// <summary>The most tasks auto scaling starts, at least <see cref="MinTasks"/>. Default: 4, or <see cref="MinTasks"/> when that is larger.</summary>
    public int? MaxTasks { get; init; }

    /// <summary>
    /// The tasks started by the first deployment, from <see cref="MinTasks"/> to <see cref="MaxTasks"/>. It is written
    /// into the template, so a deployment that changes it (or <see cref="MinTasks"/>, when this is not set) also resets
    /// a service that auto scaling has grown to that count, until scaling reacts again. Default: <see cref="MinTasks"/>.
    /// </summary>
    public int? DesiredTasks { get; init; }

    /// <summary>Whether to track a CPU utilization target. Default: true.</summary>
    public bool? ScaleOnCpu { get; init; }

    /// <summary>Average CPU utilization the service is scaled to keep, in percent, above 0 and at most 100. Default: 70%.</summary>
    public double? TargetCpuUtilizationPercent { get; init; }

    /// <summary>Average memory utilization to keep, in percent, above 0 and at most 100. Default: none (no memory tracking).</summary>
    public double? TargetMemoryUtilizationPercent { get; init; }

    /// <summary>ALB requests per task per minute to keep, above 0. Default: none (no request tracking).</summary>
    public double? TargetRequestsPerTask { get; init; }

    /// <summary>Scheduled changes of the task-count bounds (cron with time zone). Default: none.</summary>
    public IReadOnlyList<ScheduledScaling>? ScheduledScaling { get; init; }

    /// <summary>Step scaling policies on custom metrics, by construct id (letters and digits). Default: none.</summary>
    public IReadOnlyDictionary<string, BasicStepScalingPolicyProps>? StepScaling { get; init; }

    // ---- Alarms ----

    /// <summary>The SNS topic every alarm notifies when it goes into and out of ALARM. Default: none (alarms are created but notify nobody).</summary>
    public ITopic? AlarmTopic { get; init; }

    /// <summary>Load balancer 5xx responses (the ALB's own) as a percentage of requests, above 0 and at most 100. Default: 5%.</summary>
    public double? LoadBalancer5xxPercentThreshold { get; init; }

    /// <summary>Target 5xx responses (the application's) as a percentage of requests, above 0 and at most 100. Default: 5%.</summary>
    public double? Target5xxPercentThreshold { get; init; }

    /// <summary>p99 target response time, in seconds, above 0. Default: 2 seconds.</summary>
    public double? ResponseTimeP99ThresholdSeconds { get; init; }

    /// <summary>Unhealthy targets at which the unhealthy-hosts alarm goes off, at least 1. Default: 1.</summary>
    public double? UnhealthyHostsThreshold { get; init; }

    /// <summary>Average service CPU utilization, in percent, above 0 and at most 100. Default: 90%.</summary>
    public double? CpuHighPercentThreshold { get; init; }

    /// <summary>Average service memory utilization, in percent, above 0 and at most 100. Default: 90%.</summary>
    public double? MemoryHighPercentThreshold { get; init; }
}
