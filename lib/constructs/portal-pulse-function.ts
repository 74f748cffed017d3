// A portal-pulse Lambda: NodejsFunction bundled locally by esbuild (no Docker), on the newest Node.js
// runtime, with its own encrypted log group, its own role whose permissions live in a customer-managed
// policy (named actions on named resources), reserved concurrency, and the environment it needs.
import { type Duration, Size } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge.ts';
import { encryptedLogGroup } from './log-group.ts';
import { ENV } from '../handler-contract/index.ts';
import {
  BUNDLED_TEMPLATES_DIR,
  BUNDLES,
  bundleSourceHash,
  copyCommands,
  ESBUILD_TARGET,
  ESM_BANNER,
  EXTERNAL_MODULES,
  REPO_ROOT,
  type HandlerName,
} from './lambda-bundles.ts';
import { join } from 'node:path';

export interface PortalPulseFunctionProps {
  readonly envName: string;
  readonly handler: HandlerName;
  readonly description: string;
  readonly key: kms.IKey;
  readonly logRetentionDays: number;
  readonly keepOnDelete: boolean;
  readonly environment: Record<string, string>;
  readonly statements: iam.PolicyStatement[];
  readonly memoryMb: number;
  readonly timeout: Duration;
  readonly reservedConcurrency: number;
  /**
   * The size of /tmp in MiB (ingest needs room for an export and the lake partitions it rewrites).
   * @default 512 (Lambda's default)
   */
  readonly ephemeralStorageMb?: number;
  /**
   * How the function is invoked, which decides whether a dead-letter queue applies: asynchronous
   * invocations (EventBridge, Scheduler) need one; synchronous callers (Step Functions, the CloudFront
   * function URL) receive the error themselves.
   */
  readonly invocation:
    | { kind: 'async'; deadLetterQueue: sqs.IQueue }
    | { kind: 'state-machine' }
    | { kind: 'function-url' }
    | { kind: 'queue' };
}

const SYNC_CALLER: Record<'state-machine' | 'function-url' | 'queue', string> = {
  queue:
    "It is invoked synchronously by its SQS event source mapping; a message that keeps failing moves to the queue's own dead-letter " +
    'queue (redrive policy), which alarms; a function dead-letter queue applies only to asynchronous invocations.',
  'state-machine':
    'It is invoked synchronously by the monthly Step Functions state machine, which retries transient errors, records failures and ' +
    'alarms on a failed execution; a dead-letter queue would never receive anything.',
  'function-url':
    'It is invoked synchronously through its function URL (CloudFront, origin access control); the viewer gets the error page and the ' +
    'Errors alarm notifies operators; a dead-letter queue applies only to asynchronous invocations.',
};

/**
 * What a construct's grant method grants to: a handler whose customer-managed policy takes named actions
 * on named resources (PortalPulseFunction), in the style of aws-cdk's IGrantable but without the inline
 * policies and action wildcards grant*() writes.
 */
export interface PolicyGrantee {
  /** The customer-managed policy; acknowledgements of the statements' wildcard ARNs are made on it. */
  readonly policy: iam.ManagedPolicy;
  /** Adds a statement to the policy. */
  addToPolicy(statement: iam.PolicyStatement): void;
}

export class PortalPulseFunction extends Construct implements PolicyGrantee {
  readonly fn: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: PortalPulseFunctionProps) {
    super(scope, id);
    const logGroup = encryptedLogGroup(this, 'Logs', {
      envName: props.envName,
      name: props.handler,
      key: props.key,
      retentionDays: props.logRetentionDays,
      keepOnDelete: props.keepOnDelete,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `portal-pulse ${props.envName} ${props.handler} Lambda`,
    });
    // A customer-managed policy rather than grant*(): grants write inline policies with action wildcards.
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `portal-pulse ${props.envName} ${props.handler}: exactly what the handler calls`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'OwnLogGroup',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
        ...props.statements,
      ],
    });
    const spec = BUNDLES[props.handler];
    const withTemplates = spec.assets.includes('templates');
    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      functionName: `portal-pulse-${props.envName}-${props.handler}`,
      description: props.description,
      entry: join(REPO_ROOT, spec.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.X86_64,
      memorySize: props.memoryMb,
      timeout: props.timeout,
      ephemeralStorageSize: props.ephemeralStorageMb ? Size.mebibytes(props.ephemeralStorageMb) : undefined,
      reservedConcurrentExecutions: props.reservedConcurrency,
      // X-Ray: Powertools Tracer (lambdas/shared/log.ts) records each AWS SDK call as a subsegment.
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup,
      environmentEncryption: props.key,
      deadLetterQueue: props.invocation.kind === 'async' ? props.invocation.deadLetterQueue : undefined,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        [ENV.envName]: props.envName,
        [ENV.serviceName]: props.handler,
        ...(withTemplates ? { [ENV.templates]: `/var/task/${BUNDLED_TEMPLATES_DIR}` } : {}),
        ...props.environment,
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: ESBUILD_TARGET,
        mainFields: ['module', 'main'],
        banner: ESM_BANNER,
        externalModules: EXTERNAL_MODULES,
        sourceMap: true,
        minify: false,
        forceDockerBundling: false,
        assetHash: bundleSourceHash(props.handler),
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => copyCommands(props.handler, REPO_ROOT.replace(/\/$/, ''), outputDir),
        },
      },
    });
    // The function's own policy must exist before the function can run; CloudFormation does not infer it.
    this.fn.node.addDependency(this.policy);

    acknowledge(
      this.fn,
      'HIPAA.Security-LambdaInsideVPC',
      'The function calls only AWS service APIs (S3, Athena, Glue, SES, KMS, CloudWatch) over TLS with IAM-signed requests and holds no ' +
        'network-reachable resource; a VPC would add NAT or six interface endpoints without narrowing any data path. Data access is ' +
        'limited by the role policy and the KMS key policy.',
    );
    const defaultPolicy = this.role.node.findChild('DefaultPolicy');
    acknowledge(
      defaultPolicy,
      'AwsSolutions-IAM5[Resource::*]',
      'Active tracing: CDK grants xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions (AWS ' +
        'documents Resource "*").',
    );
    if (props.invocation.kind === 'async') {
      acknowledge(
        defaultPolicy,
        'HIPAA.Security-IAMNoInlinePolicy',
        'CDK writes the Lambda dead-letter queue permission (sqs:SendMessage on this one queue) and the X-Ray tracing permission as an ' +
          'inline policy; everything else is in the customer-managed policy.',
      );
    } else {
      acknowledge(
        defaultPolicy,
        'HIPAA.Security-IAMNoInlinePolicy',
        'CDK writes the active-tracing permission (xray:PutTraceSegments, xray:PutTelemetryRecords) as an inline policy; everything else ' +
          'is in the customer-managed policy.',
      );
      acknowledge(this.fn, 'HIPAA.Security-LambdaDLQ', SYNC_CALLER[props.invocation.kind]);
    }
  }

  addToPolicy(statement: iam.PolicyStatement): void {
    this.policy.addStatements(statement);
  }
}
