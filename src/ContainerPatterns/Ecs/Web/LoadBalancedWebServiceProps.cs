using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SNS;

namespace ContainerPatterns.Ecs;

/// <summary>
/// Properties of a <see cref="LoadBalancedWebService"/>. Its task defaults (see <see cref="WorkloadProps"/>):
/// 512 CPU units, 1024 MiB, a 30-second stop timeout.
/// </summary>
public sealed class LoadBalancedWebServiceProps : ServiceWorkloadProps
{
    // ---- Container port (the shared task and service props are in the base classes) ----

    /// <summary>The port the container listens on, 1–65535. Default: 8080 (ASP.NET Core's default port for non-root images).</summary>
    public double? ContainerPort { get; init; }

    // ---- Load balancer ----

    /// <summary>Whether the load balancer is internet-facing (in public subnets) or internal (reachable from the VPC's CIDR). Default: true.</summary>
    public bool? InternetFacing { get; init; }

    /// <summary>
    /// The load balancer's subnets, in at least two Availability Zones. Default: the VPC's public subnets when
    /// internet-facing, otherwise the task subnets.
    /// </summary>
    public ISubnetSelection? LoadBalancerSubnets { get; init; }

    /// <summary>
    /// An ACM certificate for HTTPS, in the stack's region. Default: one is created from <see cref="DomainName"/> when
    /// given; otherwise HTTP only, with a synth-time warning (id <c>ContainerPatterns:LoadBalancedWebService:HttpOnly</c>,
    /// which <c>Annotations.Of(service).AcknowledgeWarning(...)</c> silences).
    /// </summary>
    public Amazon.CDK.AWS.CertificateManager.ICertificate? Certificate { get; init; }

    /// <summary>The DNS name of the service, e.g. <c>api.example.com</c>, inside <see cref="HostedZone"/>. A DNS-validated certificate (unless <see cref="Certificate"/> is given) and an alias record are created. Default: none.</summary>
    public string? DomainName { get; init; }

    /// <summary>The Route 53 hosted zone of <see cref="DomainName"/>. Default: none.</summary>
    public IHostedZone? HostedZone { get; init; }

    /// <summary>The HTTPS listener's security policy. Default: <see cref="SslPolicy.RECOMMENDED_TLS"/> (TLS 1.3 and 1.2, <c>ELBSecurityPolicy-TLS13-1-2-2021-06</c>).</summary>
    public SslPolicy? SslPolicy { get; init; }

    /// <summary>Whether the load balancer has deletion protection (it must be turned off before the stack can delete it). Default: false.</summary>
    public bool? DeletionProtection { get; init; }

    /// <summary>The ARN of a regional AWS WAF web ACL, in the stack's region, to associate with the load balancer. Default: none.</summary>
    public string? WebAclArn { get; init; }

    // ---- Access logs: a bucket of your own, options for a new one, or off ----

    /// <summary>Whether the load balancer writes access logs. Default: true (to a new bucket, unless <see cref="AccessLogBucket"/> is given).</summary>
    public bool? AccessLogs { get; init; }

    /// <summary>
    /// An existing bucket for the access logs (SSE-S3 encrypted: ALB log delivery does not write to SSE-KMS buckets).
    /// A bucket of this app gets the policy that lets ELB log delivery write; an imported bucket must allow it
    /// already. Default: a new bucket (SSE-S3, SSL-only, public access blocked, retained unless
    /// <see cref="WorkloadProps.RemovalPolicy"/> says otherwise).
    /// </summary>
    public IBucket? AccessLogBucket { get; init; }

    /// <summary>When access-log objects in the new bucket expire, a whole number of days from 1 to 3650. Default: 90 days.</summary>
    public Duration? AccessLogExpiration { get; init; }

    // ---- Health and deployments ----

    /// <summary>The path the load balancer's health check requests: starts with <c>/</c>, at most 1024 characters, no spaces. Default: <c>/</c>.</summary>
    public string? HealthCheckPath { get; init; }

    /// <summary>HTTP codes that count as healthy, e.g. <c>200</c>, <c>200-299</c> or <c>200,204</c>. Default: <c>200-399</c>.</summary>
    public string? HealthCheckHealthyHttpCodes { get; init; }

    /// <summary>Time between health checks, 5–300 seconds. Default: 15 seconds.</summary>
    public Duration? HealthCheckInterval { get; init; }

    /// <summary>How long a health check may take, 2–120 seconds and less than the interval. Default: 5 seconds.</summary>
    public Duration? HealthCheckTimeout { get; init; }

    /// <summary>Consecutive successes before a target is healthy, 2–10. Default: 2.</summary>
    public double? HealthyThresholdCount { get; init; }

    /// <summary>Consecutive failures before a target is unhealthy, 2–10. Default: 3.</summary>
    public double? UnhealthyThresholdCount { get; init; }

