using Amazon.CDK;
using Constructs;

namespace ContainerPatterns.Examples;

/// <summary>What the reference stacks share about alerts and the containers they run.</summary>
public static class ExampleAlerts
{
    /// <summary>Context value: the email address alerts go to. Without it a stack asks for the <c>AlertEmail</c> parameter at deploy time.</summary>
    public const string AlertEmailContext = "alertEmail";

    /// <summary>
    /// The non-root user the example images run as: Microsoft's .NET 8 and later images define the <c>app</c> user with
    /// uid 1654 as <c>APP_UID</c> ("Secure .NET containers with non-root users", .NET docs, read 2026-12-02), and each
    /// example Dockerfile ends with <c>USER $APP_UID</c>. Stating it in the task definition too lets ECS and AWS Control
    /// Tower (CT.ECS.PR.3) see that the container does not run as root.
    /// </summary>
    public const string DotnetAppUser = "1654";

    /// <summary>The address alerts of <paramref name="stack"/> go to: the <see cref="AlertEmailContext"/> context value, or else a stack parameter.</summary>
    public static string Email(Stack stack)
    {
        var email = stack.Node.TryGetContext(AlertEmailContext) as string;
        return string.IsNullOrEmpty(email)
            ? new CfnParameter(stack, "AlertEmail", new CfnParameterProps
            {
                Type = "String",
                Description = "Where alarms and failed-task alerts are emailed (confirm the subscription from the first message)",
                AllowedPattern = @"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                ConstraintDescription = "an email address such as ops@example.com",
            }).ValueAsString
            : email;
    }
}
