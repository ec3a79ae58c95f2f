using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.Lambda;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// What <see cref="KubernetesCluster.FromClusterAttributes"/> needs to know about an EKS cluster defined elsewhere
/// (another app, Terraform, the console), so that the library's Kubernetes constructs can work on it.
/// </summary>
/// <remarks>
/// The library reaches the cluster's Kubernetes API the way it does for its own clusters: its kubectl handler gets a
/// role that is cluster-admin through an access entry the library adds to the cluster (so the cluster's
/// authentication mode must be <c>API</c> or <c>API_AND_CONFIG_MAP</c>), and a security group that the cluster security
/// group admits on port 443. The handler runs in <see cref="VpcSubnets"/>, which need a route to the EKS and STS APIs.
/// </remarks>
public sealed class KubernetesClusterAttributes
{
    /// <summary>The cluster's name.</summary>
    public required string ClusterName { get; init; }

    /// <summary>The VPC the cluster runs in (e.g. <c>Vpc.FromLookup</c> or <c>Vpc.FromVpcAttributes</c>).</summary>
    public required IVpc Vpc { get; init; }

    /// <summary>The cluster's Kubernetes version, e.g. <c>KubernetesVersion.Of("1.35")</c>: Karpenter's version is checked against it.</summary>
    public required KubernetesVersion Version { get; init; }

    /// <summary>Where the cluster's pods run: <see cref="KubernetesCompute.AutoMode"/> when EKS Auto Mode is on, otherwise <see cref="KubernetesCompute.None"/>.</summary>
    public required KubernetesCompute Compute { get; init; }

    /// <summary>The cluster security group EKS created for the cluster (<c>aws eks describe-cluster</c>: <c>resourcesVpcConfig.clusterSecurityGroupId</c>).</summary>
    public required string ClusterSecurityGroupId { get; init; }

    /// <summary>
    /// The subnets of the kubectl handler and of node groups the library adds: private subnets with a route to the
    /// internet (a NAT gateway) or with VPC endpoints for EKS, STS, ECR and S3. Default: the VPC's private subnets with egress.
    /// </summary>
    public ISubnetSelection? VpcSubnets { get; init; }

    /// <summary>The ARN of the cluster's IAM OIDC provider, for IRSA service accounts (with <see cref="OpenIdConnectIssuerUrl"/>). Default: none (IRSA is refused; Pod Identity works without it).</summary>
    public string? OpenIdConnectProviderArn { get; init; }

    /// <summary>The cluster's OpenID Connect issuer URL (<c>https://oidc.eks.REGION.amazonaws.com/id/...</c>), for IRSA service accounts (with <see cref="OpenIdConnectProviderArn"/>). Default: none.</summary>
    public string? OpenIdConnectIssuerUrl { get; init; }

    /// <summary>
    /// Whether the EKS Pod Identity agent runs on the cluster (the <c>eks-pod-identity-agent</c> add-on; built into Auto
    /// Mode). Constructs that act through Pod Identity warn when it does not. Default: true with
    /// <see cref="KubernetesCompute.AutoMode"/>, false otherwise.
    /// </summary>
    public bool? PodIdentityAgent { get; init; }

    /// <summary>
    /// The kubectl Lambda layer (kubectl under <c>/opt/kubectl</c>, Helm under <c>/opt/helm</c>) for the kubectl handler.
    /// Default: the layer in the <c>ContainerPatterns.KubectlV36</c> package (kubectl 1.36, Helm 4), for Kubernetes 1.35 to 1.37.
    /// </summary>
    public ILayerVersion? KubectlLayer { get; init; }
}
