using System.Diagnostics;
using System.Globalization;

namespace ContainerPatterns.Examples;

/// <summary>
/// Gives a CDK process a temporary folder of its own and removes it when the process exits.
/// </summary>
/// <remarks>
/// The jsii runtime under Amazon.CDK.Lib copies its JavaScript runtime and every jsii package's tarball (about
/// 66 MB for aws-cdk-lib 2.160 and its asset packages) into a new folder under the temporary directory each time a
/// process starts, and never removes them; an <c>App</c> without an output folder also leaves a <c>cdk.out*</c>
/// folder there per app. Pointing <c>TMPDIR</c> (and <c>TMP</c>/<c>TEMP</c>) at a per-process folder before the
/// first CDK call sends all of that, and whatever the jsii runtime's Node.js process writes to its temporary
/// directory, into one place that is deleted on exit (or earlier, by <see cref="Dispose"/>). Folders left by
/// processes that were killed are removed the next time.
/// </remarks>
public sealed class ProcessTempDirectory : IDisposable
{
    private readonly Lock _gate = new();
    private bool _removed;

    private ProcessTempDirectory(string path) => Path = path;

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>
    /// Points the temporary directory of this process (and of the Node.js process jsii starts) at
    /// <c>&lt;temp&gt;/&lt;prefix&gt;-&lt;pid&gt;</c>, removed when the process exits. Call it before the first CDK call.
    /// </summary>
    public static ProcessTempDirectory Use(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var parent = System.IO.Path.GetTempPath();
        RemoveAbandoned(parent, prefix);
        var folder = System.IO.Path.Combine(parent, $"{prefix}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}");
        Directory.CreateDirectory(folder);
        foreach (var variable in new[] { "TMPDIR", "TMP", "TEMP" })
        {
            Environment.SetEnvironmentVariable(variable, folder);
        }

        var directory = new ProcessTempDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => directory.Dispose();
        return directory;
    }

    /// <summary>
    /// Removes the folder now (for hosts that may kill the process instead of letting it exit, such as a test
    /// host). Files the jsii runtime still holds open are unlinked all the same on Linux and macOS.
    /// </summary>
    public void Dispose()
    {
        // Once, and to the end: a second caller (the exit handler after the test host's own clean-up) waits for
        // the first instead of racing it while the process shuts down.
        lock (_gate)
        {
            if (!_removed)
            {
                TryDelete(Path);
                _removed = true;
            }
        }
    }

    // Folders of earlier processes with this prefix whose process is gone (killed before it could clean up).
    private static void RemoveAbandoned(string parent, string prefix)
    {
        foreach (var folder in Directory.EnumerateDirectories(parent, prefix + "-*"))
        {
            if (int.TryParse(System.IO.Path.GetFileName(folder)[(prefix.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId && !IsRunning(pid))
            {
                TryDelete(folder);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        // A few tries: the jsii runtime's Node.js process may still add or remove a file of its own meanwhile.
        for (var attempt = 0; attempt < 3 && Directory.Exists(folder); attempt++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Tried again; a folder that still cannot be removed is removed by a later run.
            }
            catch (UnauthorizedAccessException)
            {
                return; // As above.
            }
        }
    }
}
