/**
 * Traces uploaded from a browser: written under the data directory, within a quota of bytes and
 * of files. A room of attendees uploading 90 MB captures cannot fill the disk: past either quota
 * the caller's oldest uploads are removed first, and uploads under way count against it (their
 * bytes are reserved before writing). In a room every participant's uploads also share one
 * budget (TraceBudget): an upload the others' traces leave no room for is refused, not written.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ServiceError } from './errors';
import { writeFileAtomic } from './files';

/** Bytes of uploaded traces kept at most (default). */
export const TRACE_QUOTA_BYTES = 512 * 1024 * 1024;
/** Uploaded traces kept at most (default). */
export const TRACE_QUOTA_FILES = 200;

export interface TraceQuota {
  /** Bytes kept at most (default 512 MB). */
  bytes?: number;
  /** Files kept at most (default 200). */
  files?: number;
  /** The room's budget these uploads share with everyone else's. */
  room?: TraceBudget;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

interface Kept { path: string; size: number; mtimeMs: number }

async function keptIn(dir: string): Promise<Kept[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files = await Promise.all(names.map(async (name) => {
    const info = await stat(join(dir, name)).catch(() => null);
    return info?.isFile() ? { path: join(dir, name), size: info.size, mtimeMs: info.mtimeMs } : null;
  }));
  return files.filter((file): file is Kept => file !== null);
}

/** The bytes of uploaded traces a whole room keeps: every participant's together. */
export class TraceBudget {
  private readonly dirs = new Set<string>();
  private readonly reserved = new Map<string, number>();

  constructor(readonly bytes: number) {}

  /**
   * Reserves `bytes` for an upload into `dir` and answers how much `dir` may then keep (the room's
   * budget less everyone else's uploads, kept and under way); refused when that is under `bytes`.
   */
  async reserve(dir: string, bytes: number): Promise<{ room: number; release(): void }> {
    this.dirs.add(dir);
    this.reserved.set(dir, (this.reserved.get(dir) ?? 0) + bytes);
    const release = () => this.reserved.set(dir, (this.reserved.get(dir) ?? bytes) - bytes);
    let others = 0;
    for (const other of this.dirs) {
      if (other !== dir) others += (await keptIn(other)).reduce((sum, file) => sum + file.size, 0) + (this.reserved.get(other) ?? 0);
    }
    if (others + bytes > this.bytes) {
      release();
      throw new ServiceError('busy', `The room's uploaded traces hold ${mb(others)} of the ${mb(this.bytes)} the room keeps; this ${mb(bytes)} trace does not fit. Ask the trainer, or upload a shorter capture.`);
    }
    return { room: this.bytes - others, release };
  }
}

export class TraceUploads {
  private reserved = 0;
  private readonly quotaBytes: number;
  private readonly quotaFiles: number;

  constructor(private readonly dir: string, private readonly clock: () => number, private readonly quota: TraceQuota = {}) {
    this.quotaBytes = quota.bytes ?? TRACE_QUOTA_BYTES;
    this.quotaFiles = quota.files ?? TRACE_QUOTA_FILES;
  }

  /** Writes one upload; makes room by removing the oldest uploads when a quota would be passed. */
  async write(name: string, content: string): Promise<{ path: string }> {
    const path = await this.place(name, Buffer.byteLength(content), undefined, (at) => writeFileAtomic(at, content));
    return { path };
  }

  /**
   * A path beside the uploads for a file of about `bytes` (an upload, or an anonymized copy the
   * host writes itself), after making room for it within the quotas and the room's budget; `keep`
   * (the file it is made from) is not removed for it. `fill` writes it while the bytes are reserved.
   */
  async place(name: string, bytes: number, keep?: string, fill?: (path: string) => Promise<void>): Promise<string> {
    if (bytes > this.quotaBytes) throw new ServiceError('too-large', `The trace is ${mb(bytes)}; uploads are kept up to ${mb(this.quotaBytes)} in all`);
    const room = await this.quota.room?.reserve(this.dir, bytes);
    this.reserved += bytes;
    try {
      await this.makeRoom(bytes, Math.min(this.quotaBytes, room?.room ?? Infinity), keep);
      await mkdir(this.dir, { recursive: true });
      const path = join(this.dir, `${this.clock().toString(36)}-${Math.random().toString(36).slice(2, 6)}-${name}`);
      await fill?.(path);
      return path;
    } finally {
      this.reserved -= bytes;
      room?.release();
    }
  }

  /** Removes the oldest uploads (but `keep`) until the ones kept plus those under way fit `limit` bytes and the file quota. */
  private async makeRoom(bytes: number, limit: number, keep?: string): Promise<void> {
    const files = await keptIn(this.dir);
    let used = files.reduce((sum, file) => sum + file.size, 0) + this.reserved - bytes;
    let count = files.length;
    files.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const file of files) {
      if (used + bytes <= limit && count < this.quotaFiles) break;
      if (file.path === keep) continue;
      await rm(file.path, { force: true });
      used -= file.size;
      count--;
    }
    if (used + bytes > limit) {
      throw new ServiceError('busy', `Uploads under way already hold ${mb(used)} of the ${mb(limit)} kept for your traces; try again when they finish`);
    }
  }
}
