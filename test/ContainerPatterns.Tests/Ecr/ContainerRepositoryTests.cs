using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using ContainerPatterns.Ecr;

namespace ContainerPatterns.Tests.Ecr;

public class ContainerRepositoryTests
{
    private static readonly string NL = System.Environment.NewLine;

    private static JsonObject Build(ContainerRepositoryProps? props = null) =>
        Synth.Json(s => _ = new ContainerRepository(s, "Images", props));

    private static JsonObject RepositoryOf(JsonObject template) => Synth.Single(template, "AWS::ECR::Repository");

    private static JsonNode? LifecyclePolicy(JsonObject template) =>
        JsonNode.Parse(RepositoryOf(template)["Properties"]!["LifecyclePolicy"]!["LifecyclePolicyText"]!.GetValue<string>());

    private static string Error(ContainerRepositoryProps props) =>
        Synth.Error(s => _ = new ContainerRepository(s, "Images", props)).Message;

    [Fact]
    public void Scans_on_push_makes_tags_immutable_encrypts_with_AES256_and_retains_the_repository_by_default()
    {
        var repository = RepositoryOf(Build());

        Synth.JsonEqual("""{"ScanOnPush":true}""", repository["Properties"]!["ImageScanningConfiguration"]);
        Assert.Equal("IMMUTABLE", repository["Properties"]!["ImageTagMutability"]!.GetValue<string>());
        Synth.JsonEqual("""{"EncryptionType":"AES256"}""", repository["Properties"]!["EncryptionConfiguration"]);
        Assert.Equal("Retain", repository["DeletionPolicy"]!.GetValue<string>());
        Assert.Equal("Retain", repository["UpdateReplacePolicy"]!.GetValue<string>());
        Assert.Null(repository["Properties"]!["RepositoryName"]);
        Assert.Null(repository["Properties"]!["EmptyOnDelete"]);
        Assert.Null(repository["Properties"]!["RepositoryPolicyText"]);
    }

    [Fact]
    public void Expires_untagged_images_after_14_days_by_default()
    {
        Synth.JsonEqual(
            """
            {"rules":[
              {"rulePriority":1,"description":"Expire untagged images 14 days after push",
               "selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countNumber":14,"countUnit":"days"},"action":{"type":"expire"}}
            ]}
            """,
            LifecyclePolicy(Build()));
    }

    [Fact]
    public void Orders_tagged_rules_as_given_then_untagged_then_the_cap_last()
    {
        var template = Build(new ContainerRepositoryProps
        {
            Retention = new ImageRetention
            {
                MaxImageCount = 500,
                ExpireUntaggedAfter = Duration.Days(7),
                Tagged =
                [
                    new TaggedImageRetention { TagPrefixes = ["release-"], KeepLast = 20 },
                    new TaggedImageRetention { TagPrefixes = ["pr-", "dev-"], ExpireAfter = Duration.Days(30) },
                ],
            },
        });

        Synth.JsonEqual(
            """
            {"rules":[
              {"rulePriority":1,"description":"Keep the newest 20 images tagged release-*",
               "selection":{"tagStatus":"tagged","tagPrefixList":["release-"],"countType":"imageCountMoreThan","countNumber":20},"action":{"type":"expire"}},
              {"rulePriority":2,"description":"Expire images tagged pr-* 30 days after push",
               "selection":{"tagStatus":"tagged","tagPrefixList":["pr-"],"countType":"sinceImagePushed","countNumber":30,"countUnit":"days"},"action":{"type":"expire"}},
              {"rulePriority":3,"description":"Expire images tagged dev-* 30 days after push",
               "selection":{"tagStatus":"tagged","tagPrefixList":["dev-"],"countType":"sinceImagePushed","countNumber":30,"countUnit":"days"},"action":{"type":"expire"}},
              {"rulePriority":4,"description":"Expire untagged images 7 days after push",
               "selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countNumber":7,"countUnit":"days"},"action":{"type":"expire"}},
              {"rulePriority":5,"description":"Keep at most 500 images not selected by an earlier rule",
               "selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":500},"action":{"type":"expire"}}
            ]}
            """,
            LifecyclePolicy(template));
    }

