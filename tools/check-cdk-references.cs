// Static binary-compatibility check: does every Amazon.CDK.Lib type and member that an assembly references
// exist, with the same signature, in a given Amazon.CDK.Lib.dll? Catches what the C# compiler cannot: a newer
// CDK that retyped a member (source-compatible, binary-breaking) makes the packed library throw
// MissingMethodException at run time in the consumer's app.
//
// Usage:
//   dotnet run --file tools/check-cdk-references.cs -- <assembly.dll> <cdk>...
//   dotnet run --file tools/check-cdk-references.cs -- --self-test <cdk-old> <cdk-new>
// where <cdk> is a path to an Amazon.CDK.Lib.dll or a version restored in the NuGet global packages folder
// (e.g. 2.160.0). Exit 0 when nothing is missing, 1 when something is (each missing member is named, with what
// that version has under the same name), 2 on a usage error or an Amazon.CDK.Lib that is not restored.
//
// Reads metadata only (System.Reflection.Metadata): no assembly is loaded, no jsii runtime starts; about a
// second per version. A member reference is looked up on its declaring type and then on that type's base classes,
// as the runtime resolves it. A class that implements an Amazon.CDK.Lib interface must implement each of its
// abstract members (an interface that gained one makes the class fail to load). --self-test writes a tiny
// assembly in memory that references one member 2.160 has and 2.277 retyped, an invented type and member, and
// has a class missing an interface member, and checks the tool reports exactly those.
#:property Nullable=enable
#:property TreatWarningsAsErrors=true
#:property PublishAot=false
#:property InvariantGlobalization=true

using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

if (args.Length >= 3 && args[0] == "--self-test")
{
    return SelfTest.Run(args[1], args[2]);
}

if (args.Length < 2 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine("usage: check-cdk-references.cs <assembly.dll> <Amazon.CDK.Lib.dll or version>...  |  --self-test <cdk-old> <cdk-new>");
    return 2;
}

var subject = args[0];
if (!File.Exists(subject))
{
    Console.Error.WriteLine($"cdk-references: {subject} does not exist (build it first)");
    return 2;
}

var failed = false;
foreach (var target in args.Skip(1))
{
    var library = CdkLibrary.Locate(target);
    if (library is null)
    {
        return 2;
    }

    var result = ReferenceChecker.Check(File.ReadAllBytes(subject), library);
    foreach (var problem in result.Problems)
    {
        Console.WriteLine($"cdk-references: missing in {library.Label}: {problem}");
    }

    Console.WriteLine($"cdk-references: {Path.GetFileName(subject)} against {library.Label}: {result.Types} type(s), {result.Members} member(s) referenced, {result.Problems.Count} missing");
    failed |= result.Problems.Count > 0;
}

return failed ? 1 : 0;

