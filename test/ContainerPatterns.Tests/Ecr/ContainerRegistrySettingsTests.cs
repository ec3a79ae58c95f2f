using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.SecretsManager;
using ContainerPatterns.Ecr;

namespace ContainerPatterns.Tests.Ecr;

public class ContainerRegistrySettingsTests
{
    private const string DockerHubSecretArn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:ecr-pullthroughcache/docker-hub-AbCdEf";
    private static readonly string NL = System.Environment.NewLine;

    private static JsonObject Build(Func<Stack, ContainerRegistrySettingsProps> props, IStackProps? stackProps = null) =>
        Synth.Json(s => _ = new ContainerRegistrySettings(s, "Registry", props(s)), stackProps);

    private static string Error(Func<Stack, ContainerRegistrySettingsProps> props, IStackProps? stackProps = null) =>
        Assert.Throws<ArgumentException>(() =>
        {
            var stack = Synth.NewStack(stackProps);
            _ = new ContainerRegistrySettings(stack, "Registry", props(stack));
        }).Message;

    // The upstream host is a deployment input (CloudFormation parameter), so no host name is written here.
    private static string Upstream(Stack stack, string id) => new CfnParameter(stack, id).ValueAsString;

    private static StackProps InRegion(string region) =>
        new StackProps { Env = new Amazon.CDK.Environment { Account = "111122223333", Region = region } };

    [Fact]
    public void Turns_on_continuous_enhanced_scanning_of_every_repository_by_default()
    {
        var json = Build(_ => new ContainerRegistrySettingsProps { Scanning = new RegistryScanning { Type = RegistryScanType.Enhanced } });

        Synth.JsonEqual(
            """{"ScanType":"ENHANCED","Rules":[{"ScanFrequency":"CONTINUOUS_SCAN","RepositoryFilters":[{"Filter":"*","FilterType":"WILDCARD"}]}]}""",
            Synth.Single(json, "AWS::ECR::RegistryScanningConfiguration")["Properties"]);
    }

    [Fact]
    public void Writes_enhanced_scanning_rules_per_frequency_with_their_filters()
    {
        var json = Build(_ => new ContainerRegistrySettingsProps
        {
            Scanning = new RegistryScanning
            {
                Type = RegistryScanType.Enhanced,
                Rules =
                [
                    new RegistryScanningRule { Frequency = RegistryScanFrequency.ContinuousScan, RepositoryFilters = ["prod/*", "shared-*"] },
                    new RegistryScanningRule { Frequency = RegistryScanFrequency.ScanOnPush, RepositoryFilters = ["*"] },
                ],
            },
        });

        Synth.JsonEqual(
            """
            {"ScanType":"ENHANCED","Rules":[
              {"ScanFrequency":"CONTINUOUS_SCAN","RepositoryFilters":[{"Filter":"prod/*","FilterType":"WILDCARD"},{"Filter":"shared-*","FilterType":"WILDCARD"}]},
              {"ScanFrequency":"SCAN_ON_PUSH","RepositoryFilters":[{"Filter":"*","FilterType":"WILDCARD"}]}]}
            """,
            Synth.Single(json, "AWS::ECR::RegistryScanningConfiguration")["Properties"]);
    }

    [Fact]
    public void Writes_basic_scan_on_push_rules()
    {
        var json = Build(_ => new ContainerRegistrySettingsProps
        {
            Scanning = new RegistryScanning
            {
                Type = RegistryScanType.Basic,
                Rules = [new RegistryScanningRule { Frequency = RegistryScanFrequency.ScanOnPush, RepositoryFilters = ["team/*"] }],
            },
        });

        Synth.JsonEqual(
            """{"ScanType":"BASIC","Rules":[{"ScanFrequency":"SCAN_ON_PUSH","RepositoryFilters":[{"Filter":"team/*","FilterType":"WILDCARD"}]}]}""",
            Synth.Single(json, "AWS::ECR::RegistryScanningConfiguration")["Properties"]);
        Assert.Single(json["Resources"]!.AsObject());
    }

