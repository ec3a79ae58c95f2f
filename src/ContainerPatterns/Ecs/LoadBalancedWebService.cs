using System.Text.RegularExpressions;
using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.WAFv2;
using Amazon.CDK.RegionInfo;
using ContainerPatterns.Internal;
using Constructs;
using ElbHealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;

namespace ContainerPatterns.Ecs;

/// <summary>
/// A Fargate service behind an Application Load Balancer, ready for production: HTTPS with a TLS 1.3 policy and an
/// HTTP-to-HTTPS redirect when a certificate or domain is given; tasks in private subnets that only the load
/// balancer reaches, on the container port; circuit breaker with rollback; a short deregistration delay; target
/// tracking on CPU (and optionally memory and requests), scheduled and step scaling; access logs to an encrypted,
/// SSL-only bucket; and alarms on load balancer and target 5xx rates, p99 response time, unhealthy hosts, CPU and
/// memory. Every alarm uses 1-minute periods and goes off when 3 of the last 5 breach (missing data is not a breach).
/// </summary>
public sealed partial class LoadBalancedWebService : Construct, IGrantable, IConnectable
{
    private const int DefaultContainerPort = 8080;
    private const string DefaultHealthCheckPath = "/";
    private const string DefaultHealthyHttpCodes = "200-399";
    private const int DefaultHealthCheckInterval = 15;
    private const int DefaultHealthCheckTimeout = 5;
    private const int DefaultHealthyThreshold = 2;
    private const int DefaultUnhealthyThreshold = 3;
    private const int DefaultGracePeriod = 60;
    private const int DefaultDeregistrationDelay = 30;
    private const int DefaultMinHealthyPercent = 100;
    private const int DefaultMaxHealthyPercent = 200;
    private const int DefaultMinTasks = 2;
    private const int DefaultMaxTasks = 4;
    private const double DefaultCpuTarget = 70;
    private const int DefaultAccessLogExpirationDays = 90;
    private const double Default5xxPercent = 5;
    private const double DefaultP99Seconds = 2;
    private const double DefaultUnhealthyHosts = 1;
    private const double DefaultCpuHigh = 90;
    private const double DefaultMemoryHigh = 90;

    // Target tracking: scale out fast, scale in slowly so a brief dip does not remove capacity.
    private const int ScaleOutCooldownSeconds = 60;
    private const int ScaleInCooldownSeconds = 300;

    // Alarm evaluation: 1-minute periods, 3 breaching datapoints out of the last 5.
    private const int AlarmPeriodMinutes = 1;
    private const int AlarmEvaluationPeriods = 5;
    private const int AlarmDatapoints = 3;

    // ELB target group health checks (ELB API, HealthCheck*): interval 5–300 s, timeout 2–120 s,
    // healthy and unhealthy thresholds 2–10. Deregistration delay 0–3600 s.
    private const int MinInterval = 5;
    private const int MaxInterval = 300;
    private const int MinTimeout = 2;
    private const int MaxTimeout = 120;
    private const int MinThreshold = 2;
    private const int MaxThreshold = 10;
    private const int MaxDeregistrationDelay = 3600;

    // S3 lifecycle expiration is any positive number of days; 10 years is this construct's sanity bound.
    private const int MaxAccessLogExpirationDays = 3650;

    // ELB access logs in regions launched before August 2022 are written by a regional ELB account; newer
    // regions use this service principal (ELB user guide, "Enable access logs").
    private const string ElbLogDeliveryPrincipal = "logdelivery.elasticloadbalancing.amazonaws.com";

    private readonly FargateService _service;

    /// <summary>Creates the web service.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public LoadBalancedWebService(Construct scope, string id, LoadBalancedWebServiceProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        Validate(scope, id, props);

        // Defaults, resolved in one place.
        var port = props.ContainerPort ?? DefaultContainerPort;
        var internetFacing = props.InternetFacing ?? true;
        var minTasks = props.MinTasks ?? DefaultMinTasks;
        var maxTasks = props.MaxTasks ?? Math.Max(DefaultMaxTasks, minTasks);
        var removal = props.RemovalPolicy ?? Amazon.CDK.RemovalPolicy.RETAIN;
        var vpc = props.Cluster.Vpc;
        var stack = Stack.Of(this);

        var task = FargateContainerTask.Create(this, props, props.ContainerPort ?? DefaultContainerPort);
        TaskDefinition = task.TaskDefinition;
        Container = task.Container;
        LogGroup = task.LogGroup;

