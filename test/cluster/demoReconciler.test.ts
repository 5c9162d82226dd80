// The Crossplane stand-in against the real API server: the sample platform installed the way Crossplane installs
// it (generated claim/XR CRDs, XRDs and Compositions validated by Crossplane's own CRDs), and the demo reconciler
// moving claims through Synced -> Ready, writing the connection Secret, and failing the claims that ask for it.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { collectionPath, installCrossplanePlatform, InstalledPlatform } from '../support/crossplaneCrds';
import { DemoReconciler } from '../support/demoReconciler';
import { describeCluster, KubeApiServer } from '../support/kubeApiServer';
import { endpointFromKubeconfig, KubeObject, KubeRest } from '../support/kubeRest';
import { conditionOf, waitForObject } from '../support/waitFor';

const NS = 'team-a';
const READY_DELAY_MS = 300;
const claims = collectionPath('platform.example.org/v1alpha1', 'postgresqlinstances', NS);

function claimYaml(name: string, storageGB = 20, secret = `${name}-conn`): string {
  return `apiVersion: platform.example.org/v1alpha1
kind: PostgreSQLInstance
metadata: { name: ${name}, namespace: ${NS} }
spec:
  parameters: { storageGB: ${storageGB}, databaseName: orders }
  writeConnectionSecretToRef: { name: ${secret} }
`;
}

