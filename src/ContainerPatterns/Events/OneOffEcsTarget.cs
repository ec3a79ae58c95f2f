using Amazon.CDK.AWS.Scheduler;
using ContainerPatterns.Ecs;
using EventsCfnRule = Amazon.CDK.AWS.Events.CfnRule;

namespace ContainerPatterns.Events;

/// <summary>
/// One task run by EventBridge, in one neutral form: which cluster and task definition, as which role, on which
/// capacity, in which subnets and security groups (never a public IP), how failed invocations are retried and where
/// they end. Written out once for each API that starts ECS tasks: an EventBridge rule's target and a Scheduler target.
/// </summary>
/// <param name="ClusterArn">The cluster the task runs in.</param>
/// <param name="RoleArn">The role EventBridge or Scheduler assumes to run it.</param>
/// <param name="TaskDefinitionArn">The task definition.</param>
/// <param name="Capacity">The capacity provider weights.</param>
/// <param name="SubnetIds">The task subnets.</param>
/// <param name="SecurityGroupIds">The task security groups.</param>
/// <param name="Delivery">Retries and the dead-letter queue.</param>
internal sealed record OneOffEcsTarget(
    string ClusterArn,
    string RoleArn,
    string TaskDefinitionArn,
    CapacityChoice Capacity,
    string[] SubnetIds,
    string[] SecurityGroupIds,
    EventTargetDelivery Delivery)
{
    // Tags flow from the task definition to each task, with ECS's own tags beside them.
    private const string PropagateTags = "TASK_DEFINITION";
    private const string NoPublicIp = "DISABLED";

    /// <summary>The target of an EventBridge rule (<paramref name="input"/>: the container overrides the event fills in, if any).</summary>
    public EventsCfnRule.TargetProperty ToRuleTarget(string id, EventsCfnRule.InputTransformerProperty? input) => new()
    {
        Id = id,
        Arn = ClusterArn,
        RoleArn = RoleArn,
        EcsParameters = new EventsCfnRule.EcsParametersProperty
        {
            TaskDefinitionArn = TaskDefinitionArn,
            TaskCount = 1,
            CapacityProviderStrategy = Capacity.ToEventRuleStrategies(),
            NetworkConfiguration = new EventsCfnRule.NetworkConfigurationProperty
            {
                AwsVpcConfiguration = new EventsCfnRule.AwsVpcConfigurationProperty
                {
                    Subnets = SubnetIds,
                    SecurityGroups = SecurityGroupIds,
                    AssignPublicIp = NoPublicIp,
                },
            },
            PropagateTags = PropagateTags,
            EnableEcsManagedTags = true,
        },
        InputTransformer = input,
        RetryPolicy = Delivery.ToRuleRetryPolicy(),
        DeadLetterConfig = new EventsCfnRule.DeadLetterConfigProperty { Arn = Delivery.Queue.QueueArn },
    };

    /// <summary>The target of a Scheduler schedule (<paramref name="input"/>: the input Scheduler sends the task, if any).</summary>
    public CfnSchedule.TargetProperty ToScheduleTarget(string? input = null) => new()
    {
        Arn = ClusterArn,
        RoleArn = RoleArn,
        EcsParameters = new CfnSchedule.EcsParametersProperty
        {
            TaskDefinitionArn = TaskDefinitionArn,
            TaskCount = 1,
            CapacityProviderStrategy = Capacity.ToSchedulerStrategies(),
            NetworkConfiguration = new CfnSchedule.NetworkConfigurationProperty
            {
                AwsvpcConfiguration = new CfnSchedule.AwsVpcConfigurationProperty
                {
                    Subnets = SubnetIds,
                    SecurityGroups = SecurityGroupIds,
                    AssignPublicIp = NoPublicIp,
                },
            },
            PropagateTags = PropagateTags,
            EnableEcsManagedTags = true,
        },
        Input = input,
        RetryPolicy = Delivery.ToScheduleRetryPolicy(),
        DeadLetterConfig = new CfnSchedule.DeadLetterConfigProperty { Arn = Delivery.Queue.QueueArn },
    };
}
