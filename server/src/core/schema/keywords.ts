/**
 * ajv keywords for the Kubernetes extensions that carry validation:
 * - `x-kubernetes-list-type: set | map` (+ `x-kubernetes-list-map-keys`): items must be unique, as whole
 *   values for `set`, by their key fields for `map` (after defaulting, so a missing key field counts as its
 *   default, as the API server sees it);
 * - `x-kubernetes-validations`: CEL rules, evaluated with cel-js for the subset it supports. A rule that
 *   uses `oldSelf` (a transition rule: it never applies on create) or a Kubernetes CEL library function
 *   cel-js lacks is skipped, never reported: an unevaluated rule must not produce a false error.
 */
import type Ajv from 'ajv';
import type { AnySchemaObject, DataValidateFunction, DataValidationCxt, ErrorObject } from 'ajv/dist/types';

// cel-js ships only as an ES module. Node >= 20.19 loads it with require(), and esbuild inlines it into the
// extension's bundle, so a typed require keeps this module CommonJS like the rest of the server.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseCel } = require('@marcbachmann/cel-js') as typeof import('@marcbachmann/cel-js', { with: { 'resolution-mode': 'import' } });

export function addKubernetesKeywords(ajv: Ajv): void {
  ajv.addKeyword({ keyword: 'x-kubernetes-list-map-keys', schemaType: 'array' });
  ajv.addKeyword({ keyword: 'x-kubernetes-list-type', type: 'array', schemaType: 'string', errors: true, compile: compileListType });
  ajv.addKeyword({ keyword: 'x-kubernetes-validations', schemaType: 'array', errors: true, compile: compileCelRules });
  for (const keyword of ['x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-map-type']) {
    ajv.addKeyword({ keyword });
  }
}

function compileListType(listType: string, parentSchema: AnySchemaObject): DataValidateFunction {
  const keys = Array.isArray(parentSchema['x-kubernetes-list-map-keys']) ? (parentSchema['x-kubernetes-list-map-keys'] as string[]) : [];
  const validate: DataValidateFunction = (data: unknown, cxt?: DataValidationCxt) => {
    if (!Array.isArray(data) || (listType !== 'set' && listType !== 'map')) return true;
    const seen = new Set<string>();
    const errors: ErrorObject[] = [];
    data.forEach((item, index) => {
      const identity = safeJson(listType === 'map' && keys.length > 0 && item && typeof item === 'object' ? Object.fromEntries(keys.map((k) => [k, (item as Record<string, unknown>)[k]])) : item);
      if (seen.has(identity)) {
        errors.push({
          keyword: 'x-kubernetes-list-type',
          instancePath: `${cxt?.instancePath ?? ''}/${index}`,
          schemaPath: '#/x-kubernetes-list-type',
          params: { listType, duplicate: identity },
          message: `Duplicate value: ${identity}`,
        });
      }
      seen.add(identity);
    });
    validate.errors = errors;
    return errors.length === 0;
  };
  return validate;
}

interface CelRule {
  rule: string;
  message?: string;
  fieldPath?: string;
  evaluate: (context: Record<string, unknown>) => unknown;
}

function compileCelRules(rules: unknown[], parentSchema: AnySchemaObject): DataValidateFunction {
  const compiled: CelRule[] = [];
  for (const raw of rules) {
    const entry = raw as { rule?: unknown; message?: unknown; messageExpression?: unknown; fieldPath?: unknown } | null;
    if (!entry || typeof entry.rule !== 'string' || /\boldSelf\b/.test(entry.rule)) continue;
    try {
      const evaluate = parseCel(entry.rule) as unknown as (context: Record<string, unknown>) => unknown;
      compiled.push({ rule: entry.rule, message: typeof entry.message === 'string' ? entry.message : undefined, fieldPath: typeof entry.fieldPath === 'string' ? entry.fieldPath : undefined, evaluate });
    } catch {
      // Outside the CEL subset cel-js parses: the rule is skipped (see the module comment).
    }
  }
  const validate: DataValidateFunction = (data: unknown, cxt?: DataValidationCxt) => {
    const errors: ErrorObject[] = [];
    const self = toCel(data, parentSchema);
    for (const rule of compiled) {
      let result: unknown;
      try {
        result = rule.evaluate({ self });
      } catch {
        continue; // A function or overload cel-js lacks, or a field the rule reads that is absent.
      }
      if (result === false) {
        errors.push({
          keyword: 'x-kubernetes-validations',
          instancePath: cxt?.instancePath ?? '',
          schemaPath: '#/x-kubernetes-validations',
          params: { rule: rule.rule, fieldPath: rule.fieldPath },
          message: rule.message ?? `failed rule: ${rule.rule}`,
        });
      }
    }
    validate.errors = errors;
    return errors.length === 0;
  };
  return validate;
}

/** JSON for comparing list items; an item that holds a YAML alias cycle is compared by identity instead. */
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return `cycle:${identityOf(value)}`;
  }
}

const identities = new WeakMap<object, number>();
let nextIdentity = 1;
function identityOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let id = identities.get(value);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(value, id);
  }
  return id;
}

/**
 * CEL distinguishes int from double; the API server types a value by its schema, so do the same. A YAML
 * alias cycle is cut (the cut value is null): CEL values are trees.
 */
function toCel(value: unknown, schema: AnySchemaObject | undefined, ancestors: Set<object> = new Set()): unknown {
  if (typeof value === 'number') return Number.isInteger(value) && schema?.['type'] !== 'number' ? BigInt(value) : value;
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.has(value)) return null;
  ancestors.add(value);
  let out: unknown;
  if (Array.isArray(value)) {
    out = value.map((item) => toCel(item, schema?.['items'] as AnySchemaObject | undefined, ancestors));
  } else {
    const props = (schema?.['properties'] ?? {}) as Record<string, AnySchemaObject>;
    const additional = typeof schema?.['additionalProperties'] === 'object' ? (schema['additionalProperties'] as AnySchemaObject) : undefined;
    out = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCel(v, props[k] ?? additional, ancestors)]));
  }
  ancestors.delete(value);
  return out;
}
