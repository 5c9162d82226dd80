/**
 * Structural checks of a definition's own schema: the problems the API server would reject the CRD or
 * XRD for, found before any instance is validated against it. Kubernetes rule: apiextensions
 * `ValidateCustomResourceDefinitionOpenAPISchema` (type must be one of the six JSON types).
 */
import type { PathSegment } from '../../parse/locate';

const TYPES = new Set(['array', 'boolean', 'integer', 'number', 'object', 'string']);
const MAX_DEPTH = 64;
const MAX_NODES = 200_000;

export interface ShapeProblem {
  path: PathSegment[];
  message: string;
}

/** Walks a schema and returns its first problems (bounded: hostile schemas are huge or self-referencing). */
export function schemaShapeProblems(schema: unknown, basePath: PathSegment[]): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  const seen = new Set<unknown>();
  let nodes = 0;
  const visit = (node: unknown, path: PathSegment[], depth: number): void => {
    if (problems.length >= 10 || node === null || typeof node !== 'object') return;
    if (seen.has(node)) {
      problems.push({ path, message: 'the schema refers to itself (a YAML alias cycle); Kubernetes schemas must be trees' });
      return;
    }
    if (depth > MAX_DEPTH || ++nodes > MAX_NODES) {
      problems.push({ path, message: `the schema is nested deeper than ${MAX_DEPTH} levels or has more than ${MAX_NODES} nodes` });
      return;
    }
    seen.add(node);
    const record = node as Record<string, unknown>;
    const type = record['type'];
    if (type !== undefined && (typeof type !== 'string' || !TYPES.has(type))) {
      problems.push({ path: [...path, 'type'], message: `Unsupported value: ${JSON.stringify(type)}: supported values: "array", "boolean", "integer", "number", "object", "string"` });
    }
    if ('$ref' in record) problems.push({ path: [...path, '$ref'], message: '$ref is not allowed in a Kubernetes structural schema' });
    const properties = record['properties'];
    if (properties && typeof properties === 'object') {
      for (const [key, sub] of Object.entries(properties)) visit(sub, [...path, 'properties', key], depth + 1);
    }
    for (const key of ['items', 'additionalProperties', 'not']) {
      if (record[key] && typeof record[key] === 'object') visit(record[key], [...path, key], depth + 1);
    }
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      const list = record[key];
      if (Array.isArray(list)) list.forEach((sub, i) => visit(sub, [...path, key, i], depth + 1));
    }
    seen.delete(node);
  };
  visit(schema, basePath, 0);
  return problems;
}
