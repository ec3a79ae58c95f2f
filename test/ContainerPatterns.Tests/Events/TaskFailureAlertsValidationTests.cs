using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using ContainerPatterns.Events;
using static ContainerPatterns.Tests.Ecs.WebServiceFixture;
using static ContainerPatterns.Tests.Events.EventsFixture;

namespace ContainerPatterns.Tests.Events;

public class TaskFailureAlertsValidationTests
{
    private static readonly string NewLine = System.Environment.NewLine;

    [Theory]
    [InlineData("ops")]
    [InlineData("ops@")]
    [InlineData("ops@example")]
    [InlineData("Ops <ops@example.com>")]
    [InlineData("o ps@example.com")]
    [InlineData("ops@example.com.")]
    public void Rejects_an_invalid_email_address(string email)
    {
        Assert.Equal(
            $"TestStack/Alerts: EmailAddresses[0] = \"{email}\" is not valid; allowed: an email address such as \"ops@example.com\" (name@domain, at most 254 characters, no spaces or display names).",
            AlertsError(c => new() { Cluster = c, EmailAddresses = [email] }));
    }

    [Fact]
    public void Rejects_the_same_email_address_twice()
    {
        Assert.Equal(
            "TestStack/Alerts: EmailAddresses[1] = \"OPS@example.com\" is not valid; each address may appear once.",
            AlertsError(c => new() { Cluster = c, EmailAddresses = ["ops@example.com", "OPS@example.com"] }));
    }

    [Fact]
    public void Accepts_an_email_address_from_a_parameter()
    {
        var template = Synth.Template(s =>
        {
            var email = new CfnParameter(s, "AlertEmail", new CfnParameterProps { Type = "String" });
            _ = new TaskFailureAlerts(s, "Alerts", new() { Cluster = Ecs.WebServiceFixture.LightCluster(s), EmailAddresses = [email.ValueAsString] });
        });
        template.HasResourceProperties("AWS::SNS::Subscription", new Dictionary<string, object> { ["Endpoint"] = new Dictionary<string, object> { ["Ref"] = "AlertEmail" } });
    }

    [Fact]
    public void Rejects_empty_and_over_long_task_groups_and_missing_services()
    {
        var group = new string('g', 256);
        Assert.Equal(
            $"3 invalid props:{NewLine}" +
            $"  TestStack/Alerts: Services[0] is null; it is required: an ECS service of the cluster.{NewLine}" +
            $"  TestStack/Alerts: TaskGroups[0] = \"\" is not valid; allowed: 1 to 255 characters, such as \"family:my-task\" or \"service:my-service\".{NewLine}" +
            $"  TestStack/Alerts: TaskGroups[1] = \"{group}\" is not valid; allowed: 1 to 255 characters, such as \"family:my-task\" or \"service:my-service\".",
            AlertsError(c => new() { Cluster = c, Services = [null!], TaskGroups = ["", group] }));
    }

    [Fact]
    public void Rejects_task_groups_without_their_family_or_service_form()
    {
        Assert.Equal(
            $"2 invalid props:{NewLine}" +
            $"  TestStack/Alerts: TaskGroups[0] = \"nightly-report\" is not valid; allowed: \"family:<task definition family>\" or \"service:<service name>\", the groups ECS gives tasks (e.g. EventTriggeredTask.TaskGroup); a bare family or service name matches no task.{NewLine}" +
            $"  TestStack/Alerts: TaskGroups[1] = \"family:\" is not valid; allowed: \"family:<task definition family>\" or \"service:<service name>\", the groups ECS gives tasks (e.g. EventTriggeredTask.TaskGroup); a bare family or service name matches no task.",
            AlertsError(c => new() { Cluster = c, TaskGroups = ["nightly-report", "family:", "family:ok", "service:web"] }));
    }

