using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SQS;

namespace ContainerPatterns.Ecs;

/// <summary>
/// The scaling concern of <see cref="QueueWorkerService"/>: target tracking on backlog per task (visible messages
/// divided by Container Insights' running task count), written as Application Auto Scaling metric math
/// (<c>BacklogScaling</c>); when the minimum is zero, a step policy (<c>ScaleFromZero</c>) and its alarm
/// (<c>ScaleFromZeroAlarm</c>) that start the first task, since target tracking cannot scale out from zero tasks; and
/// the task role's right to protect its own tasks from scale-in while they hold a message.
/// </summary>
internal sealed class BacklogScaling
{
    /// <summary>The backlog-per-task expression of the target-tracking policy.</summary>
    public const string BacklogExpression = "visible / tasks";

    /// <summary>The scale-from-zero alarm's expression: the visible messages while no task runs, otherwise 0.</summary>
    public const string ScaleFromZeroExpression = "IF(FILL(tasks, 0) < 1, visible, 0)";

    private const double DefaultMinTasks = 0;
    private const double DefaultLatencyMinutes = 5;

    // The running task count comes from Container Insights (ECS developer guide, "Amazon ECS Container Insights metrics").
    private const string InsightsNamespace = "ECS/ContainerInsights";
    private const string RunningTaskCount = "RunningTaskCount";

    private readonly QueueWorkerServiceProps _props;
    private readonly Duration _latency;

    private BacklogScaling(QueueWorkerServiceProps props)
    {
        _props = props;
        _latency = props.AcceptableLatency ?? Duration.Minutes(DefaultLatencyMinutes);
        MinTasks = props.MinTasks ?? DefaultMinTasks;
        MaxTasks = TaskCounts.MaxOf(MinTasks, props.MaxTasks);
        Target = props.BacklogPerTaskTarget ?? ComputedTarget(_latency, props.AverageProcessingTime);
    }

    /// <summary>The fewest tasks.</summary>
    public double MinTasks { get; }

    /// <summary>The most tasks.</summary>
    public double MaxTasks { get; }

    /// <summary>The backlog per task to keep; null when it cannot be known (validation reports why).</summary>
    public double? Target { get; }

    /// <summary>The backlog per task the policy keeps (after <see cref="Build"/>).</summary>
    public double TargetValue { get; private set; }

    /// <summary>The target-tracking policy (after <see cref="Build"/>).</summary>
    public CfnScalingPolicy BacklogPolicy { get; private set; } = null!;

    /// <summary>The alarm that starts the first task; null when the minimum is above zero.</summary>
    public Alarm? ScaleFromZeroAlarm { get; private set; }

    /// <summary>Resolves the scaling settings once.</summary>
    public static BacklogScaling Resolve(QueueWorkerServiceProps props) => new(props);

    /// <summary>Records every problem with the target, the bounds and the cluster's running task count.</summary>
    public void Validate(PropValidator v)
    {
        var p = _props;
        ValidateTarget(v);
        TaskCounts.Validate(v, p.MinTasks, p.MaxTasks, MinTasks, MaxTasks, lowestMin: 0);

        if (p.Cluster is { } cluster && InsightsOf(cluster) == false)
        {
            v.FailWith($"the cluster {cluster.Node.Path} has Container Insights disabled, but backlog scaling divides the queue's visible messages by the service's {InsightsNamespace} {RunningTaskCount}, which only Container Insights publishes; turn it on (ContainerCluster: ContainerInsights = Enabled; CDK Cluster: ContainerInsights = true).");
        }
    }

