/**
 * The language server's side of live status: keeps the instance watcher's declared set in step with the
 * workspace, forwards status deltas to the client (`platformAware/instances`), turns statuses into
 * findings and CodeLenses on the manifests that declare them, and hands the cluster's Secret names
 * (metadata only) to the workspace for `secret-not-provided`. The watching itself is sources/cluster's.
 */
import { CodeLens, CodeLensRefreshRequest, Connection } from 'vscode-languageserver/node';
import type { CheckOptions } from '../core/checks/context';
import { statusFindings } from '../core/status/findings';
import { INSTANCE_STATES, INSTANCES_NOTIFICATION, InstanceState, InstancesNotification, InstanceStatus } from '../core/status/types';
import type { FileReport, Workspace } from '../core/workspace/workspace';
import { CLUSTER_SCHEME } from '../sources/cluster/objects';
import { APPLY_COMMAND } from './applyCommand';
import type { ClusterLink } from './cluster';

const CLUSTER_SECRETS = `${CLUSTER_SCHEME}://secrets`;
/** Declarations settle this long after the last edit before the watcher looks again (typing moves lines). */
const DECLARE_DELAY_MS = 150;

export interface LiveStatusHost {
  readonly connection: Connection;
  readonly workspace: Workspace;
  readonly cluster: ClusterLink;
  /** Open documents whose findings must be computed again. */
  recheck(uris: Iterable<string> | 'all'): void;
  canRefreshCodeLens(): boolean;
}

export class LiveStatus {
  private declaredStamp = '';
  private declareTimer: NodeJS.Timeout | undefined;
  private lensTimer: NodeJS.Timeout | undefined;
  /** What each instance's lens last said (without its age), to refresh lenses only when one changes. */
  private readonly lensKeys = new Map<string, string>();

  constructor(private readonly host: LiveStatusHost) {}

  /** The workspace or the catalog may have changed what is declared: tell the watcher (debounced). */
  declarationsChanged(): void {
    if (this.declareTimer || !this.host.cluster.instances) return;
    this.declareTimer = setTimeout(() => {
      this.declareTimer = undefined;
      this.sendDeclared();
    }, DECLARE_DELAY_MS);
  }

  /** The instances declared now, for a watcher that starts. */
  declared(): ReturnType<Workspace['declaredInstances']> {
    this.declaredStamp = this.declarationStamp();
    return this.host.workspace.declaredInstances();
  }

  instancesChanged(upsert: InstanceStatus[], removed: string[], reset: boolean): void {
    const watcher = this.host.cluster.instances;
    const status = this.host.cluster.status;
    const notification: InstancesNotification = {
      ...(status.context ? { context: status.context } : {}),
      ...(status.namespace ? { namespace: status.namespace } : {}),
      reset,
      upsert,
      remove: removed,
      summary: summarise(watcher?.statuses() ?? []),
    };
    void this.host.connection.sendNotification(INSTANCES_NOTIFICATION, notification);
    // Findings and lenses of the files whose instances changed (all of them after a reset).
    this.host.recheck(reset ? 'all' : new Set([...upsert.map((s) => s.uri), ...removed.map((id) => id.slice(0, id.indexOf('#')))]));
    // VS Code restarts its wait before fetching lenses on every refresh: ask only when a lens would read differently.
    let lensesChanged = reset || removed.length > 0;
    if (reset) this.lensKeys.clear();
    for (const id of removed) this.lensKeys.delete(id);
    for (const status of upsert) {
      const key = lensKey(status);
      if (this.lensKeys.get(status.id) === key) continue;
      this.lensKeys.set(status.id, key);
      lensesChanged = true;
    }
    if (lensesChanged) this.refreshLenses();
  }

