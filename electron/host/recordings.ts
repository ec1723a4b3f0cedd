/**
 * The Recording view's services: profile a recorded capture, infer a design from it, write its
 * anonymized copy. The same functions as `keyspace infer` and `keyspace anonymize`
 * (simulator/node/trace), bounded for a host many people share: a file of at most
 * MAX_RECORDING_BYTES, each pass at most PASS_DEADLINE_MS, and a bad capture answered with its
 * located lines as a `bad-input` error.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AtomicOutput } from '../../simulator/node/input';
import { anonymizeTraceFile, fileBytes, profileTraceFile, sniffTraceFile, TraceFileError } from '../../simulator/node/trace';
import { RecordedKeyLayout } from '../../simulator/run';
import type { RecordedKeys } from '../../simulator/trace';
import { inferDesign, summarizeProfile } from '../../simulator/trace';
import { MAX_RECORDING_DOWNLOAD_BYTES } from '../common';
import type { AnonymizedRecording, RecordingProfile } from '../common';
import { planOf } from './design-text';
import { messageOf, ServiceError } from './errors';
import type { TraceUploads } from './trace-uploads';

/** Largest capture the app profiles, infers or anonymizes (the CLI has no such bound). */
export const MAX_RECORDING_BYTES = 256 * 1024 * 1024;
/** Wall-clock bound of one pass over a capture. */
export const PASS_DEADLINE_MS = 60_000;
/** Extensions that say a file is a recorded capture even when its first lines do not. */
const RECORDED_EXTENSION = /\.(monitor|jsonl|ndjson|csv)$/i;
/** What TraceUploads puts before a file's name (its time and a random tag). */
const UPLOAD_PREFIX = /^[0-9a-z]+-[0-9a-z]{1,4}-/;

/** Passes over captures a host runs at once (they share its main thread); more are refused as busy. */
export class PassSlots {
  private inUse = 0;

  constructor(readonly limit: number) {}

  /** Takes a slot, or throws busy; the answer releases it. */
  take(): () => void {
    if (this.inUse >= this.limit) throw new ServiceError('busy', `${this.inUse} captures are being read on this host right now; try again in a moment`);
    this.inUse++;
    let released = false;
    return () => {
      if (!released) this.inUse--;
      released = true;
    };
  }
}

/** Every Recordings of this process (a room's participants too) shares these. */
const HOST_PASSES = new PassSlots(2);

interface Pass {
  stop: () => boolean;
  expired: () => boolean;
}

export interface RecordingsOptions {
  /** Resolves (and in browser mode confines) a trace path; throws not-found. */
  tracePath(path: string): Promise<string>;
  uploads: TraceUploads;
  /** Monotonic-enough milliseconds for the deadline (tests pass a fake). */
  now?: () => number;
  maxBytes?: number;
  deadlineMs?: number;
  /** Default: the process's own (two passes at once). */
  passes?: PassSlots;
}

export class Recordings {
  private readonly now: () => number;

