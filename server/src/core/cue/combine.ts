/**
 * How CUE's two operators combine JSON schemas: a disjunction `a | b` becomes an enum or `anyOf`, a
 * unification `a & b` merges the two. Both err on the side of accepting: where the exact result cannot
 * be expressed (a contradiction, alternatives of unknown shape) the result is the empty schema, which
 * accepts anything, never a schema that could reject a value CUE accepts.
 */
import type { JsonSchema } from '../catalog/types';

/** `a | b | c`: literals of one type merge into an enum; a type subsumes the literals of that type. */
export function unionOf(schemas: JsonSchema[]): JsonSchema {
  if (schemas.length === 1) return schemas[0]!;
  if (schemas.some((s) => typeof s['type'] !== 'string')) return {};
  const byType = new Map<string, JsonSchema[]>();
  for (const schema of schemas) {
    const type = schema['type'] as string;
    byType.set(type, [...(byType.get(type) ?? []), schema]);
  }
  const groups: JsonSchema[] = [];
  for (const [type, members] of byType) {
    const general = members.filter((m) => !Array.isArray(m['enum']));
    if (general.length === 0) {
      const values: unknown[] = [];
      for (const member of members) for (const v of member['enum'] as unknown[]) if (!values.some((x) => JSON.stringify(x) === JSON.stringify(v))) values.push(v);
      groups.push({ type, enum: values });
    } else {
      const distinct = dedupe(general);
      groups.push(...distinct);
    }
  }
  return groups.length === 1 ? groups[0]! : { anyOf: groups };
}

/** `a & b`: both constraints at once. Objects merge their properties; a contradiction accepts anything. */
export function intersectionOf(a: JsonSchema, b: JsonSchema): JsonSchema {
  if (Object.keys(a).length === 0) return b;
  if (Object.keys(b).length === 0) return a;
  const typeA = a['type'];
  const typeB = b['type'];
  if (typeA !== undefined && typeB !== undefined && typeA !== typeB && !(isNumeric(typeA) && isNumeric(typeB))) return {};
  if (a['properties'] !== undefined || b['properties'] !== undefined || a['additionalProperties'] !== undefined || b['additionalProperties'] !== undefined) return mergeObjects(a, b);
  const out: JsonSchema = { ...a, ...b };
  if (typeA === 'integer' || typeB === 'integer') out['type'] = 'integer';
  if (Array.isArray(a['enum']) && Array.isArray(b['enum'])) {
    const inB = new Set((b['enum'] as unknown[]).map((v) => JSON.stringify(v)));
    const both = (a['enum'] as unknown[]).filter((v) => inB.has(JSON.stringify(v)));
    if (both.length === 0) return {};
    out['enum'] = both;
  } else if (Array.isArray(a['enum'])) out['enum'] = a['enum'];
  return out;
}

export function mergeObjects(a: JsonSchema, b: JsonSchema): JsonSchema {
  const propsA = (a['properties'] as Record<string, JsonSchema> | undefined) ?? {};
  const propsB = (b['properties'] as Record<string, JsonSchema> | undefined) ?? {};
  const properties: Record<string, JsonSchema> = { ...propsA };
  for (const [name, schema] of Object.entries(propsB)) properties[name] = name in propsA ? intersectionOf(propsA[name]!, schema) : schema;
  const required = [...new Set([...((a['required'] as string[] | undefined) ?? []), ...((b['required'] as string[] | undefined) ?? [])])];
  const out: JsonSchema = { ...a, ...b, type: 'object', properties };
  if (required.length > 0) out['required'] = required;
  else delete out['required'];
  // Open only when both are: unifying with a closed struct closes it.
  const isOpen = (s: JsonSchema) => s['x-kubernetes-preserve-unknown-fields'] === true;
  if (!isOpen(a) || !isOpen(b)) delete out['x-kubernetes-preserve-unknown-fields'];
  return out;
}

function isNumeric(type: unknown): boolean {
  return type === 'integer' || type === 'number';
}

function dedupe(schemas: JsonSchema[]): JsonSchema[] {
  const seen = new Set<string>();
  return schemas.filter((s) => {
    const key = JSON.stringify(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