        var privateSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };
        _service = new FargateService(this, "Service", new FargateServiceProps
        {
            Cluster = props.Cluster.Cluster,
            TaskDefinition = task.TaskDefinition,
            DesiredCount = props.DesiredTasks ?? minTasks,
            VpcSubnets = privateSubnets,
            AssignPublicIp = false,
            CapacityProviderStrategies = task.CapacityProviderStrategies,
            CircuitBreaker = new DeploymentCircuitBreaker { Enable = true, Rollback = true },
            MinHealthyPercent = props.MinHealthyPercent ?? DefaultMinHealthyPercent,
            MaxHealthyPercent = props.MaxHealthyPercent ?? DefaultMaxHealthyPercent,
            HealthCheckGracePeriod = Duration.Seconds(props.HealthCheckGracePeriodSeconds ?? DefaultGracePeriod),
            EnableExecuteCommand = props.ExecuteCommand ?? false,
            PropagateTags = PropagatedTagSource.SERVICE,
        });

        if (props.ExecuteCommand == true)
        {
            task.SuppressExecuteCommandFindings(Node.Path, props.Cluster);
        }

        var alb = new ApplicationLoadBalancer(this, "LoadBalancer", new ApplicationLoadBalancerProps
        {
            Vpc = vpc,
            InternetFacing = internetFacing,
            VpcSubnets = internetFacing ? new SubnetSelection { SubnetType = SubnetType.PUBLIC } : privateSubnets,
            DropInvalidHeaderFields = true,
            DeletionProtection = props.DeletionProtection ?? false,
        });
        LoadBalancer = alb;

        TargetGroup = new ApplicationTargetGroup(this, "TargetGroup", new ApplicationTargetGroupProps
        {
            Vpc = vpc,
            Port = port,
            Protocol = ApplicationProtocol.HTTP,
            TargetType = TargetType.IP,
            DeregistrationDelay = Duration.Seconds(props.DeregistrationDelaySeconds ?? DefaultDeregistrationDelay),
            HealthCheck = new ElbHealthCheck
            {
                Enabled = true,
                Path = props.HealthCheckPath ?? DefaultHealthCheckPath,
                HealthyHttpCodes = props.HealthCheckHealthyHttpCodes ?? DefaultHealthyHttpCodes,
                Interval = Duration.Seconds(props.HealthCheckIntervalSeconds ?? DefaultHealthCheckInterval),
                Timeout = Duration.Seconds(props.HealthCheckTimeoutSeconds ?? DefaultHealthCheckTimeout),
                HealthyThresholdCount = props.HealthyThresholdCount ?? DefaultHealthyThreshold,
                UnhealthyThresholdCount = props.UnhealthyThresholdCount ?? DefaultUnhealthyThreshold,
            },
            Targets = [_service.LoadBalancerTarget(new LoadBalancerTargetOptions { ContainerName = FargateContainerTask.ContainerName, ContainerPort = port })],
        });

        Certificate = props.Certificate;
        if (Certificate is null && props.DomainName is { } domain && props.HostedZone is { } zone)
        {
            Certificate = new Certificate(this, "Certificate", new CertificateProps
            {
                DomainName = domain,
                Validation = CertificateValidation.FromDns(zone),
            });
        }

        if (Certificate is not null)
        {
            HttpsListener = alb.AddListener("HttpsListener", new BaseApplicationListenerProps
            {
                Port = 443,
                Protocol = ApplicationProtocol.HTTPS,
                Certificates = [CdkCompat.ListenerCertificateFrom(Certificate)],
                SslPolicy = props.SslPolicy ?? SslPolicy.RECOMMENDED_TLS,
                Open = internetFacing,
                DefaultTargetGroups = [TargetGroup],
            });
            HttpListener = alb.AddListener("HttpListener", new BaseApplicationListenerProps
            {
                Port = 80,
                Protocol = ApplicationProtocol.HTTP,
                Open = internetFacing,
                DefaultAction = ListenerAction.Redirect(new RedirectOptions { Protocol = "HTTPS", Port = "443", Permanent = true }),
            });
        }
        else
        {
            HttpListener = alb.AddListener("HttpListener", new BaseApplicationListenerProps
            {
                Port = 80,
                Protocol = ApplicationProtocol.HTTP,
                Open = internetFacing,
                DefaultTargetGroups = [TargetGroup],
            });
            Annotations.Of(this).AddWarning(
                $"{Node.Path} serves plain HTTP on port 80: give LoadBalancedWebServiceProps.Certificate, or DomainName and HostedZone, for HTTPS with a redirect from HTTP.");
        }

        if (!internetFacing)
        {
            // An internal load balancer is reached from inside the VPC only.
            var listenerPort = Certificate is not null ? 443 : 80;
            alb.Connections.AllowFrom(Peer.Ipv4(vpc.VpcCidrBlock), Port.Tcp(listenerPort), "Clients in the VPC");
            if (Certificate is not null)
            {
                alb.Connections.AllowFrom(Peer.Ipv4(vpc.VpcCidrBlock), Port.Tcp(80), "Clients in the VPC (redirected to HTTPS)");
            }
        }
        else
        {
            var ports = Certificate is not null ? "80 (redirect) and 443" : "80";
            NagSuppressions.Suppress((CfnResource)alb.Connections.SecurityGroups[0].Node.DefaultChild!, ("AwsSolutions-EC23",
                $"The security group of the internet-facing load balancer of {Node.Path} admits 0.0.0.0/0 on port {ports} only: it is the service's public entry point; the tasks behind it admit the load balancer alone."));
        }

        if (props.DomainName is { } name && props.HostedZone is { } hostedZone)
        {
            _ = new ARecord(this, "AliasRecord", new ARecordProps
            {
                Zone = hostedZone,
                RecordName = name,
                Target = RecordTarget.FromAlias(CdkCompat.LoadBalancerTarget(alb)),
            });
        }

        var scheme = Certificate is not null ? "https" : "http";
        Url = $"{scheme}://{props.DomainName ?? alb.LoadBalancerDnsName}";

        if (props.WebAclArn is { } webAcl)
        {
            _ = new CfnWebACLAssociation(this, "WebAclAssociation", new CfnWebACLAssociationProps
            {
                WebAclArn = webAcl,
            }.WithResourceArn(alb.LoadBalancerArn));
        }

        if (props.AccessLogs ?? true)
        {
            AccessLogBucket = CreateAccessLogs(alb, props.AccessLogExpirationDays ?? DefaultAccessLogExpirationDays, removal, stack);
        }

        ScalableTaskCount = ConfigureScaling(props, minTasks, maxTasks);
        (LoadBalancer5xxAlarm, Target5xxAlarm, ResponseTimeAlarm, UnhealthyHostsAlarm, CpuHighAlarm, MemoryHighAlarm) = CreateAlarms(props, alb);
        Alarms = [LoadBalancer5xxAlarm, Target5xxAlarm, ResponseTimeAlarm, UnhealthyHostsAlarm, CpuHighAlarm, MemoryHighAlarm];
    }

    /// <summary>The ECS service.</summary>
    public IFargateService Service => _service;

    /// <summary>The task definition (add sidecars with <c>AddContainer</c>).</summary>
    public FargateTaskDefinition TaskDefinition { get; }

    /// <summary>The application container, named <c>app</c>.</summary>
    public ContainerDefinition Container { get; }

    /// <summary>The container's log group.</summary>
    public ILogGroup LogGroup { get; }

    /// <summary>The Application Load Balancer.</summary>
    public IApplicationLoadBalancer LoadBalancer { get; }

    /// <summary>The port-80 listener: a redirect to HTTPS when HTTPS is on, otherwise the forwarding listener.</summary>
    public IApplicationListener HttpListener { get; }

    /// <summary>The port-443 listener; null when the service is HTTP only.</summary>
    public IApplicationListener? HttpsListener { get; }

    /// <summary>The target group the tasks register in.</summary>
    public IApplicationTargetGroup TargetGroup { get; }

    /// <summary>The certificate of the HTTPS listener (given or created); null when the service is HTTP only.</summary>
    public Amazon.CDK.AWS.CertificateManager.ICertificate? Certificate { get; }

    /// <summary>The access-log bucket; null when access logs are off.</summary>
    public IBucket? AccessLogBucket { get; }

    /// <summary>The service's scalable task count (add more policies with its <c>ScaleOn*</c> methods).</summary>
    public ScalableTaskCount ScalableTaskCount { get; }

    /// <summary>The URL clients use: <c>https://</c> or <c>http://</c>, then the domain name or the load balancer's DNS name.</summary>
    public string Url { get; }

    /// <summary>Load balancer (ALB-generated) 5xx responses above the threshold percentage of requests.</summary>
    public IAlarm LoadBalancer5xxAlarm { get; }

    /// <summary>Target (application) 5xx responses above the threshold percentage of requests.</summary>
    public IAlarm Target5xxAlarm { get; }

    /// <summary>p99 target response time above the threshold.</summary>
    public IAlarm ResponseTimeAlarm { get; }

    /// <summary>Unhealthy targets at or above the threshold.</summary>
    public IAlarm UnhealthyHostsAlarm { get; }

    /// <summary>Average service CPU utilization above the threshold.</summary>
    public IAlarm CpuHighAlarm { get; }

    /// <summary>Average service memory utilization above the threshold.</summary>
    public IAlarm MemoryHighAlarm { get; }

    /// <summary>Every alarm above.</summary>
    public IReadOnlyList<IAlarm> Alarms { get; }

    /// <summary>The task role: grant it what the application calls.</summary>
    public IPrincipal GrantPrincipal => TaskDefinition.TaskRole;

    /// <summary>The service's security groups: allow it to reach databases and other services.</summary>
    public Connections_ Connections => _service.Connections;

    private static void Validate(Construct scope, string id, LoadBalancedWebServiceProps props)
    {
        var v = new PropValidator(scope, id);
        FargateContainerTask.Validate(v, props, props.ContainerPort ?? DefaultContainerPort);

        // Load balancer and domain.
        if (props.DomainName is not null && props.HostedZone is null)
        {
            v.FailWith($"{nameof(props.DomainName)} = \"{props.DomainName}\" needs {nameof(props.HostedZone)}, the Route 53 zone its certificate is validated in and its alias record written to; give {nameof(props.HostedZone)} or drop {nameof(props.DomainName)}.");
        }

        if (props.HostedZone is not null && props.DomainName is null)
        {
            v.FailWith($"{nameof(props.HostedZone)} is given without {nameof(props.DomainName)}; give the name to create in the zone, or drop {nameof(props.HostedZone)}.");
        }

        if (props.SslPolicy is not null && props.Certificate is null && props.DomainName is null)
        {
            v.FailWith($"{nameof(props.SslPolicy)} has no effect without HTTPS; give {nameof(props.Certificate)} or {nameof(props.DomainName)}, or drop {nameof(props.SslPolicy)}.");
        }

        if (props.WebAclArn is { } acl && !PropValidator.IsToken(acl) && !WebAclArnPattern().IsMatch(acl))
        {
            v.Fail(nameof(props.WebAclArn), acl, "allowed: the ARN of a regional WAFv2 web ACL, arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>.");
        }

        if (props.AccessLogs == false && props.AccessLogExpirationDays is not null)
        {
            v.FailWith($"{nameof(props.AccessLogExpirationDays)} = {props.AccessLogExpirationDays} has no effect with {nameof(props.AccessLogs)} = false; drop one of them.");
        }

        v.Range(nameof(props.AccessLogExpirationDays), props.AccessLogExpirationDays, 1, MaxAccessLogExpirationDays, "days");

        // Health checks and deployments.
        if (props.HealthCheckPath is { } path && !PropValidator.IsToken(path) && (path.Length == 0 || path[0] != '/'))
        {
            v.Fail(nameof(props.HealthCheckPath), path, "allowed: a path starting with \"/\", such as \"/health\".");
        }

        if (props.HealthCheckHealthyHttpCodes is { } codes && !PropValidator.IsToken(codes))
        {
            if (!HttpCodesPattern().IsMatch(codes))
            {
                v.Fail(nameof(props.HealthCheckHealthyHttpCodes), codes, "allowed: HTTP codes from 200 to 499 as a code, a range or a comma-separated list, such as \"200\", \"200-299\" or \"200,204\".");
            }
            else if (HasReversedRange(codes))
            {
                v.Fail(nameof(props.HealthCheckHealthyHttpCodes), codes, "a range must run from the lower code to the higher, such as \"200-299\".");
            }
        }

        v.Range(nameof(props.HealthCheckIntervalSeconds), props.HealthCheckIntervalSeconds, MinInterval, MaxInterval, "seconds (ELB's range)");
        v.Range(nameof(props.HealthCheckTimeoutSeconds), props.HealthCheckTimeoutSeconds, MinTimeout, MaxTimeout, "seconds (ELB's range)");
        var interval = props.HealthCheckIntervalSeconds ?? DefaultHealthCheckInterval;
        var timeout = props.HealthCheckTimeoutSeconds ?? DefaultHealthCheckTimeout;
        if (timeout >= interval && timeout is >= MinTimeout and <= MaxTimeout && interval is >= MinInterval and <= MaxInterval)
        {
            v.FailWith($"{nameof(props.HealthCheckTimeoutSeconds)} = {timeout} must be less than {nameof(props.HealthCheckIntervalSeconds)} = {interval}; ELB needs each check to end before the next starts.");
        }

        v.Range(nameof(props.HealthyThresholdCount), props.HealthyThresholdCount, MinThreshold, MaxThreshold, "(ELB's range)");
        v.Range(nameof(props.UnhealthyThresholdCount), props.UnhealthyThresholdCount, MinThreshold, MaxThreshold, "(ELB's range)");
        v.Range(nameof(props.HealthCheckGracePeriodSeconds), props.HealthCheckGracePeriodSeconds, 0, int.MaxValue, "seconds");
        v.Range(nameof(props.DeregistrationDelaySeconds), props.DeregistrationDelaySeconds, 0, MaxDeregistrationDelay, "seconds (ELB's range)");
        v.Range(nameof(props.MinHealthyPercent), props.MinHealthyPercent, 0, 100, "percent");
        v.Range(nameof(props.MaxHealthyPercent), props.MaxHealthyPercent, 100, int.MaxValue, "percent");
        var minHealthy = props.MinHealthyPercent ?? DefaultMinHealthyPercent;
        var maxHealthy = props.MaxHealthyPercent ?? DefaultMaxHealthyPercent;
        if (minHealthy is >= 0 and <= 100 && maxHealthy >= 100 && maxHealthy <= minHealthy)
        {
            v.FailWith($"{nameof(props.MaxHealthyPercent)} = {maxHealthy} must be greater than {nameof(props.MinHealthyPercent)} = {minHealthy}; otherwise a deployment can neither start a new task nor stop an old one.");
        }

        // Task counts.
        v.Range(nameof(props.MinTasks), props.MinTasks, 1, int.MaxValue, "tasks");
        v.Range(nameof(props.MaxTasks), props.MaxTasks, 1, int.MaxValue, "tasks");
        v.Range(nameof(props.DesiredTasks), props.DesiredTasks, 0, int.MaxValue, "tasks");
        var min = props.MinTasks ?? DefaultMinTasks;
        var max = props.MaxTasks ?? Math.Max(DefaultMaxTasks, min);
        // Counts are compared only once each is in its own range, so one bad value gives one message.
        if (min >= 1 && max >= 1)
        {
            if (min > max)
            {
                v.FailWith($"{nameof(props.MinTasks)} = {min} is greater than {nameof(props.MaxTasks)} = {max}; MinTasks must be at most MaxTasks.");
            }
            else if (props.DesiredTasks is { } desired && desired >= 0 && (desired < min || desired > max))
            {
                v.FailWith($"{nameof(props.DesiredTasks)} = {desired} is outside {nameof(props.MinTasks)} = {min} to {nameof(props.MaxTasks)} = {max}; allowed: {min} to {max} tasks.");
            }
        }

        // Scaling targets.
        if (props.ScaleOnCpu == false && props.TargetCpuUtilizationPercent is not null)
        {
            v.FailWith($"{nameof(props.TargetCpuUtilizationPercent)} has no effect with {nameof(props.ScaleOnCpu)} = false; drop one of them.");
        }

        Percent(v, nameof(props.TargetCpuUtilizationPercent), props.TargetCpuUtilizationPercent);
        Percent(v, nameof(props.TargetMemoryUtilizationPercent), props.TargetMemoryUtilizationPercent);
        Positive(v, nameof(props.TargetRequestsPerTask), props.TargetRequestsPerTask, "requests per task per minute");
        ValidateSchedules(v, props.ScheduledScaling, nameof(props.ScheduledScaling));
        if (props.StepScaling is { } steps)
        {
            foreach (var key in steps.Keys.Where(k => !ConstructIdPattern().IsMatch(k)).Order(StringComparer.Ordinal))
            {
                v.Fail($"{nameof(props.StepScaling)} key", key, "allowed: letters and digits, starting with a letter (it becomes a construct id).");
            }
        }

        // Alarm thresholds.
        Percent(v, nameof(props.LoadBalancer5xxPercentThreshold), props.LoadBalancer5xxPercentThreshold);
        Percent(v, nameof(props.Target5xxPercentThreshold), props.Target5xxPercentThreshold);
        Positive(v, nameof(props.ResponseTimeP99ThresholdSeconds), props.ResponseTimeP99ThresholdSeconds, "seconds");
        if (props.UnhealthyHostsThreshold is { } hosts && !PropValidator.IsToken(hosts) && (hosts < 1 || Math.Floor(hosts) != hosts))
        {
            v.Fail(nameof(props.UnhealthyHostsThreshold), hosts, "allowed: a whole number of hosts, at least 1.");
        }

        Percent(v, nameof(props.CpuHighPercentThreshold), props.CpuHighPercentThreshold);
        Percent(v, nameof(props.MemoryHighPercentThreshold), props.MemoryHighPercentThreshold);
        v.ThrowIfAny();
    }

    /// <summary>True when a code list (already matching <see cref="HttpCodesPattern"/>) has a range whose start exceeds its end.</summary>
    private static bool HasReversedRange(string codes) =>
        codes.Split(',').Select(item => item.Split('-')).Any(range =>
            range.Length == 2 && int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture) > int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture));

    private static void Percent(PropValidator v, string prop, double? value)
    {
        if (value is { } p && !PropValidator.IsToken(p) && (double.IsNaN(p) || p <= 0 || p > 100))
        {
            v.Fail(prop, p, "allowed: a percentage above 0 and at most 100.");
        }
    }

    private static void Positive(PropValidator v, string prop, double? value, string unit)
    {
        if (value is { } x && !PropValidator.IsToken(x) && (double.IsNaN(x) || x <= 0))
        {
            v.Fail(prop, x, $"allowed: a number above 0 ({unit}).");
        }
    }

    private static void ValidateSchedules(PropValidator v, IReadOnlyList<ScheduledScaling>? schedules, string prop)
    {
        if (schedules is null)
        {
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < schedules.Count; i++)
        {
            var s = schedules[i];
            var at = $"{prop}[{i}]";
            if (!ConstructIdPattern().IsMatch(s.Id))
            {
                v.Fail($"{at}.Id", s.Id, "allowed: letters and digits, starting with a letter (it becomes a construct id).");
            }
            else if (!ids.Add(s.Id))
            {
                v.Fail($"{at}.Id", s.Id, "each Id may appear once.");
            }

            if (!PropValidator.IsToken(s.Cron) && !CronExpression.IsValid(s.Cron))
            {
                v.Fail($"{at}.Cron", s.Cron, "allowed: six fields \"minutes hours day-of-month month day-of-week year\" with \"?\" in exactly one of day-of-month and day-of-week, e.g. \"0 8 ? * MON-FRI *\".");
            }

            if (s.TimeZone is { } tz && !PropValidator.IsToken(tz) && !IsIanaTimeZone(tz))
            {
                v.Fail($"{at}.TimeZone", tz, "allowed: an IANA time zone name, such as \"UTC\" or \"Europe/Berlin\".");
            }

            if (s.MinTasks is null && s.MaxTasks is null)
            {
                v.FailWith($"{at} sets neither MinTasks nor MaxTasks; give at least one.");
            }

            v.Range($"{at}.MinTasks", s.MinTasks, 0, int.MaxValue, "tasks");
            v.Range($"{at}.MaxTasks", s.MaxTasks, 0, int.MaxValue, "tasks");
            if (s.MinTasks is { } lo && s.MaxTasks is { } hi && lo >= 0 && hi >= 0 && lo > hi)
            {
                v.FailWith($"{at}.MinTasks = {lo} is greater than {at}.MaxTasks = {hi}; MinTasks must be at most MaxTasks.");
            }
        }
    }

    private static bool IsIanaTimeZone(string name)
    {
        // Only IANA names (what Application Auto Scaling takes), not Windows ids that .NET would also accept.
        if (name.Contains(' ', StringComparison.Ordinal) || name.Equals("Local", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone))
        {
            return zone.HasIanaId || name == "UTC";
        }

        // Without a time zone database on this machine nothing can be checked; let the value through.
        return TimeZoneInfo.GetSystemTimeZones().Count <= 1;
    }

    private Bucket CreateAccessLogs(ApplicationLoadBalancer alb, int expirationDays, RemovalPolicy removal, Stack stack)
    {
        var bucket = new Bucket(this, "AccessLogs", new BucketProps
        {
            // ALB access logs support SSE-S3 only, not SSE-KMS (ELB user guide, "Enable access logs").
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            RemovalPolicy = removal,
            LifecycleRules =
            [
                new LifecycleRule
                {
                    Id = "ExpireAccessLogs",
                    Enabled = true,
                    Expiration = Duration.Days(expirationDays),
                    AbortIncompleteMultipartUploadAfter = Duration.Days(1),
                },
            ],
        });
        NagSuppressions.Suppress((CfnResource)bucket.Node.DefaultChild!, ("AwsSolutions-S1",
            $"This bucket receives the access logs of the load balancer of {Node.Path}; logging access to a log bucket would need yet another bucket, and the log objects are written only by ELB log delivery."));

        if (!Token.IsUnresolved(stack.Region))
        {
            alb.LogAccessLogs(bucket);
            return bucket;
        }

        // CDK's LogAccessLogs needs a concrete region to pick the log-delivery principal. For an environment-agnostic
        // stack, choose it at deploy time: the regional ELB account in the regions that have one (a closed set: regions
        // opened since August 2022 use the log-delivery service principal instead, granted below in every region).
        // Fn::If over literal accounts, not a mapping: CloudFormation resolves Fn::FindInMap even in an Fn::If branch
        // it does not take, so a mapping would fail in every region it does not list.
        var accounts = RegionInfo.RegionMap(FactName.ELBV2_ACCOUNT);
        // One list entry per region that has an ELB account, each present only in its region (Fn::If with
        // AWS::NoValue drops the entry elsewhere), written as plain CloudFormation JSON; the list also names this
        // account's root, a grant an account holds over its own bucket anyway, so it is never empty.
        static Dictionary<string, object> RootOf(object account) => new()
        {
            ["Fn::Join"] = new object[] { string.Empty, new object[] { "arn:", new Dictionary<string, object> { ["Ref"] = "AWS::Partition" }, ":iam::", account, ":root" } },
        };

        var principals = new List<object>();
        foreach (var (region, account) in accounts.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var inRegion = new CfnCondition(this, "ElbLogDeliveryIn" + string.Concat(region.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..])), new CfnConditionProps
            {
                Expression = Fn.ConditionEquals(Aws.REGION, region),
            });
            principals.Add(new Dictionary<string, object> { ["Fn::If"] = new object[] { inRegion.LogicalId, RootOf(account), new Dictionary<string, object> { ["Ref"] = "AWS::NoValue" } } });
        }

        principals.Add(RootOf(new Dictionary<string, object> { ["Ref"] = "AWS::AccountId" }));
        var principalArn = principals.ToArray();

        var logObjects = bucket.ArnForObjects($"AWSLogs/{stack.Account}/*");
        bucket.AddToResourcePolicy(PolicyStatement.FromJson(new Dictionary<string, object>
        {
            ["Effect"] = "Allow",
            ["Action"] = "s3:PutObject",
            ["Principal"] = new Dictionary<string, object> { ["AWS"] = principalArn },
            ["Resource"] = logObjects,
        }));
        bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:PutObject"],
            Principals = [new ServicePrincipal(ElbLogDeliveryPrincipal)],
            Resources = [logObjects],
        }));
        alb.SetAttribute("access_logs.s3.enabled", "true");
        alb.SetAttribute("access_logs.s3.bucket", bucket.BucketName);
        alb.SetAttribute("access_logs.s3.prefix", string.Empty);
        // ELB checks that it can write to the bucket when logging is turned on.
        // Policy is set: AddToResourcePolicy above created it.
        alb.Node.AddDependency(bucket.Policy!);
        return bucket;
    }

    private ScalableTaskCount ConfigureScaling(LoadBalancedWebServiceProps props, int minTasks, int maxTasks)
    {
        var scaling = _service.AutoScaleTaskCount(new EnableScalingProps { MinCapacity = minTasks, MaxCapacity = maxTasks });
        var scaleIn = Duration.Seconds(ScaleInCooldownSeconds);
        var scaleOut = Duration.Seconds(ScaleOutCooldownSeconds);
        if (props.ScaleOnCpu ?? true)
        {
            scaling.ScaleOnCpuUtilization("CpuScaling", new CpuUtilizationScalingProps
            {
                TargetUtilizationPercent = props.TargetCpuUtilizationPercent ?? DefaultCpuTarget,
                ScaleInCooldown = scaleIn,
                ScaleOutCooldown = scaleOut,
            });
        }

        if (props.TargetMemoryUtilizationPercent is { } memory)
        {
            scaling.ScaleOnMemoryUtilization("MemoryScaling", new MemoryUtilizationScalingProps
            {
                TargetUtilizationPercent = memory,
                ScaleInCooldown = scaleIn,
                ScaleOutCooldown = scaleOut,
            });
        }

        if (props.TargetRequestsPerTask is { } requests)
        {
            scaling.ScaleOnRequestCount("RequestScaling", new RequestCountScalingProps
            {
                RequestsPerTarget = requests,
                TargetGroup = (ApplicationTargetGroup)TargetGroup,
                ScaleInCooldown = scaleIn,
                ScaleOutCooldown = scaleOut,
            });
        }

        foreach (var s in props.ScheduledScaling ?? [])
        {
            scaling.ScaleOnSchedule(s.Id, new ScalingSchedule
            {
                Schedule = Schedule.Expression($"cron({s.Cron})"),
                TimeZone = s.TimeZone is { } tz ? Amazon.CDK.TimeZone.Of(tz) : null,
                MinCapacity = s.MinTasks,
                MaxCapacity = s.MaxTasks,
            });
        }

        foreach (var (stepId, step) in props.StepScaling ?? new Dictionary<string, BasicStepScalingPolicyProps>())
        {
            scaling.ScaleOnMetric(stepId, step);
        }

        return scaling;
    }

    private (IAlarm Lb5xx, IAlarm Target5xx, IAlarm ResponseTime, IAlarm Unhealthy, IAlarm Cpu, IAlarm Memory) CreateAlarms(
        LoadBalancedWebServiceProps props, ApplicationLoadBalancer alb)
    {
        var period = Duration.Minutes(AlarmPeriodMinutes);
        var sum = new MetricOptions { Statistic = "Sum", Period = period };
        var targetGroup = (ApplicationTargetGroup)TargetGroup;

        var lb5xx = NewAlarm("LoadBalancer5xxAlarm", props,
            PercentOf(alb.Metrics.HttpCodeElb(HttpCodeElb.ELB_5XX_COUNT, sum), alb.Metrics.RequestCount(sum), period, "Load balancer 5xx (%)"),
            props.LoadBalancer5xxPercentThreshold ?? Default5xxPercent, ComparisonOperator.GREATER_THAN_THRESHOLD,
            "load balancer 5xx responses above {0}% of requests");
        var target5xx = NewAlarm("Target5xxAlarm", props,
            PercentOf(targetGroup.Metrics.HttpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, sum), targetGroup.Metrics.RequestCount(sum), period, "Target 5xx (%)"),
            props.Target5xxPercentThreshold ?? Default5xxPercent, ComparisonOperator.GREATER_THAN_THRESHOLD,
            "target 5xx responses above {0}% of requests");
        var responseTime = NewAlarm("ResponseTimeAlarm", props,
            targetGroup.Metrics.TargetResponseTime(new MetricOptions { Statistic = "p99", Period = period }),
            props.ResponseTimeP99ThresholdSeconds ?? DefaultP99Seconds, ComparisonOperator.GREATER_THAN_THRESHOLD,
            "p99 target response time above {0} s");
        var unhealthy = NewAlarm("UnhealthyHostsAlarm", props,
            targetGroup.Metrics.UnhealthyHostCount(new MetricOptions { Statistic = "Maximum", Period = period }),
            props.UnhealthyHostsThreshold ?? DefaultUnhealthyHosts, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            "{0} or more unhealthy targets");
        var cpu = NewAlarm("CpuHighAlarm", props,
            _service.MetricCpuUtilization(new MetricOptions { Statistic = "Average", Period = period }),
            props.CpuHighPercentThreshold ?? DefaultCpuHigh, ComparisonOperator.GREATER_THAN_THRESHOLD,
            "average CPU utilization above {0}%");
        var memory = NewAlarm("MemoryHighAlarm", props,
            _service.MetricMemoryUtilization(new MetricOptions { Statistic = "Average", Period = period }),
            props.MemoryHighPercentThreshold ?? DefaultMemoryHigh, ComparisonOperator.GREATER_THAN_THRESHOLD,
            "average memory utilization above {0}%");

        if (props.RollbackOnAlarm == true)
        {
            // Only alarms on load balancer metrics: the CPU and memory alarms read the service's own name, and the
            // service naming them would be a dependency cycle.
            _service.EnableDeploymentAlarms(
                [target5xx.AlarmName, unhealthy.AlarmName],
                new DeploymentAlarmOptions { Behavior = AlarmBehavior.ROLLBACK_ON_ALARM });
        }

        return (lb5xx, target5xx, responseTime, unhealthy, cpu, memory);
    }

    private static MathExpression PercentOf(IMetric part, IMetric requests, Duration period, string label) => new(new MathExpressionProps
    {
        // No requests means no errors; a minute with requests but no error datapoint means 0 errors.
        Expression = "IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)",
        UsingMetrics = new Dictionary<string, IMetric> { ["errors"] = part, ["requests"] = requests },
        Period = period,
        Label = label,
    });

    private Alarm NewAlarm(string alarmId, LoadBalancedWebServiceProps props, IMetric metric, double threshold, ComparisonOperator comparison, string what)
    {
        var alarm = new Alarm(this, alarmId, new AlarmProps
        {
            Metric = metric,
            Threshold = threshold,
            ComparisonOperator = comparison,
            EvaluationPeriods = AlarmEvaluationPeriods,
            DatapointsToAlarm = AlarmDatapoints,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
            AlarmDescription = $"{Node.Path}: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, what, threshold) +
                $" in {AlarmDatapoints} of the last {AlarmEvaluationPeriods} minutes.",
        });
        if (props.AlarmTopic is { } topic)
        {
            var action = new SnsAction(topic);
            alarm.AddAlarmAction(action);
            alarm.AddOkAction(action);
        }

        return alarm;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex ConstructIdPattern();

    [GeneratedRegex(@"^([2-4][0-9]{2})(-[2-4][0-9]{2})?(,([2-4][0-9]{2})(-[2-4][0-9]{2})?)*$")]
    private static partial Regex HttpCodesPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:[0-9]{12}:regional/webacl/[A-Za-z0-9_-]+/[A-Za-z0-9-]+$")]
    private static partial Regex WebAclArnPattern();
}
