// The reference stacks written directly against aws-cdk-lib in JavaScript, construct for construct (same
// ids, same props), so bench/run.sh can compare synth times with the C# app like for like; run.sh also
// checks the two apps' templates are identical.
import { App, Aspects, Stack, RemovalPolicy, CfnMapping, CfnResource, Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';

class Runtimes {
  visit(node) {
    if (node instanceof CfnMapping && node.node.id === 'LatestNodeRuntimeMap') {
      node.node.scope.node.tryRemoveChild('LatestNodeRuntimeMap');
    } else if (node instanceof CfnResource && node.cfnResourceType === 'AWS::Lambda::Function') {
      node.addPropertyOverride('Runtime', 'nodejs24.x');
    }
  }
}

function network(scope, id) {
  const self = new Construct(scope, id);
  const flowLogs = new logs.LogGroup(self, 'FlowLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.RETAIN });
  const vpc = new ec2.Vpc(self, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
    maxAzs: 2,
    natGateways: 1,
    restrictDefaultSecurityGroup: true,
    enableDnsHostnames: true,
    enableDnsSupport: true,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
    ],
    flowLogs: { FlowLog: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: ec2.FlowLogTrafficType.ALL } },
  });
  const subnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [subnets] });
  vpc.addGatewayEndpoint('DynamoDbEndpoint', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB, subnets: [subnets] });
  for (const [epId, service] of [
    ['EcrApiEndpoint', ec2.InterfaceVpcEndpointAwsService.ECR],
    ['EcrDockerEndpoint', ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER],
    ['LogsEndpoint', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
    ['SecretsManagerEndpoint', ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
    ['SsmEndpoint', ec2.InterfaceVpcEndpointAwsService.SSM],
    ['StsEndpoint', ec2.InterfaceVpcEndpointAwsService.STS],
  ]) {
    const ep = vpc.addInterfaceEndpoint(epId, { service, subnets, privateDnsEnabled: true, open: false });
    ep.connections.allowFrom(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(443), 'HTTPS from inside the VPC');
  }
  const role = Stack.of(self).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider')?.node.tryFindChild('Role');
  role?.addMetadata('cdk_nag', { rules_to_suppress: [{ id: 'AwsSolutions-IAM4', reason: "CDK's VpcRestrictDefaultSG provider: AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch logs; the rule-revoking permissions are an inline policy scoped to the default security group." }] });
  return vpc;
}

function cluster(scope, id, vpc) {
  const self = new Construct(scope, id);
  const stack = Stack.of(self);
  const key = new kms.Key(self, 'ExecuteCommandKey', {
    description: `Encrypts ECS Exec sessions and their audit logs for ${self.node.path}`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsOfThisAccount',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.${stack.urlSuffix}`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
  }));
  const group = new logs.LogGroup(self, 'ExecuteCommandLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
  const c = new ecs.Cluster(self, 'Cluster', {
    vpc,
    enableFargateCapacityProviders: true,
    executeCommandConfiguration: { kmsKey: key, logging: ecs.ExecuteCommandLogging.OVERRIDE, logConfiguration: { cloudWatchLogGroup: group, cloudWatchEncryptionEnabled: true } },
  });
  c.node.defaultChild.clusterSettings = [{ name: 'containerInsights', value: 'enabled' }];
  c.addDefaultCapacityProviderStrategy([{ capacityProvider: 'FARGATE', weight: 1 }]);
  return c;
}

const app = new App();
Aspects.of(app).add(new Runtimes());
const foundation = new Stack(app, 'ContainerPatterns-Foundation', { description: 'ContainerPatterns reference: network and ECS cluster' });
cluster(foundation, 'Cluster', network(foundation, 'Network'));
function registry(app) {
  const stack = new Stack(app, 'ContainerPatterns-Registry', { description: 'ContainerPatterns reference: ECR repository and registry settings' });
  const images = new Construct(stack, 'WebImages');
  const repo = new ecr.Repository(images, 'Repository', {
    imageScanOnPush: true,
    imageTagMutability: ecr.TagMutability.IMMUTABLE,
    encryption: ecr.RepositoryEncryption.AES_256,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [
      { rulePriority: 1, description: 'Keep the newest 20 images tagged release-*', tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: ['release-'], maxImageCount: 20 },
      { rulePriority: 2, description: 'Expire untagged images 7 days after push', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) },
      { rulePriority: 3, description: 'Keep at most 200 images', tagStatus: ecr.TagStatus.ANY, maxImageCount: 200 },
    ],
  });
  repo.node.defaultChild.encryptionConfiguration = { encryptionType: 'AES256' };
  const settings = new Construct(stack, 'RegistrySettings');
  new CfnResource(settings, 'Scanning', {
    type: 'AWS::ECR::RegistryScanningConfiguration',
    properties: { ScanType: 'ENHANCED', Rules: [{ ScanFrequency: 'CONTINUOUS_SCAN', RepositoryFilters: [{ Filter: '*', FilterType: 'WILDCARD' }] }] },
  });
  new ecr.CfnReplicationConfiguration(settings, 'Replication', {
    replicationConfiguration: { rules: [{ destinations: [{ region: 'eu-central-1', registryId: stack.account }] }] },
  });
  new ecr.CfnPullThroughCacheRule(settings, 'PullThroughCacheEcrPublic', {
    ecrRepositoryPrefix: 'ecr-public', upstreamRegistry: 'ecr-public', upstreamRegistryUrl: 'public.ecr.aws',
  });
}

registry(app);
app.synth();
