using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SQS;
using ContainerPatterns.Ecs;

namespace ContainerPatterns.Events;

/// <summary>
/// What a one-off Fargate task started by EventBridge exposes, whether a rule (<see cref="EventTriggeredTask"/>) or
/// Scheduler (<see cref="ScheduledTask"/>) starts it: its task definition, container, logs, the role EventBridge assumes,
/// the dead-letter queue of runs that could not start and its alarm, the task group, and the task role and security
/// groups for grants and connections.
/// </summary>
public abstract class OneOffTask : Construct, IGrantable, IConnectable
{
    /// <summary>
    /// The id of the warning a one-off task raises at synth when its given dead-letter queue is encrypted with a KMS key
    /// this app does not define, whose policy cannot be checked (it must let EventBridge, or Scheduler's role, use the
    /// key); acknowledge it with <c>Annotations.Of(task).AcknowledgeWarning(OneOffTask.DeadLetterQueueKeyWarningId, "why")</c>.
    /// </summary>
    public const string DeadLetterQueueKeyWarningId = "ContainerPatterns:EventTarget:DeadLetterQueueKey";

    /// <summary>Adds the construct to the tree; only the constructs of this library derive from it.</summary>
    private protected OneOffTask(Construct scope, string id)
        : base(scope, id)
    {
    }

    /// <summary>The task definition (add sidecars with <c>AddContainer</c>).</summary>
    public FargateTaskDefinition TaskDefinition { get; private set; } = null!;

    /// <summary>The application container, named <c>app</c>.</summary>
    public ContainerDefinition Container { get; private set; } = null!;

    /// <summary>The container's log group.</summary>
    public ILogGroup LogGroup { get; private set; } = null!;

    /// <summary>The role EventBridge assumes to run the task (Scheduler also sends failed runs to the dead-letter queue with it).</summary>
    public IRole RunTaskRole { get; private set; } = null!;

    /// <summary>The dead-letter queue of runs that could not start a task (given or created); the remarks of <see cref="EventTriggeredTask"/> and <see cref="ScheduledTask"/> say how to read it back and redrive.</summary>
    public IQueue DeadLetterQueue { get; private set; } = null!;

    /// <summary>The alarm on the dead-letter queue's depth; null when turned off.</summary>
    public Alarm? DeadLetterQueueAlarm { get; private set; }

    /// <summary>The ECS task group of the tasks, <c>family:&lt;family&gt;</c>: pass it to <see cref="TaskFailureAlertsProps.TaskGroups"/> to be told when one fails.</summary>
    public string TaskGroup { get; private set; } = string.Empty;

    /// <summary>The task role: grant it what the application calls.</summary>
    public IPrincipal GrantPrincipal => TaskDefinition.TaskRole;

    /// <summary>The tasks' security groups: allow them to reach databases and other services.</summary>
    public Connections_ Connections { get; private set; } = null!;

    /// <summary>Exposes what the built one-off task piece made.</summary>
    private protected void Expose(OneOffTaskPiece task)
    {
        TaskDefinition = task.Task.TaskDefinition;
        Container = task.Task.Container;
        LogGroup = task.Task.LogGroup;
        RunTaskRole = task.RunTaskRole;
        DeadLetterQueue = task.Delivery.Queue;
        DeadLetterQueueAlarm = task.Delivery.Alarm;
        TaskGroup = task.TaskGroup;
        Connections = new Connections_(new ConnectionsProps { SecurityGroups = task.SecurityGroups });
        task.Task.Connect(this, Connections);
    }
}
