/**
 * Presets: the YAML designs in presets/, each opened as an unsaved copy. A preset's story is the
 * prose of its leading comment block (presetStory: no modeline, no command lines).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ServiceError } from './errors';
import { presetStory } from '../common';
import type { PresetInfo, ProjectDoc } from '../common';

const PRESET_ID = /^[a-z0-9][a-z0-9-]*$/;

/** The leading `#` comment block of a YAML file, without the `yaml-language-server` modeline. */
export function leadingComment(text: string): string {
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('#')) break;
    const body = line.replace(/^# ?/, '');
    if (/^yaml-language-server:/.test(body.trim())) continue;
    lines.push(body);
  }
  return lines.join('\n').trim();
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** What the preset list shows, read from the YAML without validating the whole design. */
export function describePreset(id: string, text: string): PresetInfo {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    doc = null;
  }
  const fields = doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>) : {};
  return {
    id,
    name: asText(fields.name) || id,
    description: asText(fields.description),
    story: presetStory(text),
    hasPubsub: fields.pubsub !== undefined && fields.pubsub !== null,
  };
}

export class Presets {
  constructor(private readonly dir: string) {}

  async list(): Promise<PresetInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      throw new ServiceError('not-found', `The presets folder ${this.dir} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const ids = names.filter((name) => name.endsWith('.yaml')).map((name) => name.slice(0, -'.yaml'.length)).filter((id) => PRESET_ID.test(id)).sort();
    return Promise.all(ids.map(async (id) => describePreset(id, await readFile(join(this.dir, `${id}.yaml`), 'utf8'))));
  }

  async open(id: string): Promise<ProjectDoc> {
    if (!PRESET_ID.test(id)) throw new ServiceError('not-found', `No preset "${id}": a preset id is a file name in presets/ without .yaml, e.g. ecommerce-catalog`);
    let text: string;
    try {
      text = await readFile(join(this.dir, `${id}.yaml`), 'utf8');
    } catch {
      throw new ServiceError('not-found', `No preset "${id}" in ${this.dir}`);
    }
    return { path: null, presetId: id, name: describePreset(id, text).name, text };
  }
}
