/**
 * Live status of the instances the workspace declares: each declared object is matched to the cluster
 * object of the same apiVersion, kind, namespace and name through one informer per type and namespace
 * (never one request per instance: 5,000 claims of one kind are one watch). Composed resources a claim or
 * XR points to (`spec.resourceRef`, `resourceRefs`) are watched the same way, by type; connection Secrets
 * through a metadata-only watch (their values never reach us). Changes leave as deltas of statuses whose
 * value changed, coalesced over a few milliseconds.
 */
import { observe } from '../../core/status/observe';
import type { ChildStatus, DeclaredInstance, InstanceStatus, ObservedState } from '../../core/status/types';
import type { ClusterConnectionInfo } from './clusterCatalog';
import { KindAnswer, KindResolver } from './kinds';
import type { KubeObject } from './objects';
import { ResourceWatch } from './resourceWatch';

export interface InstanceWatcherEvents {
  /** Statuses whose value changed, and ids no longer declared. */
  changed(upsert: InstanceStatus[], removed: string[]): void;
  /** The set of Secrets known to exist (metadata only) changed, or became known. */
  secretsChanged(): void;
  log?(line: string): void;
}

export interface InstanceWatcherOptions {
  /** Delay that coalesces a burst of watch events into one delta (default 10 ms). */
  coalesceMs?: number;
}

/** One watched type in one namespace (undefined: cluster-scoped or every namespace). */
interface TypeEntry {
  key: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  metadataOnly: boolean;
  answer?: KindAnswer;
  watch?: ResourceWatch;
  byName: Map<string, KubeObject>;
  /** Dependency keys (`<entry key>\0<name>`) that read this entry. */
  readers: number;
}

interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

// Why a name read on a type watch: the key of one object of one entry.
const SEP = '\u0000';
/** A reader that keeps the configured namespace's Secret watch alive for the `secret-not-provided` check. */
const WORKSPACE_READER = '@workspace';
/**
 * How long a new instance's first status may wait for its type's first list: without it, a workspace of
 * 5,000 claims would send every status three times at start (resolving, listing, then the real one).
 */
const FIRST_STATUS_GRACE_MS = 1_500;

export class InstanceWatcher {
  private readonly declared = new Map<string, DeclaredInstance & { lookupNamespace?: string }>();
  private readonly entries = new Map<string, TypeEntry>();
  /** Per dependency key, the instance ids that read it. */
  private readonly dependents = new Map<string, Set<string>>();
  /** Per instance id, the dependency keys its last status read. */
  private readonly deps = new Map<string, Set<string>>();
  private readonly current = new Map<string, InstanceStatus>();
  private readonly sent = new Map<string, string>();
  private readonly dirty = new Set<string>();
  /** When each id was first declared, and the ids whose first status is held back (see FIRST_STATUS_GRACE_MS). */
  private readonly declaredAt = new Map<string, number>();
  private readonly held = new Set<string>();
  private heldTimer: NodeJS.Timeout | undefined;
  private readonly removed = new Set<string>();
  private secretsDirty = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly kinds: KindResolver;

  constructor(private readonly connection: ClusterConnectionInfo, private readonly events: InstanceWatcherEvents, private readonly options: InstanceWatcherOptions = {}) {
    this.kinds = new KindResolver(connection.kc);
    // The configured namespace's Secrets are always watched: workloads there read them.
    const secrets = this.entryKey('v1', 'Secret', connection.namespace);
    this.ensure(secrets, 'v1', 'Secret', connection.namespace, true);
    this.read(WORKSPACE_READER, secrets);
  }

  /** The statuses last computed, by id. */
  statuses(): InstanceStatus[] {
    return [...this.current.values()];
  }

  status(id: string): InstanceStatus | undefined {
    return this.current.get(id);
  }

  /**
   * Secrets that exist on the cluster (names only), in namespaces whose Secret list is synced; `namespaces`
   * are those whose absence of a Secret is known too.
   */
  secrets(): { namespaces: string[]; secrets: { name: string; namespace: string }[] } {
    const namespaces: string[] = [];
    const secrets: { name: string; namespace: string }[] = [];
    for (const entry of this.entries.values()) {
      if (!entry.metadataOnly || entry.watch?.state !== 'synced' || entry.namespace === undefined) continue;
      namespaces.push(entry.namespace);
      for (const name of entry.byName.keys()) secrets.push({ name, namespace: entry.namespace });
    }
    return { namespaces: namespaces.sort(), secrets };
  }

