using Amazon.CDK;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.WAFv2;
using ContainerPatterns.Internal;

namespace ContainerPatterns.Tests.Internal;

// The consumer smoke test runs every binding on each supported Amazon.CDK.Lib version; these run them on the
// build floor, where they must do what the direct calls did.
public class CdkCompatTests
{
    [Fact]
    public void Props_setters_set_the_value_they_are_given()
    {
        var stack = Synth.NewStack();
        var key = new Key(stack, "Key");
        var logs = new LogGroup(stack, "Logs");

        Assert.Same(key, new RepositoryProps().WithEncryptionKey(key).EncryptionKey);
        Assert.Same(key, new LogGroupProps().WithEncryptionKey(key).EncryptionKey);
        Assert.Null(new LogGroupProps().WithEncryptionKey(null).EncryptionKey);
        Assert.Same(logs, new AwsLogDriverProps { StreamPrefix = "app" }.WithLogGroup(logs).LogGroup);
        Assert.Same(logs, new ExecuteCommandLogConfiguration().WithCloudWatchLogGroup(logs).CloudWatchLogGroup);
        Assert.Equal("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/y", new CfnWebACLAssociationProps().WithResourceArn("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/y").ResourceArn);
    }

    [Fact]
    public void Factories_and_the_aspect_binding_make_what_the_direct_calls_make()
    {
        var aspect = new NoOpAspect();
        var template = Synth.Template(stack =>
        {
            var logs = new LogGroup(stack, "Logs");
            var vpc = new Vpc(stack, "Vpc", new VpcProps { MaxAzs = 1, NatGateways = 0 });
            _ = new FlowLog(stack, "Flow", new FlowLogProps { ResourceType = FlowLogResourceType.FromVpc(vpc), Destination = CdkCompat.FlowLogsToCloudWatch(logs) });
            var certificate = Certificate.FromCertificateArn(stack, "Certificate", "arn:aws:acm:eu-west-1:123456789012:certificate/abc");
            Assert.Equal(certificate.CertificateArn, CdkCompat.ListenerCertificateFrom(certificate).CertificateArn);
            Assert.NotNull(CdkCompat.LoadBalancerTarget(new ApplicationLoadBalancer(stack, "Alb", new ApplicationLoadBalancerProps { Vpc = vpc })));
            CdkCompat.AddAspect(stack, aspect);
            Assert.Contains(aspect, Aspects.Of(stack).All);
        });

        template.HasResourceProperties("AWS::EC2::FlowLog", new Dictionary<string, object>
        {
            ["LogDestinationType"] = "cloud-watch-logs",
            ["LogGroupName"] = new Dictionary<string, object> { ["Ref"] = "Logs6819BB44" },
        });
    }

    private sealed class NoOpAspect : Amazon.JSII.Runtime.Deputy.DeputyBase, IAspect
    {
        public void Visit(Constructs.IConstruct node)
        {
        }
    }
}
