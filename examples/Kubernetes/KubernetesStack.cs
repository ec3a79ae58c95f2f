using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using ContainerPatterns.Kubernetes;
using ContainerPatterns.Networking;
using Constructs;

namespace ContainerPatterns.Examples;

/// <summary>
/// Kubernetes on EKS Auto Mode: a <see cref="ContainerNetwork"/>, a <see cref="KubernetesCluster"/> with a Graviton
/// node pool of its own, and a sample web workload whose pods read an S3 bucket through EKS Pod Identity. The
/// workload is a Deployment behind a Service, published through an internet-facing Application Load Balancer that
/// Auto Mode's load balancing creates from an Ingress (IngressClass + IngressClassParams). With
/// <c>-c adminRoleArn=arn:aws:iam::ACCOUNT:role/NAME</c> that role becomes cluster-admin (the API endpoint is private:
/// reach it from inside the VPC).
/// </summary>
public sealed class KubernetesStack : Stack
{
    /// <summary>The stack's name in the CDK app.</summary>
    public const string Name = "ContainerPatterns-Kubernetes";

    /// <summary>The stack's description.</summary>
    public const string Description = "ContainerPatterns reference: EKS Auto Mode cluster with a web workload reading S3 through Pod Identity";

    /// <summary>Context value: the ARN of an IAM role to make cluster-admin. Default: none.</summary>
    public const string AdminRoleArnContext = "adminRoleArn";

    /// <summary>The object the web pods serve from the bucket.</summary>
    public const string PageKey = SampleWebWorkload.PageKey;