    [Fact]
    public void Replicates_to_other_regions_and_accounts_with_repository_prefixes()
    {
        var json = Build(_ => new ContainerRegistrySettingsProps
        {
            Replication =
            [
                new RegistryReplicationRule
                {
                    Destinations = [new ReplicationDestination { Region = "eu-west-1" }, new ReplicationDestination { Region = "us-east-1", Account = "444455556666" }],
                    RepositoryPrefixes = ["prod/", "shared"],
                },
                new RegistryReplicationRule { Destinations = [new ReplicationDestination { Region = "ap-southeast-2" }] },
            ],
        });

        Synth.JsonEqual(
            """
            {"ReplicationConfiguration":{"Rules":[
              {"Destinations":[{"Region":"eu-west-1","RegistryId":{"Ref":"AWS::AccountId"}},{"Region":"us-east-1","RegistryId":"444455556666"}],
               "RepositoryFilters":[{"Filter":"prod/","FilterType":"PREFIX_MATCH"},{"Filter":"shared","FilterType":"PREFIX_MATCH"}]},
              {"Destinations":[{"Region":"ap-southeast-2","RegistryId":{"Ref":"AWS::AccountId"}}]}]}}
            """,
            Synth.Single(json, "AWS::ECR::ReplicationConfiguration")["Properties"]);
    }

    [Fact]
    public void Creates_pull_through_cache_rules_with_default_prefixes_and_hosts_and_the_credential_secret()
    {
        var settings = default(ContainerRegistrySettings);
        var json = Synth.Json(s => settings = new ContainerRegistrySettings(s, "Registry", new ContainerRegistrySettingsProps
        {
            PullThroughCaches =
            [
                new PullThroughCache { Upstream = UpstreamRegistry.EcrPublic },
                new PullThroughCache
                {
                    Upstream = UpstreamRegistry.DockerHub,
                    Credentials = Secret.FromSecretCompleteArn(s, "DockerHubSecret", DockerHubSecretArn),
                },
                new PullThroughCache { Upstream = UpstreamRegistry.Kubernetes, RepositoryPrefix = "mirror/k8s" },
            ],
        }));

        var rules = Synth.Resources(json, "AWS::ECR::PullThroughCacheRule");
        Assert.Equal(["RegistryPullThroughCacheDockerHub", "RegistryPullThroughCacheEcrPublic", "RegistryPullThroughCacheMirrorK8s"], rules.Keys.Select(k => k[..^8]).Order());
        Synth.JsonEqual("""{"EcrRepositoryPrefix":"ecr-public","UpstreamRegistry":"ecr-public","UpstreamRegistryUrl":"public.ecr.aws"}""",
            rules.Single(r => r.Key.Contains("EcrPublic", StringComparison.Ordinal)).Value["Properties"]);
        Synth.JsonEqual($$$"""{"CredentialArn":"{{{DockerHubSecretArn}}}","EcrRepositoryPrefix":"docker-hub","UpstreamRegistry":"docker-hub","UpstreamRegistryUrl":"registry-1.docker.io"}""",
            rules.Single(r => r.Key.Contains("DockerHub", StringComparison.Ordinal)).Value["Properties"]);
        Synth.JsonEqual("""{"EcrRepositoryPrefix":"mirror/k8s","UpstreamRegistry":"k8s","UpstreamRegistryUrl":"registry.k8s.io"}""",
            rules.Single(r => r.Key.Contains("K8s", StringComparison.Ordinal)).Value["Properties"]);
        Assert.Equal(3, settings!.PullThroughCacheRules.Count);
        Assert.Null(settings.ScanningConfiguration);
        Assert.Null(settings.ReplicationConfiguration);
    }

    [Fact]
    public void Accepts_tokens_unchecked()
    {
        var json = Build(s => new ContainerRegistrySettingsProps
        {
            Replication = [new RegistryReplicationRule { Destinations = [new ReplicationDestination { Region = Upstream(s, "Region"), Account = Upstream(s, "Account") }] }],
            PullThroughCaches = [new PullThroughCache { Upstream = UpstreamRegistry.Quay, RepositoryPrefix = Upstream(s, "Prefix") }],
        });

        Synth.JsonEqual("""[{"Region":{"Ref":"Region"},"RegistryId":{"Ref":"Account"}}]""",
            Synth.Single(json, "AWS::ECR::ReplicationConfiguration")["Properties"]!["ReplicationConfiguration"]!["Rules"]![0]!["Destinations"]);
        Assert.Single(Synth.Resources(json, "AWS::ECR::PullThroughCacheRule"));
    }

    [Fact]
    public void Rejects_settings_with_nothing_in_them()
    {
        Assert.Equal(
            "TestStack/Registry: no settings given; give at least one of Scanning, Replication or PullThroughCaches.",
            Error(_ => new ContainerRegistrySettingsProps()));
    }

