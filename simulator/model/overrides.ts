/**
 * `--set path=value` overrides applied to a design's YAML before validation, so an override is
 * checked exactly like the file. In a path, a name selects a list item by its `name` field:
 * `namespaces.products.cardinality=1000` or by index: `namespaces.0.cardinality=1000`.
 */
import { isMap, isSeq, parseDocument, parse as parseYaml } from 'yaml';
import type { Document } from 'yaml';
import { TTL_NONE } from './units';

export interface Override {
  path: string;
  value: unknown;
}

/** Parses `a.b.c=value`; the value is read as a YAML scalar (numbers, booleans, strings). */
export function parseOverride(text: string): Override | string {
  const eq = text.indexOf('=');
  if (eq <= 0) return `--set "${text}" must look like path=value, e.g. server.maxmemory=64mb`;
  const path = text.slice(0, eq).trim();
  const rawValue = text.slice(eq + 1).trim();
  let value: unknown;
  try {
    value = rawValue === '' ? '' : parseYaml(rawValue);
  } catch {
    value = rawValue;
  }
  return { path, value };
}

/**
 * The `--set`s of one value of a varied field (`run --vary`, the Compare view's "vary one
 * parameter"): `path=value`, and when a TTL cell is varied to none, its jitter set to 0% too
 * (a jitter is rejected with ttl: none, and the field being varied is the TTL).
 */
export function variantSets(path: string, value: string): string[] {
  const cell = /^(ttlMatrix\.[^.]+\.[^.]+)\.ttl$/.exec(path);
  return cell && value === TTL_NONE ? [`${path}=${value}`, `${cell[1]}.jitter=0%`] : [`${path}=${value}`];
}

/** Applies overrides to YAML text; returns the new text or an error naming the bad path. */
export function applyOverrides(text: string, overrides: ReadonlyArray<Override>): { ok: true; text: string } | { ok: false; error: string } {
  if (overrides.length === 0) return { ok: true, text };
  const document = parseDocument(text);
  if (document.errors.length > 0) return { ok: true, text }; // the loader reports syntax errors
  for (const override of overrides) {
    const path = resolvePath(document, override.path);
    if (typeof path === 'string') return { ok: false, error: path };
    try {
      document.setIn(path, override.value);
    } catch {
      // yaml throws when a segment walks into a scalar (name.x where name is a string).
      return { ok: false, error: `--set ${override.path}: cannot set this path in the design` };
    }
  }
  return { ok: true, text: document.toString() };
}

function resolvePath(document: Document, dotted: string): Array<string | number> | string {
  const segments = dotted.split('.').filter(Boolean);
  if (segments.length === 0) return `--set needs a field path before "="`;
  const resolved: Array<string | number> = [];
  let node: unknown = document.contents;
  for (const segment of segments) {
    if (isSeq(node)) {
      const index = /^\d+$/.test(segment)
        ? Number(segment)
        : node.items.findIndex((item) => isMap(item) && item.get('name') === segment);
      if (index < 0 || index >= node.items.length) {
        return `--set ${dotted}: no item "${segment}" in ${resolved.join('.') || 'the design'} (use its name or index)`;
      }
      resolved.push(index);
      node = node.items[index];
    } else if (isMap(node) || node === undefined || node === null) {
      resolved.push(segment);
      node = isMap(node) ? node.get(segment, true) : undefined;
    } else {
      return `--set ${dotted}: "${segments.slice(0, resolved.length).join('.')}" is a single value, not a mapping or list; set it directly`;
    }
  }
  return resolved;
}
