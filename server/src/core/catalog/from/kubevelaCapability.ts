/**
 * The one place a KubeVela definition becomes a Capability, whichever form it was written in (a YAML
 * definition object, `from/kubevela.ts`; a `vela def` CUE file, `from/kubevelaCueFile.ts`).
 */
import type { Span } from '../../text';
import type { KubeVelaDefinitionKind, KubeVelaFacts } from '../kubevelaFacts';
import { Capability, DefinitionProblem, JsonSchema, Provenance, TypeRole, typeCapabilityId } from '../types';
import { obj, str } from './helpers';

export const KUBEVELA_GROUP = 'core.oam.dev';

export const ROLE_OF_KIND: Record<KubeVelaDefinitionKind, TypeRole> = {
  ComponentDefinition: 'component',
  WorkloadDefinition: 'component',
  TraitDefinition: 'trait',
  PolicyDefinition: 'policy',
  WorkflowStepDefinition: 'workflow-step',
};

/** What a definition declares about its parameters. */
export type Parameters =
  | { derived: 'cue' | 'kube' | 'configmap'; schema: JsonSchema }
  | { derived: 'none'; problem?: string };

export interface KubeVelaDefinition {
  definitionKind: KubeVelaDefinitionKind;
  name: string;
  description?: string;
  workload?: string;
  appliesToWorkloads?: string[];
  conflictsWith?: string[];
  isDeprecated?: boolean;
  parameters: Parameters;
  origin: Provenance;
}

export function kubevelaCapability(def: KubeVelaDefinition): Capability {
  const role = ROLE_OF_KIND[def.definitionKind];
  const facts: KubeVelaFacts = { definitionKind: def.definitionKind, parametersDerived: def.parameters.derived };
  if (def.workload) facts.workload = def.workload;
  if (def.appliesToWorkloads) facts.appliesToWorkloads = def.appliesToWorkloads;
  if (def.conflictsWith?.length) facts.conflictsWith = def.conflictsWith;
  if (def.isDeprecated) facts.isDeprecated = true;
  if (def.parameters.derived === 'none' && def.parameters.problem) facts.parametersProblem = def.parameters.problem;
  return {
    id: typeCapabilityId(role, def.name),
    group: KUBEVELA_GROUP,
    kind: def.name,
    role,
    scope: 'Namespaced',
    versions: [{
      name: 'default',
      served: true,
      ...(def.parameters.derived === 'none'
        ? { schemaProblem: def.parameters.problem ?? 'the definition declares no parameters' }
        : { schema: def.parameters.schema }),
    }],
    description: def.description,
    kubevela: facts,
    origin: def.origin,
  };
}

/** The one hint a definition whose parameters cannot be derived gets (PRODUCT §2: "said so"). */
export function parametersHint(def: KubeVelaDefinition, uri: string, span: Span): DefinitionProblem | undefined {
  if (def.parameters.derived !== 'none' || !def.parameters.problem) return undefined;
  const role = ROLE_OF_KIND[def.definitionKind];
  return {
    code: 'definition-invalid',
    severity: 'hint',
    message: `The parameters of ${role.replace('-', ' ')} ${def.name} cannot be derived: ${def.parameters.problem}. Properties given to it are not checked (a ${role.replace('-', '')}-schema-${def.name} ConfigMap would supply them).`,
    uri,
    span,
  };
}

/** A component's workload type as traits name it: `spec.workload.type`, or `<plural>.<group>` of its definition. */
export function workloadTypeOf(workload: unknown): string | undefined {
  const type = str(obj(workload)?.['type']);
  if (type) return type;
  const definition = obj(obj(workload)?.['definition']);
  const apiVersion = str(definition?.['apiVersion']);
  const kind = str(definition?.['kind']);
  if (!apiVersion || !kind) return undefined;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return group ? `${plural(kind)}.${group}` : plural(kind);
}

/** Kubernetes' default plural of a kind (the resource name in `deployments.apps`). */
function plural(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** `kube` schematic parameters (`name`, `required`, `type`, `description`) → an object schema. */
export function kubeParametersSchema(parameters: unknown[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const raw of parameters) {
    const p = obj(raw);
    const name = str(p?.['name']);
    if (!p || !name) continue;
    const type = str(p['type']);
    properties[name] = { ...(type === 'number' ? { type: 'number' } : type === 'boolean' ? { type: 'boolean' } : type === 'string' ? { type: 'string' } : {}), ...(str(p['description']) ? { description: str(p['description']) } : {}) };
    if (p['required'] === true) required.push(name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}
