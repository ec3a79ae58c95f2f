using Amazon.CDK.AWS.EKS;

namespace ContainerPatterns.Kubernetes;

/// <summary>What Pod Identity and IRSA service accounts share: their validation and their manifest.</summary>
internal static class ServiceAccounts
{
    /// <summary>The namespace used when none is given.</summary>
    public const string DefaultNamespace = "default";

    /// <summary>
    /// Validates cluster, name (a DNS-1123 subdomain, as Kubernetes names service accounts) and namespace (a DNS-1123
    /// label), and that no other construct of this app holds the same service account on the cluster; returns the
    /// namespace with its default applied.
    /// </summary>
    public static string Validate(PropValidator v, IKubernetesCluster? cluster, string? name, string? ns)
    {
        if (cluster is null)
        {
            v.Fail("Cluster", null, "it is required; allowed: a KubernetesCluster, or one from KubernetesCluster.FromClusterAttributes.");
        }

        var problems = v.ProblemCount;
        KubernetesNames.ValidateSubdomain(v, "Name", name);
        KubernetesNames.ValidateLabel(v, "Namespace", ns ?? DefaultNamespace);
        var resolved = ns ?? DefaultNamespace;
        if (v.ProblemCount == problems && cluster?.ServiceAccountHolder(resolved, name!) is { } holder)
        {
            v.Fail("Name", name, $"the service account {resolved}/{name} on {cluster.Node.Path} is already {holder}'s, and a service account has one IAM identity (EKS allows one Pod Identity association per service account); allowed: another name or namespace, or reuse {holder}.");
        }

        return resolved;
    }

    /// <summary>
    /// Warns when <paramref name="who"/> is to act through Pod Identity on a cluster that does not install the Pod
    /// Identity agent (<c>CoreAddons = false</c>): it may come from elsewhere, but without it the pods get no credentials.
    /// </summary>
    public static void WarnWithoutPodIdentityAgent(Construct scope, IKubernetesCluster cluster, string who, string alternative)
    {
        if (!cluster.RunsPodIdentityAgent())
        {
            CdkCompat.AddWarning(scope, PodIdentityServiceAccount.NoPodIdentityAgentWarningId,
                $"{who} acts through EKS Pod Identity, but {cluster.Node.Path} does not install the eks-pod-identity-agent add-on (CoreAddons = false, or an imported cluster without PodIdentityAgent = true): install it, or {alternative}.");
        }
    }

    /// <summary>Applies the service account through the cluster's kubectl provider, optionally with annotations.</summary>
    public static KubernetesManifest Apply(Construct scope, IKubernetesCluster cluster, string ns, string name, IDictionary<string, object>? annotations)
    {
        var metadata = new Dictionary<string, object> { ["name"] = name, ["namespace"] = ns };
        if (annotations is not null)
        {
            metadata["annotations"] = annotations;
        }

        return new KubernetesManifest(scope, "ServiceAccount", new KubernetesManifestProps
        {
            Cluster = cluster.KubectlCluster,
            Manifest = [new Dictionary<string, object> { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = metadata }],
        });
    }
}
