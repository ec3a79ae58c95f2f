// The reference stacks written directly against aws-cdk-lib in JavaScript, construct for construct (same
// ids, same props), so bench/run.sh can compare synth times with the C# app like for like; run.sh also
// checks the two apps' templates are identical.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  App, Annotations, Aspects, Aws, CfnCondition, CfnMapping, CfnOutput, CfnResource, Duration, Fn, RemovalPolicy, Stack,
  TimeZone, Token,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FactName, RegionInfo } from 'aws-cdk-lib/region-info';

class Runtimes {
  visit(node) {
    if (node instanceof CfnMapping && node.node.id === 'LatestNodeRuntimeMap') {
      node.node.scope.node.tryRemoveChild('LatestNodeRuntimeMap');
    } else if (node instanceof CfnResource && node.cfnResourceType === 'AWS::Lambda::Function') {
      node.addPropertyOverride('Runtime', 'nodejs24.x');
    }
  }
}

// cdk_nag suppressions as resource metadata, appended to any the resource already has.
function suppress(resource, ...rules) {
  const existing = resource.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...rules] });
}

function network(scope, id, interfaceEndpoints = true) {
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
  for (const [epId, service] of !interfaceEndpoints ? [] : [
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
  if (role) suppress(role, { id: 'AwsSolutions-IAM4', reason: "CDK's VpcRestrictDefaultSG provider: AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch logs; the rule-revoking permissions are an inline policy scoped to the default security group." });
  return vpc;
}

function cluster(scope, id, vpc, executeCommand = true) {
  const self = new Construct(scope, id);
  if (!executeCommand) {
    const plain = new ecs.Cluster(self, 'Cluster', { vpc, enableFargateCapacityProviders: true });
    plain.node.defaultChild.clusterSettings = [{ name: 'containerInsights', value: 'enabled' }];
    plain.addDefaultCapacityProviderStrategy([{ capacityProvider: 'FARGATE', weight: 1 }]);
    return plain;
  }
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
// As ReferenceStacks.EnvironmentFrom: environment-agnostic unless account and region are both known.
const account = app.node.tryGetContext('account') ?? process.env.CDK_DEFAULT_ACCOUNT;
const region = app.node.tryGetContext('region') ?? process.env.CDK_DEFAULT_REGION;
const env = account && region ? { account, region } : undefined;
const foundation = new Stack(app, 'ContainerPatterns-Foundation', { env, description: 'ContainerPatterns reference: network and ECS cluster' });
cluster(foundation, 'Cluster', network(foundation, 'Network'));
function registry(app, env) {
  const stack = new Stack(app, 'ContainerPatterns-Registry', { env, description: 'ContainerPatterns reference: ECR repository and registry settings' });
  const images = new Construct(stack, 'WebImages');
  const repo = new ecr.Repository(images, 'Repository', {
    imageScanOnPush: true,
    imageTagMutability: ecr.TagMutability.IMMUTABLE,
    encryption: ecr.RepositoryEncryption.AES_256,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [
      { rulePriority: 1, description: 'Keep the newest 20 images tagged release-*', tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: ['release-'], maxImageCount: 20 },
      { rulePriority: 2, description: 'Expire untagged images 7 days after push', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) },
      { rulePriority: 3, description: 'Keep at most 200 images not selected by an earlier rule', tagStatus: ecr.TagStatus.ANY, maxImageCount: 200 },
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

// examples/WebService/Api, found upwards from the working directory or this file (as the C# stack does).
function findApiFolder() {
  const rel = 'examples/WebService/Api';
  for (const start of [process.cwd(), dirname(fileURLToPath(import.meta.url))]) {
    for (let dir = start; ; dir = dirname(dir)) {
      const candidate = join(dir, rel);
      if (existsSync(join(candidate, 'Dockerfile'))) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`${rel}/Dockerfile not found`);
}

// A condition true in any of the regions: Fn::Equals per region, nested Fn::Or of at most 10.

// LoadBalancedWebService with the WebService stack's props (HTTP only, internet-facing, access logs, alarms).
function loadBalancedWebService(scope, id, props) {
  const self = new Construct(scope, id);
  const path = self.node.path;
  const port = props.containerPort;
  const vpc = props.cluster.vpc;
  const stack = Stack.of(self);

  // FargateContainerTask
  const logGroup = new logs.LogGroup(self, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.RETAIN });
  const taskDefinition = new ecs.FargateTaskDefinition(self, 'TaskDefinition', {
    cpu: 512,
    memoryLimitMiB: 1024,
    runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
  });
  const container = taskDefinition.addContainer('Container', {
    containerName: 'app',
    image: props.image,
    readonlyRootFilesystem: true,
    stopTimeout: Duration.seconds(30),
    essential: true,
    portMappings: [{ containerPort: port, protocol: ecs.Protocol.TCP }],
    logging: ecs.LogDriver.awsLogs({ logGroup, streamPrefix: 'app', mode: ecs.AwsLogDriverMode.NON_BLOCKING }),
  });
  props.writablePaths.forEach((p, i) => {
    const volume = `scratch${i}`;
    taskDefinition.addVolume({ name: volume });
    container.addMountPoints({ containerPath: p, sourceVolume: volume, readOnly: false });
  });
  const execPolicy = taskDefinition.executionRole?.node.tryFindChild('DefaultPolicy');
  if (execPolicy instanceof iam.Policy) {
    suppress(execPolicy.node.defaultChild, {
      id: 'AwsSolutions-IAM5',
      reason: `The execution role of ${path} calls ecr:GetAuthorizationToken to pull its image; IAM offers that action on Resource * only, and every other grant of this policy names its log group, repository or secret.`,
      applies_to: ['Resource::*'],
    });
  }

  const privateSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  const service = new ecs.FargateService(self, 'Service', {
    cluster: props.cluster,
    taskDefinition,
    desiredCount: props.minTasks,
    vpcSubnets: privateSubnets,
    assignPublicIp: false,
    capacityProviderStrategies: [{ capacityProvider: 'FARGATE', base: 1, weight: 1 }],
    circuitBreaker: { enable: true, rollback: true },
    minHealthyPercent: 100,
    maxHealthyPercent: 200,
    healthCheckGracePeriod: Duration.seconds(60),
    enableExecuteCommand: false,
    propagateTags: ecs.PropagatedTagSource.SERVICE,
  });

  const alb = new elbv2.ApplicationLoadBalancer(self, 'LoadBalancer', {
    vpc,
    internetFacing: true,
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    dropInvalidHeaderFields: true,
    deletionProtection: false,
  });
  const targetGroup = new elbv2.ApplicationTargetGroup(self, 'TargetGroup', {
    vpc,
    port,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
    deregistrationDelay: Duration.seconds(30),
    healthCheck: {
      enabled: true,
      path: props.healthCheckPath,
      healthyHttpCodes: props.healthCheckHealthyHttpCodes,
      interval: Duration.seconds(15),
      timeout: Duration.seconds(5),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    },
    targets: [service.loadBalancerTarget({ containerName: 'app', containerPort: port })],
  });
  alb.addListener('HttpListener', { port: 80, protocol: elbv2.ApplicationProtocol.HTTP, open: true, defaultTargetGroups: [targetGroup] });
  Annotations.of(self).addWarning(
    `${path} serves plain HTTP on port 80: give LoadBalancedWebServiceProps.Certificate, or DomainName and HostedZone, for HTTPS with a redirect from HTTP.`);
  suppress(alb.connections.securityGroups[0].node.defaultChild, {
    id: 'AwsSolutions-EC23',
    reason: `The security group of the internet-facing load balancer of ${path} admits 0.0.0.0/0 on port 80 only: it is the service's public entry point; the tasks behind it admit the load balancer alone.`,
  });
  const url = `http://${alb.loadBalancerDnsName}`;

  // Access logs
  const bucket = new s3.Bucket(self, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{ id: 'ExpireAccessLogs', enabled: true, expiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
  });
  suppress(bucket.node.defaultChild, {
    id: 'AwsSolutions-S1',
    reason: `This bucket receives the access logs of the load balancer of ${path}; logging access to a log bucket would need yet another bucket, and the log objects are written only by ELB log delivery.`,
  });
  if (!Token.isUnresolved(stack.region)) {
    alb.logAccessLogs(bucket);
  } else {
    const accounts = RegionInfo.regionMap(FactName.ELBV2_ACCOUNT);
    const regions = Object.keys(accounts).sort();
    const rootOf = (account) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', account, ':root']] });
    const principals = regions.map((region) => {
      const inRegion = new CfnCondition(self, 'ElbLogDeliveryIn' + region.split('-').map((p) => p[0].toUpperCase() + p.slice(1)).join(''), {
        expression: Fn.conditionEquals(Aws.REGION, region),
      });
      return { 'Fn::If': [inRegion.logicalId, rootOf(accounts[region]), { Ref: 'AWS::NoValue' }] };
    });
    principals.push(rootOf({ Ref: 'AWS::AccountId' }));
    const logObjects = bucket.arnForObjects(`AWSLogs/${stack.account}/*`);
    bucket.addToResourcePolicy(iam.PolicyStatement.fromJson({ Effect: 'Allow', Action: 's3:PutObject', Principal: { AWS: principals }, Resource: logObjects }));
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['s3:PutObject'], principals: [new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')], resources: [logObjects],
    }));
    alb.setAttribute('access_logs.s3.enabled', 'true');
    alb.setAttribute('access_logs.s3.bucket', bucket.bucketName);
    alb.setAttribute('access_logs.s3.prefix', '');
    alb.node.addDependency(bucket.policy);
  }

  // Scaling
  const scaling = service.autoScaleTaskCount({ minCapacity: props.minTasks, maxCapacity: props.maxTasks });
  const scaleInCooldown = Duration.seconds(300);
  const scaleOutCooldown = Duration.seconds(60);
  scaling.scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: props.targetCpuUtilizationPercent, scaleInCooldown, scaleOutCooldown });
  scaling.scaleOnMemoryUtilization('MemoryScaling', { targetUtilizationPercent: props.targetMemoryUtilizationPercent, scaleInCooldown, scaleOutCooldown });
  scaling.scaleOnRequestCount('RequestScaling', { requestsPerTarget: props.targetRequestsPerTask, targetGroup, scaleInCooldown, scaleOutCooldown });
  for (const s of props.scheduledScaling) {
    scaling.scaleOnSchedule(s.id, {
      schedule: appscaling.Schedule.expression(`cron(${s.cron})`),
      timeZone: TimeZone.of(s.timeZone),
      minCapacity: s.minTasks,
      maxCapacity: s.maxTasks,
    });
  }

  // Alarms
  const period = Duration.minutes(1);
  const sum = { statistic: 'Sum', period };
  const percentOf = (errors, requests, label) => new cloudwatch.MathExpression({
    expression: 'IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)',
    usingMetrics: { errors, requests },
    period,
    label,
  });
  const newAlarm = (alarmId, metric, threshold, comparisonOperator, what) => new cloudwatch.Alarm(self, alarmId, {
    metric,
    threshold,
    comparisonOperator,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: `${path}: ${what.replace('{0}', String(threshold))} in 3 of the last 5 minutes.`,
  });
  const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
  newAlarm('LoadBalancer5xxAlarm',
    percentOf(alb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, sum), alb.metrics.requestCount(sum), 'Load balancer 5xx (%)'),
    5, GT, 'load balancer 5xx responses above {0}% of requests');
  const target5xx = newAlarm('Target5xxAlarm',
    percentOf(targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, sum), targetGroup.metrics.requestCount(sum), 'Target 5xx (%)'),
    5, GT, 'target 5xx responses above {0}% of requests');
  newAlarm('ResponseTimeAlarm', targetGroup.metrics.targetResponseTime({ statistic: 'p99', period }), 2, GT, 'p99 target response time above {0} s');
  const unhealthy = newAlarm('UnhealthyHostsAlarm', targetGroup.metrics.unhealthyHostCount({ statistic: 'Maximum', period }),
    1, cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, '{0} or more unhealthy targets');
  newAlarm('CpuHighAlarm', service.metricCpuUtilization({ statistic: 'Average', period }), 90, GT, 'average CPU utilization above {0}%');
  newAlarm('MemoryHighAlarm', service.metricMemoryUtilization({ statistic: 'Average', period }), 90, GT, 'average memory utilization above {0}%');
  service.enableDeploymentAlarms([target5xx.alarmName, unhealthy.alarmName], { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
  return { url };
}

function webService(app, env) {
  const stack = new Stack(app, 'ContainerPatterns-WebService', { env, description: 'ContainerPatterns reference: ASP.NET Core API on Fargate behind an ALB' });
  const vpc = network(stack, 'Network', false);
  const c = cluster(stack, 'Cluster', vpc, false);
  const images = new Construct(stack, 'Images');
  const repo = new ecr.Repository(images, 'Repository', {
    imageScanOnPush: true,
    imageTagMutability: ecr.TagMutability.IMMUTABLE,
    encryption: ecr.RepositoryEncryption.AES_256,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [
      { rulePriority: 1, description: 'Expire untagged images 7 days after push', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) },
      { rulePriority: 2, description: 'Keep at most 50 images not selected by an earlier rule', tagStatus: ecr.TagStatus.ANY, maxImageCount: 50 },
    ],
  });
  repo.node.defaultChild.encryptionConfiguration = { encryptionType: 'AES256' };
  const registry = stack.node.tryGetContext('dotnetImageRegistry');
  const image = ecs.ContainerImage.fromAsset(findApiFolder(), {
    platform: Platform.LINUX_ARM64,
    buildArgs: registry ? { DOTNET_REGISTRY: registry } : undefined,
    exclude: ['bin', 'obj', '**/bin', '**/obj'],
  });
  const web = loadBalancedWebService(stack, 'Api', {
    cluster: c,
    image,
    containerPort: 8080,
    healthCheckPath: '/health',
    healthCheckHealthyHttpCodes: '200',
    writablePaths: ['/tmp'],
    minTasks: 2,
    maxTasks: 8,
    targetCpuUtilizationPercent: 60,
    targetMemoryUtilizationPercent: 75,
    targetRequestsPerTask: 600,
    scheduledScaling: [
      { id: 'BusinessHours', cron: '0 7 ? * MON-FRI *', timeZone: 'Europe/Berlin', minTasks: 3 },
      { id: 'Night', cron: '0 20 * * ? *', timeZone: 'Europe/Berlin', minTasks: 2 },
    ],
  });
  new CfnOutput(stack, 'Url', { value: web.url, description: "The API's URL (HTTPS when apiDomainName, hostedZoneId and hostedZoneName are given)" });
  new CfnOutput(stack, 'ImageRepositoryUri', { value: repo.repositoryUri, description: 'Where CI pushes release images of the API' });
}

registry(app, env);
webService(app, env);
app.synth();
