/** Axis ticks people read at a glance: round numbers of the unit the values are shown in. */

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
