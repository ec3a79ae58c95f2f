using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.Logs;

namespace ContainerPatterns.Ecs;

/// <summary>
/// What every Fargate workload of the library shares, services and one-off tasks alike: where its tasks run
/// (cluster, subnets, security groups), the container and its task definition, logging, and the on-demand/Spot
/// weights. One internal piece validates and builds these for every construct. Where a default depends on the
/// construct, each prop lists the value per construct.
/// </summary>
/// <remarks>
/// <para>Conventions of the whole library: times are <see cref="Duration"/>s, numbers are <c>double?</c> as CDK
/// takes them (so they may come from tokens; a plain value is checked as a whole number where the service needs
/// one), log retention is CDK's <see cref="RetentionDays"/>, and what you already have is taken as CDK's interfaces
/// (<see cref="ICluster"/>, <see cref="ISecurityGroup"/>, <see cref="ISubnetSelection"/>). Unresolved tokens are
/// never checked at synth.</para>
/// <para>A cluster you bring (<c>Cluster.FromClusterAttributes</c>, or a CDK <c>Cluster</c>) must have the FARGATE
/// capacity provider associated (and FARGATE_SPOT when <see cref="SpotWeight"/> is above 0): a CDK <c>Cluster</c>
/// in the same app is checked at synth (create it with <c>EnableFargateCapacityProviders = true</c>); an imported
/// one cannot be checked, and a deployment fails if it lacks them.</para>
/// </remarks>
public abstract class WorkloadProps
{
    /// <summary>
    /// The id of the warning a workload raises at synth when it puts ARM64 tasks on Fargate Spot in a China region (a
    /// concrete stack region starting with <c>cn-</c>), whose ECS guide still says Fargate Spot runs X86_64 tasks only;
    /// acknowledge it with <c>Annotations.Of(workload).AcknowledgeWarning(WorkloadProps.SpotArm64InChinaWarningId, "why")</c>.
    /// </summary>
    public const string SpotArm64InChinaWarningId = "ContainerPatterns:Workload:SpotArm64InChina";

    /// <summary>Only the props classes of this library derive from it.</summary>
    private protected WorkloadProps()
    {
    }

    /// <summary>
    /// The ECS cluster the tasks run on: <c>ContainerCluster.Cluster</c>, a CDK <c>Cluster</c>, or one imported with
    /// <c>Cluster.FromClusterAttributes</c> (which must include its <c>Vpc</c>). Its VPC holds the tasks.
    /// </summary>
    public required ICluster Cluster { get; init; }

    /// <summary>
    /// The subnets the tasks run in. Tasks never get a public IP address, so these subnets need a route to ECR,
    /// CloudWatch Logs and whatever else the tasks call: a NAT gateway, or VPC endpoints for isolated subnets (name
    /// them, e.g. <c>new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED }</c>). Public subnets are
    /// refused. Default: the private subnets with egress of the cluster's VPC.
    /// </summary>
    public ISubnetSelection? TaskSubnets { get; init; }

    /// <summary>
    /// Security groups for the tasks, 1–5 (the limit of a network interface). Default: one is created that allows
    /// all outbound traffic and no inbound traffic, except what the construct opens (e.g. from its load balancer).
    /// </summary>
    public IReadOnlyList<ISecurityGroup>? SecurityGroups { get; init; }

    /// <summary>The container image: any <see cref="ContainerImage"/>, e.g. <c>ContainerImage.FromEcrRepository(...)</c> or <c>ContainerImage.FromAsset(dir)</c>.</summary>
    public required ContainerImage Image { get; init; }

    /// <summary>Task CPU in CPU units (1024 = 1 vCPU): 256, 512, 1024, 2048, 4096, 8192 or 16384. Default: 512 (LoadBalancedWebService, EventTriggeredTask, ScheduledTask), 256 (QueueWorkerService).</summary>
    public double? Cpu { get; init; }

    /// <summary>Task memory in MiB; must be one Fargate offers with <see cref="Cpu"/> (e.g. 1024–4096 in steps of 1024 for 512). Default: 1024 MiB (LoadBalancedWebService, EventTriggeredTask, ScheduledTask), 512 MiB (QueueWorkerService).</summary>
    public double? MemoryLimitMiB { get; init; }

    /// <summary>
    /// The hard memory limit in MiB of the <c>app</c> container: ECS kills it when it uses more. From 6 MiB (the least
    /// Docker 20.10 and later reserves for a container) to <see cref="MemoryLimitMiB"/>; lower it when sidecars added with
    /// <c>TaskDefinition.AddContainer</c> take hard limits of their own, because ECS refuses a task definition whose
    /// containers together reserve more than the task has. Default: the task's memory (<see cref="MemoryLimitMiB"/>), so
    /// the container may use all of it; AWS Control Tower's CT.ECS.PR.7 asks for a hard limit on every container.
    /// </summary>
    public double? ContainerMemoryLimitMiB { get; init; }

