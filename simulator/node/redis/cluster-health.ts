/**
 * Whether a cluster client can serve every slot: each master answers PING in time and every slot
 * has a master that answered. A cluster that lost a master (killed, hung, partitioned) without a
 * replica to take over keeps listing it in CLUSTER SLOTS, so connecting "succeeds" and only the
 * commands for its slots fail; this check names that node and its slots instead.
 */
import type { Cluster, Redis } from 'ioredis';
import { withDeadline } from './deadline';
import { RedisTargetError } from './errors';

function addressOf(node: Redis): string {
  return `${node.options.host ?? '127.0.0.1'}:${node.options.port ?? 6379}`;
}

/** The slots whose master (first node, or undefined) `owns` accepts, as `0–5460, 10923–16383`. */
function slotRanges(slots: ReadonlyArray<ReadonlyArray<string> | undefined>, owns: (master: string | undefined) => boolean): string {
  const ranges: string[] = [];
  let start = -1;
  for (let slot = 0; slot <= slots.length; slot++) {
    const inside = slot < slots.length && owns(slots[slot]?.[0]);
    if (inside && start < 0) start = slot;
    if (!inside && start >= 0) {
      ranges.push(start === slot - 1 ? String(start) : `${start}–${slot - 1}`);
      start = -1;
    }
  }
  return ranges.join(', ');
}

/**
 * Resolves when every master answers PING within `timeoutMs` and every slot has one of them as
 * master; otherwise rejects with a 'cluster-down' RedisTargetError naming the node and its slots.
 */
export async function checkClusterHealth(client: Cluster, description: string, timeoutMs: number): Promise<void> {
  const masters = client.nodes('master');
  const answers = await Promise.allSettled(masters.map((node) => withDeadline(node.ping(), timeoutMs, `PING to ${addressOf(node)}`)));
  const alive = new Set<string>();
  for (const [i, answer] of answers.entries()) {
    const address = addressOf(masters[i]);
    if (answer.status === 'fulfilled') {
      alive.add(address);
      continue;
    }
    const reason = (answer.reason as Error).message;
    const ranges = slotRanges(client.slots, (master) => master === address);
    throw new RedisTargetError('cluster-down', `Master ${address} of the cluster at ${description} does not answer (${reason}): the cluster lost a master${ranges ? `, and its slots ${ranges} are not covered` : ''}. Restart ${address} or fail its slots over to a replica; CLUSTER NODES on a live node shows the state.`, { cause: answer.reason });
  }
  const lost = new Set<string>();
  for (const nodes of client.slots) if (nodes?.[0] !== undefined && !alive.has(nodes[0])) lost.add(nodes[0]);
  const uncovered = slotRanges(client.slots, (master) => master === undefined || !alive.has(master));
  if (uncovered) {
    const who = lost.size > 0 ? `master ${[...lost].join(', ')} is gone (no connection)` : 'no master serves them';
    throw new RedisTargetError('cluster-down', `Slots ${uncovered} of the cluster at ${description} are not covered: ${who}. The cluster lost a master; restart it or fail its slots over to a replica; CLUSTER NODES on a live node shows the state.`);
  }
}
