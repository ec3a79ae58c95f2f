using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using ContainerPatterns.Ecs;
using ContainerPatterns.Networking;

namespace ContainerPatterns.Tests.Ecs;

public class ContainerClusterTests
{
    private static ContainerCluster NewCluster(Stack stack, Func<IVpc, ContainerClusterProps>? props = null)
    {
        var vpc = new ContainerNetwork(stack, "Network").Vpc;
        return new ContainerCluster(stack, "Cluster", props?.Invoke(vpc) ?? new ContainerClusterProps { Vpc = vpc });
    }

    [Fact]
    public void Turns_on_Container_Insights_by_default()
    {
        var template = Synth.Template(s => NewCluster(s));

        template.HasResourceProperties("AWS::ECS::Cluster", new Dictionary<string, object>
        {
            ["ClusterSettings"] = new[] { new Dictionary<string, object> { ["Name"] = "containerInsights", ["Value"] = "enabled" } },
        });
    }

    [Theory]
    [InlineData(ContainerInsightsMode.Enhanced, "enhanced")]
    [InlineData(ContainerInsightsMode.Disabled, "disabled")]
    public void Sets_the_Container_Insights_level_asked_for(ContainerInsightsMode mode, string value)
    {
        var json = Synth.Json(s => NewCluster(s, vpc => new ContainerClusterProps { Vpc = vpc, ContainerInsights = mode }));

        Synth.JsonEqual($$"""[{"Name":"containerInsights","Value":"{{value}}"}]""", Synth.Single(json, "AWS::ECS::Cluster")["Properties"]!["ClusterSettings"]);
    }

    [Fact]
    public void Associates_FARGATE_and_FARGATE_SPOT_with_on_demand_Fargate_as_the_default_strategy()
    {
        var json = Synth.Json(s => NewCluster(s));
        var clusterId = Synth.Resources(json, "AWS::ECS::Cluster").Single().Key;

        Synth.JsonEqual($$"""
            {
              "CapacityProviders": ["FARGATE", "FARGATE_SPOT"],
              "Cluster": {"Ref": "{{clusterId}}"},
              "DefaultCapacityProviderStrategy": [{"CapacityProvider": "FARGATE", "Weight": 1}]
            }
            """, Synth.Single(json, "AWS::ECS::ClusterCapacityProviderAssociations")["Properties"]);
    }

    [Fact]
    public void Uses_the_given_default_capacity_provider_strategy()
    {
        var json = Synth.Json(s => NewCluster(s, vpc => new ContainerClusterProps
        {
            Vpc = vpc,
            DefaultCapacityProviderStrategy =
            [
                new CapacityProviderStrategy { CapacityProvider = "FARGATE", Base = 1, Weight = 1 },
                new CapacityProviderStrategy { CapacityProvider = "FARGATE_SPOT", Weight = 3 },
            ],
        }));

        Synth.JsonEqual(
            """[{"Base":1,"CapacityProvider":"FARGATE","Weight":1},{"CapacityProvider":"FARGATE_SPOT","Weight":3}]""",
            Synth.Single(json, "AWS::ECS::ClusterCapacityProviderAssociations")["Properties"]!["DefaultCapacityProviderStrategy"]);
    }

    [Fact]
    public void Sets_up_no_ECS_Exec_resources_unless_asked()
    {
        var cluster = default(ContainerCluster);
        var template = Synth.Template(s => cluster = NewCluster(s));

        template.ResourceCountIs("AWS::KMS::Key", 0);
        template.HasResourceProperties("AWS::ECS::Cluster", new Dictionary<string, object> { ["Configuration"] = Match.Absent() });
        Assert.False(cluster!.ExecuteCommandEnabled);
        Assert.Null(cluster.ExecuteCommandKey);
        Assert.Null(cluster.ExecuteCommandLogGroup);
    }

    [Fact]
    public void Audits_ECS_Exec_to_a_KMS_encrypted_log_group_kept_for_a_year()
    {
        var cluster = default(ContainerCluster);
        var json = Synth.Json(s => cluster = NewCluster(s, vpc => new ContainerClusterProps { Vpc = vpc, ExecuteCommand = true }));

        var (keyId, key) = Assert.Single(Synth.Resources(json, "AWS::KMS::Key"));
        Assert.True(key["Properties"]!["EnableKeyRotation"]!.GetValue<bool>());
        Assert.Equal("Retain", key["DeletionPolicy"]!.GetValue<string>());
        var (groupId, group) = Synth.Resources(json, "AWS::Logs::LogGroup").Single(g => g.Key.StartsWith("ClusterExecuteCommandLogs", StringComparison.Ordinal));
        Assert.Equal(365, group["Properties"]!["RetentionInDays"]!.GetValue<int>());
        Assert.Equal("Retain", group["DeletionPolicy"]!.GetValue<string>());
        Synth.JsonEqual($$"""{"Fn::GetAtt":["{{keyId}}","Arn"]}""", group["Properties"]!["KmsKeyId"]);
        Synth.JsonEqual($$"""
            {
              "ExecuteCommandConfiguration": {
                "KmsKeyId": {"Fn::GetAtt": ["{{keyId}}", "Arn"]},
                "LogConfiguration": {
                  "CloudWatchEncryptionEnabled": true,
                  "CloudWatchLogGroupName": {"Ref": "{{groupId}}"}
                },
                "Logging": "OVERRIDE"
              }
            }
            """, Synth.Single(json, "AWS::ECS::Cluster")["Properties"]!["Configuration"]);
        Assert.True(cluster!.ExecuteCommandEnabled);
    }

