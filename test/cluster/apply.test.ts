// Server-side apply (sources/cluster/apply.ts) against the real kube-apiserver with the sample platform
// installed as Crossplane would install it: a dry run persists nothing, the apply creates, re-applying
// changes nothing, a changed parameter is a change; the API server's rejections come back verbatim (the same
// text the server gives a plain request), RBAC's 403 included.
import { strict as assert } from 'node:assert';
import { before, it } from 'node:test';
import { parse } from 'yaml';
import { applyManifest, FIELD_MANAGER } from '#server/sources/cluster/apply';
import type { ClusterConnectionInfo } from '#server/sources/cluster/clusterCatalog';
import { connectAs } from '../support/clusterConnection';
import { kubectlOk } from '../support/clusterSource';
import { installCrossplanePlatform } from '../support/crossplaneCrds';
import { describeCluster, KubeApiServer, KubeUser } from '../support/kubeApiServer';
import { endpointFromKubeconfig, KubeRest } from '../support/kubeRest';

const NS = 'team-a';
const CLAIMS = `/apis/platform.example.org/v1alpha1/namespaces/${NS}/postgresqlinstances`;

/** A PostgreSQLInstance claim without a namespace: apply fills in the connection's. */
function claim(name: string, parameters: Record<string, unknown> = { storageGB: 20, databaseName: 'orders' }): Record<string, unknown> {
  return { apiVersion: 'platform.example.org/v1alpha1', kind: 'PostgreSQLInstance', metadata: { name }, spec: { parameters, writeConnectionSecretToRef: { name: `${name}-conn` } } };
}

/** What the API server says to the same apply sent as a plain request (the verbatim reference). */
async function rawApply(kube: KubeApiServer, user: KubeUser, object: Record<string, unknown>): Promise<{ status: number; message: string }> {
  const name = (object['metadata'] as { name: string }).name;
  const withNamespace = { ...object, metadata: { ...(object['metadata'] as object), namespace: NS } };
  const answer = await kube.request(`${CLAIMS}/${name}?fieldManager=${FIELD_MANAGER}&dryRun=All`, { user, method: 'PATCH', body: JSON.stringify(withNamespace), contentType: 'application/apply-patch+yaml' });
  return { status: answer.status, message: (JSON.parse(answer.body) as { message: string }).message };
}

const get = async (kube: KubeApiServer, name: string) => kube.request(`${CLAIMS}/${name}`);

