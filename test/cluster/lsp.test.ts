// The real language server over stdio with KUBECONFIG pointing at a real API server: a claim's diagnostics
// change when its XRD is applied on the cluster, without any message from the editor.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { describeCluster } from '../support/kubeApiServer';
import { LspClient } from '../support/lspClient';
import { CLI, fileUri } from '../support/paths';
import { claim, installCrossplaneCrds, kubectlOk, xrd } from '../support/clusterSource';

const GROUP = 'lsp.platform-aware.dev';

interface ClusterStatus {
  state: string;
  context?: string;
  forbidden: string[];
}

/** Bounded wait: the event, or a failure naming what did not happen. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describeCluster('language server with a live cluster (stdio)', (cluster) => {
  let client: LspClient | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'platform-aware-lsp-cluster-'));
  after(async () => {
    await client?.shutdown();
    rmSync(folder, { recursive: true, force: true });
  });

  it("a claim's diagnostics change when its XRD is applied on the cluster", async () => {
    const kube = cluster();
    await installCrossplaneCrds(kube);
    // Another capability of the group is already offered: a claim of a kind it lacks is then unknown-capability.
    await kubectlOk(kube, ['apply', '-f', '-'], xrd(GROUP, 'Queue'));
    client = new LspClient({ command: process.execPath, args: [CLI, 'lsp', '--stdio'], env: { ...process.env, KUBECONFIG: kube.kubeconfigPath } });
    client.settings = {};
    await client.initialize(fileUri(folder), { trusted: true });
    const status = (p: unknown) => (p as { cluster?: ClusterStatus }).cluster;
    const connected = await within(client.notification('platformAware/status', (p) => status(p)?.state === 'connected'), 30_000, 'cluster connected');
    assert.equal(status(connected)?.context, 'admin');
    assert.deepEqual(status(connected)?.forbidden, []);

    const path = join(folder, 'cache.yaml');
    const text = claim(GROUP, 'Cache', 'huge');
    writeFileSync(path, text);
    const uri = fileUri(path);
    await client.open(uri, text, 1);
    const codes = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.map((d) => String(d.code));
    const before = await within(client.diagnostics(uri, (p) => codes(p).includes('unknown-capability')), 15_000, 'unknown-capability before the XRD exists');
    assert.ok(!codes(before).includes('schema'));

    await kubectlOk(kube, ['apply', '-f', '-'], xrd(GROUP, 'Cache'));
    const applied = performance.now();
    const afterXrd = await within(client.diagnostics(uri, (p) => codes(p).includes('schema'), { fresh: true }), 5_000, 'schema finding once the XRD is on the cluster');
    console.log(`# diagnostics republished ${Math.round(performance.now() - applied)} ms after kubectl apply returned`);
    assert.ok(!codes(afterXrd).includes('unknown-capability'), JSON.stringify(afterXrd.diagnostics));
    const schema = afterXrd.diagnostics.find((d) => d.code === 'schema')!;
    assert.match(schema.message, /small|large/);
  });

  it('an untrusted workspace reaches no cluster until trust is granted', async () => {
    const kube = cluster();
    const untrusted = new LspClient({ command: process.execPath, args: [CLI, 'lsp', '--stdio'], env: { ...process.env, KUBECONFIG: kube.kubeconfigPath } });
    try {
      untrusted.settings = {};
      await untrusted.initialize(fileUri(folder), { trusted: false });
      const status = (p: unknown) => (p as { cluster?: ClusterStatus & { message?: string } }).cluster;
      const disabled = await within(untrusted.notification('platformAware/status', (p) => status(p)?.state === 'disabled'), 15_000, 'cluster disabled');
      assert.equal(status(disabled)?.message, 'the workspace is not trusted');
      assert.ok(!untrusted.notifications('platformAware/status').some((p) => status(p)?.state === 'connecting'), 'never started');
      await untrusted.connection.sendNotification('platformAware/trust', { trusted: true });
      await within(untrusted.notification('platformAware/status', (p) => status(p)?.state === 'connected'), 30_000, 'connected once trusted');
    } finally {
      await untrusted.shutdown();
    }
  });
});
