using Amazon.CDK;
using Amazon.CDK.AWS.ECS;

namespace ContainerPatterns.Ecs;

/// <summary>
/// The properties every Fargate workload of the library shares: placement, the container and its task
/// definition, logging, capacity (on-demand and Spot) and ECS Exec. <see cref="LoadBalancedWebServiceProps"/>
/// derives from it, and so will the queue worker's and the scheduled task's props; one internal piece validates
/// and builds them for all.
/// </summary>
public abstract class FargateWorkloadProps
{
    /// <summary>The cluster the tasks run on; its VPC's private subnets hold them.</summary>
    public required ContainerCluster Cluster { get; init; }

    /// <summary>The container image: any <see cref="ContainerImage"/>, e.g. <c>ContainerImage.FromEcrRepository(...)</c> or <c>ContainerImage.FromAsset(dir)</c>.</summary>
    public required ContainerImage Image { get; init; }

    /// <summary>Task CPU in CPU units (1024 = 1 vCPU): 256, 512, 1024, 2048, 4096, 8192 or 16384. Default: 512.</summary>
    public int? Cpu { get; init; }

    /// <summary>Task memory in MiB; must be one Fargate offers with <see cref="Cpu"/> (e.g. 1024–4096 in steps of 1024 for 512). Default: 1024 MiB.</summary>
    public int? MemoryLimitMiB { get; init; }

    /// <summary>The CPU architecture; the image must be built for it. Default: <see cref="TaskCpuArchitecture.Arm64"/> (Graviton).</summary>
    public TaskCpuArchitecture? CpuArchitecture { get; init; }

    /// <summary>Plain (non-secret) environment variables of the container. Default: none.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>
    /// Environment variables read at task start from Secrets Manager or SSM Parameter Store
    /// (<c>Secret.FromSecretsManager</c>, <c>Secret.FromSsmParameter</c>); the task's execution role is granted read
    /// access to each. A name may not also be in <see cref="Environment"/>. Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, Secret>? Secrets { get; init; }

    /// <summary>The container command, replacing the image's CMD. Default: the image's CMD.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Whether the container's root filesystem is read-only. Default: true (use <see cref="WritablePaths"/> for scratch space).</summary>
    public bool? ReadOnlyRootFilesystem { get; init; }

    /// <summary>
    /// Absolute container paths (e.g. <c>/tmp</c>) that get an empty, writable task-storage volume each, for a
    /// read-only root filesystem; the data lives as long as the task. The volume is owned by root with mode 0755
    /// unless the image declares the path with <c>VOLUME</c> (after setting its permissions, e.g. <c>chmod 1777 /tmp</c>),
    /// so a non-root container user needs that declaration to write there. Default: none.
    /// </summary>
    public IReadOnlyList<string>? WritablePaths { get; init; }

    /// <summary>The user (name, uid or uid:gid) the container runs as. Default: the image's USER.</summary>
    public string? User { get; init; }

    /// <summary>Seconds ECS waits after SIGTERM before killing the container, 2–120. Default: 30 seconds.</summary>
    public int? StopTimeoutSeconds { get; init; }

    /// <summary>A Docker health check run inside the container (the image must contain the command it runs). Default: none (for a web service, the load balancer's health check decides).</summary>
    public Amazon.CDK.AWS.ECS.HealthCheck? ContainerHealthCheck { get; init; }

    /// <summary>How long container logs are kept, in days; one of CloudWatch Logs' retention periods. Default: 30 days.</summary>
    public int? LogRetentionDays { get; init; }

    /// <summary>What happens to the log group, and the workload's other data resources (e.g. a web service's access-log bucket), when they leave the stack. Default: <see cref="RemovalPolicy.RETAIN"/>.</summary>
    public RemovalPolicy? RemovalPolicy { get; init; }

    /// <summary>Tasks that always run on on-demand FARGATE before weights apply, 0–100,000. Default: 1.</summary>
    public int? OnDemandBase { get; init; }

    /// <summary>Relative share of tasks beyond the base on on-demand FARGATE, 0–1000. Default: 1.</summary>
    public int? OnDemandWeight { get; init; }

    /// <summary>
    /// Relative share of tasks beyond the base on FARGATE_SPOT, 0–1000 (e.g. 3 with <see cref="OnDemandWeight"/> 1
    /// puts three in four extra tasks on Spot). Spot runs X64 tasks only. Default: 0 (no Spot).
    /// </summary>
    public int? SpotWeight { get; init; }

    /// <summary>
    /// Whether ECS Exec is on for the tasks; the cluster must have been created with <c>ExecuteCommand = true</c>, whose
    /// key and audit log group it uses, and <see cref="ReadOnlyRootFilesystem"/> must be false (ECS Exec's agent writes
    /// inside the container). Default: false.
    /// </summary>
    public bool? ExecuteCommand { get; init; }
}
