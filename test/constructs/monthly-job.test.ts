import { afterAll, describe, expect, it } from 'vitest';
import { TRANSIENT_ERRORS } from '../../lib/constructs/monthly-job.ts';
import { resourcesOf, synthApp } from './app-fixture.ts';

const app = synthApp(['dev']);
afterAll(() => app.cleanup());
const t = app.template('dev');
const stack = app.stack('dev');
const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);

type State = {
  Type: string;
  Next?: string;
  End?: boolean;
  Retry?: { ErrorEquals: string[]; MaxAttempts: number }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  MaxConcurrency?: number;
  ItemsPath?: string;
  ItemProcessor?: { StartAt: string; States: Record<string, State>; ProcessorConfig?: unknown };
};

/** The state machine definition with the Fn::Join of function ARNs flattened to text. */
function definition(): { StartAt: string; States: Record<string, State>; TimeoutSeconds: number } {
  const sm = t.findResources('AWS::StepFunctions::StateMachine')[id(stack.monthly.stateMachine)]!;
  const parts = (sm.Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'ARN')).join(''));
}

describe('MonthlyJob', () => {
  it('schedules the run in the site time zone, early on the 4th, with retries and a dead-letter queue', () => {
    const schedule = t.findResources('AWS::Scheduler::Schedule')[id(stack.monthly.schedule)]!.Properties;
    expect(schedule).toMatchObject({
      ScheduleExpression: 'cron(0 6 4-28 * ? *)',
      ScheduleExpressionTimezone: 'America/Chicago',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { Ref: id(stack.monthly.stateMachine) },
        RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 43200 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^MonthlyScheduleDeadLetters/), 'Arn'] } },
        Input: JSON.stringify({ scheduled_time: '<aws.scheduler.scheduled-time>', source: 'schedule' }),
      },
    });
    const watchdog = t.findResources('AWS::Scheduler::Schedule')[id(stack.monthly.watchdogSchedule)]!.Properties;
    expect(watchdog).toMatchObject({
      ScheduleExpression: 'cron(0 9 6 * ? *)',
      ScheduleExpressionTimezone: 'America/Chicago',
      Target: { RetryPolicy: { MaximumRetryAttempts: 5 } },
    });
  });

  it(
    'computes, then (only for a ready month) sends per department in a bounded distributed Map that retries transient errors and Lambda ' +
      'timeouts and survives a failure, then finishes',
    () => {
      const def = definition();
      expect(def.StartAt).toBe('ComputeMonth');
      expect(def.TimeoutSeconds).toBe(6 * 3600);
      const compute = def.States.ComputeMonth! as State & { Parameters?: unknown };
      expect(compute.Next).toBe('AnythingToSend');
      // done, duplicate (run lock) and late months end quietly: no Map, no Finish, no false MonthlyRunFailed.
      expect(def.States.AnythingToSend).toMatchObject({
        Type: 'Choice',
        Choices: [{ Variable: '$.run.status', StringEquals: 'ready', Next: 'SendEachDepartment' }],
        Default: 'NothingToSend',
      });
      expect(def.States.NothingToSend).toMatchObject({ Type: 'Succeed' });
      expect(TRANSIENT_ERRORS).toEqual(expect.arrayContaining(['Sandbox.Timedout', 'Lambda.Unknown', 'States.Timeout']));
      expect(compute.Parameters).toEqual({ 'event.$': '$', 'execution_name.$': '$$.Execution.Name' });
      expect(compute.Retry).toContainEqual(expect.objectContaining({ ErrorEquals: TRANSIENT_ERRORS, MaxAttempts: 3, BackoffRate: 2 }));
      const map = def.States.SendEachDepartment!;
      expect(map).toMatchObject({
        Type: 'Map',
        MaxConcurrency: 5,
        ItemsPath: '$.run.departments',
        Next: 'FinishMonth',
        ResultPath: '$.map',
      });
      // Distributed: each department a child execution, results in S3 (no history or payload limit).
      expect(map.ItemProcessor!.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
      expect((map as State & { ResultWriter?: unknown }).ResultWriter).toMatchObject({
        Resource: expect.stringContaining('states:::s3:putObject'),
        Parameters: { Bucket: expect.anything(), Prefix: 'map-results/' },
      });
      expect(def.States.FinishMonth).toMatchObject({
        Parameters: { 'month.$': '$.run.month', 'map_results.$': '$.map.ResultWriterDetails' },
      });
      // Each branch gets the execution name as its resend token, so a retried branch of a resend run does
      // not email the leads the first attempt reached (lib/delivery sendMonthlyEmails resendToken).
      expect((map as State & { ItemSelector?: unknown }).ItemSelector).toEqual({
        'month.$': '$.run.month',
        'department_id.$': '$$.Map.Item.Value',
        'resend.$': '$.run.resend',
        'resend_token.$': '$$.Execution.Name',
      });
      const send = map.ItemProcessor!.States.SendDepartment!;
      expect(send.Retry).toContainEqual(expect.objectContaining({ ErrorEquals: TRANSIENT_ERRORS, MaxAttempts: 4, BackoffRate: 2 }));
      expect(send.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'RecordDepartmentFailure' }]);
      expect(map.ItemProcessor!.States.RecordDepartmentFailure).toMatchObject({
        Type: 'Pass',
        Parameters: { 'department_id.$': '$.department_id', status: 'failed', 'error.$': '$.failure.Error' },
      });
      expect(def.States.FinishMonth!.End).toBe(true);
    },
  );

  it('logs every state machine event to an encrypted log group and traces it', () => {
    const sm = t.findResources('AWS::StepFunctions::StateMachine')[id(stack.monthly.stateMachine)]!.Properties;
    expect(sm.TracingConfiguration).toEqual({ Enabled: true });
    expect(sm.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    const groups = resourcesOf(t, 'AWS::Logs::LogGroup').map(([, g]) => g.Properties);
    expect(groups.map((g) => g.LogGroupName).sort()).toEqual(
      [
        'cloudtrail',
        'department-send',
        'ingest',
        'monthly-compute',
        'monthly-finish',
        'monthly-state-machine',
        'monthly-watchdog',
        'page-access',
        'sign-in-sender',
      ].map((n) => `/portal-pulse/dev/${n}`),
    );
    for (const g of groups) {
      expect(g.RetentionInDays).toBe(365);
      expect(g.KmsKeyId).toEqual({ 'Fn::GetAtt': [id(stack.key.key), 'Arn'] });
    }
  });

  it('gives each step only what it calls: Athena on its workgroup, SES from the sender only', () => {
    const statements = (fn: { policy: { node: { defaultChild?: unknown } } }) =>
      (
        t.findResources('AWS::IAM::ManagedPolicy')[id(fn.policy)]!.Properties.PolicyDocument as {
          Statement: { Sid: string; Action: string | string[]; Resource: unknown; Condition?: unknown }[];
        }
      ).Statement;
    const compute = Object.fromEntries(statements(stack.monthly.compute).map((s) => [s.Sid, s]));
    expect(compute.RunQueries!.Action).toEqual([
      'athena:StartQueryExecution',
      'athena:GetQueryExecution',
      'athena:GetQueryResults',
      'athena:StopQueryExecution',
      'athena:GetWorkGroup',
    ]);
    expect(JSON.stringify(compute.RunQueries!.Resource)).toContain(':workgroup/portal-pulse-dev');
    const send = Object.fromEntries(statements(stack.monthly.send).map((s) => [s.Sid, s]));
    expect(send.SendEmail!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'portal-pulse-dev@reports.example.org' } });
    expect(Object.keys(send)).not.toContain('RunQueries');
    // The ledger's claims are withdrawn after a send that certainly failed (delivery/send-monthly.ts), or
    // that lead would never be retried.
    expect(send.Ledger!.Action).toEqual(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']);
    expect(JSON.stringify(send.Ledger!.Resource)).toContain('ledger/*');
    // Email previews (addressed to every lead) go to the private results bucket, never the hosted reports bucket.
    const bucketRef = (b: { node: { defaultChild?: unknown } }) => JSON.stringify({ 'Fn::GetAtt': [id(b), 'Arn'] });
    expect(Object.keys(send)).not.toContain('PublishEmailPreview');
    expect(send.WriteEmailPreview!.Action).toBe('s3:PutObject');
    expect(JSON.stringify(send.WriteEmailPreview!.Resource)).toContain(bucketRef(stack.buckets.results));
    expect(JSON.stringify(send.WriteEmailPreview!.Resource)).toContain('/previews/*');
    expect(JSON.stringify(statements(stack.monthly.send))).not.toContain(bucketRef(stack.buckets.reports));
    const sendEnv = (
      t.findResources('AWS::Lambda::Function')[id(stack.monthly.send.fn)]!.Properties.Environment as { Variables: Record<string, unknown> }
    ).Variables;
    expect(sendEnv).not.toHaveProperty('REPORTS_BUCKET');
  });

  it('reserves concurrency so a month cannot exhaust the account (sends run as wide as the Map)', () => {
    const fns = t.findResources('AWS::Lambda::Function');
    expect(fns[id(stack.monthly.send.fn)]!.Properties.ReservedConcurrentExecutions).toBe(5);
    expect(fns[id(stack.monthly.compute.fn)]!.Properties.ReservedConcurrentExecutions).toBe(2);
  });

  it('alarms on failed, timed-out and aborted runs, on schedule dead letters, and on a month with no successful run', () => {
    const alarms = Object.fromEntries(resourcesOf(t, 'AWS::CloudWatch::Alarm').map(([, a]) => [a.Properties.AlarmName, a.Properties]));
    for (const n of ['monthly-run-failed', 'monthly-run-timed-out', 'monthly-run-aborted', 'schedule-dead-letters', 'watchdog-errors'])
      expect(alarms).toHaveProperty(`portal-pulse-dev-${n}`);
    expect(alarms['portal-pulse-dev-monthly-run-missing']).toMatchObject({
      Namespace: 'PortalPulse',
      MetricName: 'MonthlyRunSucceeded',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      // Powertools Metrics always adds the service (handler) dimension.
      Dimensions: [
        { Name: 'Environment', Value: 'dev' },
        { Name: 'service', Value: 'monthly-watchdog' },
      ],
    });
    expect(alarms['portal-pulse-dev-monthly-data-late']).toMatchObject({
      MetricName: 'MonthlyDataLate',
      Dimensions: [
        { Name: 'Environment', Value: 'dev' },
        { Name: 'service', Value: 'monthly-compute' },
      ],
    });
    for (const a of Object.values(alarms) as { AlarmActions: unknown; OKActions: unknown }[]) {
      expect(a.AlarmActions).toEqual([{ Ref: id(stack.operations.topic) }]);
      expect(a.OKActions).toEqual([{ Ref: id(stack.operations.topic) }]);
    }
  });

  it('sends from an SES configuration set that requires TLS', () => {
    t.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'portal-pulse-dev', DeliveryOptions: { TlsPolicy: 'REQUIRE' } });
    t.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'reports.example.org',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: id(stack.ses.configurationSet) } },
    });
  });

  it('publishes SES events as metrics and alarms on bounces, complaints and rejects, and on the account rates', () => {
    const dest = Object.values(t.findResources('AWS::SES::ConfigurationSetEventDestination'))[0]!.Properties as {
      EventDestination: {
        MatchingEventTypes: string[];
        CloudWatchDestination: { DimensionConfigurations: { DimensionName: string; DefaultDimensionValue: string }[] };
      };
    };
    expect(dest.EventDestination.MatchingEventTypes).toEqual(expect.arrayContaining(['bounce', 'complaint', 'reject', 'delivery', 'send']));
    expect(dest.EventDestination.CloudWatchDestination.DimensionConfigurations).toEqual([
      expect.objectContaining({ DimensionName: 'ses:configuration-set', DefaultDimensionValue: 'portal-pulse-dev' }),
    ]);
    const alarms = Object.fromEntries(
      Object.values(t.findResources('AWS::CloudWatch::Alarm')).map((a) => [
        a.Properties.AlarmName as string,
        a.Properties as Record<string, unknown>,
      ]),
    );
    for (const [name, metric] of [
      ['ses-bounces', 'Bounce'],
      ['ses-complaints', 'Complaint'],
      ['ses-rejects', 'Reject'],
    ]) {
      expect(alarms[`portal-pulse-dev-${name}`]).toMatchObject({
        Namespace: 'AWS/SES',
        MetricName: metric,
        Threshold: 1,
        Dimensions: [{ Name: 'ses:configuration-set', Value: 'portal-pulse-dev' }],
      });
    }
    expect(alarms['portal-pulse-dev-ses-bounce-rate']).toMatchObject({ MetricName: 'Reputation.BounceRate', Threshold: 0.04 });
    expect(alarms['portal-pulse-dev-ses-complaint-rate']).toMatchObject({ MetricName: 'Reputation.ComplaintRate', Threshold: 0.0008 });
    // Each department sender gets its share of the account rate: (1 - 0.1) / 5 in dev.
    const send = t.findResources('AWS::Lambda::Function')[id(stack.monthly.send.fn)]!.Properties as {
      Environment: { Variables: Record<string, string> };
    };
    expect(Number(send.Environment.Variables.SES_MAX_PER_SECOND)).toBeCloseTo(0.18);
  });
});

describe('Operations', () => {
  it('notifies operators on a KMS-encrypted, TLS-only topic', () => {
    t.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'portal-pulse-dev-operators',
      KmsMasterKeyId: { 'Fn::GetAtt': [id(stack.key.key), 'Arn'] },
    });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'portal-pulse-ops-dev@example.org' });
    const [policy] = Object.values(t.findResources('AWS::SNS::TopicPolicy'));
    expect(JSON.stringify(policy)).toContain('aws:SecureTransport');
  });
});