/// <summary>An Amazon.CDK.Lib.dll to check against, with a label for messages.</summary>
internal sealed record CdkLibrary(string Path, string Label)
{
    public static CdkLibrary? Locate(string pathOrVersion)
    {
        if (File.Exists(pathOrVersion))
        {
            return new CdkLibrary(pathOrVersion, pathOrVersion);
        }

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
        {
            packages = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        var lib = System.IO.Path.Combine(packages, "amazon.cdk.lib", pathOrVersion.ToLowerInvariant(), "lib");
        var dll = Directory.Exists(lib)
            ? Directory.GetFiles(lib, "Amazon.CDK.Lib.dll", SearchOption.AllDirectories).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        if (dll is null)
        {
            Console.Error.WriteLine($"cdk-references: Amazon.CDK.Lib {pathOrVersion} is neither a file nor restored under {packages} (restore a project that references it first)");
            return null;
        }

        return new CdkLibrary(dll, $"Amazon.CDK.Lib {pathOrVersion}");
    }
}

internal sealed record CheckResult(int Types, int Members, IReadOnlyList<string> Problems);

internal static class ReferenceChecker
{
    public static CheckResult Check(byte[] subjectImage, CdkLibrary library)
    {
        using var targetPe = new PEReader(File.OpenRead(library.Path));
        var target = targetPe.GetMetadataReader();
        var targetName = target.GetString(target.GetAssemblyDefinition().Name);
        var index = TypeIndex.Build(target);

        using var subjectPe = new PEReader(ImmutableArray.Create(subjectImage));
        var subject = subjectPe.GetMetadataReader();
        var names = new SignatureNames();
        var problems = new SortedSet<string>(StringComparer.Ordinal);
        var types = 0;
        foreach (var handle in subject.TypeReferences)
        {
            if (!ReferencesAssembly(subject, handle, targetName))
            {
                continue;
            }

            types++;
            var name = SignatureNames.TypeReferenceName(subject, handle);
            if (!index.ContainsKey(name))
            {
                problems.Add($"type {name}");
            }
        }

        var members = 0;
        foreach (var handle in subject.MemberReferences)
        {
            var member = subject.GetMemberReference(handle);
            var parent = ParentTypeReference(subject, member.Parent);
            if (parent is not { } parentRef || !ReferencesAssembly(subject, parentRef, targetName))
            {
                continue;
            }

            members++;
            var typeName = SignatureNames.TypeReferenceName(subject, parentRef);
            var memberName = subject.GetString(member.Name);
            var signature = member.GetKind() == MemberReferenceKind.Field
                ? SignatureNames.Field(member.DecodeFieldSignature(names, subject))
                : SignatureNames.Method(member.DecodeMethodSignature(names, subject));
            if (!index.TryGetValue(typeName, out var typeDef))
            {
                continue; // already reported as a missing type
            }

            if (!HasMember(target, typeDef, memberName, signature, names))
            {
                var near = SameName(target, typeDef, memberName, names);
                problems.Add($"{typeName}::{memberName}{signature}" + (near.Count > 0 ? $" (it has: {string.Join("; ", near)})" : " (no member of that name)"));
            }
        }

        foreach (var problem in UnimplementedInterfaceMembers(subject, target, targetName, index, names))
        {
            problems.Add(problem);
        }

        return new CheckResult(types, members, [.. problems]);
    }

    // A class of the checked assembly that implements an Amazon.CDK.Lib interface fails to load when that interface
    // gained an abstract member: every abstract member of the interface (and of the interfaces it extends) must be
    // implemented by the class, by name and signature or explicitly. Members a base class from another assembly
    // would implement (e.g. Constructs.Construct's Node) cannot be seen here and are not reported.
    private static IEnumerable<string> UnimplementedInterfaceMembers(
        MetadataReader subject, MetadataReader target, string targetName, Dictionary<string, TypeDefinitionHandle> index, SignatureNames names)
    {
        foreach (var typeHandle in subject.TypeDefinitions)
        {
            var type = subject.GetTypeDefinition(typeHandle);
            if ((type.Attributes & System.Reflection.TypeAttributes.Interface) != 0)
            {
                continue;
            }

            var implemented = new List<TypeDefinitionHandle>();
            foreach (var i in type.GetInterfaceImplementations())
            {
                var iface = subject.GetInterfaceImplementation(i).Interface;
                if (iface.Kind == HandleKind.TypeReference && ReferencesAssembly(subject, (TypeReferenceHandle)iface, targetName)
                    && index.TryGetValue(SignatureNames.TypeReferenceName(subject, (TypeReferenceHandle)iface), out var def))
                {
                    implemented.AddRange(SelfAndBaseInterfaces(target, def));
                }
            }

            if (implemented.Count == 0)
            {
                continue;
            }

            var available = ImplementedMembers(subject, typeHandle, target, targetName, index, names);
            foreach (var iface in implemented.Distinct())
            {
                var ifaceName = SignatureNames.TypeDefinitionName(target, iface);
                foreach (var m in target.GetTypeDefinition(iface).GetMethods())
                {
                    var method = target.GetMethodDefinition(m);
                    if ((method.Attributes & MethodAttributes.Abstract) == 0)
                    {
                        continue; // a default implementation
                    }

                    var name = target.GetString(method.Name);
                    var signature = SignatureNames.Method(method.DecodeSignature(names, target));
                    if (!available.Contains(name + signature) && !available.Contains(ifaceName + "." + name + signature))
                    {
                        yield return $"{SignatureNames.TypeDefinitionName(subject, typeHandle)} does not implement {ifaceName}::{name}{signature}";
                    }
                }
            }
        }
    }

    private static IEnumerable<TypeDefinitionHandle> SelfAndBaseInterfaces(MetadataReader reader, TypeDefinitionHandle iface)
    {
        yield return iface;
        foreach (var i in reader.GetTypeDefinition(iface).GetInterfaceImplementations())
        {
            if (reader.GetInterfaceImplementation(i).Interface is { Kind: HandleKind.TypeDefinition } baseInterface)
            {
                foreach (var b in SelfAndBaseInterfaces(reader, (TypeDefinitionHandle)baseInterface))
                {
                    yield return b;
                }
            }
        }
    }

