/**
 * The wording of design problems, shared by the CLI and the YAML editor: parser and zod messages
 * reworded to say what to write instead, and "did you mean" for unknown fields (the field names
 * come from the design's JSON Schema, so they follow the zod schema).
 */
import type { z } from 'zod';
import { closest } from './did-you-mean';
import { designJsonSchema } from './json-schema';

export function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return String(value);
}

function expected(type: string): string {
  if (type === 'array') return 'a list';
  if (type === 'object' || type === 'record') return 'a mapping';
  if (type === 'int') return 'a whole number';
  return `a ${type}`;
}

/** zod's default messages speak JavaScript (int, 9007199254740991, [object Object]); say it plainly. */
export function humanMessage(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  // Messages the schema wrote itself are kept; only zod's defaults are reworded.
  if (!/^(Invalid input|Too big|Too small)/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === null && ['object', 'record', 'array'].includes(issue.expected)) {
        return `is empty; write its ${issue.expected === 'array' ? '"- item" lines' : 'fields'} on the lines below it, indented`;
      }
      if (input !== undefined) return `expected ${expected(issue.expected)}, got ${shown(input)}`;
      return missing(issue.path, expected(issue.expected));
    }
    case 'invalid_union': {
      const types = [...new Set(issue.errors.flatMap((branch) => branch.filter((b) => b.code === 'invalid_type' && b.path.length === 0)
        .map((b) => expected((b as { expected: string }).expected))))];
      if (input === undefined) return missing(issue.path, types.join(' or ') || 'a value');
      return types.length > 0 ? `expected ${types.join(' or ')}, got ${shown(input)}` : `${shown(input)} matches none of the forms this field takes`;
    }
    case 'too_big':
      if (Number(issue.maximum) >= Number.MAX_SAFE_INTEGER) return `${shown(input)} is too large`;
      return `must be at most ${String(issue.maximum)}, not ${shown(input)}`;
    case 'too_small':
      return `must be ${issue.inclusive === false ? 'above' : 'at least'} ${String(issue.minimum)}, not ${shown(input)}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${shown(input)}`;
    default:
      return issue.message;
  }
}

function missing(path: ReadonlyArray<PropertyKey>, what: string): string {
  const key = path[path.length - 1];
  return `is missing; add ${typeof key === 'string' ? `"${key}:"` : 'the item'} with ${what}`;
}

/** Whether a message is the one `humanMessage` gives a missing field. */
export function isMissingMessage(message: string): boolean {
  return message.startsWith('is missing; add ');
}

/** Names people write for a field that edit distance does not find. */
const MEANT: Record<string, string> = { alfa: 'alpha', size: 'valueSize', keys: 'cardinality' };
const TTL_NOTE = '— a TTL belongs in ttlMatrix.<dataClass>.<environment>; a namespace names its dataClass';

/** An unknown field's message, with the field it most likely meant. */
export function unknownFieldMessage(keys: readonly string[], path: ReadonlyArray<string | number>, where: string): { message: string; meant?: string } {
  const key = keys[0];
  if (key === '') {
    return { message: `a line has "?" or ":" with no field name in ${where}; remove it, or write "name: value"` };
  }
  const known = fieldNames(path);
  const alias = Object.hasOwn(MEANT, key) && known.includes(MEANT[key]) ? MEANT[key] : undefined;
  const meant = key === 'ttl' && path.length === 2 ? undefined : alias ?? closest(key.replace(/[-_ ]/g, ''), known) ?? closest(key, known);
  const hint = key === 'ttl' && path.length === 2 ? ` ${TTL_NOTE}`
    : meant ? ` (did you mean ${meant}?)`
      : known.length > 0 && known.length <= 12 ? `; known fields here: ${known.join(', ')}` : '';
  return { message: `unknown field "${keys.join('", "')}" in ${where}${hint}`, meant };
}

type JsonSchema = { properties?: Record<string, JsonSchema>; items?: JsonSchema; additionalProperties?: JsonSchema | boolean; anyOf?: JsonSchema[]; oneOf?: JsonSchema[] };

let cached: JsonSchema | undefined;

/** The field names the design's JSON Schema allows at a path (every branch of a union). */
export function fieldNames(path: ReadonlyArray<string | number>): string[] {
  cached ??= designJsonSchema() as JsonSchema;
  let nodes: JsonSchema[] = [cached];
  for (const segment of path) {
    nodes = nodes.flatMap(branches).flatMap((node): JsonSchema[] => {
      if (typeof segment === 'number') return node.items ? [node.items] : [];
      const named = node.properties?.[segment];
      if (named) return [named];
      return typeof node.additionalProperties === 'object' ? [node.additionalProperties] : [];
    });
  }
  return [...new Set(nodes.flatMap(branches).flatMap((node) => Object.keys(node.properties ?? {})))];
}

function branches(node: JsonSchema): JsonSchema[] {
  const alternatives = node.anyOf ?? node.oneOf;
  return alternatives ? alternatives.flatMap(branches) : [node];
}

const SYNTAX: Record<string, string> = {
  BLOCK_IN_FLOW: 'a "- item" or "key: value" line is inside [ ] or { }; close the brackets on the line they open, or drop them and write one item per line',
  TAB_AS_INDENT: 'a tab indents this line; YAML indents with spaces only (2 per level)',
  DUPLICATE_KEY: 'duplicate field: it is written twice in the same mapping; keep one of them',
  BLOCK_AS_IMPLICIT_KEY: 'two "key:" on one line; put the inner field on its own line, indented, or quote the value',
  MULTILINE_IMPLICIT_KEY: 'this line is neither "name: value" nor "- item"; add the ":" after the field name, or fix the indentation',
  BAD_SCALAR_START: 'a value starts with a character YAML reserves (@, `, %, |, >); put the value in quotes',
  UNEXPECTED_TOKEN: 'unexpected text here; each line is "name: value" or "- item", indented with spaces under its parent',
  KEY_OVER_1024_CHARS: 'a field name is over 1024 characters; is a ":" or a closing quote missing?',
  MULTIPLE_DOCS: 'a design file holds one YAML document; this one has several (separated by ---); keep one',
};

/** The parser's message reworded to say what to write instead; the position is reported apart. */
export function syntaxMessage(code: string, message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (Object.hasOwn(SYNTAX, code)) return SYNTAX[code];
  if (code === 'BAD_INDENT') {
    if (/must start at the same column/.test(first)) return 'this line is indented differently from the fields before it; items of one mapping or list start at the same column';
    if (/^Flow (map|sequence)/.test(first)) return `a ${first.includes('map') ? '{' : '['} is not closed; add the closing ${first.includes('map') ? '}' : ']'} (on the same line, or indented more than the field)`;
  }
  if (code === 'MISSING_CHAR') {
    if (/closing "?quote/i.test(first)) return 'a quoted value is not closed; add the closing quote';
    if (/followed by map values/.test(first)) return 'a field name without ":"; write "name: value"';
  }
  return first;
}
