/**
 * What a running redis-server holds besides its keys, all of it counted toward maxmemory
 * (REDIS-FACTS.md, "What a running server holds"). Measured on Debian's redis-server 7.0.15:
 *
 * - used_memory_startup (USED_MEMORY_STARTUP_BYTES);
 * - each connection: its client struct and buffers, `tot-mem` in CLIENT LIST: 37 632 bytes while
 *   its reply buffer is grown (a pipelining connection, or any connection just after its first
 *   replies), 22 272 once serverCron shrank it, 1 880 for an idle subscriber;
 * - one latency histogram per distinct command the server has run (latency-tracking, on by
 *   default since 7.0): 24 688 bytes each, allocated on the command's first call and kept — the
 *   larger part of a live run's "extra" memory (INFO latencystats lists them);
 * - each script cached by EVAL / SCRIPT LOAD (its body and sha; EVAL's or SCRIPT|LOAD's histogram
 *   counts with the commands);
 * - what a started server allocates beyond startup once it serves (event loop, shared buffers):
 *   used_memory of an idle server with one client, minus startup, its client and its INFO
 *   histogram.
 */
import { z } from 'zod';
import { USED_MEMORY_STARTUP_BYTES } from './memory';

/** tot-mem of an idle connection in CLIENT LIST (also the live eviction guard's per-connection cost). */
export const CLIENT_BYTES = 22_272;

/** tot-mem of a connection whose reply buffer has grown: one that pipelines, or a fresh one. */
export const ACTIVE_CLIENT_BYTES = 37_632;

/** tot-mem of an idle subscriber connection once serverCron freed its reply buffer. */
export const IDLE_SUBSCRIBER_BYTES = 1_880;

/** One command's latency histogram (hdr_histogram, 1 ns … 1 s, 2 significant digits). */
export const COMMAND_HISTOGRAM_BYTES = 24_688;

/** A small cached script: SCRIPT LOAD of a 33-byte script added 192 bytes besides its histogram (used_memory_scripts +168). */
export const SCRIPT_BYTES = 192;

/** A serving server's allocations beyond used_memory_startup, connections and histograms aside. */
export const RUNNING_SERVER_BYTES = 23_100;

/** What a run implies a server holds besides keys. */
export interface ServerMemoryInputs {
  /** Connections that pipeline the run's traffic. */
  activeConnections: number;
  /** Other connections that send commands now and then (INFO, CONFIG). */
  connections: number;
  /** Connections that only subscribe (their reply buffers shrink when idle). */
  subscribers: number;
  /** Distinct command names run (CONFIG|SET and CONFIG|GET count apart, as Redis keeps them). */
  commands: ReadonlyArray<string>;
  /** Scripts cached by EVAL or SCRIPT LOAD. */
  scripts: number;
}

/** The non-key memory in a result: how many bytes, and where the figure came from. */
export const nonKeyMemorySchema = z.object({
  /** Everything outside the keyspace that counts toward maxmemory, used_memory_startup included. */
  bytes: z.number(),
  /**
   * 'modelled': from the plan (connections, commands, scripts); 'measured': a live server's
   * used_memory before the first request, plus the modelled histograms of commands it had not
   * run yet.
   */
  source: z.enum(['modelled', 'measured']),
  startupBytes: z.number(),
  connectionsBytes: z.number(),
  commandsBytes: z.number(),
  scriptsBytes: z.number(),
  /** The measured used_memory (source 'measured'), else 0. */
  measuredBytes: z.number(),
});
export type NonKeyMemory = z.infer<typeof nonKeyMemorySchema>;

/** The parts of `inputs` (startup aside). */
function parts(inputs: ServerMemoryInputs): { connectionsBytes: number; commandsBytes: number; scriptsBytes: number } {
  return {
    connectionsBytes: inputs.activeConnections * ACTIVE_CLIENT_BYTES + inputs.connections * CLIENT_BYTES
      + inputs.subscribers * IDLE_SUBSCRIBER_BYTES,
    commandsBytes: new Set(inputs.commands).size * COMMAND_HISTOGRAM_BYTES,
    scriptsBytes: inputs.scripts * SCRIPT_BYTES,
  };
}

/** The modelled non-key memory of a server that ran `inputs` (startup memory: the profile's; the rest measured on 7.0). */
export function modelNonKeyMemory(inputs: ServerMemoryInputs, usedMemoryStartupBytes = USED_MEMORY_STARTUP_BYTES): NonKeyMemory {
  const { connectionsBytes, commandsBytes, scriptsBytes } = parts(inputs);
  const startupBytes = usedMemoryStartupBytes + RUNNING_SERVER_BYTES;
  return {
    bytes: startupBytes + connectionsBytes + commandsBytes + scriptsBytes,
    source: 'modelled', startupBytes, connectionsBytes, commandsBytes, scriptsBytes, measuredBytes: 0,
  };
}

/**
 * A live server's used_memory measured before the first request (its connections just opened,
 * its setup commands run, no keys yet), plus what comes `later` (modelled: connections opened and
 * commands first run after the measurement), less what `settlingSubscribers` give back once
 * serverCron shrinks their reply buffers (they are measured fresh, with the buffer grown).
 */
export function measuredNonKeyMemory(measuredBytes: number, later: ServerMemoryInputs, settlingSubscribers: number): NonKeyMemory {
  const { connectionsBytes, commandsBytes, scriptsBytes } = parts(later);
  const settledBytes = connectionsBytes + settlingSubscribers * (IDLE_SUBSCRIBER_BYTES - ACTIVE_CLIENT_BYTES);
  return {
    bytes: measuredBytes + settledBytes + commandsBytes + scriptsBytes,
    source: 'measured', startupBytes: 0, connectionsBytes: settledBytes, commandsBytes, scriptsBytes, measuredBytes,
  };
}
