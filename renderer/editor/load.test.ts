import { describe, expect, it } from 'vitest';
import { minimalEdit } from './load';

describe('minimalEdit', () => {
  it('finds the one changed span', () => {
    expect(minimalEdit('ttl: 5m\nx', 'ttl: 10m\nx')).toEqual({ start: 5, end: 6, text: '10' });
    expect(minimalEdit('abc', 'abc')).toBeNull();
    expect(minimalEdit('aa', 'aaa')).toEqual({ start: 2, end: 2, text: 'a' });
    expect(minimalEdit('abc', '')).toEqual({ start: 0, end: 3, text: '' });
  });
});
