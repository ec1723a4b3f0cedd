/**
 * Mining key patterns: keys go into a trie of segments where identifiers (numbers, UUIDs, hex,
 * tokens) share one placeholder child, and a node whose literal children grow too many, or whose
 * literal children all look alike below, folds them into its placeholder too (`user:alice:cart`,
 * `user:bob:cart`, … → `user:{name}:cart`). Each node where keys end is a namespace.
 */
import { classifySegment, hashTagContent, isIdentifier, splitKey } from '../segments';
import type { SegmentKind } from '../segments';

/** A mined namespace: its pattern and the key ids that fall into it. */
export interface MinedNamespace {
  name: string;
  pattern: string;
  /** Placeholder kinds in pattern order (for comments: "numeric ids became {id}"). */
  placeholderKinds: SegmentKind[];
  keyIds: Int32Array;
}

/** Literal children a node may hold before they fold into a placeholder (the top level allows more). */
const MAX_LITERALS = 32;
const MAX_TOP_LITERALS = 256;
/** This many literal siblings with the same shape below fold into a placeholder. */
const ALIKE_SIBLINGS = 8;

const PLACEHOLDER = '\u0000';

class TrieNode {
  readonly children = new Map<string, TrieNode>();
  /** Separators whose literal children were folded: later literals go to the placeholder. */
  readonly folded = new Set<string>();
  readonly kinds = new Map<SegmentKind, number>();
  terminal = -1;
  hashTag = false;
  keys = 0;
}

/** Mines the patterns of `keyCount` keys given by `keyText`; namespaces in order of first key. */
export function mineNamespaces(keyCount: number, keyText: (id: number) => string): MinedNamespace[] {
  const root = new TrieNode();
  for (let id = 0; id < keyCount; id++) insert(root, keyText(id));
  foldAlike(root, 0);
  // Assign keys to terminal nodes.
  const terminals: TrieNode[] = [];
  const paths: string[][] = [];
  const owner = new Int32Array(keyCount);
  for (let id = 0; id < keyCount; id++) {
    const { node, path } = walk(root, keyText(id));
    if (node.terminal < 0) {
      node.terminal = terminals.length;
      terminals.push(node);
      paths.push(path);
    }
    owner[id] = node.terminal;
  }
  const counts = new Int32Array(terminals.length);
  for (let id = 0; id < keyCount; id++) counts[owner[id]]++;
  const ids = Array.from(counts, (n) => new Int32Array(n));
  const filled = new Int32Array(terminals.length);
  for (let id = 0; id < keyCount; id++) ids[owner[id]][filled[owner[id]]++] = id;
  const used = new Set<string>();
  return paths.map((path, i) => {
    const { pattern, kinds, words } = render(root, path);
    return { name: uniqueName(words, used), pattern, placeholderKinds: kinds, keyIds: ids[i] };
  });
}

function segmentStep(node: TrieNode, separator: string, segment: string): { edge: string; kind: SegmentKind; tag: boolean } {
  const tag = hashTagContent(segment);
  const text = tag ?? segment;
  const kind = classifySegment(text);
  const placeholder = isIdentifier(kind) || tag !== null || text.includes('{') || text.includes('}') || node.folded.has(separator);
  return { edge: placeholder ? `${separator}${PLACEHOLDER}${tag !== null ? '{}' : ''}` : `${separator}${text}`, kind, tag: tag !== null };
}

function insert(root: TrieNode, key: string): void {
  const { segments, separators } = splitKey(key);
  let node = root;
  for (let i = 0; i < segments.length; i++) {
    const separator = i === 0 ? '' : separators[i - 1];
    const step = segmentStep(node, separator, segments[i]);
    let child = node.children.get(step.edge);
    if (!child) {
      child = new TrieNode();
      child.hashTag = step.tag;
      node.children.set(step.edge, child);
      if (!step.edge.includes(PLACEHOLDER)) {
        const literals = countLiterals(node, separator);
        if (literals > (node === root ? MAX_TOP_LITERALS : MAX_LITERALS)) {
          fold(node, separator);
          child = node.children.get(`${separator}${PLACEHOLDER}`) ?? child;
        }
      }
    }
    child.kinds.set(step.kind, (child.kinds.get(step.kind) ?? 0) + 1);
    child.keys++;
    node = child;
  }
}

function countLiterals(node: TrieNode, separator: string): number {
  let n = 0;
  for (const edge of node.children.keys()) if (edge.startsWith(separator) && edge.length > separator.length && !edge.includes(PLACEHOLDER) && edgeSeparator(edge) === separator) n++;
  return n;
}

function edgeSeparator(edge: string): string {
  return edge.length > 0 && ':/|#'.includes(edge[0]) ? edge[0] : '';
}

/** Folds every literal child under `separator` into the placeholder child (merging subtrees). */
function fold(node: TrieNode, separator: string): void {
  node.folded.add(separator);
  const target = `${separator}${PLACEHOLDER}`;
  let placeholder = node.children.get(target);
  if (!placeholder) {
    placeholder = new TrieNode();
    node.children.set(target, placeholder);
  }
  for (const [edge, child] of [...node.children]) {
    if (edge === target || edge.includes(PLACEHOLDER) || edgeSeparator(edge) !== separator) continue;
    node.children.delete(edge);
    merge(placeholder, child);
    placeholder.kinds.set('text', (placeholder.kinds.get('text') ?? 0) + child.keys);
  }
}

