using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using ContainerPatterns.Kubernetes;
using ContainerPatterns.Networking;
using Constructs;

namespace ContainerPatterns.Examples;

/// <summary>
/// Kubernetes without Auto Mode's fee: a <see cref="ContainerNetwork"/>, a <see cref="KubernetesCluster"/> with no
/// compute of its own (the EKS managed add-ons), self-managed <see cref="Karpenter"/> (its controller on a small Graviton
/// node group, a Graviton node pool for the web tier) and the <see cref="AwsLoadBalancerController"/>, running the same
/// sample web workload as <see cref="KubernetesStack"/>: its Ingress becomes an internet-facing ALB through the
/// controller. <c>-c adminRoleArn=arn:aws:iam::ACCOUNT:role/NAME</c> makes that role cluster-admin.
/// </summary>
public sealed class KubernetesKarpenterStack : Stack
{
    /// <summary>The stack's name in the CDK app.</summary>
    public const string Name = "ContainerPatterns-KubernetesKarpenter";

    /// <summary>The stack's description.</summary>
    public const string Description = "ContainerPatterns reference: EKS cluster with self-managed Karpenter and the AWS Load Balancer Controller, with a web workload reading S3 through Pod Identity";

    /// <summary>Builds the stack.</summary>
    public KubernetesKarpenterStack(Construct scope, string id, IStackProps? props = null)
        : base(scope, id, props)
    {
        Network = new ContainerNetwork(this, "Network");
        SampleWebWorkload.TagSubnetsForLoadBalancers(Network.Vpc);

        var adminArn = Node.TryGetContext(KubernetesStack.AdminRoleArnContext) as string;
        Cluster = new KubernetesCluster(this, "Cluster", new KubernetesClusterProps
        {
            Vpc = Network.Vpc,
            Compute = KubernetesCompute.None,
            AdminRoles = string.IsNullOrEmpty(adminArn) ? null : [Role.FromRoleArn(this, "Admin", adminArn, new FromRoleArnOptions { Mutable = false })],
        });
        Karpenter = new Karpenter(this, "Karpenter", new KarpenterProps
        {
            Cluster = Cluster,
            NodePools =
            [
                new KarpenterNodePool
                {
                    Name = "graviton",
                    Architectures = [NodeArchitecture.Arm64],
                    CapacityTypes = [NodeCapacityType.Spot, NodeCapacityType.OnDemand],
                    MinInstanceGeneration = 6,
                    CpuLimit = 32,
                    MemoryLimit = Size.Gibibytes(128),
                    Labels = new Dictionary<string, string> { [SampleWebWorkload.NodeLabel] = "web" },
                },
            ],
        });
        LoadBalancers = new AwsLoadBalancerController(this, "LoadBalancers", new AwsLoadBalancerControllerProps { Cluster = Cluster });

        // The controller's webhooks must answer before the Service and Ingress are applied; on delete, the workload (and its
        // load balancer) goes before the controller and before Karpenter's nodes.
        (Data, Identity) = SampleWebWorkload.Add(this, Cluster, SampleIngress.LoadBalancerController, [LoadBalancers.Chart, .. Karpenter.NodePools]);
    }

    /// <summary>The network.</summary>
    public ContainerNetwork Network { get; }

    /// <summary>The cluster.</summary>
    public KubernetesCluster Cluster { get; }

    /// <summary>Karpenter.</summary>
    public Karpenter Karpenter { get; }

    /// <summary>The AWS Load Balancer Controller.</summary>
    public AwsLoadBalancerController LoadBalancers { get; }

    /// <summary>The bucket the web pods read.</summary>
    public Bucket Data { get; }

    /// <summary>The web pods' service account and IAM role.</summary>
    public PodIdentityServiceAccount Identity { get; }
}
