using System.Net.Mail;
using System.Text.Json;
using Amazon.CDK.AWS.ECS;
using ContainerPatterns.Ecs;
using EventsCfnRule = Amazon.CDK.AWS.Events.CfnRule;

namespace ContainerPatterns.Events;

/// <summary>
/// The rules concern of <see cref="TaskFailureAlerts"/>: which ECS events count as failures (their event patterns), the
/// readable messages the input transformers make of them, and the checks of the narrowing and email props.
/// </summary>
/// <remarks>
/// A task is reported when it stopped (lastStatus STOPPED) and one of these holds: it never started (stopCode
/// TaskFailedToStart: image pull, secrets, network or capacity errors); an essential container exited with a non-zero
/// exit code (stopCode EssentialContainerExited); or ECS stopped it for failing a container or load balancer health
/// check (stoppedReason "Task failed ... health checks"). Normal stops are not reported: scale-in and the old tasks a
/// deployment replaces (stopCode ServiceSchedulerInitiated with the reason "Scaling activity initiated by ..."), Spot
/// reclaims (SpotInterruption, TerminationNotice), StopTask calls (UserInitiated), and tasks whose containers exited 0.
/// </remarks>
internal sealed class FailureAlertRules
{
    // ECS task groups: up to 255 characters (ECS API reference, RunTask group; not re-read 2026-12-02: the API model gives no
    // bound). Email addresses: up to 254 characters (RFC 5321 path limit).
    private const int MaxGroupLength = 255;
    private const int MaxEmailLength = 254;

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TaskFailureAlertsProps _props;

    // The task groups ECS gives tasks: family:<task definition family> (RunTask's default group) and service:<name>
    // (ECS developer guide, "Amazon ECS task definition families" / RunTask group, read 2026-12-02).
    private const string FamilyGroupPrefix = "family:";
    private const string ServiceGroupPrefix = "service:";

    private FailureAlertRules(TaskFailureAlertsProps props)
    {
        _props = props;
        Emails = props.EmailAddresses ?? [];
        Narrowed = props.Services is { Count: > 0 } || props.TaskGroups is { Count: > 0 };
        Families = (props.TaskGroups ?? []).Where(g => g is not null && g.StartsWith(FamilyGroupPrefix, StringComparison.Ordinal))
            .Select(g => g[FamilyGroupPrefix.Length..]).ToArray();
        CanWatchDeployments = !Narrowed || props.Services is { Count: > 0 };
        WatchesDeployments = (props.DeploymentFailures ?? true) && CanWatchDeployments;
        // Services start their tasks without RunTask: narrowed to services (or service groups) alone, there is nothing to watch.
        CanWatchRunTask = !Narrowed || Families.Length > 0;
        WatchesRunTask = (props.RunTaskFailures ?? true) && CanWatchRunTask;
    }

    /// <summary>The email addresses to subscribe.</summary>
    public IReadOnlyList<string> Emails { get; }

    /// <summary>Whether the deployment-failure rule is created.</summary>
    public bool WatchesDeployments { get; }

    /// <summary>Whether the RunTask-failure rule is created.</summary>
    public bool WatchesRunTask { get; }

    private bool Narrowed { get; }

    private bool CanWatchDeployments { get; }

    private bool CanWatchRunTask { get; }

    // The task definition families of the family: task groups.
    private string[] Families { get; }

    /// <summary>Resolves the alert settings once.</summary>
    public static FailureAlertRules Resolve(TaskFailureAlertsProps props) => new(props);

