using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.Lambda;
using ContainerPatterns.Compliance;

namespace ContainerPatterns.Tests.Compliance;

public class SupportedLambdaRuntimesTests
{
    private static System.Text.Json.Nodes.JsonObject Build(Action<Stack> build, IStackProps? props = null, SupportedLambdaRuntimes? aspect = null)
    {
        var app = new App();
        var stack = new Stack(app, Synth.StackId, props);
        Aspects.Of(app).Add(aspect ?? new SupportedLambdaRuntimes());
        build(stack);
        return Synth.ToJson(Amazon.CDK.Assertions.Template.FromStack(stack));
    }

    private static CfnFunction Function(Stack stack, string id, string runtime) => new(stack, id, new CfnFunctionProps
    {
        Runtime = runtime,
        Handler = "index.handler",
        Role = "arn:aws:iam::123456789012:role/example",
        Code = new CfnFunction.CodeProperty { ZipFile = "exports.handler = async () => {};" },
    });

    private static string RuntimeOf(System.Text.Json.Nodes.JsonObject template, string logicalIdPrefix) =>
        Synth.Resources(template, "AWS::Lambda::Function").Single(r => r.Key.StartsWith(logicalIdPrefix, StringComparison.Ordinal)).Value["Properties"]!["Runtime"]!.GetValue<string>();

    [Fact]
    public void Moves_CDKs_provider_functions_off_the_LatestNodeRuntimeMap_and_removes_the_mapping()
    {
        var json = Build(s => _ = new Vpc(s, "Vpc", new VpcProps { RestrictDefaultSecurityGroup = true }));

        Assert.Equal("nodejs24.x", RuntimeOf(json, "CustomVpcRestrictDefaultSG"));
        Assert.Null(json["Mappings"]);
    }

    [Fact]
    public void Leaves_the_LatestNodeRuntimeMap_in_place_without_the_aspect()
    {
        var json = Synth.Json(s => _ = new Vpc(s, "Vpc", new VpcProps { RestrictDefaultSecurityGroup = true }));

        Assert.NotNull(json["Mappings"]!["LatestNodeRuntimeMap"]);
        Assert.Contains("Fn::FindInMap", RuntimeJson(json), StringComparison.Ordinal);
    }

    private static string RuntimeJson(System.Text.Json.Nodes.JsonObject json) =>
        Synth.Resources(json, "AWS::Lambda::Function").Single().Value["Properties"]!["Runtime"]!.ToJsonString();

    [Fact]
    public void Moves_a_provider_function_in_a_stack_with_a_region_onto_the_supported_runtime()
    {
        var json = Build(
            s => _ = new Vpc(s, "Vpc", new VpcProps { RestrictDefaultSecurityGroup = true }),
            new StackProps { Env = new Amazon.CDK.Environment { Account = "123456789012", Region = "us-east-1" } });

        Assert.Equal("nodejs24.x", RuntimeOf(json, "CustomVpcRestrictDefaultSG"));
    }

    [Theory]
    [InlineData("nodejs18.x", "nodejs24.x")]
    [InlineData("nodejs20.x", "nodejs24.x")]
    [InlineData("nodejs22.x", "nodejs24.x")]
    [InlineData("python3.11", "python3.13")]
    [InlineData("python3.9", "python3.13")]
    [InlineData("python3.14", "python3.14")]
    [InlineData("java21", "java21")]
    [InlineData("provided.al2023", "provided.al2023")]
    public void Moves_functions_forward_within_their_language_only(string runtime, string expected)
    {
        var json = Build(s => Function(s, "Fn", runtime));

        Assert.Equal(expected, RuntimeOf(json, "Fn"));
    }

    [Fact]
    public void Reaches_functions_in_nested_stacks()
    {
        var app = new App();
        var stack = new Stack(app, Synth.StackId);
        var nested = new NestedStack(stack, "Nested");
        Function(nested, "Fn", "python3.11");
        _ = new Vpc(nested, "Vpc", new VpcProps { RestrictDefaultSecurityGroup = true });
        SupportedLambdaRuntimes.ApplyTo(app);

        var json = Synth.ToJson(Amazon.CDK.Assertions.Template.FromStack(nested));
        Assert.Equal("python3.13", RuntimeOf(json, "Fn"));
        Assert.Equal("nodejs24.x", RuntimeOf(json, "CustomVpcRestrictDefaultSG"));
        Assert.Null(json["Mappings"]);
    }

    [Fact]
    public void Uses_the_runtimes_given()
    {
        var aspect = new SupportedLambdaRuntimes(new SupportedLambdaRuntimesProps { NodeRuntime = "nodejs22.x", PythonRuntime = "python3.12" });
        var json = Build(s => { Function(s, "Node", "nodejs20.x"); Function(s, "Py", "python3.11"); }, aspect: aspect);

        Assert.Equal("nodejs22.x", RuntimeOf(json, "Node"));
        Assert.Equal("python3.12", RuntimeOf(json, "Py"));
        Assert.Equal("nodejs22.x", aspect.NodeRuntime);
        Assert.Equal("python3.12", aspect.PythonRuntime);
    }

    [Theory]
    [InlineData("python3.13")]
    [InlineData("nodejs18.x")]
    [InlineData("nodejs20.x")]
    [InlineData("nodejs99.x")]
    public void Rejects_a_node_target_that_is_not_a_supported_Node_runtime(string runtime)
    {
        var error = Assert.Throws<ArgumentException>(() => new SupportedLambdaRuntimes(new SupportedLambdaRuntimesProps { NodeRuntime = runtime }));
        Assert.Equal(
            $"SupportedLambdaRuntimes: NodeRuntime = \"{runtime}\" is not valid; allowed: a nodejs runtime Lambda supports today, \"nodejs22.x\" or \"nodejs24.x\". (Parameter 'props')",
            error.Message);
    }

    [Theory]
    [InlineData("py3")]
    [InlineData("python3.11")]
    [InlineData("python3.99")]
    public void Rejects_a_python_target_that_is_not_a_supported_Python_runtime(string runtime)
    {
        var error = Assert.Throws<ArgumentException>(() => new SupportedLambdaRuntimes(new SupportedLambdaRuntimesProps { PythonRuntime = runtime }));
        Assert.Equal(
            $"SupportedLambdaRuntimes: PythonRuntime = \"{runtime}\" is not valid; allowed: a python runtime Lambda supports today, \"python3.12\" or \"python3.13\" or \"python3.14\". (Parameter 'props')",
            error.Message);
    }

    [Fact]
    public void Warns_instead_of_going_silent_when_it_cannot_read_a_functions_runtime_on_the_loaded_CDK()
    {
        var member = ContainerPatterns.Internal.CdkCompat.ResourceProperties;
        try
        {
            // Stands in for an Amazon.CDK.Lib without CfnResource.UpdatedProperties.
            ContainerPatterns.Internal.CdkCompat.ResourceProperties = null;
            var app = new App();
            var stack = new Stack(app, Synth.StackId);
            Aspects.Of(app).Add(new SupportedLambdaRuntimes());
            _ = new Vpc(stack, "Vpc", new VpcProps { RestrictDefaultSecurityGroup = true });
            Amazon.CDK.Assertions.Annotations.FromStack(stack).HasWarning(
                "/TestStack/Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler",
                Amazon.CDK.Assertions.Match.StringLikeRegexp("SupportedLambdaRuntimes cannot read the runtime of TestStack/Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler .*ContainerPatterns:SupportedLambdaRuntimes:UnreadableRuntime"));
        }
        finally
        {
            ContainerPatterns.Internal.CdkCompat.ResourceProperties = member;
        }
    }
}
