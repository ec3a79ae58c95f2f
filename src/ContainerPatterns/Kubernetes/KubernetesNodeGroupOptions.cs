namespace ContainerPatterns.Kubernetes;

/// <summary>A managed node group added with <see cref="KubernetesCluster.AddNodeGroup"/>.</summary>
public sealed class KubernetesNodeGroupOptions
{
    /// <summary>The node image: Amazon Linux 2023 or Bottlerocket (no Amazon Linux 2 images exist for Kubernetes 1.33 and later). Default: <see cref="NodeAmiType.AmazonLinux2023Arm64"/>.</summary>
    public NodeAmiType? AmiType { get; init; }

    /// <summary>EC2 instance types (<c>FAMILY.SIZE</c>), of the image's architecture: Graviton families for Arm images, others for x86 images. Default: <c>m7g.large</c> for Arm images, <c>m7i.large</c> for x86 images.</summary>
    public IReadOnlyList<string>? InstanceTypes { get; init; }

    /// <summary>How the instances are bought. Default: <see cref="NodeCapacityType.OnDemand"/>.</summary>
    public NodeCapacityType? CapacityType { get; init; }

    /// <summary>The fewest nodes, 0–450. Default: 2.</summary>
    public double? MinSize { get; init; }

    /// <summary>The most nodes, 1–450 and at least <see cref="MinSize"/>; required when <see cref="MinSize"/> is a token. Default: 4, or <see cref="MinSize"/> when that is larger.</summary>
    public double? MaxSize { get; init; }

    /// <summary>Kubernetes labels of the nodes. Default: none.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
