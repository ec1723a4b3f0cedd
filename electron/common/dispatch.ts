/**
 * Where the contract meets the services, for both hosts (IPC and HTTP): the input is validated by
 * the method's zod schema, the service runs, and whatever it throws becomes a WorkbenchError with
 * a stable code. `asHandlers` is the compile-time proof that the services fit the contract.
 */
import { parseInput, WorkbenchError } from './envelope';
import type { MethodInput, MethodOutput, WorkbenchMethod } from './contract';

/** One function per contract method, typed by the contract (a method that takes nothing may be called without input). */
export type HostHandlers = {
  [M in WorkbenchMethod]: Record<string, never> extends MethodInput<M>
    ? (input?: MethodInput<M>) => Promise<MethodOutput<M>>
    : (input: MethodInput<M>) => Promise<MethodOutput<M>>;
};

/** The services as contract handlers; a type error at the call site means they drifted from the contract. */
export function asHandlers(services: HostHandlers): HostHandlers {
  return services;
}

/** Any thrown value as a WorkbenchError: a service error keeps its code, anything else is `internal`. */
export function toWorkbenchError(error: unknown): WorkbenchError {
  if (error instanceof WorkbenchError) return error;
  const code = (error as { name?: unknown; code?: unknown } | null)?.name === 'ServiceError' ? (error as { code: string }).code : 'internal';
  const message = error instanceof Error ? error.message : String(error);
  return new WorkbenchError(code, message);
}

/** Validates `raw` for `method`, calls it, and throws only WorkbenchErrors. */
export async function dispatch<M extends WorkbenchMethod>(handlers: HostHandlers, method: M, raw: unknown): Promise<MethodOutput<M>> {
  try {
    const input = parseInput(method, raw);
    const handler = handlers[method] as (input: MethodInput<M>) => Promise<MethodOutput<M>>;
    return await handler(input);
  } catch (error) {
    throw toWorkbenchError(error);
  }
}