    [Fact]
    public void Writes_one_keep_last_rule_per_tag_prefix_and_a_cap()
    {
        var template = Build(new ContainerRepositoryProps
        {
            Retention = new ImageRetention
            {
                Tagged = [new TaggedImageRetention { TagPrefixes = ["v", "main-"], KeepLast = 10 }],
                MaxImageCount = 100,
            },
        });

        Synth.JsonEqual(
            """
            {"rules":[
              {"rulePriority":1,"description":"Keep the newest 10 images tagged v*",
               "selection":{"tagStatus":"tagged","tagPrefixList":["v"],"countType":"imageCountMoreThan","countNumber":10},"action":{"type":"expire"}},
              {"rulePriority":2,"description":"Keep the newest 10 images tagged main-*",
               "selection":{"tagStatus":"tagged","tagPrefixList":["main-"],"countType":"imageCountMoreThan","countNumber":10},"action":{"type":"expire"}},
              {"rulePriority":3,"description":"Keep at most 100 images not selected by an earlier rule",
               "selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":100},"action":{"type":"expire"}}
            ]}
            """,
            LifecyclePolicy(template));
    }

    [Fact]
    public void Writes_only_the_cap_when_it_is_the_only_rule()
    {
        var template = Build(new ContainerRepositoryProps { Retention = new ImageRetention { MaxImageCount = 30 } });

        Synth.JsonEqual(
            """
            {"rules":[
              {"rulePriority":1,"description":"Keep at most 30 images not selected by an earlier rule",
               "selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":30},"action":{"type":"expire"}}
            ]}
            """,
            LifecyclePolicy(template));
    }

    [Fact]
    public void Writes_no_lifecycle_policy_for_an_empty_retention()
    {
        var repository = RepositoryOf(Build(new ContainerRepositoryProps { Retention = new ImageRetention() }));

        Assert.Null(repository["Properties"]!["LifecyclePolicy"]);
    }

    [Fact]
    public void Uses_the_given_name_KMS_key_scan_and_mutability_settings()
    {
        var json = Synth.Json(s =>
        {
            var key = new Key(s, "Key", new KeyProps { EnableKeyRotation = true });
            _ = new ContainerRepository(s, "Images", new ContainerRepositoryProps
            {
                RepositoryName = "team/web-api",
                EncryptionKey = key,
                ScanOnPush = false,
                ImmutableTags = false,
            });
        });

        var keyId = Assert.Single(Synth.Resources(json, "AWS::KMS::Key")).Key;
        var properties = RepositoryOf(json)["Properties"]!;
        Assert.Equal("team/web-api", properties["RepositoryName"]!.GetValue<string>());
        Synth.JsonEqual($$$"""{"EncryptionType":"KMS","KmsKey":{"Fn::GetAtt":["{{{keyId}}}","Arn"]}}""", properties["EncryptionConfiguration"]);
        Synth.JsonEqual("""{"ScanOnPush":false}""", properties["ImageScanningConfiguration"]);
        Assert.Equal("MUTABLE", properties["ImageTagMutability"]!.GetValue<string>());
    }

    [Fact]
    public void Destroys_and_empties_the_repository_when_asked_without_a_custom_resource()
    {
        var json = Build(new ContainerRepositoryProps { RemovalPolicy = RemovalPolicy.DESTROY, EmptyOnDelete = true });

        var repository = RepositoryOf(json);
        Assert.Equal("Delete", repository["DeletionPolicy"]!.GetValue<string>());
        Assert.True(repository["Properties"]!["EmptyOnDelete"]!.GetValue<bool>());
        Assert.Empty(Synth.Resources(json, "AWS::Lambda::Function"));
        Assert.Single(json["Resources"]!.AsObject());
    }

