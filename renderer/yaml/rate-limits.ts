/**
 * The rate-limit form's edits of the design text (`rateLimits`, `traffic.abusive`), each one
 * undo step: a new limiter, an algorithm switch that drops the fixed-window-only fields, what a
 * limiter is keyed by (its pattern's placeholder follows), the INCR/EXPIRE race toggle.
 */
import { rateLimitSchema } from '../../simulator/model';
import { appendItem, removeKey, setValue } from './edit';
import type { EditResult, YamlPath } from './edit';

/** What a limiter can be keyed by, and a fixed window's window kinds, as the schema has them. */
export const KEYED_BY: ReadonlyArray<string> = rateLimitSchema.shape.keyedBy.unwrap().options;
export const WINDOWS: ReadonlyArray<string> = rateLimitSchema.shape.window.unwrap().options;
/** Fields only a fixed window has (the schema refuses them on other algorithms). */
const FIXED_WINDOW_ONLY = ['window', 'race', 'raceLoss'] as const;

/** What a new limiter's abusive clients start from (`traffic.abusive`). */
export const NEW_ABUSIVE = { clients: '2%', rateMultiple: 10 } as const;

const at = (index: number, field: string): YamlPath => ['rateLimits', index, field];

/** Several edits in turn, each on the text the previous one made; the first failure stops them. */
function chain(text: string, edits: ReadonlyArray<(text: string) => EditResult>): EditResult {
  let result: EditResult = { ok: true, text };
  for (const edit of edits) {
    if (!result.ok) break;
    result = edit(result.text);
  }
  return result;
}

/** The guides' limiter (100 per 60 s per IP, INCR + EXPIRE) under a name no other limiter has. */
export function newLimiter(takenNames: ReadonlyArray<string>, clients: number): Record<string, unknown> {
  let n = takenNames.length + 1;
  while (takenNames.includes(`limiter${n}`)) n++;
  return { name: `limiter${n}`, pattern: `rate_limit:limiter${n}:{ip}`, keyedBy: 'ip', clients, limit: 100, period: '60s', algorithm: 'fixed-window' };
}

/** Appends a limiter as a block mapping (as the presets write them), creating `rateLimits` if absent. */
export function addLimiter(text: string, limiter: Record<string, unknown>): EditResult {
  return appendItem(text, ['rateLimits'], limiter, { blockLevels: 1 });
}

/** Sets limiter `index`'s algorithm; leaving fixed-window drops its window, race and raceLoss. */
export function switchAlgorithm(text: string, index: number, algorithm: string): EditResult {
  const drops = algorithm === 'fixed-window' ? [] : FIXED_WINDOW_ONLY.map((field) => (t: string) => removeKey(t, at(index, field)));
  return chain(text, [(t) => setValue(t, at(index, 'algorithm'), algorithm), ...drops]);
}

/** Sets what limiter `index` is keyed by; a `{<old>}` placeholder in its pattern becomes `{<new>}`. */
export function switchKeyedBy(text: string, index: number, pattern: unknown, from: string, to: string): EditResult {
  const edits = [(t: string) => setValue(t, at(index, 'keyedBy'), to)];
  if (typeof pattern === 'string' && pattern.includes(`{${from}}`)) {
    const next = pattern.replace(`{${from}}`, `{${to}}`);
    edits.push((t) => setValue(t, at(index, 'pattern'), next));
  }
  return chain(text, edits);
}

/** Turns the INCR/EXPIRE race on (race: true) or off (race and raceLoss removed: the default). */
export function setRace(text: string, index: number, on: boolean): EditResult {
  if (on) return setValue(text, at(index, 'race'), true);
  return chain(text, [(t) => removeKey(t, at(index, 'race')), (t) => removeKey(t, at(index, 'raceLoss'))]);
}
