/**
 * Items of a list whose fields depend on one discriminator (a phase's `shape`, a failure's
 * `kind`): switching the discriminator in a form rewrites the item with the new variant's fields,
 * keeping every value the two variants share and filling the rest from the variant's template.
 * Likewise a quantity switched between one value and a distribution of it.
 */
import { z } from 'zod';
import { distributionOf } from '../../simulator/model/fields';

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

/** A quantity or a distribution of it (`1kb`, `{ dist: lognormal, p50: 2kb, p99: 16kb }`). */
export const ONE_VALUE = 'one value';

/** Each distribution's parameters, in the schema's order (read from the schema itself). */
export const DISTRIBUTIONS: Readonly<Record<string, ReadonlyArray<string>>> = Object.fromEntries(
  distributionOf(z.string()).options.slice(1).map((option) => {
    const shape = (option as z.ZodObject).shape as Record<string, z.ZodType>;
    return [String((shape.dist as z.ZodLiteral).value), Object.keys(shape).filter((key) => key !== 'dist')];
  }),
);

/**
 * A distribution value rewritten as `kind` (ONE_VALUE or a distribution): parameters it shares
 * with the old one keep their values, the others start from the old one's first parameter
 * (its single value, p50, mean, min), so `1kb` → lognormal is `{ p50: 1kb, p99: 1kb }`.
 */
export function switchDistribution(value: unknown, kind: string): unknown {
  const old = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  const params = old ? DISTRIBUTIONS[String(old.dist)] ?? [] : [];
  const start = old ? old[params[0]] : value;
  if (kind === ONE_VALUE) return start;
  const next: Record<string, unknown> = { dist: kind };
  for (const key of DISTRIBUTIONS[kind] ?? []) next[key] = old && old[key] !== undefined ? old[key] : start;
  return next;
}
