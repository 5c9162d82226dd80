// The demo reconciler: plays Crossplane's claim and composite controllers (and the providers) for the platform
// installed by crossplaneCrds.ts, against the real API server, so tests and `npm run demo-cluster` see claims
// move the way they do under Crossplane. It watches every claim kind (list, then watch from the list's
// resourceVersion; re-watch from the last seen version when a watch ends; relist on 410 Gone; retry with backoff
// while the server is away) and, per claim:
//   1. creates its XR (claimRef, compositionRef, resourceRefs) and the composed managed resources, binds the
//      claim (`spec.resourceRef`) and marks it Synced=True / Ready=False (Waiting); XR and resources Creating;
//   2. after `readyDelayMs` marks resources, XR and claim Ready=True (Available) and writes the connection Secret
//      with the XRD's connectionSecretKeys (dummy values);
//   or, when demoClaim.ts's failure rules say so (name ending in `-fail`, storageGB > 500, no Composition),
//   marks claim and XR Synced=False (ReconcileError) with a Crossplane-style message and stops there.
// A deleted claim takes its XR, resources and Secret with it (no garbage collector runs in the harness).
// Every step is idempotent and derived from the object's current state, so a replayed event changes nothing.
import { applyObject, collectionPath, InstalledPlatform, managedPlural, XrdKinds } from './crossplaneCrds';
import {
  available,
  compositeFor,
  compositeName,
  composedRefs,
  conditionsOf,
  connectionSecretFor,
  creating,
  demoFailureOf,
  hasCondition,
  managedFor,
  NewCondition,
  reconcileError,
  reconcileSuccess,
  selectComposition,
  setConditions,
  timestamp,
  waiting,
} from './demoClaim';
import { KubeError, KubeObject, KubeRest, WatchHandle } from './kubeRest';

export interface DemoReconcilerOptions {
  /** How long a claim stays Synced but not Ready, as if a provider were creating the resource (default 1500 ms). */
  readyDelayMs?: number;
  /** Why a claim must fail (undefined: it succeeds). Default: demoClaim.ts's demoFailureOf. */
  failureOf?: typeof demoFailureOf;
  log?: (line: string) => void;
}

interface Work {
  kinds: XrdKinds;
  claim: KubeObject;
  deleted: boolean;
}

const backoffMs = (attempt: number): number => Math.min(5_000, 200 * 2 ** attempt) * (0.5 + Math.random() / 2);

export class DemoReconciler {
  private stopped = false;
  private readonly watches = new Set<WatchHandle>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Set<() => void>();
  /** Latest unprocessed state per claim, and the drain running for it: one reconcile per claim at a time. */
  private readonly latest = new Map<string, Work>();
  private readonly running = new Map<string, Promise<void>>();
  /** When each claim (by uid) may become Ready. */
  private readonly readyAt = new Map<string, number>();
  private readonly loops: Promise<void>[] = [];
  private readonly readyDelayMs: number;
  private readonly failureOf: typeof demoFailureOf;
  private readonly log: (line: string) => void;

  constructor(
    private readonly rest: KubeRest,
    private readonly platform: InstalledPlatform,
    options: DemoReconcilerOptions = {},
  ) {
    this.readyDelayMs = options.readyDelayMs ?? 1_500;
    this.failureOf = options.failureOf ?? demoFailureOf;
    this.log = options.log ?? (() => undefined);
  }

  /** Starts one watch loop per claim kind; resolves once each has listed (and queued) the existing claims. */
  async start(): Promise<void> {
    const listed: Promise<void>[] = [];
    for (const kinds of this.platform.kinds) {
      if (!kinds.claim) continue;
      let markListed = (): void => undefined;
      listed.push(new Promise<void>((resolveListed) => (markListed = resolveListed)));
      this.loops.push(this.watchLoop(kinds, markListed));
    }
    await Promise.all(listed);
  }

