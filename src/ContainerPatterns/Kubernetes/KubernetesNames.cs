using System.Text.RegularExpressions;

namespace ContainerPatterns.Kubernetes;

/// <summary>Kubernetes object-name rules that more than one construct validates against.</summary>
internal static partial class KubernetesNames
{
    // RFC 1123 label, as Kubernetes validates namespace names and this library validates service-account and
    // node-pool names: at most 63 characters (k8s.io/apimachinery validation.DNS1123LabelMaxLength).
    public const int MaxLabelLength = 63;

    /// <summary>What a DNS-1123 label is, for messages.</summary>
    public const string LabelRule = "allowed: a DNS-1123 label (1 to 63 lower-case letters, digits and '-', starting and ending with a letter or digit).";

    /// <summary>True when the value is a DNS-1123 label.</summary>
    public static bool IsDnsLabel(string value) => value.Length <= MaxLabelLength && Label().IsMatch(value);

    /// <summary>Records a problem when a name is not a DNS-1123 label; unresolved tokens pass unchecked.</summary>
    public static void ValidateLabel(PropValidator v, string prop, string? value)
    {
        if (value is null)
        {
            v.Fail(prop, value, "it is required; " + LabelRule);
        }
        else if (!PropValidator.IsToken(value) && !IsDnsLabel(value))
        {
            v.Fail(prop, value, LabelRule);
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();
}
