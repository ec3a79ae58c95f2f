namespace ContainerPatterns.Kubernetes;

/// <summary>
/// A node pool of self-managed <see cref="Karpenter"/> (a <c>NodePool</c> on the construct's <c>default</c>
/// <c>EC2NodeClass</c>), written as typed options, the same ones as <see cref="AutoModeNodePool"/>, and applied to the
/// cluster as a manifest.
/// </summary>
public sealed class KarpenterNodePool : NodePoolOptions
{
}
