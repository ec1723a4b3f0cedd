/**
 * Minimal text edits of a design's YAML: a form edit replaces exactly the characters of the value
 * it changes (or inserts/removes whole lines), so comments, order, folded descriptions and the
 * author's flow/block style survive. The `yaml` Document API locates nodes; the text is spliced.
 */
import { isCollection, isMap, isScalar, isSeq, parseDocument, Scalar, stringify } from 'yaml';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';

export type YamlPath = ReadonlyArray<string | number>;
export type EditResult = { ok: true; text: string } | { ok: false; error: string };

type Ranged = Node & { range: [number, number, number] };

const SYNTAX_FIRST = 'the YAML has syntax errors; fix them in the YAML view first';

function parse(text: string): Document | null {
  const document = parseDocument(text, { uniqueKeys: false });
  return document.errors.length > 0 ? null : document;
}

function nodeAt(document: Document, path: YamlPath): Ranged | null {
  const node = path.length === 0 ? document.contents : document.getIn(path, true);
  return node && typeof node === 'object' && 'range' in (node as object) && (node as Node).range ? (node as Ranged) : null;
}

function pairAt(document: Document, path: YamlPath): Pair<Ranged, Ranged | null> | null {
  const parent = nodeAt(document, path.slice(0, -1));
  const key = path[path.length - 1];
  if (!isMap(parent)) return null;
  const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
  return (pair as Pair<Ranged, Ranged | null> | undefined) ?? null;
}

/** True when some collection on the way to `path` is written in flow style ({…} or […]). */
function insideFlow(document: Document, path: YamlPath): boolean {
  for (let i = 0; i < path.length; i++) {
    const node = nodeAt(document, path.slice(0, i));
    if (isCollection(node) && node.flow) return true;
  }
  return false;
}

