using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using ContainerPatterns.Ecs;
using Constructs;
using EcsHealthCheck = Amazon.CDK.AWS.ECS.HealthCheck;

namespace ContainerPatterns.Internal;

/// <summary>
/// Validates the shared <see cref="FargateWorkloadProps"/> of a workload and builds what they describe: a log group (<c>Logs</c>), a Fargate
/// task definition (<c>TaskDefinition</c>) with one container (<c>Container</c>, named <c>app</c>) and the
/// capacity provider strategy. The construct ids are part of each construct's public contract.
/// </summary>
internal sealed class FargateContainerTask
{
    /// <summary>The container's name in the task definition.</summary>
    public const string ContainerName = "app";

    /// <summary>Default task size: 0.5 vCPU.</summary>
    public const int DefaultCpu = 512;

    /// <summary>Default task memory: 1 GiB.</summary>
    public const int DefaultMemoryMiB = 1024;

    /// <summary>Default awslogs retention: 30 days.</summary>
    public const int DefaultLogRetentionDays = 30;

    /// <summary>Default stop timeout: 30 s, ECS's own default, stated explicitly.</summary>
    public const int DefaultStopTimeoutSeconds = 30;

    /// <summary>Default on-demand base: one task always on FARGATE, so Spot interruptions never take the last task.</summary>
    public const int DefaultOnDemandBase = 1;

    // Fargate stop timeout: 2 to 120 seconds (ECS ContainerDefinition stopTimeout, Fargate platform 1.4).
    private const int MinStopTimeout = 2;
    private const int MaxStopTimeout = 120;


    // Port numbers (TCP): 1–65535.
    private const int MaxPort = 65_535;

    // Fargate task sizes (ECS developer guide, "Task CPU and memory"): CPU units -> allowed memory in MiB.
    // 8 and 16 vCPU need Linux platform version 1.4.0 or later, which LATEST is.
    private static readonly (int Cpu, int Min, int Max, int Step, string Text)[] FargateSizes =
    [
        (256, 512, 2048, 0, "512, 1024 or 2048 MiB"),
        (512, 1024, 4096, 1024, "1024 to 4096 MiB in steps of 1024"),
        (1024, 2048, 8192, 1024, "2048 to 8192 MiB in steps of 1024"),
        (2048, 4096, 16384, 1024, "4096 to 16384 MiB in steps of 1024"),
        (4096, 8192, 30720, 1024, "8192 to 30720 MiB in steps of 1024"),
        (8192, 16384, 61440, 4096, "16384 to 61440 MiB in steps of 4096"),
        (16384, 32768, 122880, 8192, "32768 to 122880 MiB in steps of 8192"),
    ];

    private FargateContainerTask(FargateTaskDefinition taskDefinition, ContainerDefinition container, LogGroup logGroup, CapacityProviderStrategy[] strategy)
    {
        TaskDefinition = taskDefinition;
        Container = container;
        LogGroup = logGroup;
        CapacityProviderStrategies = strategy;
    }

    public FargateTaskDefinition TaskDefinition { get; }

    public ContainerDefinition Container { get; }

    public LogGroup LogGroup { get; }

    public CapacityProviderStrategy[] CapacityProviderStrategies { get; }

    /// <summary>
    /// Explains the wildcard findings ECS Exec brings to the task role's policy (call after the service or task
    /// turned exec on, which is when CDK writes those statements).
    /// </summary>
    public void SuppressExecuteCommandFindings(string ownerPath, ContainerCluster cluster)
    {
        if (TaskDefinition.TaskRole.Node.TryFindChild("DefaultPolicy") is Policy execPolicy)
        {
            var findings = new List<string> { "Resource::*" };
            if (cluster.ExecuteCommandLogGroup?.Node.DefaultChild is CfnElement logGroup)
            {
                // The log-stream actions name the audit log group's streams, which IAM writes as <group ARN>:*.
                findings.Add(NagSuppressions.LogStreamsFinding(Stack.Of(TaskDefinition), logGroup));
            }

            NagSuppressions.Suppress((CfnResource)execPolicy.Node.DefaultChild!, new NagSuppression("AwsSolutions-IAM5",
                $"ECS Exec is on for {ownerPath}: the task role needs ssmmessages:* channel actions and logs:DescribeLogGroups, which IAM offers on Resource * only, and writes its session logs to the streams (log-group:<name>:*) of the cluster's audit log group only; the KMS grant names the cluster's exec key.",
                findings.ToArray()));
        }
    }

