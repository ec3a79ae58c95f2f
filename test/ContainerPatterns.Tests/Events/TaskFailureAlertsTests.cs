using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.SNS;
using ContainerPatterns.Events;
using static ContainerPatterns.Tests.Ecs.WebServiceFixture;

namespace ContainerPatterns.Tests.Events;

public class TaskFailureAlertsTests
{
    private const string ClusterArn = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod";

    private static ICluster ImportedCluster(Stack stack) => Cluster.FromClusterAttributes(stack, "Imported", new ClusterAttributes
    {
        ClusterName = "prod",
        ClusterArn = ClusterArn,
        Vpc = ImportedVpc(stack),
        SecurityGroups = [],
    });

    private static JsonObject Alerts(Func<Stack, TaskFailureAlertsProps> props) =>
        Synth.Json(s => new TaskFailureAlerts(s, "Alerts", props(s)));

    private static string[] RuleIds(JsonObject template) =>
        Synth.Resources(template, "AWS::Events::Rule").Keys.Select(k => k[..^8]).Order(StringComparer.Ordinal).ToArray();

    private static JsonObject Rule(JsonObject template, string prefix) =>
        Synth.Resources(template, "AWS::Events::Rule").Single(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).Value;

    [Fact]
    public void Matches_stopped_tasks_that_failed_to_start_exited_non_zero_or_failed_health_checks()
    {
        var rule = Rule(Alerts(s => new() { Cluster = ImportedCluster(s) }), "AlertsTaskStoppedRule");

        Synth.JsonEqual($$"""
            {
              "source": ["aws.ecs"],
              "detail-type": ["ECS Task State Change"],
              "detail": {
                "clusterArn": ["{{ClusterArn}}"],
                "lastStatus": ["STOPPED"],
                "$or": [
                  { "stopCode": ["TaskFailedToStart"] },
                  { "stopCode": ["EssentialContainerExited"], "containers": { "exitCode": [{ "anything-but": 0 }] } },
                  { "stoppedReason": [{ "prefix": "Task failed" }] }
                ]
              }
            }
            """, rule["Properties"]!["EventPattern"]);
    }

    public static TheoryData<string, string, string, int?, bool> StoppedTasks => new()
    {
        // stopCode, stoppedReason, cluster, exit code of the essential container, reported?
        { "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment ecs-svc/1234567890123456789)", ClusterArn, 143, false },
        { "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment ecs-svc/9876543210987654321)", ClusterArn, 0, false },
        { "SpotInterruption", "Your Spot Task was interrupted.", ClusterArn, 143, false },
        { "UserInitiated", "Task stopped by user", ClusterArn, 137, false },
        { "EssentialContainerExited", "Essential container in task exited", ClusterArn, 0, false },
        { "EssentialContainerExited", "Essential container in task exited", ClusterArn, 1, true },
        { "EssentialContainerExited", "OutOfMemoryError: Container killed due to memory usage", ClusterArn, 137, true },
        { "TaskFailedToStart", "CannotPullContainerError: pull image manifest has been retried 5 time(s)", ClusterArn, null, true },
        { "ServiceSchedulerInitiated", "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef)", ClusterArn, 143, true },
        { "ServiceSchedulerInitiated", "Task failed container health checks", ClusterArn, 143, true },
        { "EssentialContainerExited", "Essential container in task exited", "arn:aws:ecs:eu-west-1:123456789012:cluster/other", 1, false },
    };

    [Theory]
    [MemberData(nameof(StoppedTasks))]
    public void Reports_failures_but_not_scale_in_deployment_replacement_Spot_user_stops_or_clean_exits(string stopCode, string reason, string cluster, int? exitCode, bool reported)
    {
        var pattern = Rule(Alerts(s => new() { Cluster = ImportedCluster(s) }), "AlertsTaskStoppedRule")["Properties"]!["EventPattern"]!.AsObject();
        var container = new JsonObject { ["name"] = "app", ["lastStatus"] = "STOPPED" };
        if (exitCode is { } code)
        {
            container["exitCode"] = code;
        }

        var evt = new JsonObject
        {
            ["source"] = "aws.ecs",
            ["detail-type"] = "ECS Task State Change",
            ["region"] = "eu-west-1",
            ["detail"] = new JsonObject
            {
                ["clusterArn"] = cluster,
                ["group"] = "service:web",
                ["lastStatus"] = "STOPPED",
                ["desiredStatus"] = "STOPPED",
                ["stopCode"] = stopCode,
                ["stoppedReason"] = reason,
                ["containers"] = new JsonArray(container, new JsonObject { ["name"] = "log-router", ["exitCode"] = 0 }),
            },
        };

        Assert.Equal(reported, EventPatternMatcher.Matches(pattern, evt));
        evt["detail"]!["lastStatus"] = "RUNNING";
        Assert.False(EventPatternMatcher.Matches(pattern, evt));
    }