async function kubectl(kube: KubeApiServer, args: string[], input?: string): Promise<string> {
  const result = await kube.kubectl(args, { input });
  assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

const isTrue = (type: string) => (o: KubeObject) => conditionOf(o, type)?.status === 'True';

describeCluster('demo reconciler: Crossplane played against the real API server', (cluster) => {
  describe('with the sample platform installed', () => {
    let rest: KubeRest;
    let platform: InstalledPlatform;
    let reconciler: DemoReconciler;
    before(async () => {
      const kube = cluster();
      rest = new KubeRest(endpointFromKubeconfig(kube.kubeconfigPath));
      const started = Date.now();
      platform = await installCrossplanePlatform(rest);
      reconciler = new DemoReconciler(rest, platform, {
        readyDelayMs: READY_DELAY_MS,
        // DEMO_RECONCILER_LOG=1 shows each step, with times, when a test needs explaining.
        ...(process.env['DEMO_RECONCILER_LOG'] ? { log: (line: string) => console.error(`${new Date().toISOString()} reconciler: ${line}`) } : {}),
      });
      await reconciler.start();
      console.log(`sample platform installed and reconciler started in ${Date.now() - started} ms`);
      await kubectl(kube, ['create', 'namespace', NS]);
    });
    after(async () => {
      const started = Date.now();
      await reconciler?.stop();
      console.log(`reconciler stopped in ${Date.now() - started} ms`);
    });

    it('generates the claim and XR CRDs Crossplane would, and the server accepts the XRDs and Compositions', async () => {
      const kube = cluster();
      const claimCrd = JSON.parse(await kubectl(kube, ['get', 'crd', 'postgresqlinstances.platform.example.org', '-o', 'json'])) as KubeObject;
      const xrCrd = JSON.parse(await kubectl(kube, ['get', 'crd', 'xpostgresqlinstances.platform.example.org', '-o', 'json'])) as KubeObject;
      const spec = (o: KubeObject) => o.spec as { scope: string; names: { kind: string; categories: string[] }; versions: { name: string; storage: boolean; subresources?: { status?: object } }[] };
      assert.equal(spec(claimCrd).scope, 'Namespaced');
      assert.deepEqual(spec(claimCrd).names.categories, ['claim']);
      assert.equal(spec(xrCrd).scope, 'Cluster');
      assert.deepEqual(spec(xrCrd).names.categories, ['composite']);
      for (const crd of [claimCrd, xrCrd]) {
        assert.deepEqual(spec(crd).versions.map((v) => [v.name, v.storage, v.subresources?.status !== undefined]), [['v1alpha1', true, true]]);
      }
      // `kubectl get xrd,composition`: Crossplane's own CRDs serve these, so their real schemas validated them.
      const names = (await kubectl(kube, ['get', 'compositeresourcedefinitions,compositions', '-o', 'name'])).trim().split('\n').sort();
      assert.ok(names.includes('compositeresourcedefinition.apiextensions.crossplane.io/xpostgresqlinstances.platform.example.org'), names.join('\n'));
      assert.ok(names.includes('composition.apiextensions.crossplane.io/postgresql-gcp'), names.join('\n'));
      assert.equal(platform.kinds.filter((k) => k.claim).length, 4);
    });

    it('the generated claim CRD enforces the XRD schema and types Crossplane fields', async () => {
      const kube = cluster();
      const invalid = await kube.kubectl(['apply', '--dry-run=server', '-f', '-'], { input: claimYaml('too-small', 5) });
      assert.notEqual(invalid.code, 0);
      assert.match(invalid.stderr, /spec\.parameters\.storageGB: Invalid value: 5: spec\.parameters\.storageGB in body should be greater than or equal to 10/);
      const badPolicy = claimYaml('bad-policy').replace('spec:\n', 'spec:\n  compositionUpdatePolicy: Sometimes\n');
      const rejected = await kube.kubectl(['apply', '--dry-run=server', '-f', '-'], { input: badPolicy });
      assert.match(rejected.stderr, /spec\.compositionUpdatePolicy: Unsupported value: "Sometimes"/);
      const selected = claimYaml('selected').replace('spec:\n', 'spec:\n  compositionSelector: { matchLabels: { provider: gcp } }\n');
      const accepted = JSON.parse(await kubectl(kube, ['apply', '--dry-run=server', '-o', 'json', '-f', '-'], selected)) as KubeObject;
      // Crossplane's defaults, applied by the server as they are under Crossplane.
      assert.equal(accepted.spec?.['compositionUpdatePolicy'], 'Automatic');
      assert.equal(accepted.spec?.['compositeDeletePolicy'], 'Background');
    });

    it('takes a claim to Synced, then Ready, within a bounded time, with its XR and composed resources', async () => {
      const kube = cluster();
      const created = Date.now();
      await kubectl(kube, ['apply', '-f', '-'], claimYaml('orders-db'));
      const synced = await waitForObject(rest, claims, 'orders-db', isTrue('Synced'), 10_000);
      const syncedMs = Date.now() - created;
      assert.equal(conditionOf(synced, 'Ready')?.reason, 'Waiting');
      const ready = await waitForObject(rest, claims, 'orders-db', isTrue('Ready'), 10_000 + READY_DELAY_MS);
      const readyMs = Date.now() - created;
      console.log(`claim -> Synced in ${syncedMs} ms, -> Ready in ${readyMs} ms (reconciler's simulated provisioning delay ${READY_DELAY_MS} ms)`);
      assert.ok(readyMs >= READY_DELAY_MS, 'Ready comes after the provisioning delay');
      assert.equal(conditionOf(ready, 'Ready')?.reason, 'Available');
      assert.match(conditionOf(ready, 'Ready')?.lastTransitionTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

      const resourceRef = ready.spec?.['resourceRef'] as { apiVersion: string; kind: string; name: string };
      assert.equal(resourceRef.kind, 'XPostgreSQLInstance');
      assert.equal(ready.spec?.['compositionRef'] && (ready.spec['compositionRef'] as { name: string }).name, 'postgresql-aws', "the XRD's defaultCompositionRef");
      const xr = JSON.parse(await kubectl(kube, ['get', 'xpostgresqlinstances', resourceRef.name, '-o', 'json'])) as KubeObject;
      assert.deepEqual(xr.spec?.['claimRef'], { apiVersion: 'platform.example.org/v1alpha1', kind: 'PostgreSQLInstance', name: 'orders-db', namespace: NS });
      assert.equal(conditionOf(xr, 'Ready')?.status, 'True');
      const refs = xr.spec?.['resourceRefs'] as { apiVersion: string; kind: string; name: string }[];
      assert.deepEqual(refs.map((r) => `${r.apiVersion}/${r.kind}`), ['rds.aws.upbound.io/v1beta1/Instance']);
      const managed = JSON.parse(await kubectl(kube, ['get', 'instances.rds.aws.upbound.io', refs[0]!.name, '-o', 'json'])) as KubeObject;
      assert.equal(conditionOf(managed, 'Ready')?.reason, 'Available');
      assert.equal((managed.spec?.['forProvider'] as { engine: string }).engine, 'postgres', "the Composition's base");
    });

    it('writes the connection Secret with the XRD connectionSecretKeys (checked by name and keys, data never printed)', async () => {
      const kube = cluster();
      // A go-template of key names only: the values never leave the server.
      const keys = await kubectl(kube, ['-n', NS, 'get', 'secret', 'orders-db-conn', '-o', 'go-template={{.type}}:{{range $k, $v := .data}}{{$k}},{{end}}']);
      assert.equal(keys, 'connection.crossplane.io/v1alpha1:endpoint,password,port,username,');
    });

    it('a claim named *-fail ends Failed: Synced=False, ReconcileError, with the reason', async () => {
      const kube = cluster();
      await kubectl(kube, ['apply', '-f', '-'], claimYaml('billing-fail'));
      const failed = await waitForObject(rest, claims, 'billing-fail', (o) => conditionOf(o, 'Synced')?.status === 'False', 10_000);
      const synced = conditionOf(failed, 'Synced');
      assert.equal(synced?.reason, 'ReconcileError');
      assert.match(synced?.message ?? '', /^cannot compose resources: .*cannot apply composed resource "rds-instance": the demo platform fails every claim whose name ends in "-fail"$/);
      assert.equal(conditionOf(failed, 'Ready')?.status, 'False');
      const secret = await kube.kubectl(['-n', NS, 'get', 'secret', 'billing-fail-conn', '-o', 'name']);
      assert.match(secret.stderr, /NotFound/, 'no connection Secret for a failed claim');
    });

    it('storageGB over 500 fails with a quota error; lowering it recovers to Ready', async () => {
      const kube = cluster();
      await kubectl(kube, ['apply', '-f', '-'], claimYaml('big-db', 600));
      const failed = await waitForObject(rest, claims, 'big-db', (o) => conditionOf(o, 'Synced')?.reason === 'ReconcileError', 10_000);
      assert.match(conditionOf(failed, 'Synced')?.message ?? '', /InstanceQuotaExceeded: requested storage of 600 GiB exceeds the quota of 500 GiB/);
      await kubectl(kube, ['apply', '-f', '-'], claimYaml('big-db', 400));
      await waitForObject(rest, claims, 'big-db', isTrue('Ready'), 10_000 + READY_DELAY_MS);
    });

    it('keeps reconciling across a real API-server restart (re-watches with backoff)', async () => {
      const kube = cluster();
      await kube.restartApiServer();
      await kubectl(kube, ['apply', '-f', '-'], claimYaml('after-restart'));
      await waitForObject(rest, claims, 'after-restart', isTrue('Ready'), 20_000 + READY_DELAY_MS);
    });

    it('deleting a claim deletes its XR, composed resources and Secret', async () => {
      const kube = cluster();
      const claim = JSON.parse(await kubectl(kube, ['-n', NS, 'get', 'postgresqlinstances', 'orders-db', '-o', 'json'])) as KubeObject;
      const xrName = (claim.spec?.['resourceRef'] as { name: string }).name;
      await kubectl(kube, ['-n', NS, 'delete', 'postgresqlinstances', 'orders-db', '--wait=true']);
      // `kubectl wait --for=delete` watches; it returns at once for objects already gone.
      await kubectl(kube, ['wait', '--for=delete', '--timeout=10s', `xpostgresqlinstances/${xrName}`]);
      await kubectl(kube, ['-n', NS, 'wait', '--for=delete', '--timeout=10s', 'secret/orders-db-conn']);
      const left = await kubectl(kube, ['get', 'instances.rds.aws.upbound.io', '-l', `crossplane.io/composite=${xrName}`, '-o', 'name']);
      assert.equal(left.trim(), '');
    });
  });
});
