// The fault proxy's faults, observed by a plain watch/REST client through the proxy in front of the real API
// server; and a real 410 Gone produced by compacting etcd, which the proxy's injected 410 must match byte for byte.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { compactEtcd } from '../support/etcd';
import { FaultProxy, goneEvent } from '../support/faultProxy';
import { describeCluster } from '../support/kubeApiServer';
import { endpointFromKubeconfig, KubeObject, KubeRest, WatchEvent } from '../support/kubeRest';

const configMaps = '/api/v1/namespaces/default/configmaps';

async function createConfigMap(rest: KubeRest, name: string): Promise<string> {
  const created = await rest.ok('POST', configMaps, { metadata: { name } });
  return created?.metadata.resourceVersion ?? '';
}

/** A watch through `rest` that records its events and lets a test wait for one without sleeping. */
function recordWatch(rest: KubeRest, path: string) {
  const events: WatchEvent[] = [];
  const waiters: { test: (e: WatchEvent) => boolean; resolve: (e: WatchEvent) => void }[] = [];
  const handle = rest.watch(path, (event) => {
    events.push(event);
    for (const w of [...waiters]) if (w.test(event)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(event));
  });
  const next = (test: (e: WatchEvent) => boolean, timeoutMs = 10_000): Promise<WatchEvent> => {
    const seen = events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolveNext, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; saw ${events.map((e) => e.type).join(', ')}`)), timeoutMs);
      waiters.push({ test, resolve: (e) => (clearTimeout(timer), resolveNext(e)) });
    });
  };
  return { events, next, handle };
}

/** Bounds a promise in time, so a fault that does not show fails the test instead of hanging it. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms).unref())]);
}

describeCluster('fault proxy in front of the real API server', (cluster) => {
  describe('faults on demand', () => {
    let proxy: FaultProxy;
    let rest: KubeRest;
    let proxyKubeconfig: string;
    before(async () => {
      const kube = cluster();
      proxy = await FaultProxy.start(kube);
      proxyKubeconfig = await proxy.writeKubeconfig(join(kube.dir, 'proxy.kubeconfig'));
      rest = new KubeRest(endpointFromKubeconfig(proxyKubeconfig));
    });
    after(async () => proxy?.close());

    it('forwards everything else: kubectl works through it with the same CA and tokens', async () => {
      const { stdout } = await promisify(execFile)('kubectl', [`--kubeconfig=${proxyKubeconfig}`, '--context=developer', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
      assert.equal(stdout, 'developer');
      assert.ok(proxy.counts.forwarded > 0);
    });

    it('dropWatches(): the watching client sees its connection cut; graceful: a clean end', async () => {
      for (const graceful of [false, true]) {
        const opened = proxy.nextWatch();
        const watch = recordWatch(rest, `${configMaps}?watch=1`);
        await within(opened, 10_000, 'watch open');
        await createConfigMap(rest, `drop-${graceful}`);
        await watch.next((e) => e.type === 'ADDED' && e.object.metadata.name === `drop-${graceful}`);
        assert.equal(proxy.dropWatches({ graceful }), 1);
        assert.deepEqual(await within(watch.handle.done, 5_000, 'watch end'), { ended: graceful ? 'clean' : 'aborted' });
        assert.equal(proxy.openWatchCount, 0);
      }
    });

    it('failNext(3, 429): a storm of TooManyRequests with Retry-After, then the server again', async () => {
      proxy.failNext(3, 429);
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await rest.call('GET', configMaps));
      assert.deepEqual(answers.map((a) => a.status), [429, 429, 429, 200]);
      assert.equal(answers[0]!.text, '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Too many requests, please try again later.","reason":"TooManyRequests","details":{"retryAfterSeconds":1},"code":429}\n');
    });

    it('failNext(2, 500) only for matching requests: InternalError Status', async () => {
      proxy.failNext(2, 500, (req) => req.url?.startsWith(configMaps) === true);
      assert.equal((await rest.call('GET', '/api/v1/namespaces')).status, 200, 'not matched, forwarded');
      const failed = await rest.call<KubeObject & { reason: string; code: number }>('GET', configMaps);
      assert.equal(failed.status, 500);
      assert.equal(failed.body?.reason, 'InternalError');
      assert.equal((await rest.call('GET', configMaps)).status, 500);
      assert.equal((await rest.call('GET', configMaps)).status, 200);
    });

    it('stall(): requests get no answer until released', async () => {
      const stall = proxy.stall();
      await assert.rejects(rest.call('GET', configMaps, undefined, undefined, 300), /timed out after 300 ms/);
      const held = rest.call('GET', configMaps);
      const forwarded = proxy.counts.forwarded;
      stall.release();
      assert.equal((await within(held, 10_000, 'held request')).status, 200);
      assert.equal(proxy.counts.forwarded, forwarded + 1, 'the held request went through on release (the timed-out one was dropped by its client)');
    });

    it("expireTokens(): 401 Unauthorized exactly as the server answers an unknown token; other users unaffected", async () => {
      const kube = cluster();
      const real = await new KubeRest({ server: kube.server, caPem: kube.caPem, token: 'expired-or-unknown' }).call('GET', configMaps);
      proxy.expireTokens([kube.tokens.admin]);
      try {
        const refused = await rest.call('GET', configMaps);
        assert.equal(refused.status, 401);
        assert.equal(real.status, 401);
        assert.equal(refused.text, real.text, 'same body as the real server');
        const developer = new KubeRest(endpointFromKubeconfig(proxyKubeconfig, 'developer'));
        assert.equal((await developer.call('GET', '/api')).status, 200);
      } finally {
        proxy.restoreTokens();
      }
      assert.equal((await rest.call('GET', configMaps)).status, 200);
    });

    it('injectGone(): the watching client receives the ERROR 410 Expired event, then the watch ends', async () => {
      const opened = proxy.nextWatch();
      const watch = recordWatch(rest, `${configMaps}?watch=1`);
      await within(opened, 10_000, 'watch open');
      assert.equal(proxy.injectGone(), 1);
      const error = await watch.next((e) => e.type === 'ERROR');
      assert.equal(`${JSON.stringify(error)}\n`, goneEvent());
      assert.deepEqual(error.object, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'The resourceVersion for the provided watch is too old.', reason: 'Expired', code: 410 });
      assert.deepEqual(await within(watch.handle.done, 5_000, 'watch end'), { ended: 'clean' });
    });
  });
});

// The watch cache answers watches from memory and never sees etcd's compaction, so this server runs without it:
// watches then go to etcd, as they do for any resource the cache is disabled for.
describeCluster(
  'a real 410 Gone from etcd compaction',
  (cluster) => {
    it('a watch from a compacted resourceVersion gets the ERROR event the proxy injects, byte for byte', async () => {
      const kube = cluster();
      const rest = new KubeRest({ server: kube.server, caPem: kube.caPem, token: kube.tokens.admin });
      const old = await createConfigMap(rest, 'before-compaction');
      // Two more writes, so the watch's start (old + 1) is itself before the compaction revision.
      await createConfigMap(rest, 'after-1');
      await createConfigMap(rest, 'after-2');
      const revision = await compactEtcd(kube.etcdUrl);
      assert.ok(revision > Number(old) + 1);
      const watch = recordWatch(rest, `${configMaps}?watch=1&resourceVersion=${old}`);
      const error = await watch.next((e) => e.type === 'ERROR');
      assert.equal(`${JSON.stringify(error)}\n`, goneEvent(), 'the proxy injects exactly this');
      assert.deepEqual(await within(watch.handle.done, 5_000, 'watch end'), { ended: 'clean' }, 'the server ends the watch after the error');
      // A watch from the current version still works: only history is gone.
      const fresh = recordWatch(rest, `${configMaps}?watch=1&resourceVersion=${revision}`);
      await createConfigMap(rest, 'after-compaction');
      await fresh.next((e) => e.type === 'ADDED' && e.object.metadata.name === 'after-compaction');
      fresh.handle.close();
    });
  },
  { apiServerArgs: ['--watch-cache=false'] },
);