  /** Replaces the declared instances: new ones are looked up, gone ones removed, changed ones recomputed. */
  setDeclared(instances: readonly DeclaredInstance[]): void {
    if (this.stopped) return;
    const next = new Map(instances.map((i) => [i.id, i]));
    for (const id of this.declared.keys()) {
      if (next.has(id)) continue;
      this.declared.delete(id);
      this.declaredAt.delete(id);
      this.held.delete(id);
      this.setDeps(id, new Set());
      this.current.delete(id);
      this.sent.delete(id);
      this.dirty.delete(id);
      this.removed.add(id);
    }
    for (const instance of instances) {
      const before = this.declared.get(instance.id);
      const lookupNamespace = instance.scope === 'Namespaced' ? instance.namespace ?? this.connection.namespace : undefined;
      const resolved = { ...instance, ...(lookupNamespace ? { lookupNamespace } : {}) };
      this.declared.set(instance.id, resolved);
      if (!before) this.declaredAt.set(instance.id, Date.now());
      this.removed.delete(instance.id);
      // A moved document (another line) needs a new status too: the client opens the manifest there.
      if (!before || JSON.stringify(before) !== JSON.stringify(resolved)) this.dirty.add(instance.id);
    }
    this.schedule();
  }

  /** The cluster's types changed (a CRD came or went): resolve kinds again. */
  typesChanged(): void {
    this.kinds.forget();
    for (const entry of this.entries.values()) {
      if (entry.answer?.ok) continue;
      entry.answer = undefined;
      this.resolve(entry);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.heldTimer);
    await Promise.all([...this.entries.values()].map((e) => e.watch?.stop()));
    this.entries.clear();
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => this.flush(), this.options.coalesceMs ?? 10);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const upsert: InstanceStatus[] = [];
    const now = Date.now();
    for (const id of this.dirty) {
      const status = this.compute(id);
      if (!status) continue;
      this.current.set(id, status);
      if (this.holdBack(id, status, now)) continue;
      this.held.delete(id);
      const json = JSON.stringify(status);
      if (this.sent.get(id) === json) continue;
      this.sent.set(id, json);
      upsert.push(status);
    }
    this.dirty.clear();
    this.scheduleHeld(now);
    const removed = [...this.removed];
    this.removed.clear();
    this.releaseUnread();
    if (upsert.length || removed.length) this.events.changed(upsert, removed);
    if (this.secretsDirty) {
      this.secretsDirty = false;
      this.events.secretsChanged();
    }
  }

  private compute(id: string): InstanceStatus | undefined {
    const instance = this.declared.get(id);
    if (!instance) return undefined;
    const deps = new Set<string>();
    const found = this.lookup({ apiVersion: instance.apiVersion, kind: instance.kind, name: instance.name, namespace: instance.lookupNamespace }, deps);
    const observed: ObservedState = 'object' in found ? observe(found.object) : found.state;
    const children = 'object' in found ? this.childrenOf(found.object, instance.lookupNamespace, deps) : [];
    let connectionSecret: InstanceStatus['connectionSecret'];
    if (instance.connectionSecret) {
      const namespace = instance.connectionSecret.namespace ?? instance.lookupNamespace ?? this.connection.namespace;
      const key = this.entryKey('v1', 'Secret', namespace);
      const entry = this.ensure(key, 'v1', 'Secret', namespace, true);
      deps.add(key + SEP + instance.connectionSecret.name);
      connectionSecret = { name: instance.connectionSecret.name, namespace, ...(entry.watch?.state === 'synced' ? { present: entry.byName.has(instance.connectionSecret.name) } : {}) };
    }
    this.setDeps(id, deps);
    return {
      id,
      uri: instance.uri,
      documentIndex: instance.documentIndex,
      line: instance.line,
      apiVersion: instance.apiVersion,
      kind: instance.kind,
      name: instance.name,
      ...(instance.lookupNamespace ? { namespace: instance.lookupNamespace } : {}),
      ...observed,
      ...(connectionSecret ? { connectionSecret } : {}),
      children,
    };
  }

  /** A first status that only says "still looking" waits a little for the real one. */
  private holdBack(id: string, status: InstanceStatus, now: number): boolean {
    const transitional = status.state === 'Unknown' && (status.reason === 'Resolving' || status.reason === 'Listing');
    if (!transitional || this.sent.has(id) || now - (this.declaredAt.get(id) ?? 0) >= FIRST_STATUS_GRACE_MS) return false;
    this.held.add(id);
    return true;
  }

  private scheduleHeld(now: number): void {
    if (this.heldTimer || this.held.size === 0) return;
    const oldest = Math.min(...[...this.held].map((id) => this.declaredAt.get(id) ?? now));
    this.heldTimer = setTimeout(() => {
      this.heldTimer = undefined;
      for (const id of this.held) this.dirty.add(id);
      this.schedule();
    }, Math.max(0, oldest + FIRST_STATUS_GRACE_MS - now));
  }

  /** A claim's XR and the XR's composed resources; a KubeVela Application's services. */
  private childrenOf(object: KubeObject, namespace: string | undefined, deps: Set<string>): ChildStatus[] {
    const spec = record(object['spec']);
    if (object.kind === 'Application' && object.apiVersion?.startsWith('core.oam.dev/')) return velaServices(object);
    const children: ChildStatus[] = [];
    const visit = (ref: ObjectRef, depth: number): void => {
      const found = this.lookup(ref, deps);
      const state = 'object' in found ? observe(found.object) : found.state;
      children.push({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}), ...state });
      // One level below the claim's XR: its composed resources (what the platform team's Composition made).
      if (depth === 0 && 'object' in found) for (const child of composedRefs(found.object, ref.namespace)) visit(child, 1);
    };
    const xr = refOf(spec?.['resourceRef'], namespace);
    if (xr) visit(xr, 0);
    else for (const ref of composedRefs(object, namespace)) visit(ref, 1);
    return children;
  }

  /** The cluster object `ref` names, or the state that stands in for it. */
  private lookup(ref: ObjectRef, deps: Set<string>): { object: KubeObject } | { state: ObservedState } {
    const key = this.entryKey(ref.apiVersion, ref.kind, ref.namespace);
    const entry = this.ensure(key, ref.apiVersion, ref.kind, ref.namespace, false);
    deps.add(key + SEP + ref.name);
    const answer = entry.answer;
    if (!answer) return { state: { state: 'Unknown', reason: 'Resolving', message: `looking up ${ref.kind} on the cluster` } };
    if (!answer.ok) return { state: answer.reason === 'NotServed' ? { state: 'Missing', reason: 'NotServed', message: answer.message } : { state: 'Unknown', reason: 'Unreachable', message: answer.message } };
    const watch = entry.watch;
    switch (watch?.state) {
      case 'synced':
        break;
      case 'forbidden':
        return { state: { state: 'Unknown', reason: 'Forbidden', message: `not allowed to list ${watch.resource.name}: ${watch.message}` } };
      case 'unauthorised':
        return { state: { state: 'Unknown', reason: 'Unauthorised', message: watch.message } };
      case 'retrying':
        return { state: { state: 'Unknown', reason: 'Unreachable', message: watch.message } };
      default:
        return { state: { state: 'Unknown', reason: 'Listing', message: `listing ${ref.kind} on the cluster` } };
    }
    const object = entry.byName.get(ref.name);
    if (object) return { object };
    const where = ref.namespace && answer.namespaced ? ` in namespace ${ref.namespace}` : '';
    return { state: { state: 'Missing', reason: 'NotFound', message: `${ref.kind} ${ref.name} does not exist${where} on cluster ${this.connection.context}` } };
  }

  private entryKey(apiVersion: string, kind: string, namespace: string | undefined): string {
    return `${apiVersion}|${kind}|${namespace ?? ''}`;
  }

  private ensure(key: string, apiVersion: string, kind: string, namespace: string | undefined, metadataOnly: boolean): TypeEntry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { key, apiVersion, kind, ...(namespace ? { namespace } : {}), metadataOnly, byName: new Map(), readers: 0 };
      this.entries.set(key, entry);
      this.resolve(entry);
    }
    return entry;
  }

  private resolve(target: TypeEntry): void {
    void this.kinds.resolve(target.apiVersion, target.kind).then((answer) => {
      const entry = this.entries.get(target.key);
      if (this.stopped || entry !== target) return;
      entry.answer = answer;
      if (answer.ok) this.startWatch(entry, answer);
      else if (answer.reason === 'Unreachable') setTimeout(() => this.entries.get(target.key) === target && !target.answer?.ok && this.resolve(target), 2_000);
      this.entryChanged(entry);
    });
  }

  private startWatch(entry: TypeEntry, answer: { plural: string; namespaced: boolean }): void {
    const [group, version] = entry.apiVersion.includes('/') ? entry.apiVersion.split('/') as [string, string] : ['', entry.apiVersion];
    const resource = { name: group ? `${answer.plural}.${group}` : answer.plural, group, version, plural: answer.plural, ...(answer.namespaced && entry.namespace ? { namespace: entry.namespace } : {}) };
    const watch = new ResourceWatch(this.connection.k8s, this.connection.kc, resource, {
      changed: (_w, object, deleted) => {
        if (this.entries.get(entry.key) !== entry) return;
        if (!object) {
          entry.byName = new Map(watch.objects().flatMap((o) => (o.metadata?.name ? [[o.metadata.name, o] as const] : [])));
          this.entryChanged(entry);
          return;
        }
        const name = object.metadata?.name;
        if (!name) return;
        // A cluster-wide watch of a namespaced type would mix namespaces: only the entry's own counts.
        if (entry.namespace && answer.namespaced && object.metadata?.namespace && object.metadata.namespace !== entry.namespace) return;
        if (deleted) entry.byName.delete(name);
        else entry.byName.set(name, object);
        this.objectChanged(entry, name);
      },
      stateChanged: () => {
        if (this.entries.get(entry.key) === entry) this.entryChanged(entry);
      },
    }, { metadataOnly: entry.metadataOnly });
    entry.watch = watch;
    watch.start();
  }

  /** Everything that read any object of the entry is recomputed (its state or its whole list changed). */
  private entryChanged(entry: TypeEntry): void {
    const prefix = entry.key + SEP;
    for (const [dep, ids] of this.dependents) if (dep.startsWith(prefix)) for (const id of ids) this.dirty.add(id);
    if (entry.metadataOnly) this.secretsDirty = true;
    this.schedule();
  }

  private objectChanged(entry: TypeEntry, name: string): void {
    for (const id of this.dependents.get(entry.key + SEP + name) ?? []) this.dirty.add(id);
    if (entry.metadataOnly) this.secretsDirty = true;
    this.schedule();
  }

  private setDeps(id: string, next: Set<string>): void {
    const previous = this.deps.get(id) ?? new Set<string>();
    for (const dep of previous) if (!next.has(dep)) this.unread(id, dep);
    for (const dep of next) if (!previous.has(dep)) this.read(id, dep);
    if (next.size) this.deps.set(id, next);
    else this.deps.delete(id);
  }

  /** Records that `id` read `dep`; its entry exists (lookup() and compute() ensure it before reading). */
  private read(id: string, dep: string): void {
    let ids = this.dependents.get(dep);
    if (!ids) this.dependents.set(dep, (ids = new Set()));
    ids.add(id);
    const entry = this.entries.get(entryOf(dep));
    if (entry) entry.readers++;
  }

  private unread(id: string, dep: string): void {
    const ids = this.dependents.get(dep);
    if (!ids?.delete(id)) return;
    if (ids.size === 0) this.dependents.delete(dep);
    const entry = this.entries.get(entryOf(dep));
    if (entry) entry.readers--;
  }

  /** Stops the watches no instance reads any more (a deleted claim kind, a composed type gone). */
  private releaseUnread(): void {
    for (const [key, entry] of this.entries) {
      if (entry.readers > 0) continue;
      this.entries.delete(key);
      void entry.watch?.stop();
    }
  }
}

