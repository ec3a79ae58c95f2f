using System.Globalization;
using System.Net;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.Logs;

namespace ContainerPatterns.Networking;

/// <summary>Interface VPC endpoints a <see cref="ContainerNetwork"/> can create so tasks reach AWS without a NAT gateway.</summary>
[Flags]
#pragma warning disable CA1711 // "Endpoints" is the domain word here.
public enum ContainerEndpoints
#pragma warning restore CA1711
{
    /// <summary>No interface endpoints.</summary>
    None = 0,

    /// <summary>ECR API (<c>ecr.api</c>): image manifests and authorization tokens.</summary>
    EcrApi = 1,

    /// <summary>ECR Docker registry (<c>ecr.dkr</c>): image layers (the layers themselves come through the S3 gateway endpoint).</summary>
    EcrDocker = 2,

    /// <summary>CloudWatch Logs (<c>logs</c>): the awslogs driver.</summary>
    CloudWatchLogs = 4,

    /// <summary>Secrets Manager (<c>secretsmanager</c>): secrets injected into containers.</summary>
    SecretsManager = 8,

    /// <summary>Systems Manager (<c>ssm</c>): parameters injected into containers.</summary>
    Ssm = 16,

    /// <summary>STS (<c>sts</c>): web-identity and assume-role calls from tasks.</summary>
    Sts = 32,

    /// <summary>SSM Session Manager messages (<c>ssmmessages</c>): the channels of ECS Exec sessions, so exec works without a NAT path.</summary>
    SsmMessages = 64,

    /// <summary>Every endpoint above: a task can pull, log, read secrets and take ECS Exec sessions with no internet path.</summary>
    All = EcrApi | EcrDocker | CloudWatchLogs | SecretsManager | Ssm | Sts | SsmMessages,
}

/// <summary>Properties of a <see cref="ContainerNetwork"/>.</summary>
public sealed class ContainerNetworkProps
{
    /// <summary>
    /// How many availability zones the VPC spans. An environment-agnostic stack can address 2 zones; give the
    /// stack an account and region to use more (up to the region's count). Default: 2.
    /// </summary>
    public double? MaxAzs { get; init; }

    /// <summary>
    /// How many NAT gateways to create, from 1 to the number of AZs. One NAT gateway is the cost choice
    /// (about 32 USD a month plus data): tasks in every AZ share it, and lose egress if its AZ fails. Use one per AZ
    /// for production. Default: 1.
    /// </summary>
    public double? NatGateways { get; init; }

    /// <summary>The VPC's IPv4 CIDR block, a private range with a prefix from /16 to /24. Default: <c>10.0.0.0/16</c>.</summary>
    public string? Cidr { get; init; }

    /// <summary>Prefix length of each public subnet (they hold the load balancers and NAT gateways), 16–28. Default: 24 (251 addresses).</summary>
    public double? PublicSubnetCidrMask { get; init; }

    /// <summary>Prefix length of each private subnet (they hold the tasks, one IP each), 16–28. Default: 20 (4,091 addresses).</summary>
    public double? PrivateSubnetCidrMask { get; init; }

    /// <summary>How long VPC flow logs are kept. Default: <see cref="RetentionDays.ONE_MONTH"/> (30 days).</summary>
    public RetentionDays? FlowLogRetention { get; init; }

    /// <summary>Which traffic the flow log records. Default: <see cref="FlowLogTrafficType.ALL"/>.</summary>
    public FlowLogTrafficType? FlowLogTrafficType { get; init; }

    /// <summary>
    /// Interface endpoints to create in the private subnets (each costs about 7.3 USD a month per AZ plus data).
    /// S3 and DynamoDB gateway endpoints, which are free, are always created. Default: <see cref="ContainerEndpoints.None"/>.
    /// </summary>
    public ContainerEndpoints? InterfaceEndpoints { get; init; }

    /// <summary>What happens to the flow log group when it leaves the stack. Default: <see cref="RemovalPolicy.RETAIN"/>.</summary>
    public RemovalPolicy? FlowLogRemovalPolicy { get; init; }
}

/// <summary>
/// A VPC for containers: public subnets for load balancers and NAT gateways, private subnets with egress for
/// tasks, VPC flow logs to a log group with retention, free S3 and DynamoDB gateway endpoints, optional
/// interface endpoints, and a default security group with every rule removed.
/// </summary>
public sealed class ContainerNetwork : Construct
{
    // A VPC's primary CIDR must be between /16 and /28 (EC2 API reference, CreateVpc, read 2026-12-02); /24 is kept as the smallest
    // here so two AZs of the smallest subnets still fit.
    private const int MinVpcPrefix = 16;
    private const int MaxVpcPrefix = 24;