    /// <summary>Records every problem with the cluster, the narrowing and the email addresses.</summary>
    public void Validate(PropValidator v)
    {
        var p = _props;
        if (!v.Missing(nameof(p.Cluster), p.Cluster, "the ECS cluster whose tasks and deployments are watched"))
        {
            // ECS sends a cluster's events to EventBridge in the cluster's region, where the rules must be (AWS Knowledge
            // Center, "sns-not-getting-eventbridge-notification": a rule and its targets share a region, read 2026-12-02).
            v.SameRegion($"{nameof(p.Cluster)}.ClusterArn", p.Cluster.ClusterArn, "cluster", "ECS sends its events to EventBridge in the cluster's region, and the rules are in the stack's");
        }

        if (p.Topic is { } topic)
        {
            v.SameRegion($"{nameof(p.Topic)}.TopicArn", topic.TopicArn, "topic", "an EventBridge rule's targets are in the rule's region");
            if (topic.Fifo)
            {
                // A FIFO topic takes a message only with a MessageGroupId (SNS API reference, Publish, read 2026-12-02); the
                // rules' SNS targets and the alarm's action publish without one.
                v.FailWith($"{nameof(p.Topic)} ({topic.Node.Path}) is a FIFO topic, which takes a message only with a message group id that the alert rules and the dead-letter queue alarm do not send; give a standard topic, or drop {nameof(p.Topic)} to have one created.");
            }
        }

        v.Defined(nameof(p.RemovalPolicy), p.RemovalPolicy);
        for (var i = 0; i < (p.Services?.Count ?? 0); i++)
        {
            if (!v.Missing($"{nameof(p.Services)}[{i}]", p.Services![i], "an ECS service of the cluster") && p.Cluster is { } watched
                && SameCluster(p.Services[i].Cluster, watched) == false)
            {
                v.FailWith($"{nameof(p.Services)}[{i}] ({p.Services[i].Node.Path}) runs in the cluster {Describe(p.Services[i].Cluster)}, not in {nameof(p.Cluster)} {Describe(watched)}; its tasks and deployments would never match. Give services of the watched cluster, or a {nameof(TaskFailureAlerts)} per cluster.");
            }
        }

        for (var i = 0; i < (p.TaskGroups?.Count ?? 0); i++)
        {
            var group = p.TaskGroups![i];
            if (v.Missing($"{nameof(p.TaskGroups)}[{i}]", group, "an ECS task group, such as \"family:my-task\"") || PropValidator.IsToken(group))
            {
                continue;
            }

            if (group.Length is 0 or > MaxGroupLength)
            {
                v.Fail($"{nameof(p.TaskGroups)}[{i}]", group, $"allowed: 1 to {MaxGroupLength} characters, such as \"family:my-task\" or \"service:my-service\".");
            }
            else if (!IsGroupOfEcs(group))
            {
                v.Fail($"{nameof(p.TaskGroups)}[{i}]", group, $"allowed: \"{FamilyGroupPrefix}<task definition family>\" or \"{ServiceGroupPrefix}<service name>\", the groups ECS gives tasks (e.g. EventTriggeredTask.TaskGroup); a bare family or service name matches no task.");
            }
        }

        if (p.DeploymentFailures == true && !CanWatchDeployments)
        {
            v.FailWith($"{nameof(p.DeploymentFailures)} = true, but {nameof(p.TaskGroups)} narrows the alerts to task groups without {nameof(p.Services)}, so no deployment is watched; give the {nameof(p.Services)} whose deployments to watch, or drop {nameof(p.DeploymentFailures)}.");
        }

        if (p.RunTaskFailures == true && !CanWatchRunTask)
        {
            v.FailWith($"{nameof(p.RunTaskFailures)} = true, but the alerts are narrowed to services (which start their tasks without RunTask) and no \"{FamilyGroupPrefix}...\" task group; add the family groups of the one-off tasks to {nameof(p.TaskGroups)}, or drop {nameof(p.RunTaskFailures)}.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Emails.Count; i++)
        {
            var email = Emails[i];
            if (v.Missing($"{nameof(p.EmailAddresses)}[{i}]", email, "an email address") || PropValidator.IsToken(email))
            {
                continue;
            }

            if (!IsEmailAddress(email))
            {
                v.Fail($"{nameof(p.EmailAddresses)}[{i}]", email, $"allowed: an email address such as \"ops@example.com\" (name@domain, at most {MaxEmailLength} characters, no spaces or display names).");
            }
            else if (!seen.Add(email))
            {
                v.Fail($"{nameof(p.EmailAddresses)}[{i}]", email, "each address may appear once.");
            }
        }
    }

    /// <summary>The pattern of the task rule: stopped tasks of the cluster (and groups) that failed.</summary>
    public Dictionary<string, object> TaskStoppedPattern()
    {
        var detail = new Dictionary<string, object>
        {
            ["clusterArn"] = new[] { _props.Cluster.ClusterArn },
            ["lastStatus"] = new[] { "STOPPED" },
            ["$or"] = new object[]
            {
                new Dictionary<string, object> { ["stopCode"] = new[] { "TaskFailedToStart" } },
                new Dictionary<string, object>
                {
                    ["stopCode"] = new[] { "EssentialContainerExited" },
                    ["containers"] = new Dictionary<string, object>
                    {
                        ["exitCode"] = new object[] { new Dictionary<string, object> { ["anything-but"] = 0 } },
                    },
                },
                new Dictionary<string, object>
                {
                    ["stoppedReason"] = new object[] { new Dictionary<string, object> { ["prefix"] = "Task failed" } },
                },
            },
        };
        var groups = (_props.Services ?? []).Select(s => "service:" + s.ServiceName).Concat(_props.TaskGroups ?? []).ToArray();
        if (groups.Length > 0)
        {
            detail["group"] = groups;
        }

        return new Dictionary<string, object>
        {
            ["source"] = new[] { "aws.ecs" },
            ["detail-type"] = new[] { "ECS Task State Change" },
            ["detail"] = detail,
        };
    }

    /// <summary>The pattern of the deployment rule: failed deployments of the given services, or of every service of the cluster.</summary>
    public Dictionary<string, object> DeploymentFailedPattern()
    {
        // Deployment events name their service in "resources" (arn:...:service/<cluster>/<service>) and carry no cluster field.
        var stack = Stack.Of(_props.Cluster);
        object[] resources = _props.Services is { Count: > 0 } services
            ? services.Select(s => (object)s.ServiceArn).ToArray()
            : [new Dictionary<string, object>
            {
                ["prefix"] = stack.FormatArn(new ArnComponents
                {
                    Service = "ecs",
                    Resource = "service",
                    ResourceName = _props.Cluster.ClusterName + "/",
                    ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
                }),
            }];
        return new Dictionary<string, object>
        {
            ["source"] = new[] { "aws.ecs" },
            ["detail-type"] = new[] { "ECS Deployment State Change" },
            ["resources"] = resources,
            ["detail"] = new Dictionary<string, object> { ["eventName"] = new[] { "SERVICE_DEPLOYMENT_FAILED" } },
        };
    }

    /// <summary>
    /// The pattern of the RunTask rule: CloudTrail's record of an ECS RunTask call on the cluster (by ARN, as EventBridge
    /// and Scheduler call it, or by name) whose response lists failures, i.e. that started no task for them. A failure
    /// always carries a reason (ECS API reference, Failure, read 2026-12-02), so matching an existing
    /// <c>responseElements.failures[].reason</c> matches exactly a non-empty failures array: EventBridge matches a field
    /// inside an array of objects when any element has it, and <c>exists</c> works on such leaf fields (EventBridge user
    /// guide, "Creating event patterns": exists matching, arrays, read 2026-12-02). Narrowed to the families of
    /// <c>family:</c> task groups when groups are given.
    /// </summary>
    public Dictionary<string, object> RunTaskFailedPattern()
    {
        var cluster = _props.Cluster;
        var request = new Dictionary<string, object> { ["cluster"] = new[] { cluster.ClusterArn, cluster.ClusterName } };
        if (Families.Length > 0)
        {
            // RunTask takes a family, family:revision or the task definition's ARN (EventBridge and Scheduler pass the ARN).
            var stack = Stack.Of(cluster);
            request["taskDefinition"] = Families.SelectMany(f => new object[]
            {
                f,
                new Dictionary<string, object> { ["prefix"] = f + ":" },
                new Dictionary<string, object>
                {
                    ["prefix"] = stack.FormatArn(new ArnComponents
                    {
                        Service = "ecs",
                        Resource = "task-definition",
                        ResourceName = f + ":",
                        ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
                    }),
                },
            }).ToArray();
        }

        return new Dictionary<string, object>
        {
            ["source"] = new[] { "aws.ecs" },
            ["detail-type"] = new[] { "AWS API Call via CloudTrail" },
            ["detail"] = new Dictionary<string, object>
            {
                ["eventSource"] = new[] { "ecs.amazonaws.com" },
                ["eventName"] = new[] { "RunTask" },
                ["requestParameters"] = request,
                ["responseElements"] = new Dictionary<string, object>
                {
                    ["failures"] = new Dictionary<string, object>
                    {
                        ["reason"] = new object[] { new Dictionary<string, object> { ["exists"] = true } },
                    },
                },
            },
        };
    }

    /// <summary>The readable message of a RunTask call that started no task.</summary>
    public EventsCfnRule.InputTransformerProperty RunTaskFailedMessage() => Message(
        new Dictionary<string, string>
        {
            ["cluster"] = "$.detail.requestParameters.cluster",
            ["taskDefinition"] = "$.detail.requestParameters.taskDefinition",
            ["reason"] = "$.detail.responseElements.failures[0].reason",
            ["detail"] = "$.detail.responseElements.failures[0].detail",
            ["caller"] = "$.detail.userIdentity.arn",
            ["time"] = "$.detail.eventTime",
            ["region"] = "$.region",
        },
        [
            "An ECS RunTask call started no task in cluster <cluster>.",
            "Task definition: <taskDefinition>",
            "Failure: <reason> <detail>",
            "Called by: <caller>",
            "Called at: <time>",
            "No task started, so neither a task state change nor the caller's dead-letter queue will show it (the rule or schedule counted the call as delivered).",
            "Tasks of the cluster: https://<region>.console.aws.amazon.com/ecs/v2/clusters/" + _props.Cluster.ClusterName + "/tasks?region=<region>",
        ]);

    /// <summary>The readable message of a failed task.</summary>
    public EventsCfnRule.InputTransformerProperty TaskStoppedMessage() => Message(
        new Dictionary<string, string>
        {
            ["cluster"] = "$.detail.clusterArn",
            ["group"] = "$.detail.group",
            ["task"] = "$.detail.taskArn",
            ["stopCode"] = "$.detail.stopCode",
            ["reason"] = "$.detail.stoppedReason",
            ["container"] = "$.detail.containers[0].name",
            ["exitCode"] = "$.detail.containers[0].exitCode",
            ["time"] = "$.time",
            ["region"] = "$.region",
        },
        [
            "An ECS task failed in cluster <cluster>.",
            "Group: <group>",
            "Task: <task> (the task id is the last part)",
            "Stop code: <stopCode>",
            "Stopped reason: <reason>",
            "Container <container> exit code: <exitCode>",
            "Stopped at: <time>",
            "Stopped tasks of the cluster: https://<region>.console.aws.amazon.com/ecs/v2/clusters/" + _props.Cluster.ClusterName + "/tasks?region=<region>",
        ]);

    /// <summary>The readable message of a failed deployment.</summary>
    public EventsCfnRule.InputTransformerProperty DeploymentFailedMessage() => Message(
        new Dictionary<string, string>
        {
            ["service"] = "$.resources[0]",
            ["deployment"] = "$.detail.deploymentId",
            ["reason"] = "$.detail.reason",
            ["time"] = "$.time",
            ["region"] = "$.region",
        },
        [
            "An ECS service deployment failed: <service>.",
            "Deployment: <deployment>",
            "Reason: <reason>",
            "Failed at: <time>",
            "Services of the cluster: https://<region>.console.aws.amazon.com/ecs/v2/clusters/" + _props.Cluster.ClusterName + "/services?region=<region>",
        ]);

    private static bool IsGroupOfEcs(string group) =>
        (group.StartsWith(FamilyGroupPrefix, StringComparison.Ordinal) && group.Length > FamilyGroupPrefix.Length)
        || (group.StartsWith(ServiceGroupPrefix, StringComparison.Ordinal) && group.Length > ServiceGroupPrefix.Length);

    // False when the two clusters are known to differ; null when that cannot be told at synth (tokens of imports).
    private static bool? SameCluster(ICluster? a, ICluster b)
    {
        if (a is null)
        {
            return null;
        }

        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is Cluster && b is Cluster)
        {
            return false;
        }

        var (an, bn) = (a.ClusterName, b.ClusterName);
        return !PropValidator.IsToken(an) && !PropValidator.IsToken(bn) ? an == bn : null;
    }

    private static string Describe(ICluster? cluster) =>
        cluster is null ? "(unknown)" : cluster is Cluster own ? own.Node.Path : PropValidator.IsToken(cluster.ClusterName) ? cluster.Node.Path : $"\"{cluster.ClusterName}\"";

    /// <summary>True for a plain email address (name@domain.tld, no display name, no spaces).</summary>
    public static bool IsEmailAddress(string value) =>
        value.Length <= MaxEmailLength
        && !value.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(value, out var parsed)
        && parsed.Address == value
        && parsed.Host.Contains('.', StringComparison.Ordinal)
        && !parsed.Host.StartsWith('.') && !parsed.Host.EndsWith('.');

    // A text message of several lines: each line a JSON string of its own, one per line, as EventBridge renders
    // multi-line text (the form CDK's RuleTargetInput.fromMultilineText writes).
    private static EventsCfnRule.InputTransformerProperty Message(Dictionary<string, string> paths, string[] lines) => new()
    {
        InputPathsMap = paths,
        // Relaxed escaping keeps the <placeholders> readable; a token (the cluster name) stays intact inside its quotes.
        InputTemplate = string.Join("\n", lines.Select(l => JsonSerializer.Serialize(l, JsonOptions))),
    };
}