    /// <summary>
    /// Creates the scalable task count with the backlog policy and, when the minimum may be zero, the scale-from-zero
    /// policy and alarm in <paramref name="scope"/>; warns when the cluster's Container Insights cannot be checked.
    /// </summary>
    public ScalableTaskCount Build(Construct scope, FargateService service, IQueue queue, ICluster cluster)
    {
        if (InsightsOf(cluster) is null)
        {
            CdkCompat.AddWarning(scope, QueueWorkerService.TaskCountWarningId,
                $"{scope.Node.Path} scales on backlog per task, dividing by {InsightsNamespace} {RunningTaskCount}, which only a cluster with Container Insights publishes; whether {cluster.Node.Path} has it on cannot be told at synth. Without it the backlog has no data: target tracking does nothing, and with MinTasks = 0 the scale-from-zero policy starts one task and it stays. Turn Container Insights on for the cluster, then acknowledge this warning.");
        }

        var scaling = service.AutoScaleTaskCount(new EnableScalingProps { MinCapacity = MinTasks, MaxCapacity = MaxTasks });
        // The scalable target is the task count's only child (CDK's BaseScalableAttribute names it "Target").
        var target = (ScalableTarget)scaling.Node.FindChild("Target");
        // Validation passed, so the target is known or given as a token.
        TargetValue = Target ?? throw new InvalidOperationException("validated: the backlog target is set");
        var dimensions = new Dictionary<string, string> { ["ClusterName"] = cluster.ClusterName, ["ServiceName"] = service.ServiceName };
        BacklogPolicy = new CfnScalingPolicy(target, "BacklogScaling", new CfnScalingPolicyProps
        {
            PolicyName = "BacklogScaling",
            PolicyType = "TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration = new CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty
            {
                TargetValue = TargetValue,
                ScaleOutCooldown = ServiceScaling.ScaleOutCooldownSeconds,
                ScaleInCooldown = ServiceScaling.ScaleInCooldownSeconds,
                CustomizedMetricSpecification = new CfnScalingPolicy.CustomizedMetricSpecificationProperty
                {
                    Metrics = new object[]
                    {
                        Query("visible", "Visible messages", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", new Dictionary<string, string> { ["QueueName"] = queue.QueueName }),
                        Query("tasks", "Running tasks", InsightsNamespace, RunningTaskCount, "Average", dimensions),
                        new CfnScalingPolicy.TargetTrackingMetricDataQueryProperty { Id = "backlog", Expression = BacklogExpression, Label = "Backlog per task", ReturnData = true },
                    },
                },
            },
        }.WithScalingTargetId(target.ScalableTargetId));
        // Application Auto Scaling names policies uniquely per scalable target, as CDK's own policies are named.
        BacklogPolicy.PolicyName = Names.UniqueId(BacklogPolicy);

        if (PropValidator.IsToken(MinTasks) || MinTasks == 0)
        {
            ScaleFromZeroAlarm = ScaleFromZero(scope, target, queue, dimensions);
        }

        return scaling;
    }

    /// <summary>
    /// Lets the task role turn scale-in protection on and off for tasks of the cluster (the ECS agent's
    /// <c>task-protection/v1/state</c> endpoint calls <c>ecs:UpdateTaskProtection</c> with the task's role).
    /// </summary>
    public static void GrantTaskProtection(Construct scope, IRole taskRole, ICluster cluster)
    {
        var stack = Stack.Of(scope);
        // Task ARNs carry a task id known only at run time; the cluster's name is as narrow as IAM can scope them.
        var tasks = stack.FormatArn(new ArnComponents
        {
            Service = "ecs",
            Resource = "task",
            ResourceName = $"{cluster.ClusterName}/*",
            ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
        });
        taskRole.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps { Actions = ["ecs:UpdateTaskProtection"], Resources = [tasks] }));
        if (taskRole.Node.TryFindChild("DefaultPolicy") is Policy policy)
        {
            NagSuppressions.Suppress((CfnResource)policy.Node.DefaultChild!, new NagSuppression("AwsSolutions-IAM5",
                $"The tasks of {scope.Node.Path} protect themselves from scale-in while they hold a message (ecs:UpdateTaskProtection); a task's ARN ends in an id known only at run time, so the grant names the tasks of its cluster.",
                ["Resource::" + NagFindings.Flatten(stack.Resolve(tasks))]));
        }
    }

    private static CfnScalingPolicy.TargetTrackingMetricDataQueryProperty Query(string id, string label, string ns, string name, string stat, Dictionary<string, string> dimensions) => new()
    {
        Id = id,
        Label = label,
        ReturnData = false,
        MetricStat = new CfnScalingPolicy.TargetTrackingMetricStatProperty
        {
            Stat = stat,
            Metric = new CfnScalingPolicy.TargetTrackingMetricProperty
            {
                Namespace = ns,
                MetricName = name,
                Dimensions = dimensions.Select(d => (object)new CfnScalingPolicy.TargetTrackingMetricDimensionProperty { Name = d.Key, Value = d.Value }).ToArray(),
            },
        },
    };

    /// <summary>
    /// Sets the task count to exactly 1 when messages are visible while no task runs. Exact capacity, not +1, so a
    /// repeated alarm (the running count lags while the first task starts) never adds more; target tracking takes over
    /// once a task runs.
    /// </summary>
    private static Alarm ScaleFromZero(Construct scope, ScalableTarget target, IQueue queue, Dictionary<string, string> dimensions)
    {
        var minute = Duration.Minutes(1);
        var action = new StepScalingAction(target, "ScaleFromZero", new StepScalingActionProps
        {
            AdjustmentType = AdjustmentType.EXACT_CAPACITY,
            MetricAggregationType = MetricAggregationType.MAXIMUM,
            Cooldown = Duration.Seconds(ServiceScaling.ScaleOutCooldownSeconds),
        }.WithScalingTarget(target));
        action.AddAdjustment(new AdjustmentTier { LowerBound = 0, Adjustment = 1 });
        var alarm = new Alarm(scope, "ScaleFromZeroAlarm", new AlarmProps
        {
            Metric = new MathExpression(new MathExpressionProps
            {
                Expression = ScaleFromZeroExpression,
                UsingMetrics = new Dictionary<string, IMetric>
                {
                    ["visible"] = queue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Statistic = "Maximum", Period = minute }),
                    ["tasks"] = new Metric(new MetricProps { Namespace = InsightsNamespace, MetricName = RunningTaskCount, DimensionsMap = dimensions, Statistic = "Maximum", Period = minute }),
                },
                Period = minute,
                Label = "Messages waiting with no task running",
            }),
            Threshold = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            EvaluationPeriods = 1,
            DatapointsToAlarm = 1,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
            AlarmDescription = $"{scope.Node.Path}: messages wait in the queue while no task runs; starts the first task (scaling, not a notification).",
        });
        alarm.AddAlarmAction(new ApplicationScalingAction(action));
        return alarm;
    }

    private void ValidateTarget(PropValidator v)
    {
        var p = _props;
        v.Positive(nameof(p.BacklogPerTaskTarget), p.BacklogPerTaskTarget, "messages per task");
        if (p.BacklogPerTaskTarget is not null && p.AcceptableLatency is not null)
        {
            v.FailWith($"{nameof(p.AcceptableLatency)} has no effect with {nameof(p.BacklogPerTaskTarget)} given (the target is not computed); drop one of them.");
        }

        var processing = p.AverageProcessingTime;
        if (p.BacklogPerTaskTarget is null && processing is null)
        {
            v.FailWith($"{nameof(p.AverageProcessingTime)} and {nameof(p.BacklogPerTaskTarget)} are both unset; backlog scaling needs one: {nameof(p.AverageProcessingTime)} (how long a task takes for one message; the target is then {nameof(p.AcceptableLatency)} / {nameof(p.AverageProcessingTime)}) or {nameof(p.BacklogPerTaskTarget)} (the messages per task to keep).");
        }

        var processingMs = PositiveMs(v, nameof(p.AverageProcessingTime), processing);
        var latencyMs = PositiveMs(v, nameof(p.AcceptableLatency), p.AcceptableLatency);
        if (p.BacklogPerTaskTarget is not null || processing is null)
        {
            return;
        }

        if (processing.IsUnresolved() || _latency.IsUnresolved())
        {
            v.FailWith($"{nameof(p.AcceptableLatency)} and {nameof(p.AverageProcessingTime)} must be known at synth to compute the backlog-per-task target; give {nameof(p.BacklogPerTaskTarget)} (it may be a token) instead.");
        }
        else if (processingMs is { } work && (latencyMs ?? _latency.ToMilliseconds()) is var wait && wait > 0 && wait < work)
        {
            v.FailWith($"{nameof(p.AcceptableLatency)} = {PropValidator.Format(_latency)} is shorter than {nameof(p.AverageProcessingTime)} = {PropValidator.Format(processing)}; a message that waits behind a single other one is already late. Allowed: at least the processing time.");
        }
    }

    // Checks a duration above 0 (Duration itself refuses negative amounts); returns its milliseconds when known and valid.
    private static double? PositiveMs(PropValidator v, string prop, Duration? value)
    {
        if (value is null || value.IsUnresolved())
        {
            return null;
        }

        var ms = value.ToMilliseconds();
        if (ms <= 0)
        {
            v.Fail(prop, value, "allowed: a duration above 0.");
            return null;
        }

        return ms;
    }

    private static double? ComputedTarget(Duration latency, Duration? processing)
    {
        if (processing is null || processing.IsUnresolved() || latency.IsUnresolved())
        {
            return null;
        }

        var work = processing.ToMilliseconds();
        var wait = latency.ToMilliseconds();
        return work > 0 && wait >= work ? Math.Floor(wait / work) : null;
    }

    /// <summary>
    /// Whether the cluster has Container Insights on: true or false for a CDK cluster of this app that says so, null
    /// when that cannot be told at synth (an imported cluster, or a CDK cluster left to the account's default).
    /// </summary>
    private static bool? InsightsOf(ICluster cluster)
    {
        if (cluster is not Cluster own || own.Node.DefaultChild is not CfnCluster cfn || cfn.ClusterSettings is null)
        {
            return null;
        }

        foreach (var setting in Stack.Of(own).Resolve(cfn.ClusterSettings) as object[] ?? [])
        {
            if (setting is IDictionary<string, object> s && Value(s, "name") == "containerInsights" && Value(s, "value") is { } mode && !PropValidator.IsToken(mode))
            {
                return mode != "disabled";
            }
        }

        return null;

        static string? Value(IDictionary<string, object> setting, string key) =>
            (setting.TryGetValue(key, out var v) ? v : setting.TryGetValue(char.ToUpperInvariant(key[0]) + key[1..], out var u) ? u : null) as string;
    }
}
