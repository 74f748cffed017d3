// One base class for the errors a user can fix: every such class extends it, and its kind gives the exit code
// the CLI has always used for it (docs/ingestion.md lists them).
import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../lib/analysis/errors.ts';
import { UsageError } from '../../lib/cli/command.ts';
import { EnvironmentConfigError } from '../../lib/constructs/environment-config.ts';
import { DeliveryConfigError, DeliveryError } from '../../lib/delivery/errors.ts';
import { LakeError } from '../../lib/engines/duckdb/index.ts';
import { EngineUriError, TrinoLakeZoneError, TrinoMissingTablesError, TrinoQueryError } from '../../lib/engines/trino/index.ts';
import { USER_ERROR_EXIT_CODES, UserError } from '../../lib/errors/index.ts';
import { EXIT, IngestError, NothingAcceptedError, RefusedFileError } from '../../lib/ingest/errors.ts';
import { LockHeldError } from '../../lib/ingest/lock.ts';
import { LakeManifestError } from '../../lib/lake/manifest.ts';
import { LakeStateError } from '../../lib/lake/state.ts';
import { ReportError } from '../../lib/report/department.ts';
import { SampleOptionsError } from '../../lib/sample/index.ts';
import { SettingsError } from '../../lib/settings/index.ts';

describe('UserError', () => {
  it('gives each kind the exit code the CLI used before', () => {
    const cases: [UserError, number, string][] = [
      [new UserError('x'), 2, 'UserError'],
      [new UsageError('x'), 2, 'UsageError'],
      [new SettingsError('f.json', ['p']), 2, 'SettingsError'],
      [new EnvironmentConfigError('dev.json', ['p']), 2, 'EnvironmentConfigError'],
      [new AnalysisError('x'), 2, 'AnalysisError'],
      [new DeliveryConfigError('x'), 2, 'DeliveryConfigError'],
      [new LakeError('x'), 2, 'LakeError'],
      [new LakeManifestError('x'), 2, 'LakeManifestError'],
      [new EngineUriError('x'), 2, 'EngineUriError'],
      [new TrinoLakeZoneError('x'), 2, 'TrinoLakeZoneError'],
      [new TrinoMissingTablesError('q', 'id', 'TABLE_NOT_FOUND', 'no table'), 2, 'TrinoMissingTablesError'],
      [new ReportError('x'), 2, 'ReportError'],
      [new SampleOptionsError('x'), 2, 'SampleOptionsError'],
      [new IngestError('x'), EXIT.usage, 'IngestError'],
      [new RefusedFileError('x'), EXIT.refusedFile, 'RefusedFileError'],
      [new NothingAcceptedError('x'), EXIT.nothingAccepted, 'NothingAcceptedError'],
      [new LockHeldError('x'), EXIT.lockHeld, 'LockHeldError'],
      [new LakeStateError('x'), EXIT.interrupted, 'LakeStateError'],
    ];
    for (const [e, code, name] of cases) {
      expect(e).toBeInstanceOf(UserError);
      expect(e).toBeInstanceOf(Error);
      expect([e.name, e.exitCode]).toEqual([name, code]);
    }
    expect(EXIT).toEqual({ loaded: 0, usage: 2, refusedFile: 3, nothingAccepted: 4, lockHeld: 5, interrupted: 6 });
    expect(Object.values(USER_ERROR_EXIT_CODES)).toEqual([2, 3, 4, 5, 6]);
  });

  it('leaves out faults the user cannot fix: they keep their stack and exit code 1', () => {
    expect(new DeliveryError('dropped', false)).not.toBeInstanceOf(UserError);
    const failed = new TrinoQueryError('q', 'id', 'COLUMN_NOT_FOUND', "line 1:8: Column 'x' cannot be resolved");
    expect(failed).not.toBeInstanceOf(UserError);
    expect(failed.message).toBe(`Trino query "q" (id) failed: COLUMN_NOT_FOUND: line 1:8: Column 'x' cannot be resolved`);
    expect(new TrinoMissingTablesError('q', undefined, 'TABLE_NOT_FOUND', 'no table').message).toBe(
      `Trino query "q" failed: TABLE_NOT_FOUND: no table (create the lake's tables with 'portal-pulse catalog --engine URI --lake DIR')`,
    );
  });
});
