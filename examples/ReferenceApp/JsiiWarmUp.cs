using System.Reflection;

namespace ContainerPatterns.Examples;

/// <summary>
/// Loads Amazon.CDK.Lib's types on a background thread while the main thread starts the jsii runtime.
/// </summary>
/// <remarks>
/// On its first call jsii's .NET runtime builds a map of every jsii type in the loaded assemblies, which loads
/// all ~13,000 types of Amazon.CDK.Lib: about half a second of work on the main thread, after Node.js has started and
/// while it waits. Loading the same types first, on another core, while Node.js starts and loads aws-cdk-lib, takes
/// that work off the critical path (the runtime caches loaded types). Only type metadata is touched here, nothing
/// of jsii itself, which is single-threaded.
/// </remarks>
public static class JsiiWarmUp
{
    /// <summary>Starts loading the types. Call it first thing in the app, before the first CDK call.</summary>
    public static void Start()
    {
        var thread = new Thread(static () =>
        {
            try
            {
                _ = typeof(Amazon.CDK.App).Assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException)
            {
                // A type that cannot load now fails the same way for jsii later, which reports it; nothing to do.
            }
        })
        {
            IsBackground = true,
            Name = "Amazon.CDK.Lib type warm-up",
        };
        thread.Start();
    }
}
