/**
 * The live catalog: what the cluster of a kubeconfig context offers (XRDs, Compositions, CRDs, KubeVela
 * definitions and their schema ConfigMaps), listed and watched, delivered as one catalog contribution with
 * cluster provenance. A thing with a lifetime: start() returns at once and works in the background;
 * connection trouble is state (`ClusterState`), never an exception. The language server owns one per
 * configured context; the core never sees this module.
 */
import type { Contribution } from '../../core/catalog/types';
import { Backoff } from './backoff';
import { makeKubeConfig, KubeConfig, ClientNode } from './client';
import { loadKubeconfig, KubeconfigOptions } from './kubeconfig';
import { ObjectContributions, KubeObject } from './objects';
import { discover, wantedName, WatchedResource } from './resources';
import { ResourceWatch } from './resourceWatch';

/**
 * connecting: nothing answered yet; connected: every resource listed (or forbidden) and watched;
 * reconnecting: the server stopped answering after it had, retrying with backoff; unauthorised: the
 * credentials were refused; offline: never reached, or no usable kubeconfig (see `message`).
 */
export type ClusterConnection = 'connecting' | 'connected' | 'reconnecting' | 'unauthorised' | 'offline';

export interface ClusterState {
  state: ClusterConnection;
  context?: string;
  server?: string;
  namespace?: string;
  /** Resources being watched, as `<plural>.<group>`. */
  watching: string[];
  /** Resources RBAC forbids listing (`<plural>.<group>`): the catalog goes on without them. */
  forbidden: string[];
  /** Why the state is not `connected`, in one line. */
  message?: string;
}

/** An authenticated client for one kubeconfig context, and the namespace instances default to. */
export interface ClusterConnectionInfo {
  k8s: ClientNode;
  kc: KubeConfig;
  context: string;
  namespace: string;
  server: string;
}

export interface ClusterCatalogOptions extends KubeconfigOptions {
  /** The namespace instances are looked up in (setting `platformAware.namespace`); the context's by default. */
  namespace?: string;
  /** Trailing delay that coalesces a burst of watch events into one change (default 20 ms). */
  coalesceMs?: number;
}

export interface ClusterCatalogEvents {
  onChange(contribution: Contribution): void;
  /** Called only when the state snapshot differs from the last one (so each forbidden resource once). */
  onState?(state: ClusterState): void;
  /** One line per noteworthy event (each forbidden resource is logged once). */
  log?(line: string): void;
}

export class ClusterCatalog {
  private current: ClusterState;
  private lastSent = '';
  private watches = new Map<string, ResourceWatch>();
  private client: { k8s: ClientNode; kc: KubeConfig } | undefined;
  private objects: ObjectContributions | undefined;
  private everConnected = false;
  /** Objects changed since the last onChange. */
  private dirty = false;
  private stopped = false;
  private coalesce: NodeJS.Timeout | undefined;
  private discoveryTimer: NodeJS.Timeout | undefined;
  private readonly discoveryBackoff = new Backoff(200, 5_000);
  private readonly loggedForbidden = new Set<string>();
  private discovering: Promise<void> = Promise.resolve();

  constructor(private readonly options: ClusterCatalogOptions, private readonly events: ClusterCatalogEvents) {
    this.current = { state: 'connecting', watching: [], forbidden: [] };
  }

  get state(): ClusterState {
    return this.current;
  }

  /** The workspace source key for this context's contribution. */
  get key(): string {
    return `cluster:${this.current.context ?? ''}`;
  }

  /**
   * The authenticated client of the context, once the kubeconfig was read (the same one the watches use),
   * for other work on the same cluster: instance status, apply.
   */
  get connection(): ClusterConnectionInfo | undefined {
    const { context, namespace, server } = this.current;
    return this.client && context !== undefined && namespace !== undefined ? { ...this.client, context, namespace, server: server ?? '' } : undefined;
  }

  /** The YAML text behind a cluster object's virtual URI, if the catalog holds it. */
  text(uri: string): string | undefined {
    return this.objects?.text(uri);
  }