    // What a class and its base classes implement, as "name(signature)" (implicit implementations) and
    // "Interface.name(signature)" (explicit ones). The base class chain is followed into Amazon.CDK.Lib; a base
    // from any other assembly (Constructs, the jsii runtime) does not reference Amazon.CDK.Lib, so it cannot
    // implement an Amazon.CDK.Lib interface member.
    private static HashSet<string> ImplementedMembers(
        MetadataReader subject, TypeDefinitionHandle type, MetadataReader target, string targetName, Dictionary<string, TypeDefinitionHandle> index, SignatureNames names)
    {
        var members = new HashSet<string>(StringComparer.Ordinal);
        AddImplemented(subject, type, names, members);
        var baseType = subject.GetTypeDefinition(SelfAndBases(subject, type).Last()).BaseType;
        if (baseType.Kind == HandleKind.TypeReference && ReferencesAssembly(subject, (TypeReferenceHandle)baseType, targetName)
            && index.TryGetValue(SignatureNames.TypeReferenceName(subject, (TypeReferenceHandle)baseType), out var cdkBase))
        {
            AddImplemented(target, cdkBase, names, members);
        }

        return members;
    }

    private static void AddImplemented(MetadataReader reader, TypeDefinitionHandle type, SignatureNames names, HashSet<string> members)
    {
        foreach (var t in SelfAndBases(reader, type))
        {
            var definition = reader.GetTypeDefinition(t);
            foreach (var m in definition.GetMethods())
            {
                var method = reader.GetMethodDefinition(m);
                _ = members.Add(reader.GetString(method.Name) + SignatureNames.Method(method.DecodeSignature(names, reader)));
            }

            foreach (var i in definition.GetMethodImplementations())
            {
                var declaration = reader.GetMethodImplementation(i).MethodDeclaration;
                if (declaration.Kind == HandleKind.MemberReference)
                {
                    var member = reader.GetMemberReference((MemberReferenceHandle)declaration);
                    if (ParentTypeReference(reader, member.Parent) is { } parent)
                    {
                        _ = members.Add(SignatureNames.TypeReferenceName(reader, parent) + "." + reader.GetString(member.Name) + SignatureNames.Method(member.DecodeMethodSignature(names, reader)));
                    }
                }
                else if (declaration.Kind == HandleKind.MethodDefinition)
                {
                    var method = reader.GetMethodDefinition((MethodDefinitionHandle)declaration);
                    _ = members.Add(SignatureNames.TypeDefinitionName(reader, method.GetDeclaringType()) + "." + reader.GetString(method.Name) + SignatureNames.Method(method.DecodeSignature(names, reader)));
                }
            }
        }
    }

    private static TypeReferenceHandle? ParentTypeReference(MetadataReader reader, EntityHandle parent)
    {
        switch (parent.Kind)
        {
            case HandleKind.TypeReference:
                return (TypeReferenceHandle)parent;
            case HandleKind.TypeSpecification:
                // A member of a generic instantiation: check it on the generic type definition.
                var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)parent).Signature);
                if (blob.ReadSignatureTypeCode() == SignatureTypeCode.GenericTypeInstance)
                {
                    _ = blob.ReadSignatureTypeCode();
                    var definition = blob.ReadTypeHandle();
                    return definition.Kind == HandleKind.TypeReference ? (TypeReferenceHandle)definition : null;
                }

