using Amazon.CDK;
using Amazon.CDK.AWS.Logs;
using ContainerPatterns.Internal;

namespace ContainerPatterns.Tests.Internal;

public class NagSuppressionsTests
{
    [Fact]
    public void Log_stream_findings_name_the_region_and_account_as_the_stack_writes_them()
    {
        var agnostic = Synth.NewStack();
        var concrete = Synth.NewStack(new StackProps { Env = new Amazon.CDK.Environment { Account = "123456789012", Region = "eu-west-1" } });
        var agnosticGroup = (CfnElement)new LogGroup(agnostic, "Logs").Node.DefaultChild!;
        var concreteGroup = (CfnElement)new LogGroup(concrete, "Logs").Node.DefaultChild!;

        Assert.Equal("Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:<Logs6819BB44>:*", NagSuppressions.LogStreamsFinding(agnostic, agnosticGroup));
        Assert.Equal("Resource::arn:<AWS::Partition>:logs:eu-west-1:123456789012:log-group:<Logs6819BB44>:*", NagSuppressions.LogStreamsFinding(concrete, concreteGroup));
    }
}
