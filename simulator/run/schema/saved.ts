/**
 * Reading a saved RunResult or fidelity report that an earlier version wrote. The schemas in this
 * folder stay strict for what the engines produce; a saved file goes through a migration first,
 * which fills each field added after the section's first version with what that version meant,
 * and says so in the result's warnings (or the report's notes), then through the strict schema.
 *
 * Fields added after their section's first version, and what an earlier file is read as:
 * - live.foreignKeysEvicted (eviction guard): 0 — the run did not watch foreign evictions;
 * - live.speed (time scale recorded): 1 — the run's speed was not recorded;
 * - fidelity namespaces: [] — no per-namespace comparison;
 * - fidelity clockPhaseMs: 0 — the simulator started on a whole second;
 * - fidelity simNonKeyMemory: from simOverheadBytes, the field it replaced, plus startup memory.
 */
import { z } from 'zod';
import { USED_MEMORY_STARTUP_BYTES } from '../../cache';
import type { NonKeyMemory } from '../../cache';
import { fidelityReportSchema } from './fidelity';
import { runResultSchema } from './run-result';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The line a migrated file carries, naming what its version did not record and how it is read. */
export function notRecordedLine(filled: ReadonlyArray<string>): string {
  return `Saved by an earlier version that did not record ${filled.join(', ')}; read as shown.`;
}

/** Fills the fields an earlier version did not write; returns the names filled (empty: nothing). */
function fill(target: Json, prefix: string, defaults: Json): string[] {
  const filled: string[] = [];
  for (const [field, value] of Object.entries(defaults)) {
    if (field in target) continue;
    target[field] = value;
    filled.push(typeof value === 'object' ? `${prefix}${field}` : `${prefix}${field} (${String(value)})`);
  }
  return filled;
}

/** A saved RunResult's JSON brought to the current version (a copy; other values pass unchanged). */
export function migrateRunResultJson(json: unknown): unknown {
  if (!isObject(json) || !isObject(json.live)) return json;
  const live: Json = { ...json.live };
  const filled = fill(live, 'live.', { foreignKeysEvicted: 0, speed: 1 });
  if (filled.length === 0) return json;
  const warnings = Array.isArray(json.warnings) ? json.warnings : [];
  return { ...json, live, warnings: [...warnings, notRecordedLine(filled)] };
}

/** A saved fidelity report's JSON brought to the current version (both results included). */
export function migrateFidelityReportJson(json: unknown): unknown {
  if (!isObject(json)) return json;
  const report: Json = { ...json, sim: migrateRunResultJson(json.sim), live: migrateRunResultJson(json.live) };
  const overheadBytes = typeof report.simOverheadBytes === 'number' ? report.simOverheadBytes : 0;
  const simNonKeyMemory: NonKeyMemory = {
    bytes: USED_MEMORY_STARTUP_BYTES + overheadBytes, source: overheadBytes > 0 ? 'measured' : 'modelled',
    startupBytes: USED_MEMORY_STARTUP_BYTES, connectionsBytes: 0, commandsBytes: 0, scriptsBytes: 0,
    measuredBytes: overheadBytes > 0 ? USED_MEMORY_STARTUP_BYTES + overheadBytes : 0,
  };
  const filled = fill(report, '', { namespaces: [], clockPhaseMs: 0, simNonKeyMemory });
  if (filled.length > 0 && Array.isArray(report.notes)) report.notes = [...report.notes, notRecordedLine(filled)];
  return report;
}

/** A RunResult as saved by this or an earlier version; parses to the current RunResult. */
export const savedRunResultSchema = z.preprocess(migrateRunResultJson, runResultSchema);
/** A fidelity report as saved by this or an earlier version; parses to the current report. */
export const savedFidelityReportSchema = z.preprocess(migrateFidelityReportJson, fidelityReportSchema);
