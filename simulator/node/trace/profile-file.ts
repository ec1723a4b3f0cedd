/**
 * One pass over a trace file into a TraceProfile: what `keyspace infer` and the workbench's
 * Recording view (profile, infer) start from.
 */
import { RecordedKeys, TraceProfile } from '../../trace';
import { readTraceFile } from './read-trace';
import type { TraceFileOptions, TraceReadResult } from './read-trace';

export interface ProfiledTrace {
  keys: RecordedKeys;
  profile: TraceProfile;
  read: TraceReadResult;
}

export async function profileTraceFile(file: string, options: TraceFileOptions & { shouldStop?: () => boolean } = {}): Promise<ProfiledTrace> {
  const keys = options.keys ?? new RecordedKeys();
  const profile = new TraceProfile(keys);
  const read = await readTraceFile(file, (batch, n) => profile.add(batch, n), { ...options, keys });
  return { keys, profile, read };
}
