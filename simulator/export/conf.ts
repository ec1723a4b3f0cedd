/**
 * The redis.conf fragment: memory limit and eviction, LFU tuning, expiry effort, persistence (with
 * the fork headroom it needs: persistence-conf.ts), the pub/sub output buffer limit and the
 * keyspace notifications the generated listeners rely on. Each value is written exactly as CONFIG
 * GET reports it, so a server loading the file can be checked.
 */
import type { ConfSetting, ExportFacts } from './facts';
import { commentHeader } from './header';
import { commentSafe } from './names';

export function emitConf(facts: ExportFacts): string {
  const lines = [
    commentHeader(facts.stamp, '#'),
    '# A redis.conf fragment: `include` it from your redis.conf, or start `redis-server redis.conf`.',
    '# Values are written as CONFIG GET reports them (sizes in bytes, lfu-decay-time in minutes).',
  ];
  for (const setting of facts.conf) {
    lines.push('', `# ${commentSafe(setting.comment)}`, `${setting.name} ${confValue(setting)}`);
  }
  if (facts.design.server.cluster) {
    lines.push('', '# The design runs Redis Cluster: set `cluster-enabled yes` (and a cluster-config-file) on every node;',
      '# it is left out here so that this fragment also loads on a single development server.');
  }
  return `${lines.join('\n')}\n`;
}

function confValue(setting: ConfSetting): string {
  // Multi-word values (client-output-buffer-limit) are several arguments; a single word is quoted
  // when it holds anything redis.conf's tokenizer could read differently.
  if (setting.name === 'client-output-buffer-limit') return setting.value;
  return /^[A-Za-z0-9_.-]+$/.test(setting.value) ? setting.value : `"${setting.value.replace(/["\\]/g, '\\$&')}"`;
}
