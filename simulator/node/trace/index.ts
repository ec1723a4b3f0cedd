/** Recorded-traffic files: chunked reading with format detection, and simulated captures. */
export { readTraceFile, detectTraceFormat, sniffTraceFile, malformedPolicy, fileBytes, TraceFileError, CHUNK_BYTES, DEFAULT_MAX_MALFORMED_SHARE } from './read-trace';
export type { TraceFileOptions, TraceReadResult } from './read-trace';
export { captureSimulatedTraffic } from './simulated-capture';
export type { SimulatedCaptureOptions } from './simulated-capture';
export { captureMonitor, MONITOR_COST_WARNING } from './capture';
export type { CaptureOptions, CaptureResult } from './capture';
export { profileTraceFile } from './profile-file';
export type { ProfiledTrace } from './profile-file';
export { anonymizeTraceFile } from './anonymize-file';
export type { AnonymizeFileOptions, AnonymizedTrace, TextSink } from './anonymize-file';