  /** Reads the kubeconfig and starts discovery and the watches in the background. */
  async start(): Promise<void> {
    const found = loadKubeconfig(this.options);
    if (!found.ok) {
      this.setState({ state: 'offline', watching: [], forbidden: [], message: found.message });
      return;
    }
    const { context, server } = found.value;
    const namespace = this.options.namespace || found.value.namespace || 'default';
    this.current = { ...this.current, context, server, namespace };
    const made = await makeKubeConfig(found.value.config);
    if (this.stopped) return;
    if (!made.ok) {
      this.setState({ ...this.current, state: 'offline', message: made.message });
      return;
    }
    this.client = { k8s: made.k8s, kc: made.kc };
    this.objects = new ObjectContributions(context);
    this.publishState();
    this.rediscover();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.coalesce);
    clearTimeout(this.discoveryTimer);
    await Promise.all([...this.watches.values()].map((w) => w.stop()));
    this.watches.clear();
  }

  /** Discovery runs one at a time; a request during a run runs again after it. */
  private rediscover(): void {
    this.discovering = this.discovering.then(() => this.discoverOnce());
  }

  private async discoverOnce(): Promise<void> {
    if (this.stopped || !this.client) return;
    clearTimeout(this.discoveryTimer);
    const found = await discover(this.client.kc);
    if (this.stopped) return;
    if (!found.ok) {
      const state = found.status === 401 ? 'unauthorised' : this.everConnected ? 'reconnecting' : 'offline';
      this.setState({ ...this.current, state, message: `discovery: ${found.message}` });
      this.discoveryTimer = setTimeout(() => this.rediscover(), this.discoveryBackoff.next());
      return;
    }
    this.discoveryBackoff.reset();
    this.applyResources(found.resources);
  }

  /** Starts watches for resources that appeared and stops those whose API went away. */
  private applyResources(resources: WatchedResource[]): void {
    const client = this.client!;
    const wanted = new Map(resources.map((r) => [r.name, r]));
    let removed = false;
    for (const [name, watch] of this.watches) {
      const next = wanted.get(name);
      if (next && next.version === watch.resource.version) continue;
      void watch.stop();
      this.watches.delete(name);
      removed = true;
    }
    for (const resource of resources) {
      if (this.watches.has(resource.name)) continue;
      const watch = new ResourceWatch(client.k8s, client.kc, resource, {
        changed: (_w, object, deleted) => this.objectChanged(object, deleted),
        stateChanged: () => this.publishState(),
      });
      this.watches.set(resource.name, watch);
      watch.start();
    }
    this.publishState();
    if (removed) {
      this.dirty = true;
      this.scheduleChange();
    }
  }

  private objectChanged(object: KubeObject | undefined, deleted: boolean): void {
    // The CRD of a resource we want (Crossplane's, KubeVela's) coming or going changes which APIs exist.
    const spec = object?.kind === 'CustomResourceDefinition' ? (object['spec'] as { group?: unknown; names?: { plural?: unknown } } | undefined) : undefined;
    const wanted = typeof spec?.group === 'string' && typeof spec.names?.plural === 'string' ? wantedName(spec.group, spec.names.plural) : undefined;
    if (wanted && this.watches.has(wanted) === deleted) this.rediscover();
    this.dirty = true;
    this.scheduleChange();
  }

  private scheduleChange(): void {
    clearTimeout(this.coalesce);
    this.coalesce = setTimeout(() => this.emitChange(), this.options.coalesceMs ?? 20);
  }

  private emitChange(): void {
    if (this.stopped || !this.objects || !this.dirty) return;
    // Until every first list has answered, the catalog would be partial: wait (a list that fails is no longer pending).
    if ([...this.watches.values()].some((w) => w.state === 'pending')) return;
    const all = [...this.watches.values()].flatMap((w) => w.objects());
    this.dirty = false;
    this.events.onChange(this.objects.contributionOf(all));
  }

  private publishState(): void {
    const watches = [...this.watches.values()];
    const forbidden = watches.filter((w) => w.state === 'forbidden').map((w) => w.resource.name).sort();
    for (const name of forbidden) {
      if (this.loggedForbidden.has(name)) continue;
      this.loggedForbidden.add(name);
      this.events.log?.(`cluster ${this.current.context}: forbidden to list ${name}; the catalog goes on without it`);
    }
    const failing = watches.find((w) => w.state === 'unauthorised' || w.state === 'retrying');
    let state: ClusterConnection;
    if (watches.some((w) => w.state === 'unauthorised')) state = 'unauthorised';
    else if (failing) state = this.everConnected ? 'reconnecting' : 'offline';
    else if (watches.length > 0 && watches.every((w) => w.state === 'synced' || w.state === 'forbidden')) state = 'connected';
    else state = this.everConnected ? 'reconnecting' : 'connecting';
    if (state === 'connected') this.everConnected = true;
    const message = failing?.message ? `${failing.resource.name}: ${failing.message}` : undefined;
    this.setState({ ...this.current, state, watching: watches.map((w) => w.resource.name).sort(), forbidden, message });
    // A first list that failed no longer holds the catalog back.
    if (this.dirty) this.scheduleChange();
  }

  private setState(state: ClusterState): void {
    if (state.message === undefined) delete state.message;
    this.current = state;
    const snapshot = JSON.stringify(state);
    if (snapshot === this.lastSent || this.stopped) return;
    this.lastSent = snapshot;
    this.events.onState?.(state);
  }
}
