/**
 * What a cluster object's `status` says about readiness, as one InstanceState. Crossplane claims, XRs and
 * managed resources report `Synced` and `Ready` conditions; KubeVela Applications report `status.status`
 * and per-service health; other custom resources usually follow the Kubernetes convention of a `Ready`
 * condition. An object that says nothing is Unknown: existing is not the same as usable.
 */
import type { ObservedState } from './types';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

// KubeVela's ApplicationPhase values (apis/core.oam.dev/common/types.go).
const VELA_FAILED = new Set(['workflowFailed', 'workflowTerminated']);
const VELA_READY = new Set(['running']);

export function observe(object: unknown): ObservedState {
  const status = record(record(object)?.['status']);
  const conditions = conditionsOf(status);
  const velaPhase = typeof status?.['status'] === 'string' ? status['status'] : undefined;
  if (velaPhase !== undefined && isVelaApplication(object)) return velaState(velaPhase, status!, conditions);
  const synced = conditions.get('Synced');
  const ready = conditions.get('Ready');
  const facts = { ...(synced ? { synced: synced.status === 'True' } : {}), ...(ready ? { ready: ready.status === 'True' } : {}) };
  // Crossplane: Synced=False means the last reconcile failed, whatever Ready says.
  if (synced?.status === 'False') return { state: 'Failed', ...facts, ...from(synced) };
  if (ready?.status === 'True') return { state: 'Ready', ...facts, ...from(ready) };
  if (ready?.status === 'False' && looksFailed(ready)) return { state: 'Failed', ...facts, ...from(ready) };
  if (ready) return { state: 'Progressing', ...facts, ...from(ready) };
  if (synced) return { state: 'Progressing', ...facts, reason: 'Waiting', message: 'reconciled, no Ready condition yet', since: synced.lastTransitionTime };
  const failed = [...conditions.values()].find((c) => /^(Failed|Failure|Error|Degraded)$/.test(c.type) && c.status === 'True');
  if (failed) return { state: 'Failed', ...from(failed) };
  if (conditions.size === 0 && isCrossplaneManaged(object)) return { state: 'Progressing', reason: 'Pending', message: 'not reconciled yet' };
  return { state: 'Unknown', reason: conditions.size ? 'NoReadyCondition' : 'NoStatus', message: conditions.size ? 'the object reports no Ready condition' : 'the object reports no status' };
}

function velaState(phase: string, status: Record<string, unknown>, conditions: Map<string, Condition>): ObservedState {
  const unhealthy = list(status['services']).map(record).find((s) => s?.['healthy'] === false);
  const detail = unhealthy ? `${String(unhealthy['name'] ?? 'a component')}: ${String(unhealthy['message'] ?? 'unhealthy')}` : undefined;
  const latest = [...conditions.values()].sort((a, b) => (b.lastTransitionTime ?? '').localeCompare(a.lastTransitionTime ?? ''))[0];
  const since = latest?.lastTransitionTime;
  if (VELA_READY.has(phase)) return { state: 'Ready', reason: phase, ...(since ? { since } : {}) };
  if (VELA_FAILED.has(phase)) return { state: 'Failed', reason: phase, message: detail ?? latest?.message, ...(since ? { since } : {}) };
  return { state: 'Progressing', reason: phase, ...(detail ? { message: detail } : {}), ...(since ? { since } : {}) };
}

function looksFailed(condition: Condition): boolean {
  return /fail|error|invalid|denied|forbidden/i.test(condition.reason ?? '');
}

function from(condition: Condition): Pick<ObservedState, 'reason' | 'message' | 'since'> {
  return {
    ...(condition.reason ? { reason: condition.reason } : {}),
    ...(condition.message ? { message: condition.message } : {}),
    ...(condition.lastTransitionTime ? { since: condition.lastTransitionTime } : {}),
  };
}

function conditionsOf(status: Record<string, unknown> | undefined): Map<string, Condition> {
  const out = new Map<string, Condition>();
  for (const raw of list(status?.['conditions'])) {
    const c = record(raw);
    if (typeof c?.['type'] !== 'string' || typeof c['status'] !== 'string') continue;
    out.set(c['type'], {
      type: c['type'],
      status: c['status'],
      ...(typeof c['reason'] === 'string' ? { reason: c['reason'] } : {}),
      ...(typeof c['message'] === 'string' ? { message: c['message'] } : {}),
      ...(typeof c['lastTransitionTime'] === 'string' ? { lastTransitionTime: c['lastTransitionTime'] } : {}),
    });
  }
  return out;
}

function isVelaApplication(object: unknown): boolean {
  const o = record(object);
  return o?.['kind'] === 'Application' && typeof o['apiVersion'] === 'string' && o['apiVersion'].startsWith('core.oam.dev/');
}

/** A claim, XR or managed resource: Crossplane writes conditions on its first reconcile. */
function isCrossplaneManaged(object: unknown): boolean {
  const spec = record(record(object)?.['spec']);
  return !!spec && ('compositionRef' in spec || 'compositionSelector' in spec || 'resourceRef' in spec || 'writeConnectionSecretToRef' in spec || 'crossplane' in spec || 'forProvider' in spec);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
