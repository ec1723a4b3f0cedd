/** A small typed event hub: the services emit, hosts subscribe once and forward everything. */
import type { WorkbenchEvent } from '../common';
import type { EventListener, WorkbenchEventMap } from './types';

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit<E extends WorkbenchEvent>(event: E, payload: WorkbenchEventMap[E]): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event, payload);
      } catch {
        // A failing subscriber (a closed socket, a destroyed window) must not stop the others.
      }
    }
  }
}
