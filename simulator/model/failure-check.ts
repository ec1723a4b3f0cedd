/**
 * Cross-field checks of the cache side's failure timeline (`failures:`), its persistence and
 * replication settings and the warm-up on recovery: what the schema alone cannot say. Events after
 * the run's end are allowed (a longer --requests reaches them) and warned about by the plan.
 */
import type { Design } from './schema';
import type { DesignIssue } from './semantic';
import { parseDurationMs } from './units';

/** Masters of the cluster a design's cache runs on (the managed cluster the workbench starts has 3). */
export const CACHE_CLUSTER_SHARDS = 3;

export function checkFailures(design: Design): DesignIssue[] {
  const issues: DesignIssue[] = [];
  const add = (path: Array<string | number>, message: string) => issues.push({ path, message });
  const { replication } = design.server;
  const sentinel = replication.sentinel;
  if (sentinel && sentinel.quorum > sentinel.sentinels) {
    add(['server', 'replication', 'sentinel', 'quorum'], `quorum ${sentinel.quorum} is more than the ${sentinel.sentinels} sentinels: no failover could ever be agreed; use at most ${sentinel.sentinels} (typical: a majority, ${Math.floor(sentinel.sentinels / 2) + 1})`);
  }
  if (replication.wait > replication.replicas) {
    add(['server', 'replication', 'wait'], `WAIT ${replication.wait} needs that many replicas; the design has ${replication.replicas}`);
  }

  let previousMs = -1;
  design.failures.forEach((event, i) => {
    const atMs = msOf(event.at);
    if (atMs < previousMs) add(['failures', i, 'at'], `at ${event.at} is before the previous event's; list events in time order`);
    previousMs = Math.max(previousMs, atMs);
    switch (event.kind) {
      case 'sentinel-failover':
      case 'manual-failover':
        if (replication.replicas < 1) add(['failures', i, 'kind'], `${event.kind} promotes a replica: set server.replication.replicas to 1 or more`);
        if (!sentinel) add(['failures', i, 'kind'], `${event.kind} needs Sentinel: add server.replication.sentinel (e.g. { sentinels: 3, quorum: 2, downAfter: 5s })`);
        break;
      case 'shard-failover':
        if (!design.server.cluster) add(['failures', i, 'kind'], 'shard-failover needs a cluster: set server.cluster: true (or use sentinel-failover for one primary)');
        if (replication.replicas < 1) add(['failures', i, 'kind'], 'shard-failover promotes the shard\'s replica: set server.replication.replicas to 1 or more');
        if (event.shard >= CACHE_CLUSTER_SHARDS) {
          add(['failures', i, 'shard'], `shard ${event.shard} does not exist; the cluster's ${CACHE_CLUSTER_SHARDS} masters are numbered 0 to ${CACHE_CLUSTER_SHARDS - 1}`);
        }
        break;
      case 'partition':
        if (Number.parseFloat(event.share) <= 0) add(['failures', i, 'share'], 'a partition of 0% of the clients changes nothing; give a share above 0%');
        break;
      case 'primary-crash':
        break;
    }
  });

  const warmup = design.recovery?.warmup;
  if (warmup) {
    const names = new Set(design.namespaces.map((ns) => ns.name));
    warmup.namespaces.forEach((name, j) => {
      if (!names.has(name)) add(['recovery', 'warmup', 'namespaces', j], `no namespace named "${name}"; known: ${[...names].join(', ')}`);
    });
  }
  return issues;
}

function msOf(text: string): number {
  const parsed = parseDurationMs(text);
  return parsed.ok ? parsed.value : 0;
}
