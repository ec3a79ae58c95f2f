using System.Text.Json;

namespace ContainerPatterns.Internal;

/// <summary>
/// One IAM policy statement, written with CloudFormation <c>Fn::Sub</c> placeholders: the pseudo parameters
/// (<c>${AWS::Partition}</c>, <c>${AWS::Region}</c>, <c>${AWS::AccountId}</c>) and named variables (e.g.
/// <c>${ClusterName}</c>), which may appear in resources, condition values and condition keys.
/// </summary>
/// <param name="Sid">The statement id; null for none.</param>
/// <param name="Actions">The actions allowed.</param>
/// <param name="Resources">The resources they are allowed on.</param>
/// <param name="Conditions">Operator → key → a string or a string array; null for none.</param>
internal sealed record IamStatement(
    string? Sid,
    string[] Actions,
    string[] Resources,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>>? Conditions = null);

/// <summary>Renders <see cref="IamStatement"/>s as a policy document for a <c>PolicyDocument</c> property.</summary>
internal static class IamDocuments
{
    private static readonly (string Placeholder, string Token)[] PseudoParameters =
    [
        ("${AWS::Partition}", Aws.PARTITION),
        ("${AWS::Region}", Aws.REGION),
        ("${AWS::AccountId}", Aws.ACCOUNT_ID),
    ];

    /// <summary>
    /// The document: as JSON objects when every variable used in a condition key is known at synth (so tools such as
    /// cdk-nag can read the statements); otherwise as one JSON text through <c>Fn::Sub</c>, because CloudFormation takes
    /// no intrinsic function in a key but IAM takes the document as text.
    /// </summary>
    public static object Render(IReadOnlyList<IamStatement> statements, IReadOnlyDictionary<string, string> variables)
    {
        var tokenInKey = statements
            .SelectMany(s => s.Conditions?.Values.SelectMany(c => c.Keys) ?? [])
            .Any(key => variables.Any(var => key.Contains("${" + var.Key + "}", StringComparison.Ordinal) && PropValidator.IsToken(var.Value)));
        if (tokenInKey)
        {
            return Fn.Sub(JsonSerializer.Serialize(Text(statements)), variables.ToDictionary(x => x.Key, x => x.Value));
        }

        string Resolve(string text)
        {
            foreach (var (name, value) in variables)
            {
                text = text.Replace("${" + name + "}", value, StringComparison.Ordinal);
            }

            foreach (var (placeholder, token) in PseudoParameters)
            {
                text = text.Replace(placeholder, token, StringComparison.Ordinal);
            }

            return text;
        }

        return new Dictionary<string, object>
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = statements.Select(s => Statement(s, Resolve)).ToArray(),
        };
    }

    /// <summary>The document as plain data with the placeholders left in (the <c>Fn::Sub</c> text, and what tests compare).</summary>
    public static Dictionary<string, object> Text(IReadOnlyList<IamStatement> statements) => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = statements.Select(s => Statement(s, t => t)).ToArray(),
    };

    private static Dictionary<string, object> Statement(IamStatement s, Func<string, string> resolve)
    {
        var statement = new Dictionary<string, object>();
        if (s.Sid is not null)
        {
            statement["Sid"] = s.Sid;
        }

        statement["Effect"] = "Allow";
        statement["Action"] = OneOrMany(s.Actions);
        statement["Resource"] = OneOrMany(s.Resources.Select(resolve).ToArray());
        if (s.Conditions is { Count: > 0 } conditions)
        {
            statement["Condition"] = conditions.ToDictionary(
                op => op.Key,
                op => (object)op.Value.ToDictionary(
                    c => resolve(c.Key),
                    c => c.Value is string[] many ? (object)many.Select(resolve).ToArray() : resolve((string)c.Value)));
        }

        return statement;
    }

    private static object OneOrMany(string[] values) => values.Length == 1 ? values[0] : values;
}
