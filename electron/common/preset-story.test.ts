import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { presetStory, storyTeaser } from './preset-story';

const DIR = new URL('../../presets/', import.meta.url);
const files = readdirSync(DIR).filter((name) => name.endsWith('.yaml')).sort();
const read = (file: string) => readFileSync(new URL(file, DIR), 'utf8');

describe('preset stories as the app shows them', () => {
  it.each(files)('%s: whole sentences, no command lines or CLI flags, a teaser that ends a sentence', (file) => {
    const story = presetStory(read(file));
    expect(story.length).toBeGreaterThan(80);
    expect(story).not.toMatch(/npm run|keyspace --|--(set|vary|env|assert)\b|yaml-language-server/);
    for (const paragraph of story.split('\n')) expect(paragraph, paragraph).toMatch(/[.!?)]$/);
    const teaser = storyTeaser(story);
    expect(story.startsWith(teaser)).toBe(true);
    expect(teaser).toMatch(/[.!?]\)?$/);
    // Up to 200 characters, or a single (long) first sentence.
    expect(teaser.length <= 200 || !/[.!?]\s+[A-Z0-9]/.test(teaser)).toBe(true);
  });

  it('unwraps the comment into paragraphs led by "Teaches:" and "Look at:"', () => {
    const story = presetStory(read('slow-consumer-storm.yaml')).split('\n');
    expect(story).toHaveLength(3);
    expect(story[0]).toMatch(/^A slow-consumer storm: 2 % of 1 000 trading screens read 5 snapshots\/s while the feed publishes 50\/s of 4 KB\. The workers/);
    expect(story[1]).toMatch(/^Teaches: /);
    expect(story[2]).toMatch(/^Look at: /);
    expect(storyTeaser(story.join('\n'))).toBe('A slow-consumer storm: 2 % of 1 000 trading screens read 5 snapshots/s while the feed publishes 50/s of 4 KB.');
  });
});
