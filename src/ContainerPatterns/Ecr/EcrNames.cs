using System.Text.RegularExpressions;

namespace ContainerPatterns.Ecr;

/// <summary>ECR's rules for repository names, tags, account ids and filters, shared by the ECR constructs.</summary>
internal static partial class EcrNames
{
    // Repository names: 2–256 characters (ECR API reference, CreateRepository repositoryName, read 2026-12-02 in its API
    // model, botocore 1.43.11).
    public const int MinRepositoryNameLength = 2;
    public const int MaxRepositoryNameLength = 256;

    public const string RepositoryNameAllowed =
        "allowed: 2 to 256 lowercase letters and digits, in path parts separated by / (e.g. \"team/service\"), each part " +
        "a run of letters and digits joined by single '.', '_' or '-' (ECR repository name rules).";

    public const string AccountIdAllowed = "allowed: a 12-digit AWS account id.";

    /// <summary>True when <paramref name="name"/> is a valid ECR repository name.</summary>
    public static bool IsRepositoryName(string name) =>
        name.Length is >= MinRepositoryNameLength and <= MaxRepositoryNameLength && RepositoryName().IsMatch(name);

    /// <summary>True when <paramref name="id"/> is a 12-digit account id.</summary>
    public static bool IsAccountId(string id) => AccountId().IsMatch(id);

    /// <summary>Validates a list of account ids: each 12 digits, none twice; tokens pass unchecked.</summary>
    public static void ValidateAccountIds(PropValidator v, string prop, IReadOnlyList<string>? ids)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, at) in v.Literals(prop, ids, "a 12-digit account id"))
        {
            if (!IsAccountId(id))
            {
                v.Fail(at, id, AccountIdAllowed);
            }
            else if (!seen.Add(id))
            {
                v.Fail(at, id, "each account id may appear once (duplicate).");
            }
        }
    }

    // ECR repository names (CreateRepository, the same source and date): path parts of [a-z0-9] runs joined by single separators.
    [GeneratedRegex(@"^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$", RegexOptions.NonBacktracking)]
    private static partial Regex RepositoryName();

    [GeneratedRegex(@"^[0-9]{12}$")]
    private static partial Regex AccountId();
}
