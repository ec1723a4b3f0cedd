/**
 * Form fields that edit the design text: each commits on Enter or blur as one minimal YAML edit,
 * shows the value as written (even when invalid) and the loader's error for its path.
 */
import { useEffect, useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { formatPath } from '../../../simulator/model';
import type { DesignError } from '../../../simulator/model';
import { store, useStore } from '../../store';
import { errorsAt, selectErrors } from '../../store/project/selectors';
import { appendItem, coerceInput, removeItem, removeKey, setValue } from '../../yaml/edit';
import type { EditResult, SetOptions, YamlPath } from '../../yaml/edit';
import { DISTRIBUTIONS, ONE_VALUE, switchDistribution } from '../../yaml/variants';
import { useCommands } from '../context';

/** Form edits of the design text, each one undo step named after what it changed. */
export function useDesignEdit() {
  const commands = useCommands();
  const apply = (label: string, edit: (text: string) => EditResult) => {
    const result = store.getState().editText(edit, label);
    if (!result.ok) commands.toast('error', result.error);
    return result.ok;
  };
  return {
    set: (path: YamlPath, value: unknown, options?: SetOptions) => apply(`set ${formatPath(path)}`, (text) => setValue(text, path, value, options)),
    append: (path: YamlPath, value: unknown, options?: SetOptions) => apply(`add to ${formatPath(path)}`, (text) => appendItem(text, path, value, options)),
    removeItem: (path: YamlPath, index: number) => apply(`remove ${formatPath([...path, index])}`, (text) => removeItem(text, path, index)),
    removeKey: (path: YamlPath) => apply(`remove ${formatPath(path)}`, (text) => removeKey(text, path)),
    /** Several edits as one change (one undo step): each takes the text the previous one made. */
    chain: (...edits: Array<(text: string) => EditResult>) => apply('form edit', (text) => {
      let result: EditResult = { ok: true, text };
      for (const edit of edits) {
        if (!result.ok) break;
        result = edit(result.text);
      }
      return result;
    }),
  };
}

/** Errors at exactly this path or below it. */
export function useErrorsAt(path: YamlPath): DesignError[] {
  return errorsAt(useStore(selectErrors), formatPath(path));
}

export function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

interface TextFieldProps {
  label: string;
  path: YamlPath;
  value: unknown;
  /** Read numbers and booleans as such (default); false keeps the text a string. */
  coerce?: boolean;
  placeholder?: string;
  className?: string;
  /** Inline: no visible label (tables label by aria-label). */
  inline?: boolean;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
  inputProps?: Record<string, string>;
  /** Called with the new value instead of a plain set of `path` (e.g. to edit a sibling too). */
  onCommit?: (value: string | number | boolean) => void;
}

export function TextField({ label, path, value, coerce = true, placeholder, className, inline = true, onKeyDown, inputProps, onCommit }: TextFieldProps) {
  const edit = useDesignEdit();
  const errors = useErrorsAt(path);
  const shown = display(value);
  const [draft, setDraft] = useState(shown);
  const errorId = useId();
  useEffect(() => setDraft(shown), [shown]);
  const commit = () => {
    if (draft === shown) return;
    if (draft.trim() === '' && value === undefined) return;
    // A cleared field of a mapping drops its key, so the default (the placeholder) applies again.
    if (draft.trim() === '' && typeof path[path.length - 1] === 'string') {
      edit.removeKey(path);
      return;
    }
    const next = coerce ? coerceInput(draft) : draft.trim();
    if (onCommit) onCommit(next);
    else edit.set(path, next);
  };
  const input = (
    <input
      className={`field ${className ?? ''} ${errors.length > 0 ? 'invalid' : ''}`}
      aria-label={inline ? label : undefined}
      value={draft}
      placeholder={placeholder}
      aria-invalid={errors.length > 0}
      aria-describedby={errors.length > 0 ? errorId : undefined}
      spellCheck={false}
      data-design-field=""
      data-pending={draft !== shown ? 'true' : undefined}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        else if (event.key === 'Escape') setDraft(shown);
        onKeyDown?.(event);
      }}
      {...inputProps}
    />
  );
  return (
    <span className="field-wrap">
      {inline ? input : <label className="field-label">{label}{input}</label>}
      {errors.length > 0 ? <span className="field-error" id={errorId}>{errors[0].message}</span> : null}
    </span>
  );
}

