/**
 * The Dapr part of the workspace index: which Components exist (by name) and which app-ids workloads
 * declare. Dapr manifests refer to each other by name only (a Subscription's `pubsubname`, the `scopes`
 * of Components and Subscriptions), so the checks of one document need these facts about the others,
 * the way workload checks need the Secret index (`secrets.ts`).
 */
import { at, list, obj, str } from '../catalog/from/helpers';
import type { ParsedDocument } from '../parse/document';

export type DaprObject =
  | { kind: 'Component'; name: string; namespace?: string; type?: string }
  | { kind: 'App'; appId: string; namespace?: string };

export interface DaprIndex {
  readonly generation: number;
  /** Components of that name (any namespace; the caller compares namespaces). */
  components(name: string): readonly Extract<DaprObject, { kind: 'Component' }>[];
  /** Every app-id a workload in the workspace declares. */
  readonly appIds: ReadonlySet<string>;
}

/** Where each workload kind keeps its pod template's metadata (Dapr reads the pod's annotations). */
export const POD_METADATA_PATHS: Record<string, string[]> = {
  Pod: ['metadata'],
  Deployment: ['spec', 'template', 'metadata'],
  StatefulSet: ['spec', 'template', 'metadata'],
  DaemonSet: ['spec', 'template', 'metadata'],
  ReplicaSet: ['spec', 'template', 'metadata'],
  Job: ['spec', 'template', 'metadata'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
};

export function isDaprKind(doc: ParsedDocument, kind: string): boolean {
  return doc.head?.group === 'dapr.io' && doc.head.kind === kind;
}

/** The Dapr objects one document declares: a Component, or a workload's app-id. */
export function daprObjectsOf(doc: ParsedDocument): DaprObject[] {
  const head = doc.head;
  if (!head) return [];
  if (isDaprKind(doc, 'Component') && head.name) {
    return [{ kind: 'Component', name: head.name, namespace: head.namespace, type: str(at(doc.value, 'spec', 'type')) }];
  }
  const metadataPath = POD_METADATA_PATHS[head.kind];
  if (!metadataPath || !['', 'apps', 'batch'].includes(head.group)) return [];
  const annotations = obj(at(doc.value, ...metadataPath, 'annotations'));
  if (!annotations || String(annotations['dapr.io/enabled']) !== 'true') return [];
  // Without dapr.io/app-id the sidecar injector uses the workload's own name.
  const appId = str(annotations['dapr.io/app-id']) ?? head.name;
  return appId ? [{ kind: 'App', appId, namespace: head.namespace }] : [];
}

/** Documents whose findings depend on the Dapr index: they name Components or app-ids. */
export function usesDaprIndex(doc: ParsedDocument): boolean {
  if (isDaprKind(doc, 'Subscription')) return true;
  return isDaprKind(doc, 'Component') && list(obj(doc.value)?.['scopes']).length > 0;
}

export function daprKey(object: DaprObject): string {
  return object.kind === 'Component' ? `C|${object.name}|${object.namespace ?? ''}|${object.type ?? ''}` : `A|${object.appId}|${object.namespace ?? ''}`;
}

export function buildDaprIndex(objects: Iterable<DaprObject>, generation: number): DaprIndex {
  const components = new Map<string, Extract<DaprObject, { kind: 'Component' }>[]>();
  const appIds = new Set<string>();
  for (const object of objects) {
    if (object.kind === 'App') appIds.add(object.appId);
    else components.set(object.name, [...(components.get(object.name) ?? []), object]);
  }
  return { generation, components: (name) => components.get(name) ?? [], appIds };
}
