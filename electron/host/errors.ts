/**
 * An error a user can act on, with a stable code. The hosts turn it into the contract's
 * WorkbenchError (same code, same message); anything else becomes an `internal` error.
 */
export type ServiceErrorCode =
  | 'bad-input' // the request itself is wrong (a path outside the workspace, a password in a URL)
  | 'bad-design' // the design text does not validate; the message holds one located line per problem
  | 'not-found' // no such run, preset, file, connection or server
  | 'forbidden' // the caller may not do this (a participant pushing to the room)
  | 'unavailable' // the feature needs something missing here (redis-server, the export module)
  | 'io' // the file system refused
  | 'run-failed' // the engine could not run
  | 'too-large' // an upload over what is kept
  | 'busy'; // too many runs at once, or no room left (try again later)

export class ServiceError extends Error {
  constructor(readonly code: ServiceErrorCode, message: string) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** The message of anything thrown, without a stack trace. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
