import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDesignError, loadDesign } from '../model';

const PRESETS_DIR = fileURLToPath(new URL('../../presets/', import.meta.url));
const SCHEMA_COMMENT = '# yaml-language-server: $schema=./design.schema.json';
const REQUIRED = [
  'ecommerce-catalog.yaml',
  'realtime-ops-ttl-matrix.yaml',
  'session-store.yaml',
  'thundering-herd.yaml',
  'thundering-herd-jitter.yaml',
  'hot-key-big-key.yaml',
  'eviction-shootout.yaml',
];

const files = readdirSync(PRESETS_DIR).filter((name) => name.endsWith('.yaml')).sort();
const read = (file: string) => readFileSync(`${PRESETS_DIR}${file}`, 'utf8');

/** The comment lines after the schema comment, up to the first line that is not a comment. */
function headerLines(text: string): string[] {
  const lines = text.split(/\r?\n/).slice(1);
  const end = lines.findIndex((line) => !line.startsWith('#'));
  return end < 0 ? lines : lines.slice(0, end);
}

describe('presets', () => {
  it('ships at least seven presets, including every named design', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
    expect(files).toEqual(expect.arrayContaining(REQUIRED));
  });

  describe.each(files)('%s', (file) => {
    it('loads as a valid design, with no schema or cross-field errors', () => {
      const result = loadDesign(read(file));
      const errors = result.ok ? [] : result.errors.map((error) => formatDesignError(`presets/${file}`, error));
      expect(errors.join('\n')).toBe('');
      expect(result.ok).toBe(true);
    });

    it('starts with the yaml-language-server schema comment and declares $schema', () => {
      const text = read(file);
      expect(text.split(/\r?\n/)[0]).toBe(SCHEMA_COMMENT);
      expect(text).toMatch(/^\$schema: \.\/design\.schema\.json$/m);
    });

    it('opens with a comment header of at least three lines that names its run command', () => {
      const header = headerLines(read(file));
      expect(header.length).toBeGreaterThanOrEqual(3);
      expect(header.join('\n')).toContain('npm run keyspace -- run presets/');
    });
  });
});