    [Fact]
    public void Lets_the_given_accounts_pull_through_the_repository_policy()
    {
        var json = Build(new ContainerRepositoryProps { PullAccountIds = ["111122223333", "444455556666"] });

        Synth.JsonEqual(
            """
            {"Statement":[{
              "Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],
              "Effect":"Allow",
              "Principal":{"AWS":[
                {"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::111122223333:root"]]},
                {"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iam::444455556666:root"]]}]},
              "Sid":"CrossAccountPull"}],
             "Version":"2012-10-17"}
            """,
            RepositoryOf(json)["Properties"]!["RepositoryPolicyText"]);
    }

    [Fact]
    public void Grants_pull_on_the_repository_and_the_authorization_token()
    {
        var json = Synth.Json(s =>
        {
            var repository = new ContainerRepository(s, "Images");
            repository.GrantPull(new Role(s, "TaskRole", new RoleProps { AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com") }));
        });

        var repositoryId = Assert.Single(Synth.Resources(json, "AWS::ECR::Repository")).Key;
        Synth.JsonEqual(
            $$$"""
            [{"Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"],"Effect":"Allow","Resource":{"Fn::GetAtt":["{{{repositoryId}}}","Arn"]}},
             {"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"}]
            """,
            Synth.Single(json, "AWS::IAM::Policy")["Properties"]!["PolicyDocument"]!["Statement"]);
    }

    [Fact]
    public void Grants_push_and_pull_on_the_repository_and_the_authorization_token()
    {
        var json = Synth.Json(s =>
        {
            var repository = new ContainerRepository(s, "Images");
            repository.GrantPullPush(new Role(s, "CiRole", new RoleProps { AssumedBy = new AccountPrincipal("111122223333") }));
        });

        var repositoryId = Assert.Single(Synth.Resources(json, "AWS::ECR::Repository")).Key;
        Synth.JsonEqual(
            $$$"""
            [{"Action":["ecr:BatchCheckLayerAvailability","ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","ecr:CompleteLayerUpload","ecr:UploadLayerPart","ecr:InitiateLayerUpload","ecr:PutImage"],"Effect":"Allow","Resource":{"Fn::GetAtt":["{{{repositoryId}}}","Arn"]}},
             {"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"}]
            """,
            Synth.Single(json, "AWS::IAM::Policy")["Properties"]!["PolicyDocument"]!["Statement"]);
    }

    [Fact]
    public void Exposes_the_repository_and_key()
    {
        var repository = default(ContainerRepository);
        Synth.Template(s => repository = new ContainerRepository(s, "Images"));

        Assert.NotNull(repository!.Repository.RepositoryArn);
        Assert.Null(repository.EncryptionKey);
    }

    [Fact]
    public void Accepts_tokens_unchecked()
    {
        var json = Synth.Json(s =>
        {
            var name = new CfnParameter(s, "RepositoryName").ValueAsString;
            var account = new CfnParameter(s, "PullAccount").ValueAsString;
            var prefix = new CfnParameter(s, "Prefix").ValueAsString;
            _ = new ContainerRepository(s, "Images", new ContainerRepositoryProps
            {
                RepositoryName = name,
                PullAccountIds = [account],
                Retention = new ImageRetention { Tagged = [new TaggedImageRetention { TagPrefixes = [prefix], KeepLast = 3 }] },
            });
        });

        Synth.JsonEqual("""{"Ref":"RepositoryName"}""", RepositoryOf(json)["Properties"]!["RepositoryName"]);
        Assert.Contains("PullAccount", RepositoryOf(json)["Properties"]!["RepositoryPolicyText"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Prefix", RepositoryOf(json)["Properties"]!["LifecyclePolicy"]!["LifecyclePolicyText"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_snapshot_removal_policy()
    {
        Assert.Equal(
            "TestStack/Images: RemovalPolicy = SNAPSHOT is not valid; allowed: RETAIN, DESTROY or RETAIN_ON_UPDATE_OR_DELETE (an ECR repository has no snapshots).",
            Error(new ContainerRepositoryProps { RemovalPolicy = RemovalPolicy.SNAPSHOT }));
    }

    [Fact]
    public void Rejects_retention_that_needs_more_than_50_ECR_rules()
    {
        var prefixes = Enumerable.Range(0, 49).Select(i => $"p{i}-").ToArray();
        Assert.Equal(
            "TestStack/Images: Retention needs 51 ECR lifecycle rules (one per tag prefix, plus the untagged rule and the cap); ECR allows at most 50. Use fewer tag prefixes.",
            Error(new ContainerRepositoryProps
            {
                Retention = new ImageRetention
                {
                    Tagged = [new TaggedImageRetention { TagPrefixes = prefixes, KeepLast = 5 }],
                    ExpireUntaggedAfter = Duration.Days(7),
                    MaxImageCount = 100,
                },
            }));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Web")]
    [InlineData("web--api")]
    [InlineData("/web")]
    [InlineData("web/")]
    [InlineData("web api")]
    [InlineData("-web")]
    public void Rejects_an_invalid_repository_name(string name)
    {
        Assert.Equal(
            $"TestStack/Images: RepositoryName = \"{name}\" is not valid; allowed: 2 to 256 lowercase letters and digits, in path parts separated by / (e.g. \"team/service\"), " +
            "each part a run of letters and digits joined by single '.', '_' or '-' (ECR repository name rules).",
            Error(new ContainerRepositoryProps { RepositoryName = name }));
    }

    [Fact]
    public void Rejects_a_repository_name_longer_than_256_characters()
    {
        var name = new string('a', 257);
        Assert.Equal(
            $"TestStack/Images: RepositoryName = \"{name}\" is not valid; allowed: 2 to 256 lowercase letters and digits, in path parts separated by / (e.g. \"team/service\"), " +
            "each part a run of letters and digits joined by single '.', '_' or '-' (ECR repository name rules).",
            Error(new ContainerRepositoryProps { RepositoryName = name }));
    }

    [Fact]
    public void Rejects_zero_or_negative_counts_and_days()
    {
        var message = Error(new ContainerRepositoryProps
        {
            Retention = new ImageRetention
            {
                ExpireUntaggedAfter = Duration.Days(0),
                MaxImageCount = -5,
                Tagged =
                [
                    new TaggedImageRetention { TagPrefixes = ["v"], KeepLast = 0 },
                    new TaggedImageRetention { TagPrefixes = ["dev-"], ExpireAfter = Duration.Hours(36) },
                ],
            },
        });

        Assert.Equal(
            "4 invalid props:" + NL +
            "  TestStack/Images: Retention.ExpireUntaggedAfter = 0 days is not valid; allowed: a whole number of days, 1 or more (ECR counts image age in days)." + NL +
            "  TestStack/Images: Retention.MaxImageCount = -5 is not valid; allowed: a whole number from 1 to 2147483647 images." + NL +
            "  TestStack/Images: Retention.Tagged[0].KeepLast = 0 is not valid; allowed: a whole number from 1 to 2147483647 images." + NL +
            "  TestStack/Images: Retention.Tagged[1].ExpireAfter = 1 day 12 hours is not valid; allowed: a whole number of days, 1 or more (ECR counts image age in days).",
            message);
    }

    [Fact]
    public void Rejects_a_tagged_rule_without_prefixes()
    {
        Assert.Equal(
            "TestStack/Images: Retention.Tagged[0].TagPrefixes is empty; allowed: one or more tag prefixes (a rule on tagged images must say which tags it selects).",
            Error(new ContainerRepositoryProps { Retention = new ImageRetention { Tagged = [new TaggedImageRetention { TagPrefixes = [], KeepLast = 5 }] } }));
    }

    [Fact]
    public void Rejects_a_duplicate_tag_prefix()
    {
        Assert.Equal(
            "TestStack/Images: Retention.Tagged[1].TagPrefixes[0] = \"release-\" is not valid; Retention.Tagged[0] already selects it (duplicate); ECR allows each tag prefix in one rule only.",
            Error(new ContainerRepositoryProps
            {
                Retention = new ImageRetention
                {
                    Tagged =
                    [
                        new TaggedImageRetention { TagPrefixes = ["release-"], KeepLast = 5 },
                        new TaggedImageRetention { TagPrefixes = ["release-"], ExpireAfter = Duration.Days(90) },
                    ],
                },
            }));
    }

    [Fact]
    public void Rejects_overlapping_tag_prefixes_as_conflicting_rules()
    {
        Assert.Equal(
            "TestStack/Images: Retention.Tagged[1].TagPrefixes[0] = \"v1\" is not valid; it overlaps \"v\" of Retention.Tagged[0] (one starts with the other), so both rules would select the same images and the later one could not expire them; allowed: prefixes that do not start with one another.",
            Error(new ContainerRepositoryProps
            {
                Retention = new ImageRetention
                {
                    Tagged =
                    [
                        new TaggedImageRetention { TagPrefixes = ["v"], KeepLast = 5 },
                        new TaggedImageRetention { TagPrefixes = ["v1"], KeepLast = 2 },
                    ],
                },
            }));
    }

    [Fact]
    public void Rejects_a_tagged_rule_that_both_counts_and_ages_or_does_neither()
    {
        Assert.Equal(
            "2 invalid props:" + NL +
            "  TestStack/Images: Retention.Tagged[0] gives both KeepLast = 5 and ExpireAfter = 30 days; give one of them (an ECR rule counts either images or days)." + NL +
            "  TestStack/Images: Retention.Tagged[1] gives neither KeepLast nor ExpireAfter; give one of them.",
            Error(new ContainerRepositoryProps
            {
                Retention = new ImageRetention
                {
                    Tagged =
                    [
                        new TaggedImageRetention { TagPrefixes = ["v"], KeepLast = 5, ExpireAfter = Duration.Days(30) },
                        new TaggedImageRetention { TagPrefixes = ["dev-"] },
                    ],
                },
            }));
    }

    [Fact]
    public void Rejects_a_tag_prefix_that_no_tag_can_start_with()
    {
        Assert.Equal(
            "TestStack/Images: Retention.Tagged[0].TagPrefixes[0] = \"-rc\" is not valid; allowed: 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-' (Docker tag rules).",
            Error(new ContainerRepositoryProps { Retention = new ImageRetention { Tagged = [new TaggedImageRetention { TagPrefixes = ["-rc"], KeepLast = 1 }] } }));
    }

    [Fact]
    public void Rejects_invalid_and_duplicate_pull_account_ids()
    {
        Assert.Equal(
            "2 invalid props:" + NL +
            "  TestStack/Images: PullAccountIds[0] = \"12345\" is not valid; allowed: a 12-digit AWS account id." + NL +
            "  TestStack/Images: PullAccountIds[2] = \"111122223333\" is not valid; each account id may appear once (duplicate).",
            Error(new ContainerRepositoryProps { PullAccountIds = ["12345", "111122223333", "111122223333"] }));
    }

    [Fact]
    public void Rejects_empty_on_delete_on_a_retained_repository()
    {
        Assert.Equal(
            "TestStack/Images: EmptyOnDelete = true needs RemovalPolicy = DESTROY, but it is RETAIN; set RemovalPolicy = RemovalPolicy.DESTROY or drop EmptyOnDelete.",
            Error(new ContainerRepositoryProps { EmptyOnDelete = true }));
    }

    public static TheoryData<string> BadTagPrefixes => new() { string.Empty, new string('v', 129), ".rc", "rc/1", "rc*" };

    [Theory]
    [MemberData(nameof(BadTagPrefixes))]
    public void Rejects_a_tag_prefix_that_is_empty_longer_than_128_characters_or_not_a_tag_start(string prefix)
    {
        Assert.Equal(
            $"TestStack/Images: Retention.Tagged[0].TagPrefixes[1] = \"{prefix}\" is not valid; allowed: 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-' (Docker tag rules).",
            Error(new ContainerRepositoryProps { Retention = new ImageRetention { Tagged = [new TaggedImageRetention { TagPrefixes = ["release-", prefix], KeepLast = 1 }] } }));
    }
}
