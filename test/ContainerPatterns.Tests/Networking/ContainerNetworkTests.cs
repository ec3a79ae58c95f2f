using Amazon.CDK;
using Amazon.CDK.Assertions;
using Amazon.CDK.AWS.EC2;
using ContainerPatterns.Networking;

namespace ContainerPatterns.Tests.Networking;

public class ContainerNetworkTests
{
    private static Template Build(ContainerNetworkProps? props = null) =>
        Synth.Template(s => _ = new ContainerNetwork(s, "Network", props));

    [Fact]
    public void Spans_two_AZs_with_public_and_private_subnets_by_default()
    {
        var template = Build();

        template.HasResourceProperties("AWS::EC2::VPC", new Dictionary<string, object>
        {
            ["CidrBlock"] = "10.0.0.0/16",
            ["EnableDnsHostnames"] = true,
            ["EnableDnsSupport"] = true,
        });
        template.ResourceCountIs("AWS::EC2::Subnet", 4);
        template.ResourcePropertiesCountIs("AWS::EC2::Subnet", new Dictionary<string, object>
        {
            ["MapPublicIpOnLaunch"] = false,
            ["Tags"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["Key"] = "aws-cdk:subnet-type", ["Value"] = "Public" })]),
        }, 2);
        template.ResourcePropertiesCountIs("AWS::EC2::Subnet", new Dictionary<string, object>
        {
            ["Tags"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["Key"] = "aws-cdk:subnet-type", ["Value"] = "Private" })]),
        }, 2);
        template.HasResourceProperties("AWS::EC2::Subnet", new Dictionary<string, object> { ["CidrBlock"] = "10.0.0.0/24" });
        template.HasResourceProperties("AWS::EC2::Subnet", new Dictionary<string, object> { ["CidrBlock"] = "10.0.16.0/20" });
    }

    [Fact]
    public void Creates_one_NAT_gateway_by_default_and_routes_every_private_subnet_through_it()
    {
        var json = Synth.Json(s => _ = new ContainerNetwork(s, "Network"));

        var nat = Assert.Single(Synth.Resources(json, "AWS::EC2::NatGateway")).Key;
        var privateRoutes = Synth.Resources(json, "AWS::EC2::Route").Values
            .Where(r => r["Properties"]!["NatGatewayId"] is not null)
            .ToList();
        Assert.Equal(2, privateRoutes.Count);
        Assert.All(privateRoutes, r =>
        {
            Assert.Equal("0.0.0.0/0", r["Properties"]!["DestinationCidrBlock"]!.GetValue<string>());
            Assert.Equal(nat, r["Properties"]!["NatGatewayId"]!["Ref"]!.GetValue<string>());
        });
        Assert.Equal(2, Synth.Resources(json, "AWS::EC2::Route").Values.Count(r => r["Properties"]!["GatewayId"] is not null));
    }

    [Fact]
    public void Creates_one_NAT_gateway_per_AZ_when_asked()
    {
        Build(new ContainerNetworkProps { NatGateways = 2 }).ResourceCountIs("AWS::EC2::NatGateway", 2);
    }

    [Fact]
    public void Sends_all_flow_logs_to_a_retained_log_group_with_30_days_retention()
    {
        var json = Synth.Json(s => _ = new ContainerNetwork(s, "Network"));

        var (groupId, group) = Assert.Single(Synth.Resources(json, "AWS::Logs::LogGroup"));
        Assert.Equal(30, group["Properties"]!["RetentionInDays"]!.GetValue<int>());
        Assert.Equal("Retain", group["DeletionPolicy"]!.GetValue<string>());
        var flowLog = Synth.Single(json, "AWS::EC2::FlowLog")["Properties"]!;
        Assert.Equal("ALL", flowLog["TrafficType"]!.GetValue<string>());
        Assert.Equal("VPC", flowLog["ResourceType"]!.GetValue<string>());
        Assert.Equal("cloud-watch-logs", flowLog["LogDestinationType"]!.GetValue<string>());
        Assert.Equal(groupId, flowLog["LogGroupName"]!["Ref"]!.GetValue<string>());
    }

    [Fact]
    public void Grants_the_flow_log_role_write_access_to_its_log_group_only()
    {
        var json = Synth.Json(s => _ = new ContainerNetwork(s, "Network"));
        var groupId = Assert.Single(Synth.Resources(json, "AWS::Logs::LogGroup")).Key;
        var statements = Synth.Single(json, "AWS::IAM::Policy")["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray();

        var logs = Assert.Single(statements, st => st!["Action"] is System.Text.Json.Nodes.JsonArray a && a.Any(x => x!.GetValue<string>() == "logs:PutLogEvents"))!;
        Synth.JsonEqual("""["logs:CreateLogStream","logs:PutLogEvents","logs:DescribeLogStreams"]""", logs["Action"]);
        Synth.JsonEqual($$"""{"Fn::GetAtt":["{{groupId}}","Arn"]}""", logs["Resource"]);
    }

    [Fact]
    public void Uses_the_given_flow_log_retention_and_traffic_type()
    {
        var template = Build(new ContainerNetworkProps { FlowLogRetention = Amazon.CDK.AWS.Logs.RetentionDays.ONE_YEAR, FlowLogTrafficType = FlowLogTrafficType.REJECT });

        template.HasResourceProperties("AWS::Logs::LogGroup", new Dictionary<string, object> { ["RetentionInDays"] = 365 });
        template.HasResourceProperties("AWS::EC2::FlowLog", new Dictionary<string, object> { ["TrafficType"] = "REJECT" });
    }

    [Fact]
    public void Creates_free_S3_and_DynamoDB_gateway_endpoints_on_the_private_route_tables()
    {
        var json = Synth.Json(s => _ = new ContainerNetwork(s, "Network"));

        var gateways = Synth.Resources(json, "AWS::EC2::VPCEndpoint").Values.ToList();
        Assert.Equal(2, gateways.Count);
        var privateTables = Synth.Resources(json, "AWS::EC2::RouteTable").Keys.Where(k => k.Contains("Private", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(2, privateTables.Count);
        foreach (var service in new[] { "s3", "dynamodb" })
        {
            var endpoint = Assert.Single(gateways, g => g["Properties"]!["ServiceName"]!.ToJsonString().Contains($".{service}", StringComparison.Ordinal))!;
            Assert.Equal("Gateway", endpoint["Properties"]!["VpcEndpointType"]!.GetValue<string>());
            var tables = endpoint["Properties"]!["RouteTableIds"]!.AsArray().Select(t => t!["Ref"]!.GetValue<string>()).Order().ToList();
            Assert.Equal(privateTables, tables);
        }
    }

    [Fact]
    public void Creates_no_interface_endpoints_by_default()
    {
        Build().ResourcePropertiesCountIs("AWS::EC2::VPCEndpoint", new Dictionary<string, object> { ["VpcEndpointType"] = "Interface" }, 0);
    }

    [Fact]
    public void Creates_private_DNS_interface_endpoints_reachable_by_HTTPS_from_the_VPC_only()
    {
        var network = default(ContainerNetwork);
        var json = Synth.Json(s => network = new ContainerNetwork(s, "Network", new ContainerNetworkProps
        {
            Cidr = "10.20.0.0/16",
            InterfaceEndpoints = ContainerEndpoints.All,
        }));

        var interfaces = Synth.Resources(json, "AWS::EC2::VPCEndpoint").Values
            .Where(e => e["Properties"]!["VpcEndpointType"]!.GetValue<string>() == "Interface").ToList();
        var names = interfaces.Select(e => e["Properties"]!["ServiceName"]!.ToJsonString()).ToList();
        foreach (var service in new[] { "ecr.api", "ecr.dkr", ".logs", "secretsmanager", ".ssm\"", ".sts", ".ssmmessages" })
        {
            Assert.Single(names, n => n.Contains(service, StringComparison.Ordinal));
        }

        Assert.Equal(7, interfaces.Count);
        Assert.All(interfaces, e => Assert.True(e["Properties"]!["PrivateDnsEnabled"]!.GetValue<bool>()));
        Assert.Equal(7, network!.InterfaceEndpoints.Count);
        var endpointGroups = Synth.Resources(json, "AWS::EC2::SecurityGroup").Values
            .Where(g => g["Properties"]!["GroupDescription"]!.GetValue<string>().Contains("Endpoint", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, endpointGroups.Count);
        Assert.All(endpointGroups, g => Synth.JsonEqual(
            """[{"CidrIp":"10.20.0.0/16","Description":"HTTPS from inside the VPC","FromPort":443,"IpProtocol":"tcp","ToPort":443}]""",
            g["Properties"]!["SecurityGroupIngress"]));
    }

    [Fact]
    public void Creates_only_the_interface_endpoints_asked_for()
    {
        Build(new ContainerNetworkProps { InterfaceEndpoints = ContainerEndpoints.EcrApi | ContainerEndpoints.EcrDocker })
            .ResourcePropertiesCountIs("AWS::EC2::VPCEndpoint", new Dictionary<string, object> { ["VpcEndpointType"] = "Interface" }, 2);
    }

    [Fact]
    public void Removes_every_rule_from_the_default_security_group()
    {
        var template = Build();

        template.ResourceCountIs("Custom::VpcRestrictDefaultSG", 1);
        template.HasResourceProperties("Custom::VpcRestrictDefaultSG", new Dictionary<string, object>
        {
            ["DefaultSecurityGroupId"] = new Dictionary<string, object> { ["Fn::GetAtt"] = new object[] { Match.StringLikeRegexp("^NetworkVpc"), "DefaultSecurityGroup" } },
        });
    }

    [Fact]
    public void Suppresses_the_managed_policy_finding_on_CDKs_default_security_group_provider_with_a_reason()
    {
        var json = Synth.Json(s => _ = new ContainerNetwork(s, "Network"));

        var role = Synth.Resources(json, "AWS::IAM::Role").Single(r => r.Key.StartsWith("CustomVpcRestrictDefaultSG", StringComparison.Ordinal)).Value;
        var suppression = Assert.Single(role["Metadata"]!["cdk_nag"]!["rules_to_suppress"]!.AsArray())!;
        Assert.Equal("AwsSolutions-IAM4", suppression["id"]!.GetValue<string>());
        Assert.Contains("AWSLambdaBasicExecutionRole", suppression["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Uses_the_given_CIDR_and_subnet_sizes()
    {
        var template = Build(new ContainerNetworkProps { Cidr = "172.16.0.0/20", PublicSubnetCidrMask = 26, PrivateSubnetCidrMask = 22 });

        template.HasResourceProperties("AWS::EC2::VPC", new Dictionary<string, object> { ["CidrBlock"] = "172.16.0.0/20" });
        template.HasResourceProperties("AWS::EC2::Subnet", new Dictionary<string, object> { ["CidrBlock"] = "172.16.0.0/26" });
        template.HasResourceProperties("AWS::EC2::Subnet", new Dictionary<string, object> { ["CidrBlock"] = "172.16.4.0/22" });
    }

    [Fact]
    public void Uses_three_AZs_when_the_stack_has_a_region_with_three()
    {
        var template = Synth.Template(
            s => _ = new ContainerNetwork(s, "Network", new ContainerNetworkProps { MaxAzs = 3 }),
            new StackProps { Env = new Amazon.CDK.Environment { Account = "123456789012", Region = "eu-west-1" } });

        template.ResourceCountIs("AWS::EC2::Subnet", 6);
    }

    [Fact]
    public void Exposes_the_vpc_and_the_subnet_selections()
    {
        var network = default(ContainerNetwork);
        Synth.Template(s => network = new ContainerNetwork(s, "Network"));

        Assert.Equal(2, network!.Vpc.PrivateSubnets.Length);
        Assert.Equal(2, network.Vpc.PublicSubnets.Length);
        Assert.Equal(SubnetType.PRIVATE_WITH_EGRESS, ContainerNetwork.PrivateSubnets.SubnetType);
        Assert.Equal(SubnetType.PUBLIC, ContainerNetwork.PublicSubnets.SubnetType);
        Assert.NotNull(network.FlowLogGroup);
        Assert.NotNull(network.S3Endpoint);
        Assert.NotNull(network.DynamoDbEndpoint);
    }

    [Theory]
    [InlineData(0, "TestStack/Network: MaxAzs = 0 is not valid; allowed: a whole number from 1 to 2 AZs (an environment-agnostic stack can address 2; give the stack an account and region for more).")]
    [InlineData(3, "TestStack/Network: MaxAzs = 3 is not valid; allowed: a whole number from 1 to 2 AZs (an environment-agnostic stack can address 2; give the stack an account and region for more).")]
    public void Rejects_an_AZ_count_the_stack_cannot_have(int maxAzs, string message)
    {
        var error = Synth.Error(s => _ = new ContainerNetwork(s, "Network", new ContainerNetworkProps { MaxAzs = maxAzs }));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(0, "TestStack/Network: NatGateways = 0 is not valid; allowed: a whole number from 1 to 2 (at most one per AZ; the private subnets need at least one for egress).")]
    [InlineData(3, "TestStack/Network: NatGateways = 3 is not valid; allowed: a whole number from 1 to 2 (at most one per AZ; the private subnets need at least one for egress).")]
    public void Rejects_a_NAT_gateway_count_outside_one_to_the_AZ_count(int natGateways, string message)
    {
        var error = Synth.Error(s => _ = new ContainerNetwork(s, "Network", new ContainerNetworkProps { NatGateways = natGateways }));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Rejects_more_NAT_gateways_than_a_smaller_AZ_count()
    {
        var error = Synth.Error(s => _ = new ContainerNetwork(s, "Network", new ContainerNetworkProps { MaxAzs = 1, NatGateways = 2 }));
        Assert.Equal("TestStack/Network: NatGateways = 2 is not valid; allowed: a whole number from 1 to 1 (at most one per AZ; the private subnets need at least one for egress).", error.Message);
    }

    [Theory]
    [InlineData("10.0.0.0", "allowed: an IPv4 CIDR block with a prefix from /16 to /24, e.g. \"10.0.0.0/16\".")]
    [InlineData("10.0.0.0/8", "allowed: an IPv4 CIDR block with a prefix from /16 to /24, e.g. \"10.0.0.0/16\".")]
    [InlineData("10.0.0.0/25", "allowed: an IPv4 CIDR block with a prefix from /16 to /24, e.g. \"10.0.0.0/16\".")]
    [InlineData("fd00::/16", "allowed: an IPv4 CIDR block with a prefix from /16 to /24, e.g. \"10.0.0.0/16\".")]
    [InlineData("10.0.300.0/16", "allowed: an IPv4 CIDR block with a prefix from /16 to /24, e.g. \"10.0.0.0/16\".")]
    [InlineData("10.0.1.0/16", "the address has bits set past the /16 prefix; allowed: a network address such as \"10.0.0.0/16\".")]
    [InlineData("8.8.0.0/16", "allowed: a private range (RFC 1918 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, or RFC 6598 100.64.0.0/10).")]
    public void Rejects_a_CIDR_that_is_not_a_private_IPv4_network_of_a_usable_size(string cidr, string allowed)
    {
        var error = Synth.Error(s => _ = new ContainerNetwork(s, "Network", new ContainerNetworkProps { Cidr = cidr }));
        Assert.Equal($"TestStack/Network: Cidr = \"{cidr}\" is not valid; {allowed}", error.Message);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(29)]
    public void Rejects_subnet_masks_outside_16_to_28(int mask)
    {
        var error = Synth.Error(s => _ = new ContainerNetwork(s, "Network", new ContainerNetworkProps { PublicSubnetCidrMask = mask, PrivateSubnetCidrMask = mask }));
        Assert.Equal(
            "2 invalid props:" + System.Environment.NewLine +
            $"  TestStack/Network: PublicSubnetCidrMask = {mask} is not valid; allowed: a whole number from 16 to 28 (prefix length)." + System.Environment.NewLine +
            $"  TestStack/Network: PrivateSubnetCidrMask = {mask} is not valid; allowed: a whole number from 16 to 28 (prefix length).",
            error.Message);
    }

    [Fact]
    public void Rejects_subnets_that_do_not_fit_in_the_CIDR()
    {
        var error = Synth.Error(s => _ = new ContainerNetwork(s, "Network", new ContainerNetworkProps { Cidr = "10.0.0.0/20" }));
        Assert.Equal(
            "TestStack/Network: 2 AZs of /24 public and /20 private subnets need 8,704 addresses, but Cidr = \"10.0.0.0/20\" has 4,096; use a larger CIDR or larger PublicSubnetCidrMask / PrivateSubnetCidrMask values.",
            error.Message);
    }

    [Fact]
    public void Rejects_enum_values_outside_their_enums_and_unknown_endpoint_flags()
    {
        var error = Synth.Error(s => _ = new ContainerNetwork(s, "Network", new ContainerNetworkProps
        {
            FlowLogRetention = (Amazon.CDK.AWS.Logs.RetentionDays)999,
            InterfaceEndpoints = (ContainerEndpoints)1024,
        }));
        Assert.Equal(
            "2 invalid props:" + System.Environment.NewLine +
            $"  TestStack/Network: FlowLogRetention = (RetentionDays)999 is not valid; allowed: {string.Join(", ", Enum.GetNames<Amazon.CDK.AWS.Logs.RetentionDays>())}." + System.Environment.NewLine +
            "  TestStack/Network: InterfaceEndpoints = (ContainerEndpoints)1024 is not valid; allowed: a combination of EcrApi, EcrDocker, CloudWatchLogs, SecretsManager, Ssm, Sts, SsmMessages, or None or All.",
            error.Message);
    }

    [Fact]
    public void Refuses_layout_numbers_given_as_tokens()
    {
        var error = Synth.Error(s => _ = new ContainerNetwork(s, "Network", new ContainerNetworkProps
        {
            NatGateways = new CfnParameter(s, "Nats", new CfnParameterProps { Type = "Number" }).ValueAsNumber,
        }));
        Assert.Equal("TestStack/Network: NatGateways is a token; the VPC's subnets are laid out at synth, so give a number.", error.Message);
    }

    [Fact]
    public void Reports_every_invalid_prop_at_once()
    {
        var error = Synth.Error(s => _ = new ContainerNetwork(s, "Network", new ContainerNetworkProps { MaxAzs = 0, Cidr = "nope", FlowLogRetention = (Amazon.CDK.AWS.Logs.RetentionDays)999 }));
        Assert.StartsWith("3 invalid props:", error.Message, StringComparison.Ordinal);
        Assert.Contains("TestStack/Network: MaxAzs = 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("TestStack/Network: Cidr = \"nope\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("TestStack/Network: FlowLogRetention = (RetentionDays)999", error.Message, StringComparison.Ordinal);
    }
}
