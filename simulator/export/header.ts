/**
 * The header every exported file starts with: the design's name, its format version, the
 * environment and a content hash of the design, so a reader (and `keyspace export --check`) can
 * tell which design a file came from. No timestamps: the same design gives the same bytes.
 */
import type { Design } from '../model';
import { commentSafe } from './names';
import { sha256Hex } from './sha256';

/** What identifies the design an export came from. */
export interface DesignStamp {
  name: string;
  version: number;
  environment: string;
  /** First 16 hex digits of the SHA-256 of the design's canonical JSON. */
  hash: string;
  /** The design file's base name, when known. */
  source?: string;
}

/** JSON with object keys sorted at every level, so equal designs hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The content hash of a design: its editor hint (`$schema`) and formatting do not count. */
export function designHash(design: Design): string {
  const { $schema: _schema, ...content } = design;
  return sha256Hex(canonicalJson(content)).slice(0, 16);
}

export function designStamp(design: Design, environment: string, designFile?: string): DesignStamp {
  const source = designFile?.split(/[\\/]/).pop();
  return { name: design.name, version: design.version, environment, hash: designHash(design), ...(source ? { source } : {}) };
}

/** The two header lines, without comment markers. */
export function headerLines(stamp: DesignStamp): string[] {
  const from = stamp.source ? ` ${commentSafe(stamp.source)}` : ' <design.yaml>';
  return [
    `Keyspace Workbench export of design "${commentSafe(stamp.name)}" (version: ${stamp.version}, environment: ${commentSafe(stamp.environment)}, design sha256: ${stamp.hash}).`,
    `Generated: do not edit by hand; regenerate it with keyspace export${from} for environment ${commentSafe(stamp.environment)}.`,
  ];
}

/** The header as comment lines of a file format. */
export function commentHeader(stamp: DesignStamp, style: '#' | '//'): string {
  return headerLines(stamp).map((line) => `${style} ${line}`).join('\n');
}

/** Reads the stamp back from any exported file's first lines (for --check messages and import). */
export function readStamp(text: string): { name: string; version: number; environment: string; hash: string } | undefined {
  const match = /export of design "(.*)" \(version: (\d+), environment: ([^,]+), design sha256: ([0-9a-f]{16})\)/.exec(text.slice(0, 2000));
  return match ? { name: match[1], version: Number(match[2]), environment: match[3], hash: match[4] } : undefined;
}