    [Fact]
    public void Rejects_replication_to_the_stacks_own_region_and_account()
    {
        Assert.Equal(
            "2 invalid props:" + NL +
            "  TestStack/Registry: Replication[0].Destinations[0] replicates to eu-west-1 in account 111122223333, which is this stack's own region and account; allowed: another region, another account, or both." + NL +
            "  TestStack/Registry: Replication[0].Destinations[1] replicates to eu-west-1 in account 111122223333, which is this stack's own region and account; allowed: another region, another account, or both.",
            Error(
                _ => new ContainerRegistrySettingsProps
                {
                    Replication =
                    [
                        new RegistryReplicationRule
                        {
                            Destinations =
                            [
                                new ReplicationDestination { Region = "eu-west-1" },
                                new ReplicationDestination { Region = "eu-west-1", Account = "111122223333" },
                                new ReplicationDestination { Region = "eu-west-1", Account = "444455556666" },
                            ],
                        },
                    ],
                },
                InRegion("eu-west-1")));
    }

    [Fact]
    public void Rejects_invalid_replication_accounts_and_regions_and_duplicate_destinations()
    {
        Assert.Equal(
            "3 invalid props:" + NL +
            "  TestStack/Registry: Replication[0].Destinations[0].Account = \"4444-5555-6666\" is not valid; allowed: a 12-digit AWS account id." + NL +
            "  TestStack/Registry: Replication[0].Destinations[1].Region = \"Europe\" is not valid; allowed: the name of an AWS region, such as \"eu-west-1\" (ECR replicates to regions only)." + NL +
            "  TestStack/Registry: Replication[0].Destinations[3] repeats the destination us-east-1 in account 444455556666 (duplicate); give each destination once.",
            Error(_ => new ContainerRegistrySettingsProps
            {
                Replication =
                [
                    new RegistryReplicationRule
                    {
                        Destinations =
                        [
                            new ReplicationDestination { Region = "us-east-1", Account = "4444-5555-6666" },
                            new ReplicationDestination { Region = "Europe" },
                            new ReplicationDestination { Region = "us-east-1", Account = "444455556666" },
                            new ReplicationDestination { Region = "us-east-1", Account = "444455556666" },
                        ],
                    },
                ],
            }));
    }

    [Fact]
    public void Rejects_pull_through_prefixes_that_collide()
    {
        Assert.Equal(
            "2 invalid props:" + NL +
            "  TestStack/Registry: PullThroughCaches[1].RepositoryPrefix = \"quay\" is not valid; it collides with \"quay\" of PullThroughCaches[0] (a repository name would match both rules); allowed: a prefix no other rule has or contains." + NL +
            "  TestStack/Registry: PullThroughCaches[2].RepositoryPrefix = \"quay/team\" is not valid; it collides with \"quay\" of PullThroughCaches[0] (a repository name would match both rules); allowed: a prefix no other rule has or contains.",
            Error(s => new ContainerRegistrySettingsProps
            {
                PullThroughCaches =
                [
                    new PullThroughCache { Upstream = UpstreamRegistry.Quay },
                    new PullThroughCache { Upstream = UpstreamRegistry.EcrPublic, RepositoryPrefix = "quay" },
                    new PullThroughCache { Upstream = UpstreamRegistry.Kubernetes, RepositoryPrefix = "quay/team" },
                ],
            }));
    }

    [Fact]
    public void Rejects_missing_misnamed_or_unexpected_pull_through_credentials()
    {
        Assert.Equal(
            "3 invalid props:" + NL +
            "  TestStack/Registry: PullThroughCaches[0].Credentials is missing; DockerHub needs a Secrets Manager secret named ecr-pullthroughcache/... with the upstream credentials." + NL +
            "  TestStack/Registry: PullThroughCaches[1].Credentials = \"github-token\" is not valid; allowed: a secret whose name starts with \"ecr-pullthroughcache/\" (ECR reads pull-through cache credentials only from such secrets)." + NL +
            "  TestStack/Registry: PullThroughCaches[2].Credentials is given, but EcrPublic takes no credentials; drop Credentials.",
            Error(s => new ContainerRegistrySettingsProps
            {
                PullThroughCaches =
                [
                    new PullThroughCache { Upstream = UpstreamRegistry.DockerHub },
                    new PullThroughCache
                    {
                        Upstream = UpstreamRegistry.GitHubContainerRegistry,
                        Credentials = Secret.FromSecretNameV2(s, "Token", "github-token"),
                    },
                    new PullThroughCache
                    {
                        Upstream = UpstreamRegistry.EcrPublic,
                        Credentials = Secret.FromSecretNameV2(s, "Unneeded", "ecr-pullthroughcache/public"),
                    },
                ],
            }));
    }

