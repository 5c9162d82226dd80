/**
 * Turns ajv errors into findings that sit on the exact key or value and read like the API server's
 * messages (`spec.parameters.storageGB: must be integer`), with one finding per real problem: the
 * branch errors of an `anyOf`/`oneOf` are folded into it.
 */
import type { ErrorObject } from 'ajv';
import type { Capability } from '../catalog/types';
import type { ParsedDocument, ResourceHead } from '../parse/document';
import { formatPath, fromJsonPointer, locate, PathSegment } from '../parse/locate';
import type { Span } from '../text';
import type { CheckOptions } from './context';
import type { Finding } from './finding';
import { RULES } from './rules';
import { scalar } from '../parse/scalar';
import { closest, didYouMean } from './suggest';

export function schemaFindings(errors: ErrorObject[], doc: ParsedDocument, head: ResourceHead, capability: Capability, options: CheckOptions): Finding[] {
  const folded = foldAlternatives(errors);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const error of folded) {
    const finding = toFinding(error, doc, head, capability, options);
    if (!finding) continue;
    const key = `${finding.code}:${finding.span.start}:${finding.span.end}:${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(finding);
  }
  return findings;
}

/** Drops the per-branch errors under an anyOf/oneOf that failed as a whole. */
export function foldAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const parents = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (parents.length === 0) return errors;
  return errors.filter((e) => !parents.some((p) => p !== e && e.instancePath.startsWith(p.instancePath) && e.schemaPath.startsWith(`${p.schemaPath}/`)));
}

function toFinding(error: ErrorObject, doc: ParsedDocument, head: ResourceHead, capability: Capability, options: CheckOptions): Finding | undefined {
  const path = fromJsonPointer(error.instancePath, doc.value);
  const where = formatPath(path);
  const root = doc.ast.contents;
  switch (error.keyword) {
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const full = formatPath([...path, missing]);
      const propSchema = (error.parentSchema as { properties?: Record<string, { type?: string; description?: string }> } | undefined)?.properties?.[missing];
      const kindOf = propSchema?.type ? ` (${propSchema.type})` : '';
      return {
        code: 'missing-required',
        severity: RULES['missing-required'].severity,
        message: `missing required ${isParameter(path) ? 'parameter' : 'field'} ${full}${kindOf}`,
        span: spanForObject(root, path, head),
        data: { path: [...path], missing },
      };
    }
    case 'additionalProperties': {
      if (options.unknownFields === 'ignore') return undefined;
      const field = String((error.params as { additionalProperty: string }).additionalProperty);
      const declared = Object.keys((error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      const located = locate(root, [...path, field]);
      const rename = closest(field, declared);
      return {
        code: 'unknown-field',
        severity: options.unknownFields,
        message: `${where}: unknown field "${field}"; ${capability.kind} ${head.version} does not declare it${didYouMean(field, declared)}`,
        span: located.key ?? spanForObject(root, path, head),
        data: { path: [...path, field], declared },
        fixes: rename && located.key ? [{ title: `Rename to ${rename}`, edits: [{ span: located.key, newText: rename }] }] : undefined,
      };
    }
    case 'x-kubernetes-validations': {
      const params = error.params as { rule: string; fieldPath?: string };
      const target = params.fieldPath ? [...path, ...params.fieldPath.replace(/^\./, '').split('.')] : path;
      return {
        code: 'cel-violation',
        severity: RULES['cel-violation'].severity,
        message: `${formatPath(target)}: ${error.message} (rule: ${params.rule})`,
        span: spanForValue(root, target, head),
      };
    }
    default: {
      const span = spanForValue(root, path, head);
      const allowed = error.keyword === 'enum' && typeof error.data === 'string' ? closest(error.data, ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String)) : undefined;
      return {
        code: 'schema',
        severity: RULES.schema.severity,
        message: `${where}: ${describe(error)}`,
        span,
        fixes: allowed !== undefined ? [{ title: `Change to ${scalar(allowed)}`, edits: [{ span, newText: scalar(allowed) }] }] : undefined,
      };
    }
  }
}

export function describe(error: ErrorObject): string {
  const data = error.data;
  const shown = data === undefined ? '' : `, got ${typeof data === 'string' ? `"${truncate(data)}"` : data === null ? 'null' : Array.isArray(data) ? 'a list' : typeof data === 'object' ? 'an object' : String(data)}`;
  switch (error.keyword) {
    case 'type':
      return `must be ${String((error.params as { type: string }).type).replace(',', ' or ')}${shown}`;
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      const hint = typeof data === 'string' ? didYouMean(data, allowed.map(String)) : '';
      return `Unsupported value${shown ? `: ${JSON.stringify(data)}` : ''}: supported values: ${allowed.map((v) => JSON.stringify(v)).join(', ')}${hint}`;
    }
    case 'anyOf':
    case 'oneOf': {
      const branches = ((error.schema as { type?: string }[] | undefined) ?? []).map((b) => b.type).filter(Boolean);
      return branches.length ? `must be ${branches.join(' or ')}${shown}` : `${error.message ?? 'is invalid'}${shown}`;
    }
    case 'x-kubernetes-list-type':
      return error.message ?? 'duplicate value';
    default:
      return `${error.message ?? 'is invalid'}${shown}`;
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isParameter(path: PathSegment[]): boolean {
  return path[0] === 'spec' && path[1] === 'parameters';
}

/** A problem with a value: its value node, else the nearest key that exists in the document. */
function spanForValue(root: unknown, path: PathSegment[], head: ResourceHead): Span {
  if (path.length === 0) return head.kindSpan;
  const located = locate(root as never, path);
  if (located.depth === path.length && located.value && !(located.collection && located.key)) return located.value;
  return located.key ?? head.kindSpan;
}

/** A problem with an object (a missing field): the key that names the object, else the document's kind. */
function spanForObject(root: unknown, path: PathSegment[], head: ResourceHead): Span {
  if (path.length === 0) return head.kindSpan;
  const located = locate(root as never, path);
  return located.key ?? head.kindSpan;
}
