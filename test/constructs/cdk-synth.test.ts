// `npm run synth` (the real CDK CLI: tsx bin/app.ts, NodejsFunction bundling with the local esbuild,
// CDK's CloudFormation schema validation, the security gate) for every environment, offline: any
// network attempt goes to a dead proxy and fails. This is what CI runs; about 1 minute on an idle
// 2-core machine (3 minutes when it is saturated).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lib/constructs/lambda-bundles.ts';

const out = mkdtempSync(join(tmpdir(), 'pp-cdk-synth-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('npm run synth', () => {
  it('synthesises every environment offline, bundles each Lambda once, and passes the gate', { timeout: 600_000 }, async () => {
    const dead = 'http://127.0.0.1:9';
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', 'synth', '--', '-o', out], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        HTTP_PROXY: dead,
        HTTPS_PROXY: dead,
        http_proxy: dead,
        https_proxy: dead,
        NO_PROXY: '',
        npm_config_offline: 'true',
      },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(`${stdout}\n${stderr}`).not.toMatch(/Synthesis finished with errors|ERROR/);
    for (const env of ['dev', 'prod']) {
      const template = JSON.parse(readFileSync(join(out, `PortalPulse-${env}.template.json`), 'utf8')) as {
        Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>;
      };
      const fns = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
      expect(fns).toHaveLength(7);
    }
    // Seven bundles, shared by both environments (same sources, same asset hash).
    const assets = readdirSync(out).filter((d) => d.startsWith('asset.'));
    expect(assets).toHaveLength(7);
    for (const a of assets) expect(existsSync(join(out, a, 'index.mjs'))).toBe(true);
    const ingest = assets.filter((a) => existsSync(join(out, a, 'node_modules/@duckdb/node-bindings-linux-x64/duckdb.node')));
    expect(ingest).toHaveLength(1);
    const renderers = assets.filter(
      (a) =>
        existsSync(join(out, a, 'node_modules/@resvg/resvg-js-linux-x64-gnu')) &&
        existsSync(join(out, a, 'templates')) &&
        existsSync(join(out, a, 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    );
    expect(renderers).toHaveLength(2);
  });
});
