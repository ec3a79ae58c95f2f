using ContainerPatterns.Ecs;
using ContainerPatterns.Networking;
using Snapshooter.Xunit;

namespace ContainerPatterns.Tests.Networking;

public class BuildingBlockSnapshotTests
{
    private static Newtonsoft.Json.Linq.JToken Normalised(System.Text.Json.Nodes.JsonObject template) =>
        Newtonsoft.Json.Linq.JToken.Parse(Synth.Normalise(template.ToJsonString()));

    [Fact]
    public void Default_network_matches_its_snapshot() =>
        Snapshot.Match(Normalised(Synth.Json(s => _ = new ContainerNetwork(s, "Network"))));

    [Fact]
    public void Cluster_with_exec_matches_its_snapshot() =>
        Snapshot.Match(Normalised(Synth.Json(s =>
        {
            var network = new ContainerNetwork(s, "Network");
            _ = new ContainerCluster(s, "Cluster", new ContainerClusterProps { Vpc = network.Vpc, ExecuteCommand = true });
        })));
}