  constructor(private readonly options: RecordingsOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  async profile(given: string, designText?: string): Promise<RecordingProfile> {
    const { path, bytes } = await this.open(given);
    return this.pass(async (pass) => {
      const { keys, profile, read } = await located(() => profileTraceFile(path, { shouldStop: pass.stop }));
      const summary = summarizeProfile(profile);
      return {
        path, format: read.format, bytes, lines: read.stats.lines, ignored: read.stats.ignored, malformed: read.stats.malformed,
        warning: read.warning, truncated: pass.expired(), ...summary, designMatch: designMatch(keys, designText),
      };
    });
  }

  async infer(given: string): Promise<{ name: string; text: string }> {
    const { path } = await this.open(given);
    const { keys, profile, read, expired } = await this.pass(async (pass) => ({ ...await located(() => profileTraceFile(path, { shouldStop: pass.stop })), expired: pass.expired() }));
    if (expired) throw new ServiceError('bad-input', `${basename(path)}: reading it took over ${this.deadlineMs / 1000} s; infer a design from a shorter capture (or with keyspace infer)`);
    if (keys.size === 0) throw new ServiceError('bad-input', `${basename(path)}: no command with a key in ${read.stats.lines.toLocaleString('en-US')} lines (${read.stats.ignored.toLocaleString('en-US')} ignored); nothing to infer`);
    const name = `${traceStem(path)}-inferred`;
    const inferred = inferDesign(profile, { source: basename(path), format: read.format });
    return { name, text: inferred.yaml };
  }

  async anonymize(given: string, salt?: string): Promise<AnonymizedRecording> {
    const { path, bytes } = await this.open(given);
    const name = `${traceStem(path)}-anonymized.jsonl`;
    // JSONL with hashed ids: about twice a MONITOR line's size at most.
    const place = await this.options.uploads.place(name, Math.min(2 * bytes, MAX_RECORDING_BYTES), path);
    return this.pass(async (pass) => {
      const out = new AtomicOutput(place);
      try {
        const done = await located(() => anonymizeTraceFile(path, out, { salt: salt ?? randomBytes(32).toString('hex'), shouldStop: pass.stop }));
        if (pass.expired()) throw new ServiceError('bad-input', `${basename(path)}: anonymizing it took over ${this.deadlineMs / 1000} s; anonymize it with keyspace anonymize`);
        out.commit();
        return { path: out.path, name, records: done.records, keys: done.keys };
      } catch (error) {
        out.abort();
        throw error;
      }
    });
  }

  /** The text of a capture to download (a shared anonymized copy), its upload prefix dropped from the name. */
  async read(given: string): Promise<{ name: string; text: string }> {
    const path = await this.options.tracePath(given);
    const bytes = fileBytes(path);
    if (bytes > MAX_RECORDING_DOWNLOAD_BYTES) throw new ServiceError('bad-input', `${basename(path)} is ${(bytes / 1024 / 1024).toFixed(0)} MB; the app downloads captures up to ${MAX_RECORDING_DOWNLOAD_BYTES / 1024 / 1024} MB`);
    const name = basename(path).replace(UPLOAD_PREFIX, '');
    return { name, text: await readFile(path, 'utf8') };
  }

  private get deadlineMs(): number {
    return this.options.deadlineMs ?? PASS_DEADLINE_MS;
  }

  /** One bounded pass: a slot of the host's (or busy), and a deadline its reading stops at. */
  private async pass<T>(work: (pass: Pass) => Promise<T>): Promise<T> {
    const release = (this.options.passes ?? HOST_PASSES).take();
    try {
      const end = this.now() + this.deadlineMs;
      let expired = false;
      const stop = (): boolean => (expired ||= this.now() > end);
      return await work({ stop, expired: () => expired });
    } finally {
      release();
    }
  }

  private async open(given: string): Promise<{ path: string; bytes: number }> {
    const path = await this.options.tracePath(given);
    const bytes = fileBytes(path);
    const max = this.options.maxBytes ?? MAX_RECORDING_BYTES;
    if (bytes > max) throw new ServiceError('bad-input', `${basename(path)} is ${(bytes / 1024 / 1024).toFixed(0)} MB; the app reads captures up to ${max / 1024 / 1024} MB (use the keyspace CLI for larger ones)`);
    if (!RECORDED_EXTENSION.test(path) && (await located(async () => sniffTraceFile(path))) === null) {
      throw new ServiceError('bad-input', `${basename(path)} looks like a plain key trace (one key per line), not a recorded capture (MONITOR, CSV, JSONL): it has no commands to profile; replay it on the simulator, where each line is a cache-aside read`);
    }
    return { path, bytes };
  }
}

/** A capture that cannot be read: its located lines as one bad-input message. */
async function located<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TraceFileError) throw new ServiceError('bad-input', error.lines.join('\n'));
    if (error instanceof ServiceError) throw error;
    throw new ServiceError('bad-input', `The capture could not be read: ${messageOf(error)}`);
  }
}

/** How many keys the design's namespace patterns match, or null when the text is absent or does not load. */
function designMatch(keys: RecordedKeys, designText: string | undefined): RecordingProfile['designMatch'] {
  if (designText === undefined || designText.trim() === '') return null;
  let namespaces: ReadonlyArray<{ pattern: string }>;
  try {
    namespaces = planOf({ text: designText, set: [] }).plan.namespaces;
  } catch {
    return null;
  }
  const layout = new RecordedKeyLayout(keys, namespaces);
  const unmatched = layout.keysPerNamespace[namespaces.length];
  return { matched: keys.size - unmatched, unmatched };
}

/** `1a2b-x9y8-capture.monitor` → `capture`: the upload prefix and the extension dropped. */
export function traceStem(path: string): string {
  const base = basename(path).replace(UPLOAD_PREFIX, '').replace(/\.[A-Za-z0-9]+$/, '');
  return base.replace(/-anonymized$/, '') || 'trace';
}
