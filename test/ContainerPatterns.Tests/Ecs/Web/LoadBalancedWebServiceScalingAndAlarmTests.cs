using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.SNS;
using ContainerPatterns.Ecs;
using static ContainerPatterns.Tests.Ecs.WebServiceFixture;

namespace ContainerPatterns.Tests.Ecs;

public class LoadBalancedWebServiceScalingAndAlarmTests
{
    private static JsonObject Policy(JsonObject json, string name) =>
        Synth.Resources(json, "AWS::ApplicationAutoScaling::ScalingPolicy").Single(p => p.Key.StartsWith($"WebServiceTaskCountTarget{name}", StringComparison.Ordinal)).Value;

    private static JsonObject AlarmProps(JsonObject json, string name) =>
        Synth.Resources(json, "AWS::CloudWatch::Alarm").Single(a => a.Key.StartsWith($"Web{name}", StringComparison.Ordinal)).Value["Properties"]!.AsObject();

    private static string Id(JsonObject json, string type, string prefix) =>
        Synth.Resources(json, type).Single(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).Key;

    [Fact]
    public void Scales_between_2_and_4_tasks_on_70_percent_CPU_by_default()
    {
        var json = Synth.Json(s => NewService(s));

        var target = Synth.Single(json, "AWS::ApplicationAutoScaling::ScalableTarget")["Properties"]!;
        Assert.Equal(2, target["MinCapacity"]!.GetValue<int>());
        Assert.Equal(4, target["MaxCapacity"]!.GetValue<int>());
        var policy = Assert.Single(Synth.Resources(json, "AWS::ApplicationAutoScaling::ScalingPolicy")).Value;
        Synth.JsonEqual("""
            {
              "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"},
              "ScaleInCooldown": 300,
              "ScaleOutCooldown": 60,
              "TargetValue": 70
            }
            """, policy["Properties"]!["TargetTrackingScalingPolicyConfiguration"]);
    }

    [Fact]
    public void Tracks_CPU_memory_and_requests_per_task_with_the_given_targets()
    {
        var json = Synth.Json(s => NewService(s, c => new LoadBalancedWebServiceProps
        {
            Cluster = c,
            Image = Image,
            MinTasks = 3,
            MaxTasks = 12,
            DesiredTasks = 4,
            TargetCpuUtilizationPercent = 55,
            TargetMemoryUtilizationPercent = 80,
            TargetRequestsPerTask = 1000,
        }));

        var target = Synth.Single(json, "AWS::ApplicationAutoScaling::ScalableTarget")["Properties"]!;
        Assert.Equal(3, target["MinCapacity"]!.GetValue<int>());
        Assert.Equal(12, target["MaxCapacity"]!.GetValue<int>());
        Assert.Equal(4, Synth.Single(json, "AWS::ECS::Service")["Properties"]!["DesiredCount"]!.GetValue<int>());
        Assert.Equal(55, Policy(json, "CpuScaling")["Properties"]!["TargetTrackingScalingPolicyConfiguration"]!["TargetValue"]!.GetValue<int>());
        Synth.JsonEqual("""
            {
              "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageMemoryUtilization"},
              "ScaleInCooldown": 300,
              "ScaleOutCooldown": 60,
              "TargetValue": 80
            }
            """, Policy(json, "MemoryScaling")["Properties"]!["TargetTrackingScalingPolicyConfiguration"]);
        var lb = Id(json, "AWS::ElasticLoadBalancingV2::LoadBalancer", "WebLoadBalancer");
        var tg = Id(json, "AWS::ElasticLoadBalancingV2::TargetGroup", "WebTargetGroup");
        Synth.JsonEqual($$$"""
            {
              "PredefinedMetricSpecification": {
                "PredefinedMetricType": "ALBRequestCountPerTarget",
                "ResourceLabel": {"Fn::Join": ["", [
                  {"Fn::Select": [1, {"Fn::Split": ["/", {"Ref": "WebLoadBalancerHttpListener6E69E303"}]}]}, "/",
                  {"Fn::Select": [2, {"Fn::Split": ["/", {"Ref": "WebLoadBalancerHttpListener6E69E303"}]}]}, "/",
                  {"Fn::Select": [3, {"Fn::Split": ["/", {"Ref": "WebLoadBalancerHttpListener6E69E303"}]}]}, "/",
                  {"Fn::GetAtt": ["{{{tg}}}", "TargetGroupFullName"]}]]}
              },
              "ScaleInCooldown": 300,
              "ScaleOutCooldown": 60,
              "TargetValue": 1000
            }
            """, Policy(json, "RequestScaling")["Properties"]!["TargetTrackingScalingPolicyConfiguration"]);
        Assert.NotNull(lb);
    }