    /// <summary>The CPU architecture; the image must be built for it. Default: <see cref="TaskCpuArchitecture.Arm64"/> (Graviton).</summary>
    public TaskCpuArchitecture? CpuArchitecture { get; init; }

    /// <summary>
    /// Plain (non-secret) environment variables of the container. A name may not be empty or blank (ECS refuses it)
    /// or contain '='. Default: none.
    /// </summary>
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

    /// <summary>
    /// How long ECS waits after SIGTERM before it kills the container, a whole number of seconds from 2 to 120
    /// (Fargate's limit). Default: 30 seconds (LoadBalancedWebService); 120 seconds (QueueWorkerService, EventTriggeredTask,
    /// ScheduledTask: the most Fargate allows and the length of a Spot interruption notice, so a worker or one-off task can
    /// finish or hand back the work it holds).
    /// </summary>
    public Duration? StopTimeout { get; init; }

    /// <summary>A Docker health check run inside the container (the image must contain the command it runs). Default: none (for a web service, the load balancer's health check decides).</summary>
    public Amazon.CDK.AWS.ECS.HealthCheck? ContainerHealthCheck { get; init; }

    /// <summary>How long container logs are kept. <see cref="RetentionDays.INFINITE"/> keeps them forever. Default: <see cref="RetentionDays.ONE_MONTH"/> (30 days).</summary>
    public RetentionDays? LogRetention { get; init; }

    /// <summary>
    /// What happens to the log group, and the workload's other data resources (e.g. a web service's access-log
    /// bucket, a queue worker's queue and dead-letter queue), when they leave the stack. Default: <see cref="RemovalPolicy.RETAIN"/>.
    /// </summary>
    public RemovalPolicy? RemovalPolicy { get; init; }

    /// <summary>Relative share of tasks (beyond a service's on-demand base) on on-demand FARGATE, 0–1000. Default: 1.</summary>
    public double? OnDemandWeight { get; init; }

    /// <summary>
    /// Relative share of tasks (beyond a service's on-demand base) on FARGATE_SPOT, 0–1000 (e.g. 3 with
    /// <see cref="OnDemandWeight"/> 1 puts three in four tasks on Spot). Spot runs Arm64 and Amd64 tasks (ARM64 on
    /// Fargate platform version 1.4.0 or later, which these tasks use; in the China regions, whose guide still says
    /// X86_64 only, a known <c>cn-</c> stack region raises the warning <see cref="SpotArm64InChinaWarningId"/>). AWS may
    /// stop a Spot task with two minutes' notice. Default: 0 (no Spot).
    /// </summary>
    public double? SpotWeight { get; init; }
}

/// <summary>
/// What long-running Fargate services share on top of <see cref="WorkloadProps"/>: the on-demand base,
/// deployment limits and ECS Exec. A deployment always runs with the circuit breaker and rollback on.
/// </summary>
public abstract class ServiceWorkloadProps : WorkloadProps
{
    /// <summary>Only the props classes of this library derive from it.</summary>
    private protected ServiceWorkloadProps()
    {
    }

    /// <summary>Tasks that always run on on-demand FARGATE before the weights apply, 0–100,000. Default: 1 (Spot interruptions never take the last task).</summary>
    public double? OnDemandBase { get; init; }

    /// <summary>Lower limit of running tasks during a deployment, as a percentage of the desired count, 0–100. Default: 100%.</summary>
    public double? MinHealthyPercent { get; init; }

    /// <summary>Upper limit of running tasks during a deployment, as a percentage of the desired count, at least 100 and above <see cref="MinHealthyPercent"/>. Default: 200%.</summary>
    public double? MaxHealthyPercent { get; init; }

    /// <summary>
    /// Whether ECS Exec is on for the tasks. The cluster must have an ECS Exec configuration (a <c>ContainerCluster</c>
    /// created with <c>ExecuteCommand = true</c>, or a cluster with <c>ExecuteCommandConfiguration</c> set), whose key
    /// and audit log group the tasks use, and <see cref="WorkloadProps.ReadOnlyRootFilesystem"/> must be false
    /// (ECS Exec's agent writes inside the container). The container's init process is turned on with it, as the ECS
    /// guide recommends, so the sessions' processes are reaped. Default: false.
    /// </summary>
    public bool? ExecuteCommand { get; init; }
}
