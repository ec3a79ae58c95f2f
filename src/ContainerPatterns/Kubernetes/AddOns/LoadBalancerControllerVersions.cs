namespace ContainerPatterns.Kubernetes;

/// <summary>
/// The <c>aws-load-balancer-controller</c> chart versions the EKS charts repository has, checked at synth as Karpenter's
/// versions are: the chart an <see cref="AwsLoadBalancerController"/> installs must exist and run a controller whose
/// documented IAM policy is the one the construct grants.
/// </summary>
internal static class LoadBalancerControllerVersions
{
    // Every aws-load-balancer-controller entry (chart version = controller version) of the EKS charts repository's
    // index.yaml (aws/eks-charts branch gh-pages at c7f9ea56, generated 2026-08-03; read 2026-12-02), newest first.
    private static readonly (string Chart, string Controller)[] Published = Parse(
        "3.5.0=v3.5.0 3.4.3=v3.4.3 3.4.2=v3.4.2 3.4.1=v3.4.1 3.4.0=v3.4.0 3.3.0=v3.3.0 3.2.2=v3.2.2 3.2.1=v3.2.1 3.2.0=v3.2.0 " +
        "3.1.0=v3.1.0 3.0.0=v3.0.0 1.17.1=v2.17.1 1.17.0=v2.17.0 1.16.0=v2.16.0 1.15.0=v2.15.0 1.14.1=v2.14.1 1.14.0=v2.14.0 " +
        "1.13.4=v2.13.4 1.13.3=v2.13.3 1.13.2=v2.13.2 1.13.1=v2.13.1 1.13.0=v2.13.0 1.12.0=v2.12.0 1.11.0=v2.11.0 1.10.1=v2.10.1 " +
        "1.10.0=v2.10.0 1.9.2=v2.9.2 1.9.1=v2.9.1 1.9.0=v2.9.0 1.8.4=v2.8.3 1.8.3=v2.8.3 1.8.2=v2.8.2 1.8.1=v2.8.1 1.8.0=v2.8.0 " +
        "1.7.2=v2.7.2 1.7.1=v2.7.1 1.7.0=v2.7.0 1.6.2=v2.6.2 1.6.1=v2.6.1 1.6.0=v2.6.0 1.5.5=v2.5.4 1.5.4=v2.5.3 1.5.3=v2.5.2 " +
        "1.5.2=v2.5.1 1.5.1=v2.5.1 1.5.0=v2.5.0 1.4.8=v2.4.7 1.4.7=v2.4.6 1.4.6=v2.4.5 1.4.5=v2.4.4 1.4.4=v2.4.3 1.4.3=v2.4.2 " +
        "1.4.2=v2.4.2 1.4.1=v2.4.1 1.4.0=v2.4.0 1.3.3=v2.3.1 1.3.2=v2.3.0 1.3.1=v2.3.0 1.2.7=v2.2.4 1.2.6=v2.2.3 1.2.5=v2.2.2 " +
        "1.2.3=v2.2.1 1.2.2=v2.2.0 1.2.1=v2.2.0 1.2.0=v2.2.0 1.1.6=v2.1.3 1.1.5=v2.1.3 1.1.4=v2.1.2 1.1.3=v2.1.1 1.1.2=v2.1.1 " +
        "1.1.1=v2.1.0 1.1.0=v2.1.0 1.0.8=v2.0.1 1.0.7=v2.0.1 1.0.6=v2.0.0 1.0.5=v2.0.0 1.0.4=v2.0.0 1.0.3=v2.0.0 1.0.0=v2.0.0 " +
        "0.1.1=v2.0.0");

    // The oldest chart whose controller documents the policy LoadBalancerControllerPolicy grants (docs/install/iam_policy.json,
    // the same from controller v2.13.0 to v3.5.0; kubernetes-sigs/aws-load-balancer-controller, read 2026-12-02).
    private const int OldestGrantedIndex = 21; // 1.13.0=v2.13.0

    /// <summary>The chart versions the construct installs, newest first.</summary>
    public static IEnumerable<string> Supported => Published.Take(OldestGrantedIndex + 1).Select(p => p.Chart);

    /// <summary>Records a problem when the chart version is not one the repository has with the policy the construct grants.</summary>
    public static void Validate(PropValidator v, string prop, string version)
    {
        var index = Array.FindIndex(Published, p => p.Chart == version);
        var allowed = $"allowed: {string.Join(", ", Supported)}";
        if (index > OldestGrantedIndex)
        {
            v.Fail(prop, version, $"the EKS charts repository has it (controller {Published[index].Controller}), but that controller documents another IAM policy than the one this construct grants (controllers v2.13.0 to v3.5.0); {allowed}.");
        }
        else if (index < 0)
        {
            var controller = Array.FindIndex(Published, p => p.Controller == "v" + version);
            var hint = controller < 0 ? string.Empty : $" ({version} is a controller version; its chart is {Published[controller].Chart})";
            v.Fail(prop, version, $"the EKS charts repository has no aws-load-balancer-controller chart of that version{hint}; {allowed}.");
        }
    }

    private static (string Chart, string Controller)[] Parse(string table) =>
        table.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(e => e.Split('=')).Select(p => (p[0], p[1])).ToArray();
}
