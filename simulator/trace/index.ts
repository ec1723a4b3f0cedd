/**
 * Readers for recorded traffic. Parsers work on byte chunks (the Node layer reads the files) and
 * turn keys into dense integer ids through a shared interner, without a string per request.
 */
export { KeyInterner, hashKeyBytes } from './key-interner';
export { KeyLineReader, MAX_MALFORMED_KEPT, spatialHash } from './key-lines';
export type { MalformedLine } from './key-lines';
export { decodeUtf8, encodeUtf8, encodeUtf8Into } from './utf8';

export {
  COMMANDS, commandId, lookupCommand, lookupOperation, OP_NAMES, OP_OTHER, OP_READ, OP_WRITE, OP_DELETE, OP_EXPIRE, OP_FLUSH,
  TTL_KEEP, TTL_NONE, ALL_DBS,
} from './commands';
export type { CommandInfo, RecordedOp } from './commands';
export { RecordBatch, RecordedKeys } from './records';
export { RecordLineReader } from './line-reader';
export type { ReaderStats } from './line-reader';
export { MonitorReader } from './monitor';
export {
  CLIENT_LUA, CLIENT_TCP, CLIENT_UNIX, CLIENT_KIND_NAMES, decodeMonitorLine, escapeMonitorArg, formatMonitorLine, unescapeMonitorArg,
} from './monitor-line';
export type { MonitorLine } from './monitor-line';
export { TwitterTraceReader } from './twitter-csv';
export { CsvTraceReader, CsvHeaderError, CSV_FIELDS } from './csv';
export type { CsvField, CsvOptions } from './csv';
export { JsonlTraceReader } from './jsonl';
export { createTraceReader, sniffTraceFormat, TRACE_FORMATS, TRACE_FORMAT_HELP } from './formats';
export type { TraceFormat, TraceReaderOptions } from './formats';
export { classifySegment, splitKey } from './segments';
export type { SegmentKind } from './segments';
export { anonymizeKey, recordsToJsonl } from './anonymize';
export type { AnonymizeOptions, SegmentHasher } from './anonymize';
export { TraceProfile, mineNamespaces, fitZipf, estimateCardinality, inferDesign, summarizeProfile } from './infer';
export type { InferOptions, InferResult, MinedNamespace, NamespaceEstimate, PatternDeleteRule, ProfileOptions, SizeQuantiles, TraceSummary, ZipfFit } from './infer';
