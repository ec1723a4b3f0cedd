/** Reading the files a person names: checked kind, size and readability before any work. */
export { INPUT_LIMITS, InputFileError, openInput, readInputText } from './input-file';
export type { InputKind } from './input-file';
