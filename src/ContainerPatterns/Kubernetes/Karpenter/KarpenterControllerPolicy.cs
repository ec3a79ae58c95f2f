namespace ContainerPatterns.Kubernetes;

/// <summary>
/// The IAM permissions of the Karpenter controller: the statements of Karpenter's CloudFormation reference
/// (getting-started <c>cloudformation.yaml</c>, documented alike for 1.12, 1.13 and 1.14, the releases in
/// <see cref="KarpenterVersions"/>), scoped as upstream scopes them, to one
/// cluster (<c>${ClusterName}</c>), its node role (<c>${NodeRoleArn}</c>) and its interruption queue
/// (<c>${InterruptionQueueArn}</c>). Upstream ships them as six managed policies; here they are one document with the
/// same statement ids.
/// </summary>
internal static class KarpenterControllerPolicy
{
    private const string Ec2 = "arn:${AWS::Partition}:ec2:${AWS::Region}";
    private const string InstanceProfiles = "arn:${AWS::Partition}:iam::${AWS::AccountId}:instance-profile/*";
    private const string ClusterArn = "arn:${AWS::Partition}:eks:${AWS::Region}:${AWS::AccountId}:cluster/${ClusterName}";

    // Tags Karpenter puts on what it launches: the cluster's ownership tag, EKS's cluster name and the node pool.
    private const string OwnedResource = "aws:ResourceTag/kubernetes.io/cluster/${ClusterName}";
    private const string OwnedRequest = "aws:RequestTag/kubernetes.io/cluster/${ClusterName}";
    private const string ClusterNameRequest = "aws:RequestTag/eks:eks-cluster-name";

    // What RunInstances/CreateFleet create, and what Karpenter tags as it creates them.
    private static readonly string[] LaunchedResources =
    [
        $"{Ec2}:*:fleet/*",
        $"{Ec2}:*:instance/*",
        $"{Ec2}:*:volume/*",
        $"{Ec2}:*:network-interface/*",
        $"{Ec2}:*:launch-template/*",
        $"{Ec2}:*:spot-instances-request/*",
    ];

    /// <summary>The variables the statements use besides the pseudo parameters.</summary>
    public static IReadOnlyDictionary<string, string> Variables(string clusterName, string nodeRoleArn, string queueArn) =>
        new Dictionary<string, string> { ["ClusterName"] = clusterName, ["NodeRoleArn"] = nodeRoleArn, ["InterruptionQueueArn"] = queueArn };

