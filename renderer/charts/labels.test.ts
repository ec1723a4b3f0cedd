import { describe, expect, it } from 'vitest';
import { spreadLabels } from './labels';

describe('spreadLabels', () => {
  it('leaves labels that do not touch where they are', () => {
    expect(spreadLabels([50, 150, 250], [20, 20, 20], 0, 400)).toEqual([50, 150, 250]);
  });

  it('moves crowded labels apart in their order, none overlapping', () => {
    const placed = spreadLabels([300, 305, 310], [24, 24, 24], 0, 400);
    for (let i = 1; i < placed.length; i++) expect(placed[i] - placed[i - 1]).toBeGreaterThanOrEqual(24 + 4);
    expect(placed[0]).toBe(300);
  });

  it('keeps every label inside the plot, pulling back those at the right end', () => {
    const placed = spreadLabels([390, 395, 399], [24, 24, 24], 0, 400);
    expect(Math.max(...placed) + 12).toBeLessThanOrEqual(400);
    for (let i = 1; i < placed.length; i++) expect(placed[i] - placed[i - 1]).toBeGreaterThanOrEqual(28);
  });
});
