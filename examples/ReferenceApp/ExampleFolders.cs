namespace ContainerPatterns.Examples;

/// <summary>Finds an example's container app folder, from wherever the stacks are built.</summary>
public static class ExampleFolders
{
    /// <summary>
    /// The absolute path of <paramref name="relative"/> (a folder with a Dockerfile, relative to the repository root).
    /// The CDK CLI runs the app from the repository root, the tests from their bin folder: look upwards from both.
    /// </summary>
    public static string Find(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(Path.Combine(candidate, "Dockerfile")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException($"{relative}/Dockerfile not found above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}.");
    }
}
