using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3;

namespace ContainerPatterns.Ecs;

/// <summary>
/// A Fargate service behind an Application Load Balancer, ready for production: HTTPS with a TLS 1.3 policy and an
/// HTTP-to-HTTPS redirect when a certificate or domain is given; tasks in private subnets that only the load
/// balancer reaches, on the container port; circuit breaker with rollback; a short deregistration delay; target
/// tracking on CPU (and optionally memory and requests), scheduled and step scaling; access logs to an encrypted,
/// SSL-only bucket; and alarms on load balancer and target 5xx rates, p99 response time, unhealthy hosts, CPU and
/// memory. Runs on any ECS cluster with the Fargate capacity providers (see <see cref="WorkloadProps"/>).
/// </summary>
public sealed class LoadBalancedWebService : Construct, IGrantable, IConnectable
{
    /// <summary>
    /// The id of the warning a service without HTTPS raises at synth; acknowledge it with
    /// <c>Annotations.Of(service).AcknowledgeWarning(LoadBalancedWebService.HttpOnlyWarningId, "why")</c>.
    /// </summary>
    public const string HttpOnlyWarningId = "ContainerPatterns:LoadBalancedWebService:HttpOnly";

    // The web service's task defaults: 0.5 vCPU, 1 GiB, ECS's own 30-second stop timeout.
    private static readonly TaskDefaults Defaults = new(Cpu: 512, MemoryMiB: 1024, StopTimeoutSeconds: 30);

    private const double DefaultContainerPort = 8080;

    private readonly FargateTaskPiece _task;
    private readonly LoadBalancerFront _front;
    private readonly WebTarget _target;
    private readonly WebServiceAlarms _alarms;

    /// <summary>Creates the web service.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public LoadBalancedWebService(Construct scope, string id, LoadBalancedWebServiceProps props)
        : base(scope, id)
    {
        var v = new PropValidator(scope, id);
        v.ThrowIfPropsMissing(props, nameof(LoadBalancedWebServiceProps));
        var port = props.ContainerPort ?? DefaultContainerPort;
        var service = ServicePiece.Resolve(props, Defaults, port);
        var front = LoadBalancerFront.Resolve(FrontOptions(props), service.Task.Placement);
        var target = WebTarget.Resolve(TargetOptions(props), port);
        var scaling = ServiceScaling.Resolve(props);
        var alarms = WebServiceAlarms.Resolve(new ServiceAlarmOptions(props.CpuHighAlarm, props.MemoryHighAlarm, props.RollbackOnAlarm));
        service.Validate(v);
        front.Validate(v, Stack.Of(this));
        target.Validate(v);
        scaling.Validate(v);
        alarms.Validate(v, props.Target5xxAlarm, props.UnhealthyHostsAlarm);
        v.ThrowIfAny();

        Service = service.Build(this, scaling.DesiredTasks, target.GracePeriod);
        front.BuildLoadBalancer(this);
        target.Build(this, service.Task.Placement.Vpc, Service);
        front.BuildListeners(this, target.TargetGroup);
        AccessLogBucket = front.BuildAccessLogs(this, service.Task.Removal);
        ScalableTaskCount = scaling.Build(Service, target.TargetGroup);
        var factory = new AlarmFactory(this, props.AlarmTopic);
        front.BuildAlarm(factory);
        target.BuildAlarms(factory);
        alarms.Build(factory, Service, target);
        Alarms = new[] { front.LoadBalancer5xxAlarm, target.Target5xxAlarm, target.ResponseTimeAlarm, target.UnhealthyHostsAlarm, alarms.CpuHighAlarm, alarms.MemoryHighAlarm }.OfType<Alarm>().ToArray();
        service.Task.Connect(this, Service.Connections);
        _task = service.Task;
        _front = front;
        _target = target;
        _alarms = alarms;
    }

    /// <summary>The ECS service (with its metric helpers, e.g. <c>MetricCpuUtilization</c>).</summary>
    public FargateService Service { get; }

    /// <summary>The task definition (add sidecars with <c>AddContainer</c>).</summary>
    public FargateTaskDefinition TaskDefinition => _task.TaskDefinition;

