// The live catalog against a real kube-apiserver: Crossplane's CRDs applied with kubectl, XRDs added and
// removed on the cluster, a real restart of the API server; validation follows without a restart.
import { strict as assert } from 'node:assert';
import { after, it } from 'node:test';
import { parse } from 'yaml';
import type { Contribution } from '#server/core/catalog/types';
import { Workspace } from '#server/core/workspace/workspace';
import { describeCluster } from '../support/kubeApiServer';
import { claim, hasCapability, installCrossplaneCrds, kubectlOk, Recorded, startRecorded, xrd } from '../support/clusterSource';

const GROUP = 'live.platform-aware.dev';

/** The error codes a claim gets against a catalog holding just the cluster's contribution. */
function claimCodes(contribution: Contribution, text: string): string[] {
  const workspace = new Workspace();
  workspace.setSource('cluster:admin', 'cluster', contribution);
  workspace.update('file:///claim.yaml', text, 1, true);
  const report = workspace.report('file:///claim.yaml', { unknownFields: 'warning', clusterConnected: false });
  return (report?.documents ?? []).flatMap((d) => d.findings).map((f) => f.code).sort();
}

describeCluster('live catalog from a real API server', (cluster) => {
  let recorded: Recorded | undefined;
  after(() => recorded?.catalog.stop());

  it('offers an XRD applied with kubectl as a claim capability with cluster provenance', async () => {
    const kube = cluster();
    await installCrossplaneCrds(kube);
    await kubectlOk(kube, ['apply', '-f', '-'], xrd(GROUP, 'Cache'));
    const started = performance.now();
    recorded = await startRecorded(kube);
    const connected = await recorded.state((s) => s.state === 'connected');
    assert.deepEqual(connected.state.forbidden, []);
    assert.ok(connected.state.watching.includes('compositeresourcedefinitions.apiextensions.crossplane.io'), connected.state.watching.join());
    assert.ok(connected.state.watching.includes('customresourcedefinitions.apiextensions.k8s.io'));
    const { contribution, at } = await recorded.change(hasCapability('Cache'));
    console.log(`# first catalog from the cluster ${Math.round(at - started)} ms after start()`);
    const cache = contribution.capabilities.find((c) => c.kind === 'Cache')!;
    assert.equal(cache.role, 'claim');
    assert.equal(cache.group, GROUP);
    assert.equal(cache.origin.source, 'cluster');
    // Read as v2 (the served version Crossplane acts on): a v1-created XRD keeps its claim through scope LegacyCluster.
    assert.equal(cache.origin.uri, `platform-aware-cluster://admin/apiextensions.crossplane.io/v2/CompositeResourceDefinition/_/xcaches.${GROUP}`);
    // The XRD and Composition CRDs are cluster capabilities too; the initial list came as one change.
    assert.ok(hasCapability('CompositeResourceDefinition')(contribution), JSON.stringify({ kinds: contribution.capabilities.map((c) => c.kind), problems: contribution.problems.map((p) => p.message) }));
    assert.equal(recorded.changes.length, 1, 'the initial lists were coalesced into one change');

    assert.deepEqual(claimCodes(contribution, claim(GROUP, 'Cache', 'small')), []);
    assert.ok(claimCodes(contribution, claim(GROUP, 'Cache', 'huge')).includes('schema'));
  });

  it('an XRD added or removed on the cluster changes validation within 1 s, without restart', async () => {
    const kube = cluster();
    const rec = recorded!;
    const text = claim(GROUP, 'Queue', 'small');
    assert.ok(claimCodes(rec.changes.at(-1)!.contribution, text).includes('unknown-capability'));

    const body = JSON.stringify(parse(xrd(GROUP, 'Queue')));
    const sent = performance.now();
    const created = await kube.request('/apis/apiextensions.crossplane.io/v1/compositeresourcedefinitions', { method: 'POST', body });
    const stored = performance.now();
    assert.equal(created.status, 201, created.body);
    const added = await rec.change(hasCapability('Queue'), { since: sent, timeoutMs: 5_000 });
    const addLatency = added.at - stored;
    assert.deepEqual(claimCodes(added.contribution, text), []);

    const removeSent = performance.now();
    const deleted = await kube.request(`/apis/apiextensions.crossplane.io/v1/compositeresourcedefinitions/xqueues.${GROUP}`, { method: 'DELETE' });
    const removed = performance.now();
    assert.equal(deleted.status, 200, deleted.body);
    const gone = await rec.change((c) => !hasCapability('Queue')(c), { since: removeSent, timeoutMs: 5_000 });
    const removeLatency = gone.at - removed;
    assert.ok(claimCodes(gone.contribution, text).includes('unknown-capability'));
    console.log(`# cluster XRD → catalog change: add ${addLatency.toFixed(1)} ms, remove ${removeLatency.toFixed(1)} ms after the API server answered (request to change: ${(added.at - sent).toFixed(1)} / ${(gone.at - removeSent).toFixed(1)} ms)`);
    assert.ok(addLatency < 1_000 && removeLatency < 1_000, `within 1 s (${addLatency}, ${removeLatency})`);
  });

  it('reconnects after a real API-server restart and picks up a change made after it', async () => {
    const kube = cluster();
    const rec = recorded!;
    const before = performance.now();
    await kube.restartApiServer();
    const restarted = performance.now();
    // The watches dropped with the old process: the state said so, then recovered.
    await rec.state((s) => s.state === 'reconnecting', { since: before, timeoutMs: 30_000 });
    const back = await rec.state((s) => s.state === 'connected', { since: before, timeoutMs: 30_000 });
    console.log(`# API server restart took ${Math.round(restarted - before)} ms (harness: stop, start, /readyz); the source was connected again ${Math.round(back.at - before)} ms after the restart began`);
    await kubectlOk(kube, ['apply', '-f', '-'], xrd(GROUP, 'Bucket'));
    const applied = performance.now();
    const seen = await rec.change(hasCapability('Bucket'), { since: applied - 1_000, timeoutMs: 10_000 });
    console.log(`# change after the restart seen ${Math.round(seen.at - applied)} ms after kubectl returned`);
    assert.ok(hasCapability('Cache')(seen.contribution), 'what was there before the restart is still there');
  });
});
