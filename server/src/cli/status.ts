/**
 * `platform-aware status`: the live state of every instance the manifests under the PATHs declare (claims,
 * XRs, custom resources, KubeVela Applications), read from the cluster of the kubeconfig context through
 * the same InstanceWatcher the language server uses. The workspace is built as for `check`
 * (loadWorkspace). One-shot: waits until every instance (and child) has a final status — not Unknown
 * with reason Resolving/Listing — or the cluster timeout, prints, stops the watches. `--watch`: prints
 * each instance once, then one line per change until SIGINT/SIGTERM.
 *
 * Without a cluster (none configured, unreachable, refusing, or `--offline`) every instance is Unknown
 * with reason NoCluster, stderr says why in one line, and the exit status is 1 (not all Ready).
 * Exit status: 0 all instances Ready (or none declared), 1 otherwise, 2 usage or I/O failure.
 */
import type { DeclaredInstance, InstanceStatus, ObservedState } from '../core/status/types';
import type { ClusterConnectionInfo } from '../sources/cluster/clusterCatalog';
import type { InstanceWatcher } from '../sources/cluster/instances';
import type { LiveCatalogOptions } from './liveCatalog';
import { loadWorkspace, WorkspaceArgs } from './loadWorkspace';
import { formatChangeJson, formatChangeText, formatStatusJson, formatStatusText, StatusRecord } from './format/status';

export interface StatusArgs extends WorkspaceArgs {
  format: 'text' | 'json';
  watch: boolean;
}

export interface StatusIo {
  /** Writes to stdout; resolves once the text is handed over. */
  out(text: string): Promise<void>;
  err(text: string): Promise<void>;
  /** Resolves when the user asks to stop watching (SIGINT). */
  interrupted: Promise<void>;
}

export interface StatusOutcome {
  exitCode: 0 | 1 | 2;
  /** A cluster request may still be in flight: end the process once the output is written. */
  hasPendingClusterRequests?: boolean;
}

const NO_CLUSTER = 'NoCluster';