    /// <summary>The application container, named <c>app</c>.</summary>
    public ContainerDefinition Container => _task.Container;

    /// <summary>The container's log group.</summary>
    public ILogGroup LogGroup => _task.LogGroup;

    /// <summary>The Application Load Balancer (with its <c>Metrics</c> helpers).</summary>
    public ApplicationLoadBalancer LoadBalancer => _front.LoadBalancer;

    /// <summary>The port-80 listener: a redirect to HTTPS when HTTPS is on, otherwise the forwarding listener.</summary>
    public ApplicationListener HttpListener => _front.HttpListener;

    /// <summary>The port-443 listener; null when the service is HTTP only.</summary>
    public ApplicationListener? HttpsListener => _front.HttpsListener;

    /// <summary>The target group the tasks register in (with its <c>Metrics</c> helpers).</summary>
    public ApplicationTargetGroup TargetGroup => _target.TargetGroup;

    /// <summary>The certificate of the HTTPS listener (given or created); null when the service is HTTP only.</summary>
    public ICertificate? Certificate => _front.Certificate;

    /// <summary>The access-log bucket (given or created); null when access logs are off.</summary>
    public IBucket? AccessLogBucket { get; }

    /// <summary>The service's scalable task count (add more policies with its <c>ScaleOn*</c> methods).</summary>
    public ScalableTaskCount ScalableTaskCount { get; }

    /// <summary>The URL clients use: <c>https://</c> or <c>http://</c>, then the domain name or the load balancer's DNS name.</summary>
    public string Url => _front.Url;

    /// <summary>Load balancer (ALB-generated) 5xx responses above the threshold percentage of requests; null when turned off.</summary>
    public Alarm? LoadBalancer5xxAlarm => _front.LoadBalancer5xxAlarm;

    /// <summary>Target (application) 5xx responses above the threshold percentage of requests; null when turned off.</summary>
    public Alarm? Target5xxAlarm => _target.Target5xxAlarm;

    /// <summary>p99 target response time above the threshold; null when turned off.</summary>
    public Alarm? ResponseTimeAlarm => _target.ResponseTimeAlarm;

    /// <summary>Unhealthy targets at or above the threshold; null when turned off.</summary>
    public Alarm? UnhealthyHostsAlarm => _target.UnhealthyHostsAlarm;

    /// <summary>Average service CPU utilization above the threshold; null when turned off.</summary>
    public Alarm? CpuHighAlarm => _alarms.CpuHighAlarm;

    /// <summary>Average service memory utilization above the threshold; null when turned off.</summary>
    public Alarm? MemoryHighAlarm => _alarms.MemoryHighAlarm;

    /// <summary>Every alarm that was created.</summary>
    public IReadOnlyList<Alarm> Alarms { get; }

    /// <summary>The task role: grant it what the application calls.</summary>
    public IPrincipal GrantPrincipal => TaskDefinition.TaskRole;

    /// <summary>The service's security groups: allow it to reach databases and other services.</summary>
    public Connections_ Connections => Service.Connections;

    private static LoadBalancerFrontOptions FrontOptions(LoadBalancedWebServiceProps p) => new(
        p.InternetFacing,
        p.LoadBalancerSubnets,
        p.Certificate,
        p.DomainName,
        p.HostedZone,
        p.SslPolicy,
        p.DeletionProtection,
        p.WebAclArn,
        new AccessLogOptions(p.AccessLogs, p.AccessLogBucket, p.AccessLogExpiration),
        p.LoadBalancer5xxAlarm,
        p.AlarmTopic);

    private static WebTargetOptions TargetOptions(LoadBalancedWebServiceProps p) => new(
        p.HealthCheckPath,
        p.HealthCheckHealthyHttpCodes,
        p.HealthCheckInterval,
        p.HealthCheckTimeout,
        p.HealthyThresholdCount,
        p.UnhealthyThresholdCount,
        p.HealthCheckGracePeriod,
        p.DeregistrationDelay,
        p.Target5xxAlarm,
        p.ResponseTimeAlarm,
        p.UnhealthyHostsAlarm);
}
