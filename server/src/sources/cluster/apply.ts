/**
 * Server-side apply of one object on the connected cluster, as field manager `platform-aware`: the only
 * cluster write the project makes. A dry run and the real apply are the same call (`dryRun: All` or not),
 * so what the dry run said is what the apply does. The existing object is read first to tell created,
 * changed and unchanged apart. Never throws: every failure is an outcome carrying the API server's own
 * message, verbatim. Secrets are refused: applying one would read its values back from the API server (and
 * the project never reads Secret values); the result of any other apply is still stripped of Secret data.
 */
import type { ClusterConnectionInfo } from './clusterCatalog';
import type { ClientNode, KubeConfig, KubernetesObject } from './client';

export const FIELD_MANAGER = 'platform-aware';

export type AppliedResult = 'created' | 'changed' | 'unchanged';

export type ApplyOutcome =
  | {
      ok: true;
      outcome: AppliedResult;
      /** The object as the API server returned it (Secret data removed), namespace filled in. */
      object: KubernetesObject;
      /** Paths of the fields the apply changes (`spec.parameters.size`); empty unless `changed`. */
      changedPaths: string[];
    }
  | {
      ok: false;
      /** The HTTP status; 0 when the API server gave no answer. */
      status: number;
      /** The API server's Status message, verbatim; ours only when it did not answer. */
      message: string;
    };

/** What an object is, read from a manifest: enough to name it and to find its API. */
export interface ApplyTarget {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** The target of a manifest, or why it cannot be applied (a sentence). */
export function applyTarget(manifest: unknown): { ok: true; target: ApplyTarget } | { ok: false; message: string } {
  if (!isRecord(manifest)) return { ok: false, message: 'the manifest is not a mapping' };
  const { apiVersion, kind, metadata } = manifest;
  if (typeof apiVersion !== 'string' || !apiVersion) return { ok: false, message: 'the manifest has no apiVersion' };
  if (typeof kind !== 'string' || !kind) return { ok: false, message: 'the manifest has no kind' };
  if (apiVersion === 'v1' && kind === 'Secret') return { ok: false, message: 'Platform Aware does not apply Secrets: the API server would send their values back. Create it with kubectl or your secret manager' };
  const name = isRecord(metadata) ? metadata['name'] : undefined;
  if (typeof name !== 'string' || !name) return { ok: false, message: 'the manifest has no metadata.name' };
  const namespace = isRecord(metadata) && typeof metadata['namespace'] === 'string' && metadata['namespace'] ? metadata['namespace'] : undefined;
  return { ok: true, target: { apiVersion, kind, name, ...(namespace ? { namespace } : {}) } };
}

/** `Kind namespace/name` (or `Kind name` when cluster-scoped), as messages name an object. */
export function describeObject(target: Pick<ApplyTarget, 'kind' | 'name' | 'namespace'>): string {
  return `${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name}`;
}

/**
 * Applies `manifest` (a plain object parsed from one YAML document). A namespaced type without
 * `metadata.namespace` gets the connection's namespace; a cluster-scoped one is left without.
 */
export async function applyManifest(connection: ClusterConnectionInfo, manifest: Record<string, unknown>, options: { dryRun: boolean }): Promise<ApplyOutcome> {
  const found = applyTarget(manifest);
  if (!found.ok) return { ok: false, status: 0, message: found.message };
  const { k8s, kc } = connection;
  const api = objectApi(k8s, kc);
  const target = found.target;

  let namespaced: boolean | undefined;
  try {
    namespaced = await api.namespaced(target.apiVersion, target.kind);
  } catch (error) {
    const failure = failureOf(k8s, error);
    // A group version the server does not serve answers 404 to discovery: say what is missing instead.
    return failure.status === 404 ? notServed(target) : failure;
  }
  if (namespaced === undefined) return notServed(target);

  // A copy: the library fills in defaults on the object it is given. Its shape was checked by applyTarget.
  const object = structuredClone(manifest) as unknown as KubernetesObject & { metadata: { name: string; namespace?: string } };
  if (namespaced && !target.namespace) object.metadata.namespace = connection.namespace;
  const header = { apiVersion: target.apiVersion, kind: target.kind, metadata: { name: target.name, ...(namespaced ? { namespace: object.metadata.namespace } : {}) } };

  // The object as it is now. Failing to read it (RBAC may allow patch but not get) does not stop the apply:
  // the apply's own answer then decides, and only the created/changed distinction is lost.
  let existing: KubernetesObject | undefined;
  let readable = true;
  try {
    existing = await api.read(header);
  } catch (error) {
    const failure = failureOf(k8s, error);
    if (failure.status === 0) return failure;
    readable = failure.status === 404;
  }

  let result: KubernetesObject;
  try {
    result = await api.patch(object, undefined, options.dryRun ? 'All' : undefined, FIELD_MANAGER, false, k8s.PatchStrategy.ServerSideApply);
  } catch (error) {
    return failureOf(k8s, error);
  }

  const changedPaths = existing ? differences(comparable(existing), comparable(result)) : [];
  const outcome: AppliedResult = existing ? (changedPaths.length > 0 ? 'changed' : 'unchanged') : readable ? 'created' : 'changed';
  return { ok: true, outcome, object: withoutSecretData(result), changedPaths };
}

interface ScopedObjectApi extends InstanceType<ClientNode['KubernetesObjectApi']> {
  /** True/false: served namespaced/cluster-scoped; undefined: the group version does not serve the kind. */
  namespaced(apiVersion: string, kind: string): Promise<boolean | undefined>;
}

/** One per connection, so the dry run and the apply share the library's discovery cache (it refetches a kind it does not know). */
const apis = new WeakMap<KubeConfig, ScopedObjectApi>();

/** KubernetesObjectApi that also answers whether a kind is namespaced, from the library's own discovery. */
function objectApi(k8s: ClientNode, kc: KubeConfig): ScopedObjectApi {
  let api = apis.get(kc);
  if (!api) {
    // Declared here: the library's classes exist only once it is loaded (lazily, see client.ts).
    class Scoped extends k8s.KubernetesObjectApi implements ScopedObjectApi {
      async namespaced(apiVersion: string, kind: string): Promise<boolean | undefined> {
        return (await this.resource(apiVersion, kind))?.namespaced;
      }
    }
    api = kc.makeApiClient(Scoped);
    apis.set(kc, api);
  }
  return api;
}

function notServed(target: ApplyTarget): ApplyOutcome {
  return { ok: false, status: 404, message: `the cluster does not serve kind ${target.kind} in ${target.apiVersion}` };
}

/** An exception from the library as an outcome: the API server's Status message, or why there was no answer. */
function failureOf(k8s: ClientNode, error: unknown): { ok: false; status: number; message: string } {
  if (error instanceof k8s.ApiException) {
    const status = typeof error.code === 'number' ? error.code : 0;
    return { ok: false, status, message: statusMessage(error.body) ?? `HTTP ${status}` };
  }
  return { ok: false, status: 0, message: error instanceof Error ? error.message : String(error) };
}

/** The `message` of a Status body (the library hands it over as text, or already parsed). */
function statusMessage(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim() || undefined;
    }
  }
  const message = isRecord(parsed) ? parsed['message'] : undefined;
  return typeof message === 'string' ? message : undefined;
}

