using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.RegionInfo;

namespace ContainerPatterns.Ecs;

/// <summary>Where a load balancer's access logs go.</summary>
/// <param name="AccessLogs">Whether it writes access logs.</param>
/// <param name="AccessLogBucket">An existing bucket for them.</param>
/// <param name="AccessLogExpiration">When objects in a new bucket expire.</param>
internal sealed record AccessLogOptions(bool? AccessLogs, IBucket? AccessLogBucket, Duration? AccessLogExpiration);

/// <summary>
/// The access-log concern of <see cref="LoadBalancedWebService"/>: a given bucket, a new one (<c>AccessLogs</c>:
/// SSE-S3, SSL-only, public access blocked, objects expiring), or none; and the bucket policy that lets ELB log
/// delivery write, chosen per region at deploy time when the stack's region is not known at synth.
/// </summary>
internal sealed class WebAccessLogs
{
    private const double DefaultExpirationDays = 90;

    // S3 lifecycle expiration is any positive number of days; 10 years is this construct's sanity bound.
    private const double MaxExpirationDays = 3650;

    // ELB access logs in regions launched before August 2022 are written by a regional ELB account; newer
    // regions use this service principal (ELB user guide, "Enable access logs"; the same statement read 2026-12-02 as the
    // ELB SDK documentation quotes it).
    private const string ElbLogDeliveryPrincipal = "logdelivery.elasticloadbalancing.amazonaws.com";

    private readonly AccessLogOptions _props;

    private WebAccessLogs(AccessLogOptions props)
    {
        _props = props;
        Enabled = props.AccessLogs ?? true;
        Expiration = props.AccessLogExpiration ?? Duration.Days(DefaultExpirationDays);
    }

    /// <summary>Whether the load balancer writes access logs.</summary>
    public bool Enabled { get; }

    private Duration Expiration { get; }

    /// <summary>Resolves the access-log settings once.</summary>
    public static WebAccessLogs Resolve(AccessLogOptions props) => new(props);

    /// <summary>Records every problem: conflicting choices and the expiration.</summary>
    public void Validate(PropValidator v)
    {
        var p = _props;
        if (!Enabled && p.AccessLogBucket is not null)
        {
            v.FailWith($"{nameof(p.AccessLogBucket)} is given with {nameof(p.AccessLogs)} = false; drop one of them.");
        }

        if (!Enabled && p.AccessLogExpiration is not null)
        {
            v.FailWith($"{nameof(p.AccessLogExpiration)} has no effect with {nameof(p.AccessLogs)} = false; drop one of them.");
        }

        if (p.AccessLogBucket is not null && p.AccessLogExpiration is not null)
        {
            v.FailWith($"{nameof(p.AccessLogExpiration)} applies to a bucket the service creates, but {nameof(p.AccessLogBucket)} is given; set the expiration on that bucket and drop {nameof(p.AccessLogExpiration)}, or drop {nameof(p.AccessLogBucket)}.");
        }

        if (p.AccessLogBucket is Bucket own && UsesKms(own))
        {
            // ALB access logs: SSE-S3 is the only server-side encryption supported (ELB user guide, "Enable access logs
            // for your Application Load Balancer", bucket requirements; the fact the new bucket below already relies on, not
            // re-read 2026-12-02: the copy found then was the Network Load Balancer page).
            v.FailWith($"{nameof(p.AccessLogBucket)} ({own.Node.Path}) is encrypted with SSE-KMS, and ALB log delivery writes to SSE-S3 buckets only; create it with Encryption = BucketEncryption.S3_MANAGED, or drop {nameof(p.AccessLogBucket)} to have one created.");
        }

        if (p.AccessLogExpiration is { } expiration && !expiration.IsUnresolved())
        {
            var days = expiration.ToMilliseconds() / 86_400_000;
            if (days < 1 || days > MaxExpirationDays || Math.Floor(days) != days)
            {
                v.Fail(nameof(p.AccessLogExpiration), expiration, $"allowed: a whole number of days from 1 to {MaxExpirationDays} (S3 lifecycle expiration).");
            }
        }
    }

    // A bucket of this app encrypts with KMS when its default encryption names aws:kms (KMS or KMS_MANAGED) or aws:kms:dsse.
    private static bool UsesKms(Bucket bucket)
    {
        if (bucket.EncryptionKey is not null)
        {
            return true;
        }

        var cfn = (CfnBucket)bucket.Node.DefaultChild!;
        if (cfn.BucketEncryption is null)
        {
            return false;
        }

        var resolved = System.Text.Json.JsonSerializer.Serialize(Stack.Of(bucket).Resolve(cfn.BucketEncryption));
        return resolved.Contains("\"aws:kms", StringComparison.Ordinal);
    }

