/**
 * Prometheus alert rules: always checked structurally (YAML, required fields, plausible PromQL);
 * checked by `promtool check rules` when promtool is installed (Debian package prometheus).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePlan, simulate } from '../run';
import { exportDesign } from './index';
import { designFrom, FIXTURE_WITH_RATE_LIMITS, FIXTURE_WITHOUT_PUBSUB, FIXTURE_YAML } from './testing';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-alerts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function promtoolPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
const promtool = promtoolPath();
const SKIP_REASON = 'promtool is not installed (apt-get install prometheus provides it); the rules were checked structurally only';
if (!promtool) console.warn(`alerts.test.ts: ${SKIP_REASON}`);

function rulesText(yaml: string = FIXTURE_YAML, withRun = false): string {
  const design = designFrom(yaml);
  const report = withRun ? { results: [{ label: 'sim', result: simulate(compilePlan(design, { requests: 4000 })) }] } : {};
  return exportDesign(design, { environment: 'prod' }, ['alerts'], report).files[0].text;
}

interface Rule { alert: string; expr: string; for: string; labels: Record<string, string>; annotations: Record<string, string> }

function balanced(expr: string): boolean {
  let depth = 0;
  for (const c of expr.replace(/"[^"]*"/g, '')) {
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

describe('Prometheus alert rules', () => {
  it('are a valid rule file: every rule has alert, a plausible PromQL expr, for, labels and annotations', () => {
    for (const text of [rulesText(), rulesText(FIXTURE_YAML, true), rulesText(FIXTURE_WITHOUT_PUBSUB), rulesText(FIXTURE_WITH_RATE_LIMITS, true)]) {
      const document = parse(text) as { groups: Array<{ name: string; rules: Rule[] }> };
      expect(document.groups).toHaveLength(1);
      expect(document.groups[0].name).toMatch(/^[a-z0-9-]+$/);
      for (const rule of document.groups[0].rules) {
        expect(rule.alert).toMatch(/^Keyspace[A-Z][A-Za-z0-9]+$/);
        expect(rule.for).toMatch(/^\d+[smh]$/);
        expect(balanced(rule.expr), rule.expr).toBe(true);
        expect(rule.expr).toMatch(/^(sum|histogram_quantile)\(.*[<>] [\d.]+$/);
        expect(rule.expr).toMatch(/\b(redis|keyspace)_[a-z_]+(_total|_bucket)\b/);
        expect(rule.expr).not.toMatch(/undefined|NaN|Infinity/);
        expect(Object.keys(rule.labels).sort()).toEqual(['design', 'environment', ...(rule.labels.limiter ? ['limiter'] : []), 'severity']);
        expect(rule.annotations.summary.length).toBeGreaterThan(10);
        expect(rule.annotations.description.length).toBeGreaterThan(10);
      }
    }
  });

  it('turns the design\'s targets into alerts and says which targets could not be', () => {
    const text = rulesText();
    const names = (parse(text) as { groups: Array<{ rules: Rule[] }> }).groups[0].rules.map((r) => r.alert);
    expect(names).toEqual(['KeyspaceHitRatioBelowTarget', 'KeyspaceEvictionsSpiking', 'KeyspaceFanoutP95AboveTarget', 'KeyspaceSubscriberDisconnects']);
    expect(text).toContain('< 0.5');
    expect(text).toContain('rate(keyspace_fanout_latency_seconds_bucket[5m]))) > 0.2');
    expect(text).toMatch(/# Not an alert: namespaces\.products\.hitRatio>=0\.5: Redis has no per-namespace counters/);
  });

  it('has a refusals rule per rate limiter, at twice the simulated refusal share (at least 1 %)', () => {
    const design = designFrom(FIXTURE_WITH_RATE_LIMITS);
    const result = simulate(compilePlan(design, { requests: 4000 }));
    const rules = (parse(rulesText(FIXTURE_WITH_RATE_LIMITS, true)) as { groups: Array<{ rules: Rule[] }> }).groups[0].rules
      .filter((r) => r.alert === 'KeyspaceRateLimitRefusals');
    expect(rules.map((r) => r.labels.limiter)).toEqual(['per-ip', 'per-user', 'per-key-aligned', 'per-endpoint', 'per-tenant', 'per-token']);
    for (const rule of rules) {
      const run = result.rateLimits?.find((r) => r.name === rule.labels.limiter);
      const share = run && run.requests > 0 ? run.refused / run.requests : 0;
      expect(rule.expr).toContain(`keyspace_rate_limit_refused_total{limiter="${rule.labels.limiter}"}[5m]`);
      expect(Number(/> ([\d.]+)$/.exec(rule.expr)?.[1])).toBeCloseTo(Math.min(1, Math.max(0.01, share * 2)), 3);
    }
    expect(rulesText()).not.toContain('KeyspaceRateLimitRefusals');
  });

  (promtool ? it : it.skip)(promtool ? 'pass promtool check rules, which rejects a broken rule' : `pass promtool check rules — SKIPPED: ${SKIP_REASON}`, () => {
    const good = join(dir, 'good.rules.yml');
    const good2 = join(dir, 'good-run.rules.yml');
    writeFileSync(good, rulesText());
    writeFileSync(good2, rulesText(FIXTURE_YAML, true));
    const good3 = join(dir, 'good-limits.rules.yml');
    writeFileSync(good3, rulesText(FIXTURE_WITH_RATE_LIMITS, true));
    const checked = spawnSync(promtool ?? 'promtool', ['check', 'rules', good, good2, good3], { encoding: 'utf8' });
    expect(checked.status, `${checked.stdout}${checked.stderr}`).toBe(0);
    expect(checked.stdout).toMatch(/SUCCESS: 4 rules found/);
    expect(checked.stdout).toMatch(/SUCCESS: 10 rules found/);
    const bad = join(dir, 'bad.rules.yml');
    writeFileSync(bad, rulesText().replace('< 0.5', '< (0.5'));
    expect(spawnSync(promtool ?? 'promtool', ['check', 'rules', bad], { encoding: 'utf8' }).status).not.toBe(0);
  });
});
