using System.Globalization;
using System.Text.RegularExpressions;

namespace ContainerPatterns.Kubernetes;

/// <summary>The <c>EC2NodeClass</c> every node pool of a <see cref="Karpenter"/> launches its nodes from.</summary>
internal static partial class KarpenterNodeClass
{
    /// <summary>The node class's name, which the node pools reference.</summary>
    public const string Name = "default";

    /// <summary>The tag Karpenter discovers subnets and security groups by (Karpenter's getting-started guide).</summary>
    public const string DiscoveryTag = "karpenter.sh/discovery";

    /// <summary>The default root (Bottlerocket: data) volume size.</summary>
    public const double DefaultVolumeGiB = 20;

    // gp3 volumes are 1 GiB to 16 TiB (Amazon EBS volume types).
    public const double MaxVolumeGiB = 16384;

    // Bottlerocket's OS volume: Karpenter's default size for it.
    private const string BottlerocketOsVolume = "4Gi";

    /// <summary>Records a problem with an AMI version that is neither <c>latest</c> nor a version such as <c>v20250101</c> or <c>1.42.0</c>.</summary>
    public static void ValidateAmiVersion(PropValidator v, string prop, string? version)
    {
        if (version is not null && !PropValidator.IsToken(version) && !AmiVersion().IsMatch(version))
        {
            v.Fail(prop, version, "allowed: \"latest\" or a version of the AMI family, such as \"v20250101\" (Amazon Linux 2023) or \"v1.42.0\" (Bottlerocket).");
        }
    }

    /// <summary>The manifest: the node role, the AMI alias, subnets and security groups by selector, IMDSv2 with one hop, encrypted gp3 volumes.</summary>
    /// <param name="nodeRoleName">The name of the role the nodes' instance profile carries.</param>
    /// <param name="family">The AMI family.</param>
    /// <param name="amiVersion">The AMI version in the alias (<c>latest</c> or pinned).</param>
    /// <param name="volumeGiB">The size of the root volume (Bottlerocket: the data volume).</param>
    /// <param name="subnetSelector">The subnet selector terms.</param>
    /// <param name="securityGroupSelector">The security group selector terms.</param>
    public static Dictionary<string, object> Render(
        string nodeRoleName,
        KarpenterAmiFamily family,
        string amiVersion,
        double volumeGiB,
        object[] subnetSelector,
        object[] securityGroupSelector)
    {
        var size = PropValidator.IsToken(volumeGiB) ? Token.AsString(volumeGiB) + "Gi" : volumeGiB.ToString(CultureInfo.InvariantCulture) + "Gi";
        var volumes = family == KarpenterAmiFamily.Bottlerocket
            ? new object[] { Volume("/dev/xvda", BottlerocketOsVolume), Volume("/dev/xvdb", size) }
            : [Volume("/dev/xvda", size)];
        return new Dictionary<string, object>
        {
            ["apiVersion"] = "karpenter.k8s.aws/v1",
            ["kind"] = "EC2NodeClass",
            ["metadata"] = new Dictionary<string, object> { ["name"] = Name },
            ["spec"] = new Dictionary<string, object>
            {
                ["role"] = nodeRoleName,
                ["amiSelectorTerms"] = new object[] { new Dictionary<string, object> { ["alias"] = $"{(family == KarpenterAmiFamily.Bottlerocket ? "bottlerocket" : "al2023")}@{amiVersion}" } },
                ["subnetSelectorTerms"] = subnetSelector,
                ["securityGroupSelectorTerms"] = securityGroupSelector,
                // IMDSv2 only, and one hop: pods cannot reach the node's credentials through the metadata service.
                ["metadataOptions"] = new Dictionary<string, object>
                {
                    ["httpEndpoint"] = "enabled",
                    ["httpProtocolIPv6"] = "disabled",
                    ["httpPutResponseHopLimit"] = 1,
                    ["httpTokens"] = "required",
                },
                ["blockDeviceMappings"] = volumes,
            },
        };
    }

    /// <summary>A selector term matching the discovery tag.</summary>
    public static object[] ByDiscoveryTag(string clusterName) =>
        [new Dictionary<string, object> { ["tags"] = new Dictionary<string, object> { [DiscoveryTag] = clusterName } }];

    /// <summary>Selector terms naming resources by id.</summary>
    public static object[] ByIds(IEnumerable<string> ids) =>
        ids.Select(id => (object)new Dictionary<string, object> { ["id"] = id }).ToArray();

    private static Dictionary<string, object> Volume(string device, string size) => new()
    {
        ["deviceName"] = device,
        ["ebs"] = new Dictionary<string, object>
        {
            ["volumeSize"] = size,
            ["volumeType"] = "gp3",
            ["encrypted"] = true,
            ["deleteOnTermination"] = true,
        },
    };

    [GeneratedRegex(@"^(latest|v?\d+(\.\d+)*)$")]
    private static partial Regex AmiVersion();
}
