/**
 * Reads a redis.conf (or the exported fragment) back into a design's `server` section (persistence
 * included: persistence-conf.ts) and the pub/sub output buffer limit. Sizes are read as redis.conf reads them (kb = 1024, k = 1000).
 */
import type { Design } from '../model';
import { EVICTION_POLICIES, formatDurationMs, formatSizeBytes, parseSizeBytes } from '../model';
import type { ImportOptions, ImportResult } from './import';
import { setIn } from './import';
import { PERSISTENCE_DIRECTIVES, persistenceFromConf } from './persistence-conf';

/** redis.conf's tokenizer (sdssplitargs), enough for configuration lines: words and quoted strings. */
export function confArgs(line: string): string[] | null {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    const quote = line[i] === '"' || line[i] === "'" ? line[i] : null;
    let word = '';
    if (quote) {
      i++;
      while (i < line.length && line[i] !== quote) {
        if (quote === '"' && line[i] === '\\' && i + 1 < line.length) i++;
        word += line[i++];
      }
      if (i >= line.length) return null;
      i++;
    } else {
      while (i < line.length && !/\s/.test(line[i])) word += line[i++];
    }
    args.push(word);
  }
  return args;
}

function bytes(text: string): number | undefined {
  const parsed = parseSizeBytes(/^\d+$/.test(text) ? `${text}b` : text);
  return parsed.ok ? parsed.value : undefined;
}

const INTEGERS: Record<string, { field: string; min: number; max: number }> = {
  'maxmemory-samples': { field: 'maxmemorySamples', min: 1, max: 64 },
  'lfu-log-factor': { field: 'lfuLogFactor', min: 0, max: 255 },
  hz: { field: 'hz', min: 1, max: 500 },
  'active-expire-effort': { field: 'activeExpireEffort', min: 1, max: 10 },
};

export function importConf(text: string, options: ImportOptions = {}): ImportResult {
  const fragment: Record<string, unknown> = {};
  const ambiguities: string[] = [];
  const notes: string[] = [];
  const seen = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const args = confArgs(line);
    const at = `line ${index + 1}`;
    if (!args || args.length === 0) {
      ambiguities.push(`${at}: unbalanced quotes`);
      return;
    }
    const name = args[0].toLowerCase();
    const value = args.slice(1).join(' ');
    const previous = seen.get(name);
    if (previous !== undefined && previous !== value && name !== 'client-output-buffer-limit') notes.push(`${name} is set twice (${previous}, then ${value}); the last one counts, as in Redis`);
    seen.set(name, value);
    if (!PERSISTENCE_DIRECTIVES.has(name)) readDirective(name, args.slice(1), at, fragment, ambiguities, notes, options.design);
  });
  const persistence = persistenceFromConf(seen);
  if (persistence) setIn(fragment, ['server', 'persistence'], persistence);
  return { fragment, ambiguities, notes };
}

function readDirective(
  name: string, args: string[], at: string, fragment: Record<string, unknown>,
  ambiguities: string[], notes: string[], design?: Design,
): void {
  const value = args.join(' ');
  if (name === 'maxmemory') {
    const parsed = args.length === 1 ? bytes(args[0]) : undefined;
    if (parsed === undefined) ambiguities.push(`${at}: maxmemory ${value} is not a size`);
    else setIn(fragment, ['server', 'maxmemory'], formatSizeBytes(parsed));
  } else if (name === 'maxmemory-policy') {
    if ((EVICTION_POLICIES as readonly string[]).includes(value)) setIn(fragment, ['server', 'maxmemoryPolicy'], value);
    else ambiguities.push(`${at}: maxmemory-policy ${value} is not one of ${EVICTION_POLICIES.join(', ')}`);
  } else if (name in INTEGERS) {
    const spec = INTEGERS[name];
    const number = Number(value);
    if (/^\d+$/.test(value) && number >= spec.min && number <= spec.max) setIn(fragment, ['server', spec.field], number);
    else ambiguities.push(`${at}: ${name} ${value} is not a whole number from ${spec.min} to ${spec.max}`);
  } else if (name === 'lfu-decay-time') {
    if (/^\d+$/.test(value)) setIn(fragment, ['server', 'lfuDecayTime'], Number(value) === 0 ? '0m' : formatDurationMs(Number(value) * 60_000));
    else ambiguities.push(`${at}: lfu-decay-time ${value} is not a whole number of minutes`);
  } else if (name === 'cluster-enabled') {
    if (value === 'yes' || value === 'no') setIn(fragment, ['server', 'cluster'], value === 'yes');
    else ambiguities.push(`${at}: cluster-enabled ${value} is not yes or no`);
  } else if (name === 'client-output-buffer-limit') {
    readOutputBufferLimit(args, at, fragment, ambiguities, notes, design);
  } else if (name === 'include') {
    ambiguities.push(`${at}: include ${value} is not followed; import that file too`);
  } else if (name === 'notify-keyspace-events') {
    notes.push('notify-keyspace-events is derived from the invalidation rules on export, not stored in a design');
  } else {
    notes.push(`${name} is not part of a design (ignored)`);
  }
}

function readOutputBufferLimit(args: string[], at: string, fragment: Record<string, unknown>, ambiguities: string[], notes: string[], design?: Design): void {
  if (args.length % 4 !== 0) {
    ambiguities.push(`${at}: client-output-buffer-limit takes groups of <class> <hard> <soft> <seconds>`);
    return;
  }
  for (let i = 0; i < args.length; i += 4) {
    const [kind, hardText, softText, secondsText] = args.slice(i, i + 4);
    if (kind !== 'pubsub') {
      notes.push(`client-output-buffer-limit ${kind} is not part of a design (ignored)`);
      continue;
    }
    const hard = bytes(hardText);
    const soft = bytes(softText);
    if (hard === undefined || soft === undefined || !/^\d+$/.test(secondsText)) {
      ambiguities.push(`${at}: client-output-buffer-limit pubsub ${hardText} ${softText} ${secondsText} is not <size> <size> <seconds>`);
      continue;
    }
    if (design && design.pubsub === undefined) {
      ambiguities.push(`${at}: client-output-buffer-limit pubsub belongs to pubsub.topology, and the design has no pubsub section`);
      continue;
    }
    setIn(fragment, ['pubsub', 'topology', 'outputBufferLimit'], {
      hard: formatSizeBytes(hard), soft: formatSizeBytes(soft), softFor: formatDurationMs(Number(secondsText) * 1000).replace(/^0ms$/, '0s'),
    });
  }
}
