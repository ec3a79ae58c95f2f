using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;

namespace ContainerPatterns.Ecs;

/// <summary>
/// Where a workload's tasks run: the cluster, its VPC, the task subnets (default: private with egress) and the
/// security groups (given, or created by whoever needs them). Tasks never get a public IP address.
/// </summary>
internal sealed class TaskPlacement
{
    // A task's network interface takes at most 5 security groups (ECS API reference, AwsVpcConfiguration securityGroups,
    // read 2026-12-02; Amazon VPC quotas).
    private const int MaxSecurityGroups = 5;

    private TaskPlacement(ICluster? cluster, IVpc? vpc, ISubnetSelection subnets, ISecurityGroup[]? securityGroups, bool subnetsDefaulted)
    {
        ClusterOrNull = cluster;
        VpcOrNull = vpc;
        Subnets = subnets;
        GivenSecurityGroups = securityGroups;
        SubnetsDefaulted = subnetsDefaulted;
    }

    /// <summary>The cluster (valid after <see cref="Validate"/> passed).</summary>
    public ICluster Cluster => ClusterOrNull ?? throw new InvalidOperationException("validated: the cluster is set");

    /// <summary>The cluster's VPC (valid after <see cref="Validate"/> passed).</summary>
    public IVpc Vpc => VpcOrNull ?? throw new InvalidOperationException("validated: the VPC is set");

    /// <summary>Whether the cluster and its VPC are known (false when validation reported them missing).</summary>
    public bool HasVpc => VpcOrNull is not null;

    /// <summary>The task subnets.</summary>
    public ISubnetSelection Subnets { get; }

    /// <summary>The security groups the user gave; null when the construct is to create one.</summary>
    public ISecurityGroup[]? GivenSecurityGroups { get; }

    private ICluster? ClusterOrNull { get; }

    private IVpc? VpcOrNull { get; set; }

    private bool SubnetsDefaulted { get; }

    /// <summary>Reads the placement props; the VPC is read from the cluster (an imported cluster may have none, reported by <see cref="Validate"/>).</summary>
    public static TaskPlacement Resolve(WorkloadProps props)
    {
        var subnets = props.TaskSubnets ?? new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };
        return new TaskPlacement(props.Cluster, null, subnets, props.SecurityGroups?.ToArray(), props.TaskSubnets is null);
    }

    /// <summary>Records every problem with the placement and reads the cluster's VPC.</summary>
    public void Validate(PropValidator v)
    {
        if (v.Missing(nameof(WorkloadProps.Cluster), ClusterOrNull, "the ECS cluster the tasks run on (ContainerCluster.Cluster, a CDK Cluster, or Cluster.FromClusterAttributes with its Vpc)"))
        {
            return;
        }

        // A workload's tasks, its service or EventBridge and Scheduler targets (a rule's targets are in its region: AWS
        // Knowledge Center, "sns-not-getting-eventbridge-notification", read 2026-12-02) and the CloudWatch metrics it
        // alarms and scales on all live in one region.
        v.SameRegion($"{nameof(WorkloadProps.Cluster)}.ClusterArn", ClusterOrNull!.ClusterArn, "cluster", "ECS runs the tasks in the cluster's region, and the services, EventBridge and Scheduler targets and CloudWatch metrics of this workload are in the stack's");
        try
        {
            VpcOrNull = ClusterOrNull!.Vpc;
        }
        catch (Exception e) when (e is not ArgumentException and not InvalidOperationException)
        {
            v.FailWith($"{nameof(WorkloadProps.Cluster)} has no VPC; import the cluster with ClusterAttributes.Vpc, the VPC its tasks run in.");
            return;
        }

        if (GivenSecurityGroups is { } groups)
        {
            if (groups.Length is 0 or > MaxSecurityGroups)
            {
                v.FailWith($"{nameof(WorkloadProps.SecurityGroups)} has {groups.Length} security group(s); allowed: 1 to {MaxSecurityGroups} (a network interface's limit), or leave it unset to have one created.");
            }

            for (var i = 0; i < groups.Length; i++)
            {
                v.Missing($"{nameof(WorkloadProps.SecurityGroups)}[{i}]", groups[i], "a security group");
            }
        }

        if (Subnets.SubnetType == SubnetType.PUBLIC)
        {
            v.FailWith($"{nameof(WorkloadProps.TaskSubnets)} selects PUBLIC subnets; tasks get no public IP address, so there they could reach neither ECR nor CloudWatch Logs. Select private subnets (with egress, or isolated with VPC endpoints).");
            return;
        }

        try
        {
            if (VpcOrNull!.SelectSubnets(Subnets).SubnetIds.Length == 0)
            {
                v.FailWith($"{nameof(WorkloadProps.TaskSubnets)} selects no subnet of the cluster's VPC; name subnets the VPC has.");
            }
        }
        catch (Exception e) when (e is not ArgumentException and not InvalidOperationException)
        {
            v.FailWith(SubnetsDefaulted
                ? $"the cluster's VPC has no private subnets with egress, where tasks run by default; name the task subnets with {nameof(WorkloadProps.TaskSubnets)}, e.g. new SubnetSelection {{ SubnetType = SubnetType.PRIVATE_ISOLATED }} (isolated subnets need VPC endpoints for ECR, S3 and CloudWatch Logs)."
                : $"{nameof(WorkloadProps.TaskSubnets)} selects subnets the cluster's VPC does not have; name subnets the VPC has.");
        }
    }

    /// <summary>The given security groups, or one new group in <paramref name="scope"/> (id <c>SecurityGroup</c>) allowing all outbound traffic.</summary>
    public ISecurityGroup[] SecurityGroupsOrNew(Construct scope) =>
        GivenSecurityGroups ?? [new SecurityGroup(scope, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = Vpc,
            AllowAllOutbound = true,
            Description = $"Tasks of {scope.Node.Path}",
        })];
}
