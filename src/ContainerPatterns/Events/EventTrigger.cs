using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.S3;
using Amazon.JSII.Runtime.Deputy;
using ContainerPatterns.Ecs;
using CfnRule = Amazon.CDK.AWS.Events.CfnRule;

namespace ContainerPatterns.Events;

/// <summary>
/// The trigger concern of <see cref="EventTriggeredTask"/>: which events start a task (a given pattern, or the "Object
/// Created" events of a bucket, whose EventBridge notifications it turns on), and the event fields handed to a
/// container as environment variables through the rule target's input transformer.
/// </summary>
internal sealed partial class EventTrigger
{
    // EventBridge input transformers: at most 100 variables, a template of at most 8,192 characters (EventBridge API
    // reference, InputTransformer, and its API model in botocore 1.43.11, read 2026-12-02).
    private const int MaxVariables = 100;
    private const int MaxTemplateLength = 8_192;

    private readonly EventTriggeredTaskProps _props;

    private EventTrigger(EventTriggeredTaskProps props)
    {
        _props = props;
        ContainerName = props.EventEnvironmentContainer ?? FargateTaskPiece.ContainerName;
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (props.ObjectCreated is not null)
        {
            variables[ObjectCreatedTrigger.BucketNameVariable] = "$.detail.bucket.name";
            variables[ObjectCreatedTrigger.ObjectKeyVariable] = "$.detail.object.key";
        }

        foreach (var (name, path) in props.EventEnvironment ?? new Dictionary<string, string>())
        {
            variables[name ?? string.Empty] = path;
        }

        Variables = variables;
    }

    /// <summary>The container that receives the event variables.</summary>
    public string ContainerName { get; }

    /// <summary>Environment variable name to JSON path into the event, sorted by name.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; }

    /// <summary>Resolves the trigger settings once.</summary>
    public static EventTrigger Resolve(EventTriggeredTaskProps props) => new(props);

    /// <summary>Records every problem with the trigger, the event variables and their container.</summary>
    public void Validate(PropValidator v)
    {
        var p = _props;
        if (p.EventPattern is not null && p.ObjectCreated is not null)
        {
            v.FailWith($"{nameof(p.EventPattern)} and {nameof(p.ObjectCreated)} are both set; give one of them (ObjectCreated builds its own pattern).");
        }
        else if (p.EventPattern is null && p.ObjectCreated is null)
        {
            v.FailWith($"neither {nameof(p.EventPattern)} nor {nameof(p.ObjectCreated)} is set; give one of them, the events that start a task.");
        }
        else if (p.EventPattern is { } pattern && PatternOf(pattern).Count == 0)
        {
            v.FailWith($"{nameof(p.EventPattern)} is empty; EventBridge needs a pattern that matches on at least one field, e.g. Source = [\"my.app\"].");
        }

        if (p.ObjectCreated is { } created)
        {
            ValidateObjectCreated(v, created);
        }

        if (p.EventEnvironmentContainer is { } container && string.IsNullOrWhiteSpace(container))
        {
            v.Fail(nameof(p.EventEnvironmentContainer), container, "allowed: the name of a container of the task definition, such as \"app\" (ECS container overrides need one); leave it unset for \"app\".");
        }

        ValidateVariables(v);
    }

    /// <summary>The event pattern as CloudFormation takes it.</summary>
    public Dictionary<string, object> Pattern() =>
        _props.ObjectCreated is { } created ? ObjectCreatedPattern(created) : PatternOf(_props.EventPattern!);

