using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using ContainerPatterns.Ecs;

namespace ContainerPatterns.Tests.Ecs;

/// <summary>Builds a <see cref="QueueWorkerService"/> on a <see cref="ContainerCluster"/> in an imported VPC.</summary>
internal static class QueueWorkerFixture
{
    /// <summary>An image reference that needs no asset and names no registry host.</summary>
    public static ContainerImage Image => ContainerImage.FromRegistry("example/worker:1.0");

    /// <summary>The props most tests start from: a 2-second processing time (default latency 5 minutes: target 150).</summary>
    public static QueueWorkerServiceProps Basic(ICluster cluster) => new() { Cluster = cluster, Image = Image, AverageProcessingTime = Duration.Seconds(2) };

    public static QueueWorkerService NewWorker(Stack stack, Func<ICluster, QueueWorkerServiceProps>? props = null) =>
        new(stack, "Worker", (props ?? Basic)(WebServiceFixture.LightCluster(stack)));

    /// <summary>The message of the error building a worker with these props throws.</summary>
    public static string ErrorOf(Func<ICluster, QueueWorkerServiceProps> props) =>
        Synth.Error(s => NewWorker(s, props)).Message;

    /// <summary>The warnings on a construct (node metadata; Annotations.FromStack would synthesize a second time).</summary>
    public static string[] Warnings(Constructs.IConstruct construct) =>
        construct.Node.Metadata.Where(m => m.Type == "aws:cdk:warning").Select(m => m.Data?.ToString() ?? string.Empty).ToArray();
}