    [Fact]
    public void Turns_CPU_tracking_off_when_asked()
    {
        var template = Synth.Template(s => NewService(s, c => new LoadBalancedWebServiceProps { Cluster = c, Image = Image, ScaleOnCpu = false }));

        template.ResourceCountIs("AWS::ApplicationAutoScaling::ScalingPolicy", 0);
        template.ResourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 1);
    }

    [Fact]
    public void Adds_scheduled_actions_with_cron_and_time_zone()
    {
        var json = Synth.Json(s => NewService(s, c => new LoadBalancedWebServiceProps
        {
            Cluster = c,
            Image = Image,
            ScheduledScaling =
            [
                new ScheduledScaling { Id = "WeekdayMorning", Schedule = Schedule.Expression("cron(0 7 ? * MON-FRI *)"), TimeZone = Amazon.CDK.TimeZone.Of("Europe/Berlin"), MinTasks = 4 },
                new ScheduledScaling { Id = "Night", Schedule = Schedule.Expression("cron(0 20 * * ? *)"), MinTasks = 2, MaxTasks = 4 },
            ],
        }));

        Synth.JsonEqual("""
            [
              {"ScalableTargetAction": {"MinCapacity": 4}, "Schedule": "cron(0 7 ? * MON-FRI *)", "ScheduledActionName": "WeekdayMorning", "Timezone": "Europe/Berlin"},
              {"ScalableTargetAction": {"MaxCapacity": 4, "MinCapacity": 2}, "Schedule": "cron(0 20 * * ? *)", "ScheduledActionName": "Night"}
            ]
            """, Synth.Single(json, "AWS::ApplicationAutoScaling::ScalableTarget")["Properties"]!["ScheduledActions"]);
    }

    [Fact]
    public void Adds_step_scaling_on_a_custom_metric()
    {
        var json = Synth.Json(s => NewService(s, c => new LoadBalancedWebServiceProps
        {
            Cluster = c,
            Image = Image,
            ScaleOnCpu = false,
            StepScaling = new Dictionary<string, BasicStepScalingPolicyProps>
            {
                ["QueueDepth"] = new BasicStepScalingPolicyProps
                {
                    Metric = new Metric(new MetricProps { Namespace = "Web", MetricName = "PendingJobs", Statistic = "Maximum", Period = Duration.Minutes(1) }),
                    ScalingSteps =
                    [
                        new ScalingInterval { Upper = 10, Change = -1 },
                        new ScalingInterval { Lower = 100, Change = +2 },
                        new ScalingInterval { Lower = 500, Change = +4 },
                    ],
                    AdjustmentType = AdjustmentType.CHANGE_IN_CAPACITY,
                },
            },
        }));

        var policies = Synth.Resources(json, "AWS::ApplicationAutoScaling::ScalingPolicy");
        var upper = policies.Single(p => p.Key.StartsWith("WebServiceTaskCountTargetQueueDepthUpperPolicy", StringComparison.Ordinal)).Value;
        Synth.JsonEqual("""
            {
              "AdjustmentType": "ChangeInCapacity",
              "MetricAggregationType": "Maximum",
              "StepAdjustments": [
                {"MetricIntervalLowerBound": 0, "MetricIntervalUpperBound": 400, "ScalingAdjustment": 2},
                {"MetricIntervalLowerBound": 400, "ScalingAdjustment": 4}
              ]
            }
            """, upper["Properties"]!["StepScalingPolicyConfiguration"]);
        var lower = policies.Single(p => p.Key.StartsWith("WebServiceTaskCountTargetQueueDepthLowerPolicy", StringComparison.Ordinal)).Value;
        Synth.JsonEqual("""[{"MetricIntervalUpperBound": 0, "ScalingAdjustment": -1}]""", lower["Properties"]!["StepScalingPolicyConfiguration"]!["StepAdjustments"]);
        var alarms = Synth.Resources(json, "AWS::CloudWatch::Alarm");
        var upperAlarm = alarms.Single(a => a.Key.StartsWith("WebServiceTaskCountTargetQueueDepthUpperAlarm", StringComparison.Ordinal)).Value["Properties"]!;
        Assert.Equal(100, upperAlarm["Threshold"]!.GetValue<int>());
        Assert.Equal("PendingJobs", upperAlarm["MetricName"]!.GetValue<string>());
    }

    [Fact]
    public void Alarms_on_load_balancer_and_target_5xx_rates_above_5_percent()
    {
        var json = Synth.Json(s => NewService(s));

        var lb = AlarmProps(json, "LoadBalancer5xxAlarm");
        var lbId = Id(json, "AWS::ElasticLoadBalancingV2::LoadBalancer", "WebLoadBalancer");
        Synth.JsonEqual($$$"""
            {
              "AlarmDescription": "TestStack/Web: load balancer 5xx responses above 5% of requests in 3 of the last 5 minutes.",
              "ComparisonOperator": "GreaterThanThreshold",
              "DatapointsToAlarm": 3,
              "EvaluationPeriods": 5,
              "Metrics": [
                {"Expression": "IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)", "Id": "expr_1", "Label": "Load balancer 5xx (%)"},
                {"Id": "errors", "MetricStat": {"Metric": {"Dimensions": [{"Name": "LoadBalancer", "Value": {"Fn::GetAtt": ["{{{lbId}}}", "LoadBalancerFullName"]}}], "MetricName": "HTTPCode_ELB_5XX_Count", "Namespace": "AWS/ApplicationELB"}, "Period": 60, "Stat": "Sum"}, "ReturnData": false},
                {"Id": "requests", "MetricStat": {"Metric": {"Dimensions": [{"Name": "LoadBalancer", "Value": {"Fn::GetAtt": ["{{{lbId}}}", "LoadBalancerFullName"]}}], "MetricName": "RequestCount", "Namespace": "AWS/ApplicationELB"}, "Period": 60, "Stat": "Sum"}, "ReturnData": false}
              ],
              "Threshold": 5,
              "TreatMissingData": "notBreaching"
            }
            """, lb);
        var target = AlarmProps(json, "Target5xxAlarm");
        Assert.Equal(5, target["Threshold"]!.GetValue<int>());
        Assert.Equal("GreaterThanThreshold", target["ComparisonOperator"]!.GetValue<string>());
        var metrics = target["Metrics"]!.AsArray();
        Assert.Equal("IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)", metrics[0]!["Expression"]!.GetValue<string>());
        Assert.Equal("HTTPCode_Target_5XX_Count", metrics[1]!["MetricStat"]!["Metric"]!["MetricName"]!.GetValue<string>());
        Assert.Equal("RequestCount", metrics[2]!["MetricStat"]!["Metric"]!["MetricName"]!.GetValue<string>());
        Assert.Contains(metrics[1]!["MetricStat"]!["Metric"]!["Dimensions"]!.AsArray(), d => d!["Name"]!.GetValue<string>() == "TargetGroup");
    }

    [Fact]
    public void Alarms_on_p99_response_time_unhealthy_hosts_CPU_and_memory_with_documented_thresholds()
    {
        var json = Synth.Json(s => NewService(s));

        var p99 = AlarmProps(json, "ResponseTimeAlarm");
        Assert.Equal("TargetResponseTime", p99["MetricName"]!.GetValue<string>());
        Assert.Equal("p99", p99["ExtendedStatistic"]!.GetValue<string>());
        Assert.Equal(2, p99["Threshold"]!.GetValue<int>());
        Assert.Equal("GreaterThanThreshold", p99["ComparisonOperator"]!.GetValue<string>());

        var unhealthy = AlarmProps(json, "UnhealthyHostsAlarm");
        Assert.Equal("UnHealthyHostCount", unhealthy["MetricName"]!.GetValue<string>());
        Assert.Equal("Maximum", unhealthy["Statistic"]!.GetValue<string>());
        Assert.Equal(1, unhealthy["Threshold"]!.GetValue<int>());
        Assert.Equal("GreaterThanOrEqualToThreshold", unhealthy["ComparisonOperator"]!.GetValue<string>());

        var cluster = Id(json, "AWS::ECS::Cluster", "Cluster");
        var service = Id(json, "AWS::ECS::Service", "WebService");
        foreach (var (name, metric) in new[] { ("CpuHighAlarm", "CPUUtilization"), ("MemoryHighAlarm", "MemoryUtilization") })
        {
            var alarm = AlarmProps(json, name);
            Synth.JsonEqual($$$"""
                {
                  "AlarmDescription": "{{{alarm["AlarmDescription"]}}}",
                  "ComparisonOperator": "GreaterThanThreshold",
                  "DatapointsToAlarm": 3,
                  "Dimensions": [{"Name": "ClusterName", "Value": {"Ref": "{{{cluster}}}"}}, {"Name": "ServiceName", "Value": {"Fn::GetAtt": ["{{{service}}}", "Name"]}}],
                  "EvaluationPeriods": 5,
                  "MetricName": "{{{metric}}}",
                  "Namespace": "AWS/ECS",
                  "Period": 60,
                  "Statistic": "Average",
                  "Threshold": 90,
                  "TreatMissingData": "notBreaching"
                }
                """, alarm);
        }

        Assert.Equal("TestStack/Web: average CPU utilization above 90% in 3 of the last 5 minutes.", AlarmProps(json, "CpuHighAlarm")["AlarmDescription"]!.GetValue<string>());
        Assert.Equal(6, Synth.Resources(json, "AWS::CloudWatch::Alarm").Count);
    }

    [Fact]
    public void Uses_the_given_thresholds_and_notifies_the_topic_on_alarm_and_ok()
    {
        var web = default(LoadBalancedWebService);
        var json = Synth.Json(s => web = NewService(s, c => new LoadBalancedWebServiceProps
        {
            Cluster = c,
            Image = Image,
            AlarmTopic = new Topic(s, "Alerts"),
            LoadBalancer5xxAlarm = new() { Threshold = 1 },
            Target5xxAlarm = new() { Threshold = 2.5 },
            ResponseTimeAlarm = new() { Threshold = 0.8 },
            UnhealthyHostsAlarm = new() { Threshold = 2 },
            CpuHighAlarm = new() { Threshold = 85 },
            MemoryHighAlarm = new() { Threshold = 95 },
        }));

        var topic = Id(json, "AWS::SNS::Topic", "Alerts");
        var expected = new Dictionary<string, double>
        {
            ["LoadBalancer5xxAlarm"] = 1, ["Target5xxAlarm"] = 2.5, ["ResponseTimeAlarm"] = 0.8,
            ["UnhealthyHostsAlarm"] = 2, ["CpuHighAlarm"] = 85, ["MemoryHighAlarm"] = 95,
        };
        foreach (var (name, threshold) in expected)
        {
            var alarm = AlarmProps(json, name);
            Assert.Equal(threshold, alarm["Threshold"]!.GetValue<double>());
            Synth.JsonEqual($$$"""[{"Ref": "{{{topic}}}"}]""", alarm["AlarmActions"]);
            Synth.JsonEqual($$$"""[{"Ref": "{{{topic}}}"}]""", alarm["OKActions"]);
        }

        Assert.Equal(6, web!.Alarms.Count);
    }

    [Fact]
    public void Rolls_back_deployments_on_the_target_5xx_and_unhealthy_hosts_alarms_when_asked()
    {
        var json = Synth.Json(s => NewService(s, c => new LoadBalancedWebServiceProps { Cluster = c, Image = Image, RollbackOnAlarm = true }));

        var target5xx = Id(json, "AWS::CloudWatch::Alarm", "WebTarget5xxAlarm");
        var unhealthy = Id(json, "AWS::CloudWatch::Alarm", "WebUnhealthyHostsAlarm");
        Synth.JsonEqual($$$"""
            {"AlarmNames": [{"Ref": "{{{target5xx}}}"}, {"Ref": "{{{unhealthy}}}"}], "Enable": true, "Rollback": true}
            """, Synth.Single(json, "AWS::ECS::Service")["Properties"]!["DeploymentConfiguration"]!["Alarms"]);
    }
}
