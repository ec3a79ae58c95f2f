using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.S3;
using ContainerPatterns.Events;
using static ContainerPatterns.Tests.Ecs.WebServiceFixture;

namespace ContainerPatterns.Tests.Events;

/// <summary>Builds the event constructs on a cluster in an imported two-AZ VPC.</summary>
internal static class EventsFixture
{
    public static Bucket NewBucket(Stack stack, string id = "Uploads") => new(stack, id);

    public static EventTriggeredTask NewEventTask(Stack stack, Func<ICluster, Bucket, EventTriggeredTaskProps>? props = null)
    {
        var cluster = LightCluster(stack);
        var bucket = NewBucket(stack);
        return new EventTriggeredTask(stack, "Processor", props?.Invoke(cluster, bucket) ?? new EventTriggeredTaskProps
        {
            Cluster = cluster,
            Image = Image,
            ObjectCreated = new ObjectCreatedTrigger { Bucket = bucket, Prefix = "incoming/" },
        });
    }

    public static ScheduledTask NewScheduledTask(Stack stack, Func<ICluster, ScheduledTaskProps>? props = null)
    {
        var cluster = LightCluster(stack);
        return new ScheduledTask(stack, "Report", props?.Invoke(cluster) ?? new ScheduledTaskProps
        {
            Cluster = cluster,
            Image = Image,
            Schedule = Amazon.CDK.AWS.Events.Schedule.Rate(Duration.Hours(1)),
        });
    }

    public static string EventTaskError(Func<ICluster, IBucket, EventTriggeredTaskProps> props) =>
        Synth.Error(s => new EventTriggeredTask(s, "Processor", props(LightCluster(s), NewBucket(s)))).Message;

    public static string ScheduledTaskError(Func<ICluster, ScheduledTaskProps> props) =>
        Synth.Error(s => new ScheduledTask(s, "Report", props(LightCluster(s)))).Message;

    public static string AlertsError(Func<ICluster, TaskFailureAlertsProps> props) =>
        Synth.Error(s => new TaskFailureAlerts(s, "Alerts", props(LightCluster(s)))).Message;
}