    [Fact]
    public void Rejects_a_second_registry_settings_in_the_same_stack()
    {
        var error = Assert.Throws<ArgumentException>(() =>
        {
            var stack = Synth.NewStack();
            _ = new ContainerRegistrySettings(stack, "Registry", new ContainerRegistrySettingsProps { Scanning = new RegistryScanning { Type = RegistryScanType.Basic } });
            _ = new ContainerRegistrySettings(stack, "MoreRegistry", new ContainerRegistrySettingsProps { PullThroughCaches = [new PullThroughCache { Upstream = UpstreamRegistry.Quay }] });
        });
        Assert.Equal(
            "TestStack/MoreRegistry: this stack already has ContainerRegistrySettings at TestStack/Registry; ECR keeps one scanning and one replication configuration per account and region, so put every rule in that one.",
            error.Message);
    }

    [Fact]
    public void Rejects_an_invalid_pull_through_prefix()
    {
        Assert.Equal(
            "TestStack/Registry: PullThroughCaches[0].RepositoryPrefix = \"Mirror\" is not valid; allowed: 2 to 30 characters following ECR repository name rules (lowercase letters and digits joined by '.', '_', '-' or '/').",
            Error(_ => new ContainerRegistrySettingsProps
            {
                PullThroughCaches = [new PullThroughCache { Upstream = UpstreamRegistry.Quay, RepositoryPrefix = "Mirror" }],
            }));
    }

    [Fact]
    public void Rejects_a_credential_secret_created_in_the_app_without_the_pull_through_cache_name_prefix()
    {
        Assert.Equal(
            "TestStack/Registry: PullThroughCaches[0].Credentials = \"docker-hub-login\" is not valid; allowed: a secret whose name starts with \"ecr-pullthroughcache/\" (ECR reads pull-through cache credentials only from such secrets).",
            Error(s => new ContainerRegistrySettingsProps
            {
                PullThroughCaches =
                [
                    new PullThroughCache
                    {
                        Upstream = UpstreamRegistry.DockerHub,
                        Credentials = new Amazon.CDK.AWS.SecretsManager.Secret(s, "Login", new Amazon.CDK.AWS.SecretsManager.SecretProps { SecretName = "docker-hub-login" }),
                    },
                ],
            }));
    }

    [Fact]
    public void Rejects_too_many_scanning_rules_continuous_basic_scanning_duplicate_frequencies_and_bad_filters()
    {
        Assert.Equal(
            "4 invalid props:" + NL +
            "  TestStack/Registry: Scanning.Rules has 3 rules; allowed: 1 to 2 (one per frequency)." + NL +
            "  TestStack/Registry: Scanning.Rules[0].Frequency = ContinuousScan is not valid; continuous scanning needs Type = Enhanced; allowed with Basic: ScanOnPush." + NL +
            "  TestStack/Registry: Scanning.Rules[1].RepositoryFilters[0] = \"Prod/*\" is not valid; allowed: 1 to 255 lowercase letters, digits, '.', '_', '-', '/' and the wildcard *, e.g. \"prod/*\"." + NL +
            "  TestStack/Registry: Scanning.Rules[2].Frequency = ScanOnPush is not valid; an earlier rule has the same frequency (duplicate); allowed: one rule per frequency, with all its filters.",
            Error(_ => new ContainerRegistrySettingsProps
            {
                Scanning = new RegistryScanning
                {
                    Type = RegistryScanType.Basic,
                    Rules =
                    [
                        new RegistryScanningRule { Frequency = RegistryScanFrequency.ContinuousScan, RepositoryFilters = ["*"] },
                        new RegistryScanningRule { Frequency = RegistryScanFrequency.ScanOnPush, RepositoryFilters = ["Prod/*"] },
                        new RegistryScanningRule { Frequency = RegistryScanFrequency.ScanOnPush, RepositoryFilters = ["*"] },
                    ],
                },
            }));
    }

