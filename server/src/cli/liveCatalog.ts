/**
 * The live catalog for `platform-aware check`: what the cluster of the kubeconfig context offers, listed
 * once before the check through the same ClusterCatalog the language server watches with, then stopped.
 * The cluster is optional: a missing kubeconfig is silence, an unreachable or refusing cluster is one
 * warning line, and neither changes the exit status (a CI job must not fail because a cluster is down).
 */
import type { Contribution } from '../core/catalog/types';
import type { ClusterState } from '../sources/cluster/clusterCatalog';
import { kubeconfigFiles } from '../sources/cluster/kubeconfig';

export interface LiveCatalogOptions {
  /** `--kubeconfig`: read alone, as `kubectl --kubeconfig`; otherwise KUBECONFIG or ~/.kube/config. */
  kubeconfig?: string;
  /** `--context`: instead of the kubeconfig's current-context. */
  context?: string;
  /** How long to wait for the first complete listing. */
  timeoutMs: number;
}

export interface LiveCatalog {
  /** What the cluster offers, when it answered in time. */
  source?: { key: string; context: string; contribution: Contribution };
  /** One line each for stderr, without the `platform-aware: ` prefix. */
  warnings: string[];
  /**
   * The wait ended at the timeout: a request may still be in flight (a server that accepts connections
   * but never answers holds one for a minute), and stop() cannot cancel it.
   */
  hasTimedOut?: boolean;
}

const WITHOUT = 'checking without the live catalog';

export async function readLiveCatalog(options: LiveCatalogOptions): Promise<LiveCatalog> {
  // Checked without loading @kubernetes/client-node: CI runs usually have no kubeconfig at all.
  if (kubeconfigFiles({ path: options.kubeconfig }).length === 0) {
    if (options.kubeconfig) return { warnings: [`kubeconfig ${options.kubeconfig} does not exist; ${WITHOUT}`] };
    // Asking for a context without any kubeconfig is worth a word; having no cluster is not.
    return { warnings: options.context ? [`no kubeconfig found (KUBECONFIG, ~/.kube/config) for context "${options.context}"; ${WITHOUT}`] : [] };
  }
  const { ClusterCatalog } = await import('../sources/cluster/clusterCatalog.js');
  let contribution: Contribution | undefined;
  let settle = (): void => undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const catalog = new ClusterCatalog(
    // The CLI is run by its user on purpose: kubeconfig exec plugins are as trusted as under kubectl.
    { path: options.kubeconfig, context: options.context, trusted: true },
    {
      onChange: (next) => {
        contribution = next;
        if (isSettled(catalog.state, contribution)) settle();
      },
      onState: (state) => {
        if (isSettled(state, contribution)) settle();
      },
    },
  );
  let hasTimedOut = false;
  const timer = setTimeout(() => {
    hasTimedOut = true;
    settle();
  }, options.timeoutMs);
  try {
    await catalog.start();
    await settled;
  } catch (error) {
    return { warnings: [`cluster source failed (${error instanceof Error ? error.message : String(error)}); ${WITHOUT}`] };
  } finally {
    clearTimeout(timer);
    await catalog.stop();
  }
  return { ...outcome(catalog.state, contribution, options.timeoutMs), hasTimedOut };
}

/**
 * Connected with the first complete listing (none comes when every resource is forbidden), or a state the
 * source would only retry from: a CLI run does not wait for a cluster that never answered to come back.
 * A cluster that answered discovery is waited for (until the timeout) when a list fails: right after a CRD
 * is installed its storage answers 503 for a moment, and the source retries within a second.
 */
function isSettled(state: ClusterState, contribution: Contribution | undefined): boolean {
  if (state.state === 'unauthorised' || (state.state === 'offline' && state.watching.length === 0)) return true;
  return state.state === 'connected' && (contribution !== undefined || state.watching.every((w) => state.forbidden.includes(w)));
}

function outcome(state: ClusterState, contribution: Contribution | undefined, timeoutMs: number): LiveCatalog {
  const context = state.context;
  // No context: the kubeconfig itself could not be used (no such context, not YAML, no server).
  if (context === undefined) return { warnings: [`kubeconfig not usable (${state.message ?? 'unknown reason'}); ${WITHOUT}`] };
  const warnings: string[] = [];
  if (state.forbidden.length > 0) warnings.push(`cluster "${context}": forbidden to list ${state.forbidden.join(', ')}; the live catalog goes on without them`);
  if (contribution) return { source: { key: `cluster:${context}`, context, contribution }, warnings };
  const why = state.message ? ` (${state.message})` : '';
  if (state.state === 'unauthorised') warnings.push(`cluster "${context}" refused the credentials${why}; ${WITHOUT}`);
  else if (state.state === 'offline') warnings.push(`cluster "${context}" not reachable${why}; ${WITHOUT}`);
  else if (state.state !== 'connected') warnings.push(`cluster "${context}" did not list its catalog within ${timeoutMs / 1000} s${why}; ${WITHOUT}`);
  return { warnings };
}