    /// <summary>How long after a task starts ECS ignores failed load-balancer health checks, in whole seconds. Default: 60 seconds.</summary>
    public Duration? HealthCheckGracePeriod { get; init; }

    /// <summary>How long the load balancer lets in-flight requests finish on a deregistering task, 0–3600 seconds. Default: 30 seconds (ELB's own default is 300, which slows every deployment).</summary>
    public Duration? DeregistrationDelay { get; init; }

    /// <summary>
    /// Whether a deployment is rolled back when the target 5xx or unhealthy-hosts alarm goes off during it (ECS
    /// deployment alarms), on top of the circuit breaker, which is always on with rollback. CDK notes at synth that
    /// alarm names given as references may make a dependency cycle; these two alarms read load balancer metrics
    /// only, so they do not. Default: false.
    /// </summary>
    public bool? RollbackOnAlarm { get; init; }

    // ---- Auto scaling ----

    /// <summary>The fewest tasks auto scaling keeps, at least 1. Default: 2 (one per AZ of a two-AZ network).</summary>
    public double? MinTasks { get; init; }

    /// <summary>The most tasks auto scaling starts, at least <see cref="MinTasks"/>. Default: 4, or <see cref="MinTasks"/> when that is larger.</summary>
    public double? MaxTasks { get; init; }

    /// <summary>
    /// The desired task count to write into the template, from <see cref="MinTasks"/> to <see cref="MaxTasks"/>. ECS
    /// applies a template's desired count on every deployment that carries it, resetting a service auto scaling has
    /// grown, so leave it unset unless you mean that. Default: not written (ECS starts one task and auto scaling
    /// raises the count to <see cref="MinTasks"/> when it registers the service).
    /// </summary>
    public double? DesiredTasks { get; init; }

    /// <summary>Whether to track a CPU utilization target. Default: true.</summary>
    public bool? ScaleOnCpu { get; init; }

    /// <summary>Average CPU utilization the service is scaled to keep, in percent, above 0 and at most 100. Default: 70%.</summary>
    public double? TargetCpuUtilizationPercent { get; init; }

    /// <summary>Average memory utilization to keep, in percent, above 0 and at most 100. Default: none (no memory tracking).</summary>
    public double? TargetMemoryUtilizationPercent { get; init; }

    /// <summary>ALB requests per task per minute to keep, above 0. Default: none (no request tracking).</summary>
    public double? TargetRequestsPerTask { get; init; }

    /// <summary>Scheduled changes of the task-count bounds (cron, rate or at, with a time zone). Default: none.</summary>
    public IReadOnlyList<ScheduledScaling>? ScheduledScaling { get; init; }

    /// <summary>
    /// Step scaling policies on custom metrics, by construct id (letters and digits; not <c>Resource</c>, nor the id of a
    /// target-tracking policy the service creates: <c>CpuScaling</c> unless <see cref="ScaleOnCpu"/> is false,
    /// <c>MemoryScaling</c> with <see cref="TargetMemoryUtilizationPercent"/>, <c>RequestScaling</c> with
    /// <see cref="TargetRequestsPerTask"/>), each with at least two intervals. Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, BasicStepScalingPolicyProps>? StepScaling { get; init; }

    // ---- Alarms (each 1-minute periods, 3 of the last 5 breaching; tune or turn off with WorkloadAlarm) ----

    /// <summary>The SNS topic every alarm notifies when it goes into and out of ALARM. Default: none (alarms are created but notify nobody).</summary>
    public ITopic? AlarmTopic { get; init; }

    /// <summary>Load balancer 5xx responses (the ALB's own) as a percentage of requests; threshold above 0 and at most 100. Default: on, above 5%.</summary>
    public WorkloadAlarm? LoadBalancer5xxAlarm { get; init; }

    /// <summary>Target 5xx responses (the application's) as a percentage of requests; threshold above 0 and at most 100. Default: on, above 5%.</summary>
    public WorkloadAlarm? Target5xxAlarm { get; init; }

    /// <summary>p99 target response time, in seconds; threshold above 0. Default: on, above 2 seconds.</summary>
    public WorkloadAlarm? ResponseTimeAlarm { get; init; }

    /// <summary>Unhealthy targets; threshold a whole number of at least 1. Default: on, at 1 or more.</summary>
    public WorkloadAlarm? UnhealthyHostsAlarm { get; init; }

    /// <summary>Average service CPU utilization, in percent; threshold above 0 and at most 100. Default: on, above 90%.</summary>
    public WorkloadAlarm? CpuHighAlarm { get; init; }

    /// <summary>Average service memory utilization, in percent; threshold above 0 and at most 100. Default: on, above 90%.</summary>
    public WorkloadAlarm? MemoryHighAlarm { get; init; }
}
