using System.Net;
using System.Text.RegularExpressions;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.EKS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;

namespace ContainerPatterns.Kubernetes;

/// <summary>
/// An EKS cluster on the native <c>AWS::EKS::Cluster</c> resource, on EKS Auto Mode by default: a version in standard
/// support, a private API endpoint (public optional, with a CIDR allow-list), all control-plane logs to a retained log
/// group, secrets envelope-encrypted with a KMS key, access entries instead of <c>aws-auth</c> (cluster-admin only for
/// the roles you name), an explicit upgrade policy, workload identity through EKS Pod Identity or IRSA, and a kubectl
/// provider for manifests and Helm charts.
/// </summary>
/// <remarks>
/// The kubectl provider (a nested stack with CDK's kubectl handler, a role that is cluster-admin through an access
/// entry, and a security group the control plane admits on 443) is created the first time a manifest, Helm chart, node
/// pool or service account is added. Its functions run in <see cref="KubernetesClusterProps.VpcSubnets"/> and need a
/// route to the EKS and STS APIs (a NAT gateway or VPC endpoints).
/// </remarks>
public sealed partial class KubernetesCluster : Construct, IKubernetesCluster, IConnectable
{
    // The rule newer Amazon.CDK.Lib versions' synth-time template validator reports EncryptionConfig.*.Resources under.
    private const string EncryptionResourcesRule = "CloudFormation-Validate::W9009";

    /// <summary>The EKS add-on of the Pod Identity agent.</summary>
    internal const string PodIdentityAgentAddon = "eks-pod-identity-agent";


    // AWS managed policies of the cluster role (EKS user guide, "Amazon EKS cluster IAM role" and, the last four, "Amazon
    // EKS Auto Mode cluster IAM role"; read 2026-12-02).
    private static readonly string[] ClusterPolicies = ["AmazonEKSClusterPolicy"];
    private static readonly string[] AutoModeClusterPolicies =
        ["AmazonEKSComputePolicy", "AmazonEKSBlockStoragePolicy", "AmazonEKSLoadBalancingPolicy", "AmazonEKSNetworkingPolicy"];

    // AWS managed policies of the Auto Mode node role (EKS user guide, "Amazon EKS Auto Mode node IAM role", read 2026-12-02).
    private static readonly string[] AutoModeNodePolicies = ["AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryPullOnly"];

    // The control-plane log types as the EKS API names them (EKS API reference, LogSetup types, read 2026-12-02).
    private static readonly (ControlPlaneLogTypes Flag, string Name)[] LogTypeNames =
    [
        (ControlPlaneLogTypes.Api, "api"),
        (ControlPlaneLogTypes.Audit, "audit"),
        (ControlPlaneLogTypes.Authenticator, "authenticator"),
        (ControlPlaneLogTypes.ControllerManager, "controllerManager"),
        (ControlPlaneLogTypes.Scheduler, "scheduler"),
    ];

    private readonly Settings _settings;
    private readonly ClusterOperations _operations;
    private readonly NodePoolNames _poolNames = new();
    private CfnOIDCProvider? _oidc;

    /// <summary>Creates the cluster.</summary>
    /// <exception cref="ArgumentException">A prop is invalid; the message lists every invalid prop.</exception>
    public KubernetesCluster(Construct scope, string id, KubernetesClusterProps props)
        : base(scope, id)
    {
        var v = new PropValidator(scope, id);
        v.ThrowIfPropsMissing(props, nameof(KubernetesClusterProps));
        _settings = Settings.Resolve(props, this, v);
        v.ThrowIfAny();

        var s = _settings;
        var stack = Stack.Of(this);
        Vpc = props.Vpc;
        Version = KubernetesVersion.Of(s.Version);
        Compute = s.Compute;
        var subnets = s.SelectedSubnets;
        ClusterRole = new Role(this, "ClusterRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("eks.amazonaws.com").WithSessionTags(),
            Description = $"EKS cluster role of {Node.Path}",
            ManagedPolicies = ClusterPolicies.Concat(s.Compute == KubernetesCompute.AutoMode ? AutoModeClusterPolicies : [])
                .Select(ManagedPolicy.FromAwsManagedPolicyName).ToArray(),
        });
        if (s.Compute == KubernetesCompute.AutoMode)
        {
            NodeRole = new Role(this, "NodeRole", new RoleProps
            {
                AssumedBy = new ServicePrincipal("ec2.amazonaws.com"),
                Description = $"EKS Auto Mode node role of {Node.Path}",
                ManagedPolicies = AutoModeNodePolicies.Select(ManagedPolicy.FromAwsManagedPolicyName).ToArray(),
            });
        }

