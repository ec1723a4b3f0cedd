/** The managed servers' stats, polled every 2 s while `active` and the page is visible. */
import { useEffect, useState } from 'react';
import type { ManagedServerStats } from '../../../electron/common';
import { messageOf } from '../../app/commands';
import { useServices } from '../context';

export const STATS_INTERVAL_MS = 2000;

export function useManagedStats(active: boolean): { stats: Record<string, ManagedServerStats>; error: string | null } {
  const { api } = useServices();
  const [stats, setStats] = useState<Record<string, ManagedServerStats>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!active) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      if (document.visibilityState === 'visible') {
        try {
          const list = await api.managedServerStats({});
          if (!stopped) {
            setStats(Object.fromEntries(list.map((s) => [s.id, s])));
            setError(null);
          }
        } catch (failure) {
          if (!stopped) setError(`Could not read the servers' stats: ${messageOf(failure)}`);
        }
      }
      if (!stopped) timer = setTimeout(() => void poll(), STATS_INTERVAL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, active]);
  return { stats, error };
}
