/**
 * Checks of hash namespaces and field TTLs (hash-field expiration, HEXPIRE): a hash namespace needs
 * its fields, `fieldTtl` only applies to hash namespaces, and only a server version with
 * hash-field expiration (its profile's hashFieldExpiry: redis-7.4; not Valkey 8.0) runs it.
 */
import type { Design } from './schema';
import type { DesignIssue } from './semantic';
import { parseTtlMs } from './units';
import { profileOf } from '../cache/profiles';

export function checkHashFields(design: Design): DesignIssue[] {
  const issues: DesignIssue[] = [];
  design.namespaces.forEach((ns, i) => {
    if (ns.type === 'hash') {
      if (ns.fields === undefined) issues.push({ path: ['namespaces', i, 'fields'], message: `hash namespace "${ns.name}" needs fields (how many fields each hash has), e.g. fields: 10` });
      if (ns.fieldSize === undefined) issues.push({ path: ['namespaces', i, 'fieldSize'], message: `hash namespace "${ns.name}" needs fieldSize (bytes of each field's value), e.g. fieldSize: 64b` });
    } else {
      for (const key of ['fields', 'fieldSize'] as const) {
        if (ns[key] !== undefined) issues.push({ path: ['namespaces', i, key], message: `${key} applies to hash namespaces; "${ns.name}" is a string namespace (add type: hash)` });
      }
    }
  });
  const profile = profileOf(design.server.version);
  for (const [dataClass, row] of Object.entries(design.ttlMatrix)) {
    for (const [env, cell] of Object.entries(row)) {
      if (cell.fieldTtl === undefined) continue;
      const path = ['ttlMatrix', dataClass, env, 'fieldTtl'];
      const parsed = parseTtlMs(cell.fieldTtl);
      if (parsed.ok && (parsed.value === null || parsed.value === 0)) {
        issues.push({ path, message: `fieldTtl ${cell.fieldTtl} gives fields no expiry; leave fieldTtl out, or give a duration such as 30s` });
      }
      if (!profile.hashFieldExpiry) {
        issues.push({ path, message: `server.version ${profile.id} (${profile.measuredOn}) has no hash-field expiration (HEXPIRE came in Redis 7.4; Valkey 8.0 lacks it); set server.version: redis-7.4 or remove fieldTtl` });
      }
      const strings = design.namespaces.filter((ns) => ns.dataClass === dataClass && ns.type !== 'hash').map((ns) => ns.name);
      if (strings.length > 0) {
        issues.push({ path, message: `fieldTtl applies to hash namespaces; data class "${dataClass}" is used by string namespace${strings.length > 1 ? 's' : ''} ${strings.join(', ')} (give them type: hash, or a data class of their own)` });
      }
    }
  }
  return issues;
}
