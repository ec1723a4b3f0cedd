/**
 * Checks that span fields, which a schema alone cannot express: names that must exist elsewhere in
 * the design (data classes, namespaces, environments) and patterns that must match something.
 */
import type { Design } from './schema';
import { patternToRegExp, placeholderError } from './patterns';
import { checkPubsub } from './pubsub-schema';
import { TTL_NONE } from './units';
import { checkValues } from './semantic-values';
import { checkRateLimits } from './rate-limit-schema';
import { checkFailures } from './failure-check';
import { checkHashFields } from './hash-field-check';
import { policyProblem } from '../cache/profiles';

/** A problem found in a design, located by its field path. */
export interface DesignIssue {
  path: ReadonlyArray<string | number>;
  message: string;
}

export function checkDesign(design: Design): DesignIssue[] {
  const issues: DesignIssue[] = [];
  const namespaceNames = new Set<string>();
  const envs = new Set(design.environments);

  if (!envs.has(design.defaultEnvironment)) {
    issues.push({ path: ['defaultEnvironment'], message: `"${design.defaultEnvironment}" is not one of environments: ${design.environments.join(', ')}` });
  }
  design.namespaces.forEach((ns, i) => {
    if (namespaceNames.has(ns.name)) issues.push({ path: ['namespaces', i, 'name'], message: `namespace "${ns.name}" is defined twice` });
    namespaceNames.add(ns.name);
    const patternProblem = placeholderError(ns.pattern);
    if (patternProblem) issues.push({ path: ['namespaces', i, 'pattern'], message: patternProblem });
    // Own rows only: a data class named constructor or toString must not find Object's.
    const row = Object.hasOwn(design.ttlMatrix, ns.dataClass) ? design.ttlMatrix[ns.dataClass] : undefined;
    if (!row) {
      issues.push({ path: ['namespaces', i, 'dataClass'], message: `data class "${ns.dataClass}" has no row in ttlMatrix; known: ${Object.keys(design.ttlMatrix).join(', ') || 'none'}` });
    }
    const [reads, writes] = ns.readWrite.split('/').map(Number);
    if (reads + writes !== 100) issues.push({ path: ['namespaces', i, 'readWrite'], message: `read/write mix "${ns.readWrite}" must add up to 100` });
  });

  for (const [dataClass, row] of Object.entries(design.ttlMatrix)) {
    for (const env of design.environments) {
      if (!Object.hasOwn(row, env)) issues.push({ path: ['ttlMatrix', dataClass], message: `data class "${dataClass}" has no TTL for environment "${env}"` });
    }
    for (const [env, cell] of Object.entries(row)) {
      if (!envs.has(env)) issues.push({ path: ['ttlMatrix', dataClass, env], message: `"${env}" is not one of environments: ${design.environments.join(', ')}` });
      if (cell.ttl === TTL_NONE && Number.parseFloat(cell.jitter) !== 0) {
        issues.push({ path: ['ttlMatrix', dataClass, env, 'jitter'], message: `jitter ${cell.jitter} with ttl: none has nothing to spread (keys never expire); remove it or give a TTL duration` });
      }
    }
  }

  design.invalidation.forEach((rule, i) => {
    if (!namespaceNames.has(rule.on)) issues.push({ path: ['invalidation', i, 'on'], message: unknownNamespace(rule.on, namespaceNames) });
    if (rule.action === 'delete-pattern') {
      if (!rule.target) {
        issues.push({ path: ['invalidation', i], message: 'delete-pattern needs a target pattern, e.g. target: "products:list:*"' });
      } else if (globError(rule.target) !== undefined) {
        issues.push({ path: ['invalidation', i, 'target'], message: `target "${rule.target}" is not a valid glob: ${globError(rule.target)}` });
      } else if (!design.namespaces.some((ns) => globMatchesNamespace(rule.target ?? '', ns.pattern))) {
        issues.push({ path: ['invalidation', i, 'target'], message: `target "${rule.target}" matches no namespace pattern` });
      }
    }
  });

  design.traffic.operations.forEach((op, i) => {
    if (!namespaceNames.has(op.namespace)) issues.push({ path: ['traffic', 'operations', i, 'namespace'], message: unknownNamespace(op.namespace, namespaceNames) });
  });
  if (design.pubsub) issues.push(...checkPubsub(design.pubsub));
  issues.push(...checkValues(design));
  const policy = policyProblem(design.server.maxmemoryPolicy, design.server.version);
  if (policy) issues.push({ path: ['server', 'maxmemoryPolicy'], message: policy });
  issues.push(...checkRateLimits(design));
  issues.push(...checkFailures(design));
  issues.push(...checkHashFields(design));
  return issues;
}

function unknownNamespace(name: string, known: Set<string>): string {
  return `no namespace named "${name}"; known: ${[...known].join(', ')}`;
}

/**
 * Whether a glob target (`products:list:*`) covers keys of a namespace pattern
 * (`products:list:{page}`): the glob is tested against a sample key of the pattern.
 */
export function globMatchesNamespace(glob: string, pattern: string): boolean {
  const sample = pattern.replace(/\{\{?[^{}]*\}?\}/g, '1');
  return globToRegExp(glob).test(sample) || patternToRegExp(pattern).source === globToRegExp(glob).source;
}

/** Why a glob cannot be matched (a range out of order such as [z-a]), or undefined. */
export function globError(glob: string): string | undefined {
  try {
    globToRegExp(glob);
    return undefined;
  } catch {
    return 'a [range] in it is out of order or malformed (write [a-z], not [z-a])';
  }
}

/** Redis glob (as in SCAN MATCH / KEYS) to a RegExp: `*`, `?`, `[abc]`, `\x`. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else { source += `[${glob.slice(i + 1, end).replace(/^\^/, '^').replace(/\\/g, '\\\\')}]`; i = end; }
    } else if (c === '\\' && i + 1 < glob.length) source += `\\${glob[++i]}`;
    else source += c.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}
