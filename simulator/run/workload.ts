/**
 * The request stream of a plan: arrival times phase after phase, an operation chosen by weight,
 * and a key drawn from the operation's namespace. Every random stream is forked by name, so adding
 * a namespace does not change the keys drawn for another.
 */
import type { KeySampler, Rng } from '../traffic';
import { budgetExtension } from './budget';
import { ArrivalSchedule, createKeySampler, WeightedChoice } from '../traffic';
import type { PlannedPhase, RunPlan } from './plan';

/** A stream of requests: after `next()` returns true, the fields describe the current request. */
export interface RequestSource {
  readonly timeMs: number;
  /** Index into plan.operations. */
  readonly operation: number;
  readonly keyId: number;
  /** The value size a recorded request gives (bytes), or −1. */
  readonly valueBytesHint: number;
  readonly produced: number;
  readonly total: number;
  readonly endMs: number;
  readonly phaseName: string;
  next(): boolean;
  /**
   * A source whose next request is not known yet (the live engine's rate limiters await their
   * decisions): next() returned false, yet more may come; ask again later.
   */
  readonly waiting?: boolean;
  /**
   * The key id of the request `ahead` (≥ 1) after the current one, when the source already
   * knows it, else −1. The engine reads that key's state early so cache misses overlap.
   */
  peekKeyId(ahead: number): number;
}

export class Workload implements RequestSource {
  readonly valueBytesHint = -1;
  /** Virtual time of the current request (ms since the run started). */
  timeMs = 0;
  /** Index into plan.operations. */
  operation = 0;
  /** Key id (namespace offset + key index). */
  keyId = 0;
  phaseIndex = 0;
  produced = 0;
  /** Requests the plan will produce in all (budget or phases). */
  readonly total: number;

  private readonly phases: PlannedPhase[];
  private schedule: ArrivalSchedule;
  private phaseStartMs: number;
  private readonly choice: WeightedChoice;
  private readonly samplers: KeySampler[];
  private readonly offsets: Int32Array;
  private readonly opNamespace: Int32Array;

  constructor(readonly plan: RunPlan, rng: Rng) {
    this.phases = [...plan.phases];
    const planned = Math.round(this.phases.reduce((sum, p) => sum + p.expectedRequests, 0));
    const extended = plan.requestBudget === null ? null : budgetExtension(this.phases, plan.requestBudget);
    if (extended) this.phases.push(extended);
    this.total = plan.requestBudget ?? planned;
    this.phaseStartMs = this.phases[0].startMs;
    this.schedule = new ArrivalSchedule(this.phases[0].shape, this.phases[0].durationMs);
    this.choice = new WeightedChoice(plan.operations.map((op) => op.weight), rng.fork('operations'));
    this.samplers = plan.namespaces.map((ns) => createKeySampler(ns.skew, ns.cardinality, rng.fork(`keys:${ns.name}`)));
    this.offsets = Int32Array.from(plan.namespaces, (ns) => ns.keyIdOffset);
    this.opNamespace = Int32Array.from(plan.operations, (op) => op.namespaceIndex);
  }

  get phaseName(): string {
    return this.phases[Math.min(this.phaseIndex, this.phases.length - 1)].name;
  }

  /** End of the traffic (ms): the last phase's end, or the last request when a budget cut it short. */
  get endMs(): number {
    if (this.plan.requestBudget !== null && this.produced >= this.total) return this.timeMs;
    const last = this.phases[this.phases.length - 1];
    return last.startMs + last.durationMs;
  }

  /** Advances to the next request; false when the plan is done. */
  peekKeyId(): number {
    return -1;
  }

  next(): boolean {
    if (this.produced >= this.total) return false;
    let offsetMs = this.schedule.next();
    while (offsetMs === Infinity) {
      if (++this.phaseIndex >= this.phases.length) return false;
      const phase = this.phases[this.phaseIndex];
      this.phaseStartMs = phase.startMs;
      this.schedule = new ArrivalSchedule(phase.shape, phase.durationMs);
      offsetMs = this.schedule.next();
    }
    this.timeMs = this.phaseStartMs + offsetMs;
    const op = this.opNamespace.length === 1 ? 0 : this.choice.next();
    this.operation = op;
    const ns = this.opNamespace[op];
    this.keyId = this.offsets[ns] + this.samplers[ns].next();
    this.produced++;
    return true;
  }
}

/** When a budget asks for more than the phases hold, the last phase goes on at its final rate. */