    /// <summary>
    /// Turns on EventBridge notifications of an object-created trigger's bucket, when the bucket is a CDK
    /// <c>Bucket</c> of this app; the check that a later CDK notifications resource does not undo it runs on <paramref name="scope"/>.
    /// </summary>
    public void PrepareSource(Construct scope)
    {
        if (_props.ObjectCreated?.Bucket is not Bucket bucket)
        {
            return;
        }

        if (bucket.Node.TryFindChild("Notifications") is not null)
        {
            // The bucket's CDK notifications resource writes the whole configuration: EventBridge goes in there too.
            bucket.EnableEventBridgeNotification();
            return;
        }

        // On the bucket resource itself: no Lambda-backed custom resource.
        ((CfnBucket)bucket.Node.DefaultChild!).AddPropertyOverride("NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled", true);
        scope.Node.AddValidation(new LaterNotificationsCheck(bucket, scope.Node.Path));
    }

    /// <summary>The rule target's input transformer: the event variables as container overrides; null when there are none.</summary>
    public Amazon.CDK.AWS.Events.CfnRule.InputTransformerProperty? InputTransformer()
    {
        if (Variables.Count == 0)
        {
            return null;
        }

        var (paths, template) = Transformer();
        return new Amazon.CDK.AWS.Events.CfnRule.InputTransformerProperty { InputPathsMap = paths, InputTemplate = template };
    }

    /// <summary>At synth, reports an event variable container that the task definition does not have.</summary>
    public void CheckContainerAtSynth(Construct scope, Amazon.CDK.AWS.ECS.TaskDefinition taskDefinition)
    {
        if (Variables.Count > 0)
        {
            scope.Node.AddValidation(new ContainerCheck(taskDefinition, ContainerName));
        }
    }

    private (Dictionary<string, string> Paths, string Template) Transformer()
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var environment = new List<string>();
        var i = 0;
        foreach (var (name, path) in Variables)
        {
            i++;
            // Keys are letters and digits (CloudFormation's InputPathsMap pattern); made unique by position if needed.
            var key = new string(name.Where(char.IsAsciiLetterOrDigit).ToArray());
            if (key.Length == 0 || paths.ContainsKey(key))
            {
                key = $"v{i}";
            }

            paths[key] = path;
            // A placeholder outside quotes inserts the field as JSON (a string keeps its quotes and escapes).
            environment.Add($"{{\"name\":{JsonSerializer.Serialize(name)},\"value\":<{key}>}}");
        }

