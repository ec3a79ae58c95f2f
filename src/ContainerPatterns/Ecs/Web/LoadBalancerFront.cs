using System.Text.RegularExpressions;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.WAFv2;

namespace ContainerPatterns.Ecs;

/// <summary>What the front of a load-balanced service is given: the public or internal entry point and its options.</summary>
/// <param name="InternetFacing">Whether the load balancer is internet-facing.</param>
/// <param name="LoadBalancerSubnets">Its subnets; null for the default of its scheme.</param>
/// <param name="Certificate">The certificate of its HTTPS listener.</param>
/// <param name="DomainName">The name clients use (a certificate and alias record are made for it).</param>
/// <param name="HostedZone">The zone of <paramref name="DomainName"/>.</param>
/// <param name="SslPolicy">The HTTPS listener's security policy.</param>
/// <param name="DeletionProtection">Whether the load balancer refuses deletion.</param>
/// <param name="WebAclArn">A regional WAF web ACL to associate.</param>
/// <param name="AccessLogs">Where its access logs go.</param>
/// <param name="LoadBalancer5xxAlarm">The tuning of the load balancer's own 5xx alarm.</param>
/// <param name="AlarmTopic">Where the alarm notifies.</param>
internal sealed record LoadBalancerFrontOptions(
    bool? InternetFacing,
    ISubnetSelection? LoadBalancerSubnets,
    ICertificate? Certificate,
    string? DomainName,
    IHostedZone? HostedZone,
    SslPolicy? SslPolicy,
    bool? DeletionProtection,
    string? WebAclArn,
    AccessLogOptions AccessLogs,
    WorkloadAlarm? LoadBalancer5xxAlarm,
    ITopic? AlarmTopic);

/// <summary>
/// The front of a load-balanced service: the Application Load Balancer (<c>LoadBalancer</c>), its listeners
/// (<c>HttpsListener</c>, <c>HttpListener</c>: HTTPS with a redirect from HTTP when there is a certificate or a domain,
/// otherwise HTTP with a warning), the certificate (<c>Certificate</c>), the alias record (<c>AliasRecord</c>), the WAF
/// association (<c>WebAclAssociation</c>), the access logs and the load balancer's own 5xx alarm, created in the
/// service's scope. What it forwards to is a <see cref="WebTarget"/>.
/// </summary>
internal sealed partial class LoadBalancerFront
{
    // An Application Load Balancer needs subnets in at least two Availability Zones (ELB API reference,
    // CreateLoadBalancer, read 2026-11-24).
    private const int MinLoadBalancerAzs = 2;

    private static readonly AlarmSpec LoadBalancer5xx = new("LoadBalancer5xxAlarm", nameof(LoadBalancerFrontOptions.LoadBalancer5xxAlarm), 5, ThresholdKind.Percent, ComparisonOperator.GREATER_THAN_THRESHOLD, "load balancer 5xx responses above {0}% of requests");

    private readonly LoadBalancerFrontOptions _options;
    private readonly TaskPlacement _placement;
    private readonly WebAccessLogs _accessLogs;

    private LoadBalancerFront(LoadBalancerFrontOptions options, TaskPlacement placement)
    {
        _options = options;
        _placement = placement;
        _accessLogs = WebAccessLogs.Resolve(options.AccessLogs);
        InternetFacing = options.InternetFacing ?? true;
        Https = options.Certificate is not null || options.DomainName is not null;
        Subnets = options.LoadBalancerSubnets ?? (InternetFacing
            ? new SubnetSelection { SubnetType = SubnetType.PUBLIC }
            : placement.Subnets);
    }

    /// <summary>Whether the load balancer is internet-facing.</summary>
    public bool InternetFacing { get; }

    /// <summary>Whether the service serves HTTPS (a certificate or a domain is given).</summary>
    public bool Https { get; }

    /// <summary>The load balancer (after <see cref="BuildLoadBalancer"/>).</summary>
    public ApplicationLoadBalancer LoadBalancer { get; private set; } = null!;

