/**
 * Readers for recorded traffic. Parsers work on byte chunks (the Node layer reads the files) and
 * turn keys into dense integer ids through a shared interner, without a string per request.
 */
export { KeyInterner, hashKeyBytes } from './key-interner';
export { KeyLineReader, MAX_MALFORMED_KEPT } from './key-lines';
export type { MalformedLine } from './key-lines';