    /// <summary>Records every problem with the settings.</summary>
    public static void Validate(PropValidator v, FargateWorkloadProps s, int? containerPort)
    {
        ValidateSize(v, s.Cpu ?? DefaultCpu, s.MemoryLimitMiB ?? DefaultMemoryMiB, s.Cpu is null);
        v.Range("ContainerPort", containerPort, 1, MaxPort);
        v.Range(nameof(s.StopTimeoutSeconds), s.StopTimeoutSeconds, MinStopTimeout, MaxStopTimeout, "seconds (Fargate's limit)");
        LogRetentionPeriods.Validate(v, nameof(s.LogRetentionDays), s.LogRetentionDays);

        if (s.ExecuteCommand == true && !s.Cluster.ExecuteCommandEnabled)
        {
            v.FailWith($"{nameof(s.ExecuteCommand)} = true needs a cluster with ECS Exec set up; create the ContainerCluster with ExecuteCommand = true or drop {nameof(s.ExecuteCommand)}.");
        }

        if (s.ExecuteCommand == true && s.ReadOnlyRootFilesystem != false)
        {
            // The SSM agent ECS Exec injects writes its state and logs inside the container (ECS developer guide,
            // "Monitor Amazon ECS containers with ECS Exec": a read-only root filesystem is not supported).
            v.FailWith($"{nameof(s.ExecuteCommand)} = true needs {nameof(s.ReadOnlyRootFilesystem)} = false (ECS Exec's SSM agent writes inside the container, which a read-only root filesystem prevents); set {nameof(s.ReadOnlyRootFilesystem)} = false or drop {nameof(s.ExecuteCommand)}.");
        }

        if (s.Environment is { } env && s.Secrets is { } secrets)
        {
            foreach (var name in env.Keys.Where(secrets.ContainsKey).Order(StringComparer.Ordinal))
            {
                v.FailWith($"\"{name}\" is set in both {nameof(s.Environment)} and {nameof(s.Secrets)}; ECS allows a variable once, drop one of them.");
            }
        }

        if (s.WritablePaths is { } paths)
        {
            if (s.ReadOnlyRootFilesystem == false && paths.Count > 0)
            {
                v.FailWith($"{nameof(s.WritablePaths)} is set while {nameof(s.ReadOnlyRootFilesystem)} = false; the whole filesystem is writable already, drop {nameof(s.WritablePaths)}.");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < paths.Count; i++)
            {
                var p = paths[i];
                if (PropValidator.IsToken(p))
                {
                    continue;
                }

                if (string.IsNullOrEmpty(p) || p[0] != '/' || p == "/")
                {
                    v.Fail($"{nameof(s.WritablePaths)}[{i}]", p, "allowed: an absolute container path below the root, such as \"/tmp\".");
                }
                else if (!seen.Add(p))
                {
                    v.Fail($"{nameof(s.WritablePaths)}[{i}]", p, "each path may appear once.");
                }
            }
        }

        v.Range(nameof(s.OnDemandBase), s.OnDemandBase, 0, EcsLimits.MaxCapacityBase, "tasks");
        v.Range(nameof(s.OnDemandWeight), s.OnDemandWeight, 0, EcsLimits.MaxCapacityWeight);
        v.Range(nameof(s.SpotWeight), s.SpotWeight, 0, EcsLimits.MaxCapacityWeight);
        if (s.SpotWeight is > 0 && (s.CpuArchitecture ?? TaskCpuArchitecture.Arm64) == TaskCpuArchitecture.Arm64)
        {
            v.FailWith($"{nameof(s.SpotWeight)} = {s.SpotWeight} needs {nameof(s.CpuArchitecture)} = X64: Fargate Spot does not run ARM64 tasks. Set {nameof(s.CpuArchitecture)} = TaskCpuArchitecture.X64 or drop {nameof(s.SpotWeight)}.");
        }

        if (s.OnDemandWeight == 0 && (s.SpotWeight ?? 0) == 0)
        {
            v.FailWith($"{nameof(s.OnDemandWeight)} and {nameof(s.SpotWeight)} are both 0; ECS needs a weight above 0 on at least one capacity provider.");
        }
    }

