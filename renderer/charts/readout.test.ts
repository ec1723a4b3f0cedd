import { describe, expect, it } from 'vitest';
import { formatInstant } from './Readout';

describe('the read-out time', () => {
  it('names the instant to the hundredth of a second, in the units a person says', () => {
    expect(formatInstant(250)).toBe('250 ms');
    expect(formatInstant(12_345)).toBe('12.35 s');
    expect(formatInstant(95_200)).toBe('1 min 35.20 s');
    expect(formatInstant(3_725_000)).toBe('1 h 2 min 5.00 s');
  });
});
