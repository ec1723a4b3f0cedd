/**
 * Serving the built renderer (browser mode over HTTP, the desktop app over app://): a URL path
 * maps to a file under the root, never outside it (`..`, encoded slashes, NUL and symlinks
 * pointing out are refused); unknown extension-less paths get index.html (client-side routes).
 */
import { realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function fileAt(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export type StaticLookup = { kind: 'file'; path: string } | { kind: 'not-found' } | { kind: 'bad-request' };

/** The file a URL path names under `root` (which must exist), or why there is none. */
export function resolveStaticFile(root: string, urlPath: string): StaticLookup {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'bad-request' };
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return { kind: 'bad-request' };
  const realRoot = realpathSync(root);
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..')) return { kind: 'bad-request' };
  let candidate = resolve(realRoot, ...segments);
  if (!inside(realRoot, candidate)) return { kind: 'bad-request' };
  try {
    if (statSync(candidate).isDirectory()) candidate = join(candidate, 'index.html');
  } catch {
    // Not there: an extension-less path is a client-side route, anything else is missing.
    if (extname(candidate) === '') candidate = join(realRoot, 'index.html');
  }
  if (!fileAt(candidate)) return { kind: 'not-found' };
  const real = realpathSync(candidate);
  if (!inside(realRoot, real)) return { kind: 'not-found' };
  return { kind: 'file', path: real };
}
