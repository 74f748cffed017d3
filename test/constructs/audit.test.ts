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
      const p = trail[0]!.Properties as { EventSelectors: { DataResources: { Type: string; Values: unknown[] }[]; ReadWriteType: string; IncludeManagementEvents: boolean }[]; KMSKeyId: unknown; EnableLogFileValidation: boolean; CloudWatchLogsLogGroupArn: unknown; S3BucketName: unknown };
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
      const rules = (t.findResources('AWS::S3::Bucket')[id(stack.audit.trailBucket)]!.Properties.LifecycleConfiguration as { Rules: { ExpirationInDays?: number }[] }).Rules;
      expect(rules.map((r) => r.ExpirationInDays)).toContain(stack.config.retention.accessLogsDays);
    });

    it(`${env}: backs up the lake and the results daily into an encrypted vault, for backup.retentionDays`, () => {
      const plan = Object.values(t.findResources('AWS::Backup::BackupPlan'))[0]!.Properties as { BackupPlan: { BackupPlanRule: { Lifecycle: { DeleteAfterDays: number }; ScheduleExpression: string }[] } };
      expect(plan.BackupPlan.BackupPlanRule).toHaveLength(1);
      expect(plan.BackupPlan.BackupPlanRule[0]!.Lifecycle.DeleteAfterDays).toBe(env === 'prod' ? 2190 : 35);
      expect(plan.BackupPlan.BackupPlanRule[0]!.ScheduleExpression).toBe('cron(0 5 * * ? *)');
      const selection = Object.values(t.findResources('AWS::Backup::BackupSelection'))[0]!.Properties as { BackupSelection: { Resources: unknown[]; IamRoleArn: unknown } };
      expect(selection.BackupSelection.Resources).toEqual([{ 'Fn::GetAtt': [id(stack.buckets.lake), 'Arn'] }, { 'Fn::GetAtt': [id(stack.buckets.results), 'Arn'] }]);
      expect(selection.BackupSelection.IamRoleArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AuditBackupRole/), 'Arn'] });
      t.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: { 'Fn::GetAtt': [id(stack.key.key), 'Arn'] } });
    });
  }
});
