/**
 * The names of the definitions the vela-core Helm chart installs into every KubeVela cluster
 * (`charts/vela-core/templates/defwithtemplate/`, kubevela commit 5a44b5f, as in the shared corpus).
 * Names only: an Application that uses one of them is not told "not offered" when the workspace lacks
 * its definition, because the cluster has it anyway. Its properties are checked only when the catalog
 * holds the definition (from the workspace or a cluster).
 */
import type { TypeRole } from './types';

const BUILTINS: Partial<Record<TypeRole, readonly string[]>> = {
  component: ['cron-task', 'daemon', 'helmchart', 'k8s-objects', 'raw', 'ref-objects', 'statefulset', 'task', 'webservice', 'worker'],
  trait: [
    'affinity', 'annotations', 'command', 'configmap', 'container-image', 'container-ports', 'cpuscaler', 'env', 'expose', 'gateway',
    'hostalias', 'hpa', 'ingress', 'ingress-1-20', 'init-container', 'json-merge-patch', 'json-patch', 'k8s-update-strategy', 'labels',
    'lifecycle', 'nocalhost', 'node-affinity', 'podsecuritycontext', 'pure-ingress', 'pvc', 'resource', 'scaler', 'securitycontext',
    'service-account', 'service-binding', 'sidecar', 'startup-probe', 'storage', 'topologyspreadconstraints', 'volumes',
  ],
  policy: ['apply-once', 'envbinding', 'garbage-collect', 'override', 'read-only', 'replication', 'resource-update', 'shared-resource', 'take-over', 'topology'],
  'workflow-step': [
    'apply-application', 'apply-application-in-parallel', 'apply-component', 'apply-deployment', 'apply-object', 'apply-remaining',
    'apply-terraform-config', 'apply-terraform-provider', 'build-push-image', 'check-metrics', 'clean-jobs', 'collect-service-endpoints',
    'create-config', 'delete-config', 'depends-on-app', 'deploy', 'deploy-cloud-resource', 'deploy2env', 'deploy2runtime', 'export-data',
    'export-service', 'export2config', 'export2secret', 'generate-jdbc-connection', 'list-config', 'notification', 'print-message-in-status',
    'read-config', 'read-object', 'request', 'restart-workflow', 'share-cloud-resource', 'step-group', 'suspend', 'vela-cli', 'webhook',
  ],
};

const SETS = new Map<TypeRole, Set<string>>(Object.entries(BUILTINS).map(([role, names]) => [role as TypeRole, new Set(names)]));

export function isKubeVelaBuiltin(role: TypeRole, name: string): boolean {
  return SETS.get(role)?.has(name) ?? false;
}

export function kubevelaBuiltinNames(role: TypeRole): readonly string[] {
  return BUILTINS[role] ?? [];
}