  /** Ends the watches and timers and waits for reconciles in flight; nothing is written afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const watch of this.watches) watch.close();
    for (const wake of [...this.sleepers]) wake();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.latest.clear();
    await Promise.all([...this.loops, ...this.running.values()]);
  }

  private async watchLoop(kinds: XrdKinds, markListed: () => void): Promise<void> {
    const path = collectionPath(`${kinds.group}/${kinds.version}`, kinds.claim!.plural);
    let resourceVersion: string | undefined;
    let attempt = 0;
    while (!this.stopped) {
      try {
        if (resourceVersion === undefined) {
          const list = await this.rest.ok<{ metadata: { resourceVersion: string }; items: KubeObject[] }>('GET', path);
          for (const claim of list?.items ?? []) this.enqueue({ kinds, claim: withKind(claim, kinds), deleted: false });
          resourceVersion = list?.metadata.resourceVersion;
          markListed();
        }
        let expired = false;
        const watch = this.rest.watch(`${path}?watch=1&allowWatchBookmarks=true&resourceVersion=${resourceVersion ?? ''}`, (event) => {
          if (event.type === 'ERROR') {
            // 410 Gone: the version is compacted away; anything else: start over from a fresh list too.
            expired = true;
            return;
          }
          resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
          if (event.type !== 'BOOKMARK') this.enqueue({ kinds, claim: withKind(event.object, kinds), deleted: event.type === 'DELETED' });
        });
        this.watches.add(watch);
        await watch.done.finally(() => this.watches.delete(watch));
        attempt = 0;
        if (expired) {
          this.log(`${kinds.claim!.kind}: watch expired, relisting`);
          resourceVersion = undefined;
        }
      } catch (error) {
        if (this.stopped) break;
        this.log(`${kinds.claim!.kind}: ${(error as Error).message}; retrying`);
        if (error instanceof KubeError && error.status === 410) resourceVersion = undefined;
        await this.wait(backoffMs(attempt++));
      }
    }
  }

  /** A backoff pause that stop() ends at once (a cleared timer would leave its watch loop waiting for good). */
  private wait(ms: number): Promise<void> {
    return new Promise((resolveWait) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.timers.delete(timer);
        this.sleepers.delete(wake);
        resolveWait();
      };
      const timer = setTimeout(wake, ms);
      this.timers.add(timer);
      this.sleepers.add(wake);
    });
  }

  private enqueue(work: Work): void {
    if (this.stopped) return;
    const key = `${work.claim.metadata.namespace}/${work.claim.metadata.name}/${work.kinds.claim?.kind}`;
    this.latest.set(key, work);
    if (!this.running.has(key)) this.running.set(key, this.drain(key));
  }

  private async drain(key: string): Promise<void> {
    for (let work = this.latest.get(key); work && !this.stopped; work = this.latest.get(key)) {
      this.latest.delete(key);
      try {
        await (work.deleted ? this.cleanUp(work) : this.reconcile(work));
      } catch (error) {
        if (this.stopped) break;
        // The server may be restarting: try the same state again later unless a newer event arrived meanwhile.
        this.log(`${key}: ${(error as Error).message}; retrying`);
        const retry = work;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          if (!this.latest.has(key)) this.enqueue(retry);
        }, backoffMs(1));
        this.timers.add(timer);
      }
    }
    this.running.delete(key);
  }

  private async reconcile({ kinds, claim: seen }: Work): Promise<void> {
    // Events only say which claim to look at; decisions use its current state (a queued event may be stale).
    const claimPath = `${collectionPath(seen.apiVersion ?? '', kinds.claim!.plural, seen.metadata.namespace)}/${seen.metadata.name}`;
    const current = await this.rest.ok('GET', claimPath, undefined, { accept: [404] });
    if (!current || current.metadata.uid !== seen.metadata.uid || current.metadata.deletionTimestamp) return;
    const claim = withKind(current, kinds);
    const uid = claim.metadata.uid ?? '';
    const composition = selectComposition(claim, kinds, this.platform.compositions);
    const failure = this.failureOf(claim, composition);
    const xrName = compositeName(claim);
    const composed = failure ? [] : composedRefs(xrName, composition);
    const xr = compositeFor(claim, kinds, composition, composed);
    const xrPath = `${collectionPath(xr.apiVersion ?? '', kinds.composite.plural)}/${xrName}`;

    if (failure) {
      this.readyAt.delete(uid);
      if (conditionsOf(claim).some((c) => c.type === 'Synced' && c.reason === 'ReconcileError' && c.message === failure)) return;
      await applyObject(this.rest, xr, kinds.composite.plural);
      await this.setStatus(xrPath, [reconcileError(failure), creating()]);
      await this.bind(claim, claimPath, xr);
      await this.setStatus(claimPath, [reconcileError(failure), waiting], claim);
      this.log(`${claim.metadata.namespace}/${claim.metadata.name}: Failed (${failure})`);
      return;
    }
    if (hasCondition(claim, available) && hasCondition(claim, reconcileSuccess)) return;

    const due = this.readyAt.get(uid);
    if (due === undefined || !hasCondition(claim, reconcileSuccess)) {
      // Step 1: compose, bind, Synced; Ready after the delay.
      await applyObject(this.rest, xr, kinds.composite.plural);
      const unready = `Unready resources: ${composed.map((r) => r.resourceName).join(', ')}`;
      await this.setStatus(xrPath, [reconcileSuccess, creating(unready)]);
      for (const ref of composed) {
        await applyObject(this.rest, managedFor(ref, xr, claim), ref.plural);
        await this.setStatus(`${collectionPath(ref.apiVersion, ref.plural)}/${ref.name}`, [reconcileSuccess, creating()]);
      }
      await this.bind(claim, claimPath, xr);
      await this.setStatus(claimPath, [reconcileSuccess, waiting], claim);
      // Replayed events re-run this step harmlessly; they must not push Ready further away.
      const readyAt = due ?? Date.now() + this.readyDelayMs;
      this.readyAt.set(uid, readyAt);
      this.schedule({ kinds, claim, deleted: false }, Math.max(0, readyAt - Date.now()));
      this.log(`${claim.metadata.namespace}/${claim.metadata.name}: Synced, waiting ${this.readyDelayMs} ms for Ready`);
      return;
    }
    if (Date.now() < due) {
      this.schedule({ kinds, claim, deleted: false }, due - Date.now());
      return;
    }
    // Step 2: resources and XR Available, connection details published, claim Ready.
    for (const ref of composed) await this.setStatus(`${collectionPath(ref.apiVersion, ref.plural)}/${ref.name}`, [reconcileSuccess, available]);
    await this.setStatus(xrPath, [reconcileSuccess, available]);
    const secret = connectionSecretFor(claim, kinds);
    if (secret) await applyObject(this.rest, secret, 'secrets');
    await this.setStatus(claimPath, [reconcileSuccess, available], claim, secret ? { connectionDetails: { lastPublishedTime: timestamp() } } : {});
    this.readyAt.delete(uid);
    this.log(`${claim.metadata.namespace}/${claim.metadata.name}: Ready`);
  }

  /** Re-reconciles the claim after `ms`, unless a newer event for it is queued by then. */
  private schedule(work: Work, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.enqueue(work);
    }, ms);
    this.timers.add(timer);
  }

  /** Points the claim at its XR (`spec.resourceRef`) and records the Composition chosen, as Crossplane does. */
  private async bind(claim: KubeObject, claimPath: string, xr: KubeObject): Promise<void> {
    const ref = (claim.spec?.['resourceRef'] as { name?: string } | undefined)?.name;
    const compositionRef = xr.spec?.['compositionRef'] as { name: string } | undefined;
    if (ref === xr.metadata.name) return;
    await this.rest.mergePatch(claimPath, { spec: { resourceRef: { apiVersion: xr.apiVersion, kind: xr.kind, name: xr.metadata.name }, ...(compositionRef ? { compositionRef } : {}) } });
  }

  /** Writes conditions (and extra status fields) through the status subresource; skips the write when unchanged. */
  private async setStatus(path: string, updates: NewCondition[], current?: KubeObject, extra: Record<string, unknown> = {}): Promise<void> {
    const existing = current ?? (await this.rest.ok('GET', path));
    const { conditions, changed } = setConditions(existing ? conditionsOf(existing) : [], updates);
    if (!changed && Object.keys(extra).length === 0) return;
    await this.rest.mergePatch(`${path}/status`, { status: { conditions, ...extra } });
  }

  private async cleanUp({ kinds, claim }: Work): Promise<void> {
    this.readyAt.delete(claim.metadata.uid ?? '');
    const xrName = compositeName(claim);
    const xrPath = `${collectionPath(`${kinds.group}/${kinds.version}`, kinds.composite.plural)}/${xrName}`;
    const xr = await this.rest.ok('GET', xrPath, undefined, { accept: [404] });
    const refs = (xr?.spec?.['resourceRefs'] as { apiVersion: string; kind: string; name: string }[] | undefined) ?? [];
    for (const ref of refs) await this.rest.ok('DELETE', `${collectionPath(ref.apiVersion, managedPlural(ref.kind))}/${ref.name}`, undefined, { accept: [404] });
    await this.rest.ok('DELETE', xrPath, undefined, { accept: [404] });
    const secret = connectionSecretFor(claim, kinds);
    if (secret) await this.rest.ok('DELETE', `/api/v1/namespaces/${claim.metadata.namespace}/secrets/${secret.metadata.name}`, undefined, { accept: [404] });
    this.log(`${claim.metadata.namespace}/${claim.metadata.name}: deleted with its XR, resources and Secret`);
  }
}

/** List items carry no apiVersion/kind; the reconciler needs them for references. */
function withKind(claim: KubeObject, kinds: XrdKinds): KubeObject {
  return { ...claim, apiVersion: claim.apiVersion ?? `${kinds.group}/${kinds.version}`, kind: claim.kind ?? kinds.claim?.kind };
}
