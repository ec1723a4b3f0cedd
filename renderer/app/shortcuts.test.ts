import { describe, expect, it } from 'vitest';
import { baseName, classifyFile } from './drop';
import { createCommandDeduper, shortcutFor } from './shortcuts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) =>
  ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('shortcuts', () => {
  it('maps Ctrl and ⌘ combinations to menu commands', () => {
    expect(shortcutFor(key('n', { ctrlKey: true }))).toBe('new');
    expect(shortcutFor(key('O', { metaKey: true }))).toBe('open');
    expect(shortcutFor(key('s', { ctrlKey: true }))).toBe('save');
    expect(shortcutFor(key('S', { ctrlKey: true, shiftKey: true }))).toBe('saveAs');
    expect(shortcutFor(key('Enter', { ctrlKey: true }))).toBe('run');
    expect(shortcutFor(key('.', { ctrlKey: true }))).toBe('stop');
    expect(shortcutFor(key('e', { ctrlKey: true }))).toBe('export');
    expect(shortcutFor(key('z', { ctrlKey: true }))).toBe('undo');
    expect(shortcutFor(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(shortcutFor(key('y', { metaKey: true }))).toBe('redo');
  });

  it('ignores plain keys and other combinations', () => {
    expect(shortcutFor(key('n'))).toBeNull();
    expect(shortcutFor(key('n', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutFor(key('x', { ctrlKey: true }))).toBeNull();
  });

  it('runs a command once when the menu and the page both see the key, and every repeat of one source', () => {
    let t = 0;
    const accept = createCommandDeduper(() => t);
    expect(accept('run', 'key')).toBe(true);
    t = 50;
    expect(accept('run', 'menu')).toBe(false);
    expect(accept('stop', 'menu')).toBe(true);
    t = 500;
    expect(accept('stop', 'key')).toBe(true);
    expect(accept('undo', 'key')).toBe(true);
    t = 530;
    expect(accept('undo', 'key')).toBe(true);
  });
});

describe('dropped files', () => {
  it('treats YAML as a design and anything else as a trace', () => {
    expect(classifyFile('shop.yaml')).toBe('design');
    expect(classifyFile('SHOP.YML')).toBe('design');
    expect(classifyFile('keys.txt')).toBe('trace');
    expect(classifyFile('monitor.log')).toBe('trace');
    expect(baseName('/srv/traces/keys.txt')).toBe('keys.txt');
  });
});
