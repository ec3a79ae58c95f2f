using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SQS;

namespace ContainerPatterns.Ecs;

/// <summary>
/// A Fargate service that works through an SQS queue and scales on its backlog per task, down to zero, without
/// losing messages: the queue (given, or created with SSE-SQS, TLS-only access, long polling and a dead-letter queue
/// with an alarm), tasks in private subnets with the queue's URL in <see cref="QueueUrlVariable"/> and a task role
/// that may consume that queue only, and target tracking on visible messages per running task, kept at the backlog a
/// task works through within the acceptable latency.
/// </summary>
/// <remarks>
/// <para><b>Which metric the backlog divides by.</b> The policy's metric math is <c>visible / tasks</c>: the queue's
/// <c>AWS/SQS ApproximateNumberOfMessagesVisible</c> (maximum) divided by the service's <c>ECS/ContainerInsights
/// RunningTaskCount</c> (average), which only a cluster with Container Insights publishes (<c>ContainerCluster</c> has
/// it on by default). A cluster of this app with Container Insights disabled is refused at synth; for an imported
/// cluster, or a CDK cluster left to the account's default, the service warns (id
/// <c>ContainerPatterns:QueueWorkerService:TaskCountMetric</c>, which <c>Annotations.Of(worker).AcknowledgeWarning(...)</c>
/// silences). On a cluster without it the backlog has no data: target tracking does nothing, and with
/// <c>MinTasks = 0</c> the scale-from-zero policy starts one task that then stays. <c>AWS/ECS CPUUtilization</c>'s
/// SampleCount is sometimes used as a task count without Container Insights; ECS documents it as a count of
/// aggregated samples rather than of tasks, so this service does not divide by it.</para>
/// <para><b>Scaling from and to zero.</b> Target tracking cannot scale out from zero tasks (its metric has no tasks to
/// divide by), so with <c>MinTasks = 0</c> a step policy sets the task count to exactly 1 when messages are visible
/// while no task runs; target tracking takes over from there, and scales back to zero after the queue has stayed empty
/// for about 15 minutes.</para>
/// <para><b>Graceful work.</b> Scaling never stops a task that holds a message if the worker protects itself: the
/// task role may call the ECS agent's task scale-in protection endpoint (<c>PUT $ECS_AGENT_URI/task-protection/v1/state</c>
/// with <c>{"ProtectionEnabled": true, "ExpiresInMinutes": n}</c>), which keeps scale-in and deployments away from the
/// task while it is on. Protect per message (or per batch): turn it on before receiving, so no message is held
/// unprotected, and off after each message is deleted, so that between messages, even under a steady backlog, the task
/// can be replaced; a worker that keeps protection across messages stalls deployments and scale-in. SIGTERM (a Spot interruption, a manual stop) leaves the task 120
/// seconds by default to finish its message; a message it cannot finish becomes visible again after the visibility
/// timeout, and after <c>MaxReceiveCount</c> receives it moves to the dead-letter queue. The reference worker in
/// <c>examples/QueueWorker</c> shows all of this.</para>
/// </remarks>
public sealed class QueueWorkerService : Construct, IGrantable, IConnectable
{
    /// <summary>
    /// The id of the warning a service raises at synth when it cannot tell whether its cluster publishes Container
    /// Insights' running task count (see the remarks); acknowledge it with <c>Annotations.Of(worker).AcknowledgeWarning(...)</c>.
    /// </summary>
    public const string TaskCountWarningId = "ContainerPatterns:QueueWorkerService:TaskCountMetric";

    /// <summary>
    /// The id of the warning a service raises at synth when the queue it is given is a queue of this app without a
    /// dead-letter queue; acknowledge it with <c>Annotations.Of(worker).AcknowledgeWarning(...)</c>.
    /// </summary>
    public const string NoDeadLetterQueueWarningId = "ContainerPatterns:QueueWorkerService:NoDeadLetterQueue";

    /// <summary>The environment variable that holds the queue's URL in the container.</summary>
    public const string QueueUrlVariable = "QUEUE_URL";

