using System.Text.RegularExpressions;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.WAFv2;
using ElbHealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;

namespace ContainerPatterns.Ecs;

/// <summary>
/// The load balancer concern of <see cref="LoadBalancedWebService"/>: resolved settings, their validation, and the
/// Application Load Balancer (<c>LoadBalancer</c>), target group (<c>TargetGroup</c>), certificate
/// (<c>Certificate</c>), listeners (<c>HttpsListener</c>, <c>HttpListener</c>), alias record (<c>AliasRecord</c>) and
/// WAF association (<c>WebAclAssociation</c>), created in the web service's scope.
/// </summary>
internal sealed partial class WebLoadBalancer
{
    private const string DefaultHealthCheckPath = "/";
    private const string DefaultHealthyHttpCodes = "200-399";
    private const double DefaultInterval = 15;
    private const double DefaultTimeout = 5;
    private const double DefaultHealthyThreshold = 2;
    private const double DefaultUnhealthyThreshold = 3;
    private const double DefaultGracePeriod = 60;
    private const double DefaultDeregistrationDelay = 30;

    // ELB target group health checks (ELB API, HealthCheck*): interval 5–300 s, timeout 2–120 s, healthy and
    // unhealthy thresholds 2–10, path at most 1024 characters; deregistration delay 0–3600 s.
    private const int MinInterval = 5;
    private const int MaxInterval = 300;
    private const int MinTimeout = 2;
    private const int MaxTimeout = 120;
    private const int MinThreshold = 2;
    private const int MaxThreshold = 10;
    private const int MaxHealthCheckPath = 1024;
    private const int MaxDeregistrationDelay = 3600;

    // An Application Load Balancer needs subnets in at least two Availability Zones (ELB CreateLoadBalancer).
    private const int MinLoadBalancerAzs = 2;

    private readonly LoadBalancedWebServiceProps _props;
    private readonly TaskPlacement _placement;

    private WebLoadBalancer(LoadBalancedWebServiceProps props, TaskPlacement placement, double containerPort)
    {
        _props = props;
        _placement = placement;
        ContainerPort = containerPort;
        InternetFacing = props.InternetFacing ?? true;
        Https = props.Certificate is not null || props.DomainName is not null;
        HealthCheckInterval = props.HealthCheckInterval ?? Duration.Seconds(DefaultInterval);
        HealthCheckTimeout = props.HealthCheckTimeout ?? Duration.Seconds(DefaultTimeout);
        GracePeriod = props.HealthCheckGracePeriod ?? Duration.Seconds(DefaultGracePeriod);
        Subnets = props.LoadBalancerSubnets ?? (InternetFacing
            ? new SubnetSelection { SubnetType = SubnetType.PUBLIC }
            : placement.Subnets);
    }

    /// <summary>The container port the target group forwards to.</summary>
    public double ContainerPort { get; }

    /// <summary>Whether the load balancer is internet-facing.</summary>
    public bool InternetFacing { get; }

    /// <summary>Whether the service serves HTTPS (a certificate or a domain is given).</summary>
    public bool Https { get; }

    /// <summary>The ECS health check grace period.</summary>
    public Duration GracePeriod { get; }

    /// <summary>The load balancer (after <see cref="Build"/>).</summary>
    public ApplicationLoadBalancer LoadBalancer { get; private set; } = null!;

    /// <summary>The target group (after <see cref="Build"/>).</summary>
    public ApplicationTargetGroup TargetGroup { get; private set; } = null!;

    /// <summary>The port-80 listener (after <see cref="Build"/>).</summary>
    public ApplicationListener HttpListener { get; private set; } = null!;

    /// <summary>The port-443 listener; null when HTTP only.</summary>
    public ApplicationListener? HttpsListener { get; private set; }

    /// <summary>The listener certificate, given or created; null when HTTP only.</summary>
    public ICertificate? Certificate { get; private set; }

    /// <summary>The URL clients use.</summary>
    public string Url { get; private set; } = string.Empty;

    private ISubnetSelection Subnets { get; }

    private Duration HealthCheckInterval { get; }

    private Duration HealthCheckTimeout { get; }

    /// <summary>Resolves the load balancer settings once.</summary>
    public static WebLoadBalancer Resolve(LoadBalancedWebServiceProps props, TaskPlacement placement, double containerPort) => new(props, placement, containerPort);

    /// <summary>Records every problem with the load balancer, TLS, domain, WAF and health-check settings.</summary>
    public void Validate(PropValidator v, Stack stack)
    {
        var p = _props;
        ValidateDomain(v, p);
        ValidateArns(v, p, stack);
        ValidateHealthCheck(v, p);
        v.Seconds(nameof(p.HealthCheckGracePeriod), p.HealthCheckGracePeriod, 0, int.MaxValue);
        v.Seconds(nameof(p.DeregistrationDelay), p.DeregistrationDelay, 0, MaxDeregistrationDelay, "ELB's range");
        ValidateSubnets(v, p);
    }

    /// <summary>Builds the load balancer, target group, listeners and the rest in <paramref name="scope"/>, with the service as target.</summary>
    public void Build(Construct scope, FargateService service)
    {
        var p = _props;
        var vpc = _placement.Vpc;
        var alb = new ApplicationLoadBalancer(scope, "LoadBalancer", new ApplicationLoadBalancerProps
        {
            Vpc = vpc,
            InternetFacing = InternetFacing,
            VpcSubnets = Subnets,
            DropInvalidHeaderFields = true,
            DeletionProtection = p.DeletionProtection ?? false,
        });
        LoadBalancer = alb;

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
                DefaultTargetGroups = [TargetGroup],
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
                DefaultTargetGroups = [TargetGroup],
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

    private static void ValidateDomain(PropValidator v, LoadBalancedWebServiceProps p)
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

    private static void ValidateArns(PropValidator v, LoadBalancedWebServiceProps p, Stack stack)
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

    private void ValidateHealthCheck(PropValidator v, LoadBalancedWebServiceProps p)
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

    private void ValidateSubnets(PropValidator v, LoadBalancedWebServiceProps p)
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

    /// <summary>True when a code list (already matching <see cref="HttpCodesPattern"/>) has a range whose start exceeds its end.</summary>
    private static bool HasReversedRange(string codes) =>
        codes.Split(',').Select(item => item.Split('-')).Any(range =>
            range.Length == 2 && int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture) > int.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^([2-4][0-9]{2})(-[2-4][0-9]{2})?(,([2-4][0-9]{2})(-[2-4][0-9]{2})?)*$")]
    private static partial Regex HttpCodesPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:acm:([a-z0-9-]+):[0-9]{12}:certificate/[A-Za-z0-9-]+$")]
    private static partial Regex AcmCertificateArn();

    [GeneratedRegex(@"^arn:aws[a-z-]*:wafv2:([a-z0-9-]+):[0-9]{12}:regional/webacl/[A-Za-z0-9_-]+/[A-Za-z0-9-]+$")]
    private static partial Regex WebAclArn();
}