                return null;
            default:
                return null;
        }
    }

    private static bool ReferencesAssembly(MetadataReader reader, TypeReferenceHandle handle, string assembly)
    {
        var scope = reader.GetTypeReference(handle).ResolutionScope;
        while (scope.Kind == HandleKind.TypeReference)
        {
            scope = reader.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
        }

        return scope.Kind == HandleKind.AssemblyReference
            && reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name) == assembly;
    }

    // The declaring type, then its base classes within the same assembly (the runtime resolves a member
    // reference the same way, so a member moved to a base class still binds).
    private static IEnumerable<TypeDefinitionHandle> SelfAndBases(MetadataReader reader, TypeDefinitionHandle type)
    {
        for (TypeDefinitionHandle? current = type; current is { } handle;)
        {
            yield return handle;
            var baseType = reader.GetTypeDefinition(handle).BaseType;
            current = baseType.Kind == HandleKind.TypeDefinition ? (TypeDefinitionHandle)baseType : null;
        }
    }

    private static bool HasMember(MetadataReader reader, TypeDefinitionHandle type, string name, string signature, SignatureNames names) =>
        SelfAndBases(reader, type).Any(t => Members(reader, t, names).Any(m => m.Name == name && m.Signature == signature));

    private static List<string> SameName(MetadataReader reader, TypeDefinitionHandle type, string name, SignatureNames names) =>
        [.. SelfAndBases(reader, type).SelectMany(t => Members(reader, t, names)).Where(m => m.Name == name).Select(m => m.Name + m.Signature).Distinct()];

    private static IEnumerable<(string Name, string Signature)> Members(MetadataReader reader, TypeDefinitionHandle handle, SignatureNames names)
    {
        var type = reader.GetTypeDefinition(handle);
        foreach (var m in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(m);
            yield return (reader.GetString(method.Name), SignatureNames.Method(method.DecodeSignature(names, reader)));
        }

        foreach (var f in type.GetFields())
        {
            var field = reader.GetFieldDefinition(f);
            yield return (reader.GetString(field.Name), SignatureNames.Field(field.DecodeSignature(names, reader)));
        }
    }
}

/// <summary>Every type an assembly defines, by full name (nested types as Outer/Inner).</summary>
internal static class TypeIndex
{
    public static Dictionary<string, TypeDefinitionHandle> Build(MetadataReader reader)
    {
        var index = new Dictionary<string, TypeDefinitionHandle>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            index[SignatureNames.TypeDefinitionName(reader, handle)] = handle;
        }

        return index;
    }
}

/// <summary>
/// Writes types in signatures as assembly-neutral full names, so a signature read from the referencing assembly
/// and one read from Amazon.CDK.Lib compare as strings.
/// </summary>
internal sealed class SignatureNames : ISignatureTypeProvider<string, MetadataReader>
{
    public static string TypeReferenceName(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        var name = reader.GetString(type.Name);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? TypeReferenceName(reader, (TypeReferenceHandle)type.ResolutionScope) + "/" + name
            : Qualify(reader.GetString(type.Namespace), name);
    }

    public static string TypeDefinitionName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        return declaring.IsNil ? Qualify(reader.GetString(type.Namespace), name) : TypeDefinitionName(reader, declaring) + "/" + name;
    }

    public static string Method(MethodSignature<string> signature)
    {
        var generic = signature.GenericParameterCount > 0 ? $"<{signature.GenericParameterCount}>" : string.Empty;
        var instance = signature.Header.IsInstance ? string.Empty : "static ";
        return $"{generic}({string.Join(", ", signature.ParameterTypes)}) : {instance}{signature.ReturnType}";
    }

    public static string Field(string type) => " : " + type;

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
        Kind(rawTypeKind) + TypeDefinitionName(reader, handle);

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
        Kind(rawTypeKind) + TypeReferenceName(reader, handle);

    public string GetTypeFromSpecification(MetadataReader reader, MetadataReader genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode switch
    {
        PrimitiveTypeCode.IntPtr => "IntPtr",
        PrimitiveTypeCode.UIntPtr => "UIntPtr",
        PrimitiveTypeCode.TypedReference => "TypedReference",
        _ => typeCode.ToString(),
    };

    public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{new string(',', shape.Rank - 1)}]";

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetPinnedType(string elementType) => elementType + " pinned";

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
        $"{genericType}<{string.Join(", ", typeArguments)}>";

    public string GetGenericTypeParameter(MetadataReader genericContext, int index) => "!" + index;

    public string GetGenericMethodParameter(MetadataReader genericContext, int index) => "!!" + index;

    public string GetFunctionPointerType(MethodSignature<string> signature) => "method " + Method(signature);

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) =>
        $"{unmodifiedType} {(isRequired ? "modreq" : "modopt")}({modifier})";

    private static string Kind(byte rawTypeKind) =>
        rawTypeKind == (byte)SignatureTypeKind.ValueType ? "valuetype " : string.Empty;

    private static string Qualify(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;
}

/// <summary>Proves the check finds what it should, on an assembly written in memory.</summary>
internal static class SelfTest
{
    private const string UnimplementedMember = "Fixture.AspectWithoutVisit does not implement Amazon.CDK.IAspect::Visit(Constructs.IConstruct)";
    private const string RetypedMember = "Amazon.CDK.AWS.ECR.RepositoryProps::set_EncryptionKey(Amazon.CDK.AWS.KMS.IKey) : System.Void";

