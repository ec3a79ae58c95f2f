using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// Everything CDK's kubectl handler needs to apply manifests and Helm charts to a cluster created on the native
/// <c>AWS::EKS::Cluster</c> resource, created in one child construct (<c>Kubectl</c>) of the cluster the first time
/// something is applied:
/// <list type="bullet">
/// <item>the handler's own role, and a kubectl role that trusts only it and is cluster-admin through an access entry;</item>
/// <item>a security group for the handler in the cluster's subnets, admitted on 443 by the control plane's security group;</item>
/// <item>the kubectl layer, and CDK's <see cref="KubectlProvider"/> nested stack, made to wait for the cluster, the access
/// entry, the ingress rule and the subnets' internet routes, so no manifest is applied before the handler may and can
/// reach the API (every manifest takes its service token from the nested stack, so it waits too);</item>
/// <item>an imported <see cref="ICluster"/> bound to that provider, whose <c>AddManifest</c>/<c>AddHelmChart</c> users call.</item>
/// </list>
/// </summary>
internal sealed class KubectlAccess
{
    // CDK's warning on a subnet imported without its route table (aws-ec2, Subnet.fromSubnetId).
    private const string ImportedSubnetWarningId = "@aws-cdk/aws-ec2:noSubnetRouteTableId";

    // EKS access policy that maps to Kubernetes' cluster-admin (EKS user guide, "Review access policy permissions", read 2026-12-02).
    public const string ClusterAdminPolicy = "AmazonEKSClusterAdminPolicy";

    private KubectlAccess(Construct scope, KubectlTarget target)
    {
        var stack = Stack.Of(scope);
        HandlerRole = new Role(scope, "HandlerRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
            Description = $"Runs CDK's kubectl handler for {target.Path}",
        });
        Role = new Role(scope, "Role", new RoleProps
        {
            AssumedBy = new ArnPrincipal(HandlerRole.RoleArn),
            Description = $"kubectl identity (cluster-admin) of CDK's kubectl handler for {target.Path}",
        });
        AccessEntry = NewAdminAccessEntry(scope, "AccessEntry", target.ClusterName, Role.RoleArn, stack.Partition);

