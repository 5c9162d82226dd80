/**
 * The client's copy of the instances the server reports (`platformAware/instances`): it applies each delta
 * and says exactly what changed, so the Platform view redraws only those rows. Pure (no vscode import):
 * tests drive it directly.
 */
import type { InstanceState, InstanceStatus, InstancesNotification } from '../../server/src/core/status/types';

export interface Disposable {
  dispose(): void;
}

/** The shape of vscode.Event, so a view can subscribe without this module importing vscode. */
export type Event<T> = (listener: (e: T) => unknown) => Disposable;

export type InstanceSummary = InstancesNotification['summary'];

/** What one notification changed. */
export interface InstancesChange {
  /** Everything known before was dropped. */
  reset: boolean;
  /** Files that gained or lost an instance (their group's rows change), sorted. */
  files: string[];
  /** A file gained its first instance or lost its last one (the list of groups changes). */
  fileSetChanged: boolean;
  /** Instances that stayed in their file but whose status changed, by id. */
  updated: string[];
}

export class InstanceModel {
  private readonly byId = new Map<string, InstanceStatus>();
  /** Ids per file URI, so a file's rows are found without a scan. */
  private readonly byFile = new Map<string, Set<string>>();
  private listeners: ((e: InstancesChange) => unknown)[] = [];
  private currentSummary: InstanceSummary | undefined;
  context: string | undefined;
  namespace: string | undefined;

  readonly onDidChange: Event<InstancesChange> = (listener) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };

  /** Undefined until the server reported once. */
  get summary(): InstanceSummary | undefined {
    return this.currentSummary;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): InstanceStatus | undefined {
    return this.byId.get(id);
  }

  /** File URIs holding at least one instance, sorted. */
  files(): string[] {
    return [...this.byFile.keys()].sort();
  }

  hasFile(uri: string): boolean {
    return this.byFile.has(uri);
  }

  /** The instances a file declares, in document order. */
  inFile(uri: string): InstanceStatus[] {
    const ids = this.byFile.get(uri);
    if (!ids) return [];
    return [...ids].map((id) => this.byId.get(id)!).sort((a, b) => a.documentIndex - b.documentIndex || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Applies one `platformAware/instances` notification and tells listeners what changed. */
  apply(notification: InstancesNotification): InstancesChange {
    const filesBefore = new Set(this.byFile.keys());
    const touchedFiles = new Set<string>();
    const updated = new Set<string>();
    if (notification.reset) {
      this.byId.clear();
      this.byFile.clear();
    }
    for (const id of notification.remove ?? []) {
      const old = this.byId.get(id);
      if (!old) continue;
      this.forget(old);
      touchedFiles.add(old.uri);
    }
    for (const instance of notification.upsert ?? []) {
      const old = this.byId.get(instance.id);
      if (old && old.uri === instance.uri) {
        updated.add(instance.id);
      } else {
        if (old) {
          this.forget(old);
          touchedFiles.add(old.uri);
        }
        touchedFiles.add(instance.uri);
      }
      this.byId.set(instance.id, instance);
      let ids = this.byFile.get(instance.uri);
      if (!ids) this.byFile.set(instance.uri, (ids = new Set()));
      ids.add(instance.id);
    }
    this.currentSummary = notification.summary;
    this.context = notification.context;
    this.namespace = notification.namespace;
    const filesAfter = new Set(this.byFile.keys());
    const fileSetChanged = filesBefore.size !== filesAfter.size || [...filesBefore].some((f) => !filesAfter.has(f));
    // A row whose group is redrawn anyway needs no redraw of its own.
    const change: InstancesChange = {
      reset: notification.reset,
      files: [...touchedFiles].sort(),
      fileSetChanged,
      updated: [...updated].filter((id) => this.byId.has(id) && !touchedFiles.has(this.byId.get(id)!.uri)).sort(),
    };
    for (const listener of [...this.listeners]) listener(change);
    return change;
  }

  /** How many instances are in each state (the server's summary; zeros before the first report). */
  count(state: InstanceState): number {
    return this.currentSummary?.[state] ?? 0;
  }

  private forget(instance: InstanceStatus): void {
    this.byId.delete(instance.id);
    const ids = this.byFile.get(instance.uri);
    ids?.delete(instance.id);
    if (ids && ids.size === 0) this.byFile.delete(instance.uri);
  }
}
