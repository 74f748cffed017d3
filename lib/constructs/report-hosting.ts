// Hosted pages are never public. CloudFront serves the reports bucket through origin access control (the
// bucket has no public access and only this distribution may read it), and a CloudFront Function checks a
// signed session cookie on every request (and logs the pseudonymous lead id of each page view). Leads get
// the cookie from the page-access Lambda (behind /auth/*, also reached only through CloudFront with OAC)
// by an emailed single-use link: page-access counts the request against a site-wide rate and a
// per-address cooldown (conditional writes on a DynamoDB table, which hold under parallel calls) and
// queues it (SQS); the sign-in-sender Lambda checks the address against access/leads.json and mails the
// link. The session keyring and the pseudonym key are Secrets Manager secrets only those two functions
// may read; the viewer function holds a copy of each session key in its KeyValueStore. See docs/deploy.md
// "How leads reach hosted pages" and "Rotate the session key".
import { readFileSync } from 'node:fs';
import { Annotations, CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { dataKeyStatement } from './data-key.ts';
import { acknowledge } from './acknowledge.ts';
import { ENV } from '../handler-contract/index.ts';
import type { LakeBuckets } from './lake-buckets.ts';
import type { Operations } from './operations.ts';
import { PortalPulseFunction } from './portal-pulse-function.ts';
import type { SesSender } from './ses-sender.ts';

export interface ReportHostingProps {
  readonly envName: string;
  readonly key: kms.IKey;
  /** The reports bucket (the distribution's origin), the results bucket (the lead list) and the access-log bucket. */
  readonly buckets: LakeBuckets;
  readonly ses: SesSender;
  readonly senderAddress: string;
  readonly linkBase: string;
  readonly sessionHours: number;
  readonly signInLinkMinutes: number;
  readonly signInPerMinute: number;
  readonly signInCooldownSeconds: number;
  /** This sender's share of the SES rate (messages a second). */
  readonly sesMaxPerSecond: number;
  /**
   * The pages' own host name (with certificateArn; both from hosting.* in the environment config).
   * @default - the distribution's *.cloudfront.net name
   */
  readonly domainName?: string;
  /**
   * An ACM certificate (us-east-1) for domainName; with it the viewer TLS minimum is TLSv1.2_2021.
   * @default - the *.cloudfront.net certificate, whose TLS policy CloudFront fixes
   */
  readonly certificateArn?: string;
  readonly logRetentionDays: number;
  readonly keepOnDelete: boolean;
  readonly operations: Operations;
}

/** The KeyValueStore key holding the HMAC key of session cookies signed with key id <kid>. */
export const sessionKeyName = (kid: string) => `session-key:${kid}`;

export class ReportHosting extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly keyValueStore: cloudfront.KeyValueStore;
  readonly viewerFunction: cloudfront.Function;
  readonly pageAccess: PortalPulseFunction;
  readonly signInSender: PortalPulseFunction;
  readonly signInTable: dynamodb.Table;
  readonly signInQueue: sqs.Queue;
  readonly keyring: secretsmanager.Secret;
  readonly pseudonymKey: secretsmanager.Secret;

  // The steps run in the order the resources were first written in, each in this construct's scope, so
  // construct paths and logical ids stay what they were.
  constructor(scope: Construct, id: string, props: ReportHostingProps) {
    super(scope, id);
    ({ keyValueStore: this.keyValueStore, viewerFunction: this.viewerFunction } = this.viewerAuth(props));
    ({ keyring: this.keyring, pseudonymKey: this.pseudonymKey } = this.secrets(props));
    this.signInTable = this.signInLimits(props);
    const signIn = this.signInQueues(props);
    this.signInQueue = signIn.queue;
    this.pageAccess = this.pageAccessFunction(props);
    this.signInSender = this.signInSenderFunction(props);
    props.operations.deadLetterAlarm('SignInDeadLetters', signIn.deadLetters, 'A sign-in link request');
    this.distribution = this.pagesDistribution(props);
    this.outputs(props);
    props.operations.alarm('PageAccessErrors', {
      metric: this.pageAccess.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 5,
      description: 'The page sign-in Lambda is failing; leads cannot reach hosted pages.',
    });
  }

  /** The viewer-request function that checks the session cookie, and the KeyValueStore of session keys it reads. */
  private viewerAuth(props: ReportHostingProps) {
    const keyValueStore = new cloudfront.KeyValueStore(this, 'SessionKeys', {
      keyValueStoreName: `portal-pulse-${props.envName}-sessions`,
      comment: 'session-key:<kid>: the HMAC keys of pp_session cookies, copied from the keyring secret (docs/deploy.md)',
    });
    const code = readFileSync(new URL('./viewer-request-function.js', import.meta.url), 'utf8');
    const viewerFunction = new cloudfront.Function(this, 'ViewerAuth', {
      functionName: `portal-pulse-${props.envName}-viewer-auth`,
      comment: 'Requires a signed pp_session cookie on every hosted page; logs the pseudonymous lead id',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      keyValueStore,
      code: cloudfront.FunctionCode.fromInline(code.replace('__KVS_ID__', keyValueStore.keyValueStoreId)),
    });
    return { keyValueStore, viewerFunction };
  }

  /** The session keyring and the lead pseudonym key, generated by CloudFormation. */
  private secrets(props: ReportHostingProps) {
    const removalPolicy = props.keepOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // The keyring: {"current": "k1", "k1": "<64 random characters>"}; a rotation adds k2 and moves
    // "current" (docs/deploy.md). Generated by CloudFormation: no key ever passes through a command line.
    const keyring = new secretsmanager.Secret(this, 'SessionKeyring', {
      secretName: `portal-pulse/${props.envName}/session-keyring`,
      description:
        'HMAC keys of the hosted pages session cookies and sign-in links, by key id; read only by page-access and sign-in-sender',
      encryptionKey: props.key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ current: 'k1' }),
        generateStringKey: 'k1',
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy,
    });
    const pseudonymKey = new secretsmanager.Secret(this, 'LeadPseudonymKey', {
      secretName: `portal-pulse/${props.envName}/lead-pseudonym-key`,
      description:
        'HMAC key of the pseudonymous lead id in sign-in and page-view logs; never rotated, so a lead keeps one id in the audit trail',
      encryptionKey: props.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    const noRotation =
      'Rotated by the documented two-key procedure (docs/deploy.md "Rotate the session key"): each key must also be copied to the ' +
      'CloudFront KeyValueStore before it signs anything, which a Secrets Manager rotation Lambda cannot order safely.';
    acknowledge(keyring, 'AwsSolutions-SMG4', noRotation);
    acknowledge(keyring, 'HIPAA.Security-SecretsManagerRotationEnabled', noRotation);
    const pseudonymReason =
      'The pseudonym key is deliberately never rotated: a lead must keep one pseudonymous id across the whole audit trail ' +
      '(6 years of logs). It protects no session; it only hides addresses in logs.';
    acknowledge(pseudonymKey, 'AwsSolutions-SMG4', pseudonymReason);
    acknowledge(pseudonymKey, 'HIPAA.Security-SecretsManagerRotationEnabled', pseudonymReason);
    return { keyring, pseudonymKey };
  }

  /** The sign-in table: the site-wide rate, per-address cooldowns and used-link nonces (conditional writes). */
  private signInLimits(props: ReportHostingProps): dynamodb.Table {
    const table = new dynamodb.Table(this, 'SignInTable', {
      tableName: `portal-pulse-${props.envName}-sign-in`,
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expires_at',
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: props.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(
      table,
      'HIPAA.Security-DynamoDBInBackupPlan',
      'The sign-in table holds only short-lived counters, cooldowns and used-link nonces (TTL, hours at most); losing it lets a few ' +
        'links be reused within their minutes of life. Point-in-time recovery is on; a backup plan would keep nothing worth restoring.',
    );
    return table;
  }

  /** The queue of sign-in link requests (page-access sends, sign-in-sender consumes) and its dead-letter queue. */
  private signInQueues(props: ReportHostingProps): { queue: sqs.Queue; deadLetters: sqs.Queue } {
    const deadLetters = new sqs.Queue(this, 'SignInDeadLetters', {
      queueName: `portal-pulse-${props.envName}-sign-in-dlq`,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(1),
    });
    const queue = new sqs.Queue(this, 'SignInRequests', {
      queueName: `portal-pulse-${props.envName}-sign-in`,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      // A request older than a link's lifetime is useless; the sender drops it anyway.
      retentionPeriod: Duration.minutes(Math.max(5, props.signInLinkMinutes)),
      visibilityTimeout: Duration.seconds(180),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 3 },
    });
    return { queue, deadLetters };
  }

  /** Both sign-in functions read the session keyring and the pseudonym key. */
  private readSessionKeys(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      sid: 'ReadSessionKeys',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [this.keyring.secretArn, this.pseudonymKey.secretArn],
    });
  }

  /** page-access (behind /auth/*): rate-limits and queues link requests, redeems links, sets the cookie. */
  private pageAccessFunction(props: ReportHostingProps): PortalPulseFunction {
    const fn = new PortalPulseFunction(this, 'PageAccess', {
      envName: props.envName,
      handler: 'page-access',
      description: 'Sign-in for hosted pages: rate-limits and queues link requests, redeems single-use links, sets the session cookie',
      key: props.key,
      logRetentionDays: props.logRetentionDays,
      keepOnDelete: props.keepOnDelete,
      memoryMb: 256,
      timeout: Duration.seconds(10),
      reservedConcurrency: 5,
      invocation: { kind: 'function-url' },
      environment: {
        [ENV.resultsBucket]: props.buckets.results.bucketName,
        [ENV.linkBase]: props.linkBase,
        [ENV.sessionHours]: String(props.sessionHours),
        [ENV.signInLinkMinutes]: String(props.signInLinkMinutes),
        [ENV.signInPerMinute]: String(props.signInPerMinute),
        [ENV.signInCooldownSeconds]: String(props.signInCooldownSeconds),
        [ENV.signInTable]: this.signInTable.tableName,
        [ENV.signInQueueUrl]: this.signInQueue.queueUrl,
        [ENV.sessionKeyringSecret]: this.keyring.secretArn,
        [ENV.leadPseudonymSecret]: this.pseudonymKey.secretArn,
      },
      statements: [
        this.readSessionKeys(),
        new iam.PolicyStatement({
          sid: 'SignInLimits',
          actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
          resources: [this.signInTable.tableArn],
        }),
        new iam.PolicyStatement({ sid: 'QueueSignIn', actions: ['sqs:SendMessage'], resources: [this.signInQueue.queueArn] }),
        dataKeyStatement(props.key, ['kms:Decrypt', 'kms:GenerateDataKey'], ['s3', 'sqs', 'secretsmanager', 'dynamodb']),
      ],
    });
    props.buckets.grantReadLeadList(fn);
    return fn;
  }

  /** sign-in-sender: mails a queued link to a lead's address, one message at a time at its share of the SES rate. */
  private signInSenderFunction(props: ReportHostingProps): PortalPulseFunction {
    const fn = new PortalPulseFunction(this, 'SignInSender', {
      envName: props.envName,
      handler: 'sign-in-sender',
      description: "Mails a queued sign-in link if the address is a department lead's (paced to the SES rate)",
      key: props.key,
      logRetentionDays: props.logRetentionDays,
      keepOnDelete: props.keepOnDelete,
      memoryMb: 256,
      timeout: Duration.seconds(30),
      // One at a time, paced: an attack on the sign-in form can never take more of the SES rate than this.
      reservedConcurrency: 1,
      invocation: { kind: 'queue' },
      environment: {
        [ENV.resultsBucket]: props.buckets.results.bucketName,
        [ENV.senderAddress]: props.senderAddress,
        [ENV.linkBase]: props.linkBase,
        [ENV.signInLinkMinutes]: String(props.signInLinkMinutes),
        [ENV.sesConfigurationSet]: props.ses.configurationSetName,
        [ENV.sesMaxPerSecond]: String(props.sesMaxPerSecond),
        [ENV.sessionKeyringSecret]: this.keyring.secretArn,
        [ENV.leadPseudonymSecret]: this.pseudonymKey.secretArn,
      },
      statements: [
        this.readSessionKeys(),
        new iam.PolicyStatement({
          sid: 'ConsumeSignIn',
          actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
          resources: [this.signInQueue.queueArn],
        }),
        dataKeyStatement(props.key, ['kms:Decrypt'], ['s3', 'sqs', 'secretsmanager']),
        props.ses.sendStatement(),
      ],
    });
    props.buckets.grantReadLeadList(fn);
    // Created directly rather than with SqsEventSource, which would add the same permissions inline.
    new lambda.EventSourceMapping(this, 'SignInQueueTrigger', {
      target: fn.fn,
      eventSourceArn: this.signInQueue.queueArn,
      batchSize: 1,
      reportBatchItemFailures: true,
    }).node.addDependency(fn.policy);
    acknowledge(
      fn.policy,
      props.ses.recipientWildcardFinding(),
      'While the account is in the SES sandbox SES also authorises the recipient identity; the recipient is the lead asking to sign in. ' +
        'The statement is pinned to the sender by the ses:FromAddress condition.',
    );
    return fn;
  }

  /** The distribution: pages from the reports bucket, /auth/* from page-access, both through origin access control. */
  private pagesDistribution(props: ReportHostingProps): cloudfront.Distribution {
    const url = this.pageAccess.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    const certificate = props.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn) : undefined;
    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `portal-pulse ${props.envName} report pages (signed-in leads only)`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.buckets.accessLogs,
      logFilePrefix: 'cloudfront/',
      ...(props.domainName && certificate
        ? { domainNames: [props.domainName], certificate, minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 }
        : {}),
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(props.buckets.reports),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        functionAssociations: [{ function: this.viewerFunction, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/auth/*': {
          origin: origins.FunctionUrlOrigin.withOriginAccessControl(url),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          // POST for the sign-in and callback forms (fetch() sends the body hash OAC needs); the handler
          // answers 405 to anything but GET, HEAD and POST.
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        },
      },
    });
    this.acknowledgeDistribution(props, distribution, certificate !== undefined);
    return distribution;
  }

  private acknowledgeDistribution(props: ReportHostingProps, distribution: cloudfront.Distribution, hasCertificate: boolean): void {
    acknowledge(
      distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: department leads may open their reports while travelling; every request needs a signed session cookie instead.',
    );
    acknowledge(
      distribution,
      'AwsSolutions-CFR2',
      'No WAF web ACL: every page needs a signed session cookie, checked at the edge before any origin request, and the only ' +
        'unauthenticated endpoint (POST /auth/sign-in) is limited by the function itself: a site-wide rate and a per-address ' +
        'cooldown, each one DynamoDB conditional write, and the mail is sent by one paced sender. A web ACL would have to live in ' +
        'us-east-1 (a second stack); add one if your policy requires it.',
    );
    if (!hasCertificate) {
      acknowledge(
        distribution,
        'AwsSolutions-CFR4',
        'Without hosting.certificateArn the distribution uses the *.cloudfront.net certificate, for which CloudFront fixes the TLS ' +
          'policy; set hosting.domainName and hosting.certificateArn to get TLSv1.2_2021 as the minimum.',
      );
    }
    // S3BucketOrigin adds a key-policy statement for CloudFront matching every distribution of this
    // account (distribution/*): naming this distribution would be a circular dependency (key → bucket →
    // distribution → key). The bucket policy does name this distribution, so no other one can read.
    for (const scope of [props.key, props.key.node.scope]) {
      if (scope)
        Annotations.of(scope).acknowledgeWarning(
          '@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
          'The reports bucket policy names this distribution; the key policy statement is limited to this account.',
        );
    }
  }

  private outputs(props: ReportHostingProps): void {
    new CfnOutput(this, 'PagesUrl', {
      value: `https://${props.domainName ?? this.distribution.distributionDomainName}/`,
      description: 'Hosted pages (set reportLinkBase to this)',
    });
    new CfnOutput(this, 'SessionKeyValueStoreArn', {
      value: this.keyValueStore.keyValueStoreArn,
      description: 'Copy each keyring key here as session-key:<kid> (docs/deploy.md)',
    });
    new CfnOutput(this, 'SessionKeyringSecret', {
      value: this.keyring.secretArn,
      description: 'The session keyring (docs/deploy.md "Rotate the session key")',
    });
  }
}
