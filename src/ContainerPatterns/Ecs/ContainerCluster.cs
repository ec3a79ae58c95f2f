using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;

namespace ContainerPatterns.Ecs;

/// <summary>How much CloudWatch Container Insights collects for a <see cref="ContainerCluster"/>.</summary>
public enum ContainerInsightsMode
{
    /// <summary>Cluster- and service-level metrics (<c>enabled</c>).</summary>
    Enabled,

    /// <summary>Task- and container-level metrics as well (<c>enhanced</c>); more metrics, higher CloudWatch cost.</summary>
    Enhanced,

    /// <summary>No Container Insights (<c>disabled</c>); not recommended, cdk-nag's ECS4 rule flags it.</summary>
    Disabled,
}

/// <summary>Properties of a <see cref="ContainerCluster"/>.</summary>
public sealed class ContainerClusterProps
{
    /// <summary>The VPC the cluster's tasks run in, usually <c>ContainerNetwork.Vpc</c>.</summary>
    public required IVpc Vpc { get; init; }

    /// <summary>
    /// The cluster name: 1–255 letters, digits, hyphens and underscores. Default: none (CloudFormation
    /// generates one, so the stack can be deployed more than once per account and region).
    /// </summary>
    public string? ClusterName { get; init; }

    /// <summary>Container Insights level. Default: <see cref="ContainerInsightsMode.Enabled"/>.</summary>
    public ContainerInsightsMode? ContainerInsights { get; init; }

    /// <summary>
    /// Whether ECS Exec is set up on the cluster: a customer-managed KMS key (rotation on) encrypts the exec
    /// sessions and an audit log group of every command run, and services on the cluster can then turn exec on.
    /// Default: false.
    /// </summary>
    public bool? ExecuteCommand { get; init; }

    /// <summary>How long ECS Exec audit logs are kept. Default: <see cref="RetentionDays.ONE_YEAR"/> (365 days).</summary>
    public RetentionDays? ExecuteCommandLogRetention { get; init; }

    /// <summary>
    /// The strategy used by services and tasks that give none. Each entry's weight must be 0–1000 and base
    /// 0–100,000; at most one entry may have a base, and some weight must be positive. Providers: <c>FARGATE</c>,
    /// <c>FARGATE_SPOT</c>. Default: <c>FARGATE</c> with weight 1 (the services in this library set their own).
    /// </summary>
    public IReadOnlyList<CapacityProviderStrategy>? DefaultCapacityProviderStrategy { get; init; }

    /// <summary>What happens to the exec audit log group and key when they leave the stack. Default: <see cref="RemovalPolicy.RETAIN"/>.</summary>
    public RemovalPolicy? RemovalPolicy { get; init; }
}

/// <summary>
/// An ECS cluster for Fargate: Container Insights on, the FARGATE and FARGATE_SPOT capacity providers, and,
/// when ECS Exec is enabled, KMS-encrypted exec sessions with an encrypted audit log group.
/// </summary>
public sealed class ContainerCluster : Construct
{
    // Cluster names: up to 255 letters (upper and lower case), numbers, hyphens and underscores (ECS CreateCluster).
    private const int MaxClusterNameLength = 255;

    private static readonly string[] FargateProviders = [EcsLimits.Fargate, EcsLimits.FargateSpot];

