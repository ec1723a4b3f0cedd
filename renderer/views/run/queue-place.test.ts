import { describe, expect, it } from 'vitest';
import { ordinal, queuePlaceText } from './queue-place';

describe('place in line', () => {
  it('reads as English ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th']);
  });

  it('says the place, or that the run waits when the place is not known yet', () => {
    expect(queuePlaceText(3)).toBe('Queued: 3rd in line');
    expect(queuePlaceText(null)).toBe('Queued: waiting for a free slot');
  });
});
