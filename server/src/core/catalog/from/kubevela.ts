/**
 * KubeVela definition objects (`core.oam.dev` ComponentDefinition, TraitDefinition, PolicyDefinition,
 * WorkflowStepDefinition, WorkloadDefinition) → one type capability each. The parameter schema comes
 * from the CUE template's `parameter` block (`cue/parameters.ts`) or a `kube` schematic's parameter
 * list; a schema ConfigMap (`from/kubevelaSchemaConfigMap.ts`) overrides it when the catalog has one.
 */
import { parametersOfTemplate } from '../../cue/parameters';
import type { ParsedDocument } from '../../parse/document';
import type { KubeVelaDefinitionKind } from '../kubevelaFacts';
import type { Contribution, Provenance } from '../types';
import { at, list, obj, problem, spanAt, str, strings } from './helpers';
import { KubeVelaDefinition, kubeParametersSchema, kubevelaCapability, Parameters, parametersHint, workloadTypeOf } from './kubevelaCapability';

export const KUBEVELA_DEFINITION_KINDS: readonly KubeVelaDefinitionKind[] = ['ComponentDefinition', 'TraitDefinition', 'PolicyDefinition', 'WorkflowStepDefinition', 'WorkloadDefinition'];

export function fromKubeVelaDefinition(doc: ParsedDocument, uri: string, source: Provenance['source']): Contribution {
  const out: Contribution = { capabilities: [], compositions: [], problems: [] };
  const definitionKind = doc.head!.kind as KubeVelaDefinitionKind;
  const name = str(at(doc.value, 'metadata', 'name'));
  if (!name) {
    out.problems.push(problem(doc, uri, ['metadata'], `${definitionKind} needs metadata.name: it is the type name Applications use`));
    return out;
  }
  const spec = obj(at(doc.value, 'spec')) ?? {};
  const labels = obj(at(doc.value, 'metadata', 'labels'));
  const definition: KubeVelaDefinition = {
    definitionKind,
    name,
    description: str(at(doc.value, 'metadata', 'annotations', 'definition.oam.dev/description')),
    // A WorkloadDefinition's name is the workload type itself (`deployments.apps`).
    workload: definitionKind === 'WorkloadDefinition' ? name : definitionKind === 'ComponentDefinition' ? workloadTypeOf(spec['workload']) : undefined,
    appliesToWorkloads: definitionKind === 'TraitDefinition' ? strings(spec['appliesToWorkloads']) : undefined,
    conflictsWith: definitionKind === 'TraitDefinition' ? strings(spec['conflictsWith']) : undefined,
    isDeprecated: labels?.['custom.definition.oam.dev/deprecated'] === 'true',
    parameters: parametersOf(obj(spec['schematic'])),
    origin: { source, uri, nameSpan: spanAt(doc, ['metadata', 'name']) },
  };
  out.capabilities.push(kubevelaCapability(definition));
  const hint = parametersHint(definition, uri, spanAt(doc, templatePath(obj(spec['schematic']))));
  if (hint) out.problems.push(hint);
  return out;
}

function parametersOf(schematic: Record<string, unknown> | undefined): Parameters {
  const template = str(at(schematic, 'cue', 'template'));
  if (template !== undefined) {
    const derived = parametersOfTemplate(template);
    if (!derived.ok) {
      const line = derived.offset === undefined ? '' : ` at line ${template.slice(0, derived.offset).split('\n').length} of the template`;
      return { derived: 'none', problem: `${derived.problem}${line}` };
    }
    // No `parameter` field: KubeVela unifies the properties with nothing, so any properties are accepted.
    return { derived: 'cue', schema: derived.schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } };
  }
  const kube = obj(schematic?.['kube']);
  if (kube) return { derived: 'kube', schema: kubeParametersSchema(list(kube['parameters'])) };
  if (schematic?.['terraform'] !== undefined) return { derived: 'none', problem: 'they are the variables of its Terraform module, which is not read offline' };
  if (schematic?.['helm'] !== undefined) return { derived: 'none', problem: 'they are the values of its Helm chart, which is not read offline' };
  // No schematic at all (a WorkloadDefinition naming a CRD, a trait implemented by a controller).
  return { derived: 'none' };
}

function templatePath(schematic: Record<string, unknown> | undefined): string[] {
  if (at(schematic, 'cue', 'template') !== undefined) return ['spec', 'schematic', 'cue', 'template'];
  if (schematic?.['terraform'] !== undefined) return ['spec', 'schematic', 'terraform'];
  if (schematic?.['helm'] !== undefined) return ['spec', 'schematic', 'helm'];
  return ['metadata', 'name'];
}
