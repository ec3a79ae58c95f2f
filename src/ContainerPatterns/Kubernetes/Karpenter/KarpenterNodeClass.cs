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

    // gp3 volumes are 1 GiB to 16 TiB (Amazon EBS User Guide, "Amazon EBS volume types", gp3 volume size, read 2026-12-02).
    public const double MaxVolumeGiB = 16384;

    // Bottlerocket's OS volume: Karpenter's default size for it (Karpenter v1.14 docs, concepts/nodeclasses.md,
    // blockDeviceMappings defaults for Bottlerocket, read 2026-12-02).
    private const string BottlerocketOsVolume = "4Gi";

    /// <summary>The AMI version <paramref name="family"/> gets when none is given: a pinned release, never <c>latest</c>.</summary>
    public static string DefaultAmiVersion(KarpenterAmiFamily family) =>
        family == KarpenterAmiFamily.Bottlerocket ? Karpenter.DefaultBottlerocketAmiVersion : Karpenter.DefaultAmazonLinux2023AmiVersion;

    /// <summary>
    /// Records a problem with an AMI version that is neither <c>latest</c> nor a version of <paramref name="family"/>:
    /// Amazon Linux 2023's EKS AMIs are released as <c>vYYYYMMDD</c> (awslabs/amazon-eks-ami release tags, e.g.
    /// v20260714), Bottlerocket's as <c>vMAJOR.MINOR.PATCH</c> (bottlerocket-os/bottlerocket release tags, e.g. v1.64.0),
    /// and Karpenter's alias takes them as released, with the v ("al2023@v20240625", "bottlerocket@v1.10.0":
    /// karpenter.k8s.aws_ec2nodeclasses.yaml of Karpenter v1.14.1, amiSelectorTerms.alias; all read 2026-12-02).
    /// </summary>
    public static void ValidateAmiVersion(PropValidator v, string prop, string? version, KarpenterAmiFamily family)
    {
        if (version is null || PropValidator.IsToken(version) || version == "latest")
        {
            return;
        }

        if (!Enum.IsDefined(family))
        {
            if (!Al2023Version().IsMatch(version) && !BottlerocketVersion().IsMatch(version))
            {
                v.Fail(prop, version, "allowed: \"latest\" (nodes drift to each new AMI) or a release of the AMI family, such as \"v20260714\" (Amazon Linux 2023) or \"v1.64.0\" (Bottlerocket).");
            }

            return;
        }

        var bottlerocket = family == KarpenterAmiFamily.Bottlerocket;
        var (own, other) = bottlerocket ? (BottlerocketVersion(), Al2023Version()) : (Al2023Version(), BottlerocketVersion());
        var allowed = bottlerocket
            ? "allowed: \"latest\" (nodes drift to each new AMI) or a Bottlerocket release such as \"v1.64.0\" (vMAJOR.MINOR.PATCH)."
            : "allowed: \"latest\" (nodes drift to each new AMI) or an Amazon Linux 2023 release such as \"v20260714\" (vYYYYMMDD).";
        var withV = version.StartsWith('v') ? version : "v" + version;
        if (own.IsMatch(version))
        {
            return;
        }

        if (own.IsMatch(withV))
        {
            v.Fail(prop, version, $"Karpenter's AMI alias takes the release with its v (\"{withV}\"); {allowed}");
        }
        else if (other.IsMatch(withV))
        {
            v.Fail(prop, version, $"it is {(bottlerocket ? "an Amazon Linux 2023" : "a Bottlerocket")} release, and AmiFamily = {family}; {allowed}");
        }
        else
        {
            v.Fail(prop, version, allowed);
        }
    }

    /// <summary>The manifest: the node role, the AMI alias, subnets and security groups by selector, IMDSv2 with one hop, encrypted gp3 volumes.</summary>
    /// <param name="nodeRoleName">The name of the role the nodes' instance profile carries.</param>
    /// <param name="family">The AMI family.</param>
    /// <param name="amiVersion">The AMI version in the alias (pinned, or <c>latest</c> when asked).</param>
    /// <param name="volumeSize">The size of the root volume (Bottlerocket: the data volume), as the node class takes it (<c>20Gi</c>).</param>
    /// <param name="subnetSelector">The subnet selector terms.</param>
    /// <param name="securityGroupSelector">The security group selector terms.</param>
    public static Dictionary<string, object> Render(
        string nodeRoleName,
        KarpenterAmiFamily family,
        string amiVersion,
        string volumeSize,
        object[] subnetSelector,
        object[] securityGroupSelector)
    {
        var size = volumeSize;
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

    /// <summary>The node class's volume size: whole GiB of a literal, a token in GiB or TiB as given; null for a token in another unit.</summary>
    public static string? VolumeSize(Size? size) =>
        size is null ? DefaultVolumeGiB.ToString(CultureInfo.InvariantCulture) + "Gi"
        : KubernetesQuantities.Quantity(size, KubernetesQuantities.Gibibytes, KubernetesQuantities.Tebibytes);

    // Amazon Linux 2023 EKS AMI releases are vYYYYMMDD (awslabs/amazon-eks-ami tags, e.g. v20260714; read 2026-12-02).
    [GeneratedRegex(@"^v[0-9]{8}$")]
    private static partial Regex Al2023Version();

    // Bottlerocket releases are vMAJOR.MINOR.PATCH (bottlerocket-os/bottlerocket tags, e.g. v1.64.0; read 2026-12-02).
    [GeneratedRegex(@"^v[0-9]+\.[0-9]+\.[0-9]+$")]
    private static partial Regex BottlerocketVersion();
}