    [Fact]
    public void Lets_CloudWatch_Logs_use_the_exec_key_only_for_log_groups_of_its_own_account_and_region()
    {
        var json = Synth.Json(s => NewCluster(s, vpc => new ContainerClusterProps { Vpc = vpc, ExecuteCommand = true }));

        var statements = Synth.Single(json, "AWS::KMS::Key")["Properties"]!["KeyPolicy"]!["Statement"]!.AsArray();
        Synth.JsonEqual("""
            {
              "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
              "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":logs:", {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":log-group:*"]]}}},
              "Effect": "Allow",
              "Principal": {"Service": {"Fn::Join": ["", ["logs.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}]]}},
              "Resource": "*",
              "Sid": "AllowCloudWatchLogsOfThisAccount"
            }
            """, statements.Single(st => st!["Sid"]?.GetValue<string>() == "AllowCloudWatchLogsOfThisAccount"));
    }

    [Fact]
    public void Uses_the_given_exec_log_retention_and_removal_policy()
    {
        var template = Synth.Template(s => NewCluster(s, vpc => new ContainerClusterProps
        {
            Vpc = vpc,
            ExecuteCommand = true,
            ExecuteCommandLogRetention = Amazon.CDK.AWS.Logs.RetentionDays.THREE_MONTHS,
            RemovalPolicy = RemovalPolicy.DESTROY,
        }));

        template.HasResource("AWS::Logs::LogGroup", new Dictionary<string, object>
        {
            ["Properties"] = Match.ObjectLike(new Dictionary<string, object> { ["RetentionInDays"] = 90, ["KmsKeyId"] = Match.AnyValue() }),
            ["DeletionPolicy"] = "Delete",
        });
        template.HasResource("AWS::KMS::Key", new Dictionary<string, object> { ["DeletionPolicy"] = "Delete" });
    }

    [Fact]
    public void Names_the_cluster_only_when_asked()
    {
        Synth.Template(s => NewCluster(s)).HasResourceProperties("AWS::ECS::Cluster", new Dictionary<string, object> { ["ClusterName"] = Match.Absent() });
        Synth.Template(s => NewCluster(s, vpc => new ContainerClusterProps { Vpc = vpc, ClusterName = "web_prod-1" }))
            .HasResourceProperties("AWS::ECS::Cluster", new Dictionary<string, object> { ["ClusterName"] = "web_prod-1" });
    }

    [Fact]
    public void Accepts_a_token_cluster_name_unchecked()
    {
        Synth.Template(s => NewCluster(s, vpc => new ContainerClusterProps { Vpc = vpc, ClusterName = Fn.ImportValue("SharedClusterName") }))
            .HasResourceProperties("AWS::ECS::Cluster", new Dictionary<string, object> { ["ClusterName"] = new Dictionary<string, object> { ["Fn::ImportValue"] = "SharedClusterName" } });
    }

