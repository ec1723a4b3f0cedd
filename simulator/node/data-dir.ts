/**
 * The per-user data directory of Keyspace Workbench: browser mode's history, autosave and
 * connections, and the live engine's CONFIG journal. One definition, used by every host.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The per-user data directory (KEYSPACE_DATA_DIR overrides it). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.KEYSPACE_DATA_DIR) return env.KEYSPACE_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Keyspace Workbench');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Keyspace Workbench');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'keyspace-workbench');
}
