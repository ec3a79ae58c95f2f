using Amazon.CDK.AWS.Events;
using ContainerPatterns.Ecs;

namespace ContainerPatterns.Events;

/// <summary>Properties of an <see cref="EventTriggeredTask"/>: the task (see <see cref="OneOffTaskProps"/>) and the events that start it.</summary>
public sealed class EventTriggeredTaskProps : OneOffTaskProps
{
    /// <summary>
    /// The events that start a task, as an EventBridge event pattern (e.g. <c>new EventPattern { Source = ["my.app"],
    /// DetailType = ["Order Placed"] }</c>); it must match on at least one field. Give this or <see cref="ObjectCreated"/>.
    /// Default: none.
    /// </summary>
    public IEventPattern? EventPattern { get; init; }

    /// <summary>Starts a task for each object created in a bucket (builds the pattern and turns on the bucket's EventBridge notifications). Give this or <see cref="EventPattern"/>. Default: none.</summary>
    public ObjectCreatedTrigger? ObjectCreated { get; init; }

    /// <summary>The event bus the rule listens on; not with <see cref="ObjectCreated"/> (S3 sends to the default bus only). Default: the account's default event bus.</summary>
    public IEventBus? EventBus { get; init; }

    /// <summary>
    /// Event fields passed to the container as environment variables, through the rule target's container overrides:
    /// variable name to a JSON path into the event (e.g. <c>["ORDER_ID"] = "$.detail.orderId"</c>; dot notation, array
    /// indexes such as <c>[0]</c>). A name may not be blank or contain '='; at most 100 variables (EventBridge's input
    /// transformer limit). A name set here overrides the same name in <see cref="Ecs.WorkloadProps.Environment"/>. With
    /// <see cref="ObjectCreated"/>, <c>BUCKET_NAME</c> and <c>OBJECT_KEY</c> are added unless given here. The fields must
    /// be strings: ECS takes environment values as strings only, and the value is passed on as the event has it. A path
    /// the event's shape shows not to be a string is refused at synth (<c>$.detail</c>, <c>$.resources</c>, a field the
    /// pattern matches with a nested pattern, numbers, booleans or numeric matching, S3's <c>$.detail.object.size</c>);
    /// any other field that turns out not to be a string makes RunTask refuse the call, which the rule retries and then
    /// sends to the dead-letter queue. Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, string>? EventEnvironment { get; init; }

    /// <summary>
    /// The container that receives <see cref="EventEnvironment"/>: <c>app</c>, or the name of a container you add to the
    /// task definition (checked at synth). Default: <c>app</c>.
    /// </summary>
    public string? EventEnvironmentContainer { get; init; }
}
