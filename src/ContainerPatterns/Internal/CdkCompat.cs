using System.Reflection;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.WAFv2;
using EksCfnClusterProps = Amazon.CDK.AWS.EKS.CfnClusterProps;
using EksCfnNodegroupProps = Amazon.CDK.AWS.EKS.CfnNodegroupProps;
using EventsCfnRuleProps = Amazon.CDK.AWS.Events.CfnRuleProps;
using Route53LoadBalancerTarget = Amazon.CDK.AWS.Route53.Targets.LoadBalancerTarget;

namespace ContainerPatterns.Internal;

/// <summary>
/// The Amazon.CDK.Lib members whose .NET signature differs between the versions this package supports
/// (2.160.0, the build floor, up to 2.277.0 and later 2.x), bound so one compiled assembly runs on all of them.
/// </summary>
/// <remarks>
/// <para>
/// Newer CDK versions retyped some parameters and properties to the <c>I…Ref</c> interfaces that the older
/// types now extend, or gave methods an extra optional parameter. Source code that compiles against 2.160
/// compiles against 2.277 too, but the compiled call names the exact old signature, which 2.277 no longer
/// has: the call throws <see cref="MissingMethodException"/> in the consumer's app.
/// </para>
/// <para>
/// No member with an unchanged signature does the same job for these (the escape hatches through the L1
/// resources would change which CDK code runs, and the L2 props are only read through these properties), so
/// each one is looked up here by name through reflection the first time it is used, in whichever shape the
/// loaded Amazon.CDK.Lib has, and cached. Setters and static factories become typed delegates (a direct
/// call afterwards: a value of the old type is accepted where the new version takes its <c>I…Ref</c>
/// interface or <see cref="object"/>). The two members that gained an optional parameter are called through
/// the cached <see cref="MethodBase"/>, once per construct. None of this crosses into jsii: props objects are
/// plain .NET objects until a construct takes them, and every factory or constructor makes the one jsii call
/// the direct call made.
/// </para>
/// <para>
/// <c>tools/check-cdk-references.cs</c> proves in CI that the compiled assembly references no other member
/// missing from either version; the consumer smoke test runs every binding below on both.
/// </para>
/// </remarks>
internal static class CdkCompat
{
    // Aspects.Add: 2.160 has Add(IAspect); later versions only Add(IAspect, IAspectOptions? options = null)
    // (aspect priorities).
    private static Action<Aspects, IAspect>? s_addAspect;

    // RepositoryProps.EncryptionKey: IKey in 2.160; IKeyRef (which IKey extends) in later versions.
    private static Action<RepositoryProps, IKey?>? s_repositoryKey;

    // LogGroupProps.EncryptionKey: IKey in 2.160; IKeyRef in later versions.
    private static Action<LogGroupProps, IKey?>? s_logGroupKey;

    // AwsLogDriverProps.LogGroup: ILogGroup in 2.160; ILogGroupRef (which ILogGroup extends) in later versions.
    private static Action<AwsLogDriverProps, ILogGroup?>? s_logDriverGroup;

    // ExecuteCommandLogConfiguration.CloudWatchLogGroup: ILogGroup in 2.160; ILogGroupRef in later versions.
    private static Action<ExecuteCommandLogConfiguration, ILogGroup?>? s_execLogGroup;

    // FlowLogDestination.ToCloudWatchLogs(logGroup, iamRole): the log group is ILogGroup in 2.160, ILogGroupRef
    // in later versions.
    private static Func<ILogGroup?, IRole?, FlowLogDestination>? s_flowLogsToCloudWatch;

    // ListenerCertificate.FromCertificateManager(acmCertificate): ICertificate in 2.160; ICertificateRef
    // (which ICertificate extends) in later versions.
    private static Func<ICertificate, ListenerCertificate>? s_listenerCertificate;

    // Route 53 targets' LoadBalancerTarget constructor: (ILoadBalancerV2) in 2.160; later versions only
    // (ILoadBalancerV2, IAliasRecordTargetProps? props = null) (alias health evaluation).
    private static ConstructorInfo? s_loadBalancerTarget;

    // CfnWebACLAssociationProps.ResourceArn: string in 2.160; object (a string or a resource reference) in
    // later versions.
    private static Action<CfnWebACLAssociationProps, string>? s_webAclResourceArn;

    // Annotations.AddWarningV2: 2.160 has AddWarningV2(id, message); later versions only
    // AddWarningV2(id, message, IWarningOptions? options = null).
    private static Action<Annotations, string, string>? s_addWarning;

