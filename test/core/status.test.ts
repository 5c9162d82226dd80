// Live status as plain data: what an object's conditions say (observe), which documents declare instances
// (declared), how a status reads as a finding and a CodeLens. No cluster: objects are written here as the
// API server would return them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CHECK_OPTIONS } from '#server/core/checks/context';
import { statusFindings } from '#server/core/status/findings';
import { observe } from '#server/core/status/observe';
import type { InstanceStatus } from '#server/core/status/types';
import { lensTitle } from '#server/lsp/liveStatus';
import { workspaceWith } from '../support/fixture';

const condition = (type: string, status: string, reason?: string, message?: string) => ({ type, status, reason, message, lastTransitionTime: '2026-11-24T10:00:00Z' });
const claim = (...conditions: object[]) => ({ apiVersion: 'platform.example.org/v1alpha1', kind: 'PostgreSQLInstance', spec: { compositionRef: { name: 'x' } }, status: { conditions } });

describe('observe: conditions to a state', () => {
  it('Crossplane: Synced=False is Failed whatever Ready says; Ready=True is Ready; otherwise Progressing', () => {
    assert.deepEqual(observe(claim(condition('Synced', 'False', 'ReconcileError', 'cannot compose'), condition('Ready', 'True', 'Available'))), {
      state: 'Failed', synced: false, ready: true, reason: 'ReconcileError', message: 'cannot compose', since: '2026-11-24T10:00:00Z',
    });
    assert.equal(observe(claim(condition('Synced', 'True', 'ReconcileSuccess'), condition('Ready', 'True', 'Available'))).state, 'Ready');
    const creating = observe(claim(condition('Synced', 'True'), condition('Ready', 'False', 'Creating')));
    assert.deepEqual([creating.state, creating.reason, creating.synced, creating.ready], ['Progressing', 'Creating', true, false]);
    assert.equal(observe(claim(condition('Synced', 'True'))).reason, 'Waiting');
  });

  it('a claim not reconciled yet is Progressing (Pending); a plain object without status is Unknown, not Ready', () => {
    assert.deepEqual(observe({ ...claim(), status: undefined }), { state: 'Progressing', reason: 'Pending', message: 'not reconciled yet' });
    assert.equal(observe({ apiVersion: 'x.io/v1', kind: 'Widget', spec: { size: 1 } }).state, 'Unknown');
    assert.equal(observe({ apiVersion: 'x.io/v1', kind: 'Widget', status: { conditions: [condition('Available', 'True')] } }).reason, 'NoReadyCondition');
  });

  it('Ready=False is Failed only with a failure reason; a Failed/Degraded condition is Failed', () => {
    assert.equal(observe({ status: { conditions: [condition('Ready', 'False', 'ProvisioningFailed')] } }).state, 'Failed');
    assert.equal(observe({ status: { conditions: [condition('Ready', 'False', 'Reconciling')] } }).state, 'Progressing');
    assert.equal(observe({ status: { conditions: [condition('Degraded', 'True', 'Crash')] } }).state, 'Failed');
  });

  it('KubeVela Applications: running is Ready, workflowFailed is Failed, the rest Progressing with the unhealthy service named', () => {
    const app = (phase: string, services: object[] = []) => ({ apiVersion: 'core.oam.dev/v1beta1', kind: 'Application', status: { status: phase, services } });
    assert.equal(observe(app('running')).state, 'Ready');
    assert.equal(observe(app('workflowFailed')).state, 'Failed');
    const unhealthy = observe(app('runningWorkflow', [{ name: 'web', healthy: false, message: 'Readiness probe failed' }]));
    assert.deepEqual([unhealthy.state, unhealthy.reason, unhealthy.message], ['Progressing', 'runningWorkflow', 'web: Readiness probe failed']);
  });

  it('garbage is Unknown, never a throw', () => {
    for (const value of [null, 42, 'x', [], { status: 'x' }, { status: { conditions: [null, 1, { type: 3 }] } }]) assert.equal(observe(value).state, 'Unknown');
  });
});