        SecurityGroup = new SecurityGroup(scope, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = target.Vpc,
            // EC2 group descriptions allow no apostrophes.
            Description = $"kubectl handler of {target.Path}: reaches the Kubernetes API and the EKS and STS APIs",
            AllowAllOutbound = true,
        });
        var ingress = CdkCompat.NewSecurityGroupIngress(scope, "ApiIngress", new CfnSecurityGroupIngressProps
        {
            IpProtocol = "tcp",
            FromPort = 443,
            ToPort = 443,
            Description = "kubectl handler to the Kubernetes API",
        }, target.ControlPlaneSecurityGroup.SecurityGroupId, SecurityGroup.SecurityGroupId);

        Layer = target.Layer ?? new LayerVersion(scope, "Layer", new LayerVersionProps
        {
            Code = Code.FromAsset(target.ShippedLayerZip ?? throw new InvalidOperationException("no kubectl layer")),
            Description = $"kubectl {ShippedKubectlLayer.Metadata("KubectlVersion")} and Helm {ShippedKubectlLayer.Metadata("HelmVersion")} ({ShippedKubectlLayer.PackageId})",
            License = "Apache-2.0",
        });

        var attributes = Attributes(target, null);
        var unbound = Amazon.CDK.AWS.EKS.Cluster.FromClusterAttributes(scope, "ProviderTarget", attributes);
        Provider = new KubectlProvider(scope, "Provider", new KubectlProviderProps { Cluster = unbound });
        Provider.Node.AddDependency(AccessEntry, ingress, target.SubnetsOnline);
        if (target.ClusterResource is { } cluster)
        {
            Provider.Node.AddDependency(cluster);
        }

        Cluster = Amazon.CDK.AWS.EKS.Cluster.FromClusterAttributes(scope, "Cluster", Attributes(target, Provider));
        // CDK imports the handler's subnets by id, without their route tables, and warns that reading one would give
        // nothing; nothing here reads them (the handler only runs in the subnets), so `cdk synth --strict` stays clean.
        foreach (var imported in new IConstruct[] { unbound, Cluster })
        {
            Annotations.Of(imported).AcknowledgeWarning(ImportedSubnetWarningId, "The kubectl handler's subnets are imported by id only to run its functions in; their route tables are never read.");
        }
        SuppressProviderFindings(target.Path);

        ClusterAttributes Attributes(KubectlTarget t, IKubectlProvider? provider) => new()
        {
            ClusterName = t.ClusterName,
            Vpc = t.Vpc,
            KubectlRoleArn = Role.RoleArn,
            KubectlLambdaRole = HandlerRole,
            KubectlLayer = Layer,
            KubectlPrivateSubnetIds = t.SubnetIds,
            KubectlSecurityGroupId = SecurityGroup.SecurityGroupId,
            KubectlProvider = provider,
            Prune = true,
        };
    }

    /// <summary>The role the kubectl handler's Lambda functions run as.</summary>
    public Role HandlerRole { get; }

    /// <summary>The role kubectl assumes; cluster-admin through <see cref="AccessEntry"/>.</summary>
    public Role Role { get; }

    /// <summary>The kubectl role's access entry.</summary>
    public CfnAccessEntry AccessEntry { get; }

    /// <summary>The kubectl handler's security group.</summary>
    public SecurityGroup SecurityGroup { get; }

    /// <summary>The kubectl layer in use.</summary>
    public ILayerVersion Layer { get; }

    /// <summary>CDK's kubectl provider (a nested stack).</summary>
    public KubectlProvider Provider { get; }

    /// <summary>The cluster as CDK's kubectl constructs see it.</summary>
    public ICluster Cluster { get; }

    /// <summary>Creates the kubectl pieces under <paramref name="scope"/>.</summary>
    public static KubectlAccess Create(Construct scope, KubectlTarget target) => new(scope, target);

    /// <summary>An access entry giving a principal the cluster-admin access policy cluster-wide.</summary>
    public static CfnAccessEntry NewAdminAccessEntry(Construct scope, string id, string clusterName, string principalArn, string partition) =>
        new(scope, id, new CfnAccessEntryProps
        {
            ClusterName = clusterName,
            PrincipalArn = principalArn,
            Type = "STANDARD",
            AccessPolicies = new object[]
            {
                new CfnAccessEntry.AccessPolicyProperty
                {
                    PolicyArn = $"arn:{partition}:eks::aws:cluster-access-policy/{ClusterAdminPolicy}",
                    AccessScope = new CfnAccessEntry.AccessScopeProperty { Type = "cluster" },
                },
            },
        });

    // CDK's provider gives its functions AWS managed policies and a wildcard invoke permission on the handler's versions.
    private void SuppressProviderFindings(string path)
    {
        if (HandlerRole.Node.DefaultChild is CfnResource handlerRole)
        {
            NagSuppressions.Suppress(handlerRole, (
                "AwsSolutions-IAM4",
                $"Role of CDK's kubectl handler for {path}: AWSLambdaVPCAccessExecutionRole (its logs and VPC network interfaces), AmazonEC2ContainerRegistryReadOnly (AmazonEC2ContainerRegistryPullOnly on newer Amazon.CDK.Lib versions) and, in the aws partition, AmazonElasticContainerRegistryPublicReadOnly (pulling OCI Helm charts) are attached by CDK's KubectlProvider."));
        }

        foreach (var child in Provider.Node.FindAll())
        {
            if (child is not CfnResource resource)
            {
                continue;
            }

            switch (resource.CfnResourceType)
            {
                case "AWS::IAM::Role":
                    NagSuppressions.Suppress(resource, (
                        "AwsSolutions-IAM4",
                        $"Role of the custom-resource provider framework behind CDK's kubectl handler for {path}: AWSLambdaBasicExecutionRole and AWSLambdaVPCAccessExecutionRole only let it write its own logs and attach to the VPC."));
                    break;
                case "AWS::IAM::Policy":
                    NagSuppressions.Suppress(resource, new NagSuppression(
                        "AwsSolutions-IAM5",
                        $"CDK's custom-resource provider framework for the kubectl handler of {path} invokes the handler function and its versions (the ':*' suffix), nothing else.",
                        null));
                    break;
                case "AWS::Lambda::Function" when resource.Node.Scope?.Node.Id == "Handler":
                    NagSuppressions.Suppress(resource, (
                        "AwsSolutions-L1",
                        $"CDK's kubectl handler for {path} is Python code written for python3.11; the SupportedLambdaRuntimes aspect moves it to python3.13, the newest version it was checked on (supported by Lambda until 2029-06-30), rather than the newest Python."));
                    break;
                default:
                    break;
            }
        }
    }
}

/// <summary>What <see cref="KubectlAccess"/> needs to know about the cluster it serves.</summary>
/// <param name="Path">The cluster construct's path, for descriptions and suppression reasons.</param>
/// <param name="ClusterName">The cluster's name (a reference to the cluster resource).</param>
/// <param name="ClusterResource">The cluster resource, which the provider waits for; null for an imported cluster.</param>
/// <param name="Vpc">The cluster's VPC.</param>
/// <param name="SubnetIds">The subnets the kubectl handler runs in.</param>
/// <param name="SubnetsOnline">Those subnets' routes to the internet (the handler calls the EKS and STS APIs).</param>
/// <param name="ControlPlaneSecurityGroup">The security group on the control plane's network interfaces.</param>
/// <param name="Layer">The kubectl layer the user gave, or null for the shipped one.</param>
/// <param name="ShippedLayerZip">The shipped layer's zip when <paramref name="Layer"/> is null.</param>
internal sealed record KubectlTarget(
    string Path,
    string ClusterName,
    IDependable? ClusterResource,
    IVpc Vpc,
    string[] SubnetIds,
    IDependable SubnetsOnline,
    ISecurityGroup ControlPlaneSecurityGroup,
    ILayerVersion? Layer,
    string? ShippedLayerZip);
