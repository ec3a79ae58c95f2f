using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;

namespace ContainerPatterns.Ecs;

/// <summary>The defaults a construct gives its tasks (a worker's stop timeout differs from a web service's).</summary>
/// <param name="Cpu">CPU units.</param>
/// <param name="MemoryMiB">Memory in MiB.</param>
/// <param name="StopTimeoutSeconds">Seconds between SIGTERM and SIGKILL.</param>
internal sealed record TaskDefaults(double Cpu, double MemoryMiB, double StopTimeoutSeconds);

/// <summary>A plain environment variable a construct sets on its container itself (e.g. a worker's queue URL).</summary>
/// <param name="Name">The variable's name.</param>
/// <param name="Value">Its value (may be a token).</param>
/// <param name="What">What it holds, for the cdk-nag reason.</param>
internal sealed record ConstructVariable(string Name, string Value, string What);

/// <summary>What a built workload offers the pieces that attach to it afterwards (a file system, another service).</summary>
/// <param name="Scope">The workload construct.</param>
/// <param name="TaskDefinition">Its task definition.</param>
/// <param name="Container">Its <c>app</c> container.</param>
/// <param name="Connections">Its tasks' security groups.</param>
internal sealed record BuiltWorkload(Construct Scope, Amazon.CDK.AWS.ECS.TaskDefinition TaskDefinition, ContainerDefinition Container, Connections_ Connections);

/// <summary>
/// The resolved task settings of a workload (<see cref="WorkloadProps"/> with the construct's defaults
/// applied once), their validation, and what they build: a log group (<c>Logs</c>), a Fargate task definition
/// (<c>TaskDefinition</c>) with one container (<c>Container</c>, named <c>app</c>). The construct ids are part of
/// each construct's public contract.
/// </summary>
internal sealed class FargateTaskPiece
{
    /// <summary>The container's name in the task definition.</summary>
    public const string ContainerName = "app";

    // Fargate stop timeout: at most 120 seconds (ECS API reference, ContainerDefinition stopTimeout, read 2026-12-02); at
    // least 2, ECS's documented lower bound (ECS developer guide, task definition parameters, not re-read 2026-12-02).
    private const int MinStopTimeout = 2;
    private const int MaxStopTimeout = 120;

    // A container's memory hard limit: at least 6 MiB, what Docker 20.10 and later reserves for a container, and the
    // containers of a task may not together reserve more than the task's memory (ECS API reference, ContainerDefinition
    // memory, read 2026-12-02).
    private const int MinContainerMemoryMiB = 6;

    // Port numbers (TCP): 1–65535 (RFC 793; ECS PortMapping takes the same range).
    private const int MaxPort = 65_535;


    private readonly WorkloadProps _props;
    private readonly List<Action<BuiltWorkload>> _afterBuild = [];

    private FargateTaskPiece(WorkloadProps props, TaskDefaults defaults, double? containerPort, CapacityChoice capacity)
    {
        _props = props;
        Cpu = props.Cpu ?? defaults.Cpu;
        MemoryMiB = props.MemoryLimitMiB ?? defaults.MemoryMiB;
        ContainerMemoryMiB = props.ContainerMemoryLimitMiB ?? MemoryMiB;
        Architecture = props.CpuArchitecture ?? TaskCpuArchitecture.Arm64;
        ReadOnlyRoot = props.ReadOnlyRootFilesystem ?? true;
        StopTimeout = props.StopTimeout ?? Duration.Seconds(defaults.StopTimeoutSeconds);
        LogRetention = props.LogRetention ?? RetentionDays.ONE_MONTH;
        Removal = props.RemovalPolicy ?? RemovalPolicy.RETAIN;
        ContainerPort = containerPort;
        Capacity = capacity;
        Placement = TaskPlacement.Resolve(props);
    }

    /// <summary>Task CPU units.</summary>
    public double Cpu { get; }

    /// <summary>Task memory in MiB.</summary>
    public double MemoryMiB { get; }

    /// <summary>The <c>app</c> container's hard memory limit in MiB.</summary>
    public double ContainerMemoryMiB { get; }

    /// <summary>The CPU architecture.</summary>
    public TaskCpuArchitecture Architecture { get; }