describe('declared instances', () => {
  const files = {
    'app.yaml': `
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: api }
      ---
      apiVersion: platform.example.org/v1alpha1
      kind: PostgreSQLInstance
      metadata:
        name: orders-db
        namespace: team-a
      spec:
        parameters: { storageGB: 20 }
        writeConnectionSecretToRef: { name: orders-db-conn }
      ---
      apiVersion: platform.example.org/v1alpha1
      kind: XPostgreSQLInstance
      metadata: { name: shared-db, namespace: ignored }
      ---
      apiVersion: core.oam.dev/v1beta1
      kind: Application
      metadata: { name: shop }
      ---
      apiVersion: unknown.example.org/v1
      kind: Gadget
      metadata: { name: g }
    `,
  };

  it('claims, XRs and Applications of the catalog, with scope, plural, line and connection Secret; others are left out', () => {
    const workspace = workspaceWith({ files });
    const declared = workspace.declaredIn('file:///ws/app.yaml');
    assert.deepEqual(declared.map((d) => [d.kind, d.name, d.documentIndex, d.line, d.scope, d.namespace, d.plural]), [
      ['PostgreSQLInstance', 'orders-db', 1, 5, 'Namespaced', 'team-a', 'postgresqlinstances'],
      ['XPostgreSQLInstance', 'shared-db', 2, 14, 'Cluster', undefined, 'xpostgresqlinstances'],
      ['Application', 'shop', 3, 18, 'Namespaced', undefined, 'applications'],
    ]);
    assert.deepEqual(declared[0]!.connectionSecret, { name: 'orders-db-conn' });
    assert.deepEqual(workspace.declaredInstances().map((d) => d.id), declared.map((d) => d.id));
  });

  it('an id survives an edit above its document; the generation moves for a line shift and a new declaration, not for a comment inside', () => {
    const workspace = workspaceWith({ files });
    const uri = 'file:///ws/app.yaml';
    const before = workspace.declaredIn(uri);
    const generation = workspace.instanceGeneration;
    const text = workspace.documents(uri)!.map((d) => d.chunk.text).join('');
    workspace.update(uri, `# a comment\n${text}`, 2, true);
    const shifted = workspace.declaredIn(uri);
    assert.deepEqual(shifted.map((d) => d.id), before.map((d) => d.id));
    assert.deepEqual(shifted.map((d) => d.line), before.map((d) => d.line + 1));
    assert.ok(workspace.instanceGeneration > generation);
    const afterShift = workspace.instanceGeneration;
    workspace.update(uri, `# a comment\n${text.replace('storageGB: 20 }', 'storageGB: 20 } # bigger later')}`, 3, true);
    assert.equal(workspace.instanceGeneration, afterShift, 'a comment in a document changes no declaration');
  });

  it('Secrets on the cluster (names only) count as providers: secret-not-provided goes away', () => {
    const workspace = workspaceWith({
      files: {
        'api.yaml': `
          apiVersion: v1
          kind: Pod
          metadata: { name: api, namespace: team-a }
          spec:
            containers:
              - name: api
                image: api
                env:
                  - name: T
                    valueFrom: { secretKeyRef: { name: api-token, key: token } }
        `,
      },
    });
    const codes = () => workspace.report('file:///ws/api.yaml', { ...DEFAULT_CHECK_OPTIONS, clusterConnected: true, clusterSecretNamespaces: ['team-a'] })!.documents[0]!.findings.map((f) => `${f.code}:${f.severity}`);
    assert.deepEqual(codes(), ['secret-not-provided:error']);
    const changed = workspace.setExternalSecrets('platform-aware-cluster://secrets', [{ name: 'api-token', namespace: 'team-a', uri: 'platform-aware-cluster://admin/v1/Secret/team-a/api-token' }]);
    assert.equal(changed.secretsChanged, true);
    assert.deepEqual(codes(), []);
    // Another namespace's list was not read: the finding stays a warning there.
    const other = workspace.report('file:///ws/api.yaml', { ...DEFAULT_CHECK_OPTIONS, clusterConnected: true, clusterSecretNamespaces: ['elsewhere'] })!;
    assert.deepEqual(other.documents[0]!.findings.map((f) => f.code), []);
    workspace.setExternalSecrets('platform-aware-cluster://secrets', undefined);
    // A claim in the workspace writes the Secret, and the cluster has it too: its keys are still checked.
    workspace.update('file:///ws/claim.yaml', 'apiVersion: platform.example.org/v1alpha1\nkind: PostgreSQLInstance\nmetadata: { name: api, namespace: team-a }\nspec:\n  parameters: { storageGB: 20 }\n  writeConnectionSecretToRef: { name: api-token }\n', 1, false);
    workspace.setExternalSecrets('platform-aware-cluster://secrets', [{ name: 'api-token', namespace: 'team-a', uri: 'platform-aware-cluster://admin/v1/Secret/team-a/api-token' }]);
    assert.deepEqual(codes(), ['secret-key-unknown:error']);
    workspace.remove('file:///ws/claim.yaml');
    workspace.setExternalSecrets('platform-aware-cluster://secrets', undefined);
    const noCluster = workspace.report('file:///ws/api.yaml', { ...DEFAULT_CHECK_OPTIONS, clusterConnected: true, clusterSecretNamespaces: ['elsewhere'] })!;
    assert.deepEqual(noCluster.documents[0]!.findings.map((f) => `${f.code}:${f.severity}`), ['secret-not-provided:warning']);
  });
});

