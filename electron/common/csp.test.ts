import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from './csp';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
}

describe('content security policy', () => {
  it('allows only the app own scripts and monaco workers, and no remote origin', () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    const all = [...csp.values()].flat();
    expect(all.filter((source) => /^https?:|\*|unsafe-eval/.test(source))).toEqual([]);
  });

  it('adds a development server and an explicit socket source only when given', () => {
    const dev = directives(contentSecurityPolicy({ devServer: 'http://localhost:5173', connectSrc: ['ws://127.0.0.1:5174'] }));
    expect(dev.get('script-src')).toEqual(["'self'", 'http://localhost:5173']);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:5174', 'http://localhost:5173', 'ws://localhost:5173']);
  });

  it('comes with nosniff and no framing', () => {
    const headers = securityHeaders('default-src x');
    expect(headers).toMatchObject({ 'Content-Security-Policy': 'default-src x', 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY' });
  });
});
