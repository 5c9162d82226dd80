/**
 * Every diagnostic code the checks produce: its default severity and its documentation anchor in
 * docs/rules.md. Codes are stable: add new ones, never rename one (PRODUCT §7).
 */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Rule {
  severity: Severity;
  summary: string;
}

export const RULES = {
  'yaml-syntax': { severity: 'error', summary: 'The document is not valid YAML 1.2.' },
  'unknown-capability': { severity: 'error', summary: 'The kind is not offered by the platform.' },
  'unknown-version': { severity: 'error', summary: 'The capability exists, but not in this version, or the version is not served.' },
  'deprecated-version': { severity: 'warning', summary: 'The version is deprecated by its definition.' },
  schema: { severity: 'error', summary: "A value violates the definition's schema." },
  'missing-required': { severity: 'error', summary: 'A required field or parameter is missing.' },
  'unknown-field': { severity: 'warning', summary: 'The definition declares no such field; the API server would prune it.' },
  'cel-violation': { severity: 'error', summary: 'A CEL validation rule (x-kubernetes-validations) of the definition fails.' },
  'composition-not-found': { severity: 'error', summary: 'compositionRef names no Composition for this composite type.' },
  'composition-selector-no-match': { severity: 'error', summary: 'compositionSelector matches no Composition for this composite type.' },
  'cluster-scoped-namespace': { severity: 'warning', summary: 'metadata.namespace is set on a cluster-scoped resource; the API server ignores it.' },
  'secret-not-provided': { severity: 'warning', summary: 'No claim, composite resource or Secret manifest provides the Secret a workload reads.' },
  'secret-key-unknown': { severity: 'error', summary: 'The workload reads a key the Secret does not have.' },
  'definition-invalid': { severity: 'error', summary: 'A definition (XRD, CRD, Composition) is itself invalid.' },
  'definition-conflict': { severity: 'warning', summary: 'Two definitions describe the same type and version.' },
  'trait-not-applicable': { severity: 'warning', summary: "A KubeVela trait is applied to a component whose workload is not among the trait's appliesToWorkloads." },
  'unknown-component-ref': { severity: 'error', summary: 'A KubeVela dependsOn names no component of the Application.' },
  'duplicate-name': { severity: 'error', summary: 'Two KubeVela components of one Application have the same name.' },
  'unknown-resource-type': { severity: 'error', summary: 'A Score resource type (with its class and id) no provisioner serves, or a Dapr component type no metadata.yaml declares.' },
  'unknown-placeholder': { severity: 'error', summary: 'A Score ${…} placeholder names no declared resource, no output of its provisioners, or no metadata key.' },
  'component-not-found': { severity: 'warning', summary: 'A Dapr Subscription names a pub/sub Component that no manifest defines.' },
  'app-id-not-found': { severity: 'warning', summary: 'A Dapr Component or Subscription is scoped to an app-id no workload declares.' },
  'dapr-annotation-misplaced': { severity: 'warning', summary: "dapr.io/* annotations are on the workload's own metadata, where the Dapr sidecar injector never reads them." },
  'provisioning-failed': { severity: 'warning', summary: 'The instance this manifest declares failed to provision on the connected cluster.' },
  'not-ready': { severity: 'warning', summary: 'The instance this manifest declares is missing on the connected cluster, or not ready yet (information while progressing).' },
  'not-a-resource': { severity: 'warning', summary: 'A document in a Kubernetes manifest file is not an object with apiVersion and kind.' },
  'file-too-large': { severity: 'information', summary: 'The file is larger than the validation limit and was not checked.' },
} as const satisfies Record<string, Rule>;

export type RuleCode = keyof typeof RULES;

/** Where each code is documented; `codeDescription.href` in diagnostics and `helpUri` in SARIF. */
export const RULES_DOC_URL = 'https://github.com/platform-aware/platform-aware/blob/main/docs/rules.md';

export function ruleDocUrl(code: RuleCode): string {
  return `${RULES_DOC_URL}#${code}`;
}
