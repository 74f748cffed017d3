// The environment's six buckets. All but the access-log bucket use the customer-managed key; all are
// TLS-only, private, versioned and access-logged, and each has lifecycle rules matching what it holds:
//   raw          exports as uploaded (uploads/<export>/...), kept briefly: the lake is the durable copy
//   lake         the Parquet lake (messages/, clinicians/, departments/, loads/, lake.json)
//   quarantine   rejected rows with file, line and reason (may hold patient ids): analytics team only
//   results      Athena output (athena/), monthly.json and departments.json (monthly/), the send ledger (ledger/)
//   reports      hosted pages, served only through CloudFront with a signed-in viewer (email previews stay
//                private in results: previews/<YYYY-MM>/emails/)
//   access logs  S3 server access logs and CloudFront logs (SSE-S3: log delivery cannot use a KMS key)
//
// The grant methods below are the only place a handler's policy names an object in these buckets: each
// is named for what a handler does (grantReadUploads, grantLedger, ...), scoped to the prefixes of
// lib/handler-contract, and acknowledges the wildcard ARN it needs with the reason, so a construct that
// wires a handler says what the handler may do, not which ARNs it may touch.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, arnFinding } from './acknowledge.ts';
import { LEADS_KEY, PREFIXES, RUN_OBJECT } from '../handler-contract/index.ts';
import { READERS_PREFIX } from '../lake/shared-lake.ts';
import type { PolicyGrantee } from './portal-pulse-function.ts';

export interface LakeBucketsProps {
  readonly envName: string;
  /** The customer-managed key of every bucket but the access-log bucket. */
  readonly key: kms.IKey;
  /** Days each kind of object is kept (the environment config's retention block). */
  readonly retention: {
    readonly rawUploadsDays: number;
    readonly quarantineDays: number;
    readonly queryResultsDays: number;
    readonly accessLogsDays: number;
    readonly noncurrentVersionsDays: number;
  };
  /** Retain the buckets when the stack is deleted (production). */
  readonly keepOnDelete: boolean;
}

/** An object grant: `actions` on the keys (patterns) of one bucket, each wildcard acknowledged with `why`. */
interface ObjectGrant {
  readonly sid: string;
  readonly bucket: s3.Bucket;
  readonly actions: string[];
  readonly keys: string[];
  /** Why a wildcard key is needed (the cdk-nag acknowledgement); required when a key has one. */
  readonly why?: string;
}

// A month's folder under monthly/ is named at run time, so grants under it name every month.
const MONTHLY_OBJECTS = `${PREFIXES.monthly}*`;

export class LakeBuckets extends Construct {
  readonly accessLogs: s3.Bucket;
  readonly raw: s3.Bucket;
  readonly lake: s3.Bucket;
  readonly quarantine: s3.Bucket;
  readonly results: s3.Bucket;
  readonly reports: s3.Bucket;

  constructor(scope: Construct, id: string, props: LakeBucketsProps) {
    super(scope, id);
    const removalPolicy = props.keepOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const r = props.retention;
    // Versioning protects against an overwrite or a delete by mistake for noncurrentVersionsDays. Raw
    // uploads and quarantine are kept only for their own retention: their old versions go after a day,
    // so versioning never keeps an export or a rejected row (which may hold patient ids) past it.
    const housekeeping = (noncurrentDays: number): s3.LifecycleRule => ({
      id: 'housekeeping',
      abortIncompleteMultipartUploadAfter: Duration.days(7),
      noncurrentVersionExpiration: Duration.days(noncurrentDays),
      expiredObjectDeleteMarker: true,
    });

    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      // CloudFront standard logs are delivered with an ACL grant; S3 server access logs use the bucket policy.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [
        {
          id: 'expire-logs',
          expiration: Duration.days(r.accessLogsDays),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy,
    });
    acknowledge(
      this.accessLogs,
      'HIPAA.Security-S3DefaultEncryptionKMS',
      'S3 server access log delivery supports only SSE-S3 on the target bucket; the logs hold request metadata, no message content.',
    );
    acknowledge(
      this.accessLogs,
      'HIPAA.Security-S3BucketReplicationEnabled',
      'Access logs are operational records kept for the configured retention in one region; cross-region replication is not required for ' +
        'them.',
    );

    const secure = (bucketId: string, lifecycleRules: s3.LifecycleRule[], noncurrentDays = r.noncurrentVersionsDays): s3.Bucket => {
      const bucket = new s3.Bucket(this, bucketId, {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: props.key,
        bucketKeyEnabled: true,
        enforceSSL: true,
        minimumTLSVersion: 1.2,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        versioned: true,
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: `s3/${bucketId.toLowerCase()}/`,
        lifecycleRules: [housekeeping(noncurrentDays), ...lifecycleRules],
        removalPolicy,
      });
      acknowledge(
        bucket,
        'HIPAA.Security-S3BucketReplicationEnabled',
        `The ${bucketId} bucket is versioned, KMS-encrypted and retained on stack deletion in production; the deployment is ` +
          `single-region by design and cross-region replication of PHI is a separate data-residency decision.`,
      );
      return bucket;
    };