    [Fact]
    public void Matches_failed_deployments_of_every_service_of_the_cluster_by_default()
    {
        var rule = Rule(Alerts(s => new() { Cluster = ImportedCluster(s) }), "AlertsDeploymentFailedRule");

        Synth.JsonEqual("""
            {
              "source": ["aws.ecs"],
              "detail-type": ["ECS Deployment State Change"],
              "resources": [{ "prefix": { "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":ecs:", { "Ref": "AWS::Region" }, ":", { "Ref": "AWS::AccountId" }, ":service/prod/"]] } }],
              "detail": { "eventName": ["SERVICE_DEPLOYMENT_FAILED"] }
            }
            """, rule["Properties"]!["EventPattern"]);
    }

    [Fact]
    public void Narrows_both_rules_to_the_given_services_and_the_task_rule_to_task_groups()
    {
        var template = Alerts(s =>
        {
            var cluster = ImportedCluster(s);
            var service = FargateService.FromFargateServiceAttributes(s, "Web", new FargateServiceAttributes
            {
                Cluster = cluster,
                ServiceArn = "arn:aws:ecs:eu-west-1:123456789012:service/prod/web",
            });
            return new() { Cluster = cluster, Services = [service], TaskGroups = ["family:nightly-report"] };
        });

        Synth.JsonEqual("""["service:web", "family:nightly-report"]""", Rule(template, "AlertsTaskStoppedRule")["Properties"]!["EventPattern"]!["detail"]!["group"]);
        Synth.JsonEqual("""["arn:aws:ecs:eu-west-1:123456789012:service/prod/web"]""", Rule(template, "AlertsDeploymentFailedRule")["Properties"]!["EventPattern"]!["resources"]);
    }

    [Fact]
    public void Watches_no_deployments_when_narrowed_to_task_groups_only_or_turned_off()
    {
        var groupsOnly = Alerts(s => new() { Cluster = ImportedCluster(s), TaskGroups = ["family:nightly-report"] });
        var off = Alerts(s => new() { Cluster = ImportedCluster(s), DeploymentFailures = false });

        Assert.Equal(["AlertsRunTaskFailedRule", "AlertsTaskStoppedRule"], RuleIds(groupsOnly));
        Assert.Equal(["AlertsRunTaskFailedRule", "AlertsTaskStoppedRule"], RuleIds(off));
    }

