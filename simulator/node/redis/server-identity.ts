/**
 * Which server a connection reaches, for the CONFIG journal: the address it was reached at and
 * the server's INFO run_id (a fresh one after every restart, so a restarted server is recognised
 * even at the same address).
 */
import { Cluster, type Redis } from 'ioredis';

/** One node a run touches. */
export interface NodeIdentity {
  node: Redis;
  /** `host:port`, or the unix socket path. */
  address: string;
  serverRunId: string;
}

/** Where a connection actually goes: its socket's peer (right for Sentinel too), else its options. */
export function addressOf(node: Redis): string {
  if (node.options.path) return node.options.path;
  const socket = (node as unknown as { stream?: { remoteAddress?: string; remotePort?: number } }).stream;
  const host = socket?.remoteAddress ?? node.options.host ?? 'localhost';
  const port = socket?.remotePort ?? node.options.port ?? 6379;
  const shown = host.startsWith('::ffff:') ? host.slice(7) : host;
  return shown.includes(':') ? `[${shown}]:${port}` : `${shown}:${port}`;
}

/** Every node of a cluster (masters and replicas: CONFIG is per node), or the one server. */
export async function identifyNodes(client: Redis | Cluster): Promise<NodeIdentity[]> {
  const nodes = client instanceof Cluster ? client.nodes('all') : [client];
  return Promise.all(nodes.map(async (node) => {
    const info = await node.info('server');
    return { node, address: addressOf(node), serverRunId: /^run_id:(\S+)/m.exec(info)?.[1] ?? '' };
  }));
}
