// One streaming pass over an input file before DuckDB sees it: catches the file problems DuckDB would
// report badly (empty, binary, not UTF-8) with the file and line, and maps record numbers to physical
// lines (line-map.ts) so quarantined rows carry their true line. Memory stays at one chunk.
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { UserError } from '../errors/index.ts';
import { fileError } from './errors.ts';
import { type LineMap, LineMapper, StructureError } from './line-map.ts';

export interface PrescanResult {
  bytes: number;
  /** Record number -> physical line. */
  lineMap: LineMap;
  /** The first line (header), without BOM and line ending, at most 64 KiB. */
  firstLine: string;
}

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** Length of the prefix of `buf` that ends on a UTF-8 character boundary (an incomplete tail is carried over). */
function completePrefix(buf: Buffer): number {
  const end = buf.length;
  for (let i = end - 1; i >= Math.max(0, end - 4); i--) {
    const b = buf[i]!;
    if (b < 0x80) return end;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return end - i < need ? i : end;
    }
  }
  return end;
}

/** Offset of the first byte of `buf` that breaks UTF-8 (only called once a chunk is known to be invalid). */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const need = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (need === 0) return i;
    if (need > 1 && !isUtf8(buf.subarray(i, i + need))) return i;
    i += need;
  }
  return buf.length;
}

function countNewlines(buf: Buffer, end = buf.length): number {
  let n = 0;
  let i = buf.indexOf(NL);
  while (i !== -1 && i < end) {
    n++;
    i = buf.indexOf(NL, i + 1);
  }
  return n;
}

const CHUNK = 4 << 20;

/**
 * The file in chunks, all read into one buffer: the scan keeps no chunk past its iteration (what it carries
 * over is copied), so scanning makes no garbage, which matters while DuckDB reads the file beside the scan
 * (a stream's fresh 4 MiB buffer per chunk added about 100 MB to the load's peak memory).
 */
async function* chunks(path: string, size: number): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, size)));
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/** The header as PrescanResult.firstLine gives it: no BOM, no line ending. */
function headerLine(head: Buffer): string {
  return head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r$/, '');
}

/**
 * `onFirstLine` is told the header line as soon as the first line has passed the checks (its chunk is valid
 * UTF-8 without NUL bytes), before the rest of the file is scanned.
 */
export async function prescan(
  path: string,
  displayName: string,
  kind: 'csv' | 'ndjson',
  onFirstLine?: (line: string) => void,
): Promise<PrescanResult> {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw fileError(displayName, 'is not a file');
    size = st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw fileError(displayName, code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : 'file not found');
  }
  if (size === 0) throw fileError(displayName, 'the file is empty (expected a header row and data rows)');

  let offset = 0; // bytes of the file already consumed (excluding carry)
  let carry: Buffer = Buffer.alloc(0);
  let head = Buffer.alloc(0);
  let headDone = false;
  const mapper = new LineMapper(kind === 'csv');

  try {
    for await (const raw of chunks(path, size)) {
      const chunk: Buffer = carry.length ? Buffer.concat([carry, raw]) : raw;
      let cut = completePrefix(chunk);
      // A chunk must not end in a quote or a CR: what they mean depends on the next byte (carried over).
      while (cut > 0 && (chunk[cut - 1] === QUOTE || chunk[cut - 1] === CR)) cut--;
      const body = chunk.subarray(0, cut);
      const nul = body.indexOf(0);
      if (nul !== -1) {
        throw fileError(
          displayName,
          'contains binary data (a NUL byte): expected a UTF-8 text file in CSV or NDJSON',
          mapper.newlines + countNewlines(body, nul) + 1,
        );
      }
      if (!isUtf8(body)) {
        const bad = firstInvalidUtf8(body);
        throw fileError(
          displayName,
          `is not valid UTF-8 (byte offset ${offset + bad}); re-export the file as UTF-8`,
          mapper.newlines + countNewlines(body, bad) + 1,
        );
      }
      if (!headDone) {
        head = Buffer.concat([head, body]);
        const nl = head.indexOf(NL);
        if (nl !== -1 || head.length > 65536) {
          head = head.subarray(0, nl === -1 ? 65536 : nl);
          headDone = true;
          onFirstLine?.(headerLine(head));
        }
      }
      mapper.feed(body);
      offset += body.length;
      carry = Buffer.from(chunk.subarray(cut));
    }
    if (carry.some((b) => b !== QUOTE && b !== CR)) {
      throw fileError(
        displayName,
        `is not valid UTF-8 (the file ends inside a character, byte offset ${offset}); re-export the file as UTF-8`,
        mapper.newlines + 1,
      );
    }
    if (!headDone) head = Buffer.concat([head, carry]);
    mapper.feed(carry, true);
    const lineMap = mapper.finish();
    const firstLine = headerLine(head);
    if (kind === 'ndjson' && /^\s*\[/.test(firstLine)) {
      throw fileError(
        displayName,
        'is a JSON array ([...]); a .ndjson file holds one JSON object per line, with no enclosing brackets or commas between lines',
        1,
      );
    }
    return { bytes: size, lineMap, firstLine };
  } catch (e) {
    if (e instanceof StructureError) throw fileError(displayName, e.reason, e.line);
    throw e;
  }
}

/** A prescan that runs in the background once started: the header line first, then the whole result. */
export interface PendingScan {
  /** The header line, as soon as the first line has passed the checks; rejects if the scan fails before. */
  readonly firstLine: Promise<string>;
  readonly result: Promise<PrescanResult>;
}

/**
 * A prescan that starts when either promise is first asked for, and then runs while its caller awaits
 * other work (DuckDB reading the same file). Both promises are marked handled: whoever awaits them still
 * gets the error.
 */
export function deferPrescan(path: string, displayName: string, kind: 'csv' | 'ndjson'): PendingScan {
  let started: PendingScan | undefined;
  const start = (): PendingScan => {
    if (started) return started;
    let early: ((line: string) => void) | undefined;
    const firstSeen = new Promise<string>((res) => {
      early = res;
    });
    const result = prescan(path, displayName, kind, (line) => early?.(line));
    const firstLine = Promise.race([firstSeen, result.then((r) => r.firstLine)]);
    result.catch(() => {});
    firstLine.catch(() => {});
    started = { firstLine, result };
    return started;
  };
  return {
    get firstLine() {
      return start().firstLine;
    },
    get result() {
      return start().result;
    },
  };
}

export function isPending(scan: PrescanResult | PendingScan): scan is PendingScan {
  return 'result' in scan;
}
