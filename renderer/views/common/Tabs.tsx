/**
 * An accessible tab list: arrow keys, Home and End move between tabs (roving tabindex). A
 * disabled tab says why: the reason is its tooltip and its accessible description, and it stays
 * reachable with the arrow keys (focused, not selected) so a keyboard or screen-reader user hears it.
 */
import { useRef } from 'react';
import type { KeyboardEvent } from 'react';

export interface TabItem<T extends string> {
  id: T;
  label: string;
  /** Set when the tab cannot be chosen: why not, in a sentence that says what to do. */
  disabled?: string;
}

interface TabsProps<T extends string> {
  label: string;
  items: ReadonlyArray<TabItem<T>>;
  selected: T;
  onSelect: (id: T) => void;
  idPrefix: string;
  className?: string;
}

export function tabId(prefix: string, id: string): string {
  return `${prefix}-tab-${id}`;
}

export function panelId(prefix: string, id: string): string {
  return `${prefix}-panel-${id}`;
}

function reasonId(prefix: string, id: string): string {
  return `${tabId(prefix, id)}-reason`;
}

export function Tabs<T extends string>({ label, items, selected, onSelect, idPrefix, className }: TabsProps<T>) {
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, at: number) => {
    let next: number | null = null;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = (at + 1) % items.length;
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = (at - 1 + items.length) % items.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    if (next === null) return;
    event.preventDefault();
    const target = items[next];
    if (!target.disabled) onSelect(target.id);
    refs.current.get(target.id)?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className={className ?? 'tabs'}>
      {items.map((item, index) => (
        <button
          key={item.id}
          ref={(element) => {
            if (element) refs.current.set(item.id, element);
            else refs.current.delete(item.id);
          }}
          role="tab"
          type="button"
          id={tabId(idPrefix, item.id)}
          aria-selected={item.id === selected}
          aria-controls={panelId(idPrefix, item.id)}
          aria-disabled={item.disabled ? true : undefined}
          aria-describedby={item.disabled ? reasonId(idPrefix, item.id) : undefined}
          title={item.disabled}
          tabIndex={item.id === selected ? 0 : -1}
          onClick={() => {
            if (!item.disabled) onSelect(item.id);
          }}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {item.label}
          {item.disabled ? <span id={reasonId(idPrefix, item.id)} hidden>{item.disabled}</span> : null}
        </button>
      ))}
    </div>
  );
}