    /// <summary>Whether the root filesystem is read-only.</summary>
    public bool ReadOnlyRoot { get; }

    /// <summary>The container's stop timeout.</summary>
    public Duration StopTimeout { get; }

    /// <summary>The log retention.</summary>
    public RetentionDays LogRetention { get; }

    /// <summary>The removal policy of the workload's data resources.</summary>
    public RemovalPolicy Removal { get; }

    /// <summary>The container port, if the workload listens on one.</summary>
    public double? ContainerPort { get; }

    /// <summary>Where the tasks run (FARGATE / FARGATE_SPOT base and weights).</summary>
    public CapacityChoice Capacity { get; }

    /// <summary>The cluster, VPC, subnets and security groups.</summary>
    public TaskPlacement Placement { get; }

    /// <summary>Whether the container runs an init process (set by the service layer when ECS Exec is on).</summary>
    public bool InitProcess { get; set; }

    /// <summary>The task definition (after <see cref="Build"/>).</summary>
    public FargateTaskDefinition TaskDefinition { get; private set; } = null!;

    /// <summary>The application container (after <see cref="Build"/>).</summary>
    public ContainerDefinition Container { get; private set; } = null!;

    /// <summary>The container's log group (after <see cref="Build"/>).</summary>
    public LogGroup LogGroup { get; private set; } = null!;

    /// <summary>Resolves the task settings once, with the construct's defaults and capacity.</summary>
    public static FargateTaskPiece Resolve(WorkloadProps props, TaskDefaults defaults, CapacityChoice capacity, double? containerPort = null) =>
        new(props, defaults, containerPort, capacity);

    /// <summary>The capacity choice of a workload's weights, with the given on-demand base (null for one-off tasks).</summary>
    public static CapacityChoice CapacityOf(WorkloadProps props, double? onDemandBase) =>
        new(onDemandBase, props.OnDemandWeight ?? CapacityChoice.DefaultOnDemandWeight, props.SpotWeight ?? 0);

    /// <summary>
    /// Runs <paramref name="hook"/> once the workload is built and its tasks' security groups are known (see
    /// <see cref="Connect"/>): the one place where a piece attaches to a workload from outside, e.g. opening the tasks'
    /// security groups to a resource they call.
    /// </summary>
    public void AfterBuild(Action<BuiltWorkload> hook) => _afterBuild.Add(hook);

    /// <summary>Lets the tasks reach <paramref name="peer"/> on <paramref name="port"/>, and nothing more, once the workload is built.</summary>
    public void OpenTo(IConnectable peer, Port port, string description) =>
        AfterBuild(workload => workload.Connections.AllowTo(peer, port, description));

    /// <summary>
    /// Tells the pieces registered with <see cref="AfterBuild"/> that the workload is complete, with the security
    /// groups its tasks run in; each construct calls it once, after it has built its service or task target.
    /// </summary>
    public void Connect(Construct scope, Connections_ connections)
    {
        var built = new BuiltWorkload(scope, TaskDefinition, Container, connections);
        foreach (var hook in _afterBuild)
        {
            hook(built);
        }
    }

