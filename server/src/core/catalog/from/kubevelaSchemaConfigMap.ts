/**
 * The parameter-schema ConfigMaps the vela-core controller writes for every definition (kubevela
 * `pkg/controller/utils/capability.go`, `CreateOrUpdateConfigMap`): name `<type>-schema-<definition>`
 * (plus `-v<N>` per revision), labels `definition.oam.dev: schema` and `definition.oam.dev/name`, data
 * key `openapi-v3-json-schema`. Only ConfigMaps of exactly that shape are read; any other ConfigMap is
 * not a definition. The schema overrides the one derived from CUE (`catalog/kubevelaOverlay.ts`).
 */
import type { ParsedDocument } from '../../parse/document';
import type { KubeVelaDefinitionKind } from '../kubevelaFacts';
import { Capability, Contribution, JsonSchema, Provenance, typeCapabilityId } from '../types';
import { at, obj, problem, spanAt, str } from './helpers';
import { KUBEVELA_GROUP, ROLE_OF_KIND } from './kubevelaCapability';

const SCHEMA_KEY = 'openapi-v3-json-schema';
const NAME = /^(component|trait|policy|workflowstep)-schema-(.+?)(?:-(v\d+))?$/;
const KIND_OF_TYPE: Record<string, KubeVelaDefinitionKind> = {
  component: 'ComponentDefinition',
  trait: 'TraitDefinition',
  policy: 'PolicyDefinition',
  workflowstep: 'WorkflowStepDefinition',
};

/** Whether a ConfigMap is a definition's schema: by its data key and its name (or labels). */
export function isSchemaConfigMap(value: unknown): boolean {
  const name = str(at(value, 'metadata', 'name'));
  return typeof at(value, 'data', SCHEMA_KEY) === 'string' && name !== undefined && NAME.test(name);
}

export function fromSchemaConfigMap(doc: ParsedDocument, uri: string, source: Provenance['source']): Contribution | undefined {
  if (!isSchemaConfigMap(doc.value)) return undefined;
  const out: Contribution = { capabilities: [], compositions: [], problems: [] };
  const cmName = str(at(doc.value, 'metadata', 'name'))!;
  const [, type, fromName, revision] = NAME.exec(cmName)!;
  // The label is exact; the name is ambiguous when a definition's own name ends in `-v<N>`.
  const labelled = str(at(doc.value, 'metadata', 'labels', 'definition.oam.dev/name'));
  let name = fromName!;
  let version = revision ?? 'default';
  if (labelled) {
    const base = `${type}-schema-${labelled}`;
    const rest = cmName.startsWith(base) ? cmName.slice(base.length) : '';
    name = labelled;
    version = /^-v\d+$/.test(rest) ? rest.slice(1) : 'default';
  }
  const parsed = parseSchema(str(at(doc.value, 'data', SCHEMA_KEY))!);
  if (!parsed.ok) {
    out.problems.push(problem(doc, uri, ['data', SCHEMA_KEY], `${cmName}: ${parsed.problem}`));
    return out;
  }
  const definitionKind = KIND_OF_TYPE[type!]!;
  const role = ROLE_OF_KIND[definitionKind];
  const capability: Capability = {
    id: typeCapabilityId(role, name),
    group: KUBEVELA_GROUP,
    kind: name,
    role,
    scope: 'Namespaced',
    versions: [{ name: version, served: true, schema: parsed.schema }],
    kubevela: { definitionKind, parametersDerived: 'configmap', isSchemaOnly: true },
    origin: { source, uri, nameSpan: spanAt(doc, ['metadata', 'name']) },
  };
  out.capabilities.push(capability);
  return out;
}

type ParsedSchema = { ok: true; schema: JsonSchema } | { ok: false; problem: string };

/** The payload as the controller writes it, or raw `cue def --openapi` output (`components.schemas.parameter`). */
function parseSchema(text: string): ParsedSchema {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `${SCHEMA_KEY} is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const schema = obj(at(value, 'components', 'schemas', 'parameter')) ?? obj(value);
  if (!schema) return { ok: false, problem: `${SCHEMA_KEY} is not a JSON object` };
  return { ok: true, schema: fixDescriptions(schema, 0) };
}

/** KubeVela's FixOpenAPISchema strips the `+usage=` marker from descriptions; older payloads still carry it. */
function fixDescriptions(schema: JsonSchema, depth: number): JsonSchema {
  if (depth > 64) return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' && typeof value === 'string') out[key] = value.replace(/^\+usage=/, '');
    else if (Array.isArray(value)) out[key] = value.map((v) => (obj(v) ? fixDescriptions(obj(v)!, depth + 1) : v));
    else if (obj(value)) out[key] = fixDescriptions(obj(value)!, depth + 1);
    else out[key] = value;
  }
  return out;
}
