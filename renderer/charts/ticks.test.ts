import { describe, expect, it } from 'vitest';
import { byteTicks, formatInstant, logTicks, timeAxis, valueAxis } from './ticks';

const labels = (axis: { ticks: number[]; format: (v: number) => string }) => axis.ticks.map(axis.format);

describe('axis ticks', () => {
  it('steps bytes in round binary units', () => {
    const mb = 1024 ** 2;
    expect(byteTicks(286 * mb)).toEqual([0, 100, 200, 300].map((v) => v * mb));
    expect(byteTicks(3000)).toEqual([0, 1024, 2048, 3072]);
    expect(byteTicks(0)).toEqual([0]);
  });

  it('puts log ticks on powers of ten', () => {
    expect(logTicks(0.3, 472)).toEqual([1, 10, 100]);
    expect(logTicks(0.3, 20)).toEqual([0.5, 1, 2, 5, 10, 20]);
  });

  it('labels every tick of a rate axis in the unit of the largest one', () => {
    const axis = valueAxis('rate', 0, 11_500);
    expect(axis.domain).toEqual([0, 12_000]);
    expect(labels(axis)).toEqual(['0 k/s', '2 k/s', '4 k/s', '6 k/s', '8 k/s', '10 k/s', '12 k/s']);
    expect(labels(valueAxis('rate', 0, 8000))).toEqual(['0/s', '2,000/s', '4,000/s', '6,000/s', '8,000/s']);
    expect(labels(valueAxis('rate', 0, 0.9))).toEqual(['0/s', '0.2/s', '0.4/s', '0.6/s', '0.8/s', '1.0/s']);
  });

  it('keeps one latency unit per axis, with the decimals the step needs', () => {
    expect(labels(valueAxis('ms', 0, 2400))).toEqual(['0 s', '0.5 s', '1.0 s', '1.5 s', '2.0 s', '2.5 s']);
    expect(labels(valueAxis('ms', 0, 180))).toEqual(['0 ms', '50 ms', '100 ms', '150 ms', '200 ms']);
    expect(labels(valueAxis('ms', 0, 0.7))).toEqual(['0 µs', '200 µs', '400 µs', '600 µs', '800 µs']);
  });

  it('labels bytes and percentages in one unit', () => {
    const mb = 1024 ** 2;
    expect(labels(valueAxis('bytes', 0, 286 * mb))).toEqual(['0 MB', '100 MB', '200 MB', '300 MB']);
    expect(labels(valueAxis('percent', 0, 1, 5))).toEqual(['0 %', '20 %', '40 %', '60 %', '80 %', '100 %']);
  });

  it('never draws an empty axis as one repeated label', () => {
    const axis = valueAxis('count', 0, 0);
    expect(new Set(labels(axis)).size).toBe(axis.ticks.length);
    expect(axis.domain[1]).toBeGreaterThan(0);
  });

  it('puts time ticks on round values of one unit chosen by the end of the axis', () => {
    expect(labels(timeAxis(0, 200_000))).toEqual(['0 min', '0.5 min', '1.0 min', '1.5 min', '2.0 min', '2.5 min', '3.0 min']);
    expect(labels(timeAxis(0, 100_000))).toEqual(['0 s', '20 s', '40 s', '60 s', '80 s', '100 s']);
    expect(labels(timeAxis(0, 12 * 60_000))).toEqual(['0 min', '2 min', '4 min', '6 min', '8 min', '10 min', '12 min']);
    expect(labels(timeAxis(0, 700))).toEqual(['0 ms', '100 ms', '200 ms', '300 ms', '400 ms', '500 ms', '600 ms', '700 ms']);
    expect(labels(timeAxis(61_000, 62_000))).toEqual(['61.0 s', '61.2 s', '61.4 s', '61.6 s', '61.8 s', '62.0 s']);
    expect(labels(timeAxis(0, 5 * 3_600_000))).toEqual(['0 h', '1 h', '2 h', '3 h', '4 h', '5 h']);
  });

  it('names an instant for the read-out to the hundredth of a second, in the units a person says', () => {
    expect(formatInstant(250)).toBe('250 ms');
    expect(formatInstant(12_345)).toBe('12.35 s');
    expect(formatInstant(95_200)).toBe('1 min 35.20 s');
    expect(formatInstant(3_725_000)).toBe('1 h 2 min 5.00 s');
  });
});
