namespace ContainerPatterns.Ecs;

/// <summary>The environment variables a container is given, checked the same way wherever they come from.</summary>
internal static class ContainerVariables
{
    /// <summary>True when ECS and a process environment take the name: not blank, no '=' and no NUL.</summary>
    public static bool IsValidName(string? name) =>
        // ECS refuses a blank name ("Environment variable name cannot be null or blank"); '=' and NUL cannot stand in a
        // process environment's NAME=value entries.
        !string.IsNullOrWhiteSpace(name) && !name.Contains('=', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);

    /// <summary>Records a variable name ECS or a process environment cannot take (<paramref name="example"/> names a good one).</summary>
    public static void ValidateName(PropValidator v, string prop, string name, string example)
    {
        if (!IsValidName(name))
        {
            v.Fail($"{prop} key", name, $"allowed: a non-blank variable name without '=' (e.g. \"{example}\").");
        }
    }

    /// <summary>Records every bad name and every null value (<paramref name="value"/> says what a value must be).</summary>
    public static void Validate<T>(PropValidator v, string prop, IReadOnlyDictionary<string, T>? variables, string value)
        where T : class
    {
        foreach (var (name, given) in variables?.OrderBy(e => e.Key, StringComparer.Ordinal) ?? Enumerable.Empty<KeyValuePair<string, T>>())
        {
            ValidateName(v, prop, name, "LOG_LEVEL");
            // A caller with nullable annotations off can still put null here.
            v.Missing($"{prop}[\"{name}\"]", (T?)given, value);
        }
    }
}
