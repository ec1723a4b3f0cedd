/**
 * A list item whose fields follow its discriminator (a phase's shape, a failure's kind): a select
 * that rewrites the item as the chosen variant (one undo step), then one labelled field per field
 * of that variant, each a minimal edit of its own value.
 */
import { switchVariant, variantFields } from '../../yaml/variants';
import type { Variants } from '../../yaml/variants';
import type { YamlPath } from '../../yaml/edit';
import { display, SelectField, TextField, useDesignEdit } from './fields';

interface VariantFieldsProps {
  /** Path of the item (e.g. ['traffic', 'phases', 0]). */
  path: YamlPath;
  item: Record<string, unknown>;
  discriminator: string;
  variants: Variants;
  /** Names the item in accessible labels, e.g. "phase 1". */
  noun: string;
  /** Fields drawn elsewhere in the row. */
  skip?: ReadonlyArray<string>;
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

export function VariantFields({ path, item, discriminator, variants, noun, skip = [], numeric = [] }: VariantFieldsProps) {
  const fields = variantFields(display(item[discriminator]), variants).filter((key) => !skip.includes(key));
  return (
    <span className="compound">
      {fields.map((key) => (
        <span key={key} className="sub-field">
          <span className="sub-label" aria-hidden="true">{key}</span>
          <TextField
            label={`${capitalise(key)} of ${noun}`}
            path={[...path, key]}
            value={item[key]}
            coerce={numeric.includes(key)}
            className="narrow"
            placeholder={display(variants[display(item[discriminator])]?.[key])}
          />
        </span>
      ))}
    </span>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
