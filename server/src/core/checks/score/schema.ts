/**
 * A Score workload against the official Score schema (`core/schema/scoreSchema.ts`). ajv's errors go
 * through `schemaFindings` like any capability's, after two Score-specific folds that make them read
 * like one problem each: a `oneOf` between a list and a map form (files, volumes) keeps only the errors
 * of the form the document uses, and a `oneOf` of `required` branches (a file's content, binaryContent
 * or source) becomes one "needs exactly one of" finding. Unknown fields are errors here: score-compose
 * and score-k8s validate against this schema, which forbids them, and refuse the file.
 */
import type { ErrorObject } from 'ajv';
import type { Capability } from '../../catalog/types';
import type { ParsedDocument, ResourceHead } from '../../parse/document';
import { formatPath, fromJsonPointer, locate } from '../../parse/locate';
import { scoreSchemaErrors } from '../../schema/scoreSchema';
import type { CheckOptions } from '../context';
import type { Finding } from '../finding';
import { RULES } from '../rules';
import { schemaFindings } from '../schemaFindings';

/** Stands in for a capability in messages ("Score v1b1 does not declare it"). */
const SCORE_SPEC: Capability = {
  id: 'Score.score.dev',
  group: 'score.dev',
  kind: 'Score',
  role: 'custom-resource',
  scope: 'Namespaced',
  versions: [],
  origin: { source: 'sample', uri: 'https://github.com/score-spec/spec/blob/main/score-v1b1.json' },
};

export function scoreSchemaFindings(doc: ParsedDocument, head: ResourceHead, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  let errors = scoreSchemaErrors(doc.value);
  errors = foldForms(errors);
  errors = foldOneOfRequired(errors, doc, head, findings);
  errors = namedPropertyErrors(errors, doc, head, findings);
  for (const finding of schemaFindings(errors, doc, head, SCORE_SPEC, options)) {
    findings.push(finding.code === 'unknown-field' ? { ...finding, severity: 'error' } : finding);
  }
  return findings;
}

type Branch = { type?: string; required?: string[] } & Record<string, unknown>;

/** A oneOf between JSON types: keep the errors of the branch whose type the data has. */
function foldForms(errors: ErrorObject[]): ErrorObject[] {
  let out = errors;
  for (const parent of errors.filter((e) => e.keyword === 'oneOf')) {
    const branches = (parent.schema as Branch[] | undefined) ?? [];
    const chosen = branches.findIndex((b) => b.type !== undefined && b.type === jsonType(parent.data));
    if (chosen === -1) continue;
    out = out.filter((e) => {
      if (e === parent) return false;
      const branch = new RegExp(`^${escape(parent.schemaPath)}/(\\d+)/`).exec(e.schemaPath);
      return !branch || e.instancePath !== parent.instancePath || Number(branch[1]) === chosen;
    });
  }
  return out;
}

/** A oneOf whose branches only require one property each: exactly one of them must be present. */
function foldOneOfRequired(errors: ErrorObject[], doc: ParsedDocument, head: ResourceHead, findings: Finding[]): ErrorObject[] {
  let out = errors;
  for (const parent of errors.filter((e) => e.keyword === 'oneOf')) {
    const branches = (parent.schema as Branch[] | undefined) ?? [];
    const names = branches.map((b) => (Object.keys(b).length === 1 && b.required?.length === 1 ? b.required[0]! : undefined));
    if (names.length === 0 || names.some((n) => n === undefined)) continue;
    const path = fromJsonPointer(parent.instancePath, doc.value);
    const present = names.filter((n) => Object.prototype.hasOwnProperty.call(parent.data ?? {}, n!));
    const located = locate(doc.ast.contents, path);
    findings.push({
      code: present.length === 0 ? 'missing-required' : 'schema',
      severity: RULES.schema.severity,
      message: `${formatPath(path)}: ${present.length === 0 ? 'needs' : `has ${present.join(' and ')}; give`} exactly one of ${names.join(', ')}`,
      span: located.key ?? located.value ?? head.kindSpan,
    });
    out = out.filter((e) => e !== parent && !(e.instancePath === parent.instancePath && e.schemaPath.startsWith(`${parent.schemaPath}/`)));
  }
  return out;
}

/** `propertyNames` errors are about a key: put them on that key, naming it. */
function namedPropertyErrors(errors: ErrorObject[], doc: ParsedDocument, head: ResourceHead, findings: Finding[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  for (const error of errors) {
    if (error.keyword === 'propertyNames') continue;
    if (error.propertyName === undefined) {
      out.push(error);
      continue;
    }
    const path = fromJsonPointer(error.instancePath, doc.value);
    const located = locate(doc.ast.contents, [...path, error.propertyName]);
    findings.push({
      code: 'schema',
      severity: RULES.schema.severity,
      message: `${formatPath(path)}: name "${error.propertyName}" ${error.message ?? 'is invalid'}`,
      span: located.key ?? located.value ?? head.kindSpan,
    });
  }
  return out;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
