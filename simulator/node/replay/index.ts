/** Replaying recorded traffic files on the simulator or on a managed redis-server. */
export { replayFile } from './replay-file';
export type { ReplayFileOptions, ReplayFileResult } from './replay-file';
export { LiveRecordedReplay } from './live-replay';
export type { LiveReplayOptions } from './live-replay';