    /// <summary>Turns access logs on for the load balancer, to the given bucket or a new one in <paramref name="scope"/>; null when off.</summary>
    public IBucket? Build(Construct scope, ApplicationLoadBalancer alb, RemovalPolicy removal)
    {
        if (!Enabled)
        {
            return null;
        }

        var bucket = _props.AccessLogBucket ?? NewBucket(scope, removal);
        var stack = Stack.Of(scope);
        if (!Token.IsUnresolved(stack.Region))
        {
            alb.LogAccessLogs(bucket);
            return bucket;
        }

        AllowLogDeliveryInAnyRegion(scope, bucket, stack);
        alb.SetAttribute("access_logs.s3.enabled", "true");
        alb.SetAttribute("access_logs.s3.bucket", bucket.BucketName);
        alb.SetAttribute("access_logs.s3.prefix", string.Empty);
        // ELB checks that it can write to the bucket when logging is turned on.
        if (bucket.Policy is { } policy)
        {
            alb.Node.AddDependency(policy);
        }

        return bucket;
    }

    private Bucket NewBucket(Construct scope, RemovalPolicy removal)
    {
        var bucket = new Bucket(scope, "AccessLogs", new BucketProps
        {
            // ALB access logs support SSE-S3 only, not SSE-KMS (ELB user guide, "Enable access logs").
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            RemovalPolicy = removal,
            LifecycleRules =
            [
                new LifecycleRule
                {
                    Id = "ExpireAccessLogs",
                    Enabled = true,
                    Expiration = Expiration,
                    AbortIncompleteMultipartUploadAfter = Duration.Days(1),
                },
            ],
        });
        NagSuppressions.Suppress((CfnResource)bucket.Node.DefaultChild!, ("AwsSolutions-S1",
            $"This bucket receives the access logs of the load balancer of {scope.Node.Path}; logging access to a log bucket would need yet another bucket, and the log objects are written only by ELB log delivery."));
        return bucket;
    }

    // CDK's LogAccessLogs needs a concrete region to pick the log-delivery principal. For an environment-agnostic
    // stack, choose it at deploy time: the regional ELB account in the regions that have one (a closed set: regions
    // opened since August 2022 use the log-delivery service principal instead, granted below in every region).
    // Fn::If over literal accounts, not a mapping: CloudFormation resolves Fn::FindInMap even in an Fn::If branch
    // it does not take, so a mapping would fail in every region it does not list.
    private static void AllowLogDeliveryInAnyRegion(Construct scope, IBucket bucket, Stack stack)
    {
        // One list entry per region that has an ELB account, each present only in its region (Fn::If with
        // AWS::NoValue drops the entry elsewhere), written as plain CloudFormation JSON; the list also names this
        // account's root, a grant an account holds over its own bucket anyway, so it is never empty.
        static Dictionary<string, object> RootOf(object account) => new()
        {
            ["Fn::Join"] = new object[] { string.Empty, new object[] { "arn:", new Dictionary<string, object> { ["Ref"] = "AWS::Partition" }, ":iam::", account, ":root" } },
        };

        var principals = new List<object>();
        foreach (var (region, account) in RegionInfo.RegionMap(FactName.ELBV2_ACCOUNT).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var inRegion = new CfnCondition(scope, "ElbLogDeliveryIn" + string.Concat(region.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..])), new CfnConditionProps
            {
                Expression = Fn.ConditionEquals(Aws.REGION, region),
            });
            principals.Add(new Dictionary<string, object> { ["Fn::If"] = new object[] { inRegion.LogicalId, RootOf(account), new Dictionary<string, object> { ["Ref"] = "AWS::NoValue" } } });
        }

        principals.Add(RootOf(new Dictionary<string, object> { ["Ref"] = "AWS::AccountId" }));
        var logObjects = bucket.ArnForObjects($"AWSLogs/{stack.Account}/*");
        bucket.AddToResourcePolicy(PolicyStatement.FromJson(new Dictionary<string, object>
        {
            ["Effect"] = "Allow",
            ["Action"] = "s3:PutObject",
            ["Principal"] = new Dictionary<string, object> { ["AWS"] = principals.ToArray() },
            ["Resource"] = logObjects,
        }));
        bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:PutObject"],
            Principals = [new ServicePrincipal(ElbLogDeliveryPrincipal)],
            Resources = [logObjects],
        }));
    }
}
