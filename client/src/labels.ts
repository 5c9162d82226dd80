/**
 * Every text the Platform view and the cluster status bar item show, as pure functions of what the server
 * reported (and "now", for ages), so the labels are deterministic and tested without VS Code.
 */
import type { CapabilityRole, SourceKind } from '../../server/src/core/catalog/types';
import type { InstanceStatus, ObservedState } from '../../server/src/core/status/types';
import type { ClusterStatus } from '../../server/src/lsp/cluster';
import type { InstanceSummary } from './instanceModel';

/** `Kind name`, for an instance or one of its composed resources. */
export function objectLabel(object: { kind: string; name: string }): string {
  return `${object.kind} ${object.name}`;
}

/** `state · reason · age`, leaving out what the server did not say. */
export function stateDescription(observed: ObservedState, now: number): string {
  const since = observed.since ? age(observed.since, now) : undefined;
  return [observed.state, observed.reason, since].filter((part): part is string => !!part).join(' · ');
}

/** How long ago an ISO time was, as kubectl prints ages: `45s`, `12m`, `3h`, `5d`. */
export function age(iso: string, now: number): string | undefined {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return undefined;
  const seconds = Math.max(0, Math.floor((now - then) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

export function instanceTooltip(instance: InstanceStatus): string {
  const lines = [`${objectLabel(instance)}${instance.namespace ? ` (namespace ${instance.namespace})` : ''}`, instance.apiVersion, `State: ${instance.state}`];
  const conditions = [instance.synced === undefined ? '' : `Synced: ${instance.synced}`, instance.ready === undefined ? '' : `Ready: ${instance.ready}`].filter(Boolean);
  if (conditions.length) lines.push(conditions.join(', '));
  if (instance.reason) lines.push(`Reason: ${instance.reason}`);
  if (instance.message) lines.push(instance.message);
  if (instance.since) lines.push(`Since: ${instance.since}`);
  return lines.join('\n');
}

/** `Connection Secret <name>: present | missing | unknown`. */
export function secretLabel(secret: { name: string; present?: boolean }): string {
  return `Connection Secret ${secret.name}: ${secret.present === undefined ? 'unknown' : secret.present ? 'present' : 'missing'}`;
}

export function fileDescription(count: number): string {
  return count === 1 ? '1 instance' : `${count} instances`;
}

/** The Cluster row's label: the context, or what stands in for one. */
export function clusterLabel(cluster: ClusterStatus): string {
  if (cluster.context) return cluster.context;
  return cluster.state === 'none' ? 'No kubeconfig' : 'Cluster';
}

/** `state · namespace`. */
export function clusterDescription(cluster: ClusterStatus): string {
  return [cluster.state, cluster.namespace].filter((part): part is string => !!part).join(' · ');
}

export function clusterTooltip(cluster: ClusterStatus): string {
  const lines = [`Context: ${cluster.context ?? '(none)'}`, `State: ${cluster.state}`];
  if (cluster.server) lines.push(`Server: ${cluster.server}`);
  if (cluster.namespace) lines.push(`Namespace: ${cluster.namespace}`);
  if (cluster.message) lines.push(cluster.message);
  if (cluster.forbidden.length) lines.push(`Not allowed to list: ${cluster.forbidden.join(', ')}`);
  return lines.join('\n');
}

export function sourceLabel(source: SourceKind, context: string | undefined): string {
  if (source === 'workspace') return 'Workspace';
  if (source === 'sample') return 'Sample platform';
  return context ? `Cluster ${context}` : 'Cluster';
}

/** `role · group` for a capability row. */
export function capabilityDescription(entry: { role: CapabilityRole; group: string }): string {
  return entry.group ? `${entry.role} · ${entry.group}` : entry.role;
}

/**
 * The status bar text: `⎈ <context> · 3/4 ready` when connected and instances were reported, else
 * `⎈ <context> · <state>`. Undefined (the item is hidden) when no cluster is configured or it is disabled.
 */
export function statusBarText(cluster: ClusterStatus, summary: InstanceSummary | undefined): string | undefined {
  if (cluster.state === 'none' || cluster.state === 'disabled') return undefined;
  const context = cluster.context ?? 'cluster';
  if (cluster.state !== 'connected') return `⎈ ${context} · ${cluster.state}`;
  if (!summary) return `⎈ ${context} · connected`;
  return `⎈ ${context} · ${summary.Ready}/${summary.total} ready`;
}

/** Whether the status bar item should stand out: an instance failed, or the cluster cannot be used. */
export function statusBarWarns(cluster: ClusterStatus, summary: InstanceSummary | undefined): boolean {
  return (summary?.Failed ?? 0) > 0 || cluster.state === 'unauthorised' || cluster.state === 'offline';
}

export function statusBarTooltip(cluster: ClusterStatus, summary: InstanceSummary | undefined): string {
  const lines = [clusterTooltip(cluster)];
  if (summary) lines.push(`Instances: ${summary.Ready} ready, ${summary.Progressing} progressing, ${summary.Failed} failed, ${summary.Missing} missing, ${summary.Unknown} unknown`);
  lines.push('Click to show the Platform view');
  return lines.join('\n');
}
