/**
 * `properties` of a KubeVela component, trait, policy or workflow step against the parameter schema of
 * its definition. ajv validates the properties object alone; the findings are placed on the keys and
 * values inside the Application and worded in terms of parameters ("component webservice has no
 * parameter mem; did you mean memory?").
 */
import type { ErrorObject } from 'ajv';
import type { Capability, CapabilityVersion } from '../catalog/types';
import type { ParsedDocument } from '../parse/document';
import { isMap, isSeq, Node } from 'yaml';
import { formatPath, fromJsonPointer, locate, PathSegment, spanOf } from '../parse/locate';
import type { Span } from '../text';
import type { CheckContext } from './context';
import type { Finding } from './finding';
import { RULES } from './rules';
import { describe, foldAlternatives } from './schemaFindings';
import { didYouMean } from './suggest';

export interface PropertiesTarget {
  /** Path of the entry (`spec.components[0]`) whose `properties` are checked. */
  entryPath: PathSegment[];
  capability: Capability;
  /** `webservice@v2` asks for the schema of revision v2, when the catalog has it. */
  revision?: string;
  /**
   * Where a problem with the entry as a whole goes when it has no `properties` key: its `type` value. Asked
   * only for such a problem: a clean entry never reads the syntax tree (core/parse/syntaxTrees.ts).
   */
  typeSpan: () => Span;
}

export function checkProperties(doc: ParsedDocument, entry: Record<string, unknown>, target: PropertiesTarget, ctx: CheckContext): Finding[] {
  const version = versionOf(target.capability, target.revision);
  if (!version) return [];
  const validator = ctx.validators.get(version);
  // Parameters that cannot be derived are reported once, on the definition; its users are not checked.
  if (!validator.ok) return [];
  const value = entry['properties'] ?? {};
  const errors = validator.validate(structuredClone(value));
  const base = [...target.entryPath, 'properties'];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const supplied = suppliedByInputs(entry);
  for (const error of foldAlternatives(errors)) {
    if (isSupplied(error, value, supplied)) continue;
    const finding = toFinding(error, doc, value, base, target, ctx);
    if (!finding) continue;
    const key = `${finding.code}:${finding.span.start}:${finding.message}`;
    if (!seen.has(key)) findings.push(finding);
    seen.add(key);
  }
  return findings;
}

/**
 * Parameters a workflow step or component receives at run time from another step's outputs
 * (`inputs: [{from, parameterKey: a.b}]`): they need not be written, and their value is not known here.
 */
function suppliedByInputs(entry: Record<string, unknown>): string[] {
  const inputs = Array.isArray(entry['inputs']) ? entry['inputs'] : [];
  return inputs.map((i) => (i !== null && typeof i === 'object' ? (i as Record<string, unknown>)['parameterKey'] : undefined)).filter((k): k is string => typeof k === 'string' && k !== '');
}

function isSupplied(error: ErrorObject, value: unknown, supplied: string[]): boolean {
  if (supplied.length === 0) return false;
  const inner = fromJsonPointer(error.instancePath, value);
  const path = error.keyword === 'required' ? [...inner, String((error.params as { missingProperty: string }).missingProperty)] : inner;
  const dotted = path.map(String).join('.');
  return supplied.some((key) => dotted === key || dotted.startsWith(`${key}.`) || key.startsWith(`${dotted}.`));
}

function versionOf(capability: Capability, revision: string | undefined): CapabilityVersion | undefined {
  return (revision && capability.versions.find((v) => v.name === revision)) || capability.versions.find((v) => v.name === 'default') || capability.versions[0];
}

function toFinding(error: ErrorObject, doc: ParsedDocument, value: unknown, base: PathSegment[], target: PropertiesTarget, ctx: CheckContext): Finding | undefined {
  const inner = fromJsonPointer(error.instancePath, value);
  const path = [...base, ...inner];
  const root = doc.ast.contents;
  const owner = `${target.capability.role.replace('-', ' ')} ${target.capability.kind}`;
  switch (error.keyword) {
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const schema = (error.parentSchema as { properties?: Record<string, { type?: string; description?: string }> } | undefined)?.properties?.[missing];
      return {
        code: 'missing-required',
        severity: RULES['missing-required'].severity,
        message: `${owner} requires parameter ${formatPath([...inner, missing])}${schema?.type ? ` (${schema.type})` : ''}${schema?.description ? `: ${schema.description}` : ''}`,
        span: objectSpan(root, path) ?? target.typeSpan(),
        data: { path: [...path], missing },
      };
    }
    case 'additionalProperties': {
      if (ctx.options.unknownFields === 'ignore') return undefined;
      const field = String((error.params as { additionalProperty: string }).additionalProperty);
      const declared = Object.keys((error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      const located = locate(root, [...path, field]);
      const where = inner.length ? ` ${formatPath(inner)}` : '';
      return {
        code: 'unknown-field',
        severity: ctx.options.unknownFields,
        // KubeVela itself rejects undeclared parameters only under its ValidateUndeclaredParameters feature
        // gate (docs/rules.md#unknown-field); they are nearly always a misspelt or outdated parameter.
        message: `${owner} has no parameter${where} "${field}"${didYouMean(field, declared)}`,
        span: located.key ?? target.typeSpan(),
        data: { path: [...path, field], declared },
      };
    }
    default: {
      const located = locate(root, path);
      const span = located.depth === path.length && located.value && !(located.collection && located.key) ? located.value : located.key ?? target.typeSpan();
      return { code: 'schema', severity: RULES.schema.severity, message: `${formatPath(path)}: ${describe(error)}`, span };
    }
  }
}

/** Where a problem with an object goes: the key naming it, or for a list item its first key. */
function objectSpan(root: Node | null, path: PathSegment[]): Span | undefined {
  const located = locate(root, path);
  if (located.depth !== path.length) return undefined;
  if (located.key) return located.key;
  let node: unknown = root;
  for (const segment of path) node = isMap(node) ? node.get(String(segment), true) : isSeq(node) && typeof segment === 'number' ? node.items[segment] : undefined;
  const first = isMap(node) ? node.items[0]?.key : undefined;
  return spanOf(first) ?? located.value;
}
