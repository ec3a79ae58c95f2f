using System.Text.RegularExpressions;
using Amazon.CDK.RegionInfo;

namespace ContainerPatterns.Internal;

/// <summary>
/// AWS region names: the regions listed here (every partition, as AWS published them by November 2026) plus every
/// region the running CDK's fact database knows, so a newer Amazon.CDK.Lib brings newer regions with it.
/// </summary>
internal static partial class AwsRegions
{
    private static readonly HashSet<string> Listed = new(StringComparer.Ordinal)
    {
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
        "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
        "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1",
        "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1",
        "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        "cn-north-1", "cn-northwest-1",
        "us-gov-east-1", "us-gov-west-1",
        "us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "us-isof-east-1", "us-isof-south-1", "eu-isoe-west-1",
        "eusc-de-east-1",
    };

    private static HashSet<string>? _known;

    /// <summary>True when <paramref name="name"/> is a region AWS has (one jsii call the first time it is asked).</summary>
    public static bool IsKnown(string name)
    {
        if (Listed.Contains(name))
        {
            return true;
        }

        if (!Shape().IsMatch(name))
        {
            return false;
        }

        _known ??= new HashSet<string>(RegionInfo.Regions.Select(r => r.Name), StringComparer.Ordinal);
        return _known.Contains(name);
    }

    [GeneratedRegex("^[a-z]{2,4}(?:-[a-z]+)+-[0-9]{1,2}$")]
    private static partial Regex Shape();
}
