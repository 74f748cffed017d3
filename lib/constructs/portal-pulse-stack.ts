// One environment's stack: key, buckets, Glue catalog, Athena workgroup, SES sender, operations, ingest,
// the monthly job and report hosting. A single stack because the pieces reference each other both
// ways (the key policy names the services using it, the reports bucket policy names the distribution);
// split stacks would need cross-stack cycles broken by hand for no operational gain.
import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AthenaWorkgroup } from './athena-workgroup.ts';
import { Audit } from './audit.ts';
import { DataKey } from './data-key.ts';
import type { EnvironmentConfig } from './environment-config.ts';
import { GlueCatalog } from './glue-catalog.ts';
import { IngestPipeline } from './ingest-pipeline.ts';
import { LakeBuckets } from './lake-buckets.ts';
import { MonthlyJob } from './monthly-job.ts';
import { Operations } from './operations.ts';
import { ReportHosting } from './report-hosting.ts';
import { SesSender } from './ses-sender.ts';

export interface PortalPulseStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/**
 * The account's SES rate split between the sign-in sender (a tenth of it, at most one a second) and the
 * monthly senders that can run at once (the rest, evenly), so that together they never exceed it.
 */
export function sesRateShares(maxSendRate: number, monthlySenders: number): { signIn: number; perDepartmentSender: number } {
  const signIn = Math.min(1, maxSendRate / 10);
  return { signIn, perDepartmentSender: (maxSendRate - signIn) / monthlySenders };
}

export function stackName(config: EnvironmentConfig): string {
  return `PortalPulse-${config.name}`;
}

export class PortalPulseStack extends Stack {
  readonly config: EnvironmentConfig;
  readonly key: DataKey;
  readonly buckets: LakeBuckets;
  readonly catalog: GlueCatalog;
  readonly workgroup: AthenaWorkgroup;
  readonly ses: SesSender;
  readonly operations: Operations;
  readonly ingest: IngestPipeline;
  readonly monthly: MonthlyJob;
  readonly hosting: ReportHosting;
  readonly audit: Audit;

  constructor(scope: Construct, id: string, props: PortalPulseStackProps) {
    super(scope, id, {
      ...props,
      env: { account: props.config.account, region: props.config.region },
      description: `portal-pulse ${props.config.name}: message lake, Athena analyses, monthly department reports`,
      terminationProtection: props.config.keepDataOnDelete,
    });
    // Before any child: the distributed Map's ResultWriterV2 (lib/constructs/monthly-job.ts) needs it.
    this.node.setContext('@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2', true);
    const c = props.config;
    this.config = c;
    Tags.of(this).add('project', 'portal-pulse');
    Tags.of(this).add('environment', c.name);
    const keep = c.keepDataOnDelete;

    this.key = new DataKey(this, 'DataKey', { envName: c.name, keepOnDelete: keep });
    const key = this.key.key;
    this.buckets = new LakeBuckets(this, 'Buckets', { envName: c.name, key, retention: c.retention, keepOnDelete: keep });
    this.catalog = new GlueCatalog(this, 'Catalog', {
      envName: c.name,
      lakeBucket: this.buckets.lake,
      projectionYears: c.athena.projectionYears,
    });
    this.workgroup = new AthenaWorkgroup(this, 'Athena', {
      envName: c.name,
      resultsBucket: this.buckets.results,
      key,
      bytesScannedCutoffPerQuery: c.athena.bytesScannedCutoffPerQuery,
    });
    this.operations = new Operations(this, 'Operations', { envName: c.name, key, operatorEmails: c.operatorEmails });
    this.ses = new SesSender(this, 'Email', {
      envName: c.name,
      identity: c.sesIdentity,
      senderAddress: c.senderAddress,
      operations: this.operations,
    });
    const sesShares = sesRateShares(c.ses.maxSendRate, c.monthly.maxConcurrency);
    const common = { envName: c.name, key, logRetentionDays: c.retention.logDays, keepOnDelete: keep, operations: this.operations };

    this.ingest = new IngestPipeline(this, 'Ingest', {
      ...common,
      buckets: this.buckets,
      settings: c.settings,
    });
    this.monthly = new MonthlyJob(this, 'Monthly', {
      ...common,
      timezone: c.timezone,
      monthlyCron: c.schedule.monthly,
      watchdogCron: c.schedule.watchdog,
      buckets: this.buckets,
      catalog: this.catalog,
      workgroup: this.workgroup,
      ses: this.ses,
      settings: c.settings,
      maxConcurrency: c.monthly.maxConcurrency,
      sendAttempts: c.monthly.sendAttempts,
      sesMaxPerSecond: sesShares.perDepartmentSender,
    });
    this.hosting = new ReportHosting(this, 'Hosting', {
      ...common,
      buckets: this.buckets,
      ses: this.ses,
      senderAddress: c.senderAddress,
      linkBase: c.reportLinkBase,
      sessionHours: c.hosting.sessionHours,
      signInLinkMinutes: c.hosting.signInLinkMinutes,
      signInPerMinute: c.hosting.signInPerMinute,
      signInCooldownSeconds: c.hosting.signInCooldownSeconds,
      // One paced sender; the monthly senders share the rest of the account's rate.
      sesMaxPerSecond: sesShares.signIn,
      domainName: c.hosting.domainName,
      certificateArn: c.hosting.certificateArn,
    });

    const b = this.buckets;
    this.audit = new Audit(this, 'Audit', {
      envName: c.name,
      key,
      accessLogs: b.accessLogs,
      dataBuckets: [b.raw, b.lake, b.quarantine, b.results, b.reports],
      backedUp: [b.lake, b.results],
      backupRetentionDays: c.backup.retentionDays,
      auditRetentionDays: c.retention.accessLogsDays,
      logRetentionDays: c.retention.logDays,
      keepOnDelete: keep,
    });

    new CfnOutput(this, 'RawBucket', {
      value: this.buckets.raw.bucketName,
      description: 'Upload exports to s3://<this>/uploads/<export>/ then put READY',
    });
    new CfnOutput(this, 'ResultsBucket', { value: this.buckets.results.bucketName });
    new CfnOutput(this, 'ReportsBucket', { value: this.buckets.reports.bucketName });
    new CfnOutput(this, 'MonthlyStateMachine', {
      value: this.monthly.stateMachine.stateMachineArn,
      description: 'Start with {"month":"YYYY-MM"} for a backfill',
    });
    new CfnOutput(this, 'AthenaWorkgroup', { value: this.workgroup.name });
    new CfnOutput(this, 'GlueDatabase', { value: this.catalog.databaseName });
  }
}
