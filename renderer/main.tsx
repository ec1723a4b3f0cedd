/**
 * Entry: picks the host (Electron's bridge, browser mode's server, or — in `--mode fake` builds
 * only — the in-memory development host), wires events to the store and renders the shell.
 */
import { createRoot } from 'react-dom/client';
import { createWorkbenchClient, localClient, validatedApi } from './api';
import type { WorkbenchClient } from './api';
import { createCommands } from './app/commands';
import { App } from './views/App';
import { AppContext } from './views/context';
import { store } from './store';
import './styles/app.css';

async function hostClient(): Promise<WorkbenchClient> {
  if (import.meta.env.MODE === 'fake') {
    const { createFakeHost } = await import('./dev/fake-host');
    const fake = createFakeHost() as unknown as Record<string, (arg: unknown) => unknown>;
    const api = validatedApi({
      call: async (method, input) => fake[method](input),
      subscribe: (event, listener) => fake[event](listener) as () => void,
    });
    return localClient(api);
  }
  return createWorkbenchClient({ onInvalidEvent: (error) => console.warn(error.message) });
}

let toastCounter = 0;

async function start() {
  const api = await hostClient();
  const commands = createCommands({ api, store, newId: () => `toast-${++toastCounter}` });
  const root = createRoot(document.getElementById('root')!);
  root.render(<AppContext.Provider value={{ api, commands }}><App /></AppContext.Provider>);
  void commands.init();
}

void start();