    // Subnet prefixes must be between /16 and /28 (EC2 API reference, CreateSubnet, read 2026-12-02).
    private const int MinSubnetPrefix = 16;
    private const int MaxSubnetPrefix = 28;

    private const int DefaultMaxAzs = 2;
    private const int DefaultNatGateways = 1;
    private const string DefaultCidr = "10.0.0.0/16";
    private const int DefaultPublicMask = 24;
    private const int DefaultPrivateMask = 20;

    // The services by name, as CDK's own InterfaceVpcEndpointAwsService.ECR etc. define them (2.160 through 2.277):
    // the first read of any of those static properties makes the .NET binding fetch all of them from jsii, 321 calls
    // into Node.js (a third of the reference app's calls), where constructing the six takes one call each.
    private static readonly (ContainerEndpoints Flag, string Id, string Service)[] EndpointServices =
    [
        (ContainerEndpoints.EcrApi, "EcrApiEndpoint", "ecr.api"),
        (ContainerEndpoints.EcrDocker, "EcrDockerEndpoint", "ecr.dkr"),
        (ContainerEndpoints.CloudWatchLogs, "LogsEndpoint", "logs"),
        (ContainerEndpoints.SecretsManager, "SecretsManagerEndpoint", "secretsmanager"),
        (ContainerEndpoints.Ssm, "SsmEndpoint", "ssm"),
        (ContainerEndpoints.Sts, "StsEndpoint", "sts"),
        (ContainerEndpoints.SsmMessages, "SsmMessagesEndpoint", "ssmmessages"),
    ];