    public static int Run(string oldVersion, string newVersion)
    {
        var image = FixtureAssembly();
        var expectations = new[]
        {
            (oldVersion, Expected: new[] { "Amazon.CDK.AWS.ECR.RepositoryProps::NoSuchMember", UnimplementedMember, "type Amazon.CDK.NoSuchType" }),
            (newVersion, Expected: new[] { "Amazon.CDK.AWS.ECR.RepositoryProps::NoSuchMember", RetypedMember, UnimplementedMember, "type Amazon.CDK.NoSuchType" }),
        };
        var failures = 0;
        foreach (var (version, expected) in expectations)
        {
            var library = CdkLibrary.Locate(version);
            if (library is null)
            {
                return 2;
            }

            var problems = ReferenceChecker.Check(image, library).Problems;
            var ok = problems.Count == expected.Length && expected.All(e => problems.Any(p => p.StartsWith(e, StringComparison.Ordinal)));
            Console.WriteLine($"cdk-references self-test against {library.Label}: reported {problems.Count} of {expected.Length} planted problem(s): {(ok ? "ok" : "FAILED")}");
            foreach (var p in problems)
            {
                Console.WriteLine("  " + p);
            }

            failures += ok ? 0 : 1;
        }

        return failures == 0 ? 0 : 1;
    }

    // An assembly that references Amazon.CDK.Lib's RepositoryProps.set_EncryptionKey(IKey) (present in 2.160,
    // retyped in 2.277), a RepositoryProps member that never existed and a type that never existed, and has a
    // class that claims to implement IAspect without a Visit method.
    private static byte[] FixtureAssembly()
    {
        var md = new MetadataBuilder();
        md.AddModule(0, md.GetOrAddString("Fixture.dll"), md.GetOrAddGuid(Guid.NewGuid()), default, default);
        md.AddAssembly(md.GetOrAddString("Fixture"), new Version(1, 0, 0, 0), default, default, 0, AssemblyHashAlgorithm.Sha1);
        var cdk = md.AddAssemblyReference(md.GetOrAddString("Amazon.CDK.Lib"), new Version(2, 0, 0, 0), default, default, 0, default);
        var props = md.AddTypeReference(cdk, md.GetOrAddString("Amazon.CDK.AWS.ECR"), md.GetOrAddString("RepositoryProps"));
        var key = md.AddTypeReference(cdk, md.GetOrAddString("Amazon.CDK.AWS.KMS"), md.GetOrAddString("IKey"));
        _ = md.AddTypeReference(cdk, md.GetOrAddString("Amazon.CDK"), md.GetOrAddString("NoSuchType"));

        var setter = new BlobBuilder();
        new BlobEncoder(setter).MethodSignature(isInstanceMethod: true).Parameters(1, r => r.Void(), p => p.AddParameter().Type().Type(key, isValueType: false));
        _ = md.AddMemberReference(props, md.GetOrAddString("set_EncryptionKey"), md.GetOrAddBlob(setter));
        var invented = new BlobBuilder();
        new BlobEncoder(invented).MethodSignature(isInstanceMethod: true).Parameters(0, r => r.Void(), _ => { });
        _ = md.AddMemberReference(props, md.GetOrAddString("NoSuchMember"), md.GetOrAddBlob(invented));
        md.AddTypeDefinition(default, default, md.GetOrAddString("<Module>"), default, MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));
        var runtime = md.AddAssemblyReference(md.GetOrAddString("System.Runtime"), new Version(10, 0, 0, 0), default, default, 0, default);
        var systemObject = md.AddTypeReference(runtime, md.GetOrAddString("System"), md.GetOrAddString("Object"));
        var aspect = md.AddTypeReference(cdk, md.GetOrAddString("Amazon.CDK"), md.GetOrAddString("IAspect"));
        var broken = md.AddTypeDefinition(
            System.Reflection.TypeAttributes.Public | System.Reflection.TypeAttributes.Sealed, md.GetOrAddString("Fixture"), md.GetOrAddString("AspectWithoutVisit"),
            systemObject, MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));
        md.AddInterfaceImplementation(broken, aspect);

        var pe = new BlobBuilder();
        new ManagedPEBuilder(PEHeaderBuilder.CreateLibraryHeader(), new MetadataRootBuilder(md), new BlobBuilder()).Serialize(pe);
        return pe.ToArray();
    }
}
