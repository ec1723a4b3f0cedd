/**
 * How a call crosses the boundary: the caller sends the method's input, the host answers with an
 * envelope, and each side validates what it receives against the contract.
 */
import { z } from 'zod';
import { WORKBENCH_EVENTS, WORKBENCH_METHODS } from './contract';
import type { EventPayload, MethodInput, MethodOutput, WorkbenchEvent, WorkbenchMethod } from './contract';

export const errorEnvelopeSchema = z.object({
  ok: z.literal(false),
  error: z.object({ code: z.string(), message: z.string() }),
});

export type CallEnvelope<T> = { ok: true; value: T } | z.infer<typeof errorEnvelopeSchema>;

/** An error a user can act on, carried across the boundary with a stable code. */
export class WorkbenchError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'WorkbenchError';
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`).join('; ');
}

export function isMethod(name: string): name is WorkbenchMethod {
  return Object.hasOwn(WORKBENCH_METHODS, name);
}

export function isEvent(name: string): name is WorkbenchEvent {
  return Object.hasOwn(WORKBENCH_EVENTS, name);
}

/** Host side: parses a method's input or throws a WorkbenchError('bad-input'). */
export function parseInput<M extends WorkbenchMethod>(method: M, raw: unknown): MethodInput<M> {
  const parsed = WORKBENCH_METHODS[method].input.safeParse(raw ?? {});
  if (!parsed.success) throw new WorkbenchError('bad-input', `${method}: ${describeIssues(parsed.error)}`);
  return parsed.data as MethodInput<M>;
}

/** UI side: parses a method's output or throws a WorkbenchError('bad-output'). */
export function parseOutput<M extends WorkbenchMethod>(method: M, raw: unknown): MethodOutput<M> {
  const parsed = WORKBENCH_METHODS[method].output.safeParse(raw);
  if (!parsed.success) throw new WorkbenchError('bad-output', `${method} returned an unexpected payload: ${describeIssues(parsed.error)}`);
  return parsed.data as MethodOutput<M>;
}

/** UI side: parses an event payload or throws. */
export function parseEvent<E extends WorkbenchEvent>(event: E, raw: unknown): EventPayload<E> {
  const parsed = WORKBENCH_EVENTS[event].safeParse(raw);
  if (!parsed.success) throw new WorkbenchError('bad-event', `${event}: ${describeIssues(parsed.error)}`);
  return parsed.data as EventPayload<E>;
}

/** Turns any thrown value into an error envelope (never leaks a stack trace). */
export function toErrorEnvelope(error: unknown): z.infer<typeof errorEnvelopeSchema> {
  if (error instanceof WorkbenchError) return { ok: false, error: { code: error.code, message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'internal', message } };
}
