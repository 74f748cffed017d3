// SES for department emails: the sending identity (domain or address; DKIM records to publish are in the
// stack outputs / SES console) with a configuration set that requires TLS to the recipient's server and
// keeps reputation metrics. Messages carry department usage figures, never patient data, but TLS is
// required anyway: a lead's mailbox is outside our control. An event destination publishes bounces,
// complaints, rejects and delivery delays as CloudWatch metrics (dimension ses:configuration-set), and
// alarms tell the operators: a suppressed address is otherwise invisible, since the send ledger records
// what SES accepted, not what was delivered.
import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { Operations } from './operations.ts';

export interface SesSenderProps {
  readonly envName: string;
  /** A domain (example.org) or a single address. */
  readonly identity: string;
  readonly senderAddress: string;
  readonly operations: Operations;
}

/** The SES events published as metrics, and the ones that alarm (any in 15 minutes). */
const EVENTS = [
  ses.EmailSendingEvent.SEND,
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
  ses.EmailSendingEvent.DELIVERY_DELAY,
  ses.EmailSendingEvent.RENDERING_FAILURE,
];
const ALARMED: [string, string, string][] = [
  [
    'Bounce',
    'SesBounces',
    'A department email or sign-in link bounced; SES may now suppress that address. Check the lead address in the department file ' +
      '(docs/deploy.md "Operations").',
  ],
  [
    'Complaint',
    'SesComplaints',
    "A recipient marked a portal-pulse email as spam; SES suppresses the address and the account's reputation suffers (docs/deploy.md " +
      '"Operations").',
  ],
  ['Reject', 'SesRejects', 'SES rejected a message (virus scan or a suppressed address).'],
];

export class SesSender extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetName: string;
  readonly identity: ses.EmailIdentity;
  private readonly props: SesSenderProps;

  constructor(scope: Construct, id: string, props: SesSenderProps) {
    super(scope, id);
    this.props = props;
    this.configurationSetName = `portal-pulse-${props.envName}`;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: this.configurationSetName,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination('Metrics', {
      configurationSetEventDestinationName: 'cloudwatch-metrics',
      destination: ses.EventDestination.cloudWatchDimensions([
        { name: 'ses:configuration-set', source: ses.CloudWatchDimensionSource.MESSAGE_TAG, defaultValue: this.configurationSetName },
      ]),
      events: EVENTS,
    });
    for (const [metricName, id, description] of ALARMED) {
      props.operations.alarm(id, {
        metric: new cloudwatch.Metric({
          namespace: 'AWS/SES',
          metricName,
          dimensionsMap: { 'ses:configuration-set': this.configurationSetName },
          period: Duration.minutes(15),
          statistic: 'Sum',
        }),
        description,
      });
    }
    props.operations.alarm('SesBounceRate', {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        period: Duration.hours(1),
        statistic: 'Maximum',
      }),
      threshold: 0.04,
      description: 'The account bounce rate passed 4%; SES reviews accounts at 5% and may pause sending.',
    });
    props.operations.alarm('SesComplaintRate', {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.ComplaintRate',
        period: Duration.hours(1),
        statistic: 'Maximum',
      }),
      threshold: 0.0008,
      description: 'The account complaint rate passed 0.08%; SES reviews accounts at 0.1% and may pause sending.',
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: props.identity.includes('@') ? ses.Identity.email(props.identity) : ses.Identity.domain(props.identity),
      configurationSet: this.configurationSet,
    });
  }

  private arn(resource: string): string {
    const { account, region, partition } = Stack.of(this);
    return `arn:${partition}:ses:${region}:${account}:${resource}`;
  }

  /** ses:SendEmail for the sender identity and the configuration set, only From the configured sender. */
  sendStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      sid: 'SendEmail',
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [
        this.arn(`identity/${this.props.identity}`),
        this.arn('identity/*'),
        this.arn(`configuration-set/${this.configurationSetName}`),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': this.props.senderAddress } },
    });
  }

  /** The cdk-nag finding id of the recipient-identity wildcard in sendStatement(). */
  recipientWildcardFinding(): string {
    const { account, region, partition } = Stack.of(this);
    // cdk-nag renders an unresolved partition as <AWS::Partition>; with partition literals on, it is "aws".
    const p = Token.isUnresolved(partition) ? '<AWS::Partition>' : partition;
    return `AwsSolutions-IAM5[Resource::arn:${p}:ses:${region}:${account}:identity/*]`;
  }
}
