using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using ContainerPatterns.Ecs;
using ContainerPatterns.Internal;
using Constructs;
using static ContainerPatterns.Tests.Ecs.WebServiceFixture;

namespace ContainerPatterns.Tests.Ecs;

/// <summary>The task piece and the capacity choice on their own, as every Fargate construct uses them.</summary>
public class WorkloadPieceTests
{
    /// <summary>The smallest concrete workload props: the task piece reads only the shared members.</summary>
    private sealed class TaskOnlyProps : WorkloadProps;

    private static readonly TaskDefaults WorkerLike = new(Cpu: 1024, MemoryMiB: 2048, StopTimeoutSeconds: 120);

    [Fact]
    public void Writes_one_capacity_choice_for_the_ECS_service_the_EventBridge_rule_and_the_Scheduler_target()
    {
        var service = new CapacityChoice(OnDemandBase: 1, OnDemandWeight: 1, SpotWeight: 3);
        var oneOff = new CapacityChoice(OnDemandBase: null, OnDemandWeight: 1, SpotWeight: 3);

        var stack = Synth.NewStack();
        var resolved = stack.Resolve(new object[]
        {
            service.ToServiceStrategies(),
            oneOff.ToEventRuleStrategies(),
            oneOff.ToSchedulerStrategies(),
        });

        Synth.JsonEqual("""
            [
              [{"capacityProvider": "FARGATE", "base": 1, "weight": 1}, {"capacityProvider": "FARGATE_SPOT", "weight": 3}],
              [{"capacityProvider": "FARGATE", "weight": 1}, {"capacityProvider": "FARGATE_SPOT", "weight": 3}],
              [{"capacityProvider": "FARGATE", "weight": 1}, {"capacityProvider": "FARGATE_SPOT", "weight": 3}]
            ]
            """, System.Text.Json.JsonSerializer.SerializeToNode(resolved));
    }

    [Fact]
    public void Leaves_Spot_out_of_the_strategy_when_its_weight_is_zero()
    {
        var choice = new CapacityChoice(OnDemandBase: 2, OnDemandWeight: 1, SpotWeight: 0);

        var item = Assert.Single(choice.ToEventRuleStrategies());
        Assert.Equal("FARGATE", item.CapacityProvider);
        Assert.False(choice.UsesSpot);
    }

    [Fact]
    public void Builds_a_task_with_the_constructs_own_defaults_in_the_given_scope()
    {
        var stack = Synth.NewStack();
        var owner = new Construct(stack, "Worker");
        var props = new TaskOnlyProps { Cluster = LightCluster(stack), Image = Image };
        var piece = FargateTaskPiece.Resolve(props, WorkerLike, FargateTaskPiece.CapacityOf(props, onDemandBase: null));
        var v = new PropValidator(stack, "Worker");
        piece.Validate(v);
        v.ThrowIfAny();
        piece.Build(owner);

        var json = Synth.ToJson(Amazon.CDK.Assertions.Template.FromStack(stack));
        var task = Synth.Single(json, "AWS::ECS::TaskDefinition")["Properties"]!;
        Assert.Equal("1024", task["Cpu"]!.GetValue<string>());
        Assert.Equal("2048", task["Memory"]!.GetValue<string>());
        Assert.Equal(120, task["ContainerDefinitions"]![0]!["StopTimeout"]!.GetValue<int>());
        Assert.Null(task["ContainerDefinitions"]![0]!["PortMappings"]);
        Assert.StartsWith("WorkerLogs", Assert.Single(Synth.Resources(json, "AWS::Logs::LogGroup")).Key, StringComparison.Ordinal);
        Assert.Equal("TestStack/Worker/TaskDefinition", piece.TaskDefinition.Node.Path);
    }

    [Fact]
    public void Creates_a_security_group_for_a_one_off_task_unless_one_is_given()
    {
        var stack = Synth.NewStack();
        var cluster = LightCluster(stack);
        var owner = new Construct(stack, "Job");
        var created = FargateTaskPiece.Resolve(new TaskOnlyProps { Cluster = cluster, Image = Image }, WorkerLike, new CapacityChoice(null, 1, 0));
        var given = FargateTaskPiece.Resolve(
            new TaskOnlyProps { Cluster = cluster, Image = Image, SecurityGroups = [Amazon.CDK.AWS.EC2.SecurityGroup.FromSecurityGroupId(stack, "Given", "sg-0123456789abcdef0")] },
            WorkerLike,
            new CapacityChoice(null, 1, 0));
        var v = new PropValidator(stack, "Job");
        created.Validate(v);
        given.Validate(v);
        v.ThrowIfAny();

        Assert.Equal("TestStack/Job/SecurityGroup", Assert.Single(created.Placement.SecurityGroupsOrNew(owner)).Node.Path);
        Assert.Equal("sg-0123456789abcdef0", Assert.Single(given.Placement.SecurityGroupsOrNew(owner)).SecurityGroupId);
    }

    [Fact]
    public void Opens_the_tasks_security_groups_to_a_peer_after_the_build_with_exactly_one_rule()
    {
        var stack = Synth.NewStack();
        var owner = new Construct(stack, "Job");
        var cluster = LightCluster(stack);
        var peerGroup = new Amazon.CDK.AWS.EC2.SecurityGroup(stack, "Database", new Amazon.CDK.AWS.EC2.SecurityGroupProps { Vpc = cluster.Vpc, AllowAllOutbound = false });
        var piece = FargateTaskPiece.Resolve(new TaskOnlyProps { Cluster = cluster, Image = Image }, WorkerLike, new CapacityChoice(null, 1, 0));
        var v = new PropValidator(stack, "Job");
        piece.Validate(v);
        v.ThrowIfAny();
        BuiltWorkload? seen = null;
        piece.AfterBuild(w => seen = w);
        piece.OpenTo(peerGroup, Amazon.CDK.AWS.EC2.Port.Tcp(5432), "Job to the database");
        piece.Build(owner);
        var connections = new Amazon.CDK.AWS.EC2.Connections_(new Amazon.CDK.AWS.EC2.ConnectionsProps { SecurityGroups = piece.Placement.SecurityGroupsOrNew(owner) });

        Assert.Null(seen); // nothing runs before the construct says the workload is complete
        piece.Connect(owner, connections);

        Assert.Same(owner, seen!.Scope);
        Assert.Same(piece.TaskDefinition, seen.TaskDefinition);
        var json = Synth.ToJson(Amazon.CDK.Assertions.Template.FromStack(stack));
        var ingress = Assert.Single(Synth.Resources(json, "AWS::EC2::SecurityGroupIngress")).Value["Properties"]!;
        Assert.Equal(5432, ingress["FromPort"]!.GetValue<int>());
        Assert.Equal("Job to the database", ingress["Description"]!.GetValue<string>());
        Assert.StartsWith("JobSecurityGroup", ingress["SourceSecurityGroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
