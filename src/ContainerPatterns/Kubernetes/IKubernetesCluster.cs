using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// An EKS cluster the library's Kubernetes constructs work on: a <see cref="KubernetesCluster"/> of this app, or one
/// defined elsewhere and imported with <see cref="KubernetesCluster.FromClusterAttributes"/>. Every construct that takes
/// a cluster (<see cref="Karpenter"/>, <see cref="AwsLoadBalancerController"/>, <see cref="PodIdentityServiceAccount"/>,
/// <see cref="IrsaServiceAccount"/>) takes this interface.
/// </summary>
/// <remarks>
/// Its internal members are methods, not properties: the jsii runtime looks up the public properties of the interfaces a
/// construct implements and fails on internal ones. A plain .NET interface: it repeats <see cref="IConstruct.Node"/> and <see cref="IConnectable.Connections"/> rather than
/// extending those jsii interfaces, which the jsii runtime would try to register with its kernel. Only the library implements it (its internal members are what the constructs need to know about a cluster, such
/// as the name to tag subnets with); import a cluster of your own with <see cref="KubernetesCluster.FromClusterAttributes"/>.
/// </remarks>
public interface IKubernetesCluster
{
    /// <summary>The cluster's construct node (its path names it in messages).</summary>
    Node Node { get; }

    /// <summary>Network access to the Kubernetes API endpoint (port 443).</summary>
    Connections_ Connections { get; }

    /// <summary>The cluster's name (for a cluster of this app, a reference to the cluster resource).</summary>
    string ClusterName { get; }

    /// <summary>The cluster's ARN.</summary>
    string ClusterArn { get; }

    /// <summary>The security group EKS creates for the control plane (and the nodes of managed node groups).</summary>
    string ClusterSecurityGroupId { get; }

    /// <summary>The VPC the cluster runs in.</summary>
    IVpc Vpc { get; }

    /// <summary>The cluster's Kubernetes version.</summary>
    KubernetesVersion Version { get; }

    /// <summary>Where the cluster's pods run.</summary>
    KubernetesCompute Compute { get; }

    /// <summary>The EKS managed add-ons this app installs on the cluster, by add-on name (empty for an imported cluster).</summary>
    IReadOnlyDictionary<string, CfnAddon> Addons { get; }

    /// <summary>
    /// The cluster as CDK's kubectl constructs take it (<c>KubernetesManifest</c>, <c>HelmChart</c>,
    /// <c>KubernetesPatch</c>, <c>KubernetesObjectValue</c>), bound to the cluster's kubectl provider, which the first
    /// use creates.
    /// </summary>
    Amazon.CDK.AWS.EKS.ICluster KubectlCluster { get; }

    /// <summary>The role the kubectl handler acts as inside the cluster (cluster-admin); null until the kubectl provider exists.</summary>
    IRole? KubectlRole { get; }

    /// <summary>Applies Kubernetes objects through the kubectl provider.</summary>
    /// <param name="id">The construct id of the manifest.</param>
    /// <param name="manifest">One or more Kubernetes objects.</param>
    /// <returns>The manifest.</returns>
    KubernetesManifest AddManifest(string id, params IDictionary<string, object>[] manifest);

    /// <summary>Installs a Helm chart through the kubectl provider (an OCI chart as its whole <c>oci://</c> reference in <c>Chart</c>, with no <c>Repository</c>).</summary>
    /// <param name="id">The construct id of the chart.</param>
    /// <param name="options">The chart.</param>
    /// <returns>The chart.</returns>
    HelmChart AddHelmChart(string id, HelmChartOptions options);

    /// <summary>Adds a managed node group on Amazon Linux 2023 or Bottlerocket.</summary>
    /// <param name="id">The construct id of the node group.</param>
    /// <param name="options">The node group.</param>
    /// <returns>The node group resource.</returns>
    CfnNodegroup AddNodeGroup(string id, KubernetesNodeGroupOptions options);

    /// <summary>Adds a Kubernetes service account whose pods act as an IAM role through EKS Pod Identity.</summary>
    /// <param name="id">The construct id of the service account.</param>
    /// <param name="options">The service account.</param>
    /// <returns>The service account.</returns>
    PodIdentityServiceAccount AddPodIdentity(string id, KubernetesServiceAccountOptions options);

    /// <summary>Adds a Kubernetes service account whose pods act as an IAM role through IRSA.</summary>
    /// <param name="id">The construct id of the service account.</param>
    /// <param name="options">The service account.</param>
    /// <returns>The service account.</returns>
    IrsaServiceAccount AddIrsaServiceAccount(string id, KubernetesServiceAccountOptions options);

    /// <summary>
    /// The cluster's name as configured: a literal (or a token the user passed), never a reference to the cluster
    /// resource, so resources the cluster itself depends on (its subnets) can carry it in tags.
    /// </summary>
    internal string ConfiguredName();

    /// <summary>The Kubernetes version as configured (e.g. <c>1.36</c>).</summary>
    internal string ConfiguredVersion();

    /// <summary>The subnets the cluster's node groups and kubectl handler run in.</summary>
    internal ISubnetSelection SubnetSelection();

    /// <summary>Whether the EKS Pod Identity agent runs on the cluster (built into Auto Mode, an add-on otherwise).</summary>
    internal bool RunsPodIdentityAgent();

    /// <summary>
    /// Whether the cluster has nodes for a controller's pods: true with Auto Mode or once this app added a node group,
    /// false for a cluster of this app without either, null for an imported cluster (its nodes are not known here).
    /// </summary>
    internal bool? HasNodes();

    /// <summary>The path of the construct of this app that holds the service account <paramref name="ns"/>/<paramref name="name"/> on the cluster, or null.</summary>
    internal string? ServiceAccountHolder(string ns, string name);

    /// <summary>Records that the construct at <paramref name="path"/> holds the service account <paramref name="ns"/>/<paramref name="name"/>.</summary>
    internal void HoldServiceAccount(string ns, string name, string path);

    /// <summary>
    /// The ARN of the cluster's IAM OIDC provider and its issuer URL (for IRSA), the provider created on first use for a
    /// cluster of this app; null for an imported cluster whose attributes name no provider.
    /// </summary>
    internal (string ProviderArn, string IssuerUrl)? OpenIdConnect();

    /// <summary>Creates a validated managed node group in <paramref name="parent"/> (the cluster, or a construct that needs nodes of its own).</summary>
    internal CfnNodegroup AddNodeGroupIn(Construct parent, string id, NodeGroupSettings settings, NodeGroupExtras? extras);
}
