using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Amazon.CDK.AWS.Lambda;
using Amazon.JSII.Runtime.Deputy;

namespace ContainerPatterns.Compliance;

/// <summary>Options for <see cref="SupportedLambdaRuntimes"/>.</summary>
public sealed class SupportedLambdaRuntimesProps
{
    /// <summary>
    /// The Node.js runtime that Node.js functions older than it are moved to: one Lambda still supports
    /// (<c>nodejs22.x</c> until 2027-04-30, <c>nodejs24.x</c> until 2028-04-30). CDK's own custom-resource
    /// handlers (provider framework, VPC default security group, log retention, AWS custom resources, EKS
    /// cluster handler) are async handlers that run unchanged on it. Default: <c>nodejs24.x</c> (supported by
    /// Lambda until 2028-04-30).
    /// </summary>
    public string? NodeRuntime { get; init; }

    /// <summary>
    /// The Python runtime that Python functions older than it are moved to (CDK's kubectl handler ships
    /// as python3.11, which Lambda deprecated on 2026-06-30): one Lambda still supports (<c>python3.12</c> until
    /// 2028-10-31, <c>python3.13</c> and <c>python3.14</c> until 2029-06-30). Default: <c>python3.13</c>.
    /// </summary>
    public string? PythonRuntime { get; init; }
}

/// <summary>
/// An aspect that moves every Lambda function in its scope, nested stacks included, onto a supported
/// runtime: CDK 2.160's internal functions (custom-resource providers, the provider framework, kubectl) use
/// runtimes Lambda has deprecated (nodejs18.x / nodejs20.x through the <c>LatestNodeRuntimeMap</c> mapping,
/// python3.11). Functions only move forward within their language: a function already on a newer runtime,
/// or on another language, is left alone. The <c>LatestNodeRuntimeMap</c> mapping is removed once no
/// function reads it, so no deprecated runtime name is left anywhere in the template.
/// </summary>
/// <example><code>Aspects.Of(app).Add(new SupportedLambdaRuntimes());</code></example>
public sealed partial class SupportedLambdaRuntimes : DeputyBase, IAspect
{
    /// <summary>The default Node.js runtime functions are moved to.</summary>
    public const string DefaultNodeRuntime = "nodejs24.x";

    /// <summary>The default Python runtime functions are moved to.</summary>
    public const string DefaultPythonRuntime = "python3.13";

    /// <summary>
    /// The id of the warning on a Lambda function whose runtime the aspect cannot read on the loaded Amazon.CDK.Lib (a
    /// function CDK builds as a plain CfnResource, read through a member later versions might drop); such a function is
    /// left as it is.
    /// </summary>
    public const string UnreadableRuntimeWarningId = "ContainerPatterns:SupportedLambdaRuntimes:UnreadableRuntime";

    private const string NodeRuntimeMapping = "LatestNodeRuntimeMap";

    // Lambda runtimes a function may be moved to, with the date Lambda stops supporting each (AWS Lambda
    // "Runtime deprecation" table, as published in November 2026). A target past its date is refused.
    private static readonly Dictionary<string, DateOnly> SupportedTargets = new(StringComparer.Ordinal)
    {
        ["nodejs22.x"] = new(2027, 4, 30),
        ["nodejs24.x"] = new(2028, 4, 30),
        ["python3.12"] = new(2028, 10, 31),
        ["python3.13"] = new(2029, 6, 30),
        ["python3.14"] = new(2029, 6, 30),
    };

    private readonly RuntimeName _node;
    private readonly RuntimeName _python;

    /// <summary>Creates the aspect with the default runtimes.</summary>
    public SupportedLambdaRuntimes()
        : this(new SupportedLambdaRuntimesProps())
    {
    }