    /// <summary>The port-80 listener (after <see cref="BuildListeners"/>).</summary>
    public ApplicationListener HttpListener { get; private set; } = null!;

    /// <summary>The port-443 listener; null when HTTP only.</summary>
    public ApplicationListener? HttpsListener { get; private set; }

    /// <summary>The listener certificate, given or created; null when HTTP only.</summary>
    public ICertificate? Certificate { get; private set; }

    /// <summary>The access-log bucket (after <see cref="BuildAccessLogs"/>); null when access logs are off.</summary>
    public IBucket? AccessLogBucket { get; private set; }

    /// <summary>The load balancer 5xx alarm (after <see cref="BuildAlarm"/>); null when turned off.</summary>
    public Alarm? LoadBalancer5xxAlarm { get; private set; }

    /// <summary>The URL clients use.</summary>
    public string Url { get; private set; } = string.Empty;

    private ISubnetSelection Subnets { get; }

    /// <summary>Resolves the front's settings once.</summary>
    public static LoadBalancerFront Resolve(LoadBalancerFrontOptions options, TaskPlacement placement) => new(options, placement);

    /// <summary>Records every problem with the load balancer, TLS, domain, WAF, subnets, access logs and the alarm.</summary>
    public void Validate(PropValidator v, Stack stack)
    {
        var p = _options;
        ValidateDomain(v, p);
        ValidateArns(v, p, stack);
        ValidateSubnets(v, p);
        _accessLogs.Validate(v);
        AlarmFactory.Validate(v, LoadBalancer5xx, p.LoadBalancer5xxAlarm);
    }

    /// <summary>Creates the load balancer in <paramref name="scope"/>.</summary>
    public ApplicationLoadBalancer BuildLoadBalancer(Construct scope)
    {
        LoadBalancer = new ApplicationLoadBalancer(scope, "LoadBalancer", new ApplicationLoadBalancerProps
        {
            Vpc = _placement.Vpc,
            InternetFacing = InternetFacing,
            VpcSubnets = Subnets,
            DropInvalidHeaderFields = true,
            DeletionProtection = _options.DeletionProtection ?? false,
        });
        return LoadBalancer;
    }

    /// <summary>
    /// Creates the certificate, the listeners forwarding to <paramref name="target"/> (the service is the load
    /// balancer's only target, so it is the listeners' default action), the client rules, the alias record and the WAF
    /// association in <paramref name="scope"/>.
    /// </summary>
    public void BuildListeners(Construct scope, ApplicationTargetGroup target)
    {
        var p = _options;
        var alb = LoadBalancer;
        var vpc = _placement.Vpc;
        Certificate = p.Certificate;
        if (Certificate is null && p.DomainName is { } domain && p.HostedZone is { } zone)
        {
            Certificate = new Certificate(scope, "Certificate", new CertificateProps
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
                SslPolicy = p.SslPolicy ?? SslPolicy.RECOMMENDED_TLS,
                Open = InternetFacing,
                DefaultTargetGroups = [target],
            });
            HttpListener = alb.AddListener("HttpListener", new BaseApplicationListenerProps
            {
                Port = 80,
                Protocol = ApplicationProtocol.HTTP,
                Open = InternetFacing,
                DefaultAction = ListenerAction.Redirect(new RedirectOptions { Protocol = "HTTPS", Port = "443", Permanent = true }),
            });
        }
        else
        {
            HttpListener = alb.AddListener("HttpListener", new BaseApplicationListenerProps
            {
                Port = 80,
                Protocol = ApplicationProtocol.HTTP,
                Open = InternetFacing,
                DefaultTargetGroups = [target],
            });
            CdkCompat.AddWarning(scope, LoadBalancedWebService.HttpOnlyWarningId,
                $"{scope.Node.Path} serves plain HTTP on port 80: give LoadBalancedWebServiceProps.Certificate, or DomainName and HostedZone, for HTTPS with a redirect from HTTP.");
        }

        OpenToClients(scope, alb, vpc);

