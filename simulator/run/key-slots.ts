/**
 * The hash slot of each key id of a plan, for a cache model that keeps a dict per slot in cluster
 * mode (Redis 7.4 kvstore): CRC16 of the key's name as the live engine writes it on a managed
 * server (the namespace's pattern with the key's index), so the model's slots fill as the real
 * server's do. Ids outside the namespaces (rate-limit counters) take the model's uniform hash.
 */
import { clusterSlotOf } from '../cache/kvstore';
import { renderKey } from '../model';
import { keyHashSlot } from '../pubsub';
import type { RunPlan } from './plan';

const UNKNOWN = -1;

/** The id → hash slot function of a plan's key ids; slots are computed on first use and kept. */
export function hashSlotsOf(plan: Pick<RunPlan, 'namespaces'>): (id: number) => number {
  const namespaces = plan.namespaces;
  const end = namespaces.reduce((last, ns) => Math.max(last, ns.keyIdOffset + ns.cardinality), 0);
  const slots = new Int16Array(end).fill(UNKNOWN);
  return (id: number): number => {
    if (id >= end) return clusterSlotOf(id);
    let slot = slots[id];
    if (slot === UNKNOWN) {
      const ns = namespaces.find((candidate) => id >= candidate.keyIdOffset && id < candidate.keyIdOffset + candidate.cardinality);
      slot = ns === undefined ? clusterSlotOf(id) : keyHashSlot(renderKey(ns.pattern, id - ns.keyIdOffset));
      slots[id] = slot;
    }
    return slot;
  };
}
