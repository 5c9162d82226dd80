/**
 * Walks a capability's JSON schema along a document path, for completion and hover: `properties`,
 * `additionalProperties` and `items`, looking into `allOf`/`anyOf`/`oneOf` branches the way structural
 * schemas spell alternatives.
 */
import type { JsonSchema } from '../catalog/types';
import type { PathSegment } from '../parse/locate';

export function schemaAt(root: JsonSchema | undefined, path: readonly PathSegment[]): JsonSchema | undefined {
  let current = root;
  for (const segment of path) {
    if (!current) return undefined;
    current = typeof segment === 'number' ? itemsOf(current) : propertyOf(current, segment);
  }
  return current;
}

/** The declared properties of an object schema, branches included (first declaration wins). */
export function propertiesOf(schema: JsonSchema | undefined): Record<string, JsonSchema> {
  if (!schema) return {};
  const out: Record<string, JsonSchema> = {};
  for (const branch of [schema, ...branches(schema)]) {
    for (const [key, value] of Object.entries(asObject(branch['properties']))) {
      if (!(key in out)) out[key] = asObject(value);
    }
  }
  return out;
}

export function requiredOf(schema: JsonSchema | undefined): string[] {
  return Array.isArray(schema?.['required']) ? (schema['required'] as unknown[]).filter((r): r is string => typeof r === 'string') : [];
}

function propertyOf(schema: JsonSchema, key: string): JsonSchema | undefined {
  const declared = propertiesOf(schema)[key];
  if (declared) return declared;
  const additional = schema['additionalProperties'];
  return additional && typeof additional === 'object' ? (additional as JsonSchema) : undefined;
}

function itemsOf(schema: JsonSchema): JsonSchema | undefined {
  const items = schema['items'];
  if (items && typeof items === 'object' && !Array.isArray(items)) return items as JsonSchema;
  for (const branch of branches(schema)) {
    const inner = itemsOf(branch);
    if (inner) return inner;
  }
  return undefined;
}

function branches(schema: JsonSchema): JsonSchema[] {
  return ['allOf', 'anyOf', 'oneOf'].flatMap((k) => (Array.isArray(schema[k]) ? (schema[k] as unknown[]).map(asObject) : []));
}

function asObject(value: unknown): JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : {};
}

/** A schema's type for display: `integer`, `string (enum)`, `object`, `array of string`, `integer | string`. */
export function typeLabel(schema: JsonSchema | undefined): string {
  if (!schema) return 'any';
  if (schema['x-kubernetes-int-or-string'] === true) return 'integer | string';
  const type = typeof schema['type'] === 'string' ? (schema['type'] as string) : undefined;
  if (type === 'array') return `array of ${typeLabel(itemsOf(schema))}`;
  if (type) return type;
  const alternatives = branches(schema).map((b) => b['type']).filter((t): t is string => typeof t === 'string');
  return alternatives.length ? alternatives.join(' | ') : 'any';
}
