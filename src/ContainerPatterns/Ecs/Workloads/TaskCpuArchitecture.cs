namespace ContainerPatterns.Ecs;

/// <summary>The CPU architecture a task runs on (the platform its image is built for).</summary>
public enum TaskCpuArchitecture
{
    /// <summary>
    /// ARM64 (AWS Graviton), images built for <c>linux/arm64</c>: about 20% cheaper than Amd64 on Fargate for the same
    /// size, on FARGATE and FARGATE_SPOT alike (Spot runs ARM64 tasks on platform version 1.4.0 or later).
    /// </summary>
    Arm64,

    /// <summary>x86-64 (Intel and AMD), images built for <c>linux/amd64</c>; ECS calls it <c>X86_64</c>. Runs on FARGATE and FARGATE_SPOT.</summary>
    Amd64,
}
