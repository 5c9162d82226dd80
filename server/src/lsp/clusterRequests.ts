/**
 * Requests a client's Platform view asks (docs/protocol.md): the kubeconfig's contexts (for a context
 * picker), the catalog as a flat list (for browsing it), and the YAML of a cluster object behind a
 * `platform-aware-cluster://` URI (go-to-definition and the catalog open it as a read-only document).
 * Each answer is computed from what the server already holds; none of them contacts the cluster.
 */
import type { CapabilityRole, Catalog, SourceKind } from '../core/catalog/types';
import { listContexts } from '../sources/cluster/kubeconfig';

/** `platformAware/contexts`, client → server: the contexts of the kubeconfig, to pick one. */
export const CONTEXTS_REQUEST = 'platformAware/contexts';
/** `platformAware/catalog`, client → server: every capability the catalog offers, with where it is defined. */
export const CATALOG_REQUEST = 'platformAware/catalog';
/** `platformAware/clusterObject`, client → server: the YAML behind a `platform-aware-cluster://` URI. */
export const CLUSTER_OBJECT_REQUEST = 'platformAware/clusterObject';

export interface ContextsParams {
  /**
   * The client's `platformAware.kubeconfig` (read alone, as `kubectl --kubeconfig`); empty or absent:
   * `KUBECONFIG` or `~/.kube/config`. The client passes it so the list matches what it would write.
   */
  kubeconfig?: string;
}

export interface ContextsResult {
  contexts: { name: string; cluster: string; namespace?: string }[];
  /** The kubeconfig's `current-context`. */
  current?: string;
  /** The files read, in kubectl's precedence order (empty: no kubeconfig found). */
  files: string[];
  /** Why the kubeconfig could not be read, when it could not. */
  message?: string;
}

export interface CatalogEntry {
  id: string;
  kind: string;
  group: string;
  role: CapabilityRole;
  source: SourceKind;
  /** Where the definition is: a file URI, or a `platform-aware-cluster://` URI (see `platformAware/clusterObject`). */
  uri: string;
  /** Zero-based position of the definition's name in `uri`. */
  line: number;
  character: number;
  description?: string;
}

export interface CatalogResult {
  capabilities: CatalogEntry[];
}

export interface ClusterObjectParams {
  uri: string;
}

export interface ClusterObjectResult {
  /** Absent: the current context's catalog holds no such object (it was deleted, or the context changed). */
  text?: string;
}

/** What the handlers read from the server. */
export interface ClusterRequestHost {
  assistContext(): { catalog: Catalog };
  readonly clusterLink: { text(uri: string): string | undefined };
}

export interface RequestLog {
  error(message: string): void;
}

const SOURCE_ORDER: Record<SourceKind, number> = { workspace: 0, cluster: 1, sample: 2 };

export function contexts(params: ContextsParams | undefined, log: RequestLog): ContextsResult {
  return guarded(CONTEXTS_REQUEST, log, { contexts: [], files: [] }, () => {
    const path = typeof params?.kubeconfig === 'string' && params.kubeconfig ? params.kubeconfig : undefined;
    return listContexts({ path });
  });
}

export function catalog(host: ClusterRequestHost, log: RequestLog): CatalogResult {
  return guarded(CATALOG_REQUEST, log, { capabilities: [] }, () => {
    const entries = [...host.assistContext().catalog.capabilities.values()].map((c): CatalogEntry => ({
      id: c.id,
      kind: c.kind,
      group: c.group,
      role: c.role,
      source: c.origin.source,
      uri: c.origin.uri,
      line: c.origin.namePosition?.line ?? 0,
      character: c.origin.namePosition?.character ?? 0,
      ...(c.description ? { description: c.description } : {}),
    }));
    // A stable order, so a client can render the list as it comes.
    entries.sort((a, b) => SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] || compare(a.kind, b.kind) || compare(a.id, b.id));
    return { capabilities: entries };
  });
}

export function clusterObject(host: ClusterRequestHost, params: ClusterObjectParams | undefined, log: RequestLog): ClusterObjectResult {
  return guarded(CLUSTER_OBJECT_REQUEST, log, {}, () => {
    const uri = typeof params?.uri === 'string' ? params.uri : '';
    const text = host.clusterLink.text(uri) ?? host.clusterLink.text(canonicalUri(uri));
    return text === undefined ? {} : { text };
  });
}

/**
 * The URI as the server spells it (every segment percent-encoded with encodeURIComponent): a client's URI
 * library may re-encode it differently (VS Code writes `@` raw and lower-cases the authority).
 */
function canonicalUri(uri: string): string {
  const match = /^([a-z-]+):\/\/([^/]*)(\/.*)?$/.exec(uri);
  if (!match) return uri;
  const recode = (segment: string) => encodeURIComponent(safeDecode(segment));
  const path = (match[3] ?? '').split('/').map(recode).join('/');
  return `${match[1]}://${recode(match[2]!)}${path}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An unexpected exception is logged once with the method and answered with `fallback`. */
function guarded<T>(method: string, log: RequestLog, fallback: T, run: () => T): T {
  try {
    return run();
  } catch (error) {
    log.error(`${method} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return fallback;
  }
}
