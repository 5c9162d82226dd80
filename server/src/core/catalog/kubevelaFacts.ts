/** What the catalog knows about a KubeVela definition beyond its parameter schema (`Capability.kubevela`). */

export type KubeVelaDefinitionKind = 'ComponentDefinition' | 'TraitDefinition' | 'PolicyDefinition' | 'WorkflowStepDefinition' | 'WorkloadDefinition';

export interface KubeVelaFacts {
  /** The definition object's kind; a `vela def` CUE file names it through its `type:` attribute. */
  definitionKind: KubeVelaDefinitionKind;
  /**
   * A component's workload type, the name traits' `appliesToWorkloads` match (`deployments.apps`):
   * `spec.workload.type`, or derived from `spec.workload.definition` (`apps/v1` `Deployment`).
   */
  workload?: string;
  /** A trait's `appliesToWorkloads`; absent or empty means "any workload". */
  appliesToWorkloads?: string[];
  /** A trait's `conflictsWith`. */
  conflictsWith?: string[];
  /**
   * Where the parameter schema came from: the controller's `<type>-schema-<name>` ConfigMap, the CUE
   * `parameter` block, the `kube` schematic's parameter list, or nowhere (`none`: properties are not
   * checked, and `parametersProblem` says why).
   */
  parametersDerived: 'configmap' | 'cue' | 'kube' | 'none';
  parametersProblem?: string;
  /** Labelled `custom.definition.oam.dev/deprecated: "true"` (the chart's `deprecated/` definitions). */
  isDeprecated?: boolean;
  /**
   * Contributed by a schema ConfigMap alone: it supplies the parameter schema of the definition of the
   * same type and name, and offers nothing by itself.
   */
  isSchemaOnly?: boolean;
}
