/** Small readers over the plain value of a definition document. */
import { locate, PathSegment } from '../../parse/locate';
import type { ParsedDocument } from '../../parse/document';
import type { Span } from '../../text';
import type { DefinitionProblem, JsonSchema, ProblemSeverity } from '../types';

export type Obj = Record<string, unknown>;

export function obj(value: unknown): Obj | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = obj(current)?.[key];
  return current;
}

export function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}

export function schemaAt(value: unknown, ...path: string[]): JsonSchema | undefined {
  return obj(at(value, ...path));
}

/** Span of a path in the document (its key when it names a map entry), or of the nearest ancestor. */
export function spanAt(doc: ParsedDocument, path: PathSegment[]): Span {
  const located = locate(doc.ast.contents, path);
  return located.key ?? located.value ?? { start: 0, end: 0 };
}

/** Span of the value at a path (for a `type: strign` the value, not the key). */
export function valueSpanAt(doc: ParsedDocument, path: PathSegment[]): Span {
  const located = locate(doc.ast.contents, path);
  return (located.depth === path.length ? located.value : located.key) ?? located.value ?? { start: 0, end: 0 };
}

export function problem(doc: ParsedDocument, uri: string, path: PathSegment[], message: string, severity: ProblemSeverity = 'error'): DefinitionProblem {
  return { code: 'definition-invalid', severity, message, uri, span: valueSpanAt(doc, path) };
}
