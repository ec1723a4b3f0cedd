/**
 * The channel table: every channel of every group, by index, with its slot, the node owning that
 * slot and the byte length of its name. Names are rendered once here (as renderKey does:
 * `{x}` → the index, `{{x}}` → a hash tag `{index}`) and never kept.
 */
import { utf8Length } from '../model';
import { keyHashSlot } from './hash-slot';
import { shardOfSlotTable } from './slots';
import type { SlotRange } from './slots';

export interface ChannelTable {
  count: number;
  group: Int32Array;
  slot: Int32Array;
  node: Int32Array;
  nameBytes: Int32Array;
}

const TOKEN = /\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** A pattern split once into literal parts and placeholders, for fast rendering. */
interface CompiledPattern {
  literals: string[];
  /** tag[i]: the placeholder after literals[i] renders as a hash tag. */
  tags: boolean[];
}

function compilePattern(pattern: string): CompiledPattern {
  const literals: string[] = [];
  const tags: boolean[] = [];
  let last = 0;
  for (const match of pattern.matchAll(TOKEN)) {
    literals.push(pattern.slice(last, match.index));
    tags.push(match[1] !== undefined);
    last = (match.index ?? 0) + match[0].length;
  }
  literals.push(pattern.slice(last));
  return { literals, tags };
}

function render(compiled: CompiledPattern, index: number): string {
  const value = String(index);
  let out = compiled.literals[0];
  for (let i = 0; i < compiled.tags.length; i++) out += (compiled.tags[i] ? `{${value}}` : value) + compiled.literals[i + 1];
  return out;
}

/** The name of channel `index` within a group's pattern. */
export function channelName(pattern: string, index: number): string {
  return render(compilePattern(pattern), index);
}

export function compileChannels(
  groups: ReadonlyArray<{ pattern: string; count: number }>,
  slotRanges: ReadonlyArray<ReadonlyArray<SlotRange>>,
): ChannelTable {
  const count = groups.reduce((sum, g) => sum + g.count, 0);
  const table: ChannelTable = {
    count,
    group: new Int32Array(count),
    slot: new Int32Array(count),
    node: new Int32Array(count),
    nameBytes: new Int32Array(count),
  };
  const shardOf = shardOfSlotTable(slotRanges);
  let c = 0;
  groups.forEach((g, gi) => {
    const compiled = compilePattern(g.pattern);
    for (let i = 0; i < g.count; i++, c++) {
      const name = render(compiled, i);
      const slot = keyHashSlot(name);
      table.group[c] = gi;
      table.slot[c] = slot;
      table.node[c] = shardOf[slot];
      table.nameBytes[c] = utf8Length(name);
    }
  });
  return table;
}
