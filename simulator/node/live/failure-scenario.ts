/**
 * A design's failure sections as a live run executes them: the `failures:` timeline, what the
 * managed servers persist and replicate (`server.persistence`, `server.replication`) and how the
 * client treats Redis errors (`client.onRedisError`, `client.commandTimeout`), in milliseconds.
 */
import type { Design } from '../../model';
import { parseDurationMs } from '../../model';
import type { CacheFailureKind } from '../../model/failure-schema';
import type { ManagedSentinelOptions } from '../redis';

/** One event of the timeline, times in plan ms. */
export interface LiveFailureEvent {
  kind: CacheFailureKind;
  atMs: number;
  /** primary-crash, sentinel-failover: when the killed server comes back (null: not during the run). */
  restartAfterMs: number | null;
  /** partition: how long. */
  durationMs: number;
  /** partition: share of clients cut off (the live run cuts all of them: see failure-driver.ts). */
  share: number;
  /** shard-failover: which master. */
  shard: number;
}

export interface LiveFailureScenario {
  events: LiveFailureEvent[];
  persistence: NonNullable<ManagedSentinelOptions['persistence']>;
  replicas: number;
  sentinel: ManagedSentinelOptions['sentinel'];
  onRedisError: 'origin' | 'fail';
  commandTimeoutMs: number;
}

function ms(text: string): number {
  const parsed = parseDurationMs(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

/** The design's failure scenario, or undefined when its timeline is empty. */
export function failureScenarioOf(design: Design): LiveFailureScenario | undefined {
  if (design.failures.length === 0) return undefined;
  const { persistence, replication } = design.server;
  const sentinel = replication.sentinel;
  return {
    events: design.failures.map((failure) => ({
      kind: failure.kind,
      atMs: ms(failure.at),
      restartAfterMs: 'restartAfter' in failure && failure.restartAfter !== undefined ? ms(failure.restartAfter) : null,
      durationMs: failure.kind === 'partition' ? ms(failure.duration) : 0,
      share: failure.kind === 'partition' ? Number.parseFloat(failure.share) / 100 : 1,
      shard: failure.kind === 'shard-failover' ? failure.shard : 0,
    })).sort((a, b) => a.atMs - b.atMs),
    persistence: { mode: persistence.mode, rdbEverySec: ms(persistence.rdbEvery) / 1000 },
    replicas: replication.replicas,
    sentinel: sentinel && {
      sentinels: sentinel.sentinels, quorum: sentinel.quorum, downAfterMs: ms(sentinel.downAfter), failoverTimeoutMs: ms(sentinel.failoverTimeout),
    },
    onRedisError: design.client.onRedisError,
    commandTimeoutMs: ms(design.client.commandTimeout),
  };
}

/** What the design asks of a live run that the managed servers cannot give; empty when it can run. */
export function scenarioProblems(scenario: LiveFailureScenario, cluster: boolean): string[] {
  const problems: string[] = [];
  for (const event of scenario.events) {
    if (event.kind === 'shard-failover' && !cluster) problems.push('shard-failover needs a cluster (server.cluster: true, --managed-cluster)');
    if (event.kind !== 'shard-failover' && cluster) {
      problems.push(`${event.kind} runs on a managed primary (--managed); a managed cluster fails over per shard (shard-failover)`);
    }
    if ((event.kind === 'sentinel-failover' || event.kind === 'manual-failover') && (!scenario.sentinel || scenario.replicas < 1)) {
      problems.push(`${event.kind} needs server.replication.replicas ≥ 1 and server.replication.sentinel`);
    }
    if (event.kind === 'shard-failover' && scenario.replicas < 1) problems.push('shard-failover needs server.replication.replicas ≥ 1');
  }
  return [...new Set(problems)];
}

/**
 * How long the run keeps reconnecting after a drop: the longest outage the timeline can cause
 * (a restart, Sentinel's detection and promotion, a partition), with 5 s to spare.
 */
export function scenarioReconnectDeadlineMs(scenario: LiveFailureScenario): number {
  const failover = scenario.sentinel ? scenario.sentinel.downAfterMs + scenario.sentinel.failoverTimeoutMs : 0;
  let longest = 0;
  for (const event of scenario.events) {
    if (event.kind === 'primary-crash') longest = Math.max(longest, scenario.sentinel ? failover : (event.restartAfterMs ?? 0));
    else if (event.kind === 'partition') longest = Math.max(longest, event.durationMs);
    else longest = Math.max(longest, failover, 15_000);
  }
  return longest + 5000;
}

/** The timeline of a plan sped up `speed` times (scalePlan): its times divided, Sentinel's settings kept. */
export function scaleFailures(scenario: LiveFailureScenario, speed: number): LiveFailureScenario {
  if (speed === 1) return scenario;
  const scaled = (ms: number): number => ms / speed;
  return {
    ...scenario,
    events: scenario.events.map((e) => ({ ...e, atMs: scaled(e.atMs), durationMs: scaled(e.durationMs), restartAfterMs: e.restartAfterMs === null ? null : scaled(e.restartAfterMs) })),
  };
}