/**
 * What an apply can change: everything but the bookkeeping the server rewrites on every write (managed
 * fields, resource version, generation) and the status, which controllers own.
 */
function comparable(object: KubernetesObject): unknown {
  const plain = JSON.parse(JSON.stringify(object)) as Record<string, unknown>;
  delete plain['status'];
  if (isRecord(plain['metadata'])) {
    for (const key of ['managedFields', 'resourceVersion', 'generation']) delete plain['metadata'][key];
  }
  return plain;
}

const MAX_PATHS = 10;

/** Dotted paths (indices in brackets) where `after` differs from `before`; names only, never values. */
function differences(before: unknown, after: unknown, path = '', out: string[] = []): string[] {
  if (out.length >= MAX_PATHS) return out;
  if (isRecord(before) && isRecord(after)) {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      differences(before[key], after[key], path ? `${path}.${key}` : key, out);
    }
  } else if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((item, i) => differences(item, after[i], `${path}[${i}]`, out));
  } else if (JSON.stringify(before) !== JSON.stringify(after)) {
    out.push(path);
  }
  return out;
}

/** A core Secret's values stay on the cluster: the result keeps its keys' names only in what changed. */
function withoutSecretData(object: KubernetesObject): KubernetesObject {
  if (object.kind !== 'Secret' || object.apiVersion !== 'v1') return object;
  const { data: _data, stringData: _stringData, ...rest } = object as KubernetesObject & { data?: unknown; stringData?: unknown };
  return rest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
