/**
 * One watched resource: a client-node informer (list, then watch from the list's resourceVersion; a
 * `410 Gone` makes the informer relist by itself) plus what the informer leaves to its user: it stops on
 * any other error, so this restarts it with backoff and jitter, first probing the list URL so that the
 * state (forbidden, unauthorised, unreachable, back) comes from a real answer.
 */
import { ApiError, ClientNode, getJson, KubeConfig, KubernetesListObject, KubernetesObject } from './client';
import { Backoff } from './backoff';
import type { KubeObject } from './objects';
import { listPath, WatchedResource } from './resources';

/**
 * pending: the first list has not answered; synced: listed and watching; retrying: the server could not
 * be reached (or failed), a retry is scheduled; forbidden: RBAC denies the list (403); unauthorised: the
 * credentials were refused (401).
 */
export type WatchState = 'pending' | 'synced' | 'retrying' | 'forbidden' | 'unauthorised';

export interface WatchEvents {
  /** An object was added, changed or deleted (undefined: the first list arrived). */
  changed(watch: ResourceWatch, object: KubeObject | undefined, deleted: boolean): void;
  stateChanged(watch: ResourceWatch): void;
}

type Informer = InstanceType<ClientNode['ListWatch']>;

export interface WatchOptions {
  /**
   * List and watch as PartialObjectMetadata: the API server sends metadata only. For Secrets this is the
   * difference between knowing a Secret exists and holding its values: the values never reach us.
   */
  metadataOnly?: boolean;
}

const METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const METADATA_WATCH = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

// A restart of the API server takes seconds; RBAC changes are rarer, so a forbidden list is retried slowly.
const RETRY = { baseMs: 200, maxMs: 5_000 };
const FORBIDDEN_RETRY = { baseMs: 30_000, maxMs: 300_000 };

export class ResourceWatch {
  private informer: Informer | undefined;
  private current: WatchState = 'pending';
  private detail = '';
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly backoff = new Backoff(RETRY.baseMs, RETRY.maxMs);
  private readonly slowBackoff = new Backoff(FORBIDDEN_RETRY.baseMs, FORBIDDEN_RETRY.maxMs);

  constructor(
    private readonly k8s: ClientNode,
    private readonly kc: KubeConfig,
    readonly resource: WatchedResource,
    private readonly events: WatchEvents,
    private readonly options: WatchOptions = {},
  ) {}

  get state(): WatchState {
    return this.current;
  }

  /** The last failure's message (empty when synced). */
  get message(): string {
    return this.detail;
  }

  objects(): KubeObject[] {
    // The informer holds the API server's JSON as it came (no typed deserialisation): KubeObject describes it.
    return (this.informer?.list() ?? []) as KubeObject[];
  }

  start(): void {
    const path = listPath(this.resource);
    // What makeInformer builds, with a Watch that knows about stop(): client-node's ListWatch.stop() aborts
    // only a watch whose response already arrived, so one still connecting would stay open for good.
    const metadataOnly = this.options.metadataOnly === true;
    const watchConfig = metadataOnly ? withAccept(this.kc, METADATA_WATCH) : this.kc;
    const informer = new this.k8s.ListWatch<KubernetesObject>(path, stoppableWatch(this.k8s, watchConfig, () => this.stopped), async () => {
      const answer = await getJson(this.kc, path, metadataOnly ? { accept: METADATA_LIST } : {});
      if (!answer.ok) throw new ApiError(answer.status, answer.message);
      // The informer applies the items right after this resolves; `changed` is coalesced by the caller.
      this.setState('synced', '');
      setImmediate(() => this.events.changed(this, undefined, false));
      // A 200 answer to a list request is a list object.
      return withItemKinds(answer.body as KubernetesListObject);
    }, false);
    informer.on('add', (object) => this.events.changed(this, object as KubeObject, false));
    informer.on('update', (object) => this.events.changed(this, object as KubeObject, false));
    informer.on('delete', (object) => this.events.changed(this, object as KubeObject, true));
    informer.on('error', (error: unknown) => this.failed(error));
    this.informer = informer;
    this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.informer?.stop();
  }

  private run(): void {
    // start() resolves once the watch is requested; its failures arrive as 'error' events.
    this.informer?.start().catch((error: unknown) => this.failed(error));
  }

  private failed(error: unknown): void {
    if (this.stopped) return; // stop() aborts the watch, which reports the abort as an error
    const status = statusOf(error);
    const message = error instanceof Error ? error.message : String(error);
    if (status === 403) this.setState('forbidden', message);
    else if (status === 401) this.setState('unauthorised', message);
    else this.setState('retrying', message);
    this.retry(status === 403 ? this.slowBackoff.next() : this.backoff.next());
  }

  private retry(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.probe(), delayMs);
  }

  /** Asks for one item before restarting the informer: its answer is the state, and a failure costs one small request. */
  private async probe(): Promise<void> {
    if (this.stopped) return;
    const accept = this.options.metadataOnly ? { accept: METADATA_LIST } : {};
    const answer = await getJson(this.kc, `${listPath(this.resource)}?limit=1`, { timeoutMs: 10_000, ...accept });
    if (this.stopped) return;
    if (!answer.ok) {
      this.failed(new ApiError(answer.status, answer.message));
      return;
    }
    this.backoff.reset();
    this.slowBackoff.reset();
    this.setState('synced', '');
    // The informer keeps its resourceVersion: it resumes the watch where it stopped (and relists on 410).
    this.run();
  }

  private setState(state: WatchState, message: string): void {
    if (state === this.current && message === this.detail) return;
    const stateChanged = state !== this.current;
    this.current = state;
    this.detail = message;
    if (stateChanged) this.events.stateChanged(this);
  }
}

/** The HTTP status client-node or our own requests attach to an error (0: no answer). */
function statusOf(error: unknown): number {
  if (error === null || typeof error !== 'object') return 0;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode === 'number') return statusCode;
  return typeof code === 'number' ? code : 0;
}

/**
 * A list's items of built-in types (CRDs, ConfigMaps) come without `apiVersion` and `kind` (the list
 * carries them once; watch events carry them on each object): put them back, the builders need them.
 */
function withItemKinds(list: KubernetesListObject): KubernetesListObject {
  const kind = list.kind?.replace(/List$/, '');
  for (const item of list.items ?? []) {
    item.apiVersion ??= list.apiVersion;
    item.kind ??= kind;
  }
  return list;
}

/** A client-node Watch whose connections made after `stopped()` turned true are closed at once. */
function stoppableWatch(k8s: ClientNode, kc: KubeConfig, stopped: () => boolean): InstanceType<ClientNode['Watch']> {
  class StoppableWatch extends k8s.Watch {
    override async watch(...args: Parameters<InstanceType<ClientNode['Watch']>['watch']>): Promise<AbortController> {
      const controller = await super.watch(...args);
      if (stopped()) controller.abort();
      return controller;
    }
  }
  return new StoppableWatch(kc);
}

/** The same credentials, with every watch request asking for `accept` (client-node's Watch takes no headers). */
function withAccept(kc: KubeConfig, accept: string): KubeConfig {
  const wrapped = Object.create(kc) as KubeConfig;
  wrapped.applyToFetchOptions = async (opts) => {
    const init = await kc.applyToFetchOptions(opts);
    // client-node builds the headers as a Headers object (config.js applyToFetchOptions).
    const headers = init.headers as { set(name: string, value: string): void } | undefined;
    headers?.set('Accept', accept);
    return init;
  };
  return wrapped;
}
