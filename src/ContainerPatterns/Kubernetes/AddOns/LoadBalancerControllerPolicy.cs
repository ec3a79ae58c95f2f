namespace ContainerPatterns.Kubernetes;

/// <summary>
/// The IAM permissions of the AWS Load Balancer Controller: the 16 statements of its documented policy
/// (<c>docs/install/iam_policy.json</c> of kubernetes-sigs/aws-load-balancer-controller, the same from v2.13.0 to v3.5.0;
/// read 2026-12-02),
/// with the partition taken from the stack instead of one file per partition. Upstream scopes what it creates and changes by its
/// <c>elbv2.k8s.aws/cluster</c> tag; EC2's and Elastic Load Balancing's Describe calls, security-group creation and
/// listener and rule changes take no narrower resource.
/// </summary>
internal static class LoadBalancerControllerPolicy
{
    // The resources of docs/install/iam_policy.json of kubernetes-sigs/aws-load-balancer-controller v3.5.0 (read 2026-12-02).
    private const string SecurityGroups = "arn:${AWS::Partition}:ec2:*:*:security-group/*";
    private const string Elb = "arn:${AWS::Partition}:elasticloadbalancing:*:*";
    private const string TargetGroups = Elb + ":targetgroup/*/*";
    private static readonly string[] LoadBalancersAndTargetGroups = [TargetGroups, Elb + ":loadbalancer/net/*/*", Elb + ":loadbalancer/app/*/*"];

    /// <summary>The statements, in upstream's order.</summary>
    public static IReadOnlyList<IamStatement> Statements { get; } =
    [
        new(null, ["iam:CreateServiceLinkedRole"], ["*"], Condition("StringEquals", ("iam:AWSServiceName", "elasticloadbalancing.amazonaws.com"))),
        new(null,
        [
            "ec2:DescribeAccountAttributes",
            "ec2:DescribeAddresses",
            "ec2:DescribeAvailabilityZones",
            "ec2:DescribeInternetGateways",
            "ec2:DescribeVpcs",
            "ec2:DescribeVpcPeeringConnections",
            "ec2:DescribeSubnets",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeInstances",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeTags",
            "ec2:GetCoipPoolUsage",
            "ec2:DescribeCoipPools",
            "ec2:GetSecurityGroupsForVpc",
            "ec2:DescribeIpamPools",
            "ec2:DescribeRouteTables",
            "elasticloadbalancing:DescribeLoadBalancers",
            "elasticloadbalancing:DescribeLoadBalancerAttributes",
            "elasticloadbalancing:DescribeListeners",
            "elasticloadbalancing:DescribeListenerCertificates",
            "elasticloadbalancing:DescribeSSLPolicies",
            "elasticloadbalancing:DescribeRules",
            "elasticloadbalancing:DescribeTargetGroups",
            "elasticloadbalancing:DescribeTargetGroupAttributes",
            "elasticloadbalancing:DescribeTargetHealth",
            "elasticloadbalancing:DescribeTags",
            "elasticloadbalancing:DescribeTrustStores",
            "elasticloadbalancing:DescribeListenerAttributes",
            "elasticloadbalancing:DescribeCapacityReservation",
        ], ["*"]),
        new(null,
        [
            "cognito-idp:DescribeUserPoolClient",
            "acm:ListCertificates",
            "acm:DescribeCertificate",
            "iam:ListServerCertificates",
            "iam:GetServerCertificate",
            "waf-regional:GetWebACL",
            "waf-regional:GetWebACLForResource",
            "waf-regional:AssociateWebACL",
            "waf-regional:DisassociateWebACL",
            "wafv2:GetWebACL",
            "wafv2:GetWebACLForResource",
            "wafv2:AssociateWebACL",
            "wafv2:DisassociateWebACL",
            "shield:GetSubscriptionState",
            "shield:DescribeProtection",
            "shield:CreateProtection",
            "shield:DeleteProtection",
        ], ["*"]),
        new(null, ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], ["*"]),
        new(null, ["ec2:CreateSecurityGroup"], ["*"]),
        new(null, ["ec2:CreateTags"], [SecurityGroups], new Dictionary<string, IReadOnlyDictionary<string, object>>
        {
            ["StringEquals"] = new Dictionary<string, object> { ["ec2:CreateAction"] = "CreateSecurityGroup" },
            ["Null"] = new Dictionary<string, object> { ["aws:RequestTag/elbv2.k8s.aws/cluster"] = "false" },
        }),
        new(null, ["ec2:CreateTags", "ec2:DeleteTags"], [SecurityGroups], TaggedNotRetagged()),
        new(null, ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"], ["*"],
            Condition("Null", ("aws:ResourceTag/elbv2.k8s.aws/cluster", "false"))),
        new(null, ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"], ["*"],
            Condition("Null", ("aws:RequestTag/elbv2.k8s.aws/cluster", "false"))),
        new(null, ["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"], ["*"]),
        new(null, ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"], LoadBalancersAndTargetGroups, TaggedNotRetagged()),
        new(null, ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
        [
            Elb + ":listener/net/*/*/*",
            Elb + ":listener/app/*/*/*",
            Elb + ":listener-rule/net/*/*/*",
            Elb + ":listener-rule/app/*/*/*",
        ]),
        new(null,
        [
            "elasticloadbalancing:ModifyLoadBalancerAttributes",
            "elasticloadbalancing:SetIpAddressType",
            "elasticloadbalancing:SetSecurityGroups",
            "elasticloadbalancing:SetSubnets",
            "elasticloadbalancing:DeleteLoadBalancer",
            "elasticloadbalancing:ModifyTargetGroup",
            "elasticloadbalancing:ModifyTargetGroupAttributes",
            "elasticloadbalancing:DeleteTargetGroup",
            "elasticloadbalancing:ModifyListenerAttributes",
            "elasticloadbalancing:ModifyCapacityReservation",
            "elasticloadbalancing:ModifyIpPools",
        ], ["*"], Condition("Null", ("aws:ResourceTag/elbv2.k8s.aws/cluster", "false"))),
        new(null, ["elasticloadbalancing:AddTags"], LoadBalancersAndTargetGroups, new Dictionary<string, IReadOnlyDictionary<string, object>>
        {
            ["StringEquals"] = new Dictionary<string, object> { ["elasticloadbalancing:CreateAction"] = new[] { "CreateTargetGroup", "CreateLoadBalancer" } },
            ["Null"] = new Dictionary<string, object> { ["aws:RequestTag/elbv2.k8s.aws/cluster"] = "false" },
        }),
        new(null, ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], [TargetGroups]),
        new(null,
        [
            "elasticloadbalancing:SetWebAcl",
            "elasticloadbalancing:ModifyListener",
            "elasticloadbalancing:AddListenerCertificates",
            "elasticloadbalancing:RemoveListenerCertificates",
            "elasticloadbalancing:ModifyRule",
            "elasticloadbalancing:SetRulePriorities",
        ], ["*"]),
    ];

    // The resource carries the controller's cluster tag and the request does not change it.
    private static Dictionary<string, IReadOnlyDictionary<string, object>> TaggedNotRetagged() =>
        Condition("Null", ("aws:RequestTag/elbv2.k8s.aws/cluster", "true"), ("aws:ResourceTag/elbv2.k8s.aws/cluster", "false"));

    private static Dictionary<string, IReadOnlyDictionary<string, object>> Condition(string op, params (string Key, object Value)[] entries) =>
        new() { [op] = entries.ToDictionary(e => e.Key, e => e.Value) };
}
