/**
 * The language server's side of the live catalog: starts one ClusterCatalog for the configured context in
 * the background (never awaited by a request), feeds its contribution to the workspace as source
 * `cluster:<context>`, and restarts it when the cluster settings or the workspace trust change. The
 * cluster itself is reached only through sources/cluster.
 */
import type { Contribution } from '../core/catalog/types';
import { ClusterCatalog, ClusterConnection, ClusterConnectionInfo, ClusterState } from '../sources/cluster/clusterCatalog';
import { kubeconfigFiles } from '../sources/cluster/kubeconfig';
import type { DeclaredInstance, InstanceStatus } from '../core/status/types';
import { InstanceWatcher } from '../sources/cluster/instances';
import type { Settings } from './settings';

/**
 * The cluster part of `platformAware/status`. `state` is the source's (connecting, connected, reconnecting,
 * unauthorised, offline), or `none` (no kubeconfig found) or `disabled` (`platformAware.cluster.enable`
 * is off, or the workspace is not trusted: see `message`).
 */
export type ClusterStatus = Omit<ClusterState, 'state'> & { state: ClusterConnection | 'none' | 'disabled' };

export interface ClusterHost {
  setSource(key: string, contribution: Contribution | undefined): void;
  /** The instances the workspace declares now (the watcher asks when it starts). */
  declared(): readonly DeclaredInstance[];
  /** Statuses changed; `reset`: forget every status known before (a new watcher, or none any more). */
  instancesChanged(upsert: InstanceStatus[], removed: string[], reset: boolean): void;
  /** The Secrets known to exist on the cluster changed (names only). */
  clusterSecretsChanged(): void;
  /** The catalog or the cluster state changed: re-check open documents and report status. */
  changed(catalog: boolean): void;
  log(line: string): void;
}

export class ClusterLink {
  private catalog: ClusterCatalog | undefined;
  private watcher: InstanceWatcher | undefined;
  private configured = '';
  private current: ClusterStatus = { state: 'none', watching: [], forbidden: [] };

  constructor(private readonly host: ClusterHost) {}

  get status(): ClusterStatus {
    return this.current;
  }

  /** The live status of the declared instances (empty without a cluster). */
  get instances(): InstanceWatcher | undefined {
    return this.watcher;
  }

  /** The workspace's declared instances changed. */
  setDeclared(instances: readonly DeclaredInstance[]): void {
    this.watcher?.setDeclared(instances);
  }

  /** The connected context's client (undefined: no cluster configured, not trusted, or the kubeconfig is unusable). */
  get connection(): ClusterConnectionInfo | undefined {
    return this.catalog?.connection;
  }

  /** The YAML behind a `platform-aware-cluster://` URI of the current context's catalog (a read-only view of it). */
  text(uri: string): string | undefined {
    return this.catalog?.text(uri);
  }

  /** Starts, restarts or stops the cluster source to match the settings and trust. Returns at once. */
  configure(settings: Settings, trusted: boolean): void {
    const wanted = { kubeconfig: settings.kubeconfig, context: settings.context, namespace: settings.namespace, enable: settings.cluster.enable, trusted };
    const key = JSON.stringify(wanted);
    if (key === this.configured) return;
    this.configured = key;
    void this.stop();
    if (!wanted.enable || !trusted) {
      // An untrusted workspace never reaches a cluster (package.json `untrustedWorkspaces`), exec plugin or not.
      this.setStatus({ state: 'disabled', watching: [], forbidden: [], message: wanted.enable ? 'the workspace is not trusted' : 'platformAware.cluster.enable is off' });
      return;
    }
    const path = wanted.kubeconfig || undefined;
    // Checked here, without loading @kubernetes/client-node: most workspaces have no cluster.
    if (kubeconfigFiles({ path }).length === 0) {
      this.setStatus({ state: 'none', watching: [], forbidden: [], message: path ? `kubeconfig ${path} does not exist` : 'no kubeconfig found (KUBECONFIG, ~/.kube/config)' });
      return;
    }
    const catalog: ClusterCatalog = new ClusterCatalog(
      { path, context: wanted.context || undefined, namespace: wanted.namespace || undefined, trusted },
      {
        onChange: (contribution) => {
          if (this.catalog !== catalog) return;
          this.host.setSource(catalog.key, contribution);
          // A CRD may have come or gone: kinds the watcher could not find may be served now.
          this.watcher?.typesChanged();
          this.host.changed(true);
        },
        onState: (state) => {
          if (this.catalog !== catalog) return;
          this.setStatus(state);
        },
        log: (line) => this.host.log(line),
      },
    );
    this.catalog = catalog;
    catalog
      .start()
      .then(() => this.startWatcher(catalog))
      .catch((error: unknown) => this.host.log(`cluster source failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}`));
  }

  private startWatcher(catalog: ClusterCatalog): void {
    const connection = catalog.connection;
    if (this.catalog !== catalog || !connection) return;
    const watcher: InstanceWatcher = new InstanceWatcher(connection, {
      changed: (upsert, removed) => {
        if (this.watcher === watcher) this.host.instancesChanged(upsert, removed, false);
      },
      secretsChanged: () => {
        if (this.watcher === watcher) this.host.clusterSecretsChanged();
      },
      log: (line) => this.host.log(line),
    });
    this.watcher = watcher;
    this.host.instancesChanged([], [], true);
    watcher.setDeclared(this.host.declared());
  }

  async stop(): Promise<void> {
    const catalog = this.catalog;
    const watcher = this.watcher;
    this.catalog = undefined;
    this.watcher = undefined;
    if (watcher) {
      this.host.instancesChanged([], [], true);
      this.host.clusterSecretsChanged();
      await watcher.stop();
    }
    if (!catalog) return;
    this.host.setSource(catalog.key, undefined);
    this.host.changed(true);
    await catalog.stop();
  }

  private setStatus(status: ClusterStatus): void {
    this.current = status;
    this.host.changed(false);
  }
}