    /// <summary>
    /// CfnResource.updatedProperties: protected in jsii, so looked up by name (present in 2.160 through 2.277); null
    /// when the loaded version lacks it (settable so a test can stand in for such a version).
    /// </summary>
    internal static PropertyInfo? ResourceProperties { get; set; } =
        typeof(CfnResource).GetProperty("UpdatedProperties", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    // Validations.Of(scope).Acknowledge(...): only in later versions, which validate templates during synth.
    private static Action<IConstruct, string, string>? s_acknowledgeRule;

    // CfnResource.AddDependency(CfnResource): later versions deprecate it for AddResourceDependency(target, reason?),
    // which 2.160 lacks.
    private const string AddResourceDependencyName = "AddResourceDependency";
    private static Action<CfnResource, CfnResource>? s_addResourceDependency;

    // CfnScalingPolicyProps.ScalingTargetId: string in 2.160; object (a string or a scalable-target reference) later.
    private static Action<CfnScalingPolicyProps, string>? s_scalingTargetId;

    // StepScalingActionProps.ScalingTarget: IScalableTarget in 2.160; IScalableTargetRef (which it extends) later.
    private static Action<StepScalingActionProps, IScalableTarget>? s_stepScalingTarget;

    // The EventBridge CfnRuleProps.EventBusName: string in 2.160; object (a string or an event-bus reference) later.
    private static Action<EventsCfnRuleProps, string>? s_ruleEventBusName;

    // The EKS CfnClusterProps.RoleArn and CfnNodegroupProps.ClusterName/NodeRole: string in 2.160; object in later
    // versions. CfnNodegroupProps.Subnets: string[] in 2.160; object[] later.
    private static Action<EksCfnClusterProps, string>? s_clusterRoleArn;
    private static Action<EksCfnNodegroupProps, string>? s_nodegroupClusterName;
    private static Action<EksCfnNodegroupProps, string>? s_nodegroupNodeRole;
    private static Action<EksCfnNodegroupProps, string[]>? s_nodegroupSubnets;

    /// <summary>
    /// <c>resource.AddDependency(target)</c> in 2.160, <c>resource.AddResourceDependency(target)</c> where it exists
    /// (later versions deprecate the first for it): the resource's <c>DependsOn</c> gains the target.
    /// </summary>
    public static void AddResourceDependency(CfnResource resource, CfnResource target) =>
        (s_addResourceDependency ??= InstanceMethod<CfnResource, CfnResource>(
            typeof(CfnResource).GetMethods().Any(m => m.Name == AddResourceDependencyName) ? AddResourceDependencyName : nameof(CfnResource.AddDependency)))(resource, target);

    /// <summary>
    /// <c>Validations.Of(scope).Acknowledge(new Acknowledgment { Id = ruleId, Reason = reason })</c> where the loaded
    /// Amazon.CDK.Lib validates templates during synth (later versions; 2.160 has neither the validator nor the type, and
    /// then there is nothing to acknowledge). Leaves the template as it is: the acknowledgement is construct metadata.
    /// </summary>
    public static void AcknowledgeValidationRule(IConstruct scope, string ruleId, string reason)
    {
        s_acknowledgeRule ??= BindAcknowledgeRule();
        s_acknowledgeRule(scope, ruleId, reason);
    }

    /// <summary>
    /// A <see cref="CfnSecurityGroupIngress"/> from one security group to another. <c>GroupId</c> and
    /// <c>SourceSecurityGroupId</c> are string props in 2.160 and object props later, an incompatible change for a
    /// compiled caller; they are written as property overrides, the same method in every version (the template is the
    /// same either way).
    /// </summary>
    public static CfnSecurityGroupIngress NewSecurityGroupIngress(Construct scope, string id, CfnSecurityGroupIngressProps props, string groupId, string sourceSecurityGroupId)
    {
        var ingress = new CfnSecurityGroupIngress(scope, id, props);
        ingress.AddPropertyOverride("GroupId", groupId);
        ingress.AddPropertyOverride("SourceSecurityGroupId", sourceSecurityGroupId);
        return ingress;
    }

    /// <summary>
    /// The properties of a <see cref="CfnResource"/> that is not a generated L1 class (CDK's CustomResourceProvider
    /// creates its function that way), read through jsii's protected <c>UpdatedProperties</c>; null when the loaded
    /// Amazon.CDK.Lib has no such member (the caller then says so in a warning) or the resource has no properties.
    /// </summary>
    public static IDictionary<string, object>? PropertiesOf(CfnResource resource, out bool readable)
    {
        readable = ResourceProperties is not null;
        return ResourceProperties?.GetValue(resource) as IDictionary<string, object>;
    }

    /// <summary><c>Annotations.Of(scope).AddWarningV2(id, message)</c>: a warning users acknowledge by its id.</summary>
    public static void AddWarning(IConstruct scope, string id, string message) =>
        (s_addWarning ??= InstanceMethod<Annotations, string, string>(nameof(Annotations.AddWarningV2)))(Annotations.Of(scope), id, message);

    /// <summary>Sets <see cref="CfnScalingPolicyProps.ScalingTargetId"/> and returns the props.</summary>
    public static CfnScalingPolicyProps WithScalingTargetId(this CfnScalingPolicyProps props, string scalingTargetId)
    {
        (s_scalingTargetId ??= Setter<CfnScalingPolicyProps, string>(nameof(CfnScalingPolicyProps.ScalingTargetId)))(props, scalingTargetId);
        return props;
    }

    /// <summary>Sets <see cref="StepScalingActionProps.ScalingTarget"/> and returns the props.</summary>
    public static StepScalingActionProps WithScalingTarget(this StepScalingActionProps props, IScalableTarget target)
    {
        (s_stepScalingTarget ??= Setter<StepScalingActionProps, IScalableTarget>(nameof(StepScalingActionProps.ScalingTarget)))(props, target);
        return props;
    }

    /// <summary>Sets the EventBridge rule's <c>EventBusName</c> (when there is one) and returns the props.</summary>
    public static EventsCfnRuleProps WithEventBusName(this EventsCfnRuleProps props, string? eventBusName)
    {
        if (eventBusName is not null)
        {
            (s_ruleEventBusName ??= Setter<EventsCfnRuleProps, string>(nameof(EventsCfnRuleProps.EventBusName)))(props, eventBusName);
        }

        return props;
    }

    /// <summary>Sets the EKS <see cref="EksCfnClusterProps.RoleArn"/> and returns the props.</summary>
    public static EksCfnClusterProps WithRoleArn(this EksCfnClusterProps props, string roleArn)
    {
        (s_clusterRoleArn ??= Setter<EksCfnClusterProps, string>(nameof(EksCfnClusterProps.RoleArn)))(props, roleArn);
        return props;
    }

    /// <summary>Sets <see cref="EksCfnNodegroupProps.ClusterName"/>, <see cref="EksCfnNodegroupProps.NodeRole"/> and <see cref="EksCfnNodegroupProps.Subnets"/> and returns the props.</summary>
    public static EksCfnNodegroupProps WithPlacement(this EksCfnNodegroupProps props, string clusterName, string nodeRoleArn, string[] subnetIds)
    {
        (s_nodegroupClusterName ??= Setter<EksCfnNodegroupProps, string>(nameof(EksCfnNodegroupProps.ClusterName)))(props, clusterName);
        (s_nodegroupNodeRole ??= Setter<EksCfnNodegroupProps, string>(nameof(EksCfnNodegroupProps.NodeRole)))(props, nodeRoleArn);
        (s_nodegroupSubnets ??= Setter<EksCfnNodegroupProps, string[]>(nameof(EksCfnNodegroupProps.Subnets)))(props, subnetIds);
        return props;
    }

    /// <summary><c>Aspects.Of(scope).Add(aspect)</c>, with the default aspect options.</summary>
    public static void AddAspect(IConstruct scope, IAspect aspect) =>
        (s_addAspect ??= InstanceMethod<Aspects, IAspect>(nameof(Aspects.Add)))(Aspects.Of(scope), aspect);

    /// <summary>Sets <see cref="RepositoryProps.EncryptionKey"/> and returns the props.</summary>
    public static RepositoryProps WithEncryptionKey(this RepositoryProps props, IKey? key)
    {
        (s_repositoryKey ??= Setter<RepositoryProps, IKey?>(nameof(RepositoryProps.EncryptionKey)))(props, key);
        return props;
    }

    /// <summary>Sets <see cref="LogGroupProps.EncryptionKey"/> and returns the props.</summary>
    public static LogGroupProps WithEncryptionKey(this LogGroupProps props, IKey? key)
    {
        (s_logGroupKey ??= Setter<LogGroupProps, IKey?>(nameof(LogGroupProps.EncryptionKey)))(props, key);
        return props;
    }

    /// <summary>Sets <see cref="AwsLogDriverProps.LogGroup"/> and returns the props.</summary>
    public static AwsLogDriverProps WithLogGroup(this AwsLogDriverProps props, ILogGroup? logGroup)
    {
        (s_logDriverGroup ??= Setter<AwsLogDriverProps, ILogGroup?>(nameof(AwsLogDriverProps.LogGroup)))(props, logGroup);
        return props;
    }

    /// <summary>Sets <see cref="ExecuteCommandLogConfiguration.CloudWatchLogGroup"/> and returns the configuration.</summary>
    public static ExecuteCommandLogConfiguration WithCloudWatchLogGroup(this ExecuteCommandLogConfiguration configuration, ILogGroup? logGroup)
    {
        (s_execLogGroup ??= Setter<ExecuteCommandLogConfiguration, ILogGroup?>(nameof(ExecuteCommandLogConfiguration.CloudWatchLogGroup)))(configuration, logGroup);
        return configuration;
    }

    /// <summary><c>FlowLogDestination.ToCloudWatchLogs(logGroup, iamRole)</c>.</summary>
    public static FlowLogDestination FlowLogsToCloudWatch(ILogGroup logGroup, IRole? role = null) =>
        (s_flowLogsToCloudWatch ??= StaticMethod<Func<ILogGroup?, IRole?, FlowLogDestination>>(typeof(FlowLogDestination), nameof(FlowLogDestination.ToCloudWatchLogs)))(logGroup, role);

    /// <summary><c>ListenerCertificate.FromCertificateManager(certificate)</c>.</summary>
    public static ListenerCertificate ListenerCertificateFrom(ICertificate certificate) =>
        (s_listenerCertificate ??= StaticMethod<Func<ICertificate, ListenerCertificate>>(typeof(ListenerCertificate), nameof(ListenerCertificate.FromCertificateManager)))(certificate);

    /// <summary><c>new Amazon.CDK.AWS.Route53.Targets.LoadBalancerTarget(loadBalancer)</c>, with the default alias options.</summary>
    public static IAliasRecordTarget LoadBalancerTarget(ILoadBalancerV2 loadBalancer)
    {
        var constructor = s_loadBalancerTarget ??= Constructor(typeof(Route53LoadBalancerTarget), typeof(ILoadBalancerV2));
        return (IAliasRecordTarget)constructor.Invoke(BindingFlags.DoNotWrapExceptions, null, WithDefaults(constructor, loadBalancer), null);
    }

    /// <summary>Sets <see cref="CfnWebACLAssociationProps.ResourceArn"/> and returns the props.</summary>
    public static CfnWebACLAssociationProps WithResourceArn(this CfnWebACLAssociationProps props, string resourceArn)
    {
        (s_webAclResourceArn ??= Setter<CfnWebACLAssociationProps, string>(nameof(CfnWebACLAssociationProps.ResourceArn)))(props, resourceArn);
        return props;
    }

    private static Action<IConstruct, string, string> BindAcknowledgeRule()
    {
        var cdk = typeof(Stack).Assembly;
        if (cdk.GetType("Amazon.CDK.Validations") is not { } validations
            || cdk.GetType("Amazon.CDK.Acknowledgment") is not { } acknowledgment
            || cdk.GetType("Amazon.CDK.IAcknowledgment") is not { } contract)
        {
            return (_, _, _) => { };
        }

        var of = validations.GetMethod("Of", [typeof(IConstruct)]) ?? throw Missing(validations, "Of", "a static method taking IConstruct");
        var acknowledge = validations.GetMethod("Acknowledge", [contract.MakeArrayType()]) ?? throw Missing(validations, "Acknowledge", "a method taking IAcknowledgment[]");
        var id = acknowledgment.GetProperty("Id") ?? throw Missing(acknowledgment, "Id", "a settable string property");
        var why = acknowledgment.GetProperty("Reason") ?? throw Missing(acknowledgment, "Reason", "a settable string property");
        return (scope, ruleId, reason) =>
        {
            var rule = Activator.CreateInstance(acknowledgment)!; // a jsii struct class with a public parameterless constructor
            id.SetValue(rule, ruleId);
            why.SetValue(rule, reason);
            var rules = Array.CreateInstance(contract, 1);
            rules.SetValue(rule, 0);
            acknowledge.Invoke(of.Invoke(null, [scope]), BindingFlags.DoNotWrapExceptions, null, [rules], null);
        };
    }

    private static Action<TProps, TValue> Setter<TProps, TValue>(string property) =>
        typeof(TProps).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)?.SetMethod is { } setter
        && setter.GetParameters()[0].ParameterType.IsAssignableFrom(typeof(TValue))
            ? setter.CreateDelegate<Action<TProps, TValue>>()
            : throw Missing(typeof(TProps), property, $"a settable property that takes {typeof(TValue).Name}");

