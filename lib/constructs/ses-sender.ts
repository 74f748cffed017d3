// SES for department emails: the sending identity (domain or address; DKIM records to publish are in the
// stack outputs / SES console) with a configuration set that requires TLS to the recipient's server and
// keeps reputation metrics. Messages carry department usage figures, never patient data, but TLS is
// required anyway: a lead's mailbox is outside our control.
import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface SesSenderProps {
  envName: string;
  /** A domain (example.org) or a single address. */
  identity: string;
  senderAddress: string;
}

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
      resources: [this.arn(`identity/${this.props.identity}`), this.arn('identity/*'), this.arn(`configuration-set/${this.configurationSetName}`)],
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