    [Fact]
    public void Accepts_token_weights_and_bases_unchecked()
    {
        var json = Synth.Json(s => NewCluster(s, vpc => new ContainerClusterProps
        {
            Vpc = vpc,
            DefaultCapacityProviderStrategy =
            [
                new CapacityProviderStrategy { CapacityProvider = "FARGATE", Weight = new CfnParameter(s, "OnDemandWeight", new CfnParameterProps { Type = "Number" }).ValueAsNumber },
                new CapacityProviderStrategy { CapacityProvider = "FARGATE_SPOT", Base = new CfnParameter(s, "SpotBase", new CfnParameterProps { Type = "Number" }).ValueAsNumber },
            ],
        }));

        Synth.JsonEqual(
            """[{"CapacityProvider":"FARGATE","Weight":{"Ref":"OnDemandWeight"}},{"Base":{"Ref":"SpotBase"},"CapacityProvider":"FARGATE_SPOT"}]""",
            Synth.Single(json, "AWS::ECS::ClusterCapacityProviderAssociations")["Properties"]!["DefaultCapacityProviderStrategy"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("web prod")]
    [InlineData("web.prod")]
    public void Rejects_a_cluster_name_ECS_would_refuse(string name)
    {
        var error = Synth.Error(s => NewCluster(s, vpc => new ContainerClusterProps { Vpc = vpc, ClusterName = name }));
        Assert.Equal($"TestStack/Cluster: ClusterName = \"{name}\" is not valid; allowed: 1 to 255 letters, digits, hyphens (-) and underscores (_).", error.Message);
    }

    [Fact]
    public void Rejects_a_cluster_name_longer_than_255_characters()
    {
        var name = new string('a', 256);
        var error = Synth.Error(s => NewCluster(s, vpc => new ContainerClusterProps { Vpc = vpc, ClusterName = name }));
        Assert.Equal($"TestStack/Cluster: ClusterName = \"{name}\" is not valid; allowed: 1 to 255 letters, digits, hyphens (-) and underscores (_).", error.Message);
    }

    [Fact]
    public void Rejects_enum_values_outside_their_enums_and_a_null_VPC()
    {
        var error = Synth.Error(s => NewCluster(s, vpc => new ContainerClusterProps
        {
            Vpc = null!,
            ExecuteCommand = true,
            ExecuteCommandLogRetention = (Amazon.CDK.AWS.Logs.RetentionDays)999,
            ContainerInsights = (ContainerInsightsMode)9,
        }));
        Assert.Equal(
            "3 invalid props:" + System.Environment.NewLine +
            "  TestStack/Cluster: Vpc is null; it is required: the VPC the cluster's tasks run in, usually ContainerNetwork.Vpc." + System.Environment.NewLine +
            "  TestStack/Cluster: ContainerInsights = (ContainerInsightsMode)9 is not valid; allowed: Enabled, Enhanced, Disabled." + System.Environment.NewLine +
            $"  TestStack/Cluster: ExecuteCommandLogRetention = (RetentionDays)999 is not valid; allowed: {string.Join(", ", Enum.GetNames<Amazon.CDK.AWS.Logs.RetentionDays>())}.",
            error.Message);
    }

    [Fact]
    public void Reports_null_props_by_path()
    {
        Assert.Equal(
            "TestStack/Cluster: props is null; it is required: a ContainerClusterProps with at least its required members.",
            Synth.Error(s => _ = new ContainerCluster(s, "Cluster", null!)).Message);
    }

    [Fact]
    public void Rejects_an_exec_log_retention_without_exec()
    {
        var error = Synth.Error(s => NewCluster(s, vpc => new ContainerClusterProps { Vpc = vpc, ExecuteCommandLogRetention = Amazon.CDK.AWS.Logs.RetentionDays.ONE_MONTH }));
        Assert.Equal("TestStack/Cluster: ExecuteCommandLogRetention = ONE_MONTH has no effect unless ExecuteCommand = true; set ExecuteCommand or drop ExecuteCommandLogRetention.", error.Message);
    }

    public static TheoryData<CapacityProviderStrategy[], string> BadStrategies => new()
    {
        {
            [new CapacityProviderStrategy { CapacityProvider = "EC2", Weight = 1 }],
            "TestStack/Cluster: DefaultCapacityProviderStrategy[0].CapacityProvider = \"EC2\" is not valid; allowed: FARGATE, FARGATE_SPOT."
        },
        {
            [new CapacityProviderStrategy { CapacityProvider = "FARGATE", Weight = 1 }, new CapacityProviderStrategy { CapacityProvider = "FARGATE", Weight = 2 }],
            "TestStack/Cluster: DefaultCapacityProviderStrategy[1].CapacityProvider = \"FARGATE\" is not valid; each capacity provider may appear once."
        },
        {
            [new CapacityProviderStrategy { CapacityProvider = "FARGATE", Weight = 1 }, new CapacityProviderStrategy { CapacityProvider = "FARGATE_SPOT", Weight = -2 }],
            "TestStack/Cluster: DefaultCapacityProviderStrategy[1].Weight = -2 is not valid; allowed: a whole number from 0 to 1000."
        },
        {
            [new CapacityProviderStrategy { CapacityProvider = "FARGATE", Weight = 1, Base = 100001 }],
            "TestStack/Cluster: DefaultCapacityProviderStrategy[0].Base = 100001 is not valid; allowed: a whole number from 0 to 100000."
        },
        {
            [new CapacityProviderStrategy { CapacityProvider = "FARGATE", Weight = 1, Base = 1 }, new CapacityProviderStrategy { CapacityProvider = "FARGATE_SPOT", Weight = 1, Base = 1 }],
            "TestStack/Cluster: DefaultCapacityProviderStrategy gives a Base to 2 providers; ECS allows a base on one provider only."
        },
        {
            [new CapacityProviderStrategy { CapacityProvider = "FARGATE", Weight = 0 }],
            "TestStack/Cluster: DefaultCapacityProviderStrategy has no provider with a Weight above 0; ECS needs at least one."
        },
        {
            [],
            "TestStack/Cluster: DefaultCapacityProviderStrategy is empty; allowed: one or more of FARGATE, FARGATE_SPOT."
        },
    };

    [Theory]
    [MemberData(nameof(BadStrategies))]
    public void Rejects_a_default_capacity_provider_strategy_ECS_would_refuse(CapacityProviderStrategy[] strategy, string message)
    {
        var error = Synth.Error(s => NewCluster(s, vpc => new ContainerClusterProps { Vpc = vpc, DefaultCapacityProviderStrategy = strategy }));
        Assert.Equal(message, error.Message);
    }
}
