// What the Platform view and the cluster status bar item say, from what the server reported: deterministic
// texts an end-to-end test can look for. Also the cluster URI the client sends back to the server.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { serverUri } from '#client/clusterUri';
import * as labels from '#client/labels';
import { NodeCache, nodeId } from '#client/viewNodes';
import type { ClusterStatus } from '#server/lsp/cluster';

const NOW = Date.parse('2025-01-01T12:00:00Z');
const connected: ClusterStatus = { state: 'connected', context: 'admin', server: 'https://127.0.0.1:6443', namespace: 'shop', watching: [], forbidden: [] };
const summary = (ready: number, failed: number, total: number) => ({ Ready: ready, Progressing: total - ready - failed, Failed: failed, Missing: 0, Unknown: 0, total });

describe('labels', () => {
  it('instances: `Kind name` and `state · reason · age`', () => {
    assert.equal(labels.objectLabel({ kind: 'PostgreSQLInstance', name: 'orders-db' }), 'PostgreSQLInstance orders-db');
    assert.equal(labels.stateDescription({ state: 'Progressing', reason: 'Creating', since: '2025-01-01T11:57:30Z' }, NOW), 'Progressing · Creating · 2m');
    assert.equal(labels.stateDescription({ state: 'Missing' }, NOW), 'Missing');
    assert.deepEqual(['2025-01-01T11:59:15Z', '2025-01-01T09:00:00Z', '2024-12-29T12:00:00Z', 'garbage'].map((t) => labels.age(t, NOW)), ['45s', '3h', '3d', undefined]);
  });

  it('connection Secret rows say present, missing or unknown', () => {
    assert.deepEqual([true, false, undefined].map((present) => labels.secretLabel({ name: 'orders-db-conn', present })), [
      'Connection Secret orders-db-conn: present',
      'Connection Secret orders-db-conn: missing',
      'Connection Secret orders-db-conn: unknown',
    ]);
  });

  it('the Cluster row: the context, then state and namespace', () => {
    assert.equal(labels.clusterLabel(connected), 'admin');
    assert.equal(labels.clusterDescription(connected), 'connected · shop');
    assert.equal(labels.clusterLabel({ state: 'disabled', watching: [], forbidden: [] }), 'Cluster');
    assert.match(labels.clusterTooltip({ ...connected, forbidden: ['compositions.apiextensions.crossplane.io'] }), /Not allowed to list: compositions\.apiextensions\.crossplane\.io/);
  });

  it('the status bar: `⎈ <context> · ready/total`, the state when not connected, hidden with no cluster', () => {
    assert.equal(labels.statusBarText(connected, summary(3, 0, 4)), '⎈ admin · 3/4 ready');
    assert.equal(labels.statusBarText(connected, undefined), '⎈ admin · connected');
    assert.equal(labels.statusBarText({ ...connected, state: 'reconnecting' }, summary(3, 0, 4)), '⎈ admin · reconnecting');
    assert.equal(labels.statusBarText({ state: 'none', watching: [], forbidden: [] }, undefined), undefined);
    assert.equal(labels.statusBarText({ state: 'disabled', watching: [], forbidden: [] }, undefined), undefined);
    assert.equal(labels.statusBarWarns(connected, summary(3, 1, 4)), true);
    assert.equal(labels.statusBarWarns(connected, summary(4, 0, 4)), false);
    assert.equal(labels.statusBarWarns({ ...connected, state: 'unauthorised' }, undefined), true);
  });

  it('catalog rows', () => {
    assert.equal(labels.sourceLabel('cluster', 'admin'), 'Cluster admin');
    assert.equal(labels.sourceLabel('sample', undefined), 'Sample platform');
    assert.equal(labels.capabilityDescription({ role: 'claim', group: 'platform.example.org' }), 'claim · platform.example.org');
  });
});

describe('view nodes', () => {
  it('the same row keeps the same node object, and ids are unique per row', () => {
    const nodes = new NodeCache();
    const a = nodes.instance({ id: 'file:///a.yaml#0', uri: 'file:///a.yaml', documentIndex: 0 });
    assert.equal(nodes.instance({ id: 'file:///a.yaml#0', uri: 'file:///a.yaml', documentIndex: 0 }), a);
    assert.equal(nodes.file('file:///a.yaml'), nodes.file('file:///a.yaml'));
    assert.deepEqual(JSON.parse(JSON.stringify(a)), { type: 'instance', id: 'file:///a.yaml#0', uri: 'file:///a.yaml', documentIndex: 0 }, 'serializable as the apply argument');
    nodes.prune(() => false, () => false);
    assert.equal(nodes.knownInstance('file:///a.yaml#0'), undefined);
    assert.deepEqual([nodeId(a), nodeId({ type: 'child', instanceId: 'file:///a.yaml#0', index: 1 }), nodeId({ type: 'cluster' })], ['instance:file:///a.yaml#0', 'child:file:///a.yaml#0:1', 'cluster']);
  });
});

describe('cluster URIs', () => {
  it('are rebuilt from decoded parts in the server’s spelling', () => {
    // What VS Code's Uri holds for platform-aware-cluster://kind-Admin%40kind/apiextensions.k8s.io/v1/CustomResourceDefinition/_/caches.acme.io
    const parts = { scheme: 'platform-aware-cluster', authority: 'kind-Admin@kind', path: '/apiextensions.k8s.io/v1/CustomResourceDefinition/_/caches.acme.io' };
    assert.equal(serverUri(parts), 'platform-aware-cluster://kind-Admin%40kind/apiextensions.k8s.io/v1/CustomResourceDefinition/_/caches.acme.io');
  });
});
