/**
 * Merges imported values into a design file's text, editing only what changes: a scalar is
 * replaced in place (comments and layout kept), a missing field is inserted into its map (block
 * or flow). Values equal to the design's current (or default) value are left alone.
 */
import { isMap, isScalar, parseDocument, stringify } from 'yaml';
import type { Design } from '../model';

export interface MergedChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** Every scalar of a nested object with its path. */
export function leafPaths(value: unknown, path: string[] = []): Array<[string[], unknown]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...path, key]));
  }
  return path.length > 0 ? [[path, value]] : [];
}

function valueAt(root: unknown, path: ReadonlyArray<string>): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function scalarText(value: unknown): string {
  return stringify(value).trimEnd();
}

function nest(path: ReadonlyArray<string>, value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

export function mergeIntoDesignText(text: string, fragment: Record<string, unknown>, current: Design): { text: string; changed: MergedChange[] } {
  const changed: MergedChange[] = [];
  let out = text;
  for (const [path, value] of leafPaths(fragment)) {
    const before = valueAt(current, path);
    if (before === value) continue;
    out = applyOne(out, path, value);
    changed.push({ path: path.join('.'), before, after: value });
  }
  return { text: out, changed };
}

function applyOne(text: string, path: string[], value: unknown): string {
  const document = parseDocument(text);
  const existing = document.getIn(path, true);
  if (isScalar(existing) && existing.range) {
    const [start, end] = existing.range;
    return text.slice(0, start) + scalarText(value) + text.slice(end);
  }
  for (let depth = path.length - 1; depth >= 0; depth--) {
    const parent = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (!isMap(parent) || !parent.range) continue;
    const [key, ...rest] = path.slice(depth);
    const subtree = nest(rest, value);
    const [start, end] = parent.range;
    if (parent.flow) {
      const close = start + text.slice(start, end).lastIndexOf('}');
      let at = close;
      while (at > start && /\s/.test(text[at - 1])) at--;
      const inline = `${key}: ${stringify(subtree, { collectionStyle: 'flow' }).trimEnd()}`;
      const separator = parent.items.length > 0 ? ', ' : ' ';
      return `${text.slice(0, at)}${separator}${inline}${parent.items.length > 0 ? '' : ' '}${text.slice(at)}`;
    }
    const firstKey = parent.items[0]?.key;
    const keyStart = isScalar(firstKey) && firstKey.range ? firstKey.range[0] : start;
    const indent = ' '.repeat(keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1));
    const block = stringify({ [key]: subtree }).trimEnd().split('\n').map((line) => `${indent}${line}`).join('\n');
    const lead = end > 0 && text[end - 1] !== '\n' ? '\n' : '';
    return `${text.slice(0, end)}${lead}${block}\n${text.slice(end)}`;
  }
  return `${text}${text.endsWith('\n') ? '' : '\n'}${stringify(nest(path, value))}`;
}
