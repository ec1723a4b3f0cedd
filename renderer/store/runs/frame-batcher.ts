/**
 * Collects items (snapshots) and hands them over once per frame: a thousand snapshots arriving in
 * one frame cost one store update and one render. The scheduler is injected
 * (requestAnimationFrame in the app, a manual queue in tests).
 */
export interface FrameBatcher<T> {
  push(item: T): void;
  /** Hands over what is pending now (used when a run ends, so its last points are not late). */
  flush(): void;
}

export function createFrameBatcher<T>(deliver: (items: T[]) => void, schedule: (callback: () => void) => void): FrameBatcher<T> {
  let pending: T[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    deliver(items);
  };
  return {
    push(item) {
      pending.push(item);
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
    },
    flush,
  };
}