interface SelectFieldProps {
  label: string;
  path: YamlPath;
  value: unknown;
  options: ReadonlyArray<string>;
  inline?: boolean;
  /** Called instead of a plain set (e.g. to replace a whole map when its kind changes). */
  onChange?: (value: string) => void;
}

export function SelectField({ label, path, value, options, inline = true, onChange }: SelectFieldProps) {
  const edit = useDesignEdit();
  const errors = useErrorsAt(path);
  const errorId = useId();
  const shown = display(value);
  const all = shown && !options.includes(shown) ? [shown, ...options] : options;
  const select = (
    <select
      className={`field ${errors.length > 0 ? 'invalid' : ''}`}
      aria-label={inline ? label : undefined}
      value={shown}
      aria-invalid={errors.length > 0}
      aria-describedby={errors.length > 0 ? errorId : undefined}
      onChange={(event) => (onChange ? onChange(event.target.value) : edit.set(path, coerceInput(event.target.value)))}
    >
      {shown === '' ? <option value="">(default)</option> : null}
      {all.map((option) => <option key={option} value={option}>{option}</option>)}
    </select>
  );
  return (
    <span className="field-wrap">
      {inline ? select : <label className="field-label">{label}{select}</label>}
      {errors.length > 0 ? <span className="field-error" id={errorId}>{errors[0].message}</span> : null}
    </span>
  );
}

/** A boolean; inline: no visible label (tables label by aria-label). Shows the loader's error for its path. */
export function CheckboxField({ label, path, value, inline = false }: { label: string; path: YamlPath; value: unknown; inline?: boolean }) {
  const edit = useDesignEdit();
  const errors = useErrorsAt(path);
  const errorId = useId();
  const box = (
    <input
      type="checkbox" checked={value === true} aria-label={inline ? label : undefined}
      aria-invalid={errors.length > 0} aria-describedby={errors.length > 0 ? errorId : undefined}
      onChange={(event) => edit.set(path, event.target.checked)}
    />
  );
  return (
    <span className="field-wrap">
      {inline ? box : <label className="field-label checkbox">{box}{label}</label>}
      {errors.length > 0 ? <span className="field-error" id={errorId}>{errors[0].message}</span> : null}
    </span>
  );
}

/**
 * A value that is either one quantity (`1kb`, `20ms`) or a distribution of it
 * (`{ dist: lognormal, p50: 2kb, p99: 16kb }`): a select of the kind (switching rewrites the
 * value, one undo step), then one text field, or one per parameter of the distribution.
 * `label(key)` names the field of parameter `key` (no key: the single value; 'distribution': the select).
 */
export function DistributionField({ label, path, value, placeholder, inline = true }: {
  label: (key?: string) => string; path: YamlPath; value: unknown; placeholder?: string; inline?: boolean;
}) {
  const edit = useDesignEdit();
  const dist = value !== null && typeof value === 'object' ? asRecord(value) : null;
  const kind = dist ? display(dist.dist) : ONE_VALUE;
  const params = dist ? Object.keys(dist).filter((key) => key !== 'dist') : [];
  return (
    <span className="compound">
      <SelectField
        inline={inline} label={label('distribution')} path={[...path, 'dist']} value={kind} options={[ONE_VALUE, ...Object.keys(DISTRIBUTIONS)]}
        onChange={(next) => edit.set(path, switchDistribution(value ?? placeholder, next))}
      />
      {dist ? params.map((key) => (
        <span key={key} className="sub-field">
          {inline ? <span className="sub-label" aria-hidden="true">{key}</span> : null}
          <TextField inline={inline} label={label(key)} path={[...path, key]} value={dist[key]} coerce={false} className="narrow" placeholder={key} />
        </span>
      )) : <TextField inline={inline} label={label()} path={path} value={value} coerce={false} className="narrow" placeholder={placeholder} />}
    </span>
  );
}

/** Narrowing helpers for the raw design (as written, before defaults). */
export function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
