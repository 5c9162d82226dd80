import type { Catalog } from '../catalog/types';
import type { Validators } from '../schema/validators';
import type { DaprIndex } from '../workspace/dapr';
import type { SecretIndex } from '../workspace/secrets';

/** Plain options the adapter derives from settings; the core never reads configuration itself. */
export interface CheckOptions {
  /** How `unknown-field` is reported. */
  unknownFields: 'warning' | 'error' | 'ignore';
  /** With a cluster connected, a Secret nobody provides is an error; without, it may exist there (warning). */
  clusterConnected: boolean;
  /**
   * With a cluster connected: the namespaces whose Secrets the cluster listed (metadata only). A workload
   * elsewhere cannot be told from the cluster, so its missing Secret stays a warning. Undefined: all.
   */
  clusterSecretNamespaces?: readonly string[];
  /** The namespace a manifest without one is applied to (the kubeconfig context's). */
  defaultNamespace?: string;
}

export const DEFAULT_CHECK_OPTIONS: CheckOptions = { unknownFields: 'warning', clusterConnected: false };

export interface CheckContext {
  catalog: Catalog;
  validators: Validators;
  secrets: SecretIndex;
  options: CheckOptions;
  /** The file the document is in: Score workloads are also recognised by their name (`score*.yaml`). */
  uri?: string;
  /** Dapr Components and app-ids in the workspace; Dapr cross-references are not checked without it. */
  dapr?: DaprIndex;
}