    /// <summary>Records every problem with the task settings and the placement.</summary>
    public void Validate(PropValidator v, string portProp = "ContainerPort")
    {
        var p = _props;
        Placement.Validate(v);
        v.Missing(nameof(p.Image), p.Image, "the container image, e.g. ContainerImage.FromEcrRepository(repository, tag) or ContainerImage.FromAsset(dir)");
        FargateSizes.Validate(v, Cpu, MemoryMiB, p.Cpu is null);
        v.Range(nameof(p.ContainerMemoryLimitMiB), p.ContainerMemoryLimitMiB, MinContainerMemoryMiB, MemoryMiB,
            $"MiB (at most the task's memory, {nameof(p.MemoryLimitMiB)})");
        v.Range(portProp, ContainerPort, 1, MaxPort);
        v.Seconds(nameof(p.StopTimeout), p.StopTimeout, MinStopTimeout, MaxStopTimeout, "Fargate's limit");
        v.Defined(nameof(p.CpuArchitecture), p.CpuArchitecture);
        v.Defined(nameof(p.LogRetention), p.LogRetention);
        v.Defined(nameof(p.RemovalPolicy), p.RemovalPolicy);
        ContainerVariables.Validate(v, nameof(p.Environment), p.Environment, "a value (use \"\" for an empty one)");
        ContainerVariables.Validate(v, nameof(p.Secrets), p.Secrets, "a Secret (Secret.FromSecretsManager or Secret.FromSsmParameter)");
        if (p.Environment is { } env && p.Secrets is { } secrets)
        {
            foreach (var name in env.Keys.Where(secrets.ContainsKey).Order(StringComparer.Ordinal))
            {
                v.FailWith($"\"{name}\" is set in both {nameof(p.Environment)} and {nameof(p.Secrets)}; ECS allows a variable once, drop one of them.");
            }
        }

        if (p.Command is { } command)
        {
            for (var i = 0; i < command.Count; i++)
            {
                v.Missing($"{nameof(p.Command)}[{i}]", command[i], "a command argument (use \"\" for an empty one)");
            }
        }

        ValidateWritablePaths(v, p);
        // ARM64 tasks run on FARGATE_SPOT on platform version 1.4.0 or later (the LATEST these tasks use): ECS API
        // reference, CapacityProviderStrategyItem, read 2026-12-02 (the change dates from 2024-09). China is warned about
        // in Build: its user guide still says X86_64 only.
        Capacity.Validate(v, nameof(ServiceWorkloadProps.OnDemandBase), nameof(p.OnDemandWeight), nameof(p.SpotWeight));
    }

    /// <summary>
    /// Builds the log group, task definition and container in <paramref name="scope"/>; <paramref name="constructVariables"/>
    /// are set on the container next to the user's <see cref="WorkloadProps.Environment"/>.
    /// </summary>
    public void Build(Construct scope, IReadOnlyList<ConstructVariable>? constructVariables = null)
    {
        var p = _props;
        WarnAboutSpotArm64InChina(scope);
        var own = constructVariables ?? [];
        var environment = new Dictionary<string, string>(p.Environment ?? new Dictionary<string, string>());
        foreach (var variable in own)
        {
            environment[variable.Name] = variable.Value;
        }

        LogGroup = new LogGroup(scope, "Logs", new LogGroupProps
        {
            Retention = LogRetention,
            RemovalPolicy = Removal,
        });

        TaskDefinition = new FargateTaskDefinition(scope, "TaskDefinition", new FargateTaskDefinitionProps
        {
            Cpu = Cpu,
            MemoryLimitMiB = MemoryMiB,
            RuntimePlatform = new RuntimePlatform
            {
                CpuArchitecture = Architecture == TaskCpuArchitecture.Amd64 ? CpuArchitecture.X86_64 : CpuArchitecture.ARM64,
                OperatingSystemFamily = OperatingSystemFamily.LINUX,
            },
        });

        Container = TaskDefinition.AddContainer("Container", new ContainerDefinitionOptions
        {
            ContainerName = ContainerName,
            Image = p.Image,
            Environment = environment.Count > 0 ? environment : null,
            Secrets = p.Secrets is { Count: > 0 } secrets ? new Dictionary<string, Secret>(secrets) : null,
            Command = p.Command is { Count: > 0 } command ? command.ToArray() : null,
            ReadonlyRootFilesystem = ReadOnlyRoot,
            User = p.User,
            MemoryLimitMiB = ContainerMemoryMiB,
            StopTimeout = StopTimeout,
            HealthCheck = p.ContainerHealthCheck,
            Essential = true,
            LinuxParameters = InitProcess ? new LinuxParameters(scope, "LinuxParameters", new LinuxParametersProps { InitProcessEnabled = true }) : null,
            PortMappings = ContainerPort is { } port
                ? [new PortMapping { ContainerPort = port, Protocol = Amazon.CDK.AWS.ECS.Protocol.TCP }]
                : null,
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps
            {
                StreamPrefix = ContainerName,
                // A full log buffer drops lines instead of blocking the application's stdout (ECS's own
                // default since 2025); a stalled application is worse than a gap in its logs.
                Mode = AwsLogDriverMode.NON_BLOCKING,
            }.WithLogGroup(LogGroup)),
        });

