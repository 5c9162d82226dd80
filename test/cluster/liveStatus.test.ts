// Live status end to end: the real language server over stdio, the real API server, and the demo reconciler
// playing Crossplane. A claim declared in the workspace is Missing until it is applied, then Progressing and
// Ready as the reconciler moves it, with its XR and composed resources as children, its connection Secret
// seen through a metadata-only watch, and the state mirrored as findings and CodeLenses on the manifest.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { InstancesNotification, InstanceStatus } from '#server/core/status/types';
import { installCrossplanePlatform } from '../support/crossplaneCrds';
import { DemoReconciler } from '../support/demoReconciler';
import { describeCluster } from '../support/kubeApiServer';
import { endpointFromKubeconfig, KubeRest } from '../support/kubeRest';
import { LspClient } from '../support/lspClient';
import { CLI, fileUri } from '../support/paths';
import { kubectlOk } from '../support/clusterSource';
import { postgresClaim } from '../support/liveFixtures';

const NS = 'live';

const claimYaml = (name: string): string => postgresClaim(name, NS);

const deploymentYaml = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: ${NS} }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: api:1
          env:
            - name: TOKEN
              valueFrom: { secretKeyRef: { name: api-token, key: token } }
`;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The client's picture of the instances: deltas applied in order, as an editor would. */
class Instances {
  readonly byId = new Map<string, InstanceStatus>();
  private waiters: { predicate: () => boolean; resolve: () => void }[] = [];
  last?: InstancesNotification;

  apply(n: InstancesNotification): void {
    if (n.reset) this.byId.clear();
    for (const status of n.upsert) this.byId.set(status.id, status);
    for (const id of n.remove) this.byId.delete(id);
    this.last = n;
    this.waiters = this.waiters.filter((w) => (w.predicate() ? (w.resolve(), false) : true));
  }

  named(name: string): InstanceStatus | undefined {
    return [...this.byId.values()].find((s) => s.name === name);
  }

  until(predicate: () => boolean): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }
}

describeCluster('live status of workspace instances (stdio, demo reconciler)', (cluster) => {
  let client: LspClient;
  let reconciler: DemoReconciler;
  const instances = new Instances();
  const folder = mkdtempSync(join(tmpdir(), 'platform-aware-live-'));
  const claimPath = join(folder, 'orders-db.yaml');
  const claimUri = fileUri(claimPath);

  before(async () => {
    const kube = cluster();
    const rest = new KubeRest(endpointFromKubeconfig(kube.kubeconfigPath));
    const platform = await installCrossplanePlatform(rest);
    reconciler = new DemoReconciler(rest, platform, { readyDelayMs: 600 });
    await reconciler.start();
    await kubectlOk(kube, ['create', 'namespace', NS]);
    writeFileSync(claimPath, claimYaml('orders-db'));
    writeFileSync(join(folder, 'api.yaml'), deploymentYaml);
    client = new LspClient({ command: process.execPath, args: [CLI, 'lsp', '--stdio'], env: { ...process.env, KUBECONFIG: kube.kubeconfigPath } });
    client.settings = { namespace: NS };
    client.connection.onNotification('platformAware/instances', (n: InstancesNotification) => instances.apply(n));
    await client.initialize(fileUri(folder), { trusted: true });
    await within(client.notification('platformAware/status', (p) => (p as { cluster?: { state?: string } }).cluster?.state === 'connected'), 30_000, 'cluster connected');
  });

  after(async () => {
    await client?.shutdown();
    await reconciler?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('a declared claim that is not on the cluster is Missing, with a not-ready warning and an Apply lens', async () => {
    await client.open(claimUri, claimYaml('orders-db'), 1);
    await within(instances.until(() => instances.named('orders-db')?.state === 'Missing'), 10_000, 'orders-db Missing');
    const missing = instances.named('orders-db')!;
    assert.equal(missing.reason, 'NotFound');
    assert.equal(missing.namespace, NS);
    assert.equal(missing.line, 1, 'the lens line is the kind line');
    const diagnostics = await within(client.diagnostics(claimUri, (p) => p.diagnostics.some((d) => d.code === 'not-ready')), 5_000, 'not-ready diagnostic');
    const notReady = diagnostics.diagnostics.find((d) => d.code === 'not-ready')!;
    assert.equal(notReady.severity, 2);
    assert.match(notReady.message, /PostgreSQLInstance orders-db does not exist on cluster admin \(namespace live\)/);
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: claimUri } })) as { range: { start: { line: number } }; command: { title: string; command: string; arguments?: unknown[] } }[];
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command.title]), [[1, '○ Missing'], [1, 'Apply to admin…']]);
    assert.deepEqual(lenses[1]!.command.arguments, [{ uri: claimUri, documentIndex: 0 }]);
    // The lightbulb on the warning offers the same apply.
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: claimUri }, range: notReady.range, context: { diagnostics: [notReady] } })) as { title: string; command?: { command: string; arguments?: unknown[] } }[];
    const apply = actions.find((a) => a.title === 'Apply to cluster…');
    assert.deepEqual(apply?.command, { title: 'Apply to cluster…', command: 'platformAware.applyToCluster', arguments: [{ uri: claimUri, documentIndex: 0 }] });
    assert.equal(instances.last?.summary.total, 1);
  });

  it('applied on the cluster, it goes Progressing then Ready, with children and its connection Secret, within a second of each event', async () => {
    const kube = cluster();
    const applied = Date.now();
    await kubectlOk(kube, ['apply', '-f', '-'], claimYaml('orders-db'));
    await within(instances.until(() => instances.named('orders-db')?.state !== 'Missing'), 5_000, 'no longer Missing');
    console.log(`# Missing -> ${instances.named('orders-db')?.state} (${instances.named('orders-db')?.reason}) in the editor ${Date.now() - applied} ms after kubectl apply started`);
    // Synced but not Ready: the reconciler has bound the claim and is "creating" the resources.
    await within(instances.until(() => instances.named('orders-db')?.state === 'Progressing' && instances.named('orders-db')?.synced === true), 5_000, 'Progressing, Synced');
    await within(instances.until(() => instances.named('orders-db')?.state === 'Ready'), 10_000, 'Ready');
    const ready = instances.named('orders-db')!;
    assert.equal(ready.ready, true);
    assert.ok(ready.since && Date.parse(ready.since) > 0, 'since is the Ready transition time');
    const kinds = ready.children.map((c) => `${c.kind}:${c.state}`);
    assert.ok(kinds[0]?.startsWith('XPostgreSQLInstance:'), kinds.join(','));
    assert.ok(ready.children.length >= 2, 'the XR and its composed resources');
    await within(instances.until(() => instances.named('orders-db')?.connectionSecret?.present === true), 5_000, 'connection Secret present');
    const diagnostics = await within(client.diagnostics(claimUri, (p) => !p.diagnostics.some((d) => d.code === 'not-ready')), 5_000, 'not-ready gone');
    assert.deepEqual(diagnostics.diagnostics.map((d) => d.code), []);
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: claimUri } })) as { command: { title: string } }[];
    assert.match(lenses[0]!.command.title, /^● Ready · Synced — \d+s$/);
  });

  it('a claim the platform cannot provision is Failed, with a provisioning-failed warning that quotes the controller', async () => {
    const kube = cluster();
    const text = claimYaml('orders-db') + '---\n' + claimYaml('reports-fail');
    await client.change(claimUri, 2, [{ text }]);
    await kubectlOk(kube, ['apply', '-f', '-'], claimYaml('reports-fail'));
    await within(instances.until(() => instances.named('reports-fail')?.state === 'Failed'), 10_000, 'Failed');
    const failed = instances.named('reports-fail')!;
    assert.equal(failed.synced, false);
    assert.equal(failed.documentIndex, 1);
    const diagnostics = await within(client.diagnostics(claimUri, (p) => p.diagnostics.some((d) => d.code === 'provisioning-failed')), 5_000, 'provisioning-failed');
    const finding = diagnostics.diagnostics.find((d) => d.code === 'provisioning-failed')!;
    assert.equal(finding.range.start.line, 12, 'on metadata.name of the second document');
    assert.ok(finding.message.startsWith(`PostgreSQLInstance reports-fail failed to provision on cluster admin (namespace ${NS}): ${failed.reason}`), finding.message);
  });

  it('deleted on the cluster, it is Missing again', async () => {
    const kube = cluster();
    await kubectlOk(kube, ['delete', 'postgresqlinstances.platform.example.org', 'reports-fail', '-n', NS, '--wait=false']);
    await within(instances.until(() => instances.named('reports-fail')?.state === 'Missing'), 10_000, 'Missing after delete');
  });

  it('with the cluster connected, a Secret neither the workspace nor the namespace has is an error; one created on the cluster clears it', async () => {
    const kube = cluster();
    const apiUri = fileUri(join(folder, 'api.yaml'));
    await client.open(apiUri, deploymentYaml, 1);
    const before = await within(client.diagnostics(apiUri, (p) => p.diagnostics.some((d) => d.code === 'secret-not-provided' && d.severity === 1)), 10_000, 'secret-not-provided error');
    assert.match(before.diagnostics[0]!.message, /in namespace live on the cluster/);
    await kubectlOk(kube, ['create', 'secret', 'generic', 'api-token', '-n', NS, '--from-literal=token=s3cr3t']);
    const afterCreate = await within(client.diagnostics(apiUri, (p) => !p.diagnostics.some((d) => d.code === 'secret-not-provided')), 5_000, 'secret-not-provided gone');
    assert.deepEqual(afterCreate.diagnostics.map((d) => d.code), []);
    // Metadata only: no Secret value ever reaches the server's messages.
    assert.ok(!JSON.stringify(client.notifications('platformAware/instances')).includes('s3cr3t'));
  });

  it('removing the declaration removes the instance from the view', async () => {
    await client.change(claimUri, 3, [{ text: claimYaml('orders-db') }]);
    await within(instances.until(() => instances.named('reports-fail') === undefined), 5_000, 'reports-fail removed');
    assert.equal(instances.last?.summary.total, 1);
    assert.equal(instances.last?.summary.Ready, 1);
  });
});
