/**
 * What the cluster source watches, and which of it the API server serves (discovery). Each resource is
 * watched only when its API exists: Crossplane and KubeVela are optional on a cluster.
 */
import { getJson, KubeConfig } from './client';

export interface WatchedResource {
  /** `<plural>.<group>` (`configmaps` for the core group), as RBAC and kubectl name it. */
  name: string;
  group: string;
  version: string;
  plural: string;
  /** Listed in this namespace only; undefined: cluster-scoped or all namespaces. */
  namespace?: string;
}

interface Wanted {
  group: string;
  /** Preferred first. XRDs are read as v2 when served: the stored object then always carries `spec.scope`
   * (v1 defaults it to LegacyCluster, v2 to Namespaced), so the builder sees what Crossplane acts on. */
  versions: string[];
  plural: string;
  namespace?: string;
  /** Watched only when this group is served too (KubeVela's schema ConfigMaps). */
  onlyWith?: string;
}

const KUBEVELA = 'core.oam.dev';

const WANTED: Wanted[] = [
  { group: 'apiextensions.k8s.io', versions: ['v1'], plural: 'customresourcedefinitions' },
  { group: 'apiextensions.crossplane.io', versions: ['v2', 'v1'], plural: 'compositeresourcedefinitions' },
  { group: 'apiextensions.crossplane.io', versions: ['v1'], plural: 'compositions' },
  ...['componentdefinitions', 'traitdefinitions', 'policydefinitions', 'workflowstepdefinitions'].map((plural) => ({ group: KUBEVELA, versions: ['v1beta1'], plural })),
  // KubeVela's controller writes each definition's parameter schema into a ConfigMap in vela-system.
  { group: '', versions: ['v1'], plural: 'configmaps', namespace: 'vela-system', onlyWith: KUBEVELA },
];

/** `<plural>.<group>` when a CRD of that group and plural would serve a resource the source watches. */
export function wantedName(group: string, plural: string): string | undefined {
  return WANTED.some((w) => w.group === group && w.plural === plural) ? `${plural}.${group}` : undefined;
}

export function listPath(resource: WatchedResource): string {
  const base = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
  return `${base}${resource.namespace ? `/namespaces/${resource.namespace}` : ''}/${resource.plural}`;
}

export type Discovery = { ok: true; resources: WatchedResource[] } | { ok: false; status: number; message: string };

/**
 * The wanted resources the server serves: `/apis` says which group versions exist, then one request per
 * group version says which resources it has. Discovery is open to every authenticated user.
 */
export async function discover(kc: KubeConfig): Promise<Discovery> {
  const groups = await getJson(kc, '/apis');
  if (!groups.ok) return groups;
  const served = new Set<string>();
  for (const group of list((groups.body as { groups?: unknown }).groups)) {
    for (const version of list((group as { versions?: unknown }).versions)) {
      const gv = (version as { groupVersion?: unknown }).groupVersion;
      if (typeof gv === 'string') served.add(gv);
    }
  }
  served.add('v1'); // the core group is always there
  const resourcesOf = new Map<string, Set<string> | undefined>();
  const resources: WatchedResource[] = [];
  for (const wanted of WANTED) {
    if (wanted.onlyWith && ![...served].some((gv) => gv.startsWith(`${wanted.onlyWith}/`))) continue;
    for (const version of wanted.versions) {
      const gv = wanted.group ? `${wanted.group}/${version}` : version;
      if (!served.has(gv)) continue;
      if (!resourcesOf.has(gv)) resourcesOf.set(gv, await resourceNames(kc, gv));
      const names = resourcesOf.get(gv);
      if (names && !names.has(wanted.plural)) continue;
      const name = wanted.group ? `${wanted.plural}.${wanted.group}` : wanted.plural;
      resources.push({ name, group: wanted.group, version, plural: wanted.plural, ...(wanted.namespace ? { namespace: wanted.namespace } : {}) });
      break;
    }
  }
  return { ok: true, resources };
}

/** The resource names of a group version; undefined when the server would not say (then it is tried anyway). */
async function resourceNames(kc: KubeConfig, groupVersion: string): Promise<Set<string> | undefined> {
  const answer = await getJson(kc, groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`);
  if (!answer.ok) return undefined;
  return new Set(list((answer.body as { resources?: unknown }).resources).map((r) => String((r as { name?: unknown }).name)));
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
