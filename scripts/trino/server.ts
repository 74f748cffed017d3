// A local single-node Trino for portal-pulse: fetched once from Maven Central (trino-server-core plus the
// Hive plugin, far smaller than the full server) into a cache outside the repository, configured with the
// Hive connector and a file metastore over the local file system, and run in UTC like Athena.
// Used by `npm run trino:start` / `trino:stop` and by the Trino test suite (test/trino).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const TRINO_VERSION = '476';
/** Trino 476 needs Java 24 or later. */
const MIN_JAVA = 24;
export const CATALOG = 'hive';
export const SCHEMA = 'portal_pulse';
const DEFAULT_PORT = 18089;

export interface ServerInfo {
  pid: number;
  port: number;
  uri: string;
}

export function cacheDir(): string {
  return process.env.PORTAL_PULSE_TRINO_HOME ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'portal-pulse', 'trino');
}

const installDir = () => join(cacheDir(), TRINO_VERSION, `trino-server-core-${TRINO_VERSION}`);
const runDir = () => join(cacheDir(), 'run');
const stateFile = () => join(runDir(), 'server.json');
const log = (m: string) => process.stderr.write(`trino: ${m}\n`);

function javaMajor(home: string): number | null {
  try {
    const m = /JAVA_VERSION="(\d+)/.exec(readFileSync(join(home, 'release'), 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** A JDK of version 24 or later: $TRINO_JAVA_HOME, $JAVA_HOME, or the newest under /usr/lib/jvm. */
export function findJava(): string {
  const candidates = [process.env.TRINO_JAVA_HOME, process.env.JAVA_HOME].filter((x): x is string => !!x);
  if (existsSync('/usr/lib/jvm')) {
    const homes = readdirSync('/usr/lib/jvm').map((d) => join('/usr/lib/jvm', d));
    homes.sort((a, b) => (javaMajor(b) ?? 0) - (javaMajor(a) ?? 0));
    candidates.push(...homes);
  }
  for (const home of candidates) {
    const v = javaMajor(home);
    if (v !== null && v >= MIN_JAVA && existsSync(join(home, 'bin', 'java'))) return home;
  }
  throw new Error(`Trino ${TRINO_VERSION} needs Java ${MIN_JAVA} or later; none found (set TRINO_JAVA_HOME to a JDK home)`);
}

/** Fetches one artifact into `dir` with Maven (which also keeps it in ~/.m2 for the next machine state). */
function mavenCopy(artifact: string, dir: string): void {
  log(`fetching ${artifact} from Maven Central`);
  const r = spawnSync(
    'mvn',
    [
      '-B',
      '-q',
      '-Dstyle.color=never',
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy',
      `-Dartifact=${artifact}`,
      `-DoutputDirectory=${dir}`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (r.status !== 0) throw new Error(`mvn could not fetch ${artifact} (exit ${r.status ?? r.signal})`);
}

/** Downloads and unpacks Trino once; a finished install is marked so a half-unpacked one is redone. */
export function install(): string {
  const dir = installDir();
  const marker = join(dir, '.portal-pulse-complete');
  if (existsSync(marker)) return dir;
  const root = join(cacheDir(), TRINO_VERSION);
  const dl = join(cacheDir(), 'dl');
  mkdirSync(dl, { recursive: true });
  const core = join(dl, `trino-server-core-${TRINO_VERSION}.tar.gz`);
  const hive = join(dl, `trino-hive-${TRINO_VERSION}.zip`);
  if (!existsSync(core)) mavenCopy(`io.trino:trino-server-core:${TRINO_VERSION}:tar.gz`, dl);
  if (!existsSync(hive)) mavenCopy(`io.trino:trino-hive:${TRINO_VERSION}:zip`, dl);
  log('unpacking');
  const tmp = join(root, 'unpacking');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  execFileSync('tar', ['xzf', core, '-C', tmp]);
  const unpacked = join(tmp, `trino-server-core-${TRINO_VERSION}`);
  const plugins = join(unpacked, 'plugin');
  execFileSync('unzip', ['-q', hive, '-d', plugins]);
  renameSync(join(plugins, `trino-hive-${TRINO_VERSION}`), join(plugins, 'hive'));
  rmSync(dir, { recursive: true, force: true });
  renameSync(unpacked, dir);
  rmSync(tmp, { recursive: true, force: true });
  // The archives are also in ~/.m2; the unpacked server is all that is needed from now on.
  rmSync(dl, { recursive: true, force: true });
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return dir;
}

function writeConfig(port: number): { etc: string; data: string } {
  const run = runDir();
  const etc = join(run, 'etc');
  const data = join(run, 'data');
  const metastore = join(run, 'metastore');
  for (const d of [join(etc, 'catalog'), data, metastore]) mkdirSync(d, { recursive: true });
  const heap = process.env.PORTAL_PULSE_TRINO_HEAP ?? '2G';
  writeFileSync(
    join(etc, 'node.properties'),
    [
      'node.environment=portal_pulse',
      'node.id=portal-pulse-local',
      `node.data-dir=${data}`,
      // Loopback only: the server has no authentication.
      'node.bind-ip=127.0.0.1',
      'node.internal-address=127.0.0.1',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(etc, 'jvm.config'),
    [
      '-server',
      `-Xmx${heap}`,
      '-XX:+UseG1GC',
      '-XX:+ExitOnOutOfMemoryError',
      '-XX:+ExplicitGCInvokesConcurrent',
      '-Djdk.attach.allowAttachSelf=true',
      '--enable-native-access=ALL-UNNAMED',
      '--add-modules=jdk.incubator.vector',
      // Athena runs in UTC; the JVM zone is also Parquet's default zone for UTC-adjusted timestamps.
      '-Duser.timezone=UTC',
      '-Dfile.encoding=UTF-8',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(etc, 'config.properties'),
    [
      'coordinator=true',
      'node-scheduler.include-coordinator=true',
      `http-server.http.port=${port}`,
      `discovery.uri=http://127.0.0.1:${port}`,
      'query.max-memory=1GB',
      'query.max-memory-per-node=1GB',
      // The machine is small and shared: fewer threads per task than Trino's default of the core count x 2.
      'task.concurrency=2',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(etc, 'catalog', `${CATALOG}.properties`),
    [
      'connector.name=hive',
      'hive.metastore=file',
      `hive.metastore.catalog.dir=local://${metastore}`,
      'fs.native-local.enabled=true',
      // Every local:// location resolves under this root: the lakes live anywhere on the machine.
      'local.location=/',
      // Partition projection lists months that have no folder (yet): empty, as on Athena, not an error.
      'hive.ignore-absent-partitions=true',
      'hive.parquet.time-zone=UTC',
      'hive.timestamp-precision=MILLISECONDS',
      // Read only the columns a query needs, as Athena does, even from small files (by default Trino reads a
      // file under 3 MB whole): the bytes it reports are then the bytes Athena would scan and bill.
      'parquet.small-file-threshold=0B',
      '',
    ].join('\n'),
  );
  writeFileSync(join(etc, 'log.properties'), 'io.trino=WARN\n');
  return { etc, data };
}

function readState(): ServerInfo | null {
  try {
    return JSON.parse(readFileSync(stateFile(), 'utf8')) as ServerInfo;
  } catch {
    return null;
  }
}

/**
 * The pid of the running server. The launcher's "started as PID" has been seen to name a process that exited
 * once the server daemonised, while the server (the pid the launcher itself keeps in
 * data/var/run/launcher.pid) went on answering; the suite then reported "Trino exited". The launcher's own
 * pid file wins when it names a live process, and the state file is brought up to date.
 */
function livePid(s: ServerInfo): number {
  try {
    const fromLauncher = Number(readFileSync(join(runDir(), 'data', 'var', 'run', 'launcher.pid'), 'utf8').trim());
    if (fromLauncher > 0 && fromLauncher !== s.pid && isTrino(fromLauncher)) {
      s.pid = fromLauncher;
      writeFileSync(stateFile(), JSON.stringify(s, null, 2));
    }
  } catch {
    // No pid file (not started yet, or an older layout): the launcher's answer stands.
  }
  return s.pid;
}

/** Whether pid is a live Trino server (a stale pid file may name a pid the system has since reused). */
function isTrino(pid: number): boolean {
  try {
    return alive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('io.trino.server');
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const uriOf = (port: number) => `trino://127.0.0.1:${port}/${CATALOG}/${SCHEMA}`;

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const s = createServer();
    s.once('error', () => resolvePort(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolvePort(true)));
  });
}

async function freePort(): Promise<number> {
  const wanted = Number(process.env.PORTAL_PULSE_TRINO_PORT ?? DEFAULT_PORT);
  if (await portFree(wanted)) return wanted;
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolvePort(typeof a === 'object' && a ? a.port : wanted));
    });
  });
}

/** Answers a query? (The server says "starting" for a while, then NO_NODES_AVAILABLE until it warms up.) */
async function answers(port: number): Promise<boolean> {
  try {
    const info = (await (await fetch(`http://127.0.0.1:${port}/v1/info`, { signal: AbortSignal.timeout(2_000) })).json()) as {
      starting?: boolean;
    };
    if (info.starting !== false) return false;
    let res = (await (
      await fetch(`http://127.0.0.1:${port}/v1/statement`, {
        method: 'POST',
        body: 'SELECT 1',
        headers: { 'X-Trino-User': 'portal-pulse' },
        signal: AbortSignal.timeout(5_000),
      })
    ).json()) as { nextUri?: string; error?: unknown; data?: unknown[] };
    let got = false;
    while (!res.error) {
      if (res.data?.length) got = true;
      if (!res.nextUri) break;
      res = (await (
        await fetch(res.nextUri, { headers: { 'X-Trino-User': 'portal-pulse' }, signal: AbortSignal.timeout(5_000) })
      ).json()) as typeof res;
    }
    return got && !res.error;
  } catch {
    return false;
  }
}

/** The running server, if there is one that answers. */
export async function status(): Promise<ServerInfo | null> {
  const s = readState();
  if (s && alive(livePid(s)) && (await answers(s.port))) return s;
  return null;
}

/** Starts the server (or finds it running) and waits until it answers queries. */
export async function start(opts: { timeoutMs?: number } = {}): Promise<ServerInfo> {
  const running = await status();
  if (running) {
    log(`already running (pid ${running.pid})`);
    return running;
  }
  const old = readState();
  if (old && alive(livePid(old))) {
    // Alive but not answering: maybe still starting (another call started it); give it the usual time.
    if (await waitUntilAnswering(old, opts.timeoutMs ?? 180_000)) return old;
    throw new Error(`a Trino process (pid ${old.pid}) exists but does not answer on port ${old.port}; run 'npm run trino:stop' first`);
  }
  const home = install();
  const java = findJava();
  const port = await freePort();
  const { etc, data } = writeConfig(port);
  log(`starting Trino ${TRINO_VERSION} on 127.0.0.1:${port} (Java ${javaMajor(java)} at ${java})`);
  const env = { ...process.env, JAVA_HOME: java, PATH: `${join(java, 'bin')}:${process.env.PATH ?? ''}` };
  const out = execFileSync(join(home, 'bin', 'launcher'), [`--etc-dir=${etc}`, `--data-dir=${data}`, 'start'], { env, encoding: 'utf8' });
  const pid = Number(/started as (\d+)/.exec(out)?.[1]);
  if (!pid) throw new Error(`the Trino launcher did not say it started: ${out.trim()}`);
  const info: ServerInfo = { pid, port, uri: uriOf(port) };
  writeFileSync(stateFile(), JSON.stringify(info, null, 2));
  if (!(await waitUntilAnswering(info, opts.timeoutMs ?? 180_000))) {
    const logFile = join(data, 'var', 'log', 'server.log');
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '(no server log)';
    const why = alive(livePid(info)) ? `did not answer within ${(opts.timeoutMs ?? 180_000) / 1000} s` : 'exited';
    throw new Error(`Trino ${why}; last lines of ${logFile}:\n${tail}`);
  }
  return info;
}

async function waitUntilAnswering(s: ServerInfo, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!alive(livePid(s))) return false;
    if (await answers(s.port)) return true;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return false;
}

/** Stops the server this script started, if it runs; true if one was stopped. */
export async function stop(): Promise<boolean> {
  const s = readState();
  if (!s) return false;
  let stopped = false;
  if (alive(livePid(s))) {
    process.kill(s.pid, 'SIGTERM');
    const until = Date.now() + 30_000;
    while (alive(s.pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    if (alive(s.pid)) process.kill(s.pid, 'SIGKILL');
    stopped = true;
  }
  rmSync(stateFile(), { force: true });
  return stopped;
}
