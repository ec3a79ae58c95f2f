using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using ContainerPatterns.Ecs;

namespace ContainerPatterns.Tests.PublicApi;

/// <summary>
/// Every optional public prop states its default in its XML docs (<c>Default: ...</c>), so a user can read what they get
/// without reading the code; and every public member has a summary at all.
/// </summary>
public class PropDocsTests
{
    private static readonly Assembly Library = typeof(LoadBalancedWebService).Assembly;

    private static readonly Lazy<Dictionary<string, string>> Docs = new(() =>
        XDocument.Load(Path.ChangeExtension(Library.Location, ".xml"))
            .Descendants("member")
            .ToDictionary(m => m.Attribute("name")!.Value, m => string.Concat(m.Element("summary")?.Nodes().Select(Text) ?? []), StringComparer.Ordinal));

    /// <summary>The optional props: public settable properties of public classes that are not <c>required</c>.</summary>
    public static IEnumerable<PropertyInfo> OptionalProps(Assembly assembly) =>
        assembly.GetExportedTypes()
            .Where(t => t.IsClass)
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetCustomAttribute<RequiredMemberAttribute>() is null);

    /// <summary>The props whose summary does not state a default.</summary>
    public static IEnumerable<string> WithoutDefault(IEnumerable<PropertyInfo> props, IReadOnlyDictionary<string, string> docs) =>
        props.Select(p => $"{p.DeclaringType!.FullName}.{p.Name}")
            .Where(name => !docs.TryGetValue("P:" + name, out var summary) || !summary.Contains("Default:", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void Every_optional_prop_states_its_default()
    {
        var props = OptionalProps(Library).ToList();
        Assert.True(props.Count > 200, $"only {props.Count} optional props found; the scan is broken");
        Assert.Empty(WithoutDefault(props, Docs.Value));
    }

    [Fact]
    public void The_default_check_finds_a_prop_that_states_none()
    {
        var prop = typeof(WorkloadAlarm).GetProperty(nameof(WorkloadAlarm.Threshold))!;
        var docs = new Dictionary<string, string>(Docs.Value, StringComparer.Ordinal) { ["P:ContainerPatterns.Ecs.WorkloadAlarm.Threshold"] = "The threshold." };

        Assert.Equal(["ContainerPatterns.Ecs.WorkloadAlarm.Threshold"], WithoutDefault([prop], docs));
        Assert.Empty(WithoutDefault([prop], Docs.Value));
    }

    [Fact]
    public void Every_public_type_and_member_has_a_summary()
    {
        var missing = Library.GetExportedTypes()
            .SelectMany(t => new[] { "T:" + t.FullName }.Concat(
                t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .OfType<PropertyInfo>()
                    .Select(p => $"P:{t.FullName}.{p.Name}")))
            .Where(id => !Docs.Value.TryGetValue(id, out var summary) || string.IsNullOrWhiteSpace(summary))
            .ToList();
        Assert.Empty(missing);
    }

    private static string Text(XNode node) => node switch
    {
        XText text => text.Value,
        XElement element => element.Attribute("cref")?.Value ?? element.Attribute("langword")?.Value ?? string.Concat(element.Nodes().Select(Text)),
        _ => string.Empty,
    };
}