        var template = new StringBuilder()
            .Append("{\"containerOverrides\":[{\"name\":").Append(JsonSerializer.Serialize(ContainerName))
            .Append(",\"environment\":[").Append(string.Join(",", environment)).Append("]}]}")
            .ToString();
        return (paths, template);
    }

    private void ValidateObjectCreated(PropValidator v, ObjectCreatedTrigger created)
    {
        const string at = nameof(EventTriggeredTaskProps.ObjectCreated);
        if (v.Missing($"{at}.{nameof(created.Bucket)}", created.Bucket, "the bucket whose new objects start a task"))
        {
            return;
        }

        if (_props.EventBus is not null)
        {
            v.FailWith($"{nameof(EventTriggeredTaskProps.EventBus)} is set with {at}; S3 sends its events to the account's default event bus only, so drop {nameof(EventTriggeredTaskProps.EventBus)}.");
        }

        foreach (var (name, value) in new[] { (nameof(created.Prefix), created.Prefix), (nameof(created.Suffix), created.Suffix) })
        {
            if (value is not null && !PropValidator.IsToken(value) && (value.Length == 0 || value.Length > 1024))
            {
                v.Fail($"{at}.{name}", value, $"allowed: 1 to 1024 characters (an S3 key's limit); leave it unset to match every key.");
            }
        }

        if (created.Bucket is not Bucket && created.EventBridgeEnabled != true)
        {
            var filters = string.Join(" and ", new[] { created.Prefix is null ? null : $"Prefix = {PropValidator.Format(created.Prefix)}", created.Suffix is null ? null : $"Suffix = {PropValidator.Format(created.Suffix)}" }.OfType<string>());
            var filtered = filters.Length == 0 ? string.Empty : $" (so {filters} would never match)";
            v.FailWith($"{at}.{nameof(created.Bucket)} is imported, so this construct cannot turn on its EventBridge notifications, and without them no Object Created event reaches EventBridge{filtered}; turn them on for the bucket and set {at}.{nameof(created.EventBridgeEnabled)} = true, or pass a CDK Bucket of this app.");
        }
    }

    private void ValidateVariables(PropValidator v)
    {
        const string at = nameof(EventTriggeredTaskProps.EventEnvironment);
        foreach (var (name, path) in _props.EventEnvironment?.OrderBy(e => e.Key, StringComparer.Ordinal) ?? Enumerable.Empty<KeyValuePair<string, string>>())
        {
            ContainerVariables.ValidateName(v, at, name, "ORDER_ID");

            if (path is null)
            {
                v.FailWith($"{at}[\"{name}\"] is null; it is required: a JSON path into the event, such as \"$.detail.id\".");
            }
            else if (!PropValidator.IsToken(path) && !EventPath().IsMatch(path))
            {
                v.Fail($"{at}[\"{name}\"]", path, "allowed: a JSON path into the event in dot notation, such as \"$.detail.id\" or \"$.detail.items[0].name\" (letters, digits, '-', '_', '/', array indexes).");
            }
            else if (!PropValidator.IsToken(path) && KnownNonString(path) is { } kind)
            {
                v.Fail($"{at}[\"{name}\"]", path, $"{kind}, and ECS takes environment values as strings only (RunTask refuses the overrides, so every task of the rule would fail to start); allowed: a JSON path to a string field of the event.");
            }
        }

        if (Variables.Count > MaxVariables)
        {
            v.FailWith($"{at} (with the trigger's own variables) has {Variables.Count} variables; EventBridge's input transformer takes at most {MaxVariables}.");
        }
        else if (Variables.Count > 0 && Transformer().Template.Length > MaxTemplateLength)
        {
            v.FailWith($"{at} makes a container-overrides template of {Transformer().Template.Length} characters; EventBridge takes at most {MaxTemplateLength}: use fewer or shorter variable names.");
        }
    }

    // The fields of S3's "Object Created" event that are not strings (S3 user guide, "Using EventBridge", event message
    // structure, read 2026-12-02): detail.bucket and detail.object are objects, detail.object.size is a number.
    private static readonly Dictionary<string, string> ObjectCreatedNonStrings = new(StringComparer.Ordinal)
    {
        ["detail.bucket"] = "the S3 event's bucket field is an object",
        ["detail.object"] = "the S3 event's object field is an object",
        ["detail.object.size"] = "the S3 event's object.size field is a number",
    };

    // What the path points at when the event's shape makes it known not to be a string: the envelope (every event's
    // detail is an object and its resources an array: EventBridge user guide, "Amazon EventBridge events", read
    // 2026-12-02), the S3 event's own fields for an object-created trigger, or what the given pattern matches the field
    // with (a nested pattern: an object; numbers, booleans or numeric matching: a number or boolean). Null when unknown.
    private string? KnownNonString(string path)
    {
        var segments = path.Split('.').Skip(1).ToArray();
        if (segments.Length == 0)
        {
            return "it is the whole event, an object";
        }

        var last = segments[^1];
        var indexed = last.EndsWith(']');
        var names = segments.Select(s => s.Split('[')[0]).ToArray();
        if (names.Length == 1 && !indexed)
        {
            switch (names[0])
            {
                case "detail":
                    return "every event's detail field is an object";
                case "resources":
                    return "every event's resources field is an array";
            }
        }

        if (_props.ObjectCreated is not null)
        {
            return segments.All(s => !s.Contains('[', StringComparison.Ordinal)) && ObjectCreatedNonStrings.TryGetValue(string.Join('.', names), out var s3) ? s3 : null;
        }

        if (_props.EventPattern is not { } given)
        {
            return null;
        }

        object? node = PatternOf(given);
        foreach (var segment in names)
        {
            if (node is not IDictionary<string, object> fields || !fields.TryGetValue(segment, out node))
            {
                return null;
            }
        }

        return node switch
        {
            IDictionary<string, object> when !indexed => "the event pattern matches that field as an object (a nested pattern)",
            string => null,
            System.Collections.IEnumerable values when values.Cast<object?>().Any(IsNumberRule) => "the event pattern matches that field as a number",
            System.Collections.IEnumerable values when values.Cast<object?>().Any(v => v is bool) => "the event pattern matches that field as a boolean",
            _ => null,
        };
    }

    private static bool IsNumberRule(object? value) => value switch
    {
        double or float or int or long or decimal => true,
        IDictionary<string, object> rule => rule.ContainsKey("numeric"),
        _ => false,
    };

    private static Dictionary<string, object> ObjectCreatedPattern(ObjectCreatedTrigger created)
    {
        var detail = new Dictionary<string, object>
        {
            ["bucket"] = new Dictionary<string, object> { ["name"] = new[] { created.Bucket.BucketName } },
        };
        if (KeyFilter(created.Prefix, created.Suffix) is { } filter)
        {
            detail["object"] = new Dictionary<string, object> { ["key"] = new object[] { filter } };
        }

        return new Dictionary<string, object>
        {
            ["source"] = new[] { "aws.s3" },
            ["detail-type"] = new[] { "Object Created" },
            ["detail"] = detail,
        };
    }

    // A prefix or a suffix alone uses EventBridge's prefix/suffix matching; both together need one wildcard
    // ("prefix*suffix"), as two filters on one field would match either. '*' and '\' in them are escaped for it.
    private static Dictionary<string, object>? KeyFilter(string? prefix, string? suffix) => (prefix, suffix) switch
    {
        (null, null) => null,
        (_, null) => new() { ["prefix"] = prefix },
        (null, _) => new() { ["suffix"] = suffix },
        _ => new() { ["wildcard"] = EscapeWildcard(prefix) + "*" + EscapeWildcard(suffix) },
    };

    private static string EscapeWildcard(string value) =>
        PropValidator.IsToken(value) ? value : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal);

    private static Dictionary<string, object> PatternOf(IEventPattern pattern)
    {
        var result = new Dictionary<string, object>();
        void Add(string field, object? value)
        {
            if (value is string[] { Length: > 0 } or IDictionary<string, object> { Count: > 0 })
            {
                result[field] = value;
            }
        }

        Add("version", pattern.Version);
        Add("id", pattern.Id);
        Add("detail-type", pattern.DetailType);
        Add("source", pattern.Source);
        Add("account", pattern.Account);
        Add("time", pattern.Time);
        Add("region", pattern.Region);
        Add("resources", pattern.Resources);
        Add("detail", pattern.Detail);
        return result;
    }

    [GeneratedRegex(@"^\$(\.[A-Za-z0-9_\-/*]+(\[[0-9]+\])*)*$")]
    private static partial Regex EventPath();

    /// <summary>At synth, reports a CDK notifications resource added to the bucket after EventBridge was turned on directly.</summary>
    private sealed class LaterNotificationsCheck(Bucket bucket, string ownerPath) : DeputyBase, IValidation
    {
        public string[] Validate() => bucket.Node.TryFindChild("Notifications") is null
            ? []
            : [$"the bucket {bucket.Node.Path} got CDK notifications (AddEventNotification) after {ownerPath} turned on its EventBridge notifications, and CDK's notifications resource would turn them off again; call EnableEventBridgeNotification() on the bucket, or add its other notifications before creating {ownerPath}."];
    }

    /// <summary>At synth, checks that the container the event variables go to is in the task definition.</summary>
    private sealed class ContainerCheck(Amazon.CDK.AWS.ECS.TaskDefinition taskDefinition, string name) : DeputyBase, IValidation
    {
        public string[] Validate() => taskDefinition.FindContainer(name) is not null
            ? []
            : [$"EventEnvironmentContainer = \"{name}\" is not a container of the task definition {taskDefinition.Node.Path}; use \"{FargateTaskPiece.ContainerName}\" or the name of a container you added."];
    }
}