    [Fact]
    public void Matches_RunTask_calls_on_the_cluster_whose_response_lists_failures()
    {
        var rule = Rule(Alerts(s => new() { Cluster = ImportedCluster(s) }), "AlertsRunTaskFailedRule");

        Synth.JsonEqual("""
            {
              "source": ["aws.ecs"],
              "detail-type": ["AWS API Call via CloudTrail"],
              "detail": {
                "eventSource": ["ecs.amazonaws.com"],
                "eventName": ["RunTask"],
                "requestParameters": { "cluster": ["arn:aws:ecs:eu-west-1:123456789012:cluster/prod", "prod"] },
                "responseElements": { "failures": { "reason": [{ "exists": true }] } }
              }
            }
            """, rule["Properties"]!["EventPattern"]);
        Assert.Equal("Alerts on ECS RunTask calls that started no task for TestStack/Alerts (needs a CloudTrail trail)", rule["Properties"]!["Description"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:cluster/prod", """[{ "arn": "arn:aws:ecs:eu-west-1:123456789012:container-instance/x", "reason": "RESOURCE:FARGATE" }]""", true)]
    [InlineData("prod", """[{ "reason": "Capacity is unavailable at this time.", "detail": "x" }]""", true)]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:cluster/prod", "[]", false)]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:cluster/other", """[{ "reason": "RESOURCE:FARGATE" }]""", false)]
    public void Reports_a_RunTask_that_started_no_task_but_not_one_that_started_its_tasks_or_ran_elsewhere(string cluster, string failures, bool reported)
    {
        var pattern = Rule(Alerts(s => new() { Cluster = ImportedCluster(s) }), "AlertsRunTaskFailedRule")["Properties"]!["EventPattern"]!.AsObject();
        var evt = JsonNode.Parse($$"""
            {
              "source": "aws.ecs",
              "detail-type": "AWS API Call via CloudTrail",
              "detail": {
                "eventSource": "ecs.amazonaws.com",
                "eventName": "RunTask",
                "requestParameters": { "cluster": "{{cluster}}", "taskDefinition": "arn:aws:ecs:eu-west-1:123456789012:task-definition/report:3", "count": 1 },
                "responseElements": { "tasks": [], "failures": {{failures}} }
              }
            }
            """);

        Assert.Equal(reported, EventPatternMatcher.Matches(pattern, evt));
    }

    [Fact]
    public void Narrows_the_RunTask_rule_to_the_families_of_family_groups_and_drops_it_for_services_only()
    {
        var families = Alerts(s => new() { Cluster = ImportedCluster(s), TaskGroups = ["family:nightly-report", "service:web"] });
        var servicesOnly = Alerts(s =>
        {
            var cluster = ImportedCluster(s);
            return new() { Cluster = cluster, Services = [FargateService.FromFargateServiceAttributes(s, "Web", new FargateServiceAttributes { Cluster = cluster, ServiceArn = "arn:aws:ecs:eu-west-1:123456789012:service/prod/web" })] };
        });
        var off = Alerts(s => new() { Cluster = ImportedCluster(s), RunTaskFailures = false });

        Synth.JsonEqual("""
            [
              "nightly-report",
              { "prefix": "nightly-report:" },
              { "prefix": { "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":ecs:", { "Ref": "AWS::Region" }, ":", { "Ref": "AWS::AccountId" }, ":task-definition/nightly-report:"]] } }
            ]
            """, Rule(families, "AlertsRunTaskFailedRule")["Properties"]!["EventPattern"]!["detail"]!["requestParameters"]!["taskDefinition"]);
        Assert.Equal(["AlertsDeploymentFailedRule", "AlertsTaskStoppedRule"], RuleIds(servicesOnly));
        Assert.Equal(["AlertsDeploymentFailedRule", "AlertsTaskStoppedRule"], RuleIds(off));
    }

    [Fact]
    public void Sends_a_readable_message_of_a_RunTask_call_that_started_no_task()
    {
        var target = Rule(Alerts(s => new() { Cluster = ImportedCluster(s) }), "AlertsRunTaskFailedRule")["Properties"]!["Targets"]![0]!;

        Synth.JsonEqual("""
            {
              "InputPathsMap": {
                "cluster": "$.detail.requestParameters.cluster", "taskDefinition": "$.detail.requestParameters.taskDefinition",
                "reason": "$.detail.responseElements.failures[0].reason", "detail": "$.detail.responseElements.failures[0].detail",
                "caller": "$.detail.userIdentity.arn", "time": "$.detail.eventTime", "region": "$.region"
              },
              "InputTemplate": "\"An ECS RunTask call started no task in cluster <cluster>.\"\n\"Task definition: <taskDefinition>\"\n\"Failure: <reason> <detail>\"\n\"Called by: <caller>\"\n\"Called at: <time>\"\n\"No task started, so neither a task state change nor the caller's dead-letter queue will show it (the rule or schedule counted the call as delivered).\"\n\"Tasks of the cluster: https://<region>.console.aws.amazon.com/ecs/v2/clusters/prod/tasks?region=<region>\""
            }
            """, target["InputTransformer"]);
        Assert.Equal("Topic", target["Id"]!.GetValue<string>());
    }

    [Fact]
    public void Sends_a_readable_message_of_a_failed_task()
    {
        var target = Rule(Alerts(s => new() { Cluster = ImportedCluster(s) }), "AlertsTaskStoppedRule")["Properties"]!["Targets"]![0]!;

        Synth.JsonEqual("""
            {
              "InputPathsMap": {
                "cluster": "$.detail.clusterArn", "group": "$.detail.group", "task": "$.detail.taskArn",
                "stopCode": "$.detail.stopCode", "reason": "$.detail.stoppedReason",
                "container": "$.detail.containers[0].name", "exitCode": "$.detail.containers[0].exitCode",
                "time": "$.time", "region": "$.region"
              },
              "InputTemplate": "\"An ECS task failed in cluster <cluster>.\"\n\"Group: <group>\"\n\"Task: <task> (the task id is the last part)\"\n\"Stop code: <stopCode>\"\n\"Stopped reason: <reason>\"\n\"Container <container> exit code: <exitCode>\"\n\"Stopped at: <time>\"\n\"Stopped tasks of the cluster: https://<region>.console.aws.amazon.com/ecs/v2/clusters/prod/tasks?region=<region>\""
            }
            """, target["InputTransformer"]);
    }

    [Fact]
    public void Sends_a_readable_message_of_a_failed_deployment_with_retries_and_a_dead_letter_queue()
    {
        var target = Rule(Alerts(s => new() { Cluster = ImportedCluster(s), RetryAttempts = 10, MaximumEventAge = Duration.Hours(2) }), "AlertsDeploymentFailedRule")["Properties"]!["Targets"]![0]!;

        Synth.JsonEqual("""
            {
              "Arn": { "Ref": "AlertsTopicCF7C81C9" },
              "DeadLetterConfig": { "Arn": { "Fn::GetAtt": ["AlertsDeadLetterQueueFD3BEF0F", "Arn"] } },
              "Id": "Topic",
              "InputTransformer": {
                "InputPathsMap": { "service": "$.resources[0]", "deployment": "$.detail.deploymentId", "reason": "$.detail.reason", "time": "$.time", "region": "$.region" },
                "InputTemplate": "\"An ECS service deployment failed: <service>.\"\n\"Deployment: <deployment>\"\n\"Reason: <reason>\"\n\"Failed at: <time>\"\n\"Services of the cluster: https://<region>.console.aws.amazon.com/ecs/v2/clusters/prod/services?region=<region>\""
              },
              "RetryPolicy": { "MaximumEventAgeInSeconds": 7200, "MaximumRetryAttempts": 10 }
            }
            """, target);
    }

    [Fact]
    public void Publishes_to_a_KMS_encrypted_topic_that_only_the_rules_and_this_accounts_alarms_may_publish_to_over_TLS()
    {
        var template = Alerts(s => new() { Cluster = ImportedCluster(s), EmailAddresses = ["ops@example.com", "oncall@example.org"] });

        var topic = Synth.Single(template, "AWS::SNS::Topic");
        Synth.JsonEqual("""{ "DisplayName": "ECS alerts", "KmsMasterKeyId": { "Fn::GetAtt": ["AlertsTopicKey4FD54A73", "Arn"] } }""", topic["Properties"]);
        var key = Synth.Single(template, "AWS::KMS::Key");
        Assert.True(key["Properties"]!["EnableKeyRotation"]!.GetValue<bool>());
        Synth.JsonEqual("""
            {
              "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
              "Effect": "Allow",
              "Principal": { "Service": ["events.amazonaws.com", "cloudwatch.amazonaws.com"] },
              "Resource": "*",
              "Sid": "AllowEventBridgeAndCloudWatchToPublishToTheTopic"
            }
            """, key["Properties"]!["KeyPolicy"]!["Statement"]![1]);
        // Grants only for AWS services (AWS Control Tower's CT.KMS.PR.3), the statement exactly as the control reads it.
        Synth.JsonEqual("""
            {
              "Action": "kms:CreateGrant",
              "Condition": { "BoolIfExists": { "kms:GrantIsForAWSResource": "false", "aws:PrincipalIsAWSService": "false" } },
              "Effect": "Deny",
              "Principal": { "AWS": "*" },
              "Resource": "*",
              "Sid": "DenyGrantsNotForAwsResources"
            }
            """, key["Properties"]!["KeyPolicy"]!["Statement"]![2]);
        Synth.JsonEqual("""
            [
              {
                "Action": "sns:Publish",
                "Condition": { "ArnEquals": { "aws:SourceArn": [{ "Fn::GetAtt": ["AlertsTaskStoppedRuleE2BCE5C6", "Arn"] }, { "Fn::GetAtt": ["AlertsDeploymentFailedRule653E01F2", "Arn"] }, { "Fn::GetAtt": ["AlertsRunTaskFailedRuleB481561D", "Arn"] }] } },
                "Effect": "Allow",
                "Principal": { "Service": "events.amazonaws.com" },
                "Resource": { "Ref": "AlertsTopicCF7C81C9" },
                "Sid": "AllowTheAlertRulesToPublish"
              },
              {
                "Action": "sns:Publish",
                "Condition": { "Bool": { "aws:SecureTransport": "false" } },
                "Effect": "Deny",
                "Principal": "*",
                "Resource": { "Ref": "AlertsTopicCF7C81C9" },
                "Sid": "AllowPublishThroughSSLOnly"
              },
              {
                "Action": "sns:Publish",
                "Condition": { "StringEquals": { "aws:SourceAccount": { "Ref": "AWS::AccountId" } } },
                "Effect": "Allow",
                "Principal": { "Service": "cloudwatch.amazonaws.com" },
                "Resource": { "Ref": "AlertsTopicCF7C81C9" },
                "Sid": "AllowAlarmsOfThisAccountToPublish"
              }
            ]
            """, Synth.Single(template, "AWS::SNS::TopicPolicy")["Properties"]!["PolicyDocument"]!["Statement"]);
        var emails = Synth.Resources(template, "AWS::SNS::Subscription").Values.Select(r => (r["Properties"]!["Protocol"]!.GetValue<string>(), r["Properties"]!["Endpoint"]!.GetValue<string>())).Order().ToArray();
        Assert.Equal([("email", "oncall@example.org"), ("email", "ops@example.com")], emails);
    }

    [Fact]
    public void Keeps_undelivered_alerts_in_a_retained_dead_letter_queue_that_alarms_to_the_topic()
    {
        var template = Alerts(s => new() { Cluster = ImportedCluster(s) });

        var queue = Synth.Single(template, "AWS::SQS::Queue");
        Assert.Equal("Retain", queue["DeletionPolicy"]!.GetValue<string>());
        Synth.JsonEqual("""{ "MessageRetentionPeriod": 1209600, "RedriveAllowPolicy": { "redrivePermission": "allowAll" }, "SqsManagedSseEnabled": true }""", queue["Properties"]);
        var alarm = Synth.Single(template, "AWS::CloudWatch::Alarm")["Properties"]!;
        Synth.JsonEqual("""[{ "Ref": "AlertsTopicCF7C81C9" }]""", alarm["AlarmActions"]);
        Assert.Equal("ApproximateNumberOfMessagesVisible", alarm["MetricName"]!.GetValue<string>());
        Synth.JsonEqual("""
            {
              "Action": "sqs:SendMessage",
              "Condition": { "ArnEquals": { "aws:SourceArn": [{ "Fn::GetAtt": ["AlertsTaskStoppedRuleE2BCE5C6", "Arn"] }, { "Fn::GetAtt": ["AlertsDeploymentFailedRule653E01F2", "Arn"] }, { "Fn::GetAtt": ["AlertsRunTaskFailedRuleB481561D", "Arn"] }] } },
              "Effect": "Allow",
              "Principal": { "Service": "events.amazonaws.com" },
              "Resource": { "Fn::GetAtt": ["AlertsDeadLetterQueueFD3BEF0F", "Arn"] },
              "Sid": "AllowEventBridgeRulesToSendFailedEvents"
            }
            """, Synth.Single(template, "AWS::SQS::QueuePolicy")["Properties"]!["PolicyDocument"]!["Statement"]![1]);
    }

    [Fact]
    public void Sends_to_a_given_topic_without_creating_one_or_a_key()
    {
        var template = Alerts(s => new()
        {
            Cluster = ImportedCluster(s),
            Topic = Topic.FromTopicArn(s, "Ops", "arn:aws:sns:eu-west-1:123456789012:ops"),
            EmailAddresses = ["ops@example.com"],
        });

        Assert.Empty(Synth.Resources(template, "AWS::SNS::Topic"));
        Assert.Empty(Synth.Resources(template, "AWS::KMS::Key"));
        Assert.Equal("arn:aws:sns:eu-west-1:123456789012:ops", Rule(template, "AlertsTaskStoppedRule")["Properties"]!["Targets"]![0]!["Arn"]!.GetValue<string>());
        Assert.Equal("arn:aws:sns:eu-west-1:123456789012:ops", Synth.Single(template, "AWS::SNS::Subscription")["Properties"]!["TopicArn"]!.GetValue<string>());
    }
}
