using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace ContainerPatterns.Tests.Kubernetes;

/// <summary>
/// Every AWS or Kubernetes fact the Kubernetes constructs enforce carries its source and the date it was read (issue 16,
/// item 1). A fact lives in a named constant: a number, a table (an array, a set, a dictionary) or a generated regex; its
/// comment names the source and says "read YYYY-MM-DD", or says it is this library's own bound or choice. Defaults
/// (<c>Default*</c>) are choices, stated in the props' docs.
/// </summary>
public partial class FactSourcesTests
{
    private static string KubernetesSources([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "src", "ContainerPatterns", "Kubernetes"));

    /// <summary>The fact sites of one source text whose comment has neither a dated source nor says it is the library's own.</summary>
    internal static IEnumerable<string> Undated(string file, string text, List<string>? sites = null)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var name = Site(lines, i);
            if (name is null || name.StartsWith("Default", StringComparison.Ordinal))
            {
                continue;
            }

            sites?.Add($"{file}:{name}");
            var comment = string.Join(' ', CommentAbove(lines, i));
            if (!ReadOn().IsMatch(comment) && !comment.Contains("this library's", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{file}:{i + 1} {name}";
            }
        }
    }

    // The name of the fact declared on line i: a numeric constant, a table, or the method a [GeneratedRegex] is on.
    private static string? Site(string[] lines, int i)
    {
        var line = lines[i];
        if (line.TrimStart().StartsWith("[GeneratedRegex(", StringComparison.Ordinal))
        {
            return RegexMethod().Match(lines[i + 1]) is { Success: true } m ? m.Groups[1].Value : null;
        }

        var field = Field().Match(line);
        if (!field.Success)
        {
            return null;
        }

        var (type, name, value) = (field.Groups["type"].Value, field.Groups["name"].Value, field.Groups["value"].Value);
        var numericConstant = field.Groups["const"].Success && type is "int" or "double" or "long";
        var table = !field.Groups["const"].Success && !type.StartsWith("Lazy", StringComparison.Ordinal)
            && (value.TrimStart().StartsWith('[') || value.Contains("new(", StringComparison.Ordinal) || Regex.IsMatch(value, @"new\s+(Dictionary|SortedDictionary|HashSet)"));
        return numericConstant || table ? name : null;
    }

    // The comment lines right above line i, skipping attribute lines and the declarations of a group one comment covers.
    private static List<string> CommentAbove(string[] lines, int i)
    {
        var comment = new List<string>();
        for (var j = i - 1; j >= 0; j--)
        {
            var trimmed = lines[j].Trim();
            if (trimmed.StartsWith("//", StringComparison.Ordinal))
            {
                comment.Insert(0, trimmed.TrimStart('/').Trim());
            }
            else if (comment.Count > 0 || (!trimmed.StartsWith('[') && !Field().IsMatch(lines[j])))
            {
                break;
            }
        }

        return comment;
    }

    [Fact]
    public void Every_fact_the_Kubernetes_validation_enforces_names_its_source_and_the_date_read()
    {
        var root = KubernetesSources();
        var sites = new List<string>();
        var undated = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .SelectMany(f => Undated(Path.GetRelativePath(root, f), File.ReadAllText(f), sites))
            .ToList();

        Assert.True(sites.Count >= 40, $"only {sites.Count} fact sites found under {root}; the scan is broken");
        Assert.Contains("KubernetesNodeGroups.cs:MaxNodes", sites);
        Assert.True(undated.Count == 0, "facts without a dated source: " + string.Join(", ", undated));
    }

    [Fact]
    public void The_fact_scan_finds_a_fact_without_a_dated_source()
    {
        const string text = """
            internal static class Limits
            {
                // EKS quota: at most 450 nodes per managed node group.
                private const int MaxNodes = 450;

                // EKS quota (EKS user guide, service quotas, read 2026-12-02).
                private const int MaxGroups = 30;

                // A bound of this library's own.
                private const int MaxGeneration = 20;

                // Two facts under one comment (EKS API reference, read 2026-12-02).
                private const int MinLength = 1;
                private const int MaxLength = 100;

                private const int DefaultSize = 2;

                private const string Name = "not a fact";

                private static readonly string[] Policies = ["AmazonEKSWorkerNodePolicy"];

                [GeneratedRegex("^a$")]
                private static partial Regex Shape();
            }
            """;

        Assert.Equal(["Limits.cs:4 MaxNodes", "Limits.cs:20 Policies", "Limits.cs:22 Shape"], Undated("Limits.cs", text).ToList());
    }

    [GeneratedRegex(@"read \d{4}-\d{2}-\d{2}")]
    private static partial Regex ReadOn();

    [GeneratedRegex(@"^\s*(public|internal|private|protected)[\w\s]*?\s(?:(?<const>const)|static\s+readonly)\s+(?<type>[\w<>\[\](),?\s]+?)\s+(?<name>\w+)\s*=(?<value>.*)$")]
    private static partial Regex Field();

    [GeneratedRegex(@"\s(\w+)\(\);")]
    private static partial Regex RegexMethod();
}