function merge(into: TrieNode, from: TrieNode): void {
  into.keys += from.keys;
  for (const [kind, n] of from.kinds) if (kind !== 'word') into.kinds.set(kind, (into.kinds.get(kind) ?? 0) + n);
  for (const separator of from.folded) into.folded.add(separator);
  for (const [edge, child] of from.children) {
    const existing = into.children.get(edge);
    if (existing) merge(existing, child);
    else into.children.set(edge, child);
  }
  for (const separator of into.folded) if (countLiterals(into, separator) > 0) fold(into, separator);
}

/** The shape of a subtree: its edges with literals kept, recursively (for "alike" siblings). */
function shape(node: TrieNode, depth: number): string {
  if (depth > 6) return '…';
  const parts = [...node.children.entries()].map(([edge, child]) => `${edge}(${shape(child, depth + 1)})`).sort();
  return parts.join(',');
}

/** Folds literal siblings that look alike below (user:alice:cart, user:bob:cart, …); never at the top. */
function foldAlike(node: TrieNode, depth: number): void {
  if (depth > 0) {
    const bySeparator = new Map<string, Map<string, number>>();
    for (const [edge, child] of node.children) {
      if (edge.includes(PLACEHOLDER)) continue;
      const separator = edgeSeparator(edge);
      const shapes = bySeparator.get(separator) ?? new Map<string, number>();
      const s = shape(child, 0);
      if (s !== '') shapes.set(s, (shapes.get(s) ?? 0) + 1);
      bySeparator.set(separator, shapes);
    }
    for (const [separator, shapes] of bySeparator) {
      if ([...shapes.values()].some((n) => n >= ALIKE_SIBLINGS)) fold(node, separator);
    }
  }
  foldLookalikes(node);
  for (const child of node.children.values()) foldAlike(child, depth + 1);
}

/** Loosely hex (`abcaaaffff`, no digit by chance) or token-like: could be an identifier. */
const LOOSE_HEX = /^(0x)?[0-9a-fA-F]{8,}$/;
const LOOSE_TOKEN = /^[A-Za-z0-9_\-+=.~]{12,}$/;

/**
 * Literal siblings of an identifier placeholder that could be identifiers themselves (a hex id
 * that happens to hold no digit) join the placeholder, with their subtrees.
 */
function foldLookalikes(node: TrieNode): void {
  for (const [edge, placeholder] of [...node.children]) {
    if (!edge.includes(PLACEHOLDER) || edge.endsWith('{}')) continue;
    const kind = dominantKind(placeholder);
    const pattern = kind === 'hex' ? LOOSE_HEX : kind === 'token' ? LOOSE_TOKEN : null;
    if (!pattern) continue;
    const separator = edgeSeparator(edge);
    for (const [other, child] of [...node.children]) {
      if (other.includes(PLACEHOLDER) || edgeSeparator(other) !== separator || !pattern.test(other.slice(separator.length))) continue;
      node.children.delete(other);
      merge(placeholder, child);
      placeholder.kinds.set(kind, (placeholder.kinds.get(kind) ?? 0) + child.keys);
    }
  }
}

function walk(root: TrieNode, key: string): { node: TrieNode; path: string[] } {
  const { segments, separators } = splitKey(key);
  let node = root;
  const path: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const separator = i === 0 ? '' : separators[i - 1];
    const step = segmentStep(node, separator, segments[i]);
    let edge = step.edge;
    let child = node.children.get(edge);
    if (!child) {
      edge = `${separator}${PLACEHOLDER}${step.tag ? '{}' : ''}`;
      child = node.children.get(edge) ?? node.children.get(`${separator}${PLACEHOLDER}`);
      if (!child) throw new Error(`key "${key}" has no path in the trie at segment ${i}`);
      if (!node.children.get(edge)) edge = `${separator}${PLACEHOLDER}`;
    }
    path.push(edge);
    node = child;
  }
  return { node, path };
}

const PLACEHOLDER_NAMES: Record<SegmentKind, string> = { number: 'id', uuid: 'uuid', hex: 'hash', token: 'token', text: 'name', word: 'name' };

function render(root: TrieNode, path: string[]): { pattern: string; kinds: SegmentKind[]; words: string[] } {
  let node = root;
  let pattern = '';
  const kinds: SegmentKind[] = [];
  const words: string[] = [];
  const usedNames = new Map<string, number>();
  for (const edge of path) {
    const child = node.children.get(edge);
    if (!child) throw new Error('inconsistent trie path');
    const separator = edgeSeparator(edge);
    const body = edge.slice(separator.length);
    pattern += separator;
    if (body.startsWith(PLACEHOLDER)) {
      const kind = dominantKind(child);
      kinds.push(kind);
      const base = PLACEHOLDER_NAMES[kind];
      const n = (usedNames.get(base) ?? 0) + 1;
      usedNames.set(base, n);
      const name = n === 1 ? base : `${base}${n}`;
      pattern += body.endsWith('{}') ? `{{${name}}}` : `{${name}}`;
    } else {
      pattern += body;
      words.push(body);
    }
    node = child;
  }
  return { pattern, kinds, words };
}

function dominantKind(node: TrieNode): SegmentKind {
  let best: SegmentKind = 'text';
  let bestCount = -1;
  for (const [kind, n] of node.kinds) if (kind !== 'word' && n > bestCount) { best = kind; bestCount = n; }
  return best;
}

/** A valid design identifier from the pattern's words (`products:list:{id}` → products-list). */
function uniqueName(words: string[], used: Set<string>): string {
  let base = words.join('-').replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z]+/, '').replace(/-+$/, '').slice(0, 56);
  if (base === '') base = 'keys';
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
  used.add(name);
  return name;
}