        SecretsEncryptionKey = props.SecretsEncryptionKey ?? new Key(this, "SecretsKey", new KeyProps
        {
            Description = $"Envelope-encrypts the Kubernetes secrets of {Node.Path}",
            EnableKeyRotation = true,
            RemovalPolicy = s.RemovalPolicy,
        });
        // EKS uses the key through the cluster role (EKS envelope encryption: Encrypt, Decrypt, DescribeKey, CreateGrant).
        SecretsEncryptionKey.Grant(ClusterRole, "kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant");

        if (s.Logs != ControlPlaneLogTypes.None)
        {
            // EKS writes to this fixed name; creating it first gives it a retention and keeps it on delete.
            ControlPlaneLogGroup = new LogGroup(this, "ControlPlaneLogs", new LogGroupProps
            {
                LogGroupName = $"/aws/eks/{s.ClusterName}/cluster",
                Retention = s.LogRetention,
                RemovalPolicy = s.RemovalPolicy,
            });
        }

        ControlPlaneSecurityGroup = new SecurityGroup(this, "ControlPlaneSecurityGroup", new SecurityGroupProps
        {
            Vpc = props.Vpc,
            Description = $"Kubernetes API endpoint of {Node.Path}: admits the kubectl handler and what Connections allows",
            AllowAllOutbound = false,
        });
        Connections = new Connections_(new ConnectionsProps { SecurityGroups = [ControlPlaneSecurityGroup], DefaultPort = Port.Tcp(443) });

        ClusterResource = NewClusterResource(s, subnets.SubnetIds);
        ClusterName = ClusterResource.Ref;
        _operations = new ClusterOperations(new ClusterFacts(this, ClusterName, ClusterResource, Vpc, subnets, ControlPlaneSecurityGroup, s.KubectlLayer));
        AdminAccessEntries = s.AdminRoles
            .Select(role => KubectlAccess.NewAdminAccessEntry(this, "AdminAccess" + role.Node.Addr[..8], ClusterName, role.RoleArn, stack.Partition))
            .ToArray();

        if (s.CoreAddons)
        {
            AddCoreAddons();
        }

