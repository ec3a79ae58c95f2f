using System.Reflection;
using Amazon.CDK.AWS.EKS;

namespace ContainerPatterns.Internal;

/// <summary>
/// The Amazon.CDK.Lib members the Kubernetes constructs use whose .NET signature differs between 2.160.0 (the build
/// floor) and later 2.x versions, bound so one compiled assembly runs on all of them (to be folded into
/// <c>CdkCompat</c>).
/// </summary>
/// <remarks>
/// Later CDK versions retyped some required L1 props that name another resource from <see cref="string"/> to
/// <see cref="object"/> (a string or a resource reference): a compiled call to the 2.160 setter throws
/// <see cref="MissingMethodException"/> there. Optional ones are written as property overrides instead; these are
/// required, so the L1 constructor needs them in its props. Each setter is looked up by name once, in whichever shape
/// the loaded Amazon.CDK.Lib has, and cached as a typed delegate (a string or string array is accepted where the newer
/// version takes <see cref="object"/> or <c>object[]</c>). None of this crosses into jsii.
/// </remarks>
internal static class KubernetesCompat
{
    // CfnClusterProps.RoleArn: string in 2.160; object in later versions.
    private static Action<CfnClusterProps, string>? s_clusterRoleArn;

    // CfnNodegroupProps.ClusterName and NodeRole: string in 2.160; object in later versions.
    private static Action<CfnNodegroupProps, string>? s_nodegroupClusterName;
    private static Action<CfnNodegroupProps, string>? s_nodegroupNodeRole;

    // CfnNodegroupProps.Subnets: string[] in 2.160; object[] in later versions.
    private static Action<CfnNodegroupProps, string[]>? s_nodegroupSubnets;

    /// <summary>Sets <see cref="CfnClusterProps.RoleArn"/> and returns the props.</summary>
    public static CfnClusterProps WithRoleArn(this CfnClusterProps props, string roleArn)
    {
        (s_clusterRoleArn ??= Setter<CfnClusterProps, string>(nameof(CfnClusterProps.RoleArn)))(props, roleArn);
        return props;
    }

    /// <summary>Sets <see cref="CfnNodegroupProps.ClusterName"/>, <see cref="CfnNodegroupProps.NodeRole"/> and <see cref="CfnNodegroupProps.Subnets"/> and returns the props.</summary>
    public static CfnNodegroupProps WithPlacement(this CfnNodegroupProps props, string clusterName, string nodeRoleArn, string[] subnetIds)
    {
        (s_nodegroupClusterName ??= Setter<CfnNodegroupProps, string>(nameof(CfnNodegroupProps.ClusterName)))(props, clusterName);
        (s_nodegroupNodeRole ??= Setter<CfnNodegroupProps, string>(nameof(CfnNodegroupProps.NodeRole)))(props, nodeRoleArn);
        (s_nodegroupSubnets ??= Setter<CfnNodegroupProps, string[]>(nameof(CfnNodegroupProps.Subnets)))(props, subnetIds);
        return props;
    }

    private static Action<TProps, TValue> Setter<TProps, TValue>(string property) =>
        typeof(TProps).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)?.SetMethod is { } setter
        && setter.GetParameters()[0].ParameterType.IsAssignableFrom(typeof(TValue))
            ? setter.CreateDelegate<Action<TProps, TValue>>()
            : throw new MissingMemberException(
                $"ContainerPatterns cannot use {typeof(TProps).FullName}.{property} of the Amazon.CDK.Lib {typeof(TProps).Assembly.GetName().Version} loaded in this app: expected a settable property that takes {typeof(TValue).Name}. This package supports Amazon.CDK.Lib 2.160.0 up to (not including) 3.0.0.");
}