describe('status as findings and lenses', () => {
  const base: InstanceStatus = { id: 'i', uri: 'file:///a.yaml', documentIndex: 0, line: 1, apiVersion: 'p.io/v1', kind: 'PostgreSQLInstance', name: 'db', namespace: 'team-a', state: 'Ready', children: [] };
  const span = { start: 10, end: 12 };

  it('Failed is provisioning-failed (warning) quoting the reason and the first failed child', () => {
    const [finding] = statusFindings({ ...base, state: 'Failed', reason: 'ReconcileError', message: 'no Composition', children: [{ apiVersion: 'x/v1', kind: 'Instance', name: 'db-1', state: 'Failed', reason: 'CannotCreate', message: 'quota' }] }, span, 'admin');
    assert.equal(finding!.code, 'provisioning-failed');
    assert.equal(finding!.severity, 'warning');
    assert.equal(finding!.message, 'PostgreSQLInstance db failed to provision on cluster admin (namespace team-a): ReconcileError: no Composition; Instance db-1: CannotCreate: quota');
    assert.deepEqual(finding!.span, span);
  });

  it('Missing is a not-ready warning; Progressing a not-ready information; Ready nothing, unless its Secret is missing; Unknown nothing', () => {
    const code = (s: Partial<InstanceStatus>) => statusFindings({ ...base, ...s }, span, 'admin').map((f) => `${f.code}:${f.severity}`);
    assert.deepEqual(code({ state: 'Missing', reason: 'NotFound' }), ['not-ready:warning']);
    assert.deepEqual(code({ state: 'Progressing', reason: 'Creating' }), ['not-ready:information']);
    assert.deepEqual(code({ state: 'Ready' }), []);
    assert.deepEqual(code({ state: 'Ready', connectionSecret: { name: 'c', present: false } }), ['not-ready:information']);
    assert.deepEqual(code({ state: 'Unknown', reason: 'Forbidden' }), []);
  });

  it('lens titles carry the state, Synced, the reason and the age', () => {
    const now = Date.parse('2026-11-24T10:02:30Z');
    const since = '2026-11-24T10:00:00Z';
    assert.equal(lensTitle({ ...base, synced: true, since }, now), '● Ready · Synced — 2m');
    assert.equal(lensTitle({ ...base, state: 'Progressing', reason: 'Creating', since: '2026-11-24T10:02:25Z' }, now), '◌ Progressing (Creating) — 5s');
    assert.equal(lensTitle({ ...base, state: 'Failed', reason: 'ReconcileError', since }, now), '✖ Failed: ReconcileError — 2m');
    assert.equal(lensTitle({ ...base, state: 'Missing', reason: 'NotFound' }, now), '○ Missing');
    assert.equal(lensTitle({ ...base, state: 'Unknown', reason: 'Forbidden' }, now), '? Unknown: Forbidden');
  });
});
