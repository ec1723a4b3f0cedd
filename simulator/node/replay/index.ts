/** Replaying recorded traffic files on the simulator or on a managed redis-server. */
export { readRecording, replayFile } from './replay-file';
export { RecordedEngine } from './recorded-engine';
export type { Recording } from './recorded-engine';
export type { ReplayFileOptions, ReplayFileResult } from './replay-file';
export { LiveRecordedReplay } from './live-replay';
export type { LiveReplayOptions, ReplayConnection } from './live-replay';
export { managedReplayConnection } from './managed-replay';
