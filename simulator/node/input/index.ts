/** Reading the files a person names, and writing the ones they ask for: checked before any work. */
export { INPUT_LIMITS, InputFileError, openInput, readInputText } from './input-file';
export type { InputKind } from './input-file';
export { AtomicOutput, checkOutputPath } from './output-file';
