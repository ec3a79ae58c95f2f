using System.Runtime.CompilerServices;
using ContainerPatterns.Examples;

// The jsii runtime under Amazon.CDK.Lib is single-threaded: parallel tests hang or fail.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: TestFramework("ContainerPatterns.Tests.CleanUpTestFramework", "ContainerPatterns.Tests")]

namespace ContainerPatterns.Tests;

internal static class TestSetup
{
    /// <summary>This test process's temporary folder (see <see cref="Init"/>).</summary>
    internal static ProcessTempDirectory? Temp { get; private set; }

    [ModuleInitializer]
    internal static void Init()
    {
        // Keep test output free of jsii's Node.js support banner.
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");

        // Leave nothing in the temporary directory: jsii's ~66 MB of tarballs per process and everything else CDK
        // writes there go to a folder of this test process, removed when the tests are done (CleanUpTestFramework:
        // the test host may be killed before its exit handlers finish).
        Temp = ProcessTempDirectory.Use("containerpatterns-tests");

        // Apps created without an output folder all write to this one (tests run one at a time), instead of a new
        // cdk.out* folder each (about 240 per run): less to write, and little to remove at the end.
        Environment.SetEnvironmentVariable("CDK_OUTDIR", Path.Combine(Temp.Path, "cdk.out"));

        // The first test starts the jsii runtime; Amazon.CDK.Lib's types load on another core meanwhile.
        JsiiWarmUp.Start();
    }
}

/// <summary>xUnit's own test framework, which also removes the test process's temporary folder when the run ends.</summary>
public sealed class CleanUpTestFramework : Xunit.Sdk.XunitTestFramework
{
    /// <summary>Creates the framework.</summary>
    public CleanUpTestFramework(Xunit.Abstractions.IMessageSink messageSink)
        : base(messageSink)
    {
        if (TestSetup.Temp is { } temp)
        {
            DisposalTracker.Add(temp);
        }
    }
}
