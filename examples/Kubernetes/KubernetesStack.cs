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
    public const string PageKey = "index.html";

    private const string Namespace = "web";
    private const string App = "web";

    // Images from ECR Public: the AWS CLI fetches the page with the pod's Pod Identity credentials, Python serves it.
    private const string AwsCliImage = "public.ecr.aws/aws-cli/aws-cli:2.27.0";
    private const string ServerImage = "public.ecr.aws/docker/library/python:3.13-alpine";

    /// <summary>Builds the stack.</summary>
    public KubernetesStack(Construct scope, string id, IStackProps? props = null)
        : base(scope, id, props)
    {
        Network = new ContainerNetwork(this, "Network");
        // Auto Mode's load balancing places load balancers in the subnets tagged for them.
        foreach (var subnet in Network.Vpc.PublicSubnets)
        {
            Amazon.CDK.Tags.Of(subnet).Add("kubernetes.io/role/elb", "1");
        }

        foreach (var subnet in Network.Vpc.PrivateSubnets)
        {
            Amazon.CDK.Tags.Of(subnet).Add("kubernetes.io/role/internal-elb", "1");
        }

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
                    Labels = new Dictionary<string, string> { ["workload-tier"] = "web" },
                },
            ],
        });

        Data = new Bucket(this, "Data", new BucketProps
        {
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            Versioned = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        ((CfnResource)Data.Node.DefaultChild!).AddMetadata("cdk_nag", new Dictionary<string, object>
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

        var ns = Cluster.AddManifest("Namespace", new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new Dictionary<string, object> { ["name"] = Namespace },
        });
        Identity = Cluster.AddPodIdentity("WebIdentity", new KubernetesServiceAccountOptions { Name = App, Namespace = Namespace });
        Identity.Node.AddDependency(ns);
        // Least privilege: the pods may read the one page, nothing else of the bucket.
        Grant.AddToPrincipal(new GrantOnPrincipalOptions
        {
            Grantee = Identity,
            Actions = ["s3:GetObject"],
            ResourceArns = [Data.ArnForObjects(PageKey)],
        });

        var workload = Cluster.AddManifest("Web", Deployment(Data.BucketName), Service(), IngressClassParams(), IngressClass(), Ingress());
        workload.Node.AddDependency(Identity);

        _ = new CfnOutput(this, "ClusterName", new CfnOutputProps { Value = Cluster.ClusterName, Description = "aws eks update-kubeconfig --name <this> (as the admin role, from inside the VPC)" });
        _ = new CfnOutput(this, "DataBucket", new CfnOutputProps { Value = Data.BucketName, Description = $"Upload {PageKey} here; the web pods serve it" });
    }

    /// <summary>The network.</summary>
    public ContainerNetwork Network { get; }

    /// <summary>The cluster.</summary>
    public KubernetesCluster Cluster { get; }

    /// <summary>The bucket the web pods read.</summary>
    public Bucket Data { get; }

    /// <summary>The web pods' service account and IAM role.</summary>
    public PodIdentityServiceAccount Identity { get; }

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
                        ["nodeSelector"] = new Dictionary<string, object> { ["workload-tier"] = "web" },
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

    private static Dictionary<string, object> Ingress() => new()
    {
        ["apiVersion"] = "networking.k8s.io/v1",
        ["kind"] = "Ingress",
        ["metadata"] = Metadata(App),
        ["spec"] = new Dictionary<string, object>
        {
            ["ingressClassName"] = "internet-facing",
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
