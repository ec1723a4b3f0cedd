/** One headline number with its name: `<div role="group" aria-label="Hit ratio">`. */
import { useId } from 'react';

export function Metric({ label, value, detail, tone }: { label: string; value: string; detail?: string; tone?: 'good' | 'bad' | 'neutral' }) {
  const id = useId();
  return (
    <div className={`metric ${tone ? `metric-${tone}` : ''}`} role="group" aria-labelledby={`${id}-label`}>
      <div className="metric-label" id={`${id}-label`}>{label}</div>
      <div className="metric-value">{value}</div>
      {detail ? <div className="metric-detail">{detail}</div> : null}
    </div>
  );
}
