// Starts s3rver (a local S3 stand-in) for tests, in a CHILD process. Why a child: s3rver encodes
// ListObjectsV2 continuation tokens with DES, which Node 20's OpenSSL 3 only offers with
// --openssl-legacy-provider; that flag must be given when Node starts, so the vitest worker cannot
// turn it on for itself. The child listens on a random loopback port, prints it, and exits when its
// stdin closes (so it dies with the test process even if `stop` is never called).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';

export interface S3rverHandle {
  endpoint: string;
  /** An S3 client configured the way s3rver needs (path style, checksums only when required). */
  client(): S3Client;
  stop(): Promise<void>;
}

const CHILD = `
const S3rver = require(process.argv[1]);
const [dir, buckets] = [process.argv[2], JSON.parse(process.argv[3])];
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir,
  configureBuckets: buckets.map((name) => ({ name })) });
server.run().then((addr) => process.stdout.write('PORT ' + addr.port + '\\n'),
  (e) => { console.error(e); process.exit(1); });
process.stdin.on('data', () => {});
process.stdin.on('end', () => server.close().finally(() => process.exit(0)));
`;

export async function startS3rver(buckets: string[]): Promise<S3rverHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'pp-s3rver-'));
  const modulePath = createRequire(import.meta.url).resolve('s3rver');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '-e', CHILD, modulePath, dir, JSON.stringify(buckets)],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`s3rver did not start in 15 s: ${stderr}`)), 15_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with ${code}: ${stderr}`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    client: () =>
      new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        // s3rver stores streamed uploads with SDK-default checksums corrupted (aws-chunked bodies).
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      }),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.stdin?.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