    /// <summary>Creates the aspect with the given runtimes.</summary>
    /// <exception cref="ArgumentException">A runtime name is not a Node.js / Python runtime name.</exception>
    public SupportedLambdaRuntimes(SupportedLambdaRuntimesProps props)
    {
        if (props is null)
        {
            throw new ArgumentException("SupportedLambdaRuntimes: props is null; it is required: a SupportedLambdaRuntimesProps (its members are optional).", nameof(props));
        }

        var problems = new List<string>();
        _node = Target(nameof(props.NodeRuntime), props.NodeRuntime ?? DefaultNodeRuntime, "nodejs", problems);
        _python = Target(nameof(props.PythonRuntime), props.PythonRuntime ?? DefaultPythonRuntime, "python", problems);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(System.Environment.NewLine, problems), nameof(props));
        }
    }

    /// <summary>The Node.js runtime this aspect moves functions to.</summary>
    public string NodeRuntime => _node.Name;

    /// <summary>The Python runtime this aspect moves functions to.</summary>
    public string PythonRuntime => _python.Name;

    /// <summary>Applies the aspect to a scope (usually the app) with the default runtimes, and returns it.</summary>
    public static SupportedLambdaRuntimes ApplyTo(IConstruct scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var aspect = new SupportedLambdaRuntimes();
        CdkCompat.AddAspect(scope, aspect);
        return aspect;
    }

    /// <inheritdoc />
    public void Visit(IConstruct node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node is CfnMapping && node.Node.Id == NodeRuntimeMapping)
        {
            // Every function that reads this mapping is a Node.js function and gets a literal runtime
            // below, so the mapping (which lists deprecated runtimes) is dead weight.
            node.Node.Scope?.Node.TryRemoveChild(NodeRuntimeMapping);
            return;
        }

        if (node is not CfnResource resource || !MayBeLambdaFunction(resource) || resource.CfnResourceType != "AWS::Lambda::Function")
        {
            return;
        }

        var runtime = ReadRuntime(resource, out var readable);
        if (!readable)
        {
            CdkCompat.AddWarning(resource, UnreadableRuntimeWarningId,
                $"SupportedLambdaRuntimes cannot read the runtime of {resource.Node.Path} on this Amazon.CDK.Lib (CfnResource.UpdatedProperties is missing), so it left the function as it is; check its runtime in the template.");
            return;
        }

        var target = Upgrade(resource, runtime);
        if (target is not null)
        {
            resource.AddPropertyOverride("Runtime", target);
        }
    }

    private static RuntimeName Target(string prop, string name, string family, List<string> problems)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var supported = SupportedTargets.Where(t => t.Key.StartsWith(family, StringComparison.Ordinal) && t.Value > today).Select(t => t.Key).ToArray();
        if (RuntimeName.Parse(name) is { } parsed && parsed.Family == family && supported.Contains(name))
        {
            return parsed;
        }

        var why = name.StartsWith(family, StringComparison.Ordinal) && SupportedTargets.TryGetValue(name, out var end) ? $" (Lambda supported it until {end:yyyy-MM-dd})" : string.Empty;
        problems.Add($"SupportedLambdaRuntimes: {prop} = \"{name}\" is not valid{why}; allowed: a {family} runtime Lambda supports today, {string.Join(" or ", supported.Select(s => $"\"{s}\""))}.");
        return RuntimeName.Parse(supported.LastOrDefault() ?? name) ?? new RuntimeName(name, family, new Version(0, 0));
    }

    // Reading a resource's type is a call into Node.js, and the aspect visits every construct. aws-cdk-lib's L1
    // classes each stand for one fixed resource type, so of them only CfnFunction (and a plain CfnResource, which
    // CDK's own custom-resource providers use for their functions) can be a Lambda function; classes from other
    // libraries are read as before.
    private static bool MayBeLambdaFunction(CfnResource resource)
    {
        var type = resource.GetType();
        return type == typeof(CfnResource) || type == typeof(CfnFunction) || type.Assembly != typeof(CfnResource).Assembly;
    }

    private string? Upgrade(CfnResource resource, object? runtime)
    {
        if (runtime is string s && !Token.IsUnresolved(s))
        {
            var current = RuntimeName.Parse(s);
            var target = current?.Family switch
            {
                "nodejs" => _node,
                "python" => _python,
                _ => null,
            };
            return target is not null && current is not null && current.Version < target.Version ? target.Name : null;
        }

        if (runtime is null)
        {
            return null; // container-image functions have no runtime
        }

        // A token: CDK's regional fact for the latest Node.js runtime is a Fn::FindInMap on LatestNodeRuntimeMap.
        var resolved = Stack.Of(resource).Resolve(runtime);
        return resolved is IDictionary<string, object> fn
            && fn.TryGetValue("Fn::FindInMap", out var args)
            && args is object[] { Length: > 0 } a
            && a[0] as string == NodeRuntimeMapping
            ? _node.Name
            : null;
    }

    private static object? ReadRuntime(CfnResource resource, out bool readable)
    {
        readable = true;
        if (resource is CfnFunction function)
        {
            return function.Runtime;
        }

        if (CdkCompat.PropertiesOf(resource, out readable) is { } properties)
        {
            return properties.TryGetValue("Runtime", out var r) ? r
                : properties.TryGetValue("runtime", out r) ? r
                : null;
        }

        return null;
    }

    private sealed partial record RuntimeName(string Name, string Family, Version Version)
    {
        public static RuntimeName? Parse(string name)
        {
            var m = Pattern().Match(name);
            if (!m.Success)
            {
                return null;
            }

            var major = int.Parse(m.Groups["major"].Value, CultureInfo.InvariantCulture);
            var minor = m.Groups["minor"].Success ? int.Parse(m.Groups["minor"].Value, CultureInfo.InvariantCulture) : 0;
            return new RuntimeName(name, m.Groups["family"].Value, new Version(major, minor));
        }

        [GeneratedRegex(@"^(?<family>nodejs|python)(?<major>\d+)(?:\.(?<minor>\d+)|\.x)?$")]
        private static partial Regex Pattern();
    }
}
