using Amazon.CDK.AWS.ECS;
using EventsCfnRule = Amazon.CDK.AWS.Events.CfnRule;
using SchedulerCfnSchedule = Amazon.CDK.AWS.Scheduler.CfnSchedule;

namespace ContainerPatterns.Ecs;

/// <summary>
/// Where a workload's tasks run, in one neutral form: an optional on-demand base (services only; a one-off task
/// has no base) and the relative weights of FARGATE and FARGATE_SPOT. Written out once for each API that takes a
/// capacity provider strategy: the ECS service, the EventBridge rule's ECS target and the Scheduler's ECS target.
/// </summary>
/// <param name="OnDemandBase">Tasks that always run on FARGATE before the weights apply; null for one-off tasks.</param>
/// <param name="OnDemandWeight">Relative share on FARGATE.</param>
/// <param name="SpotWeight">Relative share on FARGATE_SPOT; 0 leaves Spot out.</param>
internal sealed record CapacityChoice(double? OnDemandBase, double OnDemandWeight, double SpotWeight)
{
    /// <summary>Default weights: everything on on-demand FARGATE.</summary>
    public const double DefaultOnDemandWeight = 1;

    /// <summary>Whether any share goes to Spot (false while the weight is a token: that is only known at deploy time).</summary>
    public bool UsesSpot => SpotWeight > 0 || PropValidator.IsToken(SpotWeight);

    /// <summary>Records every problem with the weights and the base (ECS CapacityProviderStrategyItem limits).</summary>
    public void Validate(PropValidator v, string basePropName, string onDemandPropName, string spotPropName)
    {
        v.Range(basePropName, OnDemandBase, 0, EcsLimits.MaxCapacityBase, "tasks");
        v.Range(onDemandPropName, OnDemandWeight, 0, EcsLimits.MaxCapacityWeight);
        v.Range(spotPropName, SpotWeight, 0, EcsLimits.MaxCapacityWeight);
        if (OnDemandWeight == 0 && SpotWeight == 0)
        {
            v.FailWith($"{onDemandPropName} and {spotPropName} are both 0; ECS needs a weight above 0 on at least one capacity provider.");
        }
    }

    /// <summary>For an ECS service (<c>FargateServiceProps.CapacityProviderStrategies</c>).</summary>
    public CapacityProviderStrategy[] ToServiceStrategies() =>
        Items((provider, weight, @base) => new CapacityProviderStrategy { CapacityProvider = provider, Weight = weight, Base = @base });

    /// <summary>For an EventBridge rule's ECS target (<c>CfnRule.EcsParametersProperty.CapacityProviderStrategy</c>).</summary>
    public EventsCfnRule.CapacityProviderStrategyItemProperty[] ToEventRuleStrategies() =>
        Items((provider, weight, @base) => new EventsCfnRule.CapacityProviderStrategyItemProperty { CapacityProvider = provider, Weight = weight, Base = @base });

    /// <summary>For an EventBridge Scheduler ECS target (<c>CfnSchedule.EcsParametersProperty.CapacityProviderStrategy</c>).</summary>
    public SchedulerCfnSchedule.CapacityProviderStrategyItemProperty[] ToSchedulerStrategies() =>
        Items((provider, weight, @base) => new SchedulerCfnSchedule.CapacityProviderStrategyItemProperty { CapacityProvider = provider, Weight = weight, Base = @base });

    // FARGATE always comes first and carries the base; FARGATE_SPOT is listed only when it has a share.
    private T[] Items<T>(Func<string, double, double?, T> item)
    {
        var onDemand = item(EcsLimits.Fargate, OnDemandWeight, OnDemandBase);
        return UsesSpot ? [onDemand, item(EcsLimits.FargateSpot, SpotWeight, null)] : [onDemand];
    }
}
