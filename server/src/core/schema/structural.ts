/**
 * Turns a Kubernetes structural schema (CRD `openAPIV3Schema`) into a JSON schema ajv validates the way
 * the API server does:
 * - `x-kubernetes-int-or-string` accepts an integer or a string;
 * - `x-kubernetes-preserve-unknown-fields` and `x-kubernetes-embedded-resource` keep unknown fields;
 *   everywhere else an object with declared `properties` gets `additionalProperties: false`, which the
 *   checks report as `unknown-field` (the API server prunes such fields, or rejects them under strict
 *   field validation);
 * - `default` is kept and ajv's `useDefaults` fills it in before `required` is checked (the API server
 *   defaults before it validates);
 * - `$ref` and other keywords structural schemas forbid are dropped, and value validations inside
 *   `allOf`/`anyOf`/`oneOf`/`not` never get `additionalProperties: false` (structural schemas declare
 *   fields only at the top level of each node).
 * The input is never mutated; the output is a fresh tree.
 */
import type { JsonSchema } from '../catalog/types';

const DROPPED = new Set(['$ref', '$schema', 'id', '$id', 'definitions', '$defs', 'x-kubernetes-map-type', 'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key']);
const MAX_DEPTH = 64;

export function toAjvSchema(schema: JsonSchema): JsonSchema {
  return convert(schema, false, 0);
}

function convert(node: JsonSchema, inLogic: boolean, depth: number): JsonSchema {
  if (depth > MAX_DEPTH) return {};
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key)) continue;
    switch (key) {
      case 'properties': {
        const props: JsonSchema = {};
        for (const [name, sub] of Object.entries(asObject(value))) props[name] = convert(asObject(sub), false, depth + 1);
        out[key] = props;
        break;
      }
      case 'items':
      case 'not':
        out[key] = Array.isArray(value) ? {} : convert(asObject(value), key === 'not' || inLogic, depth + 1);
        break;
      case 'additionalProperties':
        out[key] = typeof value === 'boolean' ? value : convert(asObject(value), inLogic, depth + 1);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        out[key] = (Array.isArray(value) ? value : []).map((sub) => convert(asObject(sub), true, depth + 1));
        break;
      default:
        out[key] = value;
    }
  }
  if (node['x-kubernetes-int-or-string'] === true) {
    delete out['type'];
    // Kubernetes schemas often spell the alternatives out themselves; keep theirs when they do.
    out['anyOf'] ??= [{ type: 'integer' }, { type: 'string' }];
  }
  if (node['x-kubernetes-embedded-resource'] === true) {
    const props = asObject(out['properties']);
    out['properties'] = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...props };
  }
  const keepsUnknown = node['x-kubernetes-preserve-unknown-fields'] === true || node['x-kubernetes-embedded-resource'] === true;
  if (!inLogic && !keepsUnknown && out['properties'] !== undefined && out['additionalProperties'] === undefined) {
    out['additionalProperties'] = false;
  }
  return out;
}

function asObject(value: unknown): JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : {};
}
