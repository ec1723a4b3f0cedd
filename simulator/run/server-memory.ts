/**
 * The server memory a plan implies besides its keys (cache/server-memory.ts): the run's
 * connections, the commands it runs (one latency histogram each), its scripts — or, when a live
 * run measured its server before the first request, that measurement. Both engines' results say
 * which (`cache.nonKeyMemory`).
 */
import { profileOf } from '../cache/profiles';
import type { NonKeyMemory, ServerMemoryInputs } from '../cache';
import { measuredNonKeyMemory, modelNonKeyMemory } from '../cache';
import { limiterCommandNames } from '../ratelimit/commands';
import type { RunPlan } from './plan';

/** Most subscriber connections a live pub/sub run opens (plan workers beyond it share them). */
export const MAX_SUBSCRIBER_CONNECTIONS = 16;

/**
 * What a workbench run runs on the server before its first request, whatever the plan: HELLO and
 * CLIENT SETNAME as its connections open, CONFIG and INFO on the control connection, PING, and the
 * keyspace-events watcher's SUBSCRIBE / PSUBSCRIBE (INFO latencystats of a live run's server).
 */
export const RUN_SETUP_COMMANDS: ReadonlyArray<string> = [
  'hello', 'client|setname', 'config|set', 'config|get', 'info', 'ping', 'subscribe', 'psubscribe',
];

/** The commands the plan's traffic sends (each gets its histogram on its first call). */
export function trafficCommandsOf(plan: RunPlan): string[] {
  const commands = new Set<string>();
  for (const op of plan.operations) {
    if (op.kind === 'invalidate') commands.add('del');
    else if (op.kind !== 'write') {
      commands.add('get');
      if (plan.namespaces[op.namespaceIndex].cacheable) commands.add('set');
    }
  }
  for (const rule of plan.rules) {
    if (rule.action === 'delete') commands.add('del');
    else if (rule.action === 'delete-pattern') commands.add('scan').add('unlink');
    else if (rule.action === 'write-through' || rule.action === 'write-behind') commands.add('set');
  }
  for (const ns of plan.namespaces) if (ns.prewarm && ns.cacheable) commands.add('set');
  for (const limiter of plan.rateLimits?.limiters ?? []) for (const name of limiterCommandNames(limiter.algorithm)) commands.add(name);
  const pubsub = plan.pubsub;
  if (pubsub) {
    const sharded = pubsub.topology.publish === 'sharded';
    commands.add(sharded ? 'spublish' : 'publish').add(sharded ? 'ssubscribe' : 'subscribe');
  }
  return [...commands];
}

/** The limiters' scripts (one per scripted algorithm), cached on the server by SCRIPT LOAD. */
function limiterScriptsOf(plan: RunPlan): number {
  return new Set((plan.rateLimits?.limiters ?? []).filter((l) => l.algorithm !== 'fixed-window').map((l) => l.algorithm)).size;
}

/** Pub/sub's connections: a publisher, and a subscriber connection per worker. */
function pubsubConnections(plan: RunPlan): { active: number; subscribers: number } {
  return plan.pubsub ? { active: 1, subscribers: Math.min(MAX_SUBSCRIBER_CONNECTIONS, plan.pubsub.workers.count) } : { active: 0, subscribers: 0 };
}

/**
 * The run's connections and commands: a pipelining data connection, a control connection, the
 * keyspace-events watcher (a subscriber), and pub/sub's.
 */
export function serverMemoryInputsOf(plan: RunPlan): ServerMemoryInputs {
  const pubsub = pubsubConnections(plan);
  return {
    activeConnections: 1 + pubsub.active,
    connections: 1,
    subscribers: 1 + pubsub.subscribers,
    commands: [...RUN_SETUP_COMMANDS, ...trafficCommandsOf(plan)],
    scripts: limiterScriptsOf(plan),
  };
}

/**
 * The non-key memory of the plan's server: measured when the plan carries a live run's baseline
 * (`measuredBaselineBytes`: taken with the data, control and watcher connections open, before
 * pub/sub's opened and before the traffic's first command), else modelled.
 */
export function nonKeyMemoryOf(plan: RunPlan): NonKeyMemory {
  if (plan.measuredBaselineBytes === undefined) return modelNonKeyMemory(serverMemoryInputsOf(plan), profileOf(plan.server.version).usedMemoryStartupBytes);
  const pubsub = pubsubConnections(plan);
  const later = { activeConnections: pubsub.active, connections: 0, subscribers: pubsub.subscribers, commands: trafficCommandsOf(plan), scripts: limiterScriptsOf(plan) };
  return measuredNonKeyMemory(plan.measuredBaselineBytes, later, 1);
}
