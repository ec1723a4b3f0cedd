/**
 * Traces uploaded from a browser: written under the data directory, within a quota. A room of
 * attendees uploading 90 MB captures cannot fill the disk: past the quota the oldest uploads are
 * removed first, and uploads under way count against it (their bytes are reserved before writing).
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ServiceError } from './errors';
import { writeFileAtomic } from './files';

/** Bytes of uploaded traces kept at most (default). */
export const TRACE_QUOTA_BYTES = 512 * 1024 * 1024;

export class TraceUploads {
  private reserved = 0;

  constructor(private readonly dir: string, private readonly clock: () => number, private readonly quotaBytes = TRACE_QUOTA_BYTES) {}

  /** Writes one upload; makes room by removing the oldest uploads when the quota would be passed. */
  async write(name: string, content: string): Promise<{ path: string }> {
    const bytes = Buffer.byteLength(content);
    this.checkSize(bytes);
    this.reserved += bytes;
    try {
      await this.makeRoom(bytes);
      const path = this.pathFor(name);
      await writeFileAtomic(path, content);
      return { path };
    } finally {
      this.reserved -= bytes;
    }
  }

  /**
   * A path beside the uploads for a file the host writes itself (an anonymized copy of about
   * `bytes`), after making room for it; `keep` (the file it is made from) is not removed for it.
   */
  async place(name: string, bytes: number, keep: string): Promise<string> {
    this.checkSize(bytes);
    this.reserved += bytes;
    try {
      await this.makeRoom(bytes, keep);
      await mkdir(this.dir, { recursive: true });
      return this.pathFor(name);
    } finally {
      this.reserved -= bytes;
    }
  }

  private checkSize(bytes: number): void {
    if (bytes > this.quotaBytes) throw new ServiceError('bad-input', `The trace is ${(bytes / 1024 / 1024).toFixed(0)} MB; uploads are kept up to ${this.quotaBytes / 1024 / 1024} MB in all`);
  }

  private pathFor(name: string): string {
    return join(this.dir, `${this.clock().toString(36)}-${Math.random().toString(36).slice(2, 6)}-${name}`);
  }

  /** Removes the oldest uploads (but `keep`) until the ones kept plus those under way fit the quota. */
  private async makeRoom(bytes: number, keep?: string): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const files = (await Promise.all(names.map(async (name) => {
      const info = await stat(join(this.dir, name)).catch(() => null);
      return info?.isFile() ? { path: join(this.dir, name), size: info.size, mtimeMs: info.mtimeMs } : null;
    }))).filter((file): file is { path: string; size: number; mtimeMs: number } => file !== null);
    let used = files.reduce((sum, file) => sum + file.size, 0) + this.reserved - bytes;
    files.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const file of files) {
      if (used + bytes <= this.quotaBytes) break;
      if (file.path === keep) continue;
      await rm(file.path, { force: true });
      used -= file.size;
    }
    if (used + bytes > this.quotaBytes) {
      throw new ServiceError('busy', `Uploads under way already hold ${(used / 1024 / 1024).toFixed(0)} MB of the ${this.quotaBytes / 1024 / 1024} MB kept for traces; try again when they finish`);
    }
  }
}