        if (environment.Count > 0)
        {
            var holds = new List<string>();
            if (p.Environment is { Count: > 0 })
            {
                holds.Add($"the plain settings its Environment prop was given ({string.Join(", ", p.Environment.Keys.Order(StringComparer.Ordinal))})");
            }

            if (own.Count > 0)
            {
                holds.Add($"what the construct sets itself: {string.Join(", ", own.Select(o => $"{o.Name} ({o.What})"))}");
            }

            NagSuppressions.Suppress((CfnResource)TaskDefinition.Node.DefaultChild!, ("AwsSolutions-ECS2",
                $"The environment of the {ContainerName} container of {scope.Node.Path} holds only {string.Join(" and ", holds)}; secret values reach it from Secrets Manager or SSM through the Secrets prop."));
        }

        if (ReadOnlyRoot && p.WritablePaths is { Count: > 0 } paths)
        {
            for (var i = 0; i < paths.Count; i++)
            {
                // A volume with no host or EFS configuration is task storage: empty at start, gone with the task.
                var volume = $"scratch{i}";
                TaskDefinition.AddVolume(new Amazon.CDK.AWS.ECS.Volume { Name = volume });
                Container.AddMountPoints(new MountPoint { ContainerPath = paths[i], SourceVolume = volume, ReadOnly = false });
            }
        }

        // The awslogs driver has just granted the execution role its log-stream rights, so the policy exists. An image
        // from ECR (a repository or an asset) adds ecr:GetAuthorizationToken, an action with no resource-level permissions.
        if (TaskDefinition.ExecutionRole?.Node.TryFindChild("DefaultPolicy") is Policy policy)
        {
            NagSuppressions.Suppress((CfnResource)policy.Node.DefaultChild!, new NagSuppression("AwsSolutions-IAM5",
                $"The execution role of {scope.Node.Path} calls ecr:GetAuthorizationToken to pull its image; IAM offers that action on Resource * only, and every other grant of this policy names its log group, repository or secret.",
                ["Resource::*"]));
        }
    }


    // The China regions' ECS user guide ("Amazon ECS clusters for Fargate", Fargate capacity provider considerations,
    // read 2026-12-02) still says Fargate Spot runs Linux X86_64 tasks only, while the global API reference admits
    // ARM64 since 2024-09: where the stack's region is known to be in the aws-cn partition, say so.
    private void WarnAboutSpotArm64InChina(Construct scope)
    {
        var region = Stack.Of(scope).Region;
        if (Capacity.UsesSpot && Architecture == TaskCpuArchitecture.Arm64 && !PropValidator.IsToken(region)
            && region.StartsWith("cn-", StringComparison.Ordinal))
        {
            CdkCompat.AddWarning(scope, WorkloadProps.SpotArm64InChinaWarningId,
                $"{scope.Node.Path} puts ARM64 tasks on Fargate Spot (SpotWeight = {PropValidator.Format(Capacity.SpotWeight)}) in {region}, and the ECS guide of the China regions still says Fargate Spot runs X86_64 tasks only: if tasks fail to start there, set CpuArchitecture = TaskCpuArchitecture.Amd64 (with an amd64 image) or SpotWeight = 0.");
        }
    }

    private static void ValidateWritablePaths(PropValidator v, WorkloadProps p)
    {
        if (p.WritablePaths is not { } paths)
        {
            return;
        }

        if (p.ReadOnlyRootFilesystem == false && paths.Count > 0)
        {
            v.FailWith($"{nameof(p.WritablePaths)} is set while {nameof(p.ReadOnlyRootFilesystem)} = false; the whole filesystem is writable already, drop {nameof(p.WritablePaths)}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Count; i++)
        {
            var path = paths[i];
            if (PropValidator.IsToken(path))
            {
                continue;
            }

            if (string.IsNullOrEmpty(path) || path[0] != '/' || path == "/")
            {
                v.Fail($"{nameof(p.WritablePaths)}[{i}]", path, "allowed: an absolute container path below the root, such as \"/tmp\".");
            }
            else if (!seen.Add(path))
            {
                v.Fail($"{nameof(p.WritablePaths)}[{i}]", path, "each path may appear once.");
            }
        }
    }
}
