namespace ContainerPatterns.Ecs;

/// <summary>ECS limits that more than one construct validates against.</summary>
internal static class EcsLimits
{
    // Capacity provider strategy limits (ECS API reference, CapacityProviderStrategyItem: weight 0–1000, base 0–100000;
    // the API model in botocore 1.43.11 says the same; read 2026-12-02).
    public const int MaxCapacityWeight = 1000;
    public const int MaxCapacityBase = 100_000;

    /// <summary>The Fargate capacity providers every <c>ContainerCluster</c> has.</summary>
    public const string Fargate = "FARGATE";

    /// <summary>The Fargate Spot capacity provider.</summary>
    public const string FargateSpot = "FARGATE_SPOT";
}
