// The audit trail and the backups, as synthesised: data events on every patient-data bucket, encrypted
// and validated log files, and daily backups of the lake and results kept for the configured days.
import { afterAll, describe, expect, it } from 'vitest';
import { synthApp } from './app-fixture.ts';

const app = synthApp(['dev', 'prod']);
afterAll(() => app.cleanup());

describe('Audit', () => {
  for (const env of ['dev', 'prod']) {
    const t = app.template(env);
    const stack = app.stack(env);
    const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);

    it(`${env}: records every read and write of each patient-data bucket in a KMS-encrypted, validated trail of the stack`, () => {
      const trail = Object.values(t.findResources('AWS::CloudTrail::Trail'));
      expect(trail).toHaveLength(1);
      const p = trail[0]!.Properties as {
        EventSelectors: { DataResources: { Type: string; Values: unknown[] }[]; ReadWriteType: string; IncludeManagementEvents: boolean }[];
        KMSKeyId: unknown;
        EnableLogFileValidation: boolean;
        CloudWatchLogsLogGroupArn: unknown;
        S3BucketName: unknown;
      };
      expect(p.EnableLogFileValidation).toBe(true);
      expect(p.KMSKeyId).toEqual({ 'Fn::GetAtt': [id(stack.key.key), 'Arn'] });
      expect(p.CloudWatchLogsLogGroupArn).toBeDefined();
      expect(p.S3BucketName).toEqual({ Ref: id(stack.audit.trailBucket) });
      const selector = p.EventSelectors.find((s) => s.DataResources?.length)!;
      expect(selector).toMatchObject({ ReadWriteType: 'All', IncludeManagementEvents: false });
      const text = JSON.stringify(selector.DataResources);
      const b = stack.buckets;
      for (const bucket of [b.raw, b.lake, b.quarantine, b.results, b.reports]) expect(text, bucket.node.id).toContain(id(bucket));
      expect(selector.DataResources.every((d) => d.Type === 'AWS::S3::Object')).toBe(true);
      // The trail bucket keeps log files for the audit (access-log) retention.
      const rules = (
        t.findResources('AWS::S3::Bucket')[id(stack.audit.trailBucket)]!.Properties.LifecycleConfiguration as {
          Rules: { ExpirationInDays?: number }[];
        }
      ).Rules;
      expect(rules.map((r) => r.ExpirationInDays)).toContain(stack.config.retention.accessLogsDays);
    });

    it(`${env}: backs up the lake and the results daily into an encrypted vault, for backup.retentionDays`, () => {
      const plan = Object.values(t.findResources('AWS::Backup::BackupPlan'))[0]!.Properties as {
        BackupPlan: { BackupPlanRule: { Lifecycle: { DeleteAfterDays: number }; ScheduleExpression: string }[] };
      };
      expect(plan.BackupPlan.BackupPlanRule).toHaveLength(1);
      expect(plan.BackupPlan.BackupPlanRule[0]!.Lifecycle.DeleteAfterDays).toBe(env === 'prod' ? 2190 : 35);
      expect(plan.BackupPlan.BackupPlanRule[0]!.ScheduleExpression).toBe('cron(0 5 * * ? *)');
      const selection = Object.values(t.findResources('AWS::Backup::BackupSelection'))[0]!.Properties as {
        BackupSelection: { Resources: unknown[]; IamRoleArn: unknown };
      };
      expect(selection.BackupSelection.Resources).toEqual([
        { 'Fn::GetAtt': [id(stack.buckets.lake), 'Arn'] },
        { 'Fn::GetAtt': [id(stack.buckets.results), 'Arn'] },
      ]);
      expect(selection.BackupSelection.IamRoleArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AuditBackupRole/), 'Arn'] });
      t.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: { 'Fn::GetAtt': [id(stack.key.key), 'Arn'] } });
    });
  }

  it('limits every Lambda role and the state machine to the data key through named services (kms:ViaService)', () => {
    const t = app.template('dev');
    const statements = Object.values({ ...t.findResources('AWS::IAM::ManagedPolicy'), ...t.findResources('AWS::IAM::Policy') }).flatMap(
      (p) =>
        (
          p.Properties.PolicyDocument as {
            Statement: { Sid?: string; Action: string | string[]; Condition?: Record<string, Record<string, unknown>> }[];
          }
        ).Statement,
    );
    const keyUse = statements.filter((st) => [st.Action].flat().some((a) => a === 'kms:Decrypt' || a === 'kms:GenerateDataKey'));
    expect(keyUse.length).toBeGreaterThan(8);
    // The one exception is AWS Backup's role, which reads the buckets as the backup service itself.
    const unconditioned = keyUse.filter((st) => !st.Condition?.StringEquals?.['kms:ViaService']).map((st) => st.Sid);
    expect(unconditioned).toEqual(['UseDataKey']);
    const pageAccess = keyUse.find(
      (st) => JSON.stringify(st.Condition).includes('secretsmanager') && [st.Action].flat().includes('kms:GenerateDataKey'),
    )!;
    expect(pageAccess.Condition!.StringEquals!['kms:ViaService']).toEqual([
      's3.us-east-2.amazonaws.com',
      'sqs.us-east-2.amazonaws.com',
      'secretsmanager.us-east-2.amazonaws.com',
      'dynamodb.us-east-2.amazonaws.com',
    ]);
  });
});