describeCluster('server-side apply against the real API server', (cluster) => {
  let admin: ClusterConnectionInfo;
  before(async () => {
    const kube = cluster();
    await installCrossplanePlatform(new KubeRest(endpointFromKubeconfig(kube.kubeconfigPath)));
    await kubectlOk(kube, ['create', 'namespace', NS]);
    // The connection's namespace, not the kubeconfig context's (which names none, so the library would use default).
    admin = await connectAs(kube, 'admin', NS);
  });

  it('a dry run of a new claim says created and persists nothing', async () => {
    const kube = cluster();
    const outcome = await applyManifest(admin, claim('dry-db'), { dryRun: true });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.outcome, 'created');
    assert.equal(outcome.object.metadata?.namespace, NS);
    assert.equal((await get(kube, 'dry-db')).status, 404);
  });

  it('applies: created, then unchanged, then changed when a parameter changes; the field manager is platform-aware', async () => {
    const kube = cluster();
    const created = await applyManifest(admin, claim('orders-db'), { dryRun: false });
    assert.ok(created.ok, JSON.stringify(created));
    assert.equal(created.outcome, 'created');
    const stored = JSON.parse((await get(kube, 'orders-db')).body) as { spec: { parameters: { storageGB: number } }; metadata: { managedFields: { manager: string; operation: string }[] } };
    assert.equal(stored.spec.parameters.storageGB, 20);
    assert.ok(stored.metadata.managedFields.some((f) => f.manager === FIELD_MANAGER && f.operation === 'Apply'), JSON.stringify(stored.metadata.managedFields));

    for (const dryRun of [true, false]) {
      const again = await applyManifest(admin, claim('orders-db'), { dryRun });
      assert.ok(again.ok, JSON.stringify(again));
      assert.equal(again.outcome, 'unchanged', `dryRun ${dryRun}`);
      assert.deepEqual(again.changedPaths, []);
    }

    const bigger = claim('orders-db', { storageGB: 50, databaseName: 'orders' });
    const wouldChange = await applyManifest(admin, bigger, { dryRun: true });
    assert.ok(wouldChange.ok, JSON.stringify(wouldChange));
    assert.equal(wouldChange.outcome, 'changed');
    assert.deepEqual(wouldChange.changedPaths, ['spec.parameters.storageGB']);
    assert.equal((JSON.parse((await get(kube, 'orders-db')).body) as typeof stored).spec.parameters.storageGB, 20, 'the dry run changed nothing');
    const changed = await applyManifest(admin, bigger, { dryRun: false });
    assert.ok(changed.ok, JSON.stringify(changed));
    assert.equal(changed.outcome, 'changed');
    assert.equal((JSON.parse((await get(kube, 'orders-db')).body) as typeof stored).spec.parameters.storageGB, 50);
  });

  it("a value the CRD's schema rejects comes back with the API server's message verbatim", async () => {
    const kube = cluster();
    const bad = claim('bad-db', { storageGB: 20, databaseName: 'orders', version: '13' });
    const outcome = await applyManifest(admin, bad, { dryRun: true });
    assert.ok(!outcome.ok);
    const reference = await rawApply(kube, 'admin', bad);
    assert.equal(outcome.status, 422);
    assert.equal(outcome.status, reference.status);
    assert.equal(outcome.message, reference.message);
    assert.match(outcome.message, /spec\.parameters\.version: Unsupported value: "13": supported values: "14", "15", "16"/);
    assert.equal((await get(kube, 'bad-db')).status, 404);
  });

  it('the unprivileged developer user gets 403 on create, with the RBAC message', async () => {
    const kube = cluster();
    const developer = await connectAs(kube, 'developer', NS);
    const outcome = await applyManifest(developer, claim('dev-db'), { dryRun: false });
    assert.ok(!outcome.ok);
    assert.equal(outcome.status, 403);
    assert.equal(outcome.message, (await rawApply(kube, 'developer', claim('dev-db'))).message);
    assert.match(outcome.message, /User "developer" cannot \w+ resource "postgresqlinstances" in API group "platform\.example\.org" in the namespace "team-a"/);
    assert.equal((await get(kube, 'dev-db')).status, 404);
  });

  it('a cluster-scoped type gets no namespace; an unserved kind is said plainly', async () => {
    const namespace = await applyManifest(admin, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apply-scope' } }, { dryRun: true });
    assert.ok(namespace.ok, JSON.stringify(namespace));
    assert.equal(namespace.outcome, 'created');
    assert.equal(namespace.object.metadata?.namespace, undefined);

    const unknown = await applyManifest(admin, { apiVersion: 'platform.example.org/v1alpha1', kind: 'Gizmo', metadata: { name: 'g' } }, { dryRun: true });
    assert.deepEqual(unknown, { ok: false, status: 404, message: 'the cluster does not serve kind Gizmo in platform.example.org/v1alpha1' });
    const noGroup = await applyManifest(admin, { apiVersion: 'nowhere.example.org/v1', kind: 'Gizmo', metadata: { name: 'g' } }, { dryRun: true });
    assert.deepEqual(noGroup, { ok: false, status: 404, message: 'the cluster does not serve kind Gizmo in nowhere.example.org/v1' });
  });

  it('a Secret is refused before anything is sent: its values would come back from the API server', async () => {
    const secret = parse('apiVersion: v1\nkind: Secret\nmetadata: { name: app-creds }\nstringData: { password: s3cr3t-value }\n') as Record<string, unknown>;
    const outcome = await applyManifest(admin, secret, { dryRun: true });
    assert.deepEqual(outcome, { ok: false, status: 0, message: 'Platform Aware does not apply Secrets: the API server would send their values back. Create it with kubectl or your secret manager' });
    const kube = cluster();
    const read = await kube.kubectl(['get', 'secret', 'app-creds', '-n', 'team-a']);
    assert.notEqual(read.code, 0, 'nothing was created');
  });
});
