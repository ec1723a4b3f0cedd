/** Messages between a streamed trace replay and its parsing worker (parse-worker.ts). */
import type { TraceBatch } from '../../run';
import type { CacheSettings } from './trace-cache';

export interface ParseJob {
  file: string;
  /** Namespace patterns in order: a key's group is the first it matches, or patterns.length. */
  patterns: string[];
  chunkBytes: number;
  /**
   * Int32 [0]: requests the replay has consumed, which the main thread stores and notifies; the
   * parser waits while it is more than `aheadLimit` requests ahead (bounded memory).
   */
  progress: SharedArrayBuffer;
  aheadLimit: number;
  /** The parsed-trace cache to read, or to write while parsing (see trace-cache.ts); null: none. */
  cache: { settings: CacheSettings; file: string } | null;
  /** Below 1: only the keys of a spatial sample of this rate (SHARDS), with their positions and halves. */
  sampleRate: number;
}

export type ParseMessage =
  | { type: 'batch'; batch: TraceBatch }
  | {
    type: 'end';
    lines: number;
    requests: number;
    malformed: number;
    malformedLines: Array<{ line: number; reason: string }>;
    /** Where the requests came from: the text, or the cache of an earlier parse. */
    from: 'text' | 'cache';
  }
  /** `code` ECACHE: the cache proved corrupt after batches were sent (the caller parses the text). */
  | { type: 'error'; code: string; message: string };