    // The worker's task defaults: the smallest Fargate size (throughput comes from more tasks), and the longest stop
    // timeout Fargate allows, so a task can finish the message it holds.
    private static readonly TaskDefaults Defaults = new(Cpu: 256, MemoryMiB: 512, StopTimeoutSeconds: 120);

    /// <summary>Creates the queue worker service.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public QueueWorkerService(Construct scope, string id, QueueWorkerServiceProps props)
        : base(scope, id)
    {
        var v = new PropValidator(scope, id);
        v.ThrowIfPropsMissing(props, nameof(QueueWorkerServiceProps));
        var service = ServicePiece.Resolve(props, Defaults);
        var queue = WorkerQueue.Resolve(props);
        var scaling = BacklogScaling.Resolve(props);
        service.Validate(v);
        queue.Validate(v);
        scaling.Validate(v);
        v.ThrowIfAny();

        Queue = queue.Build(this, service.Task.Removal);
        Service = service.Build(this, desiredCount: null, healthCheckGracePeriod: null,
            [new ConstructVariable(QueueUrlVariable, Queue.QueueUrl, "the URL of the queue it consumes")]);
        TaskDefinition = service.Task.TaskDefinition;
        Queue.GrantConsumeMessages(TaskDefinition.TaskRole);
        BacklogScaling.GrantTaskProtection(this, TaskDefinition.TaskRole, props.Cluster);
        ScalableTaskCount = scaling.Build(this, Service, Queue, props.Cluster);
        Alarms = queue.BuildAlarms(this);

        Container = service.Task.Container;
        LogGroup = service.Task.LogGroup;
        DeadLetterQueue = queue.DeadLetterQueue;
        DeadLetterQueueAlarm = queue.DeadLetterQueueAlarm;
        BacklogPerTaskTarget = scaling.TargetValue;
        BacklogScalingPolicy = scaling.BacklogPolicy;
        ScaleFromZeroAlarm = scaling.ScaleFromZeroAlarm;
        service.Task.Connect(this, Service.Connections);
    }

    /// <summary>The queue the service consumes (given or created; with its metric helpers).</summary>
    public IQueue Queue { get; }

    /// <summary>The dead-letter queue (created, given, or the given queue's own when it is a queue of this app); null when the service knows none.</summary>
    public IQueue? DeadLetterQueue { get; }

    /// <summary>The ECS service (with its metric helpers, e.g. <c>MetricCpuUtilization</c>).</summary>
    public FargateService Service { get; }

    /// <summary>The task definition (add sidecars with <c>AddContainer</c>).</summary>
    public FargateTaskDefinition TaskDefinition { get; }

    /// <summary>The worker container, named <c>app</c>.</summary>
    public ContainerDefinition Container { get; }

    /// <summary>The container's log group.</summary>
    public ILogGroup LogGroup { get; }

    /// <summary>The service's scalable task count (add more policies with its <c>ScaleOn*</c> methods).</summary>
    public ScalableTaskCount ScalableTaskCount { get; }

    /// <summary>The target-tracking policy on backlog per task (metric math), under the scalable target.</summary>
    public CfnScalingPolicy BacklogScalingPolicy { get; }

    /// <summary>The backlog per task the service keeps (given, or computed from the latency and processing time).</summary>
    public double BacklogPerTaskTarget { get; }

    /// <summary>The alarm whose step policy starts the first task when messages wait while none runs; null when <c>MinTasks</c> is above 0.</summary>
    public Alarm? ScaleFromZeroAlarm { get; }

    /// <summary>Messages in the dead-letter queue at or above the threshold; null when turned off or when the service knows no dead-letter queue.</summary>
    public Alarm? DeadLetterQueueAlarm { get; }

    /// <summary>Every notification alarm that was created (not the scaling alarms).</summary>
    public IReadOnlyList<Alarm> Alarms { get; }

    /// <summary>The task role: grant it what the worker calls besides its queue.</summary>
    public IPrincipal GrantPrincipal => TaskDefinition.TaskRole;

    /// <summary>The service's security groups: allow it to reach databases and other services.</summary>
    public Connections_ Connections => Service.Connections;
}
