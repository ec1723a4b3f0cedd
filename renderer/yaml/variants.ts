/**
 * Items of a list whose fields depend on one discriminator (a phase's `shape`, a failure's
 * `kind`): switching the discriminator in a form rewrites the item with the new variant's fields,
 * keeping every value the two variants share and filling the rest from the variant's template.
 */
export type Variants = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/**
 * The item rewritten as `variant`: discriminator first, then `keep` fields, then the template's
 * fields (a template value of undefined marks an optional field: kept when set, else left out).
 */
export function switchVariant(
  item: Readonly<Record<string, unknown>>,
  discriminator: string,
  variant: string,
  variants: Variants,
  keep: ReadonlyArray<string> = ['name'],
): Record<string, unknown> {
  const template = variants[variant] ?? {};
  const next: Record<string, unknown> = {};
  for (const key of keep) if (item[key] !== undefined && !(key in template)) next[key] = item[key];
  next[discriminator] = variant;
  for (const [key, fallback] of Object.entries(template)) {
    const value = item[key] !== undefined ? item[key] : fallback;
    if (value !== undefined) next[key] = value;
  }
  return next;
}

/** The fields a variant has besides the discriminator, in the template's order. */
export function variantFields(variant: string, variants: Variants): string[] {
  return Object.keys(variants[variant] ?? {});
}
