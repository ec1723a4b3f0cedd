/**
 * docker-compose.yml: one redis service running the design's server settings (as command-line
 * arguments, so the file stands alone), published on loopback only, with a PING healthcheck.
 */
import { stringify } from 'yaml';
import { profileOf, REDIS_7_0 } from '../cache/profiles';
import type { ExportFacts } from './facts';
import { commentHeader } from './header';

/** The image of the default profile (redis-7.0); a design's server.version picks its own (profile.image). */
export const REDIS_IMAGE = REDIS_7_0.image;

export function composeDocument(facts: ExportFacts): Record<string, unknown> {
  const profile = profileOf(facts.design.server.version);
  const command = [profile.binaries.server, '--save', '', '--appendonly', 'no'];
  for (const setting of facts.conf) command.push(`--${setting.name}`, ...setting.value.split(' '));
  // Compose interpolates `$NAME` in every string; `$$` is a literal dollar (notify-keyspace-events "g$xE").
  const literal = (text: string) => text.replace(/\$/g, '$$$$');
  return {
    services: {
      redis: {
        image: profile.image,
        command: command.map(literal),
        ports: ['127.0.0.1:6379:6379'],
        healthcheck: {
          test: ['CMD', profile.binaries.cli, 'ping'],
          interval: '5s',
          timeout: '3s',
          retries: 5,
          start_period: '5s',
        },
        labels: {
          'keyspace.design': literal(facts.design.name),
          'keyspace.design-version': String(facts.design.version),
          'keyspace.design-sha256': facts.stamp.hash,
          'keyspace.environment': facts.environment,
        },
        restart: 'unless-stopped',
      },
    },
  };
}

export function emitCompose(facts: ExportFacts): string {
  const note = [
    '# A development Redis with the design\'s server settings; no password (local use only).',
    '# Start: docker compose -f docker-compose.yml up -d --wait',
  ].join('\n');
  return `${commentHeader(facts.stamp, '#')}\n${note}\n${stringify(composeDocument(facts), { lineWidth: 0 })}`;
}
