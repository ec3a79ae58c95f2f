using System.Runtime.CompilerServices;

// The jsii runtime under Amazon.CDK.Lib is single-threaded: parallel tests hang or fail.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ContainerPatterns.Tests;

internal static class TestSetup
{
    [ModuleInitializer]
    internal static void Init()
    {
        // Keep test output free of jsii's Node.js support banner.
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
    }
}
