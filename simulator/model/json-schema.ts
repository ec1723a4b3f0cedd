/** The JSON Schema of the design file, generated from the zod schema (draft 2020-12). */
import { z } from 'zod';
import { designSchema } from './schema';

export function designJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(designSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://keyspace-workbench.dev/schema/design-v1.json',
    title: 'Keyspace Workbench design (version 1)',
    description: 'Key namespaces, TTL matrix, invalidation rules, server settings, origin and traffic of a Redis cache design.',
  };
}
