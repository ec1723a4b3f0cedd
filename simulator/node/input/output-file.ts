/**
 * Files the CLI writes: the path is checked before any work or side effect (its folder exists,
 * it is not a folder or a device), and the file is written beside its final name and renamed
 * into place only when the command succeeded, so a failed run never leaves half a file or
 * truncates the one that was there.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputFileError } from './input-file';

/** Throws an InputFileError when `path` cannot be written as a file; `what` names it (`--json`). */
export function checkOutputPath(path: string, what: string, inputs: ReadonlyArray<string> = []): void {
  if (path === '' || path.includes('\0')) throw new InputFileError(JSON.stringify(path), `${what}: not a file name`);
  const folder = dirname(resolve(path));
  let folderStats;
  try {
    folderStats = statSync(folder);
  } catch {
    throw new InputFileError(path, `${what}: the folder ${folder} does not exist; create it first`);
  }
  if (!folderStats.isDirectory()) throw new InputFileError(path, `${what}: ${folder} is not a folder`);
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return; // A new file.
  }
  if (stats.isDirectory()) throw new InputFileError(path, `${what}: is a folder; name a file inside it`);
  if (!stats.isFile()) throw new InputFileError(path, `${what}: is not a regular file (a device or a pipe)`);
  for (const input of inputs) {
    try {
      const inputStats = statSync(input);
      if (inputStats.ino === stats.ino && inputStats.dev === stats.dev) throw new InputFileError(path, `${what}: is the input file itself; write to another file`);
    } catch (error) {
      if (error instanceof InputFileError) throw error;
    }
  }
}

/** A file written under a temporary name and renamed into place by commit(). */
export class AtomicOutput {
  private readonly temp: string;
  private fd: number | null;

  constructor(readonly path: string) {
    this.temp = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    this.fd = openSync(this.temp, 'w', 0o644);
  }

  write(text: string): void {
    if (this.fd === null) throw new Error('AtomicOutput: write after close');
    writeSync(this.fd, text);
  }

  /** Renames the finished file into place. */
  commit(): void {
    this.close();
    renameSync(this.temp, this.path);
  }

  /** Drops the unfinished file; the previous file at `path`, if any, is left as it was. */
  abort(): void {
    this.close();
    rmSync(this.temp, { force: true });
  }

  private close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
