using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace ContainerPatterns.Tests;

/// <summary>Builds constructs in a fresh App/Stack and returns what CDK synthesizes.</summary>
internal static partial class Synth
{
    /// <summary>The id of the stack the helpers build in.</summary>
    public const string StackId = "TestStack";

    /// <summary>A fresh environment-agnostic stack in a fresh app.</summary>
    public static Stack NewStack(IStackProps? props = null) => new(new App(), StackId, props);

    /// <summary>Builds something in a fresh stack and returns the synthesized template for assertions.</summary>
    public static Template Template(Action<Stack> build, IStackProps? props = null)
    {
        var stack = NewStack(props);
        build(stack);
        return Amazon.CDK.Assertions.Template.FromStack(stack);
    }

    /// <summary>Builds something in a fresh stack and returns the template as JSON.</summary>
    public static JsonObject Json(Action<Stack> build, IStackProps? props = null) => ToJson(Template(build, props));

    /// <summary>The template as a JSON object.</summary>
    public static JsonObject ToJson(Template template) =>
        JsonSerializer.SerializeToNode(template.ToJSON())!.AsObject();

    /// <summary>The <see cref="ArgumentException"/> that building something in a fresh stack throws.</summary>
    public static ArgumentException Error(Action<Stack> build) =>
        Assert.Throws<ArgumentException>(() => build(NewStack()));

    /// <summary>
    /// Template text with volatile values replaced, so snapshots stay stable across CDK upgrades and asset
    /// changes: 64-hex asset hashes become <c>[asset-hash]</c>.
    /// </summary>
    public static string Normalise(string templateJson) => AssetHash().Replace(templateJson, "[asset-hash]");

    /// <summary>The resources of one CloudFormation type, by logical id.</summary>
    public static IReadOnlyDictionary<string, JsonObject> Resources(JsonObject template, string type) =>
        template["Resources"]!.AsObject()
            .Where(r => r.Value!["Type"]!.GetValue<string>() == type)
            .ToDictionary(r => r.Key, r => r.Value!.AsObject());

    /// <summary>The single resource of a type; fails when there is not exactly one.</summary>
    public static JsonObject Single(JsonObject template, string type) => Assert.Single(Resources(template, type)).Value;

    /// <summary>Asserts two JSON values are equal, showing both when not.</summary>
    public static void JsonEqual(string expected, JsonNode? actual)
    {
        var e = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(e, actual), $"expected:\n{e?.ToJsonString()}\nactual:\n{actual?.ToJsonString()}");
    }

    [GeneratedRegex("[0-9a-f]{64}")]
    private static partial Regex AssetHash();
}
