/**
 * Live status of the instances workspace manifests declare (claims, XRs, custom resources, KubeVela
 * Applications), as the server sends it to clients (`platformAware/instances`, docs/protocol.md) and the
 * CLI prints it. Plain data: no cluster access here.
 */

/**
 * Ready: the platform says it is usable. Progressing: being created or updated (or not yet reconciled).
 * Failed: the platform gave up or reports an error. Missing: not on the cluster. Unknown: the cluster
 * cannot be asked (offline, RBAC forbids reading the type) or the object says nothing about readiness.
 */
export type InstanceState = 'Ready' | 'Progressing' | 'Failed' | 'Missing' | 'Unknown';

export const INSTANCE_STATES: readonly InstanceState[] = ['Ready', 'Progressing', 'Failed', 'Missing', 'Unknown'];

/** A manifest document that declares an instance: where, and which object it names. */
export interface DeclaredInstance {
  /** `<uri>#<documentIndex>`: stable while the document keeps its place in the file. */
  id: string;
  uri: string;
  /** The document's index in its file. */
  documentIndex: number;
  /** Zero-based line of the document's `kind` (where a CodeLens goes). */
  line: number;
  apiVersion: string;
  group: string;
  version: string;
  kind: string;
  name: string;
  /** The manifest's own namespace (undefined: the configured one, or cluster-scoped). */
  namespace?: string;
  /** `Namespaced` or `Cluster`, from the catalog. */
  scope: 'Namespaced' | 'Cluster';
  /** Plural resource name, from the catalog (undefined: learnt from discovery). */
  plural?: string;
  /** The connection Secret the manifest asks for (`writeConnectionSecretToRef`). */
  connectionSecret?: { name: string; namespace?: string };
}

/** What an object's status says, in the terms of InstanceState. */
export interface ObservedState {
  state: InstanceState;
  /** Crossplane's conditions, when the object has them. */
  synced?: boolean;
  ready?: boolean;
  /** The deciding condition's reason (`Creating`, `ReconcileError`) or KubeVela's status (`runningWorkflow`). */
  reason?: string;
  message?: string;
  /** ISO time the deciding condition last changed. */
  since?: string;
}

export interface ChildStatus extends ObservedState {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface InstanceStatus extends ObservedState {
  /** The DeclaredInstance id. */
  id: string;
  uri: string;
  documentIndex: number;
  line: number;
  apiVersion: string;
  kind: string;
  name: string;
  /** Where it is looked up (undefined: cluster-scoped). */
  namespace?: string;
  /** The connection Secret, and whether it exists on the cluster (undefined: cannot tell). */
  connectionSecret?: { name: string; namespace?: string; present?: boolean };
  /** Composed resources (Crossplane `resourceRefs`, the XR of a claim) or KubeVela services. */
  children: ChildStatus[];
}

/**
 * `platformAware/instances`, server → client. `reset`: drop everything known before (a new context, the
 * cluster went away); then `upsert` replaces instances by id and `remove` drops ids. `summary` counts all
 * instances after the change.
 */
export interface InstancesNotification {
  context?: string;
  namespace?: string;
  reset: boolean;
  upsert: InstanceStatus[];
  remove: string[];
  summary: Record<InstanceState, number> & { total: number };
}

export const INSTANCES_NOTIFICATION = 'platformAware/instances';
