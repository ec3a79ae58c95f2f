using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;

namespace ContainerPatterns.Ecs;

/// <summary>
/// The service layer on top of <see cref="FargateTaskPiece"/>: resolves <see cref="ServiceWorkloadProps"/> and
/// builds the Fargate service (<c>Service</c>) with the circuit breaker and rollback on, in the task subnets without
/// a public IP, on the capacity choice, after its cluster's capacity-provider association, and with ECS Exec when asked.
/// </summary>
internal sealed class ServicePiece
{
    /// <summary>Default on-demand base: one task always on FARGATE, so Spot interruptions never take the last task.</summary>
    public const double DefaultOnDemandBase = 1;

    private const double DefaultMinHealthyPercent = 100;
    private const double DefaultMaxHealthyPercent = 200;

    private readonly ServiceWorkloadProps _props;

    private ServicePiece(ServiceWorkloadProps props, FargateTaskPiece task)
    {
        _props = props;
        Task = task;
        MinHealthyPercent = props.MinHealthyPercent ?? DefaultMinHealthyPercent;
        MaxHealthyPercent = props.MaxHealthyPercent ?? DefaultMaxHealthyPercent;
        ExecuteCommand = props.ExecuteCommand ?? false;
        task.InitProcess = ExecuteCommand;
    }

    /// <summary>The task piece the service runs.</summary>
    public FargateTaskPiece Task { get; }

    /// <summary>Lower limit of running tasks during a deployment, in percent.</summary>
    public double MinHealthyPercent { get; }

    /// <summary>Upper limit of running tasks during a deployment, in percent.</summary>
    public double MaxHealthyPercent { get; }

    /// <summary>Whether ECS Exec is on.</summary>
    public bool ExecuteCommand { get; }

    /// <summary>The service (after <see cref="Build"/>).</summary>
    public FargateService Service { get; private set; } = null!;

    /// <summary>Resolves the task and service settings once, with the construct's task defaults.</summary>
    public static ServicePiece Resolve(ServiceWorkloadProps props, TaskDefaults defaults, double? containerPort = null) =>
        new(props, FargateTaskPiece.Resolve(props, defaults, FargateTaskPiece.CapacityOf(props, props.OnDemandBase ?? DefaultOnDemandBase), containerPort));

    /// <summary>Records every problem with the task and service settings.</summary>
    public void Validate(PropValidator v)
    {
        var p = _props;
        Task.Validate(v);
        v.Range(nameof(p.MinHealthyPercent), p.MinHealthyPercent, 0, 100, "percent");
        v.Range(nameof(p.MaxHealthyPercent), p.MaxHealthyPercent, 100, int.MaxValue, "percent");
        if (!PropValidator.IsToken(MinHealthyPercent) && !PropValidator.IsToken(MaxHealthyPercent)
            && MinHealthyPercent is >= 0 and <= 100 && MaxHealthyPercent >= 100 && MaxHealthyPercent <= MinHealthyPercent)
        {
            v.FailWith($"{nameof(p.MaxHealthyPercent)} = {PropValidator.Format(MaxHealthyPercent)} must be greater than {nameof(p.MinHealthyPercent)} = {PropValidator.Format(MinHealthyPercent)}; otherwise a deployment can neither start a new task nor stop an old one.");
        }

        if (!ExecuteCommand)
        {
            return;
        }

        if (p.Cluster is { } cluster && cluster.ExecuteCommandConfiguration is null)
        {
            v.FailWith($"{nameof(p.ExecuteCommand)} = true needs a cluster with ECS Exec set up (its key and audit log group); create the ContainerCluster with ExecuteCommand = true (or give the cluster an ExecuteCommandConfiguration), or drop {nameof(p.ExecuteCommand)}.");
        }

        if (Task.ReadOnlyRoot)
        {
            // The SSM agent ECS Exec injects writes its state and logs inside the container (ECS developer guide,
            // "Monitor Amazon ECS containers with ECS Exec": a read-only root filesystem is not supported).
            v.FailWith($"{nameof(p.ExecuteCommand)} = true needs {nameof(p.ReadOnlyRootFilesystem)} = false (ECS Exec's SSM agent writes inside the container, which a read-only root filesystem prevents); set {nameof(p.ReadOnlyRootFilesystem)} = false or drop {nameof(p.ExecuteCommand)}.");
        }
    }

    /// <summary>
    /// Builds the task (see <see cref="FargateTaskPiece.Build"/>) and the service in <paramref name="scope"/>. The
    /// desired count is written only when given: a template that carries it resets a scaled service on every deploy.
    /// </summary>
    public FargateService Build(Construct scope, double? desiredCount, Duration? healthCheckGracePeriod, IReadOnlyList<ConstructVariable>? constructVariables = null)
    {
        Task.Build(scope, constructVariables);
        var placement = Task.Placement;
        Service = new FargateService(scope, "Service", new FargateServiceProps
        {
            Cluster = placement.Cluster,
            TaskDefinition = Task.TaskDefinition,
            DesiredCount = desiredCount,
            VpcSubnets = placement.Subnets,
            SecurityGroups = placement.GivenSecurityGroups,
            AssignPublicIp = false,
            CapacityProviderStrategies = Task.Capacity.ToServiceStrategies(),
            CircuitBreaker = new DeploymentCircuitBreaker { Enable = true, Rollback = true },
            MinHealthyPercent = MinHealthyPercent,
            MaxHealthyPercent = MaxHealthyPercent,
            HealthCheckGracePeriod = healthCheckGracePeriod,
            EnableExecuteCommand = ExecuteCommand,
            PropagateTags = PropagatedTagSource.SERVICE,
        });

        // On the AWS::ECS::Service itself, not the whole construct, so the scaling resources under it keep their own order.
        ClusterCapacityProviders.Require(scope, Service.Node.DefaultChild!, placement.Cluster, Task.Capacity.UsesSpot, "this service");

        if (ExecuteCommand)
        {
            SuppressExecuteCommandFindings(scope.Node.Path);
        }

        return Service;
    }

    /// <summary>Explains the wildcard findings ECS Exec brings to the task role's policy, named as cdk-nag renders them.</summary>
    private void SuppressExecuteCommandFindings(string ownerPath)
    {
        if (Task.TaskDefinition.TaskRole.Node.TryFindChild("DefaultPolicy") is not Policy execPolicy)
        {
            return;
        }

        var findings = NagFindings.WildcardResources(execPolicy);
        if (findings.Length > 0)
        {
            NagSuppressions.Suppress((CfnResource)execPolicy.Node.DefaultChild!, new NagSuppression("AwsSolutions-IAM5",
                $"ECS Exec is on for {ownerPath}: the task role needs ssmmessages:* channel actions and logs:DescribeLogGroups, which IAM offers on Resource * only, and writes its session logs to the streams (log-group:<name>:*) of the cluster's audit log group only; the KMS grant names the cluster's exec key.",
                findings));
        }
    }
}
