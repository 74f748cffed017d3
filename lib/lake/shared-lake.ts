// A consistent lake in a shared object store (S3), where files cannot be switched in by renames and Athena
// reads whatever objects a query finds. One state object, .lake/state.json, changed only by compare-and-swap
// (S3 conditional writes: If-None-Match: * to create, If-Match: <ETag> to change), is both the writers' lock
// and the readers' signal. A load moves it through
//   idle -> backing-up (the lock; in-place keys copied to .lake/backup/<load>/) -> uploading (new files go up)
//   -> deleting (the COMMIT point: every new file is up) -> idle (replaced files deleted, backups dropped).
// Before the commit, recovery restores the backups and deletes the new keys (the old lake); after it,
// recovery finishes the deletes (the new lake). Recovery is idempotent and is done by the next load that
// finds the lease expired. Readers (the monthly run) register a reader lease, then read the state: they go
// ahead only on idle, wait (bounded) while a load is live, and refuse an interrupted one. A load waits for
// reader leases to end before its first upload, so no query ever sees a replaced file beside its
// replacement. Every object is under .lake/, which the Glue tables and the lake sync never read.
// See docs/ingestion.md and docs/deploy.md.
import { randomBytes } from 'node:crypto';
import type { VersionedStorage } from '../storage/storage.ts';
import { LakeStateError } from './state.ts';

export const SHARED_STATE_KEY = '.lake/state.json';
export const READERS_PREFIX = '.lake/readers/';
const BACKUP_PREFIX = '.lake/backup/';

export type SharedPhase = 'idle' | 'backing-up' | 'uploading' | 'deleting';

export interface SharedLakeState {
  phase: SharedPhase;
  updated_at: string;
  load_id?: string;
  owner?: string;
  started_at?: string;
  /** While a load holds the lake: after this instant another load may take it over and repair it. */
  lease_until?: string;
  /** Lake keys the load writes, those of them that existed (backed up first), and the keys it deletes. */
  written?: string[];
  in_place?: string[];
  deleted?: string[];
  /** An interrupted load this one took over and repairs first (repairs nest if a repairer dies too). */
  recovering?: SharedLakeState;
  last_load?: string;
}

