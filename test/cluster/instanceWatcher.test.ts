// The instance watcher against the real API server, behind the fault proxy: status written through the real
// status subresource reaches the watcher's deltas; dropped watches, an injected 410 Gone, an expired token,
// RBAC denial and a real API-server restart each show as a state and recover without a new watcher.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DeclaredInstance, InstanceStatus } from '#server/core/status/types';
import { makeKubeConfig } from '#server/sources/cluster/client';
import type { ClusterConnectionInfo } from '#server/sources/cluster/clusterCatalog';
import { InstanceWatcher } from '#server/sources/cluster/instances';
import { loadKubeconfig } from '#server/sources/cluster/kubeconfig';
import { kubectlOk } from '../support/clusterSource';
import { FaultProxy } from '../support/faultProxy';
import { widgetCrd } from '../support/liveFixtures';
import { describeCluster, KubeApiServer, KubeUser } from '../support/kubeApiServer';

const GROUP = 'status.platform-aware.dev';
const NS = 'default';


function declared(name: string): DeclaredInstance {
  return { id: `file:///w.yaml#${GROUP}/v1/Widget//${name}`, uri: 'file:///w.yaml', documentIndex: 0, line: 1, apiVersion: `${GROUP}/v1`, group: GROUP, version: 'v1', kind: 'Widget', name, scope: 'Namespaced', plural: 'widgets' };
}

/** Polls a condition with a bound: a watch that never reopens fails the test instead of hanging it. */
async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sets the Ready condition through the status subresource, as a controller would. */
async function setReady(kube: KubeApiServer, name: string, status: 'True' | 'False', reason: string): Promise<void> {
  const patch = JSON.stringify({ status: { conditions: [{ type: 'Ready', status, reason, message: `${reason} by the test`, lastTransitionTime: new Date().toISOString() }] } });
  await kubectlOk(kube, ['patch', `widgets.${GROUP}`, name, '-n', NS, '--subresource=status', '--type=merge', '-p', patch]);
}

async function connect(kubeconfig: string, user: KubeUser): Promise<ClusterConnectionInfo> {
  const found = loadKubeconfig({ path: kubeconfig, context: user, trusted: true });
  assert.ok(found.ok, JSON.stringify(found));
  const made = await makeKubeConfig(found.value.config);
  assert.ok(made.ok);
  return { k8s: made.k8s, kc: made.kc, context: found.value.context, namespace: NS, server: found.value.server };
}

