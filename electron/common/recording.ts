/**
 * The Recording view's payloads: a recorded capture's profile (simulator/trace's TraceSummary as
 * plain JSON, with what the host adds: file, format, how many keys the open design matches), the
 * design inferred from it, and its anonymized copy. Every list is bounded.
 */
import { z } from 'zod';

const count = z.number().min(0);
const sizes = z.object({ p50: count, p99: count, max: count, seen: count }).nullable();
/** A trace path on the host (an upload under the data directory, or a workspace file). */
export const recordingPathSchema = z.string().min(1).max(4096);

export const recordingProfileSchema = z.object({
  path: z.string(),
  format: z.string(),
  bytes: count,
  lines: count,
  ignored: count,
  malformed: count,
  /** Skipped malformed lines, located (`file:line:column: reason`), or null. */
  warning: z.string().nullable(),
  /** The time bound stopped the pass: the profile covers the first part of the file only. */
  truncated: z.boolean(),
  records: count,
  keys: count,
  durationSec: count,
  commands: z.array(z.object({ name: z.string(), count })).max(50),
  ops: z.array(z.object({ op: z.string(), count })).max(10),
  namespaces: z.array(z.object({ name: z.string(), pattern: z.string(), keys: count, requests: count })).max(100),
  keyBytes: sizes,
  valueBytes: sizes,
  rate: z.object({ bucketSec: z.number().positive(), perSec: z.array(count).max(500) }),
  /** Keys the open design's namespace patterns match (null: no design text was given, or it does not load). */
  designMatch: z.object({ matched: count, unmatched: count }).nullable(),
});
export type RecordingProfile = z.infer<typeof recordingProfileSchema>;

/** An inferred design: its name and YAML (comments say how each value was inferred). */
export const inferredDesignSchema = z.object({ name: z.string(), text: z.string() });

export const anonymizedRecordingSchema = z.object({ path: z.string(), name: z.string(), records: count, keys: count });
export type AnonymizedRecording = z.infer<typeof anonymizedRecordingSchema>;

/** The largest capture readRecording returns as text (a download of an anonymized copy). */
export const MAX_RECORDING_DOWNLOAD_BYTES = 64 * 1024 * 1024;

export const RECORDING_METHODS = {
  /** One pass over a capture: commands, namespaces, sizes, rate; `text`: the open design, to count the keys it matches. */
  profileRecording: {
    input: z.object({ path: recordingPathSchema, text: z.string().max(2 * 1024 * 1024).optional() }).strict(),
    output: recordingProfileSchema,
  },
  /** A design inferred from a capture (`keyspace infer`). */
  inferRecording: { input: z.object({ path: recordingPathSchema }).strict(), output: inferredDesignSchema },
  /** An anonymized JSONL copy of a capture beside the uploads (`keyspace anonymize`); a random salt unless one is given. */
  anonymizeRecording: {
    input: z.object({ path: recordingPathSchema, salt: z.string().min(1).max(200).optional() }).strict(),
    output: anonymizedRecordingSchema,
  },
  /** A capture's text, to download it (an anonymized copy to share); up to MAX_RECORDING_DOWNLOAD_BYTES. */
  readRecording: {
    input: z.object({ path: recordingPathSchema }).strict(),
    output: z.object({ name: z.string(), text: z.string().max(MAX_RECORDING_DOWNLOAD_BYTES) }),
  },
} as const;