        if (p.DomainName is { } name && p.HostedZone is { } hostedZone)
        {
            _ = new ARecord(scope, "AliasRecord", new ARecordProps
            {
                Zone = hostedZone,
                RecordName = name,
                Target = RecordTarget.FromAlias(CdkCompat.LoadBalancerTarget(alb)),
            });
        }

        Url = $"{(Certificate is not null ? "https" : "http")}://{p.DomainName ?? alb.LoadBalancerDnsName}";

        if (p.WebAclArn is { } webAcl)
        {
            _ = new CfnWebACLAssociation(scope, "WebAclAssociation", new CfnWebACLAssociationProps
            {
                WebAclArn = webAcl,
            }.WithResourceArn(alb.LoadBalancerArn));
        }
    }

    /// <summary>Turns on the access logs (to the given bucket or a new one in <paramref name="scope"/>).</summary>
    public IBucket? BuildAccessLogs(Construct scope, RemovalPolicy removal) =>
        AccessLogBucket = _accessLogs.Build(scope, LoadBalancer, removal);

    /// <summary>Creates the load balancer's own 5xx alarm through <paramref name="factory"/>.</summary>
    public Alarm? BuildAlarm(AlarmFactory factory)
    {
        var alb = LoadBalancer;
        LoadBalancer5xxAlarm = factory.Create(LoadBalancer5xx, _options.LoadBalancer5xxAlarm, period =>
            WebAlarmMetrics.PercentOf(alb.Metrics.HttpCodeElb(HttpCodeElb.ELB_5XX_COUNT, WebAlarmMetrics.Sum(period)), alb.Metrics.RequestCount(WebAlarmMetrics.Sum(period)), period, "Load balancer 5xx (%)"));
        return LoadBalancer5xxAlarm;
    }

    private void OpenToClients(Construct scope, ApplicationLoadBalancer alb, IVpc vpc)
    {
        if (!InternetFacing)
        {
            // An internal load balancer is reached from inside the VPC only.
            var cidr = vpc.VpcCidrBlock;
            alb.Connections.AllowFrom(Peer.Ipv4(cidr), Port.Tcp(Certificate is not null ? 443 : 80), "Clients in the VPC");
            if (Certificate is not null)
            {
                alb.Connections.AllowFrom(Peer.Ipv4(cidr), Port.Tcp(80), "Clients in the VPC (redirected to HTTPS)");
            }

            return;
        }

        var ports = Certificate is not null ? "80 (redirect) and 443" : "80";
        NagSuppressions.Suppress((CfnResource)alb.Connections.SecurityGroups[0].Node.DefaultChild!, ("AwsSolutions-EC23",
            $"The security group of the internet-facing load balancer of {scope.Node.Path} admits 0.0.0.0/0 on port {ports} only: it is the service's public entry point; the tasks behind it admit the load balancer alone."));
    }

    private static void ValidateDomain(PropValidator v, LoadBalancerFrontOptions p)
    {
        if (p.DomainName is not null && p.HostedZone is null)
        {
            v.FailWith($"{nameof(p.DomainName)} = \"{p.DomainName}\" needs {nameof(p.HostedZone)}, the Route 53 zone its certificate is validated in and its alias record written to; give {nameof(p.HostedZone)} or drop {nameof(p.DomainName)}.");
        }

        if (p.HostedZone is not null && p.DomainName is null)
        {
            v.FailWith($"{nameof(p.HostedZone)} is given without {nameof(p.DomainName)}; give the name to create in the zone, or drop {nameof(p.HostedZone)}.");
        }

        if (p.DomainName is { } domain && p.HostedZone is { } zone && !PropValidator.IsToken(domain)
            && zone.ZoneName is { } zoneName && !PropValidator.IsToken(zoneName))
        {
            var d = domain.TrimEnd('.').ToLowerInvariant();
            var z = zoneName.TrimEnd('.').ToLowerInvariant();
            if (d != z && !d.EndsWith("." + z, StringComparison.Ordinal))
            {
                v.Fail(nameof(p.DomainName), domain, $"it is not inside the hosted zone \"{zoneName}\" (Route 53 refuses the alias record and DNS validation never completes); allowed: \"{z}\" or a name ending in \".{z}\".");
            }
        }

        if (p.SslPolicy is not null && p.Certificate is null && p.DomainName is null)
        {
            v.FailWith($"{nameof(p.SslPolicy)} has no effect without HTTPS; give {nameof(p.Certificate)} or {nameof(p.DomainName)}, or drop {nameof(p.SslPolicy)}.");
        }
    }

    private static void ValidateArns(PropValidator v, LoadBalancerFrontOptions p, Stack stack)
    {
        var region = stack.Region;
        var regionKnown = !PropValidator.IsToken(region);
        if (p.Certificate?.CertificateArn is { } certificateArn && !PropValidator.IsToken(certificateArn))
        {
            var m = AcmCertificateArn().Match(certificateArn);
            if (!m.Success)
            {
                v.Fail($"{nameof(p.Certificate)}.CertificateArn", certificateArn, "allowed: an ACM certificate ARN, arn:<partition>:acm:<region>:<account>:certificate/<id> (a load balancer listener takes ACM certificates only).");
            }
            else if (regionKnown && m.Groups[1].Value != region)
            {
                v.Fail($"{nameof(p.Certificate)}.CertificateArn", certificateArn, $"the certificate is in {m.Groups[1].Value}, but the stack deploys to {region}; allowed: a certificate in {region} (a load balancer uses certificates of its own region).");
            }
        }

        if (p.WebAclArn is { } acl && !PropValidator.IsToken(acl))
        {
            var m = WebAclArn().Match(acl);
            if (!m.Success)
            {
                v.Fail(nameof(p.WebAclArn), acl, "allowed: the ARN of a regional WAFv2 web ACL, arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>.");
            }
            else if (regionKnown && m.Groups[1].Value != region)
            {
                v.Fail(nameof(p.WebAclArn), acl, $"the web ACL is in {m.Groups[1].Value}, but the stack deploys to {region}; allowed: a regional web ACL in {region} (WAF associates a load balancer with web ACLs of its own region).");
            }
        }
    }

    private void ValidateSubnets(PropValidator v, LoadBalancerFrontOptions p)
    {
        if (!_placement.HasVpc)
        {
            return; // the placement reported why
        }

        var vpc = _placement.Vpc;

        var prop = p.LoadBalancerSubnets is null ? $"the {(InternetFacing ? "public" : "task")} subnets the load balancer uses by default" : nameof(p.LoadBalancerSubnets);
        try
        {
            var zones = vpc.SelectSubnets(Subnets).AvailabilityZones.Distinct(StringComparer.Ordinal).Count();
            if (zones < MinLoadBalancerAzs)
            {
                v.FailWith($"{prop} span {zones} Availability Zone(s); an Application Load Balancer needs subnets in at least {MinLoadBalancerAzs}. Use a VPC with two or more AZs, or name subnets in two AZs with {nameof(p.LoadBalancerSubnets)}.");
            }
        }
        catch (Exception e) when (e is not ArgumentException and not InvalidOperationException)
        {
            v.FailWith($"{prop} cannot be selected in the cluster's VPC; {(InternetFacing ? "an internet-facing load balancer needs public subnets, or set InternetFacing = false" : "name the subnets with LoadBalancerSubnets")}.");
        }

        if (!InternetFacing)
        {
            try
            {
                _ = vpc.VpcCidrBlock;
            }
            catch (Exception e) when (e is not ArgumentException and not InvalidOperationException)
            {
                v.FailWith($"{nameof(p.InternetFacing)} = false opens the load balancer to the VPC's CIDR, which the cluster's VPC does not know; import the VPC with its VpcCidrBlock.");
            }
        }
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:acm:([a-z0-9-]+):[0-9]{12}:certificate/[A-Za-z0-9-]+$")]
    private static partial Regex AcmCertificateArn();

    [GeneratedRegex(@"^arn:aws[a-z-]*:wafv2:([a-z0-9-]+):[0-9]{12}:regional/webacl/[A-Za-z0-9_-]+/[A-Za-z0-9-]+$")]
    private static partial Regex WebAclArn();
}