/** Records the watcher's deltas into a current picture and lets a test wait for a state. */
function recorder() {
  const byId = new Map<string, InstanceStatus>();
  let waiters: (() => void)[] = [];
  const events = {
    changed(upsert: InstanceStatus[], removed: string[]) {
      for (const s of upsert) byId.set(s.id, s);
      for (const id of removed) byId.delete(id);
      const current = waiters;
      waiters = [];
      current.forEach((w) => w());
    },
    secretsChanged() {},
  };
  const until = (name: string, predicate: (s: InstanceStatus) => boolean, ms = 15_000, what = ''): Promise<{ status: InstanceStatus; at: number }> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} ${what}: not within ${ms} ms; last ${JSON.stringify(byId.get(declared(name).id))}`)), ms);
      const check = () => {
        const status = byId.get(declared(name).id);
        if (status && predicate(status)) {
          clearTimeout(timer);
          resolve({ status, at: performance.now() });
        } else waiters.push(check);
      };
      check();
    });
  return { events, until };
}

describeCluster('instance watcher against the real API server (fault proxy)', (cluster) => {
  describe('through the proxy, as admin', () => {
    let proxy: FaultProxy;
    let watcher: InstanceWatcher;
    const seen = recorder();
    before(async () => {
      const kube = cluster();
      await kubectlOk(kube, ['apply', '-f', '-'], widgetCrd(GROUP));
      await kubectlOk(kube, ['wait', '--for=condition=Established', `crd/widgets.${GROUP}`, '--timeout=30s']);
      proxy = await FaultProxy.start(kube);
      const kubeconfig = await proxy.writeKubeconfig(join(kube.dir, 'instances-proxy.kubeconfig'));
      watcher = new InstanceWatcher(await connect(kubeconfig, 'admin'), seen.events);
      watcher.setDeclared([declared('alpha'), declared('beta')]);
    });
    after(async () => {
      await watcher?.stop();
      await proxy?.close();
    });

    it('Missing until created; Unknown while the object has no status; Ready when the status subresource says so, well within 1 s', async () => {
      const kube = cluster();
      const missing = await seen.until('alpha', (s) => s.state === 'Missing');
      assert.equal(missing.status.reason, 'NotFound');
      assert.match(missing.status.message ?? '', /Widget alpha does not exist in namespace default on cluster admin/);
      await kubectlOk(kube, ['apply', '-f', '-'], `apiVersion: ${GROUP}/v1\nkind: Widget\nmetadata: { name: alpha, namespace: ${NS} }\nspec: { size: 1 }\n`);
      await seen.until('alpha', (s) => s.state === 'Unknown' && s.reason === 'NoStatus');
      const written = performance.now();
      await setReady(kube, 'alpha', 'True', 'Available');
      const ready = await seen.until('alpha', (s) => s.state === 'Ready');
      console.log(`# status subresource write -> watcher delta: ${Math.round(ready.at - written)} ms (kubectl patch included)`);
      assert.ok(ready.at - written < 1_000);
      assert.equal(ready.status.reason, 'Available');
    });

    it('dropped watches reconnect (with backoff) and the next change is seen', async () => {
      const kube = cluster();
      const dropped = proxy.dropWatches();
      assert.ok(dropped >= 1, 'the watcher had a watch open through the proxy');
      await setReady(kube, 'alpha', 'False', 'Degraded');
      await seen.until('alpha', (s) => s.state === 'Progressing' && s.reason === 'Degraded', 15_000, 'after dropped watches');
    });

    it('an injected 410 Gone makes the informer relist; changes after it are seen', async () => {
      const kube = cluster();
      // Both watches (widgets, and Secrets metadata-only) are open again after the drop above.
      await until(() => proxy.openWatchCount >= 2, 10_000, 'both watches open through the proxy');
      const injected = proxy.injectGone();
      assert.ok(injected >= 1);
      await setReady(kube, 'alpha', 'False', 'ProvisioningFailed');
      await seen.until('alpha', (s) => s.state === 'Failed', 15_000, 'after 410');
    });

    it('an expired token shows as Unknown (Unauthorised) and recovers when the token is valid again', async () => {
      const kube = cluster();
      proxy.expireTokens();
      proxy.dropWatches();
      const unauthorised = await seen.until('alpha', (s) => s.state === 'Unknown' && s.reason === 'Unauthorised', 15_000, 'unauthorised');
      assert.ok(unauthorised.status.message);
      proxy.restoreTokens();
      await setReady(kube, 'alpha', 'True', 'Available');
      await seen.until('alpha', (s) => s.state === 'Ready', 20_000, 'after the token is valid again');
    });

    it('a real API-server restart: Unknown while it is down, then the status again, and a change made after it', async () => {
      const kube = cluster();
      await kube.restartApiServer();
      await setReady(kube, 'alpha', 'True', 'AvailableAgain');
      await seen.until('alpha', (s) => s.state === 'Ready' && s.reason === 'AvailableAgain', 30_000, 'after restart');
      assert.equal((await seen.until('beta', (s) => s.state === 'Missing')).status.reason, 'NotFound', 'beta is still known Missing');
    });
  });

  describe('as the developer, who may not list widgets', () => {
    let watcher: InstanceWatcher;
    after(() => watcher?.stop());

    it('shows the instance as Unknown (Forbidden) with the RBAC message, not as Missing', async () => {
      const kube = cluster();
      const seen = recorder();
      watcher = new InstanceWatcher(await connect(kube.kubeconfigPath, 'developer'), seen.events);
      watcher.setDeclared([declared('alpha')]);
      const forbidden = await seen.until('alpha', (s) => s.state === 'Unknown' && s.reason === 'Forbidden');
      assert.match(forbidden.status.message ?? '', /not allowed to list widgets\.status\.platform-aware\.dev: .*forbidden/);
    });
  });
});