/** The entry key of a dependency key (`<entry key>\0<name>`, or an entry key alone). */
function entryOf(dep: string): string {
  const at = dep.indexOf(SEP);
  return at < 0 ? dep : dep.slice(0, at);
}

function velaServices(object: KubeObject): ChildStatus[] {
  const services = record(object['status'])?.['services'];
  return (Array.isArray(services) ? services : []).map(record).flatMap((s) => {
    if (!s || typeof s['name'] !== 'string') return [];
    const healthy = s['healthy'] === true;
    const message = typeof s['message'] === 'string' && s['message'] ? { message: s['message'] } : {};
    return [{ apiVersion: object.apiVersion ?? '', kind: 'Component', name: s['name'], state: healthy ? 'Ready' : 'Progressing', ...(healthy ? {} : { reason: 'Unhealthy' }), ...message } satisfies ChildStatus];
  });
}

/** Composed resources of an XR: `spec.resourceRefs` (Crossplane v1) or `spec.crossplane.resourceRefs` (v2). */
function composedRefs(object: KubeObject, namespace: string | undefined): ObjectRef[] {
  const spec = record(object['spec']);
  const refs = spec?.['resourceRefs'] ?? record(spec?.['crossplane'])?.['resourceRefs'];
  // v2 composed resources live in their XR's namespace.
  const ns = object.metadata?.namespace ?? namespace;
  return (Array.isArray(refs) ? refs : []).flatMap((r) => refOf(r, ns) ?? []);
}

function refOf(value: unknown, namespace: string | undefined): ObjectRef | undefined {
  const ref = record(value);
  const { apiVersion, kind, name } = ref ?? {};
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string') return undefined;
  const ns = typeof ref?.['namespace'] === 'string' ? ref['namespace'] : namespace;
  return { apiVersion, kind, name, ...(ns ? { namespace: ns } : {}) };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