    /// <summary>Creates the cluster.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public ContainerCluster(Construct scope, string id, ContainerClusterProps props)
        : base(scope, id)
    {
        var v = new PropValidator(scope, id);
        v.ThrowIfPropsMissing(props, nameof(ContainerClusterProps));
        var s = Settings.Resolve(props);
        s.Validate(v, props);
        v.ThrowIfAny();

        var exec = s.ExecuteCommand ? NewExecuteCommandConfiguration(s) : null;
        var cluster = new Cluster(this, "Cluster", new ClusterProps
        {
            Vpc = props.Vpc,
            ClusterName = props.ClusterName,
            EnableFargateCapacityProviders = true,
            ExecuteCommandConfiguration = exec,
        });
        // CDK 2.160's L2 knows only on/off; the L1 setting also takes "enhanced".
        ((CfnCluster)cluster.Node.DefaultChild!).ClusterSettings = new[]
        {
            new CfnCluster.ClusterSettingsProperty { Name = "containerInsights", Value = s.InsightsSetting },
        };
        cluster.AddDefaultCapacityProviderStrategy(s.DefaultStrategy.ToArray());
        Cluster = cluster;
        Vpc = props.Vpc;
        ExecuteCommandEnabled = exec is not null;
    }

    /// <summary>The ECS cluster.</summary>
    public ICluster Cluster { get; }

    /// <summary>The VPC the cluster's tasks run in.</summary>
    public IVpc Vpc { get; }

    /// <summary>Whether ECS Exec is set up on this cluster.</summary>
    public bool ExecuteCommandEnabled { get; }

    /// <summary>The key that encrypts ECS Exec sessions and audit logs; null unless ECS Exec is set up.</summary>
    public IKey? ExecuteCommandKey { get; private set; }

    /// <summary>The ECS Exec audit log group; null unless ECS Exec is set up.</summary>
    public ILogGroup? ExecuteCommandLogGroup { get; private set; }

