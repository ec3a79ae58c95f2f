using Amazon.CDK;
using ContainerPatterns.Ecr;
using Constructs;

namespace ContainerPatterns.Examples;

/// <summary>
/// The image registry: a repository for the web service's images with retention rules, and the registry's own
/// settings (continuous enhanced scanning, replication to a second region, an ECR Public pull-through cache).
/// </summary>
public sealed class RegistryStack : Stack
{
    /// <summary>The stack's name in the CDK app.</summary>
    public const string Name = "ContainerPatterns-Registry";

    /// <summary>The stack's description.</summary>
    public const string Description = "ContainerPatterns reference: ECR repository and registry settings";

    /// <summary>The region images are replicated to unless the <c>replicaRegion</c> context value names another.</summary>
    public const string DefaultReplicaRegion = "eu-central-1";

    /// <summary>Builds the stack.</summary>
    public RegistryStack(Construct scope, string id, IStackProps? props = null)
        : base(scope, id, props)
    {
        Repository = new ContainerRepository(this, "WebImages", new ContainerRepositoryProps
        {
            Retention = new ImageRetention
            {
                Tagged = [new TaggedImageRetention { TagPrefixes = ["release-"], KeepLast = 20 }],
                ExpireUntaggedAfter = Duration.Days(7),
                MaxImageCount = 200,
            },
        });

        Settings = new ContainerRegistrySettings(this, "RegistrySettings", new ContainerRegistrySettingsProps
        {
            Scanning = new RegistryScanning { Type = RegistryScanType.Enhanced },
            Replication =
            [
                new RegistryReplicationRule
                {
                    Destinations = [new ReplicationDestination { Region = Node.TryGetContext("replicaRegion") as string ?? DefaultReplicaRegion }],
                },
            ],
            PullThroughCaches = [new PullThroughCache { Upstream = UpstreamRegistry.EcrPublic }],
        });
    }

    /// <summary>The repository.</summary>
    public ContainerRepository Repository { get; }

    /// <summary>The registry settings.</summary>
    public ContainerRegistrySettings Settings { get; }
}
