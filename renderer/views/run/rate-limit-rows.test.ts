import { describe, expect, it } from 'vitest';
import type { TargetOutcomeJson } from '../../../electron/common';
import type { RateLimitMetrics } from '../../../simulator/run';
import { limiterClasses, limiterTargets, periodText } from './rate-limit-rows';

const outcome = (text: string): TargetOutcomeJson => ({ text, passed: true, message: `${text}: 0 ok`, actual: 0, invalid: false });

describe('the run view\'s rate-limiter table', () => {
  it('gives each limiter the targets that read its metrics, a name with dots included', () => {
    const targets = ['rateLimits.per.ip.overAdmitted<=0', 'rateLimits.per.abusive.refused>=1', 'hitRatio>=0.7', 'rateLimits.per.ip.abusive.admitted<=9', 'p95<<1'].map(outcome);
    expect(limiterTargets(targets, 'per.ip').map((t) => t.text)).toEqual(['rateLimits.per.ip.overAdmitted<=0', 'rateLimits.per.ip.abusive.admitted<=9']);
    expect(limiterTargets(targets, 'per').map((t) => t.text)).toEqual(['rateLimits.per.abusive.refused>=1']);
  });

  it('shows all clients, then normal and abusive ones only when some are abusive', () => {
    const decisions = { requests: 1, admitted: 1, refused: 0, overAdmitted: 0, wronglyRefused: 0, exactAdmitted: 1 };
    const limiter = { clients: 400, abusiveClients: 8, normal: decisions, abusive: decisions, ...decisions } as RateLimitMetrics;
    expect(limiterClasses(limiter).map((c) => [c.label, c.clients])).toEqual([['all', 400], ['normal', 392], ['abusive', 8]]);
    expect(limiterClasses({ ...limiter, abusiveClients: 0 }).map((c) => c.label)).toEqual(['all']);
  });

  it('writes a period as a design does', () => {
    expect([periodText(60_000), periodText(3_600_000), periodText(10_000), periodText(1500)]).toEqual(['1 min', '1 h', '10 s', '1500 ms']);
  });
});
