using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.JSII.Runtime.Deputy;
using ContainerPatterns.Internal;
using Constructs;

namespace ContainerPatterns.Compliance;

/// <summary>Options for <see cref="SupportedLambdaRuntimes"/>.</summary>
public sealed class SupportedLambdaRuntimesProps
{
    /// <summary>
    /// The Node.js runtime that Node.js functions older than it are moved to. CDK's own custom-resource
    /// handlers (provider framework, VPC default security group, log retention, AWS custom resources, EKS
    /// cluster handler) are async handlers that run unchanged on it. Default: <c>nodejs24.x</c> (supported by
    /// Lambda until 2028-04-30).
    /// </summary>
    public string? NodeRuntime { get; init; }

    /// <summary>
    /// The Python runtime that Python functions older than it are moved to (CDK's kubectl handler ships
    /// as python3.11, which Lambda deprecated on 2026-06-30). Default: <c>python3.13</c> (supported by Lambda
    /// until 2029-06-30).
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

    private const string NodeRuntimeMapping = "LatestNodeRuntimeMap";

    // CfnResource.updatedProperties is protected in jsii; it is the only way to read the properties of a
    // CfnResource that is not a generated L1 class (CDK's CustomResourceProvider creates its function that way).
    private static readonly PropertyInfo? PropertiesGetter =
        typeof(CfnResource).GetProperty("UpdatedProperties", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

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
        ArgumentNullException.ThrowIfNull(props);
        var node = props.NodeRuntime ?? DefaultNodeRuntime;
        var python = props.PythonRuntime ?? DefaultPythonRuntime;
        _node = RuntimeName.Parse(node) is { Family: "nodejs" } n
            ? n
            : throw new ArgumentException($"SupportedLambdaRuntimes: NodeRuntime = \"{node}\" is not valid; allowed: a Lambda Node.js runtime name such as \"nodejs24.x\".", nameof(props));
        _python = RuntimeName.Parse(python) is { Family: "python" } p
            ? p
            : throw new ArgumentException($"SupportedLambdaRuntimes: PythonRuntime = \"{python}\" is not valid; allowed: a Lambda Python runtime name such as \"python3.13\".", nameof(props));
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

        var runtime = ReadRuntime(resource);
        var target = Upgrade(resource, runtime);
        if (target is not null)
        {
            resource.AddPropertyOverride("Runtime", target);
        }
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

    private static object? ReadRuntime(CfnResource resource)
    {
        if (resource is CfnFunction function)
        {
            return function.Runtime;
        }

        if (PropertiesGetter?.GetValue(resource) is IDictionary<string, object> properties)
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
