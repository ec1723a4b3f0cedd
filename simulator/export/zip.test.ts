import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, zipFiles } from './zip';

/** Python's zipfile (a real reader): checks every CRC, then gives each entry's name and text. */
function readWithPython(bytes: Uint8Array): Array<[string, string]> {
  const file = join(mkdtempSync(join(tmpdir(), 'kw-zip-')), 'export.zip');
  writeFileSync(file, bytes);
  const script = 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps([[i.filename, z.read(i).decode("utf-8")] for i in z.infolist()]))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as Array<[string, string]>;
}

describe('zipFiles', () => {
  it('computes the CRC-32 every zip reader checks', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('makes an archive a real zip reader opens, with every file\'s name and text as given', () => {
    const files = [
      { path: 'redis.conf', text: 'maxmemory 268435456\nmaxmemory-policy allkeys-lru\n' },
      { path: '.env', text: 'REDIS_URL=redis://127.0.0.1:6379\n' },
      { path: 'report.md', text: '# Café ✓ — ünïcode\n' },
      { path: 'empty.txt', text: '' },
    ];
    expect(readWithPython(zipFiles(files))).toEqual(files.map((file) => [file.path, file.text]));
    expect(readWithPython(zipFiles([]))).toEqual([]);
  });
});
