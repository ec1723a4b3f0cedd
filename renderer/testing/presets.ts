/** The repository's preset designs as text, for tests (bundled by Vite's glob import). */
const files = import.meta.glob('../../presets/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export function presetText(name: string): string {
  const text = files[`../../presets/${name}.yaml`];
  if (text === undefined) throw new Error(`no preset ${name}`);
  return text;
}
