/** The WorkbenchApi contract and its envelope: shared by host and UI; pure (no Node, no DOM). */
export * from './contract';
export * from './run-facts';
export * from './room-facts';
export * from './recording';
export { markRun, RUN_MARKS } from './run-marks';
export type { MarkTimeline, RunMark } from './run-marks';
export { presetStory, storyTeaser } from './preset-story';
export { errorEnvelopeSchema, isEvent, isMethod, parseEvent, parseInput, parseOutput, toErrorEnvelope, WorkbenchError } from './envelope';
export type { CallEnvelope } from './envelope';
export { asHandlers, dispatch, toWorkbenchError } from './dispatch';
export type { HostHandlers } from './dispatch';
export { contentSecurityPolicy, securityHeaders } from './csp';