    [Fact]
    public void Rejects_services_of_another_cluster()
    {
        var error = Synth.Error(s =>
        {
            var watched = Cluster.FromClusterAttributes(s, "Prod", new ClusterAttributes { ClusterName = "prod", Vpc = ImportedVpc(s), SecurityGroups = [] });
            var other = Cluster.FromClusterAttributes(s, "Other", new ClusterAttributes { ClusterName = "batch", Vpc = ImportedVpc(s, "OtherVpc"), SecurityGroups = [] });
            var service = FargateService.FromFargateServiceAttributes(s, "Web", new FargateServiceAttributes { Cluster = other, ServiceArn = "arn:aws:ecs:eu-west-1:123456789012:service/batch/web" });
            var same = FargateService.FromFargateServiceAttributes(s, "Api", new FargateServiceAttributes { Cluster = watched, ServiceArn = "arn:aws:ecs:eu-west-1:123456789012:service/x/api" });
            _ = new TaskFailureAlerts(s, "Alerts", new TaskFailureAlertsProps { Cluster = watched, Services = [service, same] });
        });

        Assert.Equal(
            "TestStack/Alerts: Services[0] (TestStack/Web) runs in the cluster \"batch\", not in Cluster \"prod\"; its tasks and deployments would never match. Give services of the watched cluster, or a TaskFailureAlerts per cluster.",
            error.Message);
    }

    [Fact]
    public void Rejects_deployment_and_RunTask_alerts_asked_for_where_the_narrowing_makes_them_impossible()
    {
        Assert.Equal(
            "TestStack/Alerts: DeploymentFailures = true, but TaskGroups narrows the alerts to task groups without Services, so no deployment is watched; give the Services whose deployments to watch, or drop DeploymentFailures.",
            AlertsError(c => new() { Cluster = c, TaskGroups = ["family:nightly-report"], DeploymentFailures = true }));
        Assert.Equal(
            "TestStack/Alerts: RunTaskFailures = true, but the alerts are narrowed to services (which start their tasks without RunTask) and no \"family:...\" task group; add the family groups of the one-off tasks to TaskGroups, or drop RunTaskFailures.",
            AlertsError(c => new() { Cluster = c, TaskGroups = ["service:web"], RunTaskFailures = true }));
    }

    [Fact]
    public void Reports_a_missing_cluster_and_retry_settings_outside_EventBridges_limits()
    {
        Assert.Equal(
            $"3 invalid props:{NewLine}" +
            $"  TestStack/Alerts: Cluster is null; it is required: the ECS cluster whose tasks and deployments are watched.{NewLine}" +
            $"  TestStack/Alerts: RetryAttempts = 186 is not valid; allowed: a whole number from 0 to 185 (EventBridge's limit).{NewLine}" +
            $"  TestStack/Alerts: MaximumEventAge = 30 seconds is not valid; allowed: a whole number of seconds from 60 to 86400 (60 seconds to 24 hours, EventBridge's limit).",
            AlertsError(_ => new() { Cluster = null!, RetryAttempts = 186, MaximumEventAge = Duration.Seconds(30) }));
    }

    [Fact]
    public void Rejects_a_removal_policy_outside_its_enum_and_options_for_a_new_queue_with_a_given_one()
    {
        Assert.Equal(
            $"2 invalid props:{NewLine}" +
            $"  TestStack/Alerts: RemovalPolicy = (RemovalPolicy)9 is not valid; allowed: DESTROY, RETAIN, SNAPSHOT, RETAIN_ON_UPDATE_OR_DELETE.{NewLine}" +
            $"  TestStack/Alerts: DeadLetterQueue and DeadLetterQueueRetention are both set; DeadLetterQueueRetention configures a new queue, so drop it to use the given queue (or drop DeadLetterQueue to have one created).",
            Synth.Error(s => new TaskFailureAlerts(s, "Alerts", new()
            {
                Cluster = Ecs.WebServiceFixture.LightCluster(s),
                RemovalPolicy = (RemovalPolicy)9,
                DeadLetterQueue = Amazon.CDK.AWS.SQS.Queue.FromQueueArn(s, "Dlq", "arn:aws:sqs:eu-west-1:123456789012:failed-alerts"),
                DeadLetterQueueRetention = Duration.Days(2),
            })).Message);
    }

    [Fact]
    public void Rejects_null_props()
    {
        Assert.Equal(
            "TestStack/Alerts: props is null; it is required: a TaskFailureAlertsProps with at least its required members.",
            AlertsError(_ => null!));
    }
}
