// Static check of the Amazon.CDK.Lib enums an assembly uses: the C# compiler writes an enum member into the caller
// as its number, and jsii turns the number back into a member name with the Amazon.CDK.Lib loaded at run time. Newer
// CDK versions insert members into some enums (SslPolicy, for one), which renumbers the rest: the same compiled
// constant then names another member — silently a different TLS policy, AMI type, and so on.
//
// Usage: dotnet run --file tools/check-cdk-enums.cs -- <assembly.dll> <allowed-members file> <cdk>...
// where <cdk> is an Amazon.CDK.Lib.dll path or a version restored in the NuGet global packages folder. Every enum
// the assembly references must have the same members with the same numbers in every given version, except enums
// listed in the allowed-members file ("<enum full name> <member> [<member>...]", # comments): those may differ
// elsewhere, but the members listed (the ones the code compiles in) must keep their numbers. Exit 0 when all hold,
// 1 when not (each difference named), 2 on a usage error. Reads metadata only; about a second per version.
#:property Nullable=enable
#:property TreatWarningsAsErrors=true
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

if (args.Length < 4)
{
    Console.Error.WriteLine("usage: check-cdk-enums <assembly.dll> <allowed-members file> <cdk> <cdk>...");
    return 2;
}

var referenced = ReferencedTypes(args[0]);
var allowed = File.ReadAllLines(args[1])
    .Select(l => l.Split('#')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries))
    .Where(p => p.Length >= 2)
    .ToDictionary(p => p[0], p => p[1..], StringComparer.Ordinal);
var versions = new List<(string Name, Dictionary<string, Dictionary<string, long>> Enums)>();
foreach (var cdk in args[2..])
{
    var path = File.Exists(cdk) ? cdk : Directory.GetFiles(Path.Combine(
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        "amazon.cdk.lib", cdk), "Amazon.CDK.Lib.dll", SearchOption.AllDirectories).FirstOrDefault();
    if (path is null)
    {
        Console.Error.WriteLine($"cdk-enums: Amazon.CDK.Lib {cdk} is not restored");
        return 2;
    }

    versions.Add((cdk, Enums(path)));
}

var problems = new List<string>();
var checkedEnums = 0;
var (baseName, baseEnums) = versions[0];
foreach (var (name, members) in baseEnums.Where(e => referenced.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal))
{
    checkedEnums++;
    foreach (var (otherName, otherEnums) in versions.Skip(1))
    {
        if (!otherEnums.TryGetValue(name, out var other))
        {
            problems.Add($"{name} is missing in Amazon.CDK.Lib {otherName}");
            continue;
        }

        var differing = members.Where(m => !other.TryGetValue(m.Key, out var n) || n != m.Value).Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        if (differing.Count == 0)
        {
            continue;
        }

        if (allowed.TryGetValue(name, out var used))
        {
            differing.IntersectWith(used);
            if (differing.Count == 0)
            {
                Console.WriteLine($"cdk-enums: {name} is renumbered in {otherName}, but the members this code compiles in ({string.Join(", ", used)}) keep their numbers");
                continue;
            }
        }

        problems.Add($"{name} members renumbered between {baseName} and {otherName}: " + string.Join(", ", differing.Order(StringComparer.Ordinal).Select(m => $"{m} {members[m]} -> {(other.TryGetValue(m, out var n) ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "gone")}")) +
            (allowed.ContainsKey(name) ? string.Empty : $" (if the code compiles in only members whose numbers hold, list them in {args[1]})"));
    }
}

foreach (var p in problems)
{
    Console.WriteLine($"cdk-enums: {p}");
}

Console.WriteLine($"cdk-enums: {Path.GetFileName(args[0])}: {checkedEnums} Amazon.CDK.Lib enum(s) referenced, compared across {string.Join(", ", versions.Select(v => v.Name))}: {problems.Count} problem(s)");
return problems.Count == 0 ? 0 : 1;

static HashSet<string> ReferencedTypes(string path)
{
    using var pe = new PEReader(File.OpenRead(path));
    var md = pe.GetMetadataReader();
    return md.TypeReferences.Select(h => md.GetTypeReference(h)).Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name)).ToHashSet(StringComparer.Ordinal);
}

static Dictionary<string, Dictionary<string, long>> Enums(string path)
{
    using var pe = new PEReader(File.OpenRead(path));
    var md = pe.GetMetadataReader();
    var result = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
    foreach (var t in md.TypeDefinitions.Select(h => md.GetTypeDefinition(h)))
    {
        if (t.BaseType.Kind != HandleKind.TypeReference || md.GetString(md.GetTypeReference((TypeReferenceHandle)t.BaseType).Name) != "Enum")
        {
            continue;
        }

        var members = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var f in t.GetFields().Select(h => md.GetFieldDefinition(h)))
        {
            var constant = f.GetDefaultValue();
            if (!constant.IsNil)
            {
                var blob = md.GetBlobReader(md.GetConstant(constant).Value);
                members[md.GetString(f.Name)] = blob.Length switch { 1 => blob.ReadByte(), 2 => blob.ReadInt16(), 8 => blob.ReadInt64(), _ => blob.ReadInt32() };
            }
        }

        result[md.GetString(t.Namespace) + "." + md.GetString(t.Name)] = members;
    }

    return result;
}
