using System.Text.RegularExpressions;

namespace ContainerPatterns.Kubernetes;

/// <summary>Kubernetes object-name rules that more than one construct validates against.</summary>
internal static partial class KubernetesNames
{
    // RFC 1123 label, as Kubernetes validates namespace names and this library validates node-pool names: at most 63
    // characters, lower-case letters, digits and '-', starting and ending with a letter or digit
    // (k8s.io/apimachinery pkg/util/validation, DNS1123LabelMaxLength and dns1123LabelFmt; Kubernetes documentation,
    // "Object Names and IDs", read 2026-12-02).
    public const int MaxLabelLength = 63;

    // RFC 1123 subdomain, as Kubernetes validates service-account names: at most 253 characters, DNS-1123 labels joined
    // by '.' (k8s.io/apimachinery DNS1123SubdomainMaxLength; "Object Names and IDs", read 2026-12-02).
    public const int MaxSubdomainLength = 253;

    // EKS CreateCluster: a name of 1–100 characters, [0-9A-Za-z][A-Za-z0-9\-_]* (EKS API reference, CreateCluster,
    // read 2026-12-02).
    public const int MaxClusterNameLength = 100;

    /// <summary>What a DNS-1123 label is, for messages.</summary>
    public const string LabelRule = "allowed: a DNS-1123 label (1 to 63 lower-case letters, digits and '-', starting and ending with a letter or digit).";

    /// <summary>What a DNS-1123 subdomain is, for messages.</summary>
    public const string SubdomainRule = "allowed: a DNS-1123 subdomain (1 to 253 lower-case letters, digits, '-' and '.', each '.'-separated part starting and ending with a letter or digit).";

    /// <summary>True when the value is a DNS-1123 label.</summary>
    public static bool IsDnsLabel(string value) => value.Length <= MaxLabelLength && Label().IsMatch(value);

    /// <summary>True when the value is a DNS-1123 subdomain.</summary>
    public static bool IsDnsSubdomain(string value) =>
        value.Length <= MaxSubdomainLength && value.Split('.').All(IsDnsLabel);

    /// <summary>Records a problem when a name is not a DNS-1123 subdomain; unresolved tokens pass unchecked.</summary>
    public static void ValidateSubdomain(PropValidator v, string prop, string? value)
    {
        if (value is null)
        {
            v.Fail(prop, value, "it is required; " + SubdomainRule);
        }
        else if (!PropValidator.IsToken(value) && !IsDnsSubdomain(value))
        {
            v.Fail(prop, value, SubdomainRule);
        }
    }

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

    /// <summary>Records a problem when a given EKS cluster name breaks EKS's naming rule; unresolved tokens pass unchecked.</summary>
    public static void ValidateClusterName(PropValidator v, string prop, string? name)
    {
        if (name is null)
        {
            v.Fail(prop, name, $"it is required; allowed: 1 to {MaxClusterNameLength} letters, digits, '-' and '_', starting with a letter or digit.");
        }
        else if (!PropValidator.IsToken(name)
            && (name.Length is 0 or > MaxClusterNameLength || !char.IsAsciiLetterOrDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            v.Fail(prop, name, $"allowed: 1 to {MaxClusterNameLength} letters, digits, '-' and '_', starting with a letter or digit.");
        }
    }

    // dns1123LabelFmt of k8s.io/apimachinery pkg/util/validation (read 2026-12-02).
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();
}
