/** What views reach besides the store: the host API and the commands. */
import { createContext, useContext } from 'react';
import type { WorkbenchClient } from '../api';
import type { Commands } from '../app/commands';

export interface AppServices {
  api: WorkbenchClient;
  commands: Commands;
}

export const AppContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useServices outside <AppContext.Provider>');
  return services;
}

export function useCommands() {
  return useServices().commands;
}
