/**
 * Prometheus alert rules from the design's targets: hit ratio below target, evictions spiking,
 * pub/sub fan-out p95 above target, subscriber disconnects, rate-limit refusals. Redis metrics use redis_exporter's
 * names; fan-out and disconnect metrics are the application's (named in each description).
 */
import { stringify } from 'yaml';
import { parseDurationMs, parseSizeBytes } from '../model';
import type { ExportFacts } from './facts';
import { commentHeader } from './header';
import { words } from './names';
import type { ReportInput } from './types';

export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: { summary: string; description: string };
}

interface Target {
  text: string;
  metric: string;
  operator: string;
  value: string;
}

function parseTarget(text: string): Target | undefined {
  const match = /^\s*([A-Za-z0-9_.]+)\s*(>=|<=|==|!=|>|<)\s*(.+?)\s*$/.exec(text);
  return match ? { text, metric: match[1], operator: match[2], value: match[3] } : undefined;
}

function ratioOf(text: string): number | undefined {
  const value = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** The rules, and the targets that could not become alerts (with why). */
export function alertRules(facts: ExportFacts, report: ReportInput = {}): { rules: AlertRule[]; skipped: string[] } {
  const labels = { severity: 'warning', design: facts.design.name, environment: facts.environment };
  const rules: AlertRule[] = [];
  const skipped: string[] = [];
  const targets = facts.design.targets.map((text) => parseTarget(text) ?? { text, metric: '', operator: '', value: '' });
  const hitTarget = targets.find((t) => t.metric === 'hitRatio' && (t.operator === '>=' || t.operator === '>'));
  const hitRatio = hitTarget ? ratioOf(hitTarget.value) : undefined;
  if (hitTarget && hitRatio !== undefined) {
    const hits = 'sum(rate(redis_keyspace_hits_total[10m]))';
    const misses = 'sum(rate(redis_keyspace_misses_total[10m]))';
    rules.push({
      alert: 'KeyspaceHitRatioBelowTarget',
      expr: `${hits} / (${hits} + ${misses}) < ${hitRatio}`,
      for: '15m', labels,
      annotations: {
        summary: `Cache hit ratio below the design target (${hitTarget.text})`,
        description: `Hit ratio over 10 minutes is {{ $value | humanizePercentage }}; the design "${facts.design.name}" targets ${hitTarget.text}. Check TTLs, maxmemory and evictions.`,
      },
    });
  }
  rules.push(evictionRule(facts, report, labels));

  if (facts.pubsub) {
    const fanout = targets.find((t) => /fan-?out/i.test(t.metric) && /p95/i.test(t.metric) && (t.operator === '<=' || t.operator === '<'));
    const fanoutMs = fanout ? parseDurationMs(fanout.value) : undefined;
    if (fanout && fanoutMs?.ok) {
      rules.push({
        alert: 'KeyspaceFanoutP95AboveTarget',
        expr: `histogram_quantile(0.95, sum by (le) (rate(keyspace_fanout_latency_seconds_bucket[5m]))) > ${fanoutMs.value / 1000}`,
        for: '10m', labels,
        annotations: {
          summary: `Pub/sub fan-out p95 above the design target (${fanout.text})`,
          description: 'Publish-to-client p95 is {{ $value | humanizeDuration }} (application histogram keyspace_fanout_latency_seconds, observed by the workers).',
        },
      });
    } else {
      skipped.push('fan-out p95: the design has no fan-out p95 target (e.g. "fanout.p95<=100ms")');
    }
    rules.push({
      alert: 'KeyspaceSubscriberDisconnects',
      expr: 'sum(increase(keyspace_subscriber_disconnects_total[5m])) > 0',
      for: '0m', labels,
      annotations: {
        summary: 'Pub/sub subscribers are being disconnected',
        description: `{{ $value }} subscriber disconnects in 5 minutes (application counter keyspace_subscriber_disconnects_total). With an output buffer limit of ${facts.pubsub.topology.outputBufferLimit.hard}, slow subscribers are cut off and lose messages.`,
      },
    });
  }
  rules.push(...rateLimitRules(facts, report, labels));
  for (const target of targets) {
    if (target === hitTarget || /fan-?out/i.test(target.metric)) continue;
    const why = target.metric.startsWith('namespaces.') ? 'Redis has no per-namespace counters' : 'needs an application metric this export does not define';
    skipped.push(`${target.text}: ${why}`);
  }
  return { rules, skipped };
}

function evictionRule(facts: ExportFacts, report: ReportInput, labels: Record<string, string>): AlertRule {
  const server = facts.design.server;
  const maxmemory = parseSizeBytes(server.maxmemory);
  const expectsNone = (maxmemory.ok && maxmemory.value === 0)
    || server.maxmemoryPolicy === 'noeviction'
    || facts.design.targets.some((t) => /^\s*evictedKeys\s*(==|<=)\s*0\s*$/.test(t));
  if (expectsNone) {
    return {
      alert: 'KeyspaceEvictionsSpiking',
      expr: 'sum(increase(redis_evicted_keys_total[5m])) > 0',
      for: '0m', labels,
      annotations: {
        summary: 'Redis is evicting keys, which this design does not expect',
        description: '{{ $value }} keys evicted in 5 minutes; the design expects none (no memory limit, noeviction, or an evictedKeys==0 target).',
      },
    };
  }
  const run = report.results?.[0]?.result;
  const simulatedPerSec = run && run.durationMs > 0 ? run.cache.evictedKeys / (run.durationMs / 1000) : 0;
  const floorPerSec = Math.max(1, Math.ceil(simulatedPerSec * 3));
  return {
    alert: 'KeyspaceEvictionsSpiking',
    expr: `sum(rate(redis_evicted_keys_total[5m])) > 3 * sum(rate(redis_evicted_keys_total[1h] offset 5m)) and sum(rate(redis_evicted_keys_total[5m])) > ${floorPerSec}`,
    for: '10m', labels,
    annotations: {
      summary: 'Redis evictions are spiking',
      description: `Evictions run at {{ $value | humanize }}/s, over 3x the last hour and over ${floorPerSec}/s${run ? ` (3x the ${simulatedPerSec.toFixed(2)}/s the simulation of this design predicts)` : ''}. The working set may have outgrown maxmemory ${server.maxmemory}.`,
    },
  };
}

/**
 * Per limiter: refusals above twice the share the simulation predicts (1 % without a run), from the
 * application's counters keyspace_rate_limit_requests_total and keyspace_rate_limit_refused_total.
 */
function rateLimitRules(facts: ExportFacts, report: ReportInput, labels: Record<string, string>): AlertRule[] {
  const simulated = report.results?.[0]?.result.rateLimits;
  return (facts.design.rateLimits ?? []).map((limiter) => {
    const run = simulated?.find((r) => r.name === limiter.name);
    const share = run && run.requests > 0 ? run.refused / run.requests : undefined;
    const threshold = Math.min(1, Math.max(0.01, Number(((share ?? 0.005) * 2).toFixed(4))));
    const selector = `{limiter=${JSON.stringify(limiter.name)}}`;
    return {
      alert: 'KeyspaceRateLimitRefusals',
      expr: `sum(rate(keyspace_rate_limit_refused_total${selector}[5m])) / sum(rate(keyspace_rate_limit_requests_total${selector}[5m])) > ${threshold}`,
      for: '10m', labels: { ...labels, limiter: limiter.name },
      annotations: {
        summary: `Rate limiter ${limiter.name} refuses more requests than the design expects`,
        description: `{{ $value | humanizePercentage }} of requests refused over 5 minutes by ${limiter.name} (${limiter.algorithm}, ${limiter.limit} per ${limiter.period}); alerting above ${percentText(threshold)}${share === undefined ? ' (no simulated run given)' : ` (the simulation predicts ${percentText(share)})`}. Application counters keyspace_rate_limit_requests_total and keyspace_rate_limit_refused_total, labelled by limiter.`,
      },
    };
  });
}

function percentText(share: number): string {
  return `${Number((share * 100).toFixed(2))} %`;
}

export function emitAlerts(facts: ExportFacts, report: ReportInput = {}): string {
  const { rules, skipped } = alertRules(facts, report);
  const slug = words(facts.design.name).join('-') || 'design';
  const notes = [
    '# Prometheus alerting rules (rule_files). Redis metrics are redis_exporter\'s; add label matchers for your instance.',
    ...skipped.map((line) => `# Not an alert: ${line.replace(/[\r\n]+/g, ' ')}`),
  ];
  const document = { groups: [{ name: `keyspace-${slug}-${facts.environment}`, rules }] };
  return `${commentHeader(facts.stamp, '#')}\n${notes.join('\n')}\n${stringify(document, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
