namespace ContainerPatterns.Examples;

/// <summary>Finds an example's folder (e.g. a container app's Docker build context) from wherever the app runs.</summary>
public static class ExampleFolders
{
    /// <summary>
    /// The absolute path of <paramref name="folder"/> (relative to the repository root) that holds <paramref name="marker"/>.
    /// The CDK CLI runs the app from the repository root, the tests from their bin folder: look upwards from both.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder above either start.</exception>
    public static string Find(string folder, string marker = "Dockerfile")
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, folder);
                if (File.Exists(Path.Combine(candidate, marker)))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException($"{folder}/{marker} not found above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}.");
    }
}
