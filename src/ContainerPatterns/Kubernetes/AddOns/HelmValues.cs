namespace ContainerPatterns.Kubernetes;

/// <summary>
/// Helm values given by users on top of a construct's own: checked for what Helm cannot take, and merged the way
/// Helm merges a values file over a chart's defaults (maps key by key, anything else replaced).
/// </summary>
internal static class HelmValues
{
    /// <summary>Records keys that are blank and values that are null (Helm would drop or refuse them).</summary>
    public static void Validate(PropValidator v, string prop, IReadOnlyDictionary<string, object>? values, string? at = null)
    {
        foreach (var (key, value) in values ?? new Dictionary<string, object>())
        {
            var path = at is null ? $"{prop}[\"{key}\"]" : $"{at}[\"{key}\"]";
            if (string.IsNullOrWhiteSpace(key))
            {
                v.Fail($"{at ?? prop} key", key, "allowed: a non-blank Helm value name.");
            }
            else if (value is null)
            {
                v.Missing(path, value, "a Helm value (a string, number, bool, list or dictionary); leave the key out to keep the construct's value");
            }
            else if (value is IReadOnlyDictionary<string, object> nested)
            {
                Validate(v, prop, nested, path);
            }
            else if (value is IDictionary<string, object> map)
            {
                Validate(v, prop, new Dictionary<string, object>(map), path);
            }
        }
    }

    /// <summary>
    /// The construct's values with <paramref name="overrides"/> merged over them: where both hold a dictionary the two
    /// merge recursively; otherwise the override's value replaces the construct's. Key order: the construct's, then new keys.
    /// </summary>
    public static Dictionary<string, object> Merge(IDictionary<string, object> own, IReadOnlyDictionary<string, object>? overrides)
    {
        var merged = new Dictionary<string, object>(own, StringComparer.Ordinal);
        foreach (var (key, value) in overrides ?? new Dictionary<string, object>())
        {
            merged[key] = merged.TryGetValue(key, out var mine) && AsMap(mine) is { } a && AsMap(value) is { } b
                ? Merge(a, new Dictionary<string, object>(b))
                : value;
        }

        return merged;
    }

    private static IDictionary<string, object>? AsMap(object value) => value switch
    {
        IDictionary<string, object> d => d,
        IReadOnlyDictionary<string, object> r => r.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
        _ => null,
    };
}
