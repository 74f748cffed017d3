// Hosted pages are never public. CloudFront serves the reports bucket through origin access control (the
// bucket has no public access and only this distribution may read it), and a CloudFront Function checks a
// signed session cookie on every request. Leads get the cookie from the page-access Lambda (behind
// /auth/*, also reached only through CloudFront with OAC) by an emailed sign-in link: they enter their
// address, and if it is a department lead's (access/leads.json, refreshed by every monthly run) a link
// valid for a few minutes is mailed to it. See docs/deploy.md "How leads reach hosted pages".
import { readFileSync } from 'node:fs';
import { Annotations, CfnOutput, Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge.ts';
import { PREFIXES } from './lake-buckets.ts';
import type { Operations } from './operations.ts';
import { PortalPulseFunction } from './portal-pulse-function.ts';
import type { SesSender } from './ses-sender.ts';

export interface ReportHostingProps {
  envName: string;
  key: kms.IKey;
  reports: s3.Bucket;
  results: s3.Bucket;
  accessLogs: s3.Bucket;
  ses: SesSender;
  senderAddress: string;
  linkBase: string;
  sessionHours: number;
  signInLinkMinutes: number;
  domainName?: string;
  certificateArn?: string;
  logRetentionDays: number;
  keepOnDelete: boolean;
  operations: Operations;
}

/** The KeyValueStore key holding the HMAC key of session cookies. */
export const SESSION_KEY_NAME = 'session-key';
/** The S3 object (results bucket) holding the same HMAC key for the page-access Lambda. */
export const SESSION_KEY_OBJECT = `${PREFIXES.access}session-key`;

export class ReportHosting extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly keyValueStore: cloudfront.KeyValueStore;
  readonly viewerFunction: cloudfront.Function;
  readonly pageAccess: PortalPulseFunction;

  constructor(scope: Construct, id: string, props: ReportHostingProps) {
    super(scope, id);
    this.keyValueStore = new cloudfront.KeyValueStore(this, 'SessionKeys', {
      keyValueStoreName: `portal-pulse-${props.envName}-sessions`,
      comment: 'session-key: HMAC key of the pp_session cookie (set by the operator, see docs/deploy.md)',
    });
    const code = readFileSync(new URL('./viewer-request-function.js', import.meta.url), 'utf8');
    this.viewerFunction = new cloudfront.Function(this, 'ViewerAuth', {
      functionName: `portal-pulse-${props.envName}-viewer-auth`,
      comment: 'Requires a signed pp_session cookie on every hosted page',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      keyValueStore: this.keyValueStore,
      code: cloudfront.FunctionCode.fromInline(code.replace('__KVS_ID__', this.keyValueStore.keyValueStoreId)),
    });

    this.pageAccess = new PortalPulseFunction(this, 'PageAccess', {
      envName: props.envName,
      handler: 'page-access',
      description: 'Sign-in for hosted pages: mails a lead a one-time link and sets the session cookie',
      key: props.key,
      logRetentionDays: props.logRetentionDays,
      keepOnDelete: props.keepOnDelete,
      memoryMb: 256,
      timeout: Duration.seconds(10),
      reservedConcurrency: 5,
      invocation: { kind: 'function-url' },
      environment: {
        RESULTS_BUCKET: props.results.bucketName,
        SENDER_ADDRESS: props.senderAddress,
        LINK_BASE: props.linkBase,
        SESSION_HOURS: String(props.sessionHours),
        SIGN_IN_LINK_MINUTES: String(props.signInLinkMinutes),
        SES_CONFIGURATION_SET: props.ses.configurationSetName,
      },
      statements: [
        new iam.PolicyStatement({ sid: 'ReadAccessList', actions: ['s3:GetObject'], resources: [props.results.arnForObjects(`${PREFIXES.access}leads.json`), props.results.arnForObjects(SESSION_KEY_OBJECT)] }),
        new iam.PolicyStatement({ sid: 'UseDataKey', actions: ['kms:Decrypt'], resources: [props.key.keyArn] }),
        props.ses.sendStatement(),
      ],
    });
    acknowledge(this.pageAccess.policy, props.ses.recipientWildcardFinding(), 'While the account is in the SES sandbox SES also authorises the recipient identity; the recipient is the lead asking to sign in. The statement is pinned to the sender by the ses:FromAddress condition.');
    const url = this.pageAccess.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });

    const certificate = props.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn) : undefined;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `portal-pulse ${props.envName} report pages (signed-in leads only)`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
      ...(props.domainName && certificate ? { domainNames: [props.domainName], certificate, minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 } : {}),
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(props.reports),
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
          // GET only: with OAC a Lambda URL needs a body hash on POST, which a plain HTML form cannot send.
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        },
      },
    });
    acknowledge(this.distribution, 'AwsSolutions-CFR1', 'No geo restriction: department leads may open their reports while travelling; every request needs a signed session cookie instead.');
    acknowledge(this.distribution, 'AwsSolutions-CFR2', 'No WAF web ACL: the distribution serves only signed-in leads (cookie checked at the edge before any origin request) and the sign-in endpoint is rate-limited by reserved concurrency. Add a us-east-1 web ACL if your policy requires one.');
    if (!certificate) {
      acknowledge(this.distribution, 'AwsSolutions-CFR4', 'Without hosting.certificateArn the distribution uses the *.cloudfront.net certificate, for which CloudFront fixes the TLS policy; set hosting.domainName and hosting.certificateArn to get TLSv1.2_2021 as the minimum.');
    }
    // S3BucketOrigin adds a key-policy statement for CloudFront matching every distribution of this
    // account (distribution/*): naming this distribution would be a circular dependency (key → bucket →
    // distribution → key). The bucket policy does name this distribution, so no other one can read.
    for (const scope of [props.key, props.key.node.scope]) {
      if (scope) Annotations.of(scope).acknowledgeWarning('@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac', 'The reports bucket policy names this distribution; the key policy statement is limited to this account.');
    }

    new CfnOutput(this, 'PagesUrl', { value: `https://${props.domainName ?? this.distribution.distributionDomainName}/`, description: 'Hosted pages (set reportLinkBase to this)' });
    new CfnOutput(this, 'SessionKeyValueStoreArn', { value: this.keyValueStore.keyValueStoreArn, description: 'Put the session-key here (docs/deploy.md)' });
    props.operations.alarm('PageAccessErrors', {
      metric: this.pageAccess.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 5,
      description: 'The page sign-in Lambda is failing; leads cannot reach hosted pages.',
    });
  }
}