export async function runStatus(args: StatusArgs, io: StatusIo): Promise<StatusOutcome> {
  const { workspace, files, live, errors } = await loadWorkspace(args);
  const hasPendingClusterRequests = live.hasTimedOut;
  const warnings = live.warnings.map((w) => w.replace(/; checking without the live catalog$/, ''));
  if (errors.length > 0) {
    await io.err([...warnings, ...errors].map((e) => `platform-aware: ${e}\n`).join(''));
    return { exitCode: 2, hasPendingClusterRequests };
  }
  const order = new Map(files.map((f, i) => [f.uri, i]));
  const display = new Map(files.map((f) => [f.uri, f.display]));
  const declared = [...workspace.declaredInstances()].filter((d) => order.has(d.uri)).sort((a, b) => order.get(a.uri)! - order.get(b.uri)! || a.line - b.line);
  const record = (d: DeclaredInstance, status: InstanceStatus | undefined, fallback: ObservedState): StatusRecord => toRecord(display.get(d.uri) ?? d.uri, d, status, fallback);

  if (declared.length === 0) {
    if (warnings.length) await io.err(warnings.map((w) => `platform-aware: ${w}\n`).join(''));
    await io.out(args.format === 'json' ? formatStatusJson([]) : `no instances declared in ${files.length} file${files.length === 1 ? '' : 's'}\n`);
    return { exitCode: 0, hasPendingClusterRequests };
  }

  const connection = args.cluster && live.source ? await connect(args.cluster) : { message: undefined };
  if (!('info' in connection)) {
    // No cluster: every instance is Unknown, for the reason stderr gives.
    const why = args.cluster === undefined ? '--offline: no cluster contacted' : connection.message ?? warnings[0] ?? 'no kubeconfig found (KUBECONFIG, ~/.kube/config)';
    const otherWarnings = warnings.filter((w) => w !== why);
    await io.err([...otherWarnings, `${why}; every instance's state is Unknown`].map((w) => `platform-aware: ${w}\n`).join(''));
    const records = declared.map((d) => record(d, undefined, { state: 'Unknown', reason: NO_CLUSTER, message: why }));
    await io.out(args.format === 'json' ? (args.watch ? records.map(formatChangeJson).join('') : formatStatusJson(records)) : args.watch ? records.map((r) => formatChangeText(r, new Date())).join('') : formatStatusText(records));
    return { exitCode: 1, hasPendingClusterRequests };
  }
  if (warnings.length) await io.err(warnings.map((w) => `platform-aware: ${w}\n`).join(''));

  const { InstanceWatcher } = await import('../sources/cluster/instances.js');
  let wake = (): void => undefined;
  const watcher: InstanceWatcher = new InstanceWatcher(connection.info, {
    changed: (upsert) => {
      pending.push(...upsert);
      wake();
    },
    secretsChanged: () => undefined,
  });
  const pending: InstanceStatus[] = [];
  const byId = new Map(declared.map((d) => [d.id, d]));
  const timeoutMs = args.cluster!.timeoutMs;
  const current = (): StatusRecord[] => declared.map((d) => record(d, watcher.status(d.id), { state: 'Unknown', reason: 'Listing', message: `the cluster did not answer within ${timeoutMs / 1000} s` }));
  const allReady = (): boolean => declared.every((d) => watcher.status(d.id)?.state === 'Ready');
  try {
    watcher.setDeclared(declared);
    // Until every status is final, or the cluster timeout.
    const deadline = Date.now() + timeoutMs;
    while (!declared.every((d) => isFinal(watcher.status(d.id))) && Date.now() < deadline) {
      await new Promise<void>((resolveWake) => {
        const timer = setTimeout(resolveWake, deadline - Date.now());
        wake = () => {
          clearTimeout(timer);
          resolveWake();
        };
      });
    }
    const initial = current();
    if (!args.watch) {
      await io.out(args.format === 'json' ? formatStatusJson(initial) : formatStatusText(initial));
      return { exitCode: allReady() ? 0 : 1, hasPendingClusterRequests };
    }

    // --watch: each instance once, then a line per change, until interrupted.
    const printed = new Map<string, string>();
    const emit = (id: string, r: StatusRecord): Promise<void> | undefined => {
      const key = args.format === 'json' ? JSON.stringify(r) : formatChangeText(r, new Date(0));
      if (printed.get(id) === key) return undefined;
      printed.set(id, key);
      return io.out(args.format === 'json' ? formatChangeJson(r) : formatChangeText(r, new Date()));
    };
    await Promise.all(declared.map((d, i) => emit(d.id, initial[i]!)));
    pending.length = 0;
    let stopping = false;
    void io.interrupted.then(() => {
      stopping = true;
      wake();
    });
    while (!stopping) {
      if (pending.length === 0) await new Promise<void>((resolveWake) => (wake = resolveWake));
      for (const status of pending.splice(0)) {
        const d = byId.get(status.id);
        if (d) await emit(d.id, record(d, status, status));
      }
    }
    return { exitCode: allReady() ? 0 : 1, hasPendingClusterRequests };
  } finally {
    await watcher.stop();
  }
}

function isFinal(status: ObservedState & { children?: ObservedState[] } | undefined): boolean {
  const transitional = (s: ObservedState) => s.state === 'Unknown' && (s.reason === 'Resolving' || s.reason === 'Listing');
  return status !== undefined && !transitional(status) && !(status.children ?? []).some(transitional);
}

function toRecord(file: string, d: DeclaredInstance, status: InstanceStatus | undefined, fallback: ObservedState): StatusRecord {
  const observed = status ?? fallback;
  return {
    file,
    line: d.line + 1,
    apiVersion: d.apiVersion,
    kind: d.kind,
    namespace: status?.namespace ?? d.namespace ?? null,
    name: d.name,
    state: observed.state,
    reason: observed.reason ?? null,
    message: observed.message ?? null,
    children: (status?.children ?? []).map((c) => ({
      apiVersion: c.apiVersion,
      kind: c.kind,
      name: c.name,
      ...(c.namespace ? { namespace: c.namespace } : {}),
      state: c.state,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
    })),
  };
}

/** A client for the kubeconfig context, made the way ClusterCatalog makes it (the context's namespace, else default). */
async function connect(options: LiveCatalogOptions): Promise<{ info: ClusterConnectionInfo } | { message: string }> {
  const { loadKubeconfig } = await import('../sources/cluster/kubeconfig.js');
  const { makeKubeConfig } = await import('../sources/cluster/client.js');
  // The CLI is run by its user on purpose: kubeconfig exec plugins are as trusted as under kubectl.
  const found = loadKubeconfig({ path: options.kubeconfig, context: options.context, trusted: true });
  if (!found.ok) return { message: `kubeconfig not usable (${found.message})` };
  const made = await makeKubeConfig(found.value.config);
  if (!made.ok) return { message: `kubeconfig not usable (${made.message})` };
  const { context, server, namespace } = found.value;
  return { info: { k8s: made.k8s, kc: made.kc, context, namespace: namespace || 'default', server } };
}
