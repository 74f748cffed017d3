import * as glue from 'aws-cdk-lib/aws-glue';
import { NagRuleCompliance } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { messageProjectionParameters } from '../../../lib/constructs/glue-columns.ts';
import { gluePartitionProjection } from '../../../lib/constructs/nag-rules/glue-partition-projection.ts';
import { PortalPulseChecks } from '../../../lib/constructs/nag-rules/portal-pulse-checks.ts';
import { testStack } from '../stack-fixture.ts';

const projection = messageProjectionParameters('lake', [2015, 2040]);

function table(opts: { parameters?: Record<string, string>; sdParameters?: Record<string, string>; partitioned?: boolean }) {
  const stack = testStack();
  const t = new glue.CfnTable(stack, 'Messages', {
    catalogId: '111111111111',
    databaseName: 'db',
    tableInput: {
      name: 'messages',
      parameters: opts.parameters,
      partitionKeys:
        opts.partitioned === false
          ? undefined
          : [
              { name: 'year', type: 'int' },
              { name: 'month', type: 'int' },
            ],
      storageDescriptor: {
        columns: [{ name: 'message_id', type: 'string' }],
        location: 's3://lake/messages/',
        parameters: opts.sdParameters,
      },
    },
  });
  return { stack, t };
}

describe('PortalPulse-GluePartitionProjection', () => {
  it('passes the lake messages table projection (what GlueCatalog writes)', () => {
    expect(gluePartitionProjection(table({ parameters: projection }).t)).toBe(NagRuleCompliance.COMPLIANT);
  });

  it('does not apply to an unpartitioned table', () => {
    expect(gluePartitionProjection(table({ partitioned: false }).t)).toBe(NagRuleCompliance.NOT_APPLICABLE);
  });

  it('fails projection keys placed in the storage descriptor (Glue accepts them, Athena ignores them)', () => {
    expect(gluePartitionProjection(table({ sdParameters: projection }).t)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  it.each([
    ['projection not enabled', { ...projection, 'projection.enabled': 'false' }],
    ['a partition key without a type', Object.fromEntries(Object.entries(projection).filter(([k]) => k !== 'projection.month.type'))],
    ['an integer key without a range', Object.fromEntries(Object.entries(projection).filter(([k]) => k !== 'projection.year.range'))],
    [
      'a misspelt key',
      {
        ...Object.fromEntries(Object.entries(projection).filter(([k]) => k !== 'projection.month.type')),
        'projection.months.type': 'integer',
      },
    ],
    ['no location template', Object.fromEntries(Object.entries(projection).filter(([k]) => k !== 'storage.location.template'))],
    ['a template missing a key', { ...projection, 'storage.location.template': 's3://lake/messages/year=${year}/' }],
  ])('fails a table with %s', (_why, parameters) => {
    expect(gluePartitionProjection(table({ parameters }).t)).toBe(NagRuleCompliance.NON_COMPLIANT);
  });

  it('is reported by the PortalPulse pack', () => {
    const report = new PortalPulseChecks().validateScope(table({}).stack);
    expect(report.violations.map((v) => v.ruleName)).toEqual(['PortalPulse-GluePartitionProjection']);
  });
});
