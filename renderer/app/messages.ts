/** The message of anything thrown: the host's own for a WorkbenchError, without a stack. */
import { WorkbenchError } from '../../electron/common';

export function messageOf(error: unknown): string {
  if (error instanceof WorkbenchError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