    /// <summary>Creates the network.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public ContainerNetwork(Construct scope, string id, ContainerNetworkProps? props = null)
        : base(scope, id)
    {
        props ??= new ContainerNetworkProps();
        var v = new PropValidator(scope, id);
        var s = Settings.Resolve(props, Stack.Of(scope));
        s.Validate(v, props);
        v.ThrowIfAny();

        FlowLogGroup = new LogGroup(this, "FlowLogs", new LogGroupProps
        {
            Retention = s.FlowLogRetention,
            RemovalPolicy = s.FlowLogRemoval,
        });
        var vpc = NewVpc(s);
        Vpc = vpc;

        var privateSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };
        S3Endpoint = vpc.AddGatewayEndpoint("S3Endpoint", new GatewayVpcEndpointOptions
        {
            Service = GatewayVpcEndpointAwsService.S3,
            Subnets = [privateSubnets],
        });
        DynamoDbEndpoint = vpc.AddGatewayEndpoint("DynamoDbEndpoint", new GatewayVpcEndpointOptions
        {
            Service = GatewayVpcEndpointAwsService.DYNAMODB,
            Subnets = [privateSubnets],
        });
        InterfaceEndpoints = NewInterfaceEndpoints(vpc, privateSubnets, s);
        SuppressDefaultSecurityGroupProviderFindings();
    }

    /// <summary>The VPC.</summary>
    public IVpc Vpc { get; }

    /// <summary>The log group that receives the VPC's flow logs.</summary>
    public ILogGroup FlowLogGroup { get; }

    /// <summary>The S3 gateway endpoint (ECR image layers are served from S3).</summary>
    public IGatewayVpcEndpoint S3Endpoint { get; }

    /// <summary>The DynamoDB gateway endpoint.</summary>
    public IGatewayVpcEndpoint DynamoDbEndpoint { get; }

    /// <summary>The interface endpoints that were created, by kind (empty unless <see cref="ContainerNetworkProps.InterfaceEndpoints"/> was set).</summary>
    public IReadOnlyDictionary<ContainerEndpoints, IInterfaceVpcEndpoint> InterfaceEndpoints { get; }

    /// <summary>Subnets for tasks and internal load balancers: the private subnets with egress.</summary>
    public static ISubnetSelection PrivateSubnets => new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };

    /// <summary>Subnets for internet-facing load balancers.</summary>
    public static ISubnetSelection PublicSubnets => new SubnetSelection { SubnetType = SubnetType.PUBLIC };

    // RestrictDefaultSecurityGroup is implemented by one CDK custom-resource provider per stack, whose role
    // uses the AWSLambdaBasicExecutionRole managed policy for its own logs.
    private void SuppressDefaultSecurityGroupProviderFindings()
    {
        if (Stack.Of(this).Node.TryFindChild("Custom::VpcRestrictDefaultSGCustomResourceProvider") is Construct provider
            && provider.Node.TryFindChild("Role") is CfnResource role)
        {
            NagSuppressions.Suppress(role, (
                "AwsSolutions-IAM4",
                "CDK's VpcRestrictDefaultSG provider: AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch logs; the rule-revoking permissions are an inline policy scoped to the default security group."));
        }
    }

    private Vpc NewVpc(Settings s) => new(this, "Vpc", new VpcProps
    {
        IpAddresses = IpAddresses.Cidr(s.Cidr),
        MaxAzs = s.Azs,
        NatGateways = s.NatGateways,
        RestrictDefaultSecurityGroup = true,
        EnableDnsHostnames = true,
        EnableDnsSupport = true,
        SubnetConfiguration =
        [
            new SubnetConfiguration { Name = "Public", SubnetType = SubnetType.PUBLIC, CidrMask = s.PublicMask, MapPublicIpOnLaunch = false },
            new SubnetConfiguration { Name = "Private", SubnetType = SubnetType.PRIVATE_WITH_EGRESS, CidrMask = s.PrivateMask },
        ],
        FlowLogs = new Dictionary<string, IFlowLogOptions>
        {
            ["FlowLog"] = new FlowLogOptions
            {
                Destination = CdkCompat.FlowLogsToCloudWatch(FlowLogGroup),
                TrafficType = s.FlowLogTraffic,
            },
        },
    });

    private static Dictionary<ContainerEndpoints, IInterfaceVpcEndpoint> NewInterfaceEndpoints(Vpc vpc, SubnetSelection privateSubnets, Settings s)
    {
        var endpoints = new Dictionary<ContainerEndpoints, IInterfaceVpcEndpoint>();
        foreach (var (flag, endpointId, service) in EndpointServices)
        {
            if (s.InterfaceEndpoints.HasFlag(flag))
            {
                var endpoint = vpc.AddInterfaceEndpoint(endpointId, new InterfaceVpcEndpointOptions
                {
                    Service = new InterfaceVpcEndpointAwsService(service),
                    Subnets = privateSubnets,
                    PrivateDnsEnabled = true,
                    Open = false,
                });
                // HTTPS from the VPC's own range, written as the literal CIDR so reviewers (and cdk-nag) can
                // see it is not open to the world.
                endpoint.Connections.AllowFrom(Peer.Ipv4(s.Cidr), Port.Tcp(443), "HTTPS from inside the VPC");
                endpoints[flag] = endpoint;
            }
        }

        return endpoints;
    }

    private static int? ValidateCidr(PropValidator v, string prop, string cidr)
    {
        if (PropValidator.IsToken(cidr))
        {
            return null;
        }

        var parts = cidr.Split('/');
        if (parts.Length != 2
            || !IPAddress.TryParse(parts[0], out var address)
            || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || parts[0].Split('.').Length != 4
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix < MinVpcPrefix || prefix > MaxVpcPrefix)
        {
            v.Fail(prop, cidr, $"allowed: an IPv4 CIDR block with a prefix from /{MinVpcPrefix} to /{MaxVpcPrefix}, e.g. \"10.0.0.0/16\".");
            return null;
        }

        var bytes = address.GetAddressBytes();
        var value = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        var hostBits = (1u << (32 - prefix)) - 1;
        if ((value & hostBits) != 0)
        {
            v.Fail(prop, cidr, $"the address has bits set past the /{prefix} prefix; allowed: a network address such as \"{ToAddress(value & ~hostBits)}/{prefix}\".");
            return null;
        }

        var isPrivate = bytes[0] == 10
            || (bytes[0] == 172 && bytes[1] >= 16 && bytes[1] <= 31)
            || (bytes[0] == 192 && bytes[1] == 168)
            || (bytes[0] == 100 && bytes[1] >= 64 && bytes[1] <= 127);
        if (!isPrivate)
        {
            v.Fail(prop, cidr, "allowed: a private range (RFC 1918 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, or RFC 6598 100.64.0.0/10).");
            return null;
        }

        return prefix;
    }

    private static string ToAddress(uint value) =>
        string.Join('.', new[] { value >> 24, (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF }.Select(b => b.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The props with every default resolved, read by validation and building alike.</summary>
    private sealed record Settings(
        int ZonesAvailable,
        bool EnvironmentAgnostic,
        int Azs,
        double NatGateways,
        string Cidr,
        int PublicMask,
        int PrivateMask,
        RetentionDays FlowLogRetention,
        FlowLogTrafficType FlowLogTraffic,
        RemovalPolicy FlowLogRemoval,
        ContainerEndpoints InterfaceEndpoints)
    {
        public static Settings Resolve(ContainerNetworkProps p, Stack stack)
        {
            var zonesAvailable = stack.AvailabilityZones.Length;
            var azs = p.MaxAzs is >= 1 and var given && Math.Floor(given) == given ? (int)Math.Min(given, zonesAvailable) : Math.Min(DefaultMaxAzs, zonesAvailable);
            return new Settings(
                zonesAvailable,
                Token.IsUnresolved(stack.Region),
                azs,
                p.NatGateways ?? DefaultNatGateways,
                p.Cidr ?? DefaultCidr,
                (int)(p.PublicSubnetCidrMask ?? DefaultPublicMask),
                (int)(p.PrivateSubnetCidrMask ?? DefaultPrivateMask),
                p.FlowLogRetention ?? RetentionDays.ONE_MONTH,
                p.FlowLogTrafficType ?? Amazon.CDK.AWS.EC2.FlowLogTrafficType.ALL,
                p.FlowLogRemovalPolicy ?? RemovalPolicy.RETAIN,
                p.InterfaceEndpoints ?? ContainerEndpoints.None);
        }

        public void Validate(PropValidator v, ContainerNetworkProps p)
        {
            // The subnet layout is computed from these numbers at synth, so they cannot wait for deploy time.
            foreach (var (name, value) in new[] { (nameof(p.MaxAzs), p.MaxAzs), (nameof(p.NatGateways), p.NatGateways), (nameof(p.PublicSubnetCidrMask), p.PublicSubnetCidrMask), (nameof(p.PrivateSubnetCidrMask), p.PrivateSubnetCidrMask) })
            {
                if (value is { } n && PropValidator.IsToken(n))
                {
                    v.FailWith($"{name} is a token; the VPC's subnets are laid out at synth, so give a number.");
                }
            }

            v.Range(nameof(p.MaxAzs), p.MaxAzs, 1, ZonesAvailable,
                ZonesAvailable == 2 && EnvironmentAgnostic
                    ? "AZs (an environment-agnostic stack can address 2; give the stack an account and region for more)"
                    : "AZs (the zones this stack's region offers)");
            v.Range(nameof(p.NatGateways), p.NatGateways, 1, Azs,
                "(at most one per AZ; the private subnets need at least one for egress)");
            var vpcPrefix = ValidateCidr(v, nameof(p.Cidr), Cidr);
            v.Range(nameof(p.PublicSubnetCidrMask), p.PublicSubnetCidrMask, MinSubnetPrefix, MaxSubnetPrefix, "(prefix length)");
            v.Range(nameof(p.PrivateSubnetCidrMask), p.PrivateSubnetCidrMask, MinSubnetPrefix, MaxSubnetPrefix, "(prefix length)");
            v.Defined(nameof(p.FlowLogRetention), p.FlowLogRetention);
            v.Defined(nameof(p.FlowLogTrafficType), p.FlowLogTrafficType);
            v.Defined(nameof(p.FlowLogRemovalPolicy), p.FlowLogRemovalPolicy);
            if ((InterfaceEndpoints & ~ContainerEndpoints.All) != 0)
            {
                v.FailWith($"{nameof(p.InterfaceEndpoints)} = (ContainerEndpoints){(int)InterfaceEndpoints} is not valid; allowed: a combination of {string.Join(", ", Enum.GetNames<ContainerEndpoints>().Where(n => n is not "None" and not "All"))}, or None or All.");
            }

            if (!v.HasProblems && vpcPrefix is { } prefix)
            {
                var needed = Azs * ((1L << (32 - PublicMask)) + (1L << (32 - PrivateMask)));
                var available = 1L << (32 - prefix);
                if (needed > available)
                {
                    v.FailWith(
                        $"{Azs} AZs of /{PublicMask} public and /{PrivateMask} private subnets need {needed.ToString("N0", CultureInfo.InvariantCulture)} addresses, " +
                        $"but Cidr = \"{Cidr}\" has {available.ToString("N0", CultureInfo.InvariantCulture)}; use a larger CIDR or larger PublicSubnetCidrMask / PrivateSubnetCidrMask values.");
                }
            }
        }
    }
}
