using Amazon.CDK;
using ContainerPatterns.Examples;
using Snapshooter.Xunit;

namespace ContainerPatterns.Tests.Examples;

/// <summary>
/// Whole-template snapshots of the reference stacks, exactly as `cdk synth` writes them (asset hashes
/// normalised). A change shows up as a diff of __snapshots__/*.snap; to accept one on purpose, delete the
/// .snap file, run `dotnet test` to write it anew, and review the diff (README, "Snapshot tests").
/// </summary>
public class ReferenceStackSnapshotTests
{
    private static readonly Lazy<Amazon.CDK.CXAPI.CloudAssembly> Assembly = new(() =>
    {
        var app = new App(new AppProps { Outdir = Path.Combine(Path.GetTempPath(), "cp-ref-" + Guid.NewGuid().ToString("N")) });
        ReferenceStacks.AddTo(app);
        return app.Synth();
    });

    private static Newtonsoft.Json.Linq.JToken TemplateOf(string stackName)
    {
        var artifact = Assembly.Value.GetStackByName(stackName);
        var text = File.ReadAllText(artifact.TemplateFullPath);
        return Newtonsoft.Json.Linq.JToken.Parse(Synth.Normalise(text));
    }

    [Fact]
    public void Foundation_stack_matches_its_snapshot() => Snapshot.Match(TemplateOf(FoundationStack.Name));

    [Fact]
    public void Registry_stack_matches_its_snapshot() => Snapshot.Match(TemplateOf(RegistryStack.Name));

    [Fact]
    public void WebService_stack_matches_its_snapshot() => Snapshot.Match(TemplateOf(WebServiceStack.Name));

    [Fact]
    public void QueueWorker_stack_matches_its_snapshot() => Snapshot.Match(TemplateOf(QueueWorkerStack.Name));

    [Fact]
    public void Kubernetes_stack_matches_its_snapshot() => Snapshot.Match(TemplateOf(KubernetesStack.Name));

    [Fact]
    public void EventProcessing_stack_matches_its_snapshot() => Snapshot.Match(TemplateOf(EventProcessingStack.Name));

    [Fact]
    public void KubernetesKarpenter_stack_matches_its_snapshot() => Snapshot.Match(TemplateOf(KubernetesKarpenterStack.Name));

    [Fact]
    public void Every_reference_stack_has_a_snapshot_test()
    {
        var stacks = Assembly.Value.Stacks.Select(s => s.StackName).Order().ToArray();
        Assert.Equal(ReferenceStacks.Names.Order().ToArray(), stacks);
        var tested = typeof(ReferenceStackSnapshotTests).GetMethods().Count(m => m.Name.EndsWith("_stack_matches_its_snapshot", StringComparison.Ordinal));
        Assert.Equal(stacks.Length, tested);
    }
}
