namespace ContainerPatterns.Ecs;

/// <summary>The task sizes Fargate offers, and the check of a CPU and memory pair against them.</summary>
internal static class FargateSizes
{
    // Fargate task sizes (ECS developer guide, "Task CPU and memory", and ECS API reference, RegisterTaskDefinition memory,
    // read 2026-12-02): CPU units -> allowed memory in MiB.
    // 8 and 16 vCPU need Linux platform version 1.4.0 or later, which LATEST is.
    private static readonly (int Cpu, int Min, int Max, int Step, string Text)[] Sizes =
    [
        (256, 512, 2048, 0, "512, 1024 or 2048 MiB"),
        (512, 1024, 4096, 1024, "1024 to 4096 MiB in steps of 1024"),
        (1024, 2048, 8192, 1024, "2048 to 8192 MiB in steps of 1024"),
        (2048, 4096, 16384, 1024, "4096 to 16384 MiB in steps of 1024"),
        (4096, 8192, 30720, 1024, "8192 to 30720 MiB in steps of 1024"),
        (8192, 16384, 61440, 4096, "16384 to 61440 MiB in steps of 4096"),
        (16384, 32768, 122880, 8192, "32768 to 122880 MiB in steps of 8192"),
    ];

    /// <summary>
    /// Records a CPU that Fargate does not offer, or a memory size it does not offer with that CPU
    /// (<paramref name="cpuDefaulted"/>: the CPU is the construct's default, which the message says); tokens pass unchecked.
    /// </summary>
    public static void Validate(PropValidator v, double cpu, double memory, bool cpuDefaulted)
    {
        if (PropValidator.IsToken(cpu))
        {
            return;
        }

        var size = Sizes.FirstOrDefault(f => f.Cpu == cpu);
        if (size.Cpu == 0)
        {
            v.Fail("Cpu", cpu, $"allowed: {string.Join(", ", Sizes.Select(f => f.Cpu))} CPU units (Fargate task sizes).");
            return;
        }

        if (PropValidator.IsToken(memory))
        {
            return;
        }

        var ok = size.Step == 0
            ? memory is 512 or 1024 or 2048
            : memory >= size.Min && memory <= size.Max && (memory - size.Min) % size.Step == 0;
        if (!ok)
        {
            var cpuText = cpuDefaulted ? $"the default Cpu = {PropValidator.Format(cpu)}" : $"Cpu = {PropValidator.Format(cpu)}";
            v.FailWith($"MemoryLimitMiB = {PropValidator.Format(memory)} is not valid with {cpuText}; Fargate allows {size.Text}.");
        }
    }
}
