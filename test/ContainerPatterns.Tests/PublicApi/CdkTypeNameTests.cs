using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using ContainerPatterns.Ecs;

namespace ContainerPatterns.Tests.PublicApi;

/// <summary>
/// No public type of the library is named like a public type of a CDK namespace the library works with, in any tested
/// Amazon.CDK.Lib: a user's file imports both namespaces, and a name in both fails to compile (CS0104) — as
/// <c>ContainerPatterns.Ecr.ReplicationRule</c> did beside <c>Amazon.CDK.AWS.S3.ReplicationRule</c> on 2.277.
/// </summary>
public class CdkTypeNameTests
{
    private static readonly Assembly Library = typeof(LoadBalancedWebService).Assembly;

    /// <summary>Every tested Amazon.CDK.Lib (version, assembly path), from the metadata .projenrc.cs writes into this test assembly.</summary>
    public static IEnumerable<(string Version, string Path)> TestedCdkAssemblies() =>
        typeof(CdkTypeNameTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key.StartsWith("TestedCdk:", StringComparison.Ordinal))
            .Select(a => (a.Key["TestedCdk:".Length..], Directory.EnumerateFiles(Path.Combine(a.Value!, "lib"), "Amazon.CDK.Lib.dll", SearchOption.AllDirectories).Single()));

    /// <summary>The public types of an assembly read from its metadata (no loading), as namespace to type names.</summary>
    public static Dictionary<string, HashSet<string>> PublicTypes(string path)
    {
        using var file = File.OpenRead(path);
        using var pe = new PEReader(file);
        var md = pe.GetMetadataReader();
        var types = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            if ((type.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public)
            {
                continue;
            }

            var ns = md.GetString(type.Namespace);
            if (!types.TryGetValue(ns, out var names))
            {
                types[ns] = names = new HashSet<string>(StringComparer.Ordinal);
            }

            names.Add(StripArity(md.GetString(type.Name)));
        }

        return types;
    }

    /// <summary>
    /// The clashes: library type names that a CDK namespace the library references also has (namespace and name),
    /// the CDK namespaces being <c>Amazon.CDK</c> and every <c>Amazon.CDK.*</c> namespace the library's own code uses.
    /// </summary>
    public static IEnumerable<string> Clashes(IEnumerable<Type> ours, IReadOnlySet<string> usedNamespaces, IReadOnlyDictionary<string, HashSet<string>> cdk) =>
        from type in ours
        from ns in usedNamespaces
        where cdk.TryGetValue(ns, out var names) && names.Contains(StripArity(type.Name))
        select $"{type.FullName} is also {ns}.{StripArity(type.Name)}";

    [Fact]
    public void Tests_every_tested_CDK_version()
    {
        var versions = TestedCdkAssemblies().Select(a => a.Version).ToArray();
        Assert.Equal(ContainerPatterns.Internal.RepositoryFacts.TestedCdkVersions, versions);
    }

    [Fact]
    public void No_public_type_is_named_like_a_type_of_a_CDK_namespace_the_library_uses()
    {
        var used = UsedCdkNamespaces();
        Assert.Contains("Amazon.CDK.AWS.S3", used);
        foreach (var (version, path) in TestedCdkAssemblies())
        {
            var clashes = Clashes(Library.GetExportedTypes(), used, PublicTypes(path)).ToList();
            Assert.True(clashes.Count == 0, $"Amazon.CDK.Lib {version}: {string.Join("; ", clashes)}");
        }
    }

    [Fact]
    public void The_name_check_finds_a_clash()
    {
        var (_, newest) = TestedCdkAssemblies().Last();
        var clashes = Clashes([typeof(Fixture.ReplicationRule)], new HashSet<string>(["Amazon.CDK.AWS.S3"]), PublicTypes(newest)).ToList();
        Assert.Equal(["ContainerPatterns.Tests.PublicApi.Fixture+ReplicationRule is also Amazon.CDK.AWS.S3.ReplicationRule"], clashes);
    }

    // The Amazon.CDK namespaces the library references a type of: the ones its users import beside its own.
    private static HashSet<string> UsedCdkNamespaces()
    {
        using var file = File.OpenRead(Library.Location);
        using var pe = new PEReader(file);
        var md = pe.GetMetadataReader();
        var used = new HashSet<string>(StringComparer.Ordinal) { "Amazon.CDK" };
        foreach (var handle in md.TypeReferences)
        {
            var ns = md.GetString(md.GetTypeReference(handle).Namespace);
            if (ns.StartsWith("Amazon.CDK", StringComparison.Ordinal))
            {
                used.Add(ns);
            }
        }

        return used;
    }

    private static string StripArity(string name) => name.Split('`')[0];
}

/// <summary>A type named like one that Amazon.CDK.Lib 2.277 adds to <c>Amazon.CDK.AWS.S3</c>, for the check's self-test.</summary>
internal static class Fixture
{
    internal sealed class ReplicationRule;
}