/** The lake is held by a live load (writers) or a live reader (the monthly run): try again later. */
export class SharedLakeBusyError extends Error {
  // Not a UserError: the ingest handler lets it propagate, so Lambda retries the load later; the monthly
  // run's classify() sees "timed out"/"try again" and the state machine retries the step.
  override name = 'SharedLakeBusyError';
}

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}
const realClock: Clock = { now: () => new Date(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

const iso = (d: Date) => d.toISOString();
const json = (s: SharedLakeState) => JSON.stringify(s, null, 2);

async function readState(store: VersionedStorage): Promise<{ state: SharedLakeState; version: string } | undefined> {
  const got = await store.getVersioned(SHARED_STATE_KEY);
  if (!got) return undefined;
  let state: SharedLakeState;
  try {
    state = JSON.parse(got.body.toString('utf8')) as SharedLakeState;
  } catch {
    // Unreadable: treat as an interrupted load of unknown content whose lease has long passed.
    state = {
      phase: 'backing-up',
      updated_at: iso(new Date(0)),
      lease_until: iso(new Date(0)),
      started_at: 'an unknown time (the lake state is damaged)',
    };
  }
  return { state, version: got.version };
}

/** Deletes or restores what an interrupted load did; safe to repeat. */
async function repair(store: VersionedStorage, s: SharedLakeState, remove: (key: string) => Promise<void>): Promise<void> {
  if (s.recovering) await repair(store, s.recovering, remove);
  if (s.phase === 'idle' || !s.load_id) return;
  const backup = (k: string) => `${BACKUP_PREFIX}${s.load_id}/${k}`;
  if (s.phase === 'deleting') {
    for (const k of s.deleted ?? []) await remove(k);
  } else if (s.phase === 'uploading') {
    const inPlace = new Set(s.in_place ?? []);
    for (const k of s.written ?? []) {
      if (!inPlace.has(k)) {
        await remove(k);
        continue;
      }
      const saved = await store.get(backup(k));
      if (saved) await store.put(k, saved);
    }
  }
  for (const k of await store.list(`${BACKUP_PREFIX}${s.load_id}/`)) await store.delete(k);
}

export interface SharedLoadPlan {
  loadId: string;
  /** Lake keys to upload ('/'-separated, as LoadSummary.written) and to delete (LoadSummary.deleted). */
  written: string[];
  deleted: string[];
}

export interface SharedLoadIo {
  upload(key: string): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface SharedLoadOptions {
  /** How long the lake stays this load's if it dies (default 20 min: more than a Lambda can run). */
  leaseMs?: number;
  /** How long to wait for readers' leases to end before giving up (default 10 min). */
  readerWaitMs?: number;
  pollMs?: number;
  clock?: Clock;
  /**
   * The last committed load the caller's copy of the lake reflects (from settleSharedLake before it
   * downloaded the lake): if another load committed since, this one is refused (its merge is stale).
   */
  basedOn?: string | null;
  /** Test seam: called after each phase change and each upload/delete ('phase:<p>', 'upload:<key>', 'delete:<key>'). */
  onStep?: (step: string) => void | Promise<void>;
}

/** Live reader leases (the monthly runs now reading the lake), as "until" instants. */
async function liveReaders(store: VersionedStorage, now: Date): Promise<string[]> {
  const live: string[] = [];
  for (const k of await store.list(READERS_PREFIX)) {
    const body = await store.get(k);
    const until = body ? Date.parse((JSON.parse(body.toString('utf8')) as { until?: string }).until ?? '') : NaN;
    if (until > now.getTime()) live.push(new Date(until).toISOString());
    else await store.delete(k); // expired: tidy up
  }
  return live;
}

/**
 * Publishes a load's files to the shared lake under the protocol above: takes the lake (repairing an
 * interrupted load whose lease ended), waits out reader leases, backs up in-place keys, uploads, commits,
 * deletes replaced keys, and sets the lake idle. Throws SharedLakeBusyError if a live load holds the lake.
 */
export async function publishSharedLoad(
  store: VersionedStorage,
  plan: SharedLoadPlan,
  io: SharedLoadIo,
  opts: SharedLoadOptions = {},
): Promise<void> {
  const clock = opts.clock ?? realClock;
  const run: LoadRun = { store, plan, io, opts, clock, step: async (s: string) => opts.onStep?.(s) };
  // 1 and 2. Take the lake, and hold it only once no monthly run is reading it.
  const held = await holdWithoutReaders(run);
  // 3. Back up the keys this load overwrites in place (rosters, lake.json), then upload, then commit.
  const inPlace = await backUpInPlace(store, plan);
  await held.advance({ phase: 'uploading', in_place: inPlace });
  for (const k of plan.written) {
    await io.upload(k);
    await run.step(`upload:${k}`);
  }
  await held.advance({ phase: 'deleting' }); // the commit point
  for (const k of plan.deleted) {
    await io.remove(k);
    await run.step(`delete:${k}`);
  }
  await release(run, held);
}

/** What every step of one publishSharedLoad shares. */
interface LoadRun {
  store: VersionedStorage;
  plan: SharedLoadPlan;
  io: SharedLoadIo;
  opts: SharedLoadOptions;
  clock: Clock;
  step: (s: string) => Promise<void>;
}

/** The lake while this load holds it: its state and the version the next compare-and-swap must match. */
class HeldLake {
  private readonly run: LoadRun;
  state: SharedLakeState;
  version: string;
  constructor(run: LoadRun, state: SharedLakeState, version: string) {
    this.run = run;
    this.state = state;
    this.version = version;
  }

  /** Moves the state on; fails if it changed under this load (its lease ran out and another took over). */
  async advance(next: Partial<SharedLakeState>): Promise<void> {
    const { store, plan, clock } = this.run;
    const s: SharedLakeState = { ...this.state, ...next, updated_at: iso(clock.now()) };
    delete s.recovering; // repaired by now
    if (!(await store.putIfVersion(SHARED_STATE_KEY, json(s), this.version, 'application/json'))) {
      throw new LakeStateError(
        `the lake state changed under load ${plan.loadId} (its lease ran out and another load took over); that load repairs this one`,
      );
    }
    this.state = s;
    this.version = (await store.getVersioned(SHARED_STATE_KEY))!.version;
    await this.run.step(`phase:${s.phase}`);
  }
}

/**
 * Takes the lake and returns it held with no live reader. Readers first: no upload while a monthly run may
 * be reading. A reader that arrived first keeps the lake: give it back (idle), wait for the reader's lease
 * to end, and take it again.
 */
async function holdWithoutReaders(run: LoadRun): Promise<HeldLake> {
  const { store, plan, opts, clock } = run;
  const started = clock.now();
  const leaseMs = opts.leaseMs ?? 20 * 60_000;
  const base: SharedLakeState = {
    phase: 'backing-up',
    updated_at: iso(started),
    load_id: plan.loadId,
    owner: `${plan.loadId}:${randomBytes(4).toString('hex')}`,
    started_at: iso(started),
    lease_until: iso(new Date(started.getTime() + leaseMs)),
    written: plan.written,
    deleted: plan.deleted,
  };
  const waitUntil = started.getTime() + (opts.readerWaitMs ?? 10 * 60_000);
  for (;;) {
    const got = await take(run, base);
    const held = new HeldLake(run, got.state, got.version);
    await run.step('phase:backing-up');
    if (!(await liveReaders(store, clock.now())).length) return held;
    await held.advance({ phase: 'idle', last_load: held.state.last_load });
    for (;;) {
      const readers = await liveReaders(store, clock.now());
      if (!readers.length) break;
      if (clock.now().getTime() >= waitUntil) {
        throw new SharedLakeBusyError(`a monthly run is reading the lake (until ${readers.sort().pop()}); the load will be retried`);
      }
      await clock.sleep(opts.pollMs ?? 5_000);
    }
  }
}

/** Takes the lake once: creates the state object, or swaps an idle (or expired, then repaired) one for `base`. */
async function take(run: LoadRun, base: SharedLakeState): Promise<{ state: SharedLakeState; version: string }> {
  const { store, io, opts, clock } = run;
  const now = clock.now();
  const current = await readState(store);
  const busy = () => new SharedLakeBusyError('another load took the lake at the same moment; try again');
  if (!current) {
    if (!(await store.putIfAbsent(SHARED_STATE_KEY, json(base), 'application/json'))) throw busy();
  } else {
    const cur = current.state;
    const expired = cur.phase !== 'idle' && Date.parse(cur.lease_until ?? '') <= now.getTime();
    if (cur.phase !== 'idle' && !expired) {
      throw new SharedLakeBusyError(
        `another load (${cur.load_id}) holds the lake since ${cur.started_at} (until ${cur.lease_until} at the latest); try again later`,
      );
    }
    if (opts.basedOn !== undefined && !expired && (cur.last_load ?? null) !== opts.basedOn) {
      throw new SharedLakeBusyError(
        `load ${cur.last_load} was committed after this load read the lake; the load will be retried on the new lake`,
      );
    }
    const mine: SharedLakeState = expired ? { ...base, recovering: cur } : { ...base, last_load: cur.last_load };
    if (!(await store.putIfVersion(SHARED_STATE_KEY, json(mine), current.version, 'application/json'))) throw busy();
    if (expired) await repair(store, cur, io.remove);
  }
  const got = (await readState(store))!;
  if (got.state.owner !== base.owner) throw busy();
  return got;
}

/** Copies the keys the load overwrites in place to its backup folder; returns them. */
async function backUpInPlace(store: VersionedStorage, plan: SharedLoadPlan): Promise<string[]> {
  const inPlace: string[] = [];
  for (const k of plan.written) {
    const old = await store.get(k);
    if (old === undefined) continue;
    await store.put(`${BACKUP_PREFIX}${plan.loadId}/${k}`, old);
    inPlace.push(k);
  }
  return inPlace;
}

/** After the deletes: drops the backups and sets the lake idle with this load as the last one. */
async function release(run: LoadRun, held: HeldLake): Promise<void> {
  const { store, plan, clock } = run;
  for (const k of await store.list(`${BACKUP_PREFIX}${plan.loadId}/`)) await store.delete(k);
  const idle: SharedLakeState = { phase: 'idle', updated_at: iso(clock.now()), last_load: plan.loadId };
  if (!(await store.putIfVersion(SHARED_STATE_KEY, json(idle), held.version, 'application/json'))) {
    throw new LakeStateError(`the lake state changed under load ${plan.loadId} after its commit; the next load finishes it`);
  }
  await run.step('phase:idle');
}

/**
 * Before a load reads the shared lake: repairs an interrupted load whose lease ended (taking the lake for
 * the repair), refuses while a live load holds it, and returns the last committed load (null for none), to
 * pass as `basedOn` to publishSharedLoad.
 */
export async function settleSharedLake(
  store: VersionedStorage,
  remove: (key: string) => Promise<void>,
  clock: Clock = realClock,
): Promise<string | null> {
  const cur = await readState(store);
  if (!cur) return null;
  const s = cur.state;
  if (s.phase === 'idle') return s.last_load ?? null;
  const now = clock.now();
  if (Date.parse(s.lease_until ?? '') > now.getTime()) {
    throw new SharedLakeBusyError(
      `another load (${s.load_id}) holds the lake since ${s.started_at} (until ${s.lease_until} at the latest); try again later`,
    );
  }
  const owner = `repair:${randomBytes(4).toString('hex')}`;
  const mine: SharedLakeState = {
    phase: 'backing-up',
    updated_at: iso(now),
    owner,
    started_at: iso(now),
    lease_until: iso(new Date(now.getTime() + 20 * 60_000)),
    recovering: s,
  };
  if (!(await store.putIfVersion(SHARED_STATE_KEY, json(mine), cur.version, 'application/json')))
    throw new SharedLakeBusyError('another load took the lake at the same moment; try again');
  const committed = (x: SharedLakeState): string | undefined =>
    x.phase === 'deleting' ? x.load_id : (x.last_load ?? (x.recovering ? committed(x.recovering) : undefined));
  await repair(store, s, remove);
  const lastLoad = committed(s) ?? null;
  const after = (await store.getVersioned(SHARED_STATE_KEY))!;
  const idle: SharedLakeState = { phase: 'idle', updated_at: iso(clock.now()), ...(lastLoad ? { last_load: lastLoad } : {}) };
  if (!(await store.putIfVersion(SHARED_STATE_KEY, json(idle), after.version, 'application/json')))
    throw new SharedLakeBusyError('another load took the lake at the same moment; try again');
  return lastLoad;
}

export interface ReaderOptions {
  /** How long the reader may read (its lease; default 15 min, the monthly compute's limit). */
  readMs?: number;
  /** How long to wait for a live load to finish before giving up (default 5 min). */
  waitMs?: number;
  pollMs?: number;
  clock?: Clock;
}

/**
 * The monthly run calls this before its first query: registers a reader lease (loads wait for it to end
 * before uploading), then waits while a load is live, and refuses a lake whose load was interrupted.
 * Returns once the lake is idle: from then until the lease ends (or the returned release is called) no
 * load changes it.
 */
export async function awaitConsistentLake(store: VersionedStorage, opts: ReaderOptions = {}): Promise<() => Promise<void>> {
  const clock = opts.clock ?? realClock;
  const start = clock.now();
  const until = new Date(start.getTime() + (opts.readMs ?? 15 * 60_000));
  const me = `${READERS_PREFIX}${iso(start).replace(/[:.]/g, '')}-${randomBytes(4).toString('hex')}.json`;
  await store.put(me, JSON.stringify({ until: iso(until) }), 'application/json');
  const release = () => store.delete(me);
  const deadline = start.getTime() + (opts.waitMs ?? 5 * 60_000);
  for (;;) {
    const cur = await readState(store);
    if (!cur || cur.state.phase === 'idle') return release;
    const now = clock.now();
    const s = cur.state;
    if (Date.parse(s.lease_until ?? '') <= now.getTime()) {
      await store.delete(me);
      throw new LakeStateError(
        `the lake: a load was interrupted at ${s.started_at} (load ${s.load_id}, ${s.phase}); run ingest to finish or roll it back ` +
          `(upload an export, or re-put an export's READY marker), then run this again`,
      );
    }
    // A load taking the lake now sees our lease and gives the lake back; one already uploading finishes.
    if (now.getTime() >= deadline) {
      await store.delete(me);
      throw new SharedLakeBusyError(
        `the lake: load ${s.load_id} has been loading since ${s.started_at}; waited ` +
          `${Math.round((now.getTime() - start.getTime()) / 1000)} s and timed out; run this again once it has finished`,
      );
    }
    await clock.sleep(opts.pollMs ?? 5_000);
  }
}