    // An ECS Exec set-up: a rotating key for the sessions and an audit log group encrypted with it.
    private ExecuteCommandConfiguration NewExecuteCommandConfiguration(Settings s)
    {
        var key = new Key(this, "ExecuteCommandKey", new KeyProps
        {
            Description = $"Encrypts ECS Exec sessions and their audit logs for {Node.Path}",
            EnableKeyRotation = true,
            RemovalPolicy = s.Removal,
        });
        ExecuteCommandKey = key;
        KeyPolicies.LimitGrantsToAwsServices(key);
        var stack = Stack.Of(this);
        // CloudWatch Logs encrypts the audit log group with this key; the condition limits that use to log
        // groups of this account and region (the group's own ARN would make a dependency cycle).
        key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AllowCloudWatchLogsOfThisAccount",
            Principals = [new ServicePrincipal($"logs.{stack.Region}.{stack.UrlSuffix}")],
            Actions = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resources = ["*"],
            Conditions = new Dictionary<string, object>
            {
                ["ArnLike"] = new Dictionary<string, object>
                {
                    ["kms:EncryptionContext:aws:logs:arn"] = $"arn:{stack.Partition}:logs:{stack.Region}:{stack.Account}:log-group:*",
                },
            },
        }));
        var logs = new LogGroup(this, "ExecuteCommandLogs", new LogGroupProps
        {
            Retention = s.ExecuteCommandLogRetention,
            RemovalPolicy = s.Removal,
        }.WithEncryptionKey(key));
        ExecuteCommandLogGroup = logs;
        return new ExecuteCommandConfiguration
        {
            KmsKey = key,
            Logging = ExecuteCommandLogging.OVERRIDE,
            LogConfiguration = new ExecuteCommandLogConfiguration
            {
                CloudWatchEncryptionEnabled = true,
            }.WithCloudWatchLogGroup(logs),
        };
    }

    private static void ValidateStrategy(PropValidator v, string prop, IReadOnlyList<CapacityProviderStrategy> strategy)
    {
        if (strategy.Count == 0)
        {
            v.FailWith($"{prop} is empty; allowed: one or more of {string.Join(", ", FargateProviders)}.");
            return;
        }

        var withBase = 0;
        var totalWeight = 0d;
        var anyToken = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < strategy.Count; i++)
        {
            var item = strategy[i];
            var at = $"{prop}[{i}]";
            if (v.Missing(at, item, "a CapacityProviderStrategy") || v.Missing($"{at}.CapacityProvider", item.CapacityProvider, "FARGATE or FARGATE_SPOT"))
            {
                continue;
            }

            if (!PropValidator.IsToken(item.CapacityProvider) && !FargateProviders.Contains(item.CapacityProvider))
            {
                v.Fail($"{at}.CapacityProvider", item.CapacityProvider, $"allowed: {string.Join(", ", FargateProviders)}.");
            }
            else if (!seen.Add(item.CapacityProvider))
            {
                v.Fail($"{at}.CapacityProvider", item.CapacityProvider, "each capacity provider may appear once.");
            }

            v.Range($"{at}.Weight", item.Weight, 0, EcsLimits.MaxCapacityWeight);
            v.Range($"{at}.Base", item.Base, 0, EcsLimits.MaxCapacityBase);
            anyToken |= item.Weight is { } w && PropValidator.IsToken(w);
            anyToken |= item.Base is { } b && PropValidator.IsToken(b);
            withBase += item.Base is > 0 ? 1 : 0;
            totalWeight += item.Weight is > 0 ? item.Weight.Value : 0;
        }

        if (anyToken)
        {
            return; // the totals are only known at deploy time
        }

        if (withBase > 1)
        {
            v.FailWith($"{prop} gives a Base to {withBase} providers; ECS allows a base on one provider only.");
        }

        if (totalWeight <= 0)
        {
            v.FailWith($"{prop} has no provider with a Weight above 0; ECS needs at least one.");
        }
    }

    /// <summary>The props with every default resolved, read by validation and building alike.</summary>
    private sealed record Settings(
        bool ExecuteCommand,
        RetentionDays ExecuteCommandLogRetention,
        string InsightsSetting,
        IReadOnlyList<CapacityProviderStrategy> DefaultStrategy,
        RemovalPolicy Removal)
    {
        public static Settings Resolve(ContainerClusterProps p) => new(
            p.ExecuteCommand == true,
            p.ExecuteCommandLogRetention ?? RetentionDays.ONE_YEAR,
            (p.ContainerInsights ?? ContainerInsightsMode.Enabled) switch
            {
                ContainerInsightsMode.Enhanced => "enhanced",
                ContainerInsightsMode.Disabled => "disabled",
                _ => "enabled",
            },
            p.DefaultCapacityProviderStrategy ?? [new CapacityProviderStrategy { CapacityProvider = EcsLimits.Fargate, Weight = 1 }],
            p.RemovalPolicy ?? Amazon.CDK.RemovalPolicy.RETAIN);

        public void Validate(PropValidator v, ContainerClusterProps p)
        {
            // Null here would make CDK build a default VPC of its own (two NAT gateways, no flow log).
            v.Missing(nameof(p.Vpc), p.Vpc, "the VPC the cluster's tasks run in, usually ContainerNetwork.Vpc");
            v.Defined(nameof(p.ContainerInsights), p.ContainerInsights);
            v.Defined(nameof(p.RemovalPolicy), p.RemovalPolicy);
            if (p.ClusterName is { } name && !PropValidator.IsToken(name)
                && (name.Length is 0 or > MaxClusterNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            {
                v.Fail(nameof(p.ClusterName), name, $"allowed: 1 to {MaxClusterNameLength} letters, digits, hyphens (-) and underscores (_).");
            }

            v.Defined(nameof(p.ExecuteCommandLogRetention), p.ExecuteCommandLogRetention);
            if (p.ExecuteCommandLogRetention is not null && !ExecuteCommand)
            {
                v.FailWith($"{nameof(p.ExecuteCommandLogRetention)} = {p.ExecuteCommandLogRetention} has no effect unless {nameof(p.ExecuteCommand)} = true; set {nameof(p.ExecuteCommand)} or drop {nameof(p.ExecuteCommandLogRetention)}.");
            }

            ValidateStrategy(v, nameof(p.DefaultCapacityProviderStrategy), DefaultStrategy);
        }
    }
}
