/**
 * `keyspace slots <channel|key>… [--design d.yaml | --shards N]` — HASH_SLOT (CRC16/XMODEM with
 * hash tags, as Redis Cluster) of each name and the shard that owns it under an even slot split.
 */
import { evenSlotRanges, keyHashSlot, shardOfSlotTable } from '../../pubsub';
import { flag, intFlag, parseArgs, UsageError } from './args';
import { readDesignFile } from './design-file';
import { table } from './format';
import type { Io } from './main';

export async function slotsCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { design: { value: true }, shards: { value: true } });
  if (args.positionals.length === 0) throw new UsageError('name at least one channel or key: keyspace slots "room:{42}" --shards 3');
  const designFile = flag(args, 'design');
  let shards = intFlag(args, 'shards', 1, 1000) ?? 3;
  if (designFile) {
    const topology = readDesignFile(designFile).pubsub?.topology;
    if (topology) shards = topology.mode === 'cluster' ? topology.shards ?? 3 : 1;
  }
  const ranges = evenSlotRanges(shards);
  const shardOf = shardOfSlotTable(ranges.map((range) => [range]));
  const rows = [['name', 'hash tag', 'slot', 'shard']];
  for (const name of args.positionals) {
    const slot = keyHashSlot(name);
    rows.push([name, hashTag(name) ?? '-', String(slot), String(shardOf[slot])]);
  }
  io.out(table(rows));
  io.out(`\n${shards} shard${shards === 1 ? '' : 's'}: ${ranges.map(([a, b], i) => `${i}=${a}-${b}`).join('  ')}`);
  return 0;
}

/** The part Redis hashes when a name has a non-empty {…} hash tag. */
function hashTag(name: string): string | undefined {
  const open = name.indexOf('{');
  if (open < 0) return undefined;
  const close = name.indexOf('}', open + 1);
  return close > open + 1 ? name.slice(open + 1, close) : undefined;
}
