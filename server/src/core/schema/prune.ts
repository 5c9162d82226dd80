/**
 * Cuts a (converted, ajv-ready) schema down to what one document uses, so a validator for a huge
 * provider CRD compiles in milliseconds instead of a second. Kept: every keyword of every node the
 * document reaches, the *names* of declared properties everywhere it reaches (so unknown fields and their
 * did-you-mean are still found), `required`, and the `default` of absent required fields (the API server
 * defaults before it validates). Dropped: the subtrees of fields the document does not set — the only
 * thing validation could say about them is covered by `required` and `default`.
 */
import type { JsonSchema } from '../catalog/types';

const MAX_DEPTH = 64;

export function pruneSchema(schema: JsonSchema, value: unknown, depth = 0): JsonSchema {
  if (depth > MAX_DEPTH) return {};
  if (value === undefined) return absent(schema);
  const out: JsonSchema = { ...schema };
  const properties = asObject(schema['properties']);
  if (schema['properties'] !== undefined) {
    const object = isPlainObject(value) ? value : {};
    const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
    const pruned: JsonSchema = {};
    for (const [key, sub] of Object.entries(properties)) {
      if (key in object) pruned[key] = pruneSchema(asObject(sub), object[key], depth + 1);
      else pruned[key] = required.has(key) ? absent(asObject(sub)) : {};
    }
    out['properties'] = pruned;
  }
  const additional = schema['additionalProperties'];
  if (additional && typeof additional === 'object' && isPlainObject(value)) {
    const extra = Object.keys(value).filter((k) => !(k in properties)).map((k) => value[k]);
    out['additionalProperties'] = pruneSchema(additional as JsonSchema, union(extra), depth + 1);
  }
  const items = schema['items'];
  if (items && typeof items === 'object' && !Array.isArray(items)) {
    out['items'] = Array.isArray(value) ? pruneSchema(items as JsonSchema, union(value), depth + 1) : absent(items as JsonSchema);
  }
  return out;
}

/** A field the document does not set: only its default matters (useDefaults inserts it). */
function absent(schema: JsonSchema): JsonSchema {
  return schema['default'] !== undefined ? { default: schema['default'] } : {};
}

/** One value with every key any of `values` has, so one pruned schema serves every item of a list. */
export function union(values: unknown[]): unknown {
  const objects = values.filter(isPlainObject);
  if (objects.length === 0) {
    const arrays = values.filter(Array.isArray) as unknown[][];
    return arrays.length ? arrays.flat() : values.find((v) => v !== undefined && v !== null) ?? values[0];
  }
  const merged: Record<string, unknown[]> = {};
  for (const object of objects) for (const [key, child] of Object.entries(object)) (merged[key] ??= []).push(child);
  return Object.fromEntries(Object.entries(merged).map(([key, children]) => [key, union(children)]));
}

/** The document's shape (keys at every depth, list items merged): equal shapes share a pruned validator. */
export function shapeKey(value: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) return '';
  if (Array.isArray(value)) return `[${shapeKey(union(value), depth + 1)}]`;
  if (isPlainObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${shapeKey(value[k], depth + 1)}`).join(',')}}`;
  return value === null ? 'n' : typeof value === 'object' ? '?' : typeof value === 'undefined' ? 'u' : 's';
}

/** Schema nodes, counted up to `limit`: decides whether a schema is big enough to prune. */
export function schemaSize(schema: unknown, limit: number): number {
  let count = 0;
  const visit = (node: unknown): void => {
    if (count >= limit || node === null || typeof node !== 'object') return;
    count++;
    for (const child of Object.values(node)) visit(child);
  };
  visit(schema);
  return count;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asObject(value: unknown): JsonSchema {
  return isPlainObject(value) ? (value as JsonSchema) : {};
}