    /// <summary>The 18 statements, in upstream's order.</summary>
    public static IReadOnlyList<IamStatement> Statements { get; } =
    [
        // Node lifecycle: launch from any image, snapshot, subnet, security group, reservation or placement group of
        // the region, but only from this cluster's launch templates, creating only resources tagged for this cluster.
        new("AllowScopedEC2InstanceAccessActions", ["ec2:RunInstances", "ec2:CreateFleet"],
        [
            "arn:${AWS::Partition}:ec2:${AWS::Region}::image/*",
            "arn:${AWS::Partition}:ec2:${AWS::Region}::snapshot/*",
            $"{Ec2}:*:security-group/*",
            $"{Ec2}:*:subnet/*",
            $"{Ec2}:*:capacity-reservation/*",
            $"{Ec2}:*:placement-group/*",
        ]),
        new("AllowScopedEC2LaunchTemplateAccessActions", ["ec2:RunInstances", "ec2:CreateFleet"], [$"{Ec2}:*:launch-template/*"],
            Conditions(equals: [(OwnedResource, "owned")], like: [("aws:ResourceTag/karpenter.sh/nodepool", "*")])),
        new("AllowScopedEC2InstanceActionsWithTags", ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"], LaunchedResources,
            Conditions(equals: [(OwnedRequest, "owned"), (ClusterNameRequest, "${ClusterName}")], like: [("aws:RequestTag/karpenter.sh/nodepool", "*")])),
        new("AllowScopedResourceCreationTagging", ["ec2:CreateTags"], LaunchedResources,
            Conditions(
                equals: [(OwnedRequest, "owned"), (ClusterNameRequest, "${ClusterName}"), ("ec2:CreateAction", new[] { "RunInstances", "CreateFleet", "CreateLaunchTemplate" })],
                like: [("aws:RequestTag/karpenter.sh/nodepool", "*")])),
        new("AllowScopedResourceTagging", ["ec2:CreateTags"], [$"{Ec2}:*:instance/*"], new Dictionary<string, IReadOnlyDictionary<string, object>>
        {
            ["StringEquals"] = new Dictionary<string, object> { [OwnedResource] = "owned" },
            ["StringLike"] = new Dictionary<string, object> { ["aws:ResourceTag/karpenter.sh/nodepool"] = "*" },
            ["StringEqualsIfExists"] = new Dictionary<string, object> { [ClusterNameRequest] = "${ClusterName}" },
            ["ForAllValues:StringEquals"] = new Dictionary<string, object> { ["aws:TagKeys"] = new[] { "eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name" } },
        }),
        new("AllowScopedDeletion", ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"], [$"{Ec2}:*:instance/*", $"{Ec2}:*:launch-template/*"],
            Conditions(equals: [(OwnedResource, "owned")], like: [("aws:ResourceTag/karpenter.sh/nodepool", "*")])),

        // IAM integration: pass only the node role, and manage only the instance profiles it creates for this
        // cluster's node classes in this region.
        new("AllowPassingInstanceRole", ["iam:PassRole"], ["${NodeRoleArn}"],
            Conditions(equals: [("iam:PassedToService", new[] { "ec2.amazonaws.com", "ec2.amazonaws.com.cn" })])),
        new("AllowScopedInstanceProfileCreationActions", ["iam:CreateInstanceProfile"], [InstanceProfiles],
            Conditions(
                equals: [(OwnedRequest, "owned"), (ClusterNameRequest, "${ClusterName}"), ("aws:RequestTag/topology.kubernetes.io/region", "${AWS::Region}")],
                like: [("aws:RequestTag/karpenter.k8s.aws/ec2nodeclass", "*")])),
        new("AllowScopedInstanceProfileTagActions", ["iam:TagInstanceProfile"], [InstanceProfiles],
            Conditions(
                equals:
                [
                    (OwnedResource, "owned"),
                    ("aws:ResourceTag/topology.kubernetes.io/region", "${AWS::Region}"),
                    (OwnedRequest, "owned"),
                    (ClusterNameRequest, "${ClusterName}"),
                    ("aws:RequestTag/topology.kubernetes.io/region", "${AWS::Region}"),
                ],
                like: [("aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass", "*"), ("aws:RequestTag/karpenter.k8s.aws/ec2nodeclass", "*")])),
        new("AllowScopedInstanceProfileActions", ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"], [InstanceProfiles],
            Conditions(
                equals: [(OwnedResource, "owned"), ("aws:ResourceTag/topology.kubernetes.io/region", "${AWS::Region}")],
                like: [("aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass", "*")])),

        // EKS integration: find this cluster's API endpoint.
        new("AllowAPIServerEndpointDiscovery", ["eks:DescribeCluster"], [ClusterArn]),

        // Interruption: read and delete the messages of this cluster's queue.
        new("AllowInterruptionQueueActions", ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"], ["${InterruptionQueueArn}"]),

        // Zonal shift: the API takes no resource ARN, so the cluster is named in the condition.
        new("AllowZonalShiftStatusReadOnly", ["arc-zonal-shift:GetManagedResource"], ["*"],
            Conditions(equals: [("arc-zonal-shift:ResourceIdentifier", ClusterArn)])),

        // Resource discovery: EC2's Describe calls and the price list support no resource ARNs; the instance-profile
        // list neither. The Describe calls are pinned to the cluster's region.
        new("AllowRegionalReadActions",
        [
            "ec2:DescribeCapacityReservations",
            "ec2:DescribeImages",
            "ec2:DescribeInstances",
            "ec2:DescribeInstanceStatus",
            "ec2:DescribeInstanceTypeOfferings",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeLaunchTemplates",
            "ec2:DescribePlacementGroups",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSpotPriceHistory",
            "ec2:DescribeSubnets",
        ], ["*"], Conditions(equals: [("aws:RequestedRegion", "${AWS::Region}")])),
        new("AllowSSMReadActions", ["ssm:GetParameter"], ["arn:${AWS::Partition}:ssm:${AWS::Region}::parameter/aws/service/*"]),
        new("AllowPricingReadActions", ["pricing:GetProducts"], ["*"]),
        new("AllowUnscopedInstanceProfileListAction", ["iam:ListInstanceProfiles"], ["*"]),
        new("AllowInstanceProfileReadActions", ["iam:GetInstanceProfile"], [InstanceProfiles]),
    ];

    private static Dictionary<string, IReadOnlyDictionary<string, object>> Conditions(
        (string Key, object Value)[]? equals = null,
        (string Key, object Value)[]? like = null)
    {
        var conditions = new Dictionary<string, IReadOnlyDictionary<string, object>>();
        if (equals is not null)
        {
            conditions["StringEquals"] = equals.ToDictionary(c => c.Key, c => c.Value);
        }

        if (like is not null)
        {
            conditions["StringLike"] = like.ToDictionary(c => c.Key, c => c.Value);
        }

        return conditions;
    }
}
