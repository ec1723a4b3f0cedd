/** Inferring a design from recorded traffic: profile the records, mine namespaces, fit, write YAML. */
export { TraceProfile } from './profile';
export type { ProfileOptions } from './profile';
export { mineNamespaces } from './namespaces';
export type { MinedNamespace } from './namespaces';
export { fitZipf, estimateCardinality, expectedDistinct } from './zipf-fit';
export type { ZipfFit } from './zipf-fit';
export { inferDesign } from './design';
export type { InferOptions, InferResult } from './design';
export type { NamespaceEstimate } from './estimates';
export type { PatternDeleteRule } from './traffic';
export { summarizeProfile } from './summary';
export type { SizeQuantiles, SummaryOptions, TraceSummary } from './summary';
