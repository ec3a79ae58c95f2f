using Amazon.CDK;

namespace ContainerPatterns.Internal;

/// <summary>
/// Writes cdk-nag suppressions as resource metadata (<c>cdk_nag.rules_to_suppress</c>), the form cdk-nag reads
/// from a synthesized template, so every suppression and its reason are visible in the template itself.
/// </summary>
internal static class NagSuppressions
{
    /// <summary>Suppresses the given rules on one resource, each with the reason it does not apply there.</summary>
    public static void Suppress(CfnResource resource, params (string Rule, string Reason)[] rules) =>
        Suppress(resource, rules.Select(r => new NagSuppression(r.Rule, r.Reason, null)).ToArray());

    /// <summary>Suppresses rules, optionally only for the findings named in <c>AppliesTo</c>.</summary>
    public static void Suppress(CfnResource resource, params NagSuppression[] rules)
    {
        var entries = new List<object>();
        if (resource.GetMetadata("cdk_nag") is IDictionary<string, object> existing
            && existing.TryGetValue("rules_to_suppress", out var current)
            && current is IEnumerable<object> list)
        {
            entries.AddRange(list);
        }

        foreach (var rule in rules)
        {
            if (string.IsNullOrWhiteSpace(rule.Reason) || rule.Reason.Length < 20)
            {
                throw new ArgumentException($"A cdk-nag suppression of {rule.Rule} needs a specific written reason.");
            }

            var entry = new Dictionary<string, object> { ["id"] = rule.Rule, ["reason"] = rule.Reason };
            if (rule.AppliesTo is { Length: > 0 })
            {
                entry["applies_to"] = rule.AppliesTo;
            }

            entries.Add(entry);
        }

        resource.AddMetadata("cdk_nag", new Dictionary<string, object> { ["rules_to_suppress"] = entries.ToArray() });
    }

    /// <summary>
    /// The cdk-nag finding (for <c>AppliesTo</c>) of a grant on the streams of a log group, as CDK writes that ARN
    /// in <paramref name="stack"/>: <c>arn:&lt;partition&gt;:logs:&lt;region&gt;:&lt;account&gt;:log-group:&lt;group&gt;:*</c>,
    /// with the stack's region and account as pseudo parameters when it is environment-agnostic and as literals when
    /// it has a concrete environment (a suppression written for one form does not match the other).
    /// </summary>
    public static string LogStreamsFinding(Stack stack, CfnElement logGroup)
    {
        static string Part(string value, string pseudo) => Token.IsUnresolved(value) ? $"<{pseudo}>" : value;
        return $"Resource::arn:<AWS::Partition>:logs:{Part(stack.Region, "AWS::Region")}:{Part(stack.Account, "AWS::AccountId")}:log-group:<{Stack.Of(logGroup).GetLogicalId(logGroup)}>:*";
    }
}

/// <summary>One cdk-nag rule suppressed on one resource.</summary>
/// <param name="Rule">The rule id, e.g. <c>AwsSolutions-IAM5</c>.</param>
/// <param name="Reason">Why the rule does not apply to this resource.</param>
/// <param name="AppliesTo">The individual findings the suppression covers (e.g. <c>Resource::*</c>); null for all.</param>
internal sealed record NagSuppression(string Rule, string Reason, string[]? AppliesTo);
