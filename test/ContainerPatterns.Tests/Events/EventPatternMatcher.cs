using System.Text.Json.Nodes;

namespace ContainerPatterns.Tests.Events;

/// <summary>
/// A small EventBridge event-pattern matcher for tests: exact values, prefix, suffix, wildcard, anything-but, exists,
/// nested objects, arrays in the event (any element matches) and $or. Enough to prove which sample events a
/// synthesized pattern matches, offline.
/// </summary>
internal static class EventPatternMatcher
{
    public static bool Matches(JsonObject pattern, JsonNode? evt)
    {
        foreach (var (key, rule) in pattern)
        {
            if (key == "$or")
            {
                if (!rule!.AsArray().Any(alternative => Matches(alternative!.AsObject(), evt)))
                {
                    return false;
                }

                continue;
            }

            var value = evt is JsonObject o && o.TryGetPropertyValue(key, out var v) ? v : null;
            if (!FieldMatches(rule!, value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool FieldMatches(JsonNode rule, JsonNode? value)
    {
        if (rule is JsonObject nested)
        {
            return value switch
            {
                JsonArray items => items.Any(item => Matches(nested, item)),
                JsonObject => Matches(nested, value),
                _ => false,
            };
        }

        var matchers = rule.AsArray();
        if (value is null)
        {
            return matchers.Any(m => m is JsonObject e && e.TryGetPropertyValue("exists", out var x) && !x!.GetValue<bool>());
        }

        var values = value is JsonArray array ? array.ToList() : [value];
        return matchers.Any(m => values.Any(val => ValueMatches(m!, val)));
    }

    private static bool ValueMatches(JsonNode matcher, JsonNode? value)
    {
        if (matcher is not JsonObject op)
        {
            return JsonNode.DeepEquals(matcher, value);
        }

        var (name, arg) = op.Single();
        var text = value is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : null;
        return name switch
        {
            "prefix" => text is not null && text.StartsWith(arg!.GetValue<string>(), StringComparison.Ordinal),
            "suffix" => text is not null && text.EndsWith(arg!.GetValue<string>(), StringComparison.Ordinal),
            "wildcard" => text is not null && System.Text.RegularExpressions.Regex.IsMatch(text, "^" + string.Join(".*", arg!.GetValue<string>().Split('*').Select(System.Text.RegularExpressions.Regex.Escape)) + "$"),
            "anything-but" => arg is JsonArray list ? !list.Any(a => JsonNode.DeepEquals(a, value)) : !JsonNode.DeepEquals(arg, value),
            "exists" => arg!.GetValue<bool>(),
            _ => throw new NotSupportedException($"matcher {name} is not supported by this test matcher"),
        };
    }
}