    /// <summary>Builds the stack.</summary>
    public KubernetesStack(Construct scope, string id, IStackProps? props = null)
        : base(scope, id, props)
    {
        Network = new ContainerNetwork(this, "Network");
        SampleWebWorkload.TagSubnetsForLoadBalancers(Network.Vpc);

        var adminArn = Node.TryGetContext(AdminRoleArnContext) as string;
        Cluster = new KubernetesCluster(this, "Cluster", new KubernetesClusterProps
        {
            Vpc = Network.Vpc,
            AdminRoles = string.IsNullOrEmpty(adminArn) ? null : [Role.FromRoleArn(this, "Admin", adminArn, new FromRoleArnOptions { Mutable = false })],
            NodePools =
            [
                new AutoModeNodePool
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

        (Data, Identity) = SampleWebWorkload.Add(this, Cluster, SampleIngress.AutoMode);
    }

    /// <summary>The network.</summary>
    public ContainerNetwork Network { get; }

    /// <summary>The cluster.</summary>
    public KubernetesCluster Cluster { get; }

    /// <summary>The bucket the web pods read.</summary>
    public Bucket Data { get; }

    /// <summary>The web pods' service account and IAM role.</summary>
    public PodIdentityServiceAccount Identity { get; }
}

/// <summary>How the sample workload is published: through Auto Mode's load balancing, or the AWS Load Balancer Controller.</summary>
public enum SampleIngress
{
    /// <summary>An IngressClass whose controller is <c>eks.amazonaws.com/alb</c>, with IngressClassParams saying the load balancer faces the internet, and an Ingress sending to pod IPs.</summary>
    AutoMode,

    /// <summary>The <c>alb</c> IngressClass the AWS Load Balancer Controller's chart creates, with annotations for an internet-facing ALB sending to pod IPs.</summary>
    LoadBalancerController,
}

/// <summary>
/// The sample web workload of the Kubernetes reference stacks: a Deployment behind a Service, published through an
/// internet-facing Application Load Balancer from an Ingress, whose pods (on nodes labelled <c>workload-tier=web</c>)
/// read one page of an S3 bucket through EKS Pod Identity.
/// </summary>
public static class SampleWebWorkload
{
    /// <summary>The object the web pods serve from the bucket.</summary>
    public const string PageKey = "index.html";

    /// <summary>The node label the web pods select.</summary>
    public const string NodeLabel = "workload-tier";

    private const string Namespace = "web";
    private const string App = "web";

    // Images from ECR Public: the AWS CLI fetches the page with the pod's Pod Identity credentials, Python serves it.
    private const string AwsCliImage = "public.ecr.aws/aws-cli/aws-cli:2.27.0";
    private const string ServerImage = "public.ecr.aws/docker/library/python:3.13-alpine";

    /// <summary>Tags the VPC's subnets for the load balancers: public ones for internet-facing, private ones for internal.</summary>
    public static void TagSubnetsForLoadBalancers(Amazon.CDK.AWS.EC2.IVpc vpc)
    {
        foreach (var subnet in vpc.PublicSubnets)
        {
            Amazon.CDK.Tags.Of(subnet).Add("kubernetes.io/role/elb", "1");
        }

        foreach (var subnet in vpc.PrivateSubnets)
        {
            Amazon.CDK.Tags.Of(subnet).Add("kubernetes.io/role/internal-elb", "1");
        }
    }

    /// <summary>
    /// Adds the data bucket, the namespace, the web pods' identity and the workload (applied after <paramref name="after"/>),
    /// and outputs the cluster's and the bucket's names.
    /// </summary>
    public static (Bucket Data, PodIdentityServiceAccount Identity) Add(Stack stack, KubernetesCluster cluster, SampleIngress ingress, params IDependable[] after)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(cluster);
        var data = new Bucket(stack, "Data", new BucketProps
        {
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            Versioned = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        ((CfnResource)data.Node.DefaultChild!).AddMetadata("cdk_nag", new Dictionary<string, object>
        {
            ["rules_to_suppress"] = new object[]
            {
                new Dictionary<string, object>
                {
                    ["id"] = "AwsSolutions-S1",
                    ["reason"] = "The sample workload's data bucket holds one page that the pods read; CloudTrail records its access, and server access logs would need a bucket of their own.",
                },
            },
        });

        var ns = cluster.AddManifest("Namespace", new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new Dictionary<string, object> { ["name"] = Namespace },
        });
        var identity = cluster.AddPodIdentity("WebIdentity", new KubernetesServiceAccountOptions { Name = App, Namespace = Namespace });
        identity.Node.AddDependency(ns);
        // Least privilege: the pods may read the one page, nothing else of the bucket.
        Grant.AddToPrincipal(new GrantOnPrincipalOptions
        {
            Grantee = identity,
            Actions = ["s3:GetObject"],
            ResourceArns = [data.ArnForObjects(PageKey)],
        });

        var objects = ingress == SampleIngress.AutoMode
            ? new[] { Deployment(data.BucketName), Service(), IngressClassParams(), IngressClass(), Ingress("internet-facing", AutoModeAnnotations()) }
            : [Deployment(data.BucketName), Service(), Ingress("alb", LoadBalancerControllerAnnotations())];
        var workload = cluster.AddManifest("Web", objects);
        workload.Node.AddDependency(identity);
        foreach (var dependable in after)
        {
            workload.Node.AddDependency(dependable);
        }

        _ = new CfnOutput(stack, "ClusterName", new CfnOutputProps { Value = cluster.ClusterName, Description = "aws eks update-kubeconfig --name <this> (as the admin role, from inside the VPC)" });
        _ = new CfnOutput(stack, "DataBucket", new CfnOutputProps { Value = data.BucketName, Description = $"Upload {PageKey} here; the web pods serve it" });
        return (data, identity);
    }

    private static Dictionary<string, object> Metadata(string name) => new() { ["name"] = name, ["namespace"] = Namespace };

    private static Dictionary<string, object> Deployment(string bucket)
    {
        var html = new Dictionary<string, object> { ["name"] = "html", ["mountPath"] = "/html" };
        var locked = new Dictionary<string, object>
        {
            ["allowPrivilegeEscalation"] = false,
            ["readOnlyRootFilesystem"] = true,
            ["capabilities"] = new Dictionary<string, object> { ["drop"] = new[] { "ALL" } },
        };
        return new Dictionary<string, object>
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = Metadata(App),
            ["spec"] = new Dictionary<string, object>
            {
                ["replicas"] = 2,
                ["selector"] = new Dictionary<string, object> { ["matchLabels"] = new Dictionary<string, object> { ["app"] = App } },
                ["template"] = new Dictionary<string, object>
                {
                    ["metadata"] = new Dictionary<string, object> { ["labels"] = new Dictionary<string, object> { ["app"] = App } },
                    ["spec"] = new Dictionary<string, object>
                    {
                        ["serviceAccountName"] = App,
                        ["nodeSelector"] = new Dictionary<string, object> { [NodeLabel] = "web" },
                        ["securityContext"] = new Dictionary<string, object> { ["runAsNonRoot"] = true, ["runAsUser"] = 65534, ["runAsGroup"] = 65534 },
                        ["initContainers"] = new object[]
                        {
                            new Dictionary<string, object>
                            {
                                ["name"] = "fetch",
                                ["image"] = AwsCliImage,
                                ["command"] = new[] { "sh", "-c", $"aws s3 cp \"s3://$BUCKET/{PageKey}\" /html/index.html || echo '<p>Upload {PageKey} to the data bucket.</p>' > /html/index.html" },
                                ["env"] = new object[]
                                {
                                    new Dictionary<string, object> { ["name"] = "BUCKET", ["value"] = bucket },
                                    new Dictionary<string, object> { ["name"] = "HOME", ["value"] = "/tmp" },
                                },
                                ["volumeMounts"] = new object[] { html, new Dictionary<string, object> { ["name"] = "tmp", ["mountPath"] = "/tmp" } },
                                ["securityContext"] = locked,
                            },
                        },
                        ["containers"] = new object[]
                        {
                            new Dictionary<string, object>
                            {
                                ["name"] = "web",
                                ["image"] = ServerImage,
                                ["command"] = new[] { "python", "-m", "http.server", "8080", "--directory", "/html" },
                                ["ports"] = new object[] { new Dictionary<string, object> { ["containerPort"] = 8080 } },
                                ["readinessProbe"] = new Dictionary<string, object> { ["httpGet"] = new Dictionary<string, object> { ["path"] = "/", ["port"] = 8080 } },
                                ["resources"] = new Dictionary<string, object>
                                {
                                    ["requests"] = new Dictionary<string, object> { ["cpu"] = "100m", ["memory"] = "64Mi" },
                                    ["limits"] = new Dictionary<string, object> { ["memory"] = "128Mi" },
                                },
                                ["volumeMounts"] = new object[] { html },
                                ["securityContext"] = locked,
                            },
                        },
                        ["volumes"] = new object[]
                        {
                            new Dictionary<string, object> { ["name"] = "html", ["emptyDir"] = new Dictionary<string, object>() },
                            new Dictionary<string, object> { ["name"] = "tmp", ["emptyDir"] = new Dictionary<string, object>() },
                        },
                    },
                },
            },
        };
    }

    private static Dictionary<string, object> Service() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = Metadata(App),
        ["spec"] = new Dictionary<string, object>
        {
            ["selector"] = new Dictionary<string, object> { ["app"] = App },
            ["ports"] = new object[] { new Dictionary<string, object> { ["port"] = 80, ["targetPort"] = 8080, ["protocol"] = "TCP" } },
        },
    };

    // Auto Mode's load balancing: an IngressClass whose controller is eks.amazonaws.com/alb, with cluster-scoped
    // IngressClassParams saying the load balancer faces the internet.
    private static Dictionary<string, object> IngressClassParams() => new()
    {
        ["apiVersion"] = "eks.amazonaws.com/v1",
        ["kind"] = "IngressClassParams",
        ["metadata"] = new Dictionary<string, object> { ["name"] = "internet-facing" },
        ["spec"] = new Dictionary<string, object> { ["scheme"] = "internet-facing" },
    };

    private static Dictionary<string, object> IngressClass() => new()
    {
        ["apiVersion"] = "networking.k8s.io/v1",
        ["kind"] = "IngressClass",
        ["metadata"] = new Dictionary<string, object> { ["name"] = "internet-facing" },
        ["spec"] = new Dictionary<string, object>
        {
            ["controller"] = "eks.amazonaws.com/alb",
            ["parameters"] = new Dictionary<string, object>
            {
                ["apiGroup"] = "eks.amazonaws.com",
                ["kind"] = "IngressClassParams",
                ["name"] = "internet-facing",
            },
        },
    };

    // Both load balancers send straight to the pods' IPs: the Service is a ClusterIP one, and the "instance" target type
    // (the load balancer controller's default; the EKS guide does not state Auto Mode's) needs a NodePort Service. The
    // EKS guide's own Auto Mode example sets it too (auto-elb-example.adoc, read 2026-12-02).
    private const string TargetTypeAnnotation = "alb.ingress.kubernetes.io/target-type";

    // Auto Mode: the scheme comes from the IngressClassParams; the target type is set on the Ingress.
    private static Dictionary<string, object> AutoModeAnnotations() => new()
    {
        [TargetTypeAnnotation] = "ip",
    };

    // The AWS Load Balancer Controller: an internet-facing ALB.
    private static Dictionary<string, object> LoadBalancerControllerAnnotations() => new()
    {
        ["alb.ingress.kubernetes.io/scheme"] = "internet-facing",
        [TargetTypeAnnotation] = "ip",
    };

    private static Dictionary<string, object> Ingress(string ingressClass, Dictionary<string, object>? annotations)
    {
        var metadata = Metadata(App);
        if (annotations is not null)
        {
            metadata["annotations"] = annotations;
        }

        return new()
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "Ingress",
            ["metadata"] = metadata,
            ["spec"] = new Dictionary<string, object>
            {
                ["ingressClassName"] = ingressClass,
                ["rules"] = new object[]
                {
                    new Dictionary<string, object>
                    {
                        ["http"] = new Dictionary<string, object>
                        {
                            ["paths"] = new object[]
                            {
                                new Dictionary<string, object>
                                {
                                    ["path"] = "/",
                                    ["pathType"] = "Prefix",
                                    ["backend"] = new Dictionary<string, object>
                                    {
                                        ["service"] = new Dictionary<string, object> { ["name"] = App, ["port"] = new Dictionary<string, object> { ["number"] = 80 } },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        };
    }
}
