/**
 * A list item whose fields follow its discriminator (a phase's shape, a failure's kind): a select
 * that rewrites the item as the chosen variant (one undo step), then one labelled field per field
 * of that variant, each a minimal edit of its own value.
 */
import { switchVariant, variantFields } from '../../yaml/variants';
import type { Variants } from '../../yaml/variants';
import type { YamlPath } from '../../yaml/edit';
import { formatPath } from '../../../simulator/model';
import { display, SelectField, TextField, useDesignEdit, useErrorsAt } from './fields';

/**
 * The loader's messages that no field shows: at exactly `path` (a whole item or list) or at a
 * direct child of it other than the `shown` fields (an unknown field, a field of another variant).
 */
export function ErrorsAt({ path, shown = [] }: { path: YamlPath; shown?: ReadonlyArray<string> }) {
  const key = formatPath(path);
  const unshown = (child: string) => /^[^.[\]]+$/.test(child) && !shown.includes(child);
  const errors = useErrorsAt(path).filter((error) => error.path === key || (error.path.startsWith(`${key}.`) && unshown(error.path.slice(key.length + 1))));
  return <>{errors.map((error) => <span key={error.message} className="field-error">{error.message}</span>)}</>;
}

interface VariantFieldsProps {
  /** Path of the item (e.g. ['traffic', 'phases', 0]). */
  path: YamlPath;
  item: Record<string, unknown>;
  discriminator: string;
  variants: Variants;
  /** Names the item in accessible labels, e.g. "phase 1". */
  noun: string;
  /** Fields drawn elsewhere in the row (not here). */
  skip?: ReadonlyArray<string>;
  /** Fields of the item drawn by other inputs of the row (their errors show there). */
  shownElsewhere?: ReadonlyArray<string>;
  /** Placeholders of optional fields (template value undefined), e.g. { worker: 'every worker' }. */
  hints?: Readonly<Record<string, string>>;
  /** Fields whose text is read as numbers (worker, shard indexes). */
  numeric?: ReadonlyArray<string>;
}

export function VariantSelect({ path, item, discriminator, variants, noun }: VariantFieldsProps) {
  const edit = useDesignEdit();
  return (
    <SelectField
      label={`${capitalise(discriminator)} of ${noun}`}
      path={[...path, discriminator]}
      value={item[discriminator]}
      options={Object.keys(variants)}
      onChange={(variant) => edit.set(path, switchVariant(item, discriminator, variant, variants))}
    />
  );
}

export function VariantFields({ path, item, discriminator, variants, noun, skip = [], numeric = [], shownElsewhere = ['name'], hints = {} }: VariantFieldsProps) {
  const fields = variantFields(display(item[discriminator]), variants).filter((key) => !skip.includes(key));
  return (
    <span className="compound">
      <ErrorsAt path={path} shown={[discriminator, ...variantFields(display(item[discriminator]), variants), ...shownElsewhere]} />
      {fields.map((key) => (
        <span key={key} className="sub-field">
          <span className="sub-label" aria-hidden="true">{key}</span>
          <TextField
            label={`${capitalise(key)} of ${noun}`}
            path={[...path, key]}
            value={item[key]}
            coerce={numeric.includes(key)}
            className="narrow"
            placeholder={hints[key] ?? display(variants[display(item[discriminator])]?.[key])}
          />
        </span>
      ))}
    </span>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
