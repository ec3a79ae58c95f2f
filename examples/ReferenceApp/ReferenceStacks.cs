using Amazon.CDK;
using ContainerPatterns.Compliance;

namespace ContainerPatterns.Examples;

/// <summary>The reference stacks, as the CDK app and the snapshot tests build them.</summary>
public static class ReferenceStacks
{
    /// <summary>The stack names, in the order they are added.</summary>
    public static readonly IReadOnlyList<string> Names = [FoundationStack.Name, RegistryStack.Name, WebServiceStack.Name, QueueWorkerStack.Name, KubernetesStack.Name, EventProcessingStack.Name, KubernetesKarpenterStack.Name];

    /// <summary>
    /// Adds every reference stack to the app, and the aspect that keeps CDK's internal Lambda functions on
    /// supported runtimes. Stacks are environment-agnostic unless CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION
    /// (or the <c>account</c> and <c>region</c> context values) are set.
    /// </summary>
    public static void AddTo(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        SupportedLambdaRuntimes.ApplyTo(app);
        var env = EnvironmentFrom(app);
        _ = new FoundationStack(app, FoundationStack.Name, new StackProps { Env = env, Description = FoundationStack.Description });
        _ = new RegistryStack(app, RegistryStack.Name, new StackProps { Env = env, Description = RegistryStack.Description });
        _ = new WebServiceStack(app, WebServiceStack.Name, new StackProps { Env = env, Description = WebServiceStack.Description });
        _ = new QueueWorkerStack(app, QueueWorkerStack.Name, new StackProps { Env = env, Description = QueueWorkerStack.Description });
        _ = new KubernetesStack(app, KubernetesStack.Name, new StackProps { Env = env, Description = KubernetesStack.Description });
        _ = new EventProcessingStack(app, EventProcessingStack.Name, new StackProps { Env = env, Description = EventProcessingStack.Description });
        _ = new KubernetesKarpenterStack(app, KubernetesKarpenterStack.Name, new StackProps { Env = env, Description = KubernetesKarpenterStack.Description });
    }

    private static Amazon.CDK.Environment? EnvironmentFrom(App app)
    {
        var account = app.Node.TryGetContext("account") as string ?? System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT");
        var region = app.Node.TryGetContext("region") as string ?? System.Environment.GetEnvironmentVariable("CDK_DEFAULT_REGION");
        return string.IsNullOrEmpty(account) || string.IsNullOrEmpty(region)
            ? null
            : new Amazon.CDK.Environment { Account = account, Region = region };
    }
}