    /// <summary>Builds the log group, task definition, container and capacity provider strategy in <paramref name="scope"/>.</summary>
    public static FargateContainerTask Create(Construct scope, FargateWorkloadProps s, int? containerPort)
    {
        var logGroup = new LogGroup(scope, "Logs", new LogGroupProps
        {
            Retention = LogRetentionPeriods.FromDays(s.LogRetentionDays ?? DefaultLogRetentionDays),
            RemovalPolicy = s.RemovalPolicy ?? RemovalPolicy.RETAIN,
        });

        var taskDefinition = new FargateTaskDefinition(scope, "TaskDefinition", new FargateTaskDefinitionProps
        {
            Cpu = s.Cpu ?? DefaultCpu,
            MemoryLimitMiB = s.MemoryLimitMiB ?? DefaultMemoryMiB,
            RuntimePlatform = new RuntimePlatform
            {
                CpuArchitecture = (s.CpuArchitecture ?? TaskCpuArchitecture.Arm64) == TaskCpuArchitecture.X64
                    ? Amazon.CDK.AWS.ECS.CpuArchitecture.X86_64
                    : Amazon.CDK.AWS.ECS.CpuArchitecture.ARM64,
                OperatingSystemFamily = OperatingSystemFamily.LINUX,
            },
        });

        var readOnlyRoot = s.ReadOnlyRootFilesystem ?? true;
        var container = taskDefinition.AddContainer("Container", new ContainerDefinitionOptions
        {
            ContainerName = ContainerName,
            Image = s.Image,
            Environment = s.Environment is { Count: > 0 } env ? new Dictionary<string, string>(env) : null,
            Secrets = s.Secrets is { Count: > 0 } secrets ? new Dictionary<string, Secret>(secrets) : null,
            Command = s.Command is { Count: > 0 } command ? command.ToArray() : null,
            ReadonlyRootFilesystem = readOnlyRoot,
            User = s.User,
            StopTimeout = Duration.Seconds(s.StopTimeoutSeconds ?? DefaultStopTimeoutSeconds),
            HealthCheck = s.ContainerHealthCheck,
            Essential = true,
            PortMappings = containerPort is { } port
                ? [new PortMapping { ContainerPort = port, Protocol = Amazon.CDK.AWS.ECS.Protocol.TCP }]
                : null,
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps
            {
                StreamPrefix = ContainerName,
                // A full log buffer drops lines instead of blocking the application's stdout (ECS's own
                // default since 2025); a stalled web server is worse than a gap in its logs.
                Mode = AwsLogDriverMode.NON_BLOCKING,
            }.WithLogGroup(logGroup)),
        });

        if (s.Environment is { Count: > 0 })
        {
            NagSuppressions.Suppress((CfnResource)taskDefinition.Node.DefaultChild!, ("AwsSolutions-ECS2",
                $"The environment of the {ContainerName} container of {scope.Node.Path} holds only the plain settings its Environment prop was given ({string.Join(", ", s.Environment.Keys.Order(StringComparer.Ordinal))}); secret values reach it from Secrets Manager or SSM through the Secrets prop."));
        }

        if (readOnlyRoot && s.WritablePaths is { Count: > 0 } paths)
        {
            for (var i = 0; i < paths.Count; i++)
            {
                // A volume with no host or EFS configuration is task storage: empty at start, gone with the task.
                var volume = $"scratch{i}";
                taskDefinition.AddVolume(new Amazon.CDK.AWS.ECS.Volume { Name = volume });
                container.AddMountPoints(new MountPoint { ContainerPath = paths[i], SourceVolume = volume, ReadOnly = false });
            }
        }

        // The awslogs driver has just granted the execution role its log-stream rights, so the policy exists. An image
        // from ECR (a repository or an asset) adds ecr:GetAuthorizationToken, an action with no resource-level permissions.
        if (taskDefinition.ExecutionRole?.Node.TryFindChild("DefaultPolicy") is Amazon.CDK.AWS.IAM.Policy policy)
        {
            NagSuppressions.Suppress((CfnResource)policy.Node.DefaultChild!, new NagSuppression("AwsSolutions-IAM5",
                $"The execution role of {scope.Node.Path} calls ecr:GetAuthorizationToken to pull its image; IAM offers that action on Resource * only, and every other grant of this policy names its log group, repository or secret.",
                ["Resource::*"]));
        }

        return new FargateContainerTask(taskDefinition, container, logGroup, Strategy(s));
    }

    private static CapacityProviderStrategy[] Strategy(FargateWorkloadProps s)
    {
        var onDemand = new CapacityProviderStrategy
        {
            CapacityProvider = EcsLimits.Fargate,
            Base = s.OnDemandBase ?? DefaultOnDemandBase,
            Weight = s.OnDemandWeight ?? 1,
        };
        return s.SpotWeight is > 0 and var spot
            ? [onDemand, new CapacityProviderStrategy { CapacityProvider = EcsLimits.FargateSpot, Weight = spot }]
            : [onDemand];
    }

    private static void ValidateSize(PropValidator v, int cpu, int memory, bool cpuDefaulted)
    {
        var size = FargateSizes.FirstOrDefault(f => f.Cpu == cpu);
        if (size.Cpu == 0)
        {
            v.Fail("Cpu", cpu, $"allowed: {string.Join(", ", FargateSizes.Select(f => f.Cpu))} CPU units (Fargate task sizes).");
            return;
        }

        var ok = size.Step == 0
            ? memory is 512 or 1024 or 2048
            : memory >= size.Min && memory <= size.Max && (memory - size.Min) % size.Step == 0;
        if (!ok)
        {
            var cpuText = cpuDefaulted ? $"the default Cpu = {cpu}" : $"Cpu = {cpu}";
            v.FailWith($"MemoryLimitMiB = {memory} is not valid with {cpuText}; Fargate allows {size.Text}.");
        }
    }
}