        foreach (var pool in s.NodePools)
        {
            ApplyNodePool(pool);
        }
    }

    /// <summary>The cluster resource (for its attributes and escape hatches).</summary>
    public CfnCluster ClusterResource { get; }

    /// <summary>The cluster's name.</summary>
    public string ClusterName { get; }

    /// <summary>The cluster's ARN.</summary>
    public string ClusterArn => ClusterResource.AttrArn;

    /// <summary>The Kubernetes API endpoint's URL.</summary>
    public string ClusterEndpoint => ClusterResource.AttrEndpoint;

    /// <summary>The security group EKS creates for the control plane and (with Auto Mode) the nodes.</summary>
    public string ClusterSecurityGroupId => ClusterResource.AttrClusterSecurityGroupId;

    /// <summary>The cluster's OpenID Connect issuer URL (for IRSA).</summary>
    public string OpenIdConnectIssuerUrl => ClusterResource.AttrOpenIdConnectIssuerUrl;

    /// <summary>The Kubernetes version.</summary>
    public KubernetesVersion Version { get; }

    /// <summary>Where pods run.</summary>
    public KubernetesCompute Compute { get; }

    /// <summary>The VPC the cluster runs in.</summary>
    public IVpc Vpc { get; }

    /// <summary>The role EKS uses to manage the cluster (and, with Auto Mode, its nodes, load balancers and volumes).</summary>
    public IRole ClusterRole { get; }

    /// <summary>The role of Auto Mode's nodes; null without Auto Mode.</summary>
    public IRole? NodeRole { get; }

    /// <summary>The key that envelope-encrypts Kubernetes secrets.</summary>
    public IKey SecretsEncryptionKey { get; }

    /// <summary>The control-plane log group (<c>/aws/eks/NAME/cluster</c>); null when no log type is on.</summary>
    public ILogGroup? ControlPlaneLogGroup { get; }

    /// <summary>The security group on the Kubernetes API endpoint's network interfaces (besides the one EKS creates).</summary>
    public ISecurityGroup ControlPlaneSecurityGroup { get; }

    /// <summary>Network access to the Kubernetes API endpoint (port 443), e.g. <c>cluster.Connections.AllowFrom(bastion, Port.Tcp(443))</c>.</summary>
    public Connections_ Connections { get; }

    /// <summary>The access entries of <see cref="KubernetesClusterProps.AdminRoles"/>, in the order given.</summary>
    public IReadOnlyList<CfnAccessEntry> AdminAccessEntries { get; }

    /// <summary>The EKS managed add-ons installed, by add-on name (e.g. <c>coredns</c>).</summary>
    public IReadOnlyDictionary<string, CfnAddon> Addons => _operations.Addons;

    /// <summary>The IAM OIDC provider of the cluster's issuer; null until the first IRSA service account is added.</summary>
    public CfnOIDCProvider? OpenIdConnectProvider => _oidc;

    /// <summary>
    /// The cluster as CDK's kubectl constructs take it (<c>KubernetesManifest</c>, <c>HelmChart</c>,
    /// <c>KubernetesPatch</c>, <c>KubernetesObjectValue</c>), bound to this cluster's kubectl provider. The first use
    /// creates the provider (see the remarks of <see cref="KubernetesCluster"/>).
    /// </summary>
    public ICluster KubectlCluster => _operations.KubectlCluster;

    /// <summary>The role the kubectl handler acts as inside the cluster (cluster-admin); null until the kubectl provider exists.</summary>
    public IRole? KubectlRole => _operations.KubectlRole;

    string IKubernetesCluster.ConfiguredName() => _settings.ClusterName;

    string IKubernetesCluster.ConfiguredVersion() => _settings.Version;

    ISubnetSelection IKubernetesCluster.SubnetSelection() => _settings.Subnets;

    bool IKubernetesCluster.RunsPodIdentityAgent() => Compute == KubernetesCompute.AutoMode || Addons.ContainsKey(PodIdentityAgentAddon);

    bool? IKubernetesCluster.HasNodes() => Compute == KubernetesCompute.AutoMode || _operations.NodeGroupCount > 0;

    string? IKubernetesCluster.ServiceAccountHolder(string ns, string name) => _operations.ServiceAccountHolder(ns, name);

    void IKubernetesCluster.HoldServiceAccount(string ns, string name, string path) => _operations.HoldServiceAccount(ns, name, path);

    /// <summary>Imports an EKS cluster defined elsewhere, for the library's Kubernetes constructs to work on.</summary>
    /// <param name="scope">The scope of the imported cluster's constructs (its kubectl provider and node groups).</param>
    /// <param name="id">The construct id.</param>
    /// <param name="attributes">What the constructs need to know about the cluster.</param>
    /// <returns>The cluster.</returns>
    /// <exception cref="ArgumentException">An attribute is invalid; the message lists every invalid attribute.</exception>
    public static IKubernetesCluster FromClusterAttributes(Construct scope, string id, KubernetesClusterAttributes attributes) =>
        new ImportedKubernetesCluster(scope, id, attributes);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The manifest is empty, or an object is null or has no apiVersion or kind.</exception>
    public KubernetesManifest AddManifest(string id, params IDictionary<string, object>[] manifest) => _operations.AddManifest(id, manifest);

    /// <summary>Installs a Helm chart through the kubectl provider (Helm 4 with the shipped layer: give an OCI chart as the whole <c>oci://</c> reference in <c>Chart</c>, with no <c>Repository</c>).</summary>
    /// <exception cref="ArgumentException">
    /// No <c>Chart</c> (or <c>ChartAsset</c>); an <c>oci://</c> chart or repository given with a <c>Repository</c> (Helm 4
    /// cannot install it that way); <c>Version</c> = <c>latest</c> (Helm has no such version: leave it unset for the
    /// newest); a <c>Namespace</c> that is not a DNS-1123 label.
    /// </exception>
    public HelmChart AddHelmChart(string id, HelmChartOptions options) => _operations.AddHelmChart(id, options);

    /// <summary>Adds an Auto Mode node pool.</summary>
    /// <exception cref="ArgumentException">The pool is invalid, its name (or the construct id it makes) is taken, or the cluster does not run Auto Mode.</exception>
    public KubernetesManifest AddNodePool(AutoModeNodePool pool)
    {
        var v = new PropValidator(this, "AddNodePool");
        if (Compute != KubernetesCompute.AutoMode)
        {
            v.FailWith("node pools need Compute = AutoMode.");
        }

        NodePoolManifest.Validate(v, "pool", pool, NodePoolManifest.AutoMode);
        if (pool?.Name is { } name)
        {
            _poolNames.Validate(v, "pool.Name", name);
        }

        v.ThrowIfAny();
        return ApplyNodePool(pool!); // Validate reported a null pool, so it is not null here
    }

    /// <inheritdoc />
    public PodIdentityServiceAccount AddPodIdentity(string id, KubernetesServiceAccountOptions options) => _operations.AddPodIdentity(id, options);

    /// <inheritdoc />
    public IrsaServiceAccount AddIrsaServiceAccount(string id, KubernetesServiceAccountOptions options) => _operations.AddIrsaServiceAccount(id, options);

    /// <summary>Adds a managed node group on Amazon Linux 2023 or Bottlerocket (for <see cref="KubernetesCompute.None"/>, or next to Auto Mode).</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public CfnNodegroup AddNodeGroup(string id, KubernetesNodeGroupOptions options) => _operations.AddNodeGroup(id, options);

    CfnNodegroup IKubernetesCluster.AddNodeGroupIn(Construct parent, string id, NodeGroupSettings settings, NodeGroupExtras? extras) =>
        _operations.AddNodeGroupIn(parent, id, settings, extras);

    (string ProviderArn, string IssuerUrl)? IKubernetesCluster.OpenIdConnect()
    {
        _oidc ??= new CfnOIDCProvider(this, "OpenIdConnectProvider", new CfnOIDCProviderProps
        {
            Url = ClusterResource.AttrOpenIdConnectIssuerUrl,
            ClientIdList = ["sts.amazonaws.com"],
        });
        return (_oidc.AttrArn, OpenIdConnectIssuerUrl);
    }

    // An IAM role ARN: arn:PARTITION:iam::ACCOUNT:role/PATH/NAME with a 12-digit account and a role name of 1–64 of
    // [A-Za-z0-9+=,.@_-] (IAM User Guide, "IAM identifiers" and "IAM and AWS STS quotas", read 2026-12-02).
    [GeneratedRegex(@"^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/([\x21-\x7E]*/)?[A-Za-z0-9+=,.@_-]{1,64}$")]
    private static partial Regex IamRoleArn();

    private KubernetesManifest ApplyNodePool(AutoModeNodePool pool)
    {
        _poolNames.Add(pool.Name);
        return new KubernetesManifest(this, NodePoolManifest.ConstructId(pool.Name), new KubernetesManifestProps
        {
            Cluster = KubectlCluster,
            Manifest = [NodePoolManifest.Render(pool, NodePoolManifest.AutoMode)],
        });
    }

    private CfnCluster NewClusterResource(Settings s, string[] subnetIds)
    {
        var auto = s.Compute == KubernetesCompute.AutoMode;
        var props = new CfnClusterProps
        {
            Name = s.ClusterName,
            Version = s.Version,
            ResourcesVpcConfig = new CfnCluster.ResourcesVpcConfigProperty
            {
                SubnetIds = subnetIds,
                SecurityGroupIds = [ControlPlaneSecurityGroup.SecurityGroupId],
                EndpointPrivateAccess = true,
                EndpointPublicAccess = s.PublicEndpoint,
                PublicAccessCidrs = s.PublicEndpoint ? s.PublicEndpointCidrs.ToArray() : null,
            },
            EncryptionConfig = new object[]
            {
                new CfnCluster.EncryptionConfigProperty
                {
                    Provider = new CfnCluster.ProviderProperty { KeyArn = SecretsEncryptionKey.KeyArn },
                    Resources = ["secrets"],
                },
            },
            Logging = s.Logs == ControlPlaneLogTypes.None ? null : new CfnCluster.LoggingProperty
            {
                ClusterLogging = new CfnCluster.ClusterLoggingProperty
                {
                    EnabledTypes = LogTypeNames.Where(l => s.Logs.HasFlag(l.Flag))
                        .Select(l => (object)new CfnCluster.LoggingTypeConfigProperty { Type = l.Name }).ToArray(),
                },
            },
            AccessConfig = new CfnCluster.AccessConfigProperty
            {
                AuthenticationMode = s.AuthenticationMode == Amazon.CDK.AWS.EKS.AuthenticationMode.API_AND_CONFIG_MAP ? "API_AND_CONFIG_MAP" : "API",
                // Only the roles named get access; the identity that deploys the stack does not.
                BootstrapClusterCreatorAdminPermissions = false,
            },
            UpgradePolicy = new CfnCluster.UpgradePolicyProperty { SupportType = s.SupportType == KubernetesSupportType.Extended ? "EXTENDED" : "STANDARD" },
            // Add-ons are EKS managed add-ons (CoreAddons) or built into Auto Mode; no unmanaged copies.
            BootstrapSelfManagedAddons = false,
        };
        var cluster = new CfnCluster(this, "Resource", props.WithRoleArn(ClusterRole.RoleArn));
        // Later Amazon.CDK.Lib versions validate templates during synth and call EncryptionConfig's Resources deprecated;
        // the EKS API reference still documents it ("the only supported value is secrets"), and the key is applied to
        // secrets through it, so it stays.
        CdkCompat.AcknowledgeValidationRule(cluster, EncryptionResourcesRule, "EKS documents EncryptionConfig.Resources = [secrets] for envelope encryption with a customer key (EKS API reference, EncryptionConfig, read 2026-12-02).");

        // Auto Mode's settings are not in CDK 2.160's CfnCluster; the three are on or off together (EKS Auto Mode).
        // Written as overrides, the same code runs on later CDK versions, which know them.
        var pools = auto ? (s.GeneralPurposeNodePool ? new[] { "general-purpose", "system" } : ["system"]) : null;
        var compute = new Dictionary<string, object> { ["Enabled"] = auto };
        if (auto)
        {
            compute["NodePools"] = pools!;
            compute["NodeRoleArn"] = NodeRole!.RoleArn;
        }

        cluster.AddPropertyOverride("ComputeConfig", compute);
        cluster.AddPropertyOverride("StorageConfig", new Dictionary<string, object> { ["BlockStorage"] = new Dictionary<string, object> { ["Enabled"] = auto } });
        cluster.AddPropertyOverride("KubernetesNetworkConfig", new Dictionary<string, object> { ["ElasticLoadBalancing"] = new Dictionary<string, object> { ["Enabled"] = auto } });
        if (s.DeletionProtection)
        {
            cluster.AddPropertyOverride("DeletionProtection", true);
        }

        // The role's policy (the key grant) and the log group must exist before EKS uses them.
        cluster.Node.AddDependency(ClusterRole);
        if (ControlPlaneLogGroup is not null)
        {
            cluster.Node.AddDependency(ControlPlaneLogGroup);
        }

        SuppressRoleFindings();
        return cluster;
    }

    private void AddCoreAddons()
    {
        foreach (var (id, name) in new[] { ("VpcCni", "vpc-cni"), ("CoreDns", "coredns"), ("KubeProxy", "kube-proxy"), ("PodIdentityAgent", PodIdentityAgentAddon) })
        {
            _operations.Addons[name] = NewAddon(id, name, null);
        }

        var ebsRole = new Role(this, "EbsCsiDriverRole", new RoleProps
        {
            AssumedBy = PodIdentityServiceAccount.PodsPrincipal(),
            Description = $"EBS CSI driver controller of {Node.Path} (EKS Pod Identity)",
            ManagedPolicies = [ManagedPolicy.FromAwsManagedPolicyName("service-role/AmazonEBSCSIDriverPolicy")],
        });
        NagSuppressions.Suppress((CfnResource)ebsRole.Node.DefaultChild!, (
            "AwsSolutions-IAM4",
            $"EBS CSI driver of {Node.Path}: AmazonEBSCSIDriverPolicy is AWS's policy for the driver, which creates, attaches and deletes the volumes of any persistent volume claim."));
        var ebs = NewAddon("EbsCsiDriver", "aws-ebs-csi-driver", new object[]
        {
            new CfnAddon.PodIdentityAssociationProperty { ServiceAccount = "ebs-csi-controller-sa", RoleArn = ebsRole.RoleArn },
        });
        // The association only works once the Pod Identity agent runs.
        CdkCompat.AddResourceDependency(ebs, _operations.Addons[PodIdentityAgentAddon]);
        _operations.Addons["aws-ebs-csi-driver"] = ebs;
    }

    private CfnAddon NewAddon(string id, string name, object[]? podIdentity) =>
        new(this, id, new CfnAddonProps
        {
            ClusterName = ClusterName,
            AddonName = name,
            ResolveConflicts = "OVERWRITE",
            PodIdentityAssociations = podIdentity,
        });

    private void SuppressRoleFindings()
    {
        NagSuppressions.Suppress((CfnResource)ClusterRole.Node.DefaultChild!, (
            "AwsSolutions-IAM4",
            $"EKS cluster role of {Node.Path}: AmazonEKSClusterPolicy (and, with Auto Mode, the Compute, BlockStorage, LoadBalancing and Networking policies) are the AWS managed policies EKS requires of a cluster role."));
        if (NodeRole?.Node.DefaultChild is CfnResource node)
        {
            NagSuppressions.Suppress(node, (
                "AwsSolutions-IAM4",
                $"EKS Auto Mode node role of {Node.Path}: AmazonEKSWorkerNodeMinimalPolicy and AmazonEC2ContainerRegistryPullOnly are the least-privilege AWS managed policies EKS documents for Auto Mode nodes."));
        }
    }

    /// <summary>The props with every default resolved, read by validation and building alike.</summary>
    private sealed record Settings(
        string ClusterName,
        string Version,
        KubernetesCompute Compute,
        KubernetesSupportType SupportType,
        AuthenticationMode AuthenticationMode,
        bool GeneralPurposeNodePool,
        IReadOnlyList<AutoModeNodePool> NodePools,
        IReadOnlyList<IRole> AdminRoles,
        bool PublicEndpoint,
        IReadOnlyList<string> PublicEndpointCidrs,
        ControlPlaneLogTypes Logs,
        RetentionDays LogRetention,
        bool DeletionProtection,
        bool CoreAddons,
        Amazon.CDK.AWS.Lambda.ILayerVersion? KubectlLayer,
        ISubnetSelection Subnets,
        ISelectedSubnets SelectedSubnets,
        RemovalPolicy RemovalPolicy)
    {
        public static Settings Resolve(KubernetesClusterProps p, KubernetesCluster self, PropValidator v)
        {
            if (p.Vpc is null)
            {
                v.Fail(nameof(p.Vpc), null, "it is required; allowed: an IVpc, e.g. a ContainerNetwork's Vpc.");
            }

            var subnetSelection = p.VpcSubnets ?? new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };
            var selected = p.Vpc is null ? null : ClusterSubnets.Select(v, nameof(p.VpcSubnets), p.Vpc, subnetSelection, checkZones: true);

            var name = p.ClusterName ?? Names.UniqueResourceName(self, new UniqueResourceNameOptions { MaxLength = KubernetesNames.MaxClusterNameLength });
            if (p.ClusterName is { } given)
            {
                KubernetesNames.ValidateClusterName(v, nameof(p.ClusterName), given);
            }

            var version = p.Version?.Version ?? KubernetesVersions.Default;
            if (!PropValidator.IsToken(version))
            {
                KubernetesVersions.Validate(v, nameof(p.Version), version, DateOnly.FromDateTime(DateTime.UtcNow), p.KubectlLayer is not null);
                if (p.KubectlLayer is null && KubernetesVersions.Minor(version) is { } minor && !ShippedKubectlLayer.Serves(minor) && !v.HasProblems)
                {
                    v.Fail(nameof(p.Version), version, $"the shipped kubectl layer ({ShippedKubectlLayer.PackageId}, kubectl 1.{ShippedKubectlLayer.KubectlMinor}) serves Kubernetes {ShippedKubectlLayer.ServedRange}; pass a KubectlLayer with a matching kubectl or choose one of those versions.");
                }
            }

            var compute = Defined(v, nameof(p.Compute), p.Compute, KubernetesCompute.AutoMode);
            var support = Defined(v, nameof(p.SupportType), p.SupportType, KubernetesSupportType.Standard);
            var auth = Defined(v, nameof(p.AuthenticationMode), p.AuthenticationMode, Amazon.CDK.AWS.EKS.AuthenticationMode.API);
            if (auth == Amazon.CDK.AWS.EKS.AuthenticationMode.CONFIG_MAP)
            {
                v.Fail(nameof(p.AuthenticationMode), "CONFIG_MAP", compute == KubernetesCompute.AutoMode
                    ? "EKS Auto Mode needs access entries; allowed: API or API_AND_CONFIG_MAP."
                    : "the admin roles and the kubectl role get access through access entries; allowed: API or API_AND_CONFIG_MAP.");
            }

            var logs = p.ControlPlaneLogs ?? ControlPlaneLogTypes.All;
            if ((logs & ~ControlPlaneLogTypes.All) != 0)
            {
                v.Fail(nameof(p.ControlPlaneLogs), (int)logs, "allowed: a combination of Api, Audit, Authenticator, ControllerManager and Scheduler.");
            }

            var retention = Defined(v, nameof(p.ControlPlaneLogRetention), p.ControlPlaneLogRetention, RetentionDays.ONE_MONTH);
            var removal = Defined(v, nameof(p.RemovalPolicy), p.RemovalPolicy, Amazon.CDK.RemovalPolicy.RETAIN);
            var isPublic = p.AllowPublicEndpoint ?? false;
            if (p.PublicEndpointCidrs is not null && !isPublic)
            {
                v.FailWith($"{nameof(p.PublicEndpointCidrs)} has no effect unless {nameof(p.AllowPublicEndpoint)} = true; set {nameof(p.AllowPublicEndpoint)} or drop {nameof(p.PublicEndpointCidrs)}.");
            }
            else if (p.PublicEndpointCidrs is { Count: 0 })
            {
                v.FailWith($"{nameof(p.PublicEndpointCidrs)} is empty; allowed: one or more IPv4 CIDR blocks (or leave it unset for any address).");
            }

            for (var i = 0; i < (p.PublicEndpointCidrs?.Count ?? 0); i++)
            {
                var cidr = p.PublicEndpointCidrs![i];
                if (cidr is null || (!PropValidator.IsToken(cidr) && !IsIpv4Cidr(cidr)))
                {
                    v.Fail($"{nameof(p.PublicEndpointCidrs)}[{i}]", cidr, "allowed: an IPv4 CIDR block with no host bits set, e.g. \"203.0.113.0/24\".");
                }
            }

            var admins = p.AdminRoles ?? [];
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < admins.Count; i++)
            {
                if (admins[i] is null)
                {
                    v.Fail($"{nameof(p.AdminRoles)}[{i}]", null, "allowed: an IRole.");
                    continue;
                }

                var arn = admins[i].RoleArn;
                if (!PropValidator.IsToken(arn) && !IamRoleArn().IsMatch(arn))
                {
                    v.Fail($"{nameof(p.AdminRoles)}[{i}]", arn, "it is not an IAM role ARN; allowed: arn:PARTITION:iam::ACCOUNT:role/NAME with a 12-digit account (an access entry names the role, not a user or an assumed-role session).");
                }

                if (seen.TryGetValue(arn, out var first))
                {
                    v.FailWith($"{nameof(p.AdminRoles)}[{i}] is the same role as {nameof(p.AdminRoles)}[{first}] ({Describe(admins[i], arn)}); EKS allows one access entry per principal, so give each role once.");
                }
                else
                {
                    seen[arn] = i;
                }
            }

            var pools = p.NodePools ?? [];
            if (pools.Count > 0 && compute != KubernetesCompute.AutoMode)
            {
                v.FailWith($"{nameof(p.NodePools)} need Compute = AutoMode; drop them or use Auto Mode.");
            }

            if (p.GeneralPurposeNodePool is not null && compute != KubernetesCompute.AutoMode)
            {
                v.FailWith($"{nameof(p.GeneralPurposeNodePool)} has no effect unless Compute = AutoMode; drop it.");
            }

            NodePoolManifest.ValidateAll(v, nameof(p.NodePools), pools, NodePoolManifest.AutoMode);
            ValidateKeyRegion(v, nameof(p.SecretsEncryptionKey), p.SecretsEncryptionKey, Stack.Of(self).Region);

            return new Settings(
                name,
                version,
                compute,
                support,
                auth,
                p.GeneralPurposeNodePool ?? true,
                pools,
                admins,
                isPublic,
                p.PublicEndpointCidrs ?? ["0.0.0.0/0"],
                logs,
                retention,
                p.DeletionProtection ?? false,
                p.CoreAddons ?? compute == KubernetesCompute.None,
                p.KubectlLayer,
                subnetSelection,
                selected!, // null only with a null Vpc, which is reported
                removal);
        }

        // "The KMS key must be symmetric, created in the same AWS Region as the cluster" (EKS user guide, "Encrypt
        // Kubernetes secrets with KMS on existing clusters", read 2026-12-02); checked when both regions are known.
        // The key's region is read from a literal ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/ID), not from IResource.Env,
        // whose type later Amazon.CDK.Lib versions changed (binary-breaking for a library built against 2.160).
        private static void ValidateKeyRegion(PropValidator v, string prop, IKey? key, string stackRegion)
        {
            var arn = key?.KeyArn;
            var parts = arn is null || PropValidator.IsToken(arn) ? [] : arn.Split(':');
            var keyRegion = parts.Length > 3 && parts[0] == "arn" ? parts[3] : null;
            if (keyRegion is { Length: > 0 } && !PropValidator.IsToken(stackRegion) && keyRegion != stackRegion)
            {
                v.Fail(prop, arn, $"the key is in {keyRegion} and the cluster in {stackRegion}; EKS envelope-encrypts secrets only with a KMS key of the cluster's region; allowed: a key in {stackRegion} (or leave it unset for a new one).");
            }
        }

        private static T Defined<T>(PropValidator v, string prop, T? value, T fallback)
            where T : struct, Enum
        {
            if (value is { } given && !Enum.IsDefined(given))
            {
                v.Fail(prop, Convert.ToInt64(given, System.Globalization.CultureInfo.InvariantCulture), $"allowed: {string.Join(", ", Enum.GetNames<T>())}.");
                return fallback;
            }

            return value ?? fallback;
        }

        private static string Describe(IRole role, string arn) =>
            PropValidator.IsToken(arn) ? role.Node.Path : arn;

        // A dotted-quad IPv4 network address and prefix, with no bits set past the prefix.
        private static bool IsIpv4Cidr(string cidr)
        {
            var parts = cidr.Split('/');
            if (parts.Length != 2 || parts[0].Split('.').Length != 4
                || !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
                || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
            {
                return false;
            }

            var b = address.GetAddressBytes();
            var value = ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
            var hostBits = prefix == 32 ? 0u : uint.MaxValue >> prefix;
            return (value & hostBits) == 0;
        }
    }
}
