/**
 * Clients aggregated into cohorts: clients of one audience that follow exactly the same channels,
 * sit on the same worker, read at the same speed and reconnect in the same lane receive the same
 * messages at the same instants and make the same choices, so one queue stands for all of them
 * and every count is multiplied by the cohort's size. The aggregation is exact, not a sample.
 *
 * Routing tables, in CSR form: for a message on channel c read by worker w, the cohorts to send
 * it to are those following c's whole group (`all`) and those following c alone (`one`).
 */
import { Rng } from '../traffic';
import {
  CH_CLASS, CH_NODE, CH_RECIPIENTS, CH_SOLE, CH_STRIDE, CH_WORKERS_END, CH_WORKERS_START, setGroupAndName, SOLE_WORKERS,
} from './channel-info';
import type { PubsubPlan } from './plan';

export interface CohortTable {
  count: number;
  workers: number;
  size: Float64Array;
  worker: Int32Array;
  serviceMs: Float64Array;
  lane: Int32Array;
  slow: Uint8Array;
  /** Cohorts following every channel of group g, on worker w: allCohorts[allStart[g·W+w] … allStart[g·W+w+1]). */
  allStart: Int32Array;
  allCohorts: Int32Array;
  /** Cohorts following channel c alone, on worker w. */
  oneStart: Int32Array;
  oneCohorts: Int32Array;
  /** Clients on worker w following channel c, at [c·W + w]. */
  recipients: Float64Array;
  /** Clients following channel c, over all workers. */
  channelRecipients: Float64Array;
  /** Workers with at least one client following channel c: chanWorkers[chanWorkerStart[c] …]. */
  chanWorkerStart: Int32Array;
  chanWorkers: Int32Array;
  workerClients: Float64Array;
  /** Per channel, a CH_STRIDE record (see channel-info.ts). */
  channelInfo: Float64Array;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Builds the cohorts of a plan: one pass over the clients (placement and speed are drawn per client). */
export function buildCohorts(plan: PubsubPlan): CohortTable {
  const W = plan.workers.count;
  const lanes = plan.reconnect.lanes;
  const { groups, channels, clients } = plan;
  const root = new Rng(plan.seed).fork('pubsub');
  const placeRng = root.fork('placement');
  const speedRng = root.fork('speed');
  const stickyRng = root.fork('sticky');
  const stickyWorker = new Int32Array(channels.count).fill(-1);

  const size: number[] = [];
  const worker: number[] = [];
  const slow: number[] = [];
  const lane: number[] = [];
  const audienceOf: number[] = [];
  const patternOf: number[] = [];

  clients.audiences.forEach((audience, a) => {
    const ones = audience.follows.filter((f) => f.perOne).map((f) => groups[f.group]);
    let period = 1;
    for (const g of ones) {
      period = (period / gcd(period, g.count)) * g.count;
      if (period > audience.clients) { period = Math.max(1, audience.clients); break; }
    }
    const sticky = plan.workers.sticky && ones.length > 0 ? ones[0] : undefined;
    if (sticky) {
      for (let i = 0; i < sticky.count; i++) stickyWorker[sticky.firstChannel + i] = stickyRng.nextInt(W);
    }
    const ids = new Map<number, number>();
    for (let i = 0; i < audience.clients; i++) {
      const p = i % period;
      const w = sticky ? stickyWorker[sticky.firstChannel + (p % sticky.count)] : placeRng.nextInt(W);
      const s = clients.slowShare > 0 && speedRng.nextFloat() < clients.slowShare ? 1 : 0;
      const l = i % lanes;
      const key = ((p * W + w) * 2 + s) * lanes + l;
      const id = ids.get(key);
      if (id !== undefined) { size[id]++; continue; }
      ids.set(key, size.length);
      size.push(1); worker.push(w); slow.push(s); lane.push(l); audienceOf.push(a); patternOf.push(p);
    }
  });

  const count = size.length;
  const table: CohortTable = {
    count,
    workers: W,
    size: Float64Array.from(size),
    worker: Int32Array.from(worker),
    serviceMs: Float64Array.from(slow, (s) => (s ? clients.slowServiceMs : clients.serviceMs)),
    lane: Int32Array.from(lane),
    slow: Uint8Array.from(slow),
    allStart: new Int32Array(groups.length * W + 1),
    allCohorts: new Int32Array(0),
    oneStart: new Int32Array(channels.count * W + 1),
    oneCohorts: new Int32Array(0),
    recipients: new Float64Array(channels.count * W),
    channelRecipients: new Float64Array(channels.count),
    chanWorkerStart: new Int32Array(channels.count + 1),
    chanWorkers: new Int32Array(0),
    workerClients: new Float64Array(W),
    channelInfo: new Float64Array(channels.count * CH_STRIDE),
  };

  // Two passes (count, then fill) over every (cohort, follow) pair.
  const visit = (emit: (all: boolean, slot: number, k: number) => void) => {
    for (let k = 0; k < count; k++) {
      const w = worker[k];
      for (const f of clients.audiences[audienceOf[k]].follows) {
        const g = groups[f.group];
        if (f.perOne) emit(false, (g.firstChannel + (patternOf[k] % g.count)) * W + w, k);
        else emit(true, f.group * W + w, k);
      }
    }
  };
  visit((all, slot) => { (all ? table.allStart : table.oneStart)[slot + 1]++; });
  prefixSum(table.allStart);
  prefixSum(table.oneStart);
  table.allCohorts = new Int32Array(table.allStart[table.allStart.length - 1]);
  table.oneCohorts = new Int32Array(table.oneStart[table.oneStart.length - 1]);
  const allFill = table.allStart.slice(0, -1);
  const oneFill = table.oneStart.slice(0, -1);
  const allClients = new Float64Array(groups.length * W);
  visit((all, slot, k) => {
    if (all) { table.allCohorts[allFill[slot]++] = k; allClients[slot] += size[k]; } else {
      table.oneCohorts[oneFill[slot]++] = k;
      table.recipients[slot] += size[k];
    }
  });

  groups.forEach((g, gi) => {
    for (let w = 0; w < W; w++) {
      const extra = allClients[gi * W + w];
      if (extra === 0) continue;
      for (let c = g.firstChannel; c < g.firstChannel + g.count; c++) table.recipients[c * W + w] += extra;
    }
  });
  const chanWorkers: number[] = [];
  for (let c = 0; c < channels.count; c++) {
    for (let w = 0; w < W; w++) {
      const r = table.recipients[c * W + w];
      if (r > 0) { chanWorkers.push(w); table.channelRecipients[c] += r; }
    }
    table.chanWorkerStart[c + 1] = chanWorkers.length;
  }
  table.chanWorkers = Int32Array.from(chanWorkers);
  for (let k = 0; k < count; k++) table.workerClients[worker[k]] += size[k];
  for (let c = 0; c < channels.count; c++) {
    const r = c * CH_STRIDE;
    const info = table.channelInfo;
    info[r + CH_CLASS] = groups[channels.group[c]].classIndex;
    info[r + CH_NODE] = channels.node[c];
    setGroupAndName(info, r, channels.group[c], channels.nameBytes[c]);
    info[r + CH_RECIPIENTS] = table.channelRecipients[c];
    info[r + CH_WORKERS_START] = table.chanWorkerStart[c];
    info[r + CH_WORKERS_END] = table.chanWorkerStart[c + 1];
    info[r + CH_SOLE] = -1;
    let sole = -1;
    for (let w = 0; w < W; w++) {
      const from = table.oneStart[c * W + w];
      const to = table.oneStart[c * W + w + 1];
      if (to - from > 1 || (to > from && sole >= 0)) { sole = -2; break; }
      if (to > from) sole = table.oneCohorts[from] * SOLE_WORKERS + w;
    }
    if (sole >= 0) info[r + CH_SOLE] = sole;
  }
  return table;
}

function prefixSum(array: Int32Array): void {
  for (let i = 1; i < array.length; i++) array[i] += array[i - 1];
}
