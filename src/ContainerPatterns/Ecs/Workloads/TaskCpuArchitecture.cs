namespace ContainerPatterns.Ecs;

/// <summary>The CPU architecture a Fargate task runs on.</summary>
public enum TaskCpuArchitecture
{
    /// <summary>ARM64 (AWS Graviton): about 20% cheaper than X64 on Fargate for the same size. Images must be built for linux/arm64. No Fargate Spot.</summary>
    Arm64,

    /// <summary>X86_64: for images built for linux/amd64 only, and the one architecture Fargate Spot runs.</summary>
    X64,
}