/** Source text of a value in flow style (one line), quoted as a flow context needs. */
export function flowSource(value: unknown): string {
  const text = stringify([value], { collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).trim();
  const inner = text.slice(1, -1);
  return isObjectLike(value) ? padFlow(inner) : inner;
}

function padFlow(text: string): string {
  // `{a: 1}` → `{ a: 1 }`, the style the presets use.
  if (text.startsWith('{') && text !== '{}') return `{ ${text.slice(1, -1)} }`;
  return text;
}

function isObjectLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

/** Longest line a rewritten folded block scalar (`description: >-`) gets, as the presets wrap. */
const FOLD_WIDTH = 100;

/** Words greedily joined into lines of at most `width` characters. */
function wrapWords(words: string[], width: number): string[] {
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * The new words of a folded block in the author's lines: lines made only of unchanged leading or
 * trailing words stay as they were; the changed middle is wrapped again.
 */
function refold(oldLines: string[], words: string[], width: number): string[] {
  const old = oldLines.map((line) => line.split(' '));
  const flat = old.flat();
  let prefix = 0;
  while (prefix < flat.length && prefix < words.length && flat[prefix] === words[prefix]) prefix++;
  let suffix = 0;
  while (suffix < flat.length - prefix && suffix < words.length - prefix && flat[flat.length - 1 - suffix] === words[words.length - 1 - suffix]) suffix++;
  const head: string[][] = [];
  let taken = 0;
  for (const line of old) {
    if (taken + line.length > prefix) break;
    head.push(line);
    taken += line.length;
  }
  const tail: string[][] = [];
  let left = 0;
  for (const line of [...old].reverse()) {
    if (left + line.length > suffix || head.length + tail.length >= old.length) break;
    tail.unshift(line);
    left += line.length;
  }
  const middle = wrapWords(words.slice(taken, words.length - left), width);
  return [...head.map((line) => line.join(' ')), ...middle, ...tail.map((line) => line.join(' '))];
}

/**
 * A string written back as the block scalar it replaces (`>-` folded, `|` literal), with the
 * original header, indentation and (folded) line breaks, so a long description keeps its layout;
 * null when the block cannot hold the text exactly (then it is quoted on one line).
 */
function blockSource(value: string, original: Scalar, text: string): string | null {
  const start = (original as Ranged).range[0];
  const header = text.slice(start, lineEnd(text, start)).trim();
  const chomp = /^[>|]([-+]?)$/.exec(header)?.[1];
  if (chomp === undefined || chomp === '+') return null;
  // Clip (no indicator) ends the value with one newline; strip (-) with none.
  if (chomp === '' && !(value.endsWith('\n') && !value.endsWith('\n\n'))) return null;
  const body = chomp === '' ? value.slice(0, -1) : value;
  if (body === '' || body !== body.trim()) return null;
  const from = lineEnd(text, start) + 1;
  const indent = /^ */.exec(text.slice(from))?.[0].length ?? 0;
  if (indent === 0) return null;
  const pad = ' '.repeat(indent);
  if (header.startsWith('|')) return [header, ...body.split('\n').map((line) => (line ? pad + line : ''))].join('\n');
  if (/\n| {2}/.test(body)) return null;
  const oldLines = text.slice(from, trimmedEnd(text, (original as Ranged).range[1])).split('\n').map((line) => line.trim());
  const folded = oldLines.every((line) => line !== '') ? refold(oldLines, body.split(' '), FOLD_WIDTH - indent) : wrapWords(body.split(' '), FOLD_WIDTH - indent);
  return [header, ...folded.map((line) => pad + line)].join('\n');
}

function scalarSource(value: unknown, original: Scalar | null, flow: boolean, text = ''): string {
  const block = original?.type === Scalar.BLOCK_FOLDED || original?.type === Scalar.BLOCK_LITERAL;
  const kept = block && typeof value === 'string' ? blockSource(value, original, text) : null;
  if (kept !== null) return kept;
  if (typeof value === 'string' && original?.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (typeof value === 'string' && original?.type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  if (flow || isObjectLike(value)) return flowSource(value);
  const plain = stringify(value, { lineWidth: 0 }).trim();
  // A multi-line string would come out as a block scalar at column 0, outside its key: quote it.
  return plain.includes('\n') ? JSON.stringify(value) : plain;
}

function trimmedEnd(text: string, end: number): number {
  let at = end;
  while (at > 0 && /\s/.test(text[at - 1])) at--;
  return at;
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

function columnOf(text: string, at: number): number {
  return at - lineStart(text, at);
}

function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

/**
 * Lines for `prefix value` where prefix is `key:` or `-`: `levels` nesting levels are written in
 * block style, deeper ones in flow style (`{ ttl: 5m, jitter: 10% }`), as the presets are written.
 */
function entryLines(prefix: string, value: unknown, indent: number, levels: number): string[] {
  const pad = ' '.repeat(indent);
  const isMapValue = isObjectLike(value) && !Array.isArray(value) && Object.keys(value as object).length > 0;
  const isListValue = Array.isArray(value) && value.length > 0;
  if (levels <= 0 || (!isMapValue && !isListValue)) return [`${pad}${prefix} ${flowSource(value)}`];
  const children = isMapValue
    ? Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => entryLines(`${scalarSource(key, null, true)}:`, item, indent + 2, levels - 1))
    : (value as unknown[]).flatMap((item) => entryLines('-', item, indent + 2, levels - 1));
  if (prefix === '-' && isMapValue) return [`${pad}- ${children[0].trimStart()}`, ...children.slice(1)];
  return [`${pad}${prefix}`, ...children];
}

export interface SetOptions {
  /** For a new map or list: how many nesting levels are written in block style (0: all flow). */
  blockLevels?: number;
}

/**
 * Sets the value at `path` (a scalar, or a whole map/list written in flow style), creating the key
 * (and missing parents) when absent. Only the value's characters change.
 */
export function setValue(text: string, path: YamlPath, value: unknown, options: SetOptions = {}): EditResult {
  const document = parse(text);
  if (!document) return { ok: false, error: SYNTAX_FIRST };
  if (path.length === 0) return { ok: false, error: 'cannot replace the whole design from a form' };
  const node = nodeAt(document, path);
  if (node) {
    const flow = insideFlow(document, path);
    if (isScalar(node) || (isCollection(node) && node.flow)) {
      const source = isScalar(node) && !isObjectLike(value) ? scalarSource(value, node, flow, text) : flowSource(value);
      return { ok: true, text: splice(text, node.range[0], trimmedEnd(text, node.range[1]), source) };
    }
    const pair = pairAt(document, path);
    if (pair && isScalar(pair.key) && pair.key.range) {
      return { ok: true, text: splice(text, pair.key.range[1], trimmedEnd(text, node.range[1]), `: ${flowSource(value)}`) };
    }
    return { ok: false, error: `cannot edit ${path.join('.')} here; edit it in the YAML view` };
  }
  return insertPair(document, text, path.slice(0, -1), path[path.length - 1], value, options.blockLevels ?? 0);
}

function insertPair(document: Document, text: string, parentPath: YamlPath, key: string | number, value: unknown, levels: number): EditResult {
  const parent = nodeAt(document, parentPath);
  if (!parent) {
    if (parentPath.length === 0) return { ok: false, error: 'the design is empty' };
    return insertPair(document, text, parentPath.slice(0, -1), parentPath[parentPath.length - 1], { [key]: value }, levels + 1);
  }
  if (!isMap(parent)) return { ok: false, error: `${parentPath.join('.') || 'the design'} is not a mapping` };
  const keyText = scalarSource(String(key), null, true);
  if (parent.flow) {
    const entry = `${keyText}: ${flowSource(value)}`;
    const last = parent.items[parent.items.length - 1] as Pair<Ranged, Ranged | null> | undefined;
    if (!last) return { ok: true, text: splice(text, parent.range[0], trimmedEnd(text, parent.range[1]), `{ ${entry} }`) };
    const at = trimmedEnd(text, (last.value ?? last.key).range[1]);
    return { ok: true, text: splice(text, at, at, `, ${entry}`) };
  }
  const items = (parent as YAMLMap<Ranged, Ranged | null>).items;
  const first = items[0];
  const last = items[items.length - 1];
  const indent = columnOf(text, first.key.range[0]);
  const lines = entryLines(`${keyText}:`, value, indent, levels);
  const at = lineEnd(text, trimmedEnd(text, (last.value ?? last.key).range[1]));
  return { ok: true, text: splice(text, at, at, `\n${lines.join('\n')}`) };
}

/** Appends an item to the list at `path` (creating the list when absent), in the list's own style. */
export function appendItem(text: string, path: YamlPath, value: unknown, options: SetOptions = {}): EditResult {
  const document = parse(text);
  if (!document) return { ok: false, error: SYNTAX_FIRST };
  const node = nodeAt(document, path);
  const levels = options.blockLevels ?? 1;
  if (!node) return setValue(text, path, [value], { blockLevels: levels + 1 });
  if (!isSeq(node)) return { ok: false, error: `${path.join('.')} is not a list` };
  const items = (node as YAMLSeq<Ranged>).items;
  const last = items[items.length - 1];
  if (node.flow || !last) {
    if (!last) return setValue(text, path, [value], { blockLevels: node.flow ? 0 : levels + 1 });
    const at = trimmedEnd(text, last.range[1]);
    return { ok: true, text: splice(text, at, at, `, ${flowSource(value)}`) };
  }
  const start = last.range[0];
  const prefix = text.slice(lineStart(text, start), start);
  const dash = /^(\s*)-\s+/.exec(prefix);
  const dashIndent = dash ? dash[1].length : columnOf(text, node.range[0]);
  const lastIsFlow = isScalar(last) || (isCollection(last) && last.flow);
  const lines = entryLines('-', value, dashIndent, lastIsFlow ? 0 : levels);
  const at = lineEnd(text, trimmedEnd(text, last.range[1]));
  return { ok: true, text: splice(text, at, at, `\n${lines.join('\n')}`) };
}

/** Removes item `index` of the list at `path`; an emptied list becomes `[]`. */
export function removeItem(text: string, path: YamlPath, index: number): EditResult {
  const document = parse(text);
  if (!document) return { ok: false, error: SYNTAX_FIRST };
  const node = nodeAt(document, path);
  if (!isSeq(node)) return { ok: false, error: `${path.join('.')} is not a list` };
  const items = (node as YAMLSeq<Ranged>).items;
  const item = items[index];
  if (!item) return { ok: false, error: `${path.join('.')} has no item ${index}` };
  if (items.length === 1) return setValue(text, path, []);
  if (node.flow) {
    if (index > 0) return { ok: true, text: splice(text, trimmedEnd(text, items[index - 1].range[1]), trimmedEnd(text, item.range[1]), '') };
    return { ok: true, text: splice(text, item.range[0], items[1].range[0], '') };
  }
  const from = lineStart(text, item.range[0]);
  const to = Math.min(text.length, lineEnd(text, trimmedEnd(text, item.range[1])) + 1);
  return { ok: true, text: splice(text, from, to, '') };
}

/** Removes the key at `path` with its value. */
export function removeKey(text: string, path: YamlPath): EditResult {
  const document = parse(text);
  if (!document) return { ok: false, error: SYNTAX_FIRST };
  const parent = nodeAt(document, path.slice(0, -1));
  const pair = pairAt(document, path);
  if (!pair || !isMap(parent)) return { ok: true, text };
  const end = trimmedEnd(text, (pair.value ?? pair.key).range[1]);
  if (parent.flow) {
    const items = parent.items as Array<Pair<Ranged, Ranged | null>>;
    const index = items.indexOf(pair);
    if (items.length === 1) return { ok: true, text: splice(text, parent.range[0], trimmedEnd(text, parent.range[1]), '{}') };
    if (index > 0) return { ok: true, text: splice(text, trimmedEnd(text, (items[index - 1].value ?? items[index - 1].key).range[1]), end, '') };
    return { ok: true, text: splice(text, pair.key.range[0], items[1].key.range[0], '') };
  }
  if (parent.items.length === 1 && path.length > 1) return setValue(text, path.slice(0, -1), {});
  const from = lineStart(text, pair.key.range[0]);
  if (text.slice(from, pair.key.range[0]).trim() !== '') return { ok: false, error: `cannot remove ${path.join('.')} here; edit it in the YAML view` };
  const to = Math.min(text.length, lineEnd(text, end) + 1);
  return { ok: true, text: splice(text, from, to, '') };
}

/** Form input → YAML value: plain numbers become numbers, true/false booleans, the rest strings. */
export function coerceInput(raw: string): string | number | boolean {
  const trimmed = raw.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  return trimmed;
}
