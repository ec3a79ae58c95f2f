using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SQS;
using Amazon.CDK.AWS.Scheduler;
using ContainerPatterns.Ecs;

namespace ContainerPatterns.Events;

/// <summary>
/// A Fargate task that EventBridge Scheduler runs on a schedule: <c>rate(...)</c>, <c>cron(...)</c> or a one-time
/// <c>at(...)</c>, in an IANA time zone, optionally within a flexible window. Scheduler retries starting a task with
/// back-off and sends what it could not start to an encrypted SQS dead-letter queue, with an alarm on its depth. Tasks
/// run in private subnets without a public IP, on Fargate or Fargate Spot, on any ECS cluster with the Fargate capacity
/// providers (see <see cref="Ecs.WorkloadProps"/>); the schedule's role may run only this task definition family
/// in this cluster, pass only its two roles and send only to its dead-letter queue. With
/// <see cref="ScheduledTaskProps.ScheduledTimeVariable"/> the task learns the time its run was scheduled for.
/// </summary>
/// <remarks>
/// <para>Scheduler is used at the CloudFormation level (<c>AWS::Scheduler::Schedule</c>): Amazon.CDK.Lib 2.160 has no
/// stable construct for it.</para>
/// <para>Reading back and redriving a failed run: the dead-letter queue holds one message per run that could not start,
/// with the attributes <c>ERROR_CODE</c>, <c>ERROR_MESSAGE</c>, <c>SCHEDULE_ARN</c>, <c>TARGET_ARN</c> and
/// <c>EXECUTION_ID</c>. Read it with <c>aws sqs receive-message --queue-url URL --attribute-names All
/// --message-attribute-names All</c>. Fix the cause, then run the missed task once by hand with the schedule's own
/// settings (<c>aws scheduler get-schedule --name NAME</c> shows them): <c>aws ecs run-task --cluster CLUSTER
/// --task-definition FAMILY --network-configuration ... --capacity-provider-strategy ...</c>, and delete the message
/// (<c>aws sqs delete-message</c>).</para>
/// </remarks>
public sealed class ScheduledTask : OneOffTask
{
    /// <summary>Creates the task definition, the schedule and its role, and the dead-letter queue with its alarm.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public ScheduledTask(Construct scope, string id, ScheduledTaskProps props)
        : base(scope, id)
    {
        var v = new PropValidator(scope, id);
        v.ThrowIfPropsMissing(props, nameof(ScheduledTaskProps));
        var task = OneOffTaskPiece.Resolve(props, DeadLetterSender.SchedulerRole);
        var schedule = TaskSchedule.Resolve(props);
        task.Validate(v);
        schedule.Validate(v);
        v.ThrowIfAny();

        task.Build(this, "scheduler.amazonaws.com", "EventBridge Scheduler");
        // Scheduler sends failed runs with the schedule's role, not through a queue policy.
        task.RunTaskRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SendFailedRunsToTheDeadLetterQueue",
            Actions = ["sqs:SendMessage"],
            Resources = [task.Delivery.Queue.QueueArn],
        }));
        task.Delivery.AllowKeyUse(this, DeadLetterQueueKeyWarningId, task.RunTaskRole);
        task.SuppressRoleFindings(this);
        var cluster = task.Task.Placement.Cluster;
        Schedule = new CfnSchedule(this, "Schedule", new CfnScheduleProps
        {
            Description = schedule.Description(Node.Path),
            ScheduleExpression = schedule.Expression,
            ScheduleExpressionTimezone = schedule.TimeZoneName,
            FlexibleTimeWindow = schedule.Window(),
            State = "ENABLED",
            Target = task.Target.ToScheduleTarget(schedule.Input()),
        });
        // The role's policy must exist before Scheduler validates the target with it (the role itself is referenced).
        if (task.RunTaskRole.Node.TryFindChild("DefaultPolicy") is { } policy)
        {
            Schedule.Node.AddDependency(policy);
        }

        ClusterCapacityProviders.Require(this, Schedule, cluster, task.Task.Capacity.UsesSpot, "this task");

        Expose(task);
    }

    /// <summary>The Scheduler schedule (CloudFormation level).</summary>
    public CfnSchedule Schedule { get; }
}
