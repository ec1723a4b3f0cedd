/**
 * Reads a design from YAML text: syntax, schema and cross-field checks, each problem located at
 * line:column with its field path, so a user sees `design.yaml:12:10 namespaces[0].skew.alpha: …`.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import type { z } from 'zod';
import { designSchema } from './schema';
import type { Design } from './schema';
import { humanMessage, isMissingMessage, shown, syntaxMessage, unknownFieldMessage } from './messages';
import { checkDesign } from './semantic';

/** Designs are small; anything larger than this is a wrong file, not a design. */
export const MAX_DESIGN_BYTES = 2 * 1024 * 1024;

/** One located problem in a design file. */
export interface DesignError {
  line: number;
  column: number;
  path: string;
  message: string;
}

export type LoadResult = { ok: true; design: Design; document: Document } | { ok: false; errors: DesignError[] };

/** Parse, validate and check a design. Never throws on bad input. */
export function loadDesign(text: string): LoadResult {
  if (text.length > MAX_DESIGN_BYTES) {
    return fail(1, 1, '', `file is ${(text.length / 1024 / 1024).toFixed(1)} MB; a design is at most ${MAX_DESIGN_BYTES / 1024 / 1024} MB — is this a trace? (use --trace or keyspace replay)`);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    // Only the first: after a syntax error the parser's recovery reports follow-on errors that a
    // fix of the first one removes (a tab indent alone gives ten).
    const error = document.errors[0];
    const pos = lineCounter.linePos(error.pos[0]);
    return fail(pos.line, pos.col, '', syntaxMessage(error.code, error.message));
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // Aliases are resolved only here: an unknown anchor or an alias bomb throws.
    const at = firstAlias(document);
    const pos = lineCounter.linePos(at?.offset ?? 0);
    const excessive = /Excessive alias count/.test((error as Error).message);
    return fail(pos.line, pos.col, '', excessive
      ? 'YAML aliases here expand to too much data (over 100 alias uses); write the values out instead of nesting aliases'
      : `alias *${at?.name ?? ''} names no anchor defined before it (&${at?.name ?? 'name'} must come first)`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail(1, 1, '', 'a design is a YAML mapping starting with "version: 1"');
  }
  const parsed = designSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const issues = parsed.error.issues;
    // A field over a specific limit also trips zod's safe-integer bound: keep the specific one.
    const kept = issues.filter((issue) => !(issue.code === 'too_big' && Number(issue.maximum) >= Number.MAX_SAFE_INTEGER
      && issues.some((other) => other !== issue && other.path.join('.') === issue.path.join('.'))));
    return { ok: false, errors: withoutMeantFields(kept.map((issue) => locateIssue(document, lineCounter, issue))) };
  }
  const semantic = checkDesign(parsed.data);
  if (semantic.length > 0) {
    return {
      ok: false,
      errors: semantic.map((issue) => locate(document, lineCounter, issue.path, issue.message)),
    };
  }
  return { ok: true, design: parsed.data, document };
}

function locateIssue(document: Document, lineCounter: LineCounter, issue: z.core.$ZodIssue): DesignError {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const error = locate(document, lineCounter, [...path, key], '', true);
    const { message, meant } = unknownFieldMessage(issue.keys, path, formatPath(path) || 'the top level');
    return { ...error, message, ...(meant ? { meant: formatPath([...path, meant]) } : {}) };
  }
  if (issue.code === 'invalid_union' && 'errors' in issue && issue.errors.length > 0) {
    // Report the branch that got furthest: the one whose first issue has the longest path.
    const branches = issue.errors.map((branch) => branch[0]).filter(Boolean);
    // A tagged union (dist: fixed | uniform | …) whose tag matched no branch: name every tag.
    const tags = branches.filter((b) => b.code === 'invalid_value' && b.path.length === 1 && b.path[0] === 'dist');
    if (tags.length > 1) {
      const values = tags.flatMap((b) => (b.code === 'invalid_value' ? b.values.map(String) : []));
      const given = (issue as { input?: Record<string, unknown> }).input?.dist;
      return locate(document, lineCounter, [...path, 'dist'], `dist ${given === undefined ? 'is missing' : `${shown(given)} is not known`}; use one of ${values.join(', ')}, or a plain value without dist`);
    }
    branches.sort((a, b) => b.path.length - a.path.length);
    const best = branches[0];
    if (best && best.path.length > 0) {
      return locateIssue(document, lineCounter, { ...best, path: [...path, ...best.path] });
    }
  }
  const message = humanMessage(issue);
  // A missing top-level field has no node: not the first line (often $schema) but `version:`.
  if (path.length === 1 && isMissingMessage(message)) return { ...locate(document, lineCounter, ['version'], message, true), path: formatPath(path) };
  return locate(document, lineCounter, path, message);
}

/** An unknown field that is a typo of a missing one is one problem: keep the "did you mean". */
function withoutMeantFields(errors: Array<DesignError & { meant?: string }>): DesignError[] {
  const meant = new Set(errors.flatMap((error) => (error.meant ? [error.meant] : [])));
  return errors.filter((error) => !(meant.has(error.path) && isMissingMessage(error.message)))
    .map(({ meant: _meant, ...error }) => error);
}

/** Finds the YAML node of a field path and reports its position; falls back to the nearest parent. */
function locate(document: Document, lineCounter: LineCounter, path: ReadonlyArray<string | number>, message: string, keyPosition = false): DesignError {
  let node: unknown = document.contents;
  let offset = 0;
  for (const segment of path) {
    const range = (node as Node | null)?.range;
    if (range) offset = range[0];
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value ?? '') === String(segment));
      if (!pair) break;
      if (keyPosition && segment === path[path.length - 1] && isScalar(pair.key) && pair.key.range) {
        offset = pair.key.range[0];
        node = undefined;
        break;
      }
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      break;
    }
  }
  const range = (node as Node | null | undefined)?.range;
  if (range) offset = range[0];
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col, path: formatPath(path), message };
}

/** `['namespaces', 0, 'skew', 'alpha']` → `namespaces[0].skew.alpha`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function fail(line: number, column: number, path: string, message: string): LoadResult {
  return { ok: false, errors: [{ line, column, path, message }] };
}

/** The first alias of the document whose anchor is not defined before it, else the first alias. */
function firstAlias(document: Document): { offset: number; name: string } | undefined {
  const anchors = new Set<string>();
  let first: { offset: number; name: string } | undefined;
  let unresolved: { offset: number; name: string } | undefined;
  visit(document, (_key, node) => {
    const anchor = (node as { anchor?: string }).anchor;
    if (isAlias(node)) {
      const found = { offset: node.range?.[0] ?? 0, name: node.source };
      first ??= found;
      if (!anchors.has(node.source)) {
        unresolved = found;
        return visit.BREAK;
      }
    } else if (anchor) {
      anchors.add(anchor);
    }
    return undefined;
  });
  return unresolved ?? first;
}

/** `file:line:column path: message`, one line, as compilers print it. */
export function formatDesignError(file: string, error: DesignError): string {
  return `${file}:${error.line}:${error.column} ${error.path ? `${error.path}: ` : ''}${error.message}`;
}
