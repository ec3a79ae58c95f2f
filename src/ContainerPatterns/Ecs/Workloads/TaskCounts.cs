namespace ContainerPatterns.Ecs;

/// <summary>The task-count bounds every scaled service has, resolved and checked the same way.</summary>
internal static class TaskCounts
{
    /// <summary>The most tasks a service scales to unless told: 4, or its minimum when that is larger.</summary>
    public const double DefaultMaxTasks = 4;

    /// <summary>The maximum: the given one, or the default raised to the minimum.</summary>
    public static double MaxOf(double min, double? max) =>
        max ?? (PropValidator.IsToken(min) ? DefaultMaxTasks : Math.Max(DefaultMaxTasks, min));

    /// <summary>
    /// Records bounds outside their ranges (the minimum from <paramref name="lowestMin"/>, the maximum from 1) and a
    /// minimum above the maximum; returns true when both are known and valid.
    /// </summary>
    public static bool Validate(PropValidator v, double? givenMin, double? givenMax, double min, double max, double lowestMin)
    {
        v.Range("MinTasks", givenMin, lowestMin, int.MaxValue, "tasks");
        v.Range("MaxTasks", givenMax, 1, int.MaxValue, "tasks");
        // Compared only once each is in its own range, so one bad value gives one message.
        if (PropValidator.IsToken(min) || PropValidator.IsToken(max) || min < lowestMin || max < 1)
        {
            return false;
        }

        if (min > max)
        {
            v.FailWith($"MinTasks = {PropValidator.Format(min)} is greater than MaxTasks = {PropValidator.Format(max)}; MinTasks must be at most MaxTasks.");
            return false;
        }

        return true;
    }
}