    this.raw = secure('Raw', [{ id: 'expire-uploads', prefix: PREFIXES.uploads, expiration: Duration.days(r.rawUploadsDays) }], 1);
    // EventBridge notifications, set on the bucket resource itself: the ingest trigger can then filter on
    // the upload marker's key, and (unlike the L2 eventBridgeEnabled flag) no notifications custom-resource
    // Lambda is deployed.
    (this.raw.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    this.lake = secure('Lake', []);
    this.quarantine = secure('Quarantine', [{ id: 'expire-quarantine', expiration: Duration.days(r.quarantineDays) }], 1);
    this.results = secure('Results', [
      { id: 'expire-athena-results', prefix: PREFIXES.athenaResults, expiration: Duration.days(r.queryResultsDays) },
    ]);
    this.reports = secure('Reports', []);
  }

  // ---- raw and quarantine (ingestion) ----

  /** Read and list the uploaded exports under uploads/ (the ingest handler). */
  grantReadUploads(grantee: PolicyGrantee): void {
    this.grantObjects(grantee, {
      sid: 'ReadUploads',
      bucket: this.raw,
      actions: ['s3:GetObject'],
      keys: [`${PREFIXES.uploads}*`],
      why: 'Object ARNs under the uploads/ prefix: each export folder has a new name, so objects cannot be listed one by one.',
    });
    this.grantList(grantee, 'ListUploads', this.raw, ['s3:ListBucket'], PREFIXES.uploads);
  }

  /** Write rejected rows under quarantine/ (the ingest handler); no read: the analytics team reviews them. */
  grantWriteQuarantine(grantee: PolicyGrantee): void {
    this.grantObjects(grantee, {
      sid: 'WriteQuarantine',
      bucket: this.quarantine,
      actions: ['s3:PutObject'],
      keys: [`${PREFIXES.quarantine}*`],
      why: 'Object ARNs under quarantine/: one file per load, named by the load id at run time.',
    });
  }

  // ---- lake ----

  /** Read, write, delete and list every lake file (the ingest handler rewrites the partitions a load touches). */
  grantReadWriteLake(grantee: PolicyGrantee): void {
    this.grantObjects(grantee, {
      sid: 'ReadWriteLake',
      bucket: this.lake,
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      keys: ['*'],
      why:
        'The lake bucket holds only lake files (messages partitions, clinicians, departments, loads, lake.json); ' +
        'ingestion rewrites any partition an export touches.',
    });
    this.grantList(grantee, 'ListLake', this.lake, ['s3:ListBucket']);
  }

  /** Read and list every lake file (a handler whose Athena queries scan the lake: Athena reads with its credentials). */
  grantReadLake(grantee: PolicyGrantee): void {
    this.grantObjects(grantee, {
      sid: 'ReadLake',
      bucket: this.lake,
      actions: ['s3:GetObject'],
      keys: ['*'],
      why: 'Athena reads every lake file a query scans; the lake bucket holds nothing else.',
    });
    this.grantList(grantee, 'ListLake', this.lake, ['s3:ListBucket', 's3:GetBucketLocation']);
  }

  /** Take and release a reader lease on the shared lake (.lake/readers/, lib/lake/shared-lake.ts). */
  grantReaderLease(grantee: PolicyGrantee): void {
    this.grantObjects(grantee, {
      sid: 'ReaderLease',
      bucket: this.lake,
      actions: ['s3:PutObject', 's3:DeleteObject'],
      keys: [`${READERS_PREFIX}*`],
      why: "The run's reader lease .lake/readers/<time>-<id>.json (lib/lake/shared-lake.ts), named at run time.",
    });
  }

  // ---- results (private) ----

  /** Read and write a month's results (monthly/<YYYY-MM>/) and the lead list the page sign-in accepts (compute). */
  grantWriteMonthly(grantee: PolicyGrantee): void {
    this.grantObjects(grantee, {
      sid: 'WriteMonthly',
      bucket: this.results,
      actions: ['s3:GetObject', 's3:PutObject'],
      keys: [MONTHLY_OBJECTS, LEADS_KEY],
      why: 'monthly/<YYYY-MM>/ objects for the month being computed; the month is known only at run time.',
    });
  }

  /** Read a month's results, monthly/<YYYY-MM>/monthly.json (a department's send). */
  grantReadMonthly(grantee: PolicyGrantee): void {
    this.grantObjects(grantee, {
      sid: 'ReadMonthly',
      bucket: this.results,
      actions: ['s3:GetObject'],
      keys: [MONTHLY_OBJECTS],
      why: 'Reads monthly/<YYYY-MM>/monthly.json for the month being sent, known only at run time.',
    });
  }

  /** Write a month's run.json and no other object of the month (the finish step cannot overwrite results). */
  grantWriteRunOutcome(grantee: PolicyGrantee): void {
    this.grantObjects(grantee, {
      sid: 'WriteRun',
      bucket: this.results,
      actions: ['s3:PutObject'],
      keys: [`${MONTHLY_OBJECTS}/${RUN_OBJECT}`],
      why: `Writes monthly/<YYYY-MM>/${RUN_OBJECT} for the month just run (and no other object of the month).`,
    });
  }

