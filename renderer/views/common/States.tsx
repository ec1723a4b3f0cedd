/**
 * Empty, loading and error states, each with a heading a person (and a test) can find. The heading
 * is an h3 inside a section with its own h2; a state that stands for a whole view says level 2, so
 * heading levels only ever go down by one.
 */
import type { ReactNode } from 'react';

type Level = 2 | 3;

function Heading({ level, children }: { level: Level; children: ReactNode }) {
  return level === 2 ? <h2>{children}</h2> : <h3>{children}</h3>;
}

export function EmptyState({ title, level = 3, children }: { title: string; level?: Level; children?: ReactNode }) {
  return (
    <div className="state state-empty" role="note" aria-label={title}>
      <Heading level={level}>{title}</Heading>
      {children}
    </div>
  );
}

export function LoadingState({ label }: { label: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorState({ title, message, level = 3, children }: { title: string; message: string; level?: Level; children?: ReactNode }) {
  return (
    <div className="state state-error" role="alert">
      <Heading level={level}>{title}</Heading>
      <p>{message}</p>
      {children}
    </div>
  );
}