    // A public static method whose parameters take the delegate's parameter types.
    private static TDelegate StaticMethod<TDelegate>(Type type, string name)
        where TDelegate : Delegate
    {
        var invoke = typeof(TDelegate).GetMethod("Invoke")!; // every delegate type has Invoke
        var arguments = invoke.GetParameters().Select(p => p.ParameterType).ToArray();
        var method = type.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .FirstOrDefault(m => m.Name == name && Accepts(m, arguments, exact: true) && invoke.ReturnType.IsAssignableFrom(m.ReturnType));
        return method?.CreateDelegate<TDelegate>()
            ?? throw Missing(type, name, $"a static method taking ({string.Join(", ", arguments.Select(a => a.Name))})");
    }

    // A public instance method taking TArgument, possibly followed by optional parameters (left at their defaults).
    private static Action<TTarget, TArgument> InstanceMethod<TTarget, TArgument>(string name)
    {
        var candidates = typeof(TTarget).GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == name).ToList();
        if (candidates.FirstOrDefault(m => Accepts(m, [typeof(TArgument)], exact: true)) is { } exact)
        {
            return exact.CreateDelegate<Action<TTarget, TArgument>>();
        }

        var method = candidates.FirstOrDefault(m => Accepts(m, [typeof(TArgument)], exact: false))
            ?? throw Missing(typeof(TTarget), name, $"a method taking {typeof(TArgument).Name} and optional parameters only after it");
        return (target, argument) => method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, WithDefaults(method, argument), null);
    }

    // A public instance method taking TArgument1 and TArgument2, possibly followed by optional parameters.
    private static Action<TTarget, TArgument1, TArgument2> InstanceMethod<TTarget, TArgument1, TArgument2>(string name)
    {
        Type[] arguments = [typeof(TArgument1), typeof(TArgument2)];
        var candidates = typeof(TTarget).GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == name).ToList();
        if (candidates.FirstOrDefault(m => Accepts(m, arguments, exact: true)) is { } exact)
        {
            return exact.CreateDelegate<Action<TTarget, TArgument1, TArgument2>>();
        }

        var method = candidates.FirstOrDefault(m => Accepts(m, arguments, exact: false))
            ?? throw Missing(typeof(TTarget), name, $"a method taking ({typeof(TArgument1).Name}, {typeof(TArgument2).Name}) and optional parameters only after them");
        return (target, first, second) => method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, WithDefaults(method, first, second), null);
    }

    private static ConstructorInfo Constructor(Type type, Type argument) =>
        type.GetConstructors().FirstOrDefault(c => Accepts(c, [argument], exact: true))
        ?? type.GetConstructors().FirstOrDefault(c => Accepts(c, [argument], exact: false))
        ?? throw Missing(type, "constructor", $"a constructor taking {argument.Name} and optional parameters only after it");

    // True when the method's leading parameters take these argument types and any further ones are optional
    // (exact: no further ones).
    private static bool Accepts(MethodBase method, Type[] arguments, bool exact)
    {
        var parameters = method.GetParameters();
        return (exact ? parameters.Length == arguments.Length : parameters.Length >= arguments.Length)
            && arguments.Select((a, i) => parameters[i].ParameterType.IsAssignableFrom(a)).All(ok => ok)
            && parameters.Skip(arguments.Length).All(p => p.IsOptional);
    }

    // The given leading arguments, then each optional parameter's declared default (null for jsii's optional ones).
    private static object?[] WithDefaults(MethodBase method, params object?[] arguments) =>
        [.. arguments, .. method.GetParameters().Skip(arguments.Length).Select(p => p.HasDefaultValue ? p.DefaultValue : null)];

    private static MissingMemberException Missing(Type type, string member, string wanted) =>
        new($"ContainerPatterns cannot use {type.FullName}.{member} of the Amazon.CDK.Lib {type.Assembly.GetName().Version} loaded in this app: expected {wanted}. This package supports Amazon.CDK.Lib {RepositoryFacts.CdkRange}.");
}
