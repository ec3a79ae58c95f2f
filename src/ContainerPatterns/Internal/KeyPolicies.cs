using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;

namespace ContainerPatterns.Internal;

/// <summary>Key-policy statements the library puts on the KMS keys it creates.</summary>
internal static class KeyPolicies
{
    /// <summary>The statement id of <see cref="LimitGrantsToAwsServices"/>.</summary>
    public const string GrantsForAwsServicesOnlySid = "DenyGrantsNotForAwsResources";

    /// <summary>
    /// Denies <c>kms:CreateGrant</c> to every principal unless an AWS service creates the grant, or asks for it on a
    /// principal's behalf for one of its resources: a grant is a standing permission outside the key policy, and only
    /// services integrated with KMS need one. AWS Control Tower's CT.KMS.PR.3 asks for exactly this statement: Deny,
    /// Principal *, Action kms:CreateGrant, Resource *, BoolIfExists kms:GrantIsForAWSResource and
    /// aws:PrincipalIsAWSService both "false" (control's cfn-guard rule in @cdklabs/cdk-validator-cfnguard 0.0.62, read
    /// 2026-12-02). A no-op on an imported key.
    /// </summary>
    public static void LimitGrantsToAwsServices(IKey key) =>
        key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = GrantsForAwsServicesOnlySid,
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = ["kms:CreateGrant"],
            Resources = ["*"],
            Conditions = new Dictionary<string, object>
            {
                ["BoolIfExists"] = new Dictionary<string, object>
                {
                    ["kms:GrantIsForAWSResource"] = "false",
                    ["aws:PrincipalIsAWSService"] = "false",
                },
            },
        }));
}
