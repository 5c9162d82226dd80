// Test helpers for the cluster catalog source: a recorder of its events (so tests wait for an event with a
// bounded timeout instead of sleeping), and the platform objects the cluster suites apply.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ClusterCatalog, ClusterCatalogOptions, ClusterState } from '#server/sources/cluster/clusterCatalog';
import type { Contribution } from '#server/core/catalog/types';
import type { KubeApiServer, KubeUser } from './kubeApiServer';
import { CROSSPLANE_CRDS_DIR } from './crossplaneCrds';

export interface Recorded {
  catalog: ClusterCatalog;
  changes: { at: number; contribution: Contribution }[];
  states: { at: number; state: ClusterState }[];
  logs: string[];
  /** The first change (already seen or to come, after `since`) whose contribution satisfies `predicate`. */
  change(predicate: (c: Contribution) => boolean, options?: { since?: number; timeoutMs?: number }): Promise<{ at: number; contribution: Contribution }>;
  state(predicate: (s: ClusterState) => boolean, options?: { since?: number; timeoutMs?: number }): Promise<{ at: number; state: ClusterState }>;
}

/** Starts a ClusterCatalog on the harness's kubeconfig and records what it reports. */
export async function startRecorded(kube: KubeApiServer, user: KubeUser = 'admin', options: Partial<ClusterCatalogOptions> = {}): Promise<Recorded> {
  type Entry<T> = { at: number; value: T };
  const changes: Entry<Contribution>[] = [];
  const states: Entry<ClusterState>[] = [];
  const waiters: (() => void)[] = [];
  const notify = () => waiters.splice(0).forEach((w) => w());
  const logs: string[] = [];
  const catalog = new ClusterCatalog(
    { path: kube.kubeconfigPath, context: kube.contexts[user], trusted: true, ...options },
    {
      onChange: (contribution) => {
        changes.push({ at: performance.now(), value: contribution });
        notify();
      },
      onState: (state) => {
        states.push({ at: performance.now(), value: state });
        notify();
      },
      log: (line) => logs.push(line),
    },
  );
  const waitIn = <T>(list: Entry<T>[], what: string) => (predicate: (v: T) => boolean, opts: { since?: number; timeoutMs?: number } = {}): Promise<{ at: number; value: T }> =>
    new Promise((resolve, reject) => {
      const timeoutMs = opts.timeoutMs ?? 15_000;
      const check = (): boolean => {
        const found = list.find((e) => e.at >= (opts.since ?? 0) && predicate(e.value));
        if (found) resolve(found);
        return !!found;
      };
      if (check()) return;
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms; last: ${JSON.stringify(list.at(-1)?.value && what === 'state' ? list.at(-1)?.value : list.length)}`)), timeoutMs);
      const again = () => {
        if (check()) clearTimeout(timer);
        else waiters.push(again);
      };
      waiters.push(again);
    });
  await catalog.start();
  const changeIn = waitIn(changes, 'change');
  const stateIn = waitIn(states, 'state');
  return {
    catalog,
    get changes() {
      return changes.map((c) => ({ at: c.at, contribution: c.value }));
    },
    get states() {
      return states.map((s) => ({ at: s.at, state: s.value }));
    },
    logs,
    change: async (predicate, opts) => {
      const found = await changeIn(predicate, opts);
      return { at: found.at, contribution: found.value };
    },
    state: async (predicate, opts) => {
      const found = await stateIn(predicate, opts);
      return { at: found.at, state: found.value };
    },
  };
}

export const hasCapability = (kind: string) => (c: Contribution): boolean => c.capabilities.some((cap) => cap.kind === kind);

/** Fails with kubectl's own output when it did not exit 0. */
export async function kubectlOk(kube: KubeApiServer, args: string[], input?: string): Promise<string> {
  const result = await kube.kubectl(args, { input });
  assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

/** Installs Crossplane's own CRDs (XRD and Composition, the project's fixture copy) as Crossplane's Helm chart would. */
export async function installCrossplaneCrds(kube: KubeApiServer): Promise<void> {
  for (const file of ['apiextensions.crossplane.io_compositeresourcedefinitions.yaml', 'apiextensions.crossplane.io_compositions.yaml']) {
    await kubectlOk(kube, ['apply', '--server-side', '-f', join(CROSSPLANE_CRDS_DIR, file)]);
  }
  await kubectlOk(kube, ['wait', '--for=condition=Established', '--timeout=60s', 'crd/compositeresourcedefinitions.apiextensions.crossplane.io', 'crd/compositions.apiextensions.crossplane.io']);
}

/** A v1 XRD offering claim `claimKind` (composite `X<claimKind>`) in `group`, with a `size` parameter (small | large). */
export function xrd(group: string, claimKind: string, apiVersion: 'v1' | 'v2' = 'v1'): string {
  const plural = `x${claimKind.toLowerCase()}s`;
  return `apiVersion: apiextensions.crossplane.io/${apiVersion}
kind: CompositeResourceDefinition
metadata:
  name: ${plural}.${group}
spec:
  group: ${group}
  names: { kind: X${claimKind}, plural: ${plural} }
${apiVersion === 'v1' ? `  claimNames: { kind: ${claimKind}, plural: ${claimKind.toLowerCase()}s }\n` : ''}  versions:
    - name: v1alpha1
      served: true
      referenceable: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                parameters:
                  type: object
                  required: [size]
                  properties:
                    size: { type: string, enum: [small, large] }
`;
}

/** A claim of the XRD above, in namespace `default`. */
export function claim(group: string, claimKind: string, size: string): string {
  return `apiVersion: ${group}/v1alpha1
kind: ${claimKind}
metadata: { name: first, namespace: default }
spec:
  parameters:
    size: ${size}
`;
}
