/**
 * Axis ticks people read at a glance: round numbers, and one unit per axis (never "8,000/s" next
 * to "10 k/s", never "3 min 20 s" as a tick). Pure; the charts draw what these return.
 */
import { nice, precisionFixed, ticks as niceTicks } from 'd3';

/** What a value axis measures; decides its unit and the read-out's formatter. */
export type ValueUnit = 'percent' | 'rate' | 'ms' | 'bytes' | 'count';

export interface Axis {
  /** The axis's extent: [lo, hi] widened to round values (value axes), or as given (time). */
  domain: [number, number];
  ticks: number[];
  format: (value: number) => string;
}

interface UnitStep {
  /** The unit's size in the axis's base unit (ms, bytes, 1/s). */
  size: number;
  suffix: string;
  /** The unit is used once the axis reaches this value. */
  from: number;
}

const SCALES: Record<ValueUnit, UnitStep[]> = {
  percent: [{ size: 0.01, suffix: ' %', from: 0 }],
  rate: [{ size: 1, suffix: '/s', from: 0 }, { size: 1e3, suffix: ' k/s', from: 1e4 }, { size: 1e6, suffix: ' M/s', from: 1e7 }, { size: 1e9, suffix: ' G/s', from: 1e10 }],
  count: [{ size: 1, suffix: '', from: 0 }, { size: 1e3, suffix: ' k', from: 1e4 }, { size: 1e6, suffix: ' M', from: 1e7 }, { size: 1e9, suffix: ' G', from: 1e10 }],
  ms: [{ size: 0.001, suffix: ' µs', from: 0 }, { size: 1, suffix: ' ms', from: 1 }, { size: 1000, suffix: ' s', from: 1000 }],
  bytes: [{ size: 1, suffix: ' B', from: 0 }, { size: 1024, suffix: ' KB', from: 1024 }, { size: 1024 ** 2, suffix: ' MB', from: 1024 ** 2 }, { size: 1024 ** 3, suffix: ' GB', from: 1024 ** 3 }],
};

const TIME: UnitStep[] = [
  { size: 1, suffix: ' ms', from: 0 },
  { size: 1000, suffix: ' s', from: 1000 },
  { size: 60_000, suffix: ' min', from: 180_000 },
  { size: 3_600_000, suffix: ' h', from: 3 * 3_600_000 },
];

const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function unitFor(steps: UnitStep[], top: number): UnitStep {
  let chosen = steps[0];
  for (const step of steps) if (Math.abs(top) >= step.from) chosen = step;
  return chosen;
}

/** Formats every tick in `unit` with the decimals the step needs (0 s, 0.5 s, 1.0 s, 1.5 s). */
function formatter(unit: UnitStep, step: number): (value: number) => string {
  const digits = step > 0 ? Math.min(6, precisionFixed(step / unit.size)) : 0;
  return (value) => {
    const scaled = value / unit.size;
    if (scaled === 0) return `0${unit.suffix}`;
    const text = digits === 0 ? grouping.format(Math.round(scaled)) : scaled.toFixed(digits);
    return `${text === '-0' ? '0' : text}${unit.suffix}`;
  };
}

/**
 * A value axis over [lo, hi], widened to round values: nice ticks (binary steps for bytes from 0),
 * all in the unit of the largest.
 */
export function valueAxis(unit: ValueUnit, lo: number, hi: number, count = 4): Axis {
  const top = hi > lo ? hi : lo + (unit === 'percent' ? 0.01 : 1);
  let domain: [number, number];
  let ticks: number[];
  if (unit === 'bytes' && lo === 0) {
    ticks = byteTicks(top, count);
    domain = [0, ticks[ticks.length - 1]];
  } else {
    domain = nice(lo, top, count);
    ticks = niceTicks(domain[0], domain[1], count);
  }
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : Math.abs(ticks[0] ?? 1);
  const largest = Math.max(...ticks.map(Math.abs));
  return { domain, ticks, format: formatter(unitFor(SCALES[unit], largest), step) };
}

/**
 * A time axis over [fromMs, toMs] in one unit chosen by its end (ms, s up to 3 min, min up to
 * 3 h, then h), with ticks on round values of that unit.
 */
export function timeAxis(fromMs: number, toMs: number, count = 5): Axis {
  const unit = unitFor(TIME, Math.max(Math.abs(fromMs), Math.abs(toMs)));
  const hi = toMs > fromMs ? toMs : fromMs + unit.size;
  const ticks = niceTicks(fromMs / unit.size, hi / unit.size, count).map((t) => t * unit.size);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : unit.size;
  return { domain: [fromMs, hi], ticks, format: formatter(unit, step) };
}

const STEPS = [1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500];

/** Ticks from 0 to at least `max` in round binary-unit steps (0, 64 MB, 128 MB, …), at most ~`count`. */
export function byteTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0];
  let unit = 1;
  while (unit * 1024 <= max) unit *= 1024;
  const step = (STEPS.find((s) => (max / unit) / s <= count) ?? 1000) * unit;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 0.999; v += step) ticks.push(v);
  return ticks;
}

/** Powers of ten between lo and hi (for log axes), with 2× and 5× when there are few decades. */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi > lo)) return [];
  const ticks: number[] = [];
  const decades = Math.log10(hi / lo);
  const mult = decades < 2.5 ? [1, 2, 5] : [1];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of mult) {
      const v = m * 10 ** e;
      if (v >= lo && v <= hi) ticks.push(Number(v.toPrecision(3)));
    }
  }
  return ticks;
}

/** A point in time for the read-out: "1 min 35.20 s", "12.35 s", "250 ms". */
export function formatInstant(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const min = Math.floor(ms / 60_000);
  const sec = ((ms % 60_000) / 1000).toFixed(2);
  return min < 60 ? `${min} min ${sec} s` : `${Math.floor(min / 60)} h ${min % 60} min ${sec} s`;
}
