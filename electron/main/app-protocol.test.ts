import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, lookupAppFile } from './app-protocol';

const root = mkdtempSync(join(tmpdir(), 'kw-app-'));
const renderer = join(root, 'renderer');
mkdirSync(join(renderer, 'assets'), { recursive: true });
writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
writeFileSync(join(renderer, 'assets', 'a.js'), '');
writeFileSync(join(root, 'secret'), 'x');
symlinkSync(join(root, 'secret'), join(renderer, 'assets', 'out.js'));

describe('app:// files', () => {
  it('serves the renderer entry and its assets', () => {
    expect(lookupAppFile(renderer, APP_ENTRY_URL)).toEqual({ status: 200, path: join(renderer, 'index.html') });
    expect(lookupAppFile(renderer, 'app://workbench/assets/a.js')).toEqual({ status: 200, path: join(renderer, 'assets', 'a.js') });
    expect(lookupAppFile(renderer, 'app://workbench/')).toEqual({ status: 200, path: join(renderer, 'index.html') });
  });

  it('serves nothing outside the renderer directory or for another host', () => {
    // WHATWG URL resolves the dot segments first: what is left is a client route, answered with the page.
    expect(lookupAppFile(renderer, 'app://workbench/%2e%2e/secret')).toEqual({ status: 200, path: join(renderer, 'index.html') });
    expect(lookupAppFile(renderer, 'app://workbench/assets/..%2f..%2fsecret').status).toBe(400);
    expect(lookupAppFile(renderer, 'app://workbench/assets/out.js').status).toBe(404);
    expect(lookupAppFile(renderer, 'app://other/index.html').status).toBe(404);
    expect(lookupAppFile(renderer, 'app://workbench/assets/missing.js').status).toBe(404);
  });
});
