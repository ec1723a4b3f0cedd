/**
 * Free loopback ports: ask the kernel for one by binding port 0, then release it for the server.
 * Another process can take it in between, so callers retry when the server reports EADDRINUSE.
 */
import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('The kernel returned no port.'))));
    });
  });
}

/** `count` distinct free ports (distinct among themselves, each free a moment ago). */
export async function pickFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await pickFreePort());
  return [...ports];
}
