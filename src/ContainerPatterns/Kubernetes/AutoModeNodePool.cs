namespace ContainerPatterns.Kubernetes;

/// <summary>
/// An EKS Auto Mode node pool (a Karpenter <c>NodePool</c> on Auto Mode's <c>default</c> node class), written as typed
/// options and applied to the cluster as a manifest. Pods land on it when their requirements match its nodes (e.g. a
/// <c>nodeSelector</c> on one of its labels) or when it has a higher weight than the others. Its nodes run Linux, the
/// only OS Auto Mode has, with no <c>kubernetes.io/os</c> requirement (a label Auto Mode does not support).
/// </summary>
public sealed class AutoModeNodePool : NodePoolOptions
{
}
