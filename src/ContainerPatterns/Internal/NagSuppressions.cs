using Amazon.CDK.AWS.IAM;

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
            if (string.IsNullOrWhiteSpace(rule.Reason) || rule.Reason.Length < RepositoryFacts.NagReasonMinimum)
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
}

/// <summary>One cdk-nag rule suppressed on one resource.</summary>
/// <param name="Rule">The rule id, e.g. <c>AwsSolutions-IAM5</c>.</param>
/// <param name="Reason">Why the rule does not apply to this resource.</param>
/// <param name="AppliesTo">The individual findings the suppression covers (e.g. <c>Resource::*</c>); null for all.</param>
internal sealed record NagSuppression(string Rule, string Reason, string[]? AppliesTo);

/// <summary>Writes CloudFormation values the way cdk-nag names them in its findings.</summary>
internal static class NagFindings
{
    /// <summary>
    /// The <c>Resource::...</c> findings cdk-nag's AwsSolutions-IAM5 reports for a policy: every resource of its
    /// statements that holds a <c>*</c>, flattened as cdk-nag names it, sorted and without duplicates.
    /// </summary>
    public static string[] WildcardResources(Policy policy) => WildcardResources(Stack.Of(policy).Resolve(policy.Document));

    /// <summary>The same findings for a policy document already resolved (<c>Stack.Resolve</c>).</summary>
    public static string[] WildcardResources(object? resolvedDocument)
    {
        var findings = new SortedSet<string>(StringComparer.Ordinal);
        var document = resolvedDocument as IDictionary<string, object>;
        foreach (var statement in (document?["Statement"] as object[] ?? []).OfType<IDictionary<string, object>>())
        {
            var resources = statement.TryGetValue("Resource", out var r) ? r is object[] list ? list : [r] : [];
            foreach (var flat in resources.Select(Flatten).Where(f => f.Contains('*', StringComparison.Ordinal)))
            {
                findings.Add("Resource::" + flat);
            }
        }

        return findings.ToArray();
    }

    /// <summary>
    /// Flattens a resolved CloudFormation value as cdk-nag does for <c>applies_to</c> findings: <c>Fn::Join</c> joined,
    /// <c>Ref</c> as <c>&lt;Name&gt;</c>, <c>Fn::GetAtt</c> as <c>&lt;Resource.Attribute&gt;</c>, <c>Fn::ImportValue</c> as its
    /// export name, <c>${...}</c> of <c>Fn::Sub</c> as <c>&lt;...&gt;</c>.
    /// </summary>
    public static string Flatten(object? value) => value switch
    {
        null => string.Empty,
        string s => s.Replace("${", "<", StringComparison.Ordinal).Replace("}", ">", StringComparison.Ordinal),
        IDictionary<string, object> d when d.TryGetValue("Fn::Join", out var join) && join is object[] { Length: 2 } j && j[1] is object[] items =>
            string.Join(j[0] as string ?? string.Empty, items.Select(Flatten)),
        IDictionary<string, object> d when d.TryGetValue("Fn::Sub", out var sub) => Flatten(sub),
        IDictionary<string, object> d when d.TryGetValue("Fn::GetAtt", out var att) && att is object[] { Length: 2 } a => $"<{Flatten(a[0])}.{Flatten(a[1])}>",
        IDictionary<string, object> d when d.TryGetValue("Fn::ImportValue", out var import) => Flatten(import),
        IDictionary<string, object> d when d.TryGetValue("Ref", out var r) => $"<{Flatten(r)}>",
        _ => System.Text.Json.JsonSerializer.Serialize(value),
    };
}
