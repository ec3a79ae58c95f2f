using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using ContainerPatterns.Ecs;

namespace ContainerPatterns.Events;

/// <summary>
/// What a one-off Fargate task started by EventBridge (a rule or Scheduler) has on top of <see cref="FargateTaskPiece"/>:
/// capacity weights without an on-demand base, the delivery settings (retries, dead-letter queue and its alarm), the
/// task security groups, and the role the service assumes to run the task (<c>RunTaskRole</c>), limited to this task
/// definition's family in this cluster and to passing the task's two roles.
/// </summary>
internal sealed class OneOffTaskPiece
{
    /// <summary>
    /// One-off task defaults: 0.5 vCPU, 1 GiB, and the longest stop timeout Fargate allows, so a task interrupted (a
    /// Spot reclaim gives two minutes' notice) has time to finish or hand back its work.
    /// </summary>
    public static readonly TaskDefaults Defaults = new(Cpu: 512, MemoryMiB: 1024, StopTimeoutSeconds: 120);

    private OneOffTaskPiece(OneOffTaskProps props, DeadLetterSender sender)
    {
        Task = FargateTaskPiece.Resolve(props, Defaults, FargateTaskPiece.CapacityOf(props, onDemandBase: null));
        Delivery = EventTargetDelivery.Resolve(new DeliveryProps(
            props.RetryAttempts,
            props.MaximumEventAge,
            props.DeadLetterQueue,
            props.DeadLetterQueueRetention,
            props.DeadLetterQueueAlarm,
            props.AlarmTopic,
            props.RemovalPolicy,
            sender));
    }

    /// <summary>The task piece.</summary>
    public FargateTaskPiece Task { get; }

    /// <summary>Retries and the dead-letter queue.</summary>
    public EventTargetDelivery Delivery { get; }

    /// <summary>The role EventBridge or Scheduler assumes to run the task (after <see cref="Build"/>).</summary>
    public Role RunTaskRole { get; private set; } = null!;

    /// <summary>The task security groups (after <see cref="Build"/>).</summary>
    public ISecurityGroup[] SecurityGroups { get; private set; } = [];

    /// <summary>The ids of the task subnets (after <see cref="Build"/>).</summary>
    public string[] SubnetIds { get; private set; } = [];

    /// <summary>The task as EventBridge and Scheduler targets run it (after <see cref="Build"/>).</summary>
    public OneOffEcsTarget Target => new(
        Task.Placement.Cluster.ClusterArn,
        RunTaskRole.RoleArn,
        Task.TaskDefinition.TaskDefinitionArn,
        Task.Capacity,
        SubnetIds,
        SecurityGroups.Select(g => g.SecurityGroupId).ToArray(),
        Delivery);

    /// <summary>The ECS task group of the tasks, <c>family:&lt;family&gt;</c> (after <see cref="Build"/>).</summary>
    public string TaskGroup => "family:" + Task.TaskDefinition.Family;

    /// <summary>Resolves the task and delivery settings once; <paramref name="sender"/> says who sends failed runs to the dead-letter queue.</summary>
    public static OneOffTaskPiece Resolve(OneOffTaskProps props, DeadLetterSender sender) => new(props, sender);

    /// <summary>Records every problem with the task, placement, capacity and delivery settings.</summary>
    public void Validate(PropValidator v)
    {
        Task.Validate(v);
        Delivery.Validate(v);
    }

    /// <summary>
    /// Builds the task, its security groups, the dead-letter queue with its alarm, and the role <paramref name="servicePrincipal"/>
    /// assumes to run the task; <paramref name="startedBy"/> names what starts it, for descriptions.
    /// </summary>
    public void Build(Construct scope, string servicePrincipal, string startedBy)
    {
        Task.Build(scope);
        SecurityGroups = Task.Placement.SecurityGroupsOrNew(scope);
        SubnetIds = Task.Placement.Vpc.SelectSubnets(Task.Placement.Subnets).SubnetIds;
        Delivery.Build(scope, startedBy);
        RunTaskRole = BuildRole(scope, servicePrincipal, startedBy);
    }

    /// <summary>
    /// Explains the wildcard resources of the role's policy to cdk-nag; call after every statement is added.
    /// </summary>
    public void SuppressRoleFindings(Construct scope)
    {
        if (RunTaskRole.Node.TryFindChild("DefaultPolicy") is not Policy policy)
        {
            return;
        }

        var findings = NagFindings.WildcardResources(policy);
        if (findings.Length > 0)
        {
            NagSuppressions.Suppress((CfnResource)policy.Node.DefaultChild!, new NagSuppression("AwsSolutions-IAM5",
                $"The run-task role of {scope.Node.Path} may run every revision (task-definition/<family>:*, the form ECS authorizes RunTask against) of this one task definition family only, in its cluster only, and tag only the tasks it starts in that cluster (task/<cluster>/*, ids unknown before they start).",
                findings));
        }
    }

    private Role BuildRole(Construct scope, string servicePrincipal, string startedBy)
    {
        var stack = Stack.Of(scope);
        var taskDefinition = Task.TaskDefinition;
        var cluster = Task.Placement.Cluster;
        var role = new Role(scope, "RunTaskRole", new RoleProps
        {
            // The service may assume the role only on behalf of this account (no confused deputy).
            AssumedBy = new ServicePrincipal(servicePrincipal, new ServicePrincipalOpts
            {
                Conditions = new Dictionary<string, object>
                {
                    ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = stack.Account },
                },
            }),
            Description = $"Lets {startedBy} run the task of {scope.Node.Path}",
        });

        // ECS authorizes RunTask against task-definition/<family>:<revision> and, since its 2024 fix, asks policies to
        // name a revision or a wildcard for it: "<family>:*" keeps the grant valid across the revisions deployments
        // register, and covers no other family.
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "RunThisTaskDefinitionInThisCluster",
            Actions = ["ecs:RunTask"],
            Resources = [stack.FormatArn(new ArnComponents
            {
                Service = "ecs",
                Resource = "task-definition",
                ResourceName = taskDefinition.Family + ":*",
                ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
            })],
            Conditions = new Dictionary<string, object>
            {
                ["ArnEquals"] = new Dictionary<string, object> { ["ecs:cluster"] = cluster.ClusterArn },
            },
        }));

        var roles = new List<string> { taskDefinition.TaskRole.RoleArn };
        if (taskDefinition.ExecutionRole is { } execution)
        {
            roles.Insert(0, execution.RoleArn);
        }

        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "PassTheTaskRoles",
            Actions = ["iam:PassRole"],
            Resources = roles.ToArray(),
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["iam:PassedToService"] = "ecs-tasks.amazonaws.com" },
            },
        }));

        // The target propagates the task definition's tags to the task, which ECS authorizes as ecs:TagResource on
        // the new task (ecs:CreateAction = RunTask).
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "TagTheTasksItStarts",
            Actions = ["ecs:TagResource"],
            Resources = [stack.FormatArn(new ArnComponents
            {
                Service = "ecs",
                Resource = "task",
                ResourceName = cluster.ClusterName + "/*",
                ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
            })],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["ecs:CreateAction"] = "RunTask" },
            },
        }));
        return role;
    }
}
