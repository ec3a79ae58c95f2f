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
    // ECS task groups: up to 255 characters (RunTask group). Email addresses: up to 254 characters (RFC 5321 path limit).
    private const int MaxGroupLength = 255;
    private const int MaxEmailLength = 254;

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TaskFailureAlertsProps _props;

    private FailureAlertRules(TaskFailureAlertsProps props)
    {
        _props = props;
        Emails = props.EmailAddresses ?? [];
        var narrowed = props.Services is { Count: > 0 } || props.TaskGroups is { Count: > 0 };
        WatchesDeployments = (props.DeploymentFailures ?? true) && (!narrowed || props.Services is { Count: > 0 });
    }

    /// <summary>The email addresses to subscribe.</summary>
    public IReadOnlyList<string> Emails { get; }

    /// <summary>Whether the deployment-failure rule is created.</summary>
    public bool WatchesDeployments { get; }

    /// <summary>Resolves the alert settings once.</summary>
    public static FailureAlertRules Resolve(TaskFailureAlertsProps props) => new(props);

    /// <summary>Records every problem with the cluster, the narrowing and the email addresses.</summary>
    public void Validate(PropValidator v)
    {
        var p = _props;
        v.Missing(nameof(p.Cluster), p.Cluster, "the ECS cluster whose tasks and deployments are watched");
        v.Defined(nameof(p.RemovalPolicy), p.RemovalPolicy);
        for (var i = 0; i < (p.Services?.Count ?? 0); i++)
        {
            v.Missing($"{nameof(p.Services)}[{i}]", p.Services![i], "an ECS service of the cluster");
        }

        for (var i = 0; i < (p.TaskGroups?.Count ?? 0); i++)
        {
            var group = p.TaskGroups![i];
            if (!v.Missing($"{nameof(p.TaskGroups)}[{i}]", group, "an ECS task group, such as \"family:my-task\"")
                && !PropValidator.IsToken(group) && (group.Length is 0 or > MaxGroupLength))
            {
                v.Fail($"{nameof(p.TaskGroups)}[{i}]", group, $"allowed: 1 to {MaxGroupLength} characters, such as \"family:my-task\" or \"service:my-service\".");
            }
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
