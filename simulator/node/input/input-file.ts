/**
 * The one door through which the CLI and the host services read a file a person named: a design,
 * a trace, a capture, a result JSON, an import source. Every input is checked before any work:
 * it must be a regular, readable file of a known size within the limit of its kind, so a
 * directory, a device (/dev/zero), a FIFO or a 6 GB file gets one located message, not a stack
 * trace or an exhausted machine.
 */
import { MAX_DESIGN_BYTES } from '../../model';
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** What kind of input a file is, which sets its size limit and how it is named in messages. */
export type InputKind = 'design' | 'trace' | 'result' | 'import';

/** Size limits per kind (bytes); a trace is streamed, the others are read whole. */
export const INPUT_LIMITS: Readonly<Record<InputKind, number>> = {
  design: MAX_DESIGN_BYTES,
  trace: 64 * 1024 * 1024 * 1024,
  result: 256 * 1024 * 1024,
  import: 2 * 1024 * 1024,
};

const NOUN: Record<InputKind, string> = {
  design: 'a design (YAML)',
  trace: 'a trace or capture file',
  result: 'a result JSON',
  import: 'an .env or redis.conf file',
};

/** A file that cannot be used as input; `message` is one line naming the file. */
export class InputFileError extends Error {
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'InputFileError';
  }
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 * 1024 ? `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function kindOf(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function openError(file: string, error: NodeJS.ErrnoException, kind: InputKind): InputFileError {
  switch (error.code) {
    case 'ENOENT': return new InputFileError(file, `no such file; name ${NOUN[kind]}`);
    case 'EACCES':
    case 'EPERM': return new InputFileError(file, 'cannot be read (permission denied)');
    case 'EISDIR': return new InputFileError(file, `is a directory; name ${NOUN[kind]}`);
    case 'ENAMETOOLONG': return new InputFileError(file.slice(0, 80), 'the path is too long');
    default: return new InputFileError(file, `cannot be read (${error.code ?? error.message})`);
  }
}

/**
 * Opens a file for reading after checking that it is a regular file within `maxBytes` (default:
 * the kind's limit). Returns the open descriptor and the size; the caller closes it.
 */
export function openInput(file: string, kind: InputKind, maxBytes = INPUT_LIMITS[kind]): { fd: number; size: number } {
  if (file === '' || file.includes('\0')) throw new InputFileError(JSON.stringify(file), `is not a file name; name ${NOUN[kind]}`);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer before we can refuse it.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw openError(file, error as NodeJS.ErrnoException, kind);
  }
  try {
    const stats = fstatSync(fd);
    const other = kindOf(stats);
    if (other) throw new InputFileError(file, `is ${other}, not a file; name ${NOUN[kind]}`);
    if (stats.size > maxBytes) {
      const hint = kind === 'design' ? ' — is this a trace? (use run --trace or keyspace replay)' : '';
      throw new InputFileError(file, `is ${megabytes(stats.size)}; ${NOUN[kind]} is at most ${megabytes(maxBytes)}${hint}`);
    }
    return { fd, size: stats.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Reads a whole input file as UTF-8 text, never more than the checked size (a file that grows
 * while it is read is cut at the size it had, not followed).
 */
export function readInputText(file: string, kind: InputKind, maxBytes = INPUT_LIMITS[kind]): string {
  const { fd, size } = openInput(file, kind, maxBytes);
  try {
    const buffer = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const read = readSync(fd, buffer, filled, size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return buffer.toString('utf8', 0, filled);
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw openError(file, error as NodeJS.ErrnoException, kind);
  } finally {
    closeSync(fd);
  }
}