  /**
   * Read a month's run.json, and list monthly/ so a month that never finished reads as missing (404)
   * rather than as denied (403) (the watchdog).
   */
  grantReadRunOutcome(grantee: PolicyGrantee): void {
    this.grantObjects(grantee, {
      sid: 'ReadRun',
      bucket: this.results,
      actions: ['s3:GetObject'],
      keys: [`${MONTHLY_OBJECTS}/${RUN_OBJECT}`],
      why: `Reads monthly/<YYYY-MM>/${RUN_OBJECT} for the month being checked.`,
    });
    this.grantList(grantee, 'Listmonthly', this.results, ['s3:ListBucket'], PREFIXES.monthly);
  }

  /** Take a scheduled start's run lock, runs/<YYYY-MM>/<scheduled time>.json, with a conditional write (compute). */
  grantRunLock(grantee: PolicyGrantee): void {
    this.grantObjects(grantee, {
      sid: 'RunLock',
      bucket: this.results,
      actions: ['s3:GetObject', 's3:PutObject'],
      keys: [`${PREFIXES.runs}*`],
      why: 'runs/<YYYY-MM>/<scheduled time>.json, the run lock of each scheduled start, named at run time.',
    });
  }

  /**
   * Claim, record and withdraw sends in the ledger (ledger/<YYYY-MM>/<dept>/<lead>.*), and list it.
   * DeleteObject: a claim is withdrawn when a send certainly failed, so the next attempt retries that lead.
   */
  grantLedger(grantee: PolicyGrantee): void {
    this.grantObjects(grantee, {
      sid: 'Ledger',
      bucket: this.results,
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      keys: [`${PREFIXES.ledger}*`],
      why: 'One ledger object per month and department (ledger/<YYYY-MM>/<department>), created at run time.',
    });
    this.grantList(grantee, 'Listledger', this.results, ['s3:ListBucket'], PREFIXES.ledger);
  }

  /**
   * Write each department's email as sent (previews/<YYYY-MM>/emails/). Previews are addressed to every
   * lead: they stay in the private results bucket, never the hosted one.
   */
  grantWriteEmailPreviews(grantee: PolicyGrantee): void {
    this.grantObjects(grantee, {
      sid: 'WriteEmailPreview',
      bucket: this.results,
      actions: ['s3:PutObject'],
      keys: [`${PREFIXES.previews}*`],
      why: "previews/<YYYY-MM>/emails/<department>.eml and .html, the private preview of the department's email, " + 'named at run time.',
    });
  }

  /** Read the lead addresses the page sign-in accepts (access/leads.json). */
  grantReadLeadList(grantee: PolicyGrantee): void {
    this.grantObjects(grantee, { sid: 'ReadLeadList', bucket: this.results, actions: ['s3:GetObject'], keys: [LEADS_KEY] });
  }

  /**
   * Read the result files the distributed Map writes under `prefix` (the finish step). The prefix is the
   * state machine's (MAP_RESULTS in monthly-state-machine.ts), which names the files.
   */
  grantReadMapResults(grantee: PolicyGrantee, prefix: string): void {
    this.grantObjects(grantee, {
      sid: 'ReadMapResults',
      bucket: this.results,
      actions: ['s3:GetObject'],
      keys: [`${prefix}*`],
      why: `Reads the distributed Map's result files (${prefix}<map run id>/...), named by Step Functions at run time.`,
    });
  }

  // ---- reports (hosted) ----

  /** Publish pages: read, write and list the reports bucket (a month's page, and index.html rebuilt from every page). */
  grantPublishPages(grantee: PolicyGrantee): void {
    this.grantObjects(grantee, {
      sid: 'PublishReports',
      bucket: this.reports,
      actions: ['s3:GetObject', 's3:PutObject'],
      keys: ['*'],
      why:
        "The reports bucket holds only published pages; publishing writes the month's page and rebuilds index.html " +
        'from every page it reads.',
    });
    this.grantList(grantee, 'ListReports', this.reports, ['s3:ListBucket']);
  }

  private grantObjects(grantee: PolicyGrantee, g: ObjectGrant): void {
    grantee.addToPolicy(
      new iam.PolicyStatement({ sid: g.sid, actions: g.actions, resources: g.keys.map((k) => g.bucket.arnForObjects(k)) }),
    );
    const cfn = g.bucket.node.defaultChild as s3.CfnBucket;
    for (const k of g.keys.filter((key) => key.includes('*'))) {
      acknowledge(grantee.policy, arnFinding('AwsSolutions-IAM5', cfn, `/${k}`), g.why ?? '');
    }
  }

  /** Bucket-level actions (listing), limited to keys under `prefix` when given. */
  private grantList(grantee: PolicyGrantee, sid: string, bucket: s3.Bucket, actions: string[], prefix?: string): void {
    grantee.addToPolicy(
      new iam.PolicyStatement({
        sid,
        actions,
        resources: [bucket.bucketArn],
        ...(prefix ? { conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
      }),
    );
  }
}