  clusterSecretsChanged(): void {
    const watcher = this.host.cluster.instances;
    const context = this.host.cluster.status.context ?? '';
    const known = watcher?.secrets();
    const uri = (name: string, namespace: string) => `${CLUSTER_SCHEME}://${encodeURIComponent(context)}/v1/Secret/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
    const result = this.host.workspace.setExternalSecrets(CLUSTER_SECRETS, known?.secrets.map((s) => ({ ...s, uri: uri(s.name, s.namespace) })));
    if (result.secretsChanged || known) this.host.recheck('all');
  }

  /** Check options that depend on the cluster: what it can say about Secrets. */
  checkOptions(): Pick<CheckOptions, 'clusterConnected' | 'clusterSecretNamespaces' | 'defaultNamespace'> {
    const watcher = this.host.cluster.instances;
    const status = this.host.cluster.status;
    if (!watcher || status.state !== 'connected') return { clusterConnected: false };
    const { namespaces } = watcher.secrets();
    return { clusterConnected: namespaces.length > 0, clusterSecretNamespaces: namespaces, ...(status.namespace ? { defaultNamespace: status.namespace } : {}) };
  }

  /** Adds the status findings of the file's instances to its report (a new report; the cached one is shared). */
  withStatusFindings(report: FileReport): FileReport {
    const watcher = this.host.cluster.instances;
    if (!watcher) return report;
    const context = this.host.cluster.status.context ?? '';
    const declared = this.host.workspace.declaredIn(report.uri);
    if (declared.length === 0) return report;
    const documents = report.documents.slice();
    for (const instance of declared) {
      const status = watcher.status(instance.id);
      const target = documents[instance.documentIndex];
      if (!status || !target) continue;
      const head = target.doc.head;
      const span = head?.nameSpan ?? head?.kindSpan;
      if (!span) continue;
      const findings = statusFindings(status, span, context);
      if (findings.length) documents[instance.documentIndex] = { ...target, findings: [...target.findings, ...findings] };
    }
    return { ...report, documents };
  }

  /** One lens above each declared instance: its state, and for a Missing one, the way to apply it. */
  codeLenses(uri: string): CodeLens[] {
    const watcher = this.host.cluster.instances;
    if (!watcher) return [];
    const context = this.host.cluster.status.context ?? 'cluster';
    const now = Date.now();
    return this.host.workspace.declaredIn(uri).flatMap((instance) => {
      const status = watcher.status(instance.id);
      if (!status) return [];
      const range = { start: { line: instance.line, character: 0 }, end: { line: instance.line, character: 0 } };
      const lenses: CodeLens[] = [{ range, command: { title: lensTitle(status, now), command: '' } }];
      if (status.state === 'Missing' && status.reason === 'NotFound') {
        lenses.push({ range, command: { title: `Apply to ${context}…`, command: APPLY_COMMAND, arguments: [{ uri, documentIndex: instance.documentIndex }] } });
      }
      return lenses;
    });
  }

  dispose(): void {
    clearTimeout(this.declareTimer);
    clearTimeout(this.lensTimer);
  }

  private sendDeclared(): void {
    const stamp = this.declarationStamp();
    if (stamp === this.declaredStamp) return;
    this.declaredStamp = stamp;
    this.host.cluster.setDeclared(this.host.workspace.declaredInstances());
  }

  /** Moves when the catalog or a declaration changes: what the watcher was last given is then stale. */
  private declarationStamp(): string {
    return `${this.host.workspace.catalog.generation}|${this.host.workspace.instanceGeneration}`;
  }

  /** Asks the client to fetch lenses again now, and once a minute while any are shown (their ages move). */
  private refreshLenses(): void {
    if (!this.host.canRefreshCodeLens()) return;
    void this.host.connection.sendRequest(CodeLensRefreshRequest.type);
    clearTimeout(this.lensTimer);
    if ((this.host.cluster.instances?.statuses().length ?? 0) > 0) {
      this.lensTimer = setTimeout(() => this.refreshLenses(), 60_000);
      this.lensTimer.unref();
    }
  }
}

const MARK: Record<InstanceState, string> = { Ready: '●', Progressing: '◌', Failed: '✖', Missing: '○', Unknown: '?' };

/** `● Ready · Synced — 2m`, `◌ Progressing (Creating) — 5s`, `✖ Failed: ReconcileError`, `○ Missing on admin`. */
export function lensTitle(status: InstanceStatus, now: number): string {
  const age = status.since ? ` — ${ageOf(now - Date.parse(status.since))}` : '';
  const secret = status.connectionSecret?.present === false && status.state === 'Ready' ? ` · Secret ${status.connectionSecret.name} missing` : '';
  switch (status.state) {
    case 'Ready':
      return `${MARK.Ready} Ready${status.synced ? ' · Synced' : ''}${secret}${age}`;
    case 'Progressing':
      return `${MARK.Progressing} Progressing${status.reason ? ` (${status.reason})` : ''}${age}`;
    case 'Failed':
      return `${MARK.Failed} Failed: ${status.reason ?? 'unknown reason'}${age}`;
    case 'Missing':
      return `${MARK.Missing} Missing${status.reason === 'NotServed' ? ': type not served' : ''}`;
    default:
      return `${MARK.Unknown} Unknown${status.reason ? `: ${status.reason}` : ''}`;
  }
}

function lensKey(status: InstanceStatus): string {
  return `${status.line}|${lensTitle({ ...status, since: undefined }, 0)}|${status.state === 'Missing' ? status.reason : ''}`;
}

function ageOf(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'now';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

function summarise(statuses: readonly InstanceStatus[]): InstancesNotification['summary'] {
  const summary = Object.fromEntries(INSTANCE_STATES.map((s) => [s, 0])) as Record<InstanceState, number>;
  for (const status of statuses) summary[status.state]++;
  return { ...summary, total: statuses.length };
}