    [Fact]
    public void Rejects_scanning_with_no_rules()
    {
        Assert.Equal(
            "TestStack/Registry: Scanning.Rules has 0 rules; allowed: 1 to 2 (one per frequency).",
            Error(_ => new ContainerRegistrySettingsProps { Scanning = new RegistryScanning { Type = RegistryScanType.Enhanced, Rules = [] } }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Rejects_a_scanning_rule_with_no_filters_or_more_than_100(int count)
    {
        var filters = Enumerable.Range(0, count).Select(i => $"team-{i}/*").ToArray();
        Assert.Equal(
            $"TestStack/Registry: Scanning.Rules[0].RepositoryFilters has {count} entries; allowed: 1 to 100.",
            Error(_ => new ContainerRegistrySettingsProps
            {
                Scanning = new RegistryScanning
                {
                    Type = RegistryScanType.Enhanced,
                    Rules = [new RegistryScanningRule { Frequency = RegistryScanFrequency.ScanOnPush, RepositoryFilters = filters }],
                },
            }));
    }

    public static TheoryData<string> BadScanningFilters => new() { string.Empty, new string('a', 256), "prod/*!", "prod//*" };

    [Theory]
    [MemberData(nameof(BadScanningFilters))]
    public void Rejects_a_scanning_filter_that_is_empty_longer_than_255_characters_or_malformed(string filter)
    {
        Assert.Equal(
            $"TestStack/Registry: Scanning.Rules[0].RepositoryFilters[0] = \"{filter}\" is not valid; allowed: 1 to 255 lowercase letters, digits, '.', '_', '-', '/' and the wildcard *, e.g. \"prod/*\".",
            Error(_ => new ContainerRegistrySettingsProps
            {
                Scanning = new RegistryScanning
                {
                    Type = RegistryScanType.Basic,
                    Rules = [new RegistryScanningRule { Frequency = RegistryScanFrequency.ScanOnPush, RepositoryFilters = [filter] }],
                },
            }));
    }

    [Fact]
    public void Rejects_a_duplicate_scanning_filter()
    {
        Assert.Equal(
            "TestStack/Registry: Scanning.Rules[0].RepositoryFilters[2] = \"prod/*\" is not valid; an earlier entry is the same (duplicate); give each once.",
            Error(_ => new ContainerRegistrySettingsProps
            {
                Scanning = new RegistryScanning
                {
                    Type = RegistryScanType.Enhanced,
                    Rules = [new RegistryScanningRule { Frequency = RegistryScanFrequency.ContinuousScan, RepositoryFilters = ["prod/*", "shared-*", "prod/*"] }],
                },
            }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void Rejects_no_replication_rules_or_more_than_10(int count)
    {
        var rules = Enumerable.Range(0, count)
            .Select(i => new RegistryReplicationRule { Destinations = [new ReplicationDestination { Region = "eu-west-1", Account = $"4444555566{i:D2}" }] })
            .ToArray();
        Assert.Equal(
            $"TestStack/Registry: Replication has {count} rules; allowed: 1 to 10.",
            Error(_ => new ContainerRegistrySettingsProps { Replication = rules }));
    }

    [Fact]
    public void Counts_a_destination_shared_by_several_rules_once()
    {
        static ReplicationDestination[] Destinations() =>
            Enumerable.Range(0, 20).Select(i => new ReplicationDestination { Region = "us-east-1", Account = $"4444555566{i:D2}" }).ToArray();

        var json = Synth.Json(s => _ = new ContainerRegistrySettings(s, "Registry", new ContainerRegistrySettingsProps
        {
            Replication =
            [
                new RegistryReplicationRule { Destinations = Destinations(), RepositoryPrefixes = ["prod/"] },
                new RegistryReplicationRule { Destinations = Destinations(), RepositoryPrefixes = ["shared/"] },
            ],
        }));

        Assert.Equal(2, Synth.Single(json, "AWS::ECR::ReplicationConfiguration")["Properties"]!["ReplicationConfiguration"]!["Rules"]!.AsArray().Count);
    }

    [Fact]
    public void Rejects_a_long_malformed_scanning_filter_quickly()
    {
        var filter = new string('a', 200) + "!";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var message = Error(_ => new ContainerRegistrySettingsProps
        {
            Scanning = new RegistryScanning { Type = RegistryScanType.Basic, Rules = [new RegistryScanningRule { Frequency = RegistryScanFrequency.ScanOnPush, RepositoryFilters = [filter] }] },
        });

        Assert.Contains($"RepositoryFilters[0] = \"{filter}\" is not valid", message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"validation took {watch.Elapsed}");
    }

    [Fact]
    public void Rejects_a_replication_rule_without_destinations()
    {
        Assert.Equal(
            "TestStack/Registry: Replication[1].Destinations is empty; allowed: one or more regions and/or accounts.",
            Error(_ => new ContainerRegistrySettingsProps
            {
                Replication =
                [
                    new RegistryReplicationRule { Destinations = [new ReplicationDestination { Region = "eu-west-1" }] },
                    new RegistryReplicationRule { Destinations = [], RepositoryPrefixes = ["prod/"] },
                ],
            }));
    }

    [Fact]
    public void Rejects_more_than_25_replication_destinations_across_all_rules()
    {
        static ReplicationDestination[] Destinations(int from, int count) =>
            Enumerable.Range(from, count).Select(i => new ReplicationDestination { Region = "us-east-1", Account = $"4444555566{i:D2}" }).ToArray();

        Assert.Equal(
            "TestStack/Registry: Replication has 26 unique destinations in all; allowed: at most 25 (ECR replication limit).",
            Error(_ => new ContainerRegistrySettingsProps
            {
                Replication =
                [
                    new RegistryReplicationRule { Destinations = Destinations(0, 20), RepositoryPrefixes = ["prod/"] },
                    new RegistryReplicationRule { Destinations = Destinations(20, 6), RepositoryPrefixes = ["shared/"] },
                ],
            }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Rejects_an_empty_list_of_replication_prefixes_or_more_than_100(int count)
    {
        var prefixes = Enumerable.Range(0, count).Select(i => $"team-{i}/").ToArray();
        Assert.Equal(
            $"TestStack/Registry: Replication[0].RepositoryPrefixes has {count} entries; allowed: 1 to 100.",
            Error(_ => new ContainerRegistrySettingsProps
            {
                Replication = [new RegistryReplicationRule { Destinations = [new ReplicationDestination { Region = "eu-west-1" }], RepositoryPrefixes = prefixes }],
            }));
    }

    public static TheoryData<string> BadReplicationPrefixes => new() { "p", new string('a', 257), "Prod/", "/prod", "prod//web", "prod*" };

    [Theory]
    [InlineData("team-")]
    [InlineData("prod_")]
    [InlineData("prod/web.")]
    [InlineData("a1")]
    public void Accepts_replication_prefixes_that_start_repository_names_even_before_a_separator(string prefix)
    {
        var template = Synth.Template(s => _ = new ContainerRegistrySettings(s, "Registry", new ContainerRegistrySettingsProps
        {
            Replication = [new RegistryReplicationRule { Destinations = [new ReplicationDestination { Region = "eu-west-1" }], RepositoryPrefixes = [prefix] }],
        }));
        template.HasResourceProperties("AWS::ECR::ReplicationConfiguration", Amazon.CDK.Assertions.Match.ObjectLike(new Dictionary<string, object>
        {
            ["ReplicationConfiguration"] = new Dictionary<string, object>
            {
                ["Rules"] = new object[] { Amazon.CDK.Assertions.Match.ObjectLike(new Dictionary<string, object> { ["RepositoryFilters"] = new object[] { new Dictionary<string, object> { ["Filter"] = prefix, ["FilterType"] = "PREFIX_MATCH" } } }) },
            },
        }));
    }

    [Theory]
    [InlineData("eu-west-9")]
    [InlineData("us-east-1a")]
    [InlineData("EU-WEST-1")]
    public void Rejects_a_replication_region_that_is_not_a_region(string region)
    {
        Assert.Equal(
            $"TestStack/Registry: Replication[0].Destinations[0].Region = \"{region}\" is not valid; allowed: the name of an AWS region, such as \"eu-west-1\" (ECR replicates to regions only).",
            Error(_ => new ContainerRegistrySettingsProps
            {
                Replication = [new RegistryReplicationRule { Destinations = [new ReplicationDestination { Region = region }] }],
            }));
    }

    [Fact]
    public void Rejects_enum_casts_null_rules_and_null_props()
    {
        Assert.Equal(
            "3 invalid props:" + NL +
            "  TestStack/Registry: Scanning.Type = (RegistryScanType)5 is not valid; allowed: Basic, Enhanced." + NL +
            "  TestStack/Registry: Replication[0] is null; it is required: a RegistryReplicationRule." + NL +
            "  TestStack/Registry: PullThroughCaches[0].Upstream = (UpstreamRegistry)9 is not valid; allowed: EcrPublic, Quay, Kubernetes, GitHubContainerRegistry, DockerHub.",
            Error(_ => new ContainerRegistrySettingsProps
            {
                Scanning = new RegistryScanning { Type = (RegistryScanType)5, Rules = [new RegistryScanningRule { Frequency = RegistryScanFrequency.ScanOnPush, RepositoryFilters = ["*"] }] },
                Replication = [null!],
                PullThroughCaches = [new PullThroughCache { Upstream = (UpstreamRegistry)9 }],
            }));
        Assert.Equal(
            "TestStack/Registry: props is null; it is required: a ContainerRegistrySettingsProps with at least its required members.",
            Synth.Error(s => _ = new ContainerRegistrySettings(s, "Registry", null!)).Message);
    }

    [Theory]
    [MemberData(nameof(BadReplicationPrefixes))]
    public void Rejects_a_replication_prefix_that_is_too_short_too_long_or_not_the_start_of_a_repository_name(string prefix)
    {
        Assert.Equal(
            $"TestStack/Registry: Replication[0].RepositoryPrefixes[1] = \"{prefix}\" is not valid; allowed: 2 to 256 lowercase letters, digits, '.', '_', '-' and '/', the start of a repository name, e.g. \"prod/\".",
            Error(_ => new ContainerRegistrySettingsProps
            {
                Replication = [new RegistryReplicationRule { Destinations = [new ReplicationDestination { Region = "eu-west-1" }], RepositoryPrefixes = ["shared/", prefix] }],
            }));
    }

    [Fact]
    public void Rejects_a_duplicate_replication_prefix()
    {
        Assert.Equal(
            "TestStack/Registry: Replication[0].RepositoryPrefixes[1] = \"prod/\" is not valid; an earlier entry is the same (duplicate); give each once.",
            Error(_ => new ContainerRegistrySettingsProps
            {
                Replication = [new RegistryReplicationRule { Destinations = [new ReplicationDestination { Region = "eu-west-1" }], RepositoryPrefixes = ["prod/", "prod/"] }],
            }));
    }

    [Theory]
    [InlineData("q")]
    [InlineData("mirror/quay-io-team-containers1")]
    public void Rejects_a_pull_through_prefix_shorter_than_2_or_longer_than_30_characters(string prefix)
    {
        Assert.Equal(
            $"TestStack/Registry: PullThroughCaches[0].RepositoryPrefix = \"{prefix}\" is not valid; allowed: 2 to 30 characters following ECR repository name rules (lowercase letters and digits joined by '.', '_', '-' or '/').",
            Error(_ => new ContainerRegistrySettingsProps
            {
                PullThroughCaches = [new PullThroughCache { Upstream = UpstreamRegistry.Quay, RepositoryPrefix = prefix }],
            }));
    }

    [Theory]
    [InlineData(UpstreamRegistry.EcrPublic)]
    [InlineData(UpstreamRegistry.Kubernetes)]
    public void Rejects_credentials_for_an_upstream_that_takes_none(UpstreamRegistry upstream)
    {
        Assert.Equal(
            $"TestStack/Registry: PullThroughCaches[0].Credentials is given, but {upstream} takes no credentials; drop Credentials.",
            Error(s => new ContainerRegistrySettingsProps
            {
                PullThroughCaches =
                [
                    new PullThroughCache
                    {
                        Upstream = upstream,
                        Credentials = Secret.FromSecretNameV2(s, "Unneeded", "ecr-pullthroughcache/public"),
                    },
                ],
            }));
    }

    [Theory]
    [InlineData(UpstreamRegistry.GitHubContainerRegistry)]
    [InlineData(UpstreamRegistry.DockerHub)]
    public void Rejects_an_upstream_that_needs_credentials_without_them(UpstreamRegistry upstream)
    {
        Assert.Equal(
            $"TestStack/Registry: PullThroughCaches[0].Credentials is missing; {upstream} needs a Secrets Manager secret named ecr-pullthroughcache/... with the upstream credentials.",
            Error(_ => new ContainerRegistrySettingsProps { PullThroughCaches = [new PullThroughCache { Upstream = upstream }] }));
    }
}
