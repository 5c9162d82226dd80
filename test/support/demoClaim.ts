// What the demo reconciler (demoReconciler.ts) writes for one claim: the composite resource (XR), the composed
// managed resources, the conditions and the connection Secret, built as plain objects here so the reconciler only
// sequences requests. Condition types, reasons and messages are Crossplane's (crossplane-runtime
// apis/common/v1/condition.go: ReconcileSuccess, ReconcileError, Creating, Available; crossplane
// internal/controller/apiextensions/claim: Waiting, "Composite resource claim is waiting for composite resource to
// become Ready"; composite: "Unready resources: ...", "cannot compose resources: ...").
import { createHash } from 'node:crypto';
import { composedResources, managedPlural, XrdKinds } from './crossplaneCrds';
import { KubeObject } from './kubeRest';

export interface Condition {
  type: 'Synced' | 'Ready';
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message?: string;
  lastTransitionTime: string;
}

export type NewCondition = Omit<Condition, 'lastTransitionTime'>;

export const reconcileSuccess: NewCondition = { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' };
export const reconcileError = (message: string): NewCondition => ({ type: 'Synced', status: 'False', reason: 'ReconcileError', message });
export const waiting: NewCondition = { type: 'Ready', status: 'False', reason: 'Waiting', message: 'Composite resource claim is waiting for composite resource to become Ready' };
export const creating = (message?: string): NewCondition => ({ type: 'Ready', status: 'False', reason: 'Creating', ...(message ? { message } : {}) });
export const available: NewCondition = { type: 'Ready', status: 'True', reason: 'Available' };

/** Kubernetes timestamps are RFC 3339 in whole seconds. */
export const timestamp = (at = new Date()): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function conditionsOf(object: KubeObject): Condition[] {
  return (object.status?.['conditions'] as Condition[] | undefined) ?? [];
}

/**
 * crossplane-runtime's ConditionedStatus.SetConditions: a condition equal to the current one of its type (type,
 * status, reason, message) is kept as it is, lastTransitionTime included; any other replaces it with a new time.
 */
export function setConditions(current: Condition[], updates: NewCondition[], now = timestamp()): { conditions: Condition[]; changed: boolean } {
  let changed = false;
  const conditions = [...current];
  for (const update of updates) {
    const i = conditions.findIndex((c) => c.type === update.type);
    const old = i >= 0 ? conditions[i] : undefined;
    if (old && old.status === update.status && old.reason === update.reason && (old.message ?? '') === (update.message ?? '')) continue;
    changed = true;
    const next = { ...update, lastTransitionTime: now };
    if (i >= 0) conditions[i] = next;
    else conditions.push(next);
  }
  return { conditions, changed };
}

export function hasCondition(object: KubeObject, wanted: NewCondition): boolean {
  return conditionsOf(object).some((c) => c.type === wanted.type && c.status === wanted.status && c.reason === wanted.reason);
}

/** Five lower-case characters from a hash: deterministic stand-ins for the random suffixes Crossplane uses. */
function suffix(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  return [...digest.subarray(0, 5)].map((b) => 'bcdfghjklmnpqrstvwxz2456789'[b % 27]).join('');
}

const specOf = (o: KubeObject): Record<string, unknown> => o.spec ?? {};

/**
 * Chooses the Composition as Crossplane does for a new XR: `compositionRef`, else `compositionSelector` labels,
 * else the XRD's `defaultCompositionRef`, else the only Composition for the XR's type.
 */
export function selectComposition(claim: KubeObject, kinds: XrdKinds, compositions: KubeObject[]): KubeObject | undefined {
  const forType = compositions.filter((c) => {
    const ref = (c.spec as { compositeTypeRef?: { apiVersion?: string; kind?: string } }).compositeTypeRef;
    return ref?.kind === kinds.composite.kind && ref.apiVersion?.startsWith(`${kinds.group}/`);
  });
  const spec = specOf(claim);
  const byName = (name: string | undefined) => forType.find((c) => c.metadata.name === name);
  const ref = (spec['compositionRef'] as { name?: string } | undefined)?.name;
  if (ref) return byName(ref);
  const labels = (spec['compositionSelector'] as { matchLabels?: Record<string, string> } | undefined)?.matchLabels;
  if (labels) return forType.find((c) => Object.entries(labels).every(([k, v]) => c.metadata.labels?.[k] === v));
  if (kinds.defaultCompositionName) return byName(kinds.defaultCompositionName);
  return forType.length === 1 ? forType[0] : undefined;
}

/**
 * Why this claim must fail, if it must: the demo platform's rules, so tests and demos can ask for a failure.
 * A name ending in `-fail` fails composition; `spec.parameters.storageGB` over 500 exceeds the provider's quota.
 */
export function demoFailureOf(claim: KubeObject, composition: KubeObject | undefined): string | undefined {
  if (!composition) return 'cannot select Composition: no compatible Compositions found';
  const firstResource = composedResources(composition)[0]?.name ?? 'resource';
  if (claim.metadata.name.endsWith('-fail')) {
    return `cannot compose resources: cannot run Composition pipeline step "patch-and-transform": cannot apply composed resource "${firstResource}": the demo platform fails every claim whose name ends in "-fail"`;
  }
  const storageGB = (specOf(claim)['parameters'] as { storageGB?: unknown } | undefined)?.storageGB;
  if (typeof storageGB === 'number' && storageGB > 500) {
    return `cannot compose resources: cannot apply composed resource "${firstResource}": create failed: InstanceQuotaExceeded: requested storage of ${storageGB} GiB exceeds the quota of 500 GiB for this account`;
  }
  return undefined;
}

export interface ComposedRef {
  apiVersion: string;
  kind: string;
  name: string;
  /** The Composition's name for it (`rds-instance`), used in Crossplane's messages. */
  resourceName: string;
  plural: string;
  base: Record<string, unknown>;
}

/** The name of the claim's XR: `<claim>-<suffix>` as Crossplane names it, derived from the claim's uid. */
export function compositeName(claim: KubeObject): string {
  return `${claim.metadata.name}-${suffix(claim.metadata.uid ?? claim.metadata.name)}`;
}

export function composedRefs(xrName: string, composition: KubeObject | undefined): ComposedRef[] {
  if (!composition) return [];
  return composedResources(composition).map((r) => ({ apiVersion: r.apiVersion, kind: r.kind, name: `${xrName}-${suffix(`${xrName}/${r.name}`)}`, resourceName: r.name, plural: managedPlural(r.kind), base: r.base }));
}

/** The claim's XR: the claim's spec minus claim-only fields, bound back to the claim (claimRef, labels). */
export function compositeFor(claim: KubeObject, kinds: XrdKinds, composition: KubeObject | undefined, composed: ComposedRef[]): KubeObject {
  const { writeConnectionSecretToRef: _secret, compositeDeletePolicy: _policy, resourceRef: _ref, ...spec } = specOf(claim);
  const name = compositeName(claim);
  return {
    apiVersion: `${kinds.group}/${kinds.version}`,
    kind: kinds.composite.kind,
    metadata: {
      name,
      labels: { 'crossplane.io/claim-name': claim.metadata.name, 'crossplane.io/claim-namespace': claim.metadata.namespace ?? '', 'crossplane.io/composite': name },
    },
    spec: {
      ...spec,
      ...(composition ? { compositionRef: { name: composition.metadata.name } } : {}),
      claimRef: { apiVersion: claim.apiVersion, kind: claim.kind, name: claim.metadata.name, namespace: claim.metadata.namespace },
      resourceRefs: composed.map(({ apiVersion, kind, name: n }) => ({ apiVersion, kind, name: n })),
    },
  };
}

/** A composed managed resource, labelled with its XR and claim as Crossplane labels them. */
export function managedFor(ref: ComposedRef, xr: KubeObject, claim: KubeObject): KubeObject {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: {
      name: ref.name,
      labels: { 'crossplane.io/composite': xr.metadata.name, 'crossplane.io/claim-name': claim.metadata.name, 'crossplane.io/claim-namespace': claim.metadata.namespace ?? '' },
    },
    spec: { ...((ref.base['spec'] as Record<string, unknown> | undefined) ?? {}) },
  };
}

/** The connection Secret: every key the XRD declares, with dummy values (nothing real is provisioned). */
export function connectionSecretFor(claim: KubeObject, kinds: XrdKinds): KubeObject | undefined {
  const name = (specOf(claim)['writeConnectionSecretToRef'] as { name?: string } | undefined)?.name;
  if (!name) return undefined;
  const data = Object.fromEntries(kinds.connectionSecretKeys.map((key) => [key, Buffer.from(`demo-${key}`).toString('base64')]));
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    // Crossplane writes connection Secrets with this type.
    type: 'connection.crossplane.io/v1alpha1',
    metadata: { name, namespace: claim.metadata.namespace, labels: { 'crossplane.io/claim-name': claim.metadata.name } },
    data,
  };
}
