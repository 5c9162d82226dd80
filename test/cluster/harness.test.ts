// Proves the test harness runs an ordinary Kubernetes cluster: the real kube-apiserver + etcd, driven with the
// real kubectl, with RBAC, CRDs and a real restart of the API server.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { promisify } from 'node:util';
import { describeCluster, KubeApiServer, repoRoot } from '../support/kubeApiServer';

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.harness.platform-aware.dev
spec:
  group: harness.platform-aware.dev
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, listKind: WidgetList }
  versions:
    - name: v1alpha1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: integer, minimum: 1 }
`;

const widget = `apiVersion: harness.platform-aware.dev/v1alpha1
kind: Widget
metadata: { name: first, namespace: harness }
spec: { size: 3 }
`;

/** Fails with kubectl's own output when it did not exit 0. */
async function ok(kube: KubeApiServer, args: string[], input?: string): Promise<string> {
  const result = await kube.kubectl(args, { input });
  assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

describeCluster('cluster harness: a real kube-apiserver + etcd', (cluster) => {
  it('kubectl as admin creates a namespace and a ConfigMap', async () => {
    const kube = cluster();
    await ok(kube, ['create', 'namespace', 'harness']);
    await ok(kube, ['-n', 'harness', 'create', 'configmap', 'settings', '--from-literal=colour=blue']);
    const cm = JSON.parse(await ok(kube, ['-n', 'harness', 'get', 'configmap', 'settings', '-o', 'json'])) as { data?: Record<string, string> };
    assert.deepEqual(cm.data, { colour: 'blue' });
  });

  it('/version reports the gitVersion the binary was built with', async () => {
    const kube = cluster();
    const version = JSON.parse(await ok(kube, ['get', '--raw', '/version'])) as { gitVersion: string; major: string; minor: string };
    const { stdout } = await promisify(execFile)(kube.assets.apiServer, ['--version']);
    assert.equal(`Kubernetes ${version.gitVersion}`, stdout.trim());
    assert.match(version.gitVersion, /^v1\.\d+\.\d+$/);
    assert.equal(`v${version.major}.${version.minor}`, version.gitVersion.replace(/\.\d+$/, ''));
    if (kube.assets.builtFromTestKube) {
      const goMod = readFileSync(join(repoRoot, 'test', 'kube', 'go.mod'), 'utf8');
      const pinned = /^\s*k8s\.io\/kubernetes (v\S+)/m.exec(goMod)?.[1];
      assert.equal(version.gitVersion, pinned, 'the assets were built from test/kube/go.mod');
    }
  });

  it('the developer user is forbidden to list secrets cluster-wide', async () => {
    const kube = cluster();
    const result = await kube.kubectl(['get', 'secrets', '--all-namespaces'], { user: 'developer' });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /Forbidden/);
    assert.match(result.stderr, /User "developer" cannot list resource "secrets" in API group "" at the cluster scope/);
    const raw = await kube.request('/api/v1/secrets', { user: 'developer' });
    assert.equal(raw.status, 403);
    assert.equal((JSON.parse(raw.body) as { reason: string }).reason, 'Forbidden');
    // ... while admin may, and both are who the server says they are.
    assert.equal((await kube.request('/api/v1/secrets')).status, 200);
    const review = JSON.parse(await ok(kube, ['create', '-f', '-', '-o', 'json'], selfReview)) as { status: { userInfo: { username: string; groups: string[] } } };
    assert.equal(review.status.userInfo.username, 'admin');
    assert.ok(review.status.userInfo.groups.includes('system:masters'));
  });

  it('a CRD applied with kubectl becomes Established and serves custom resources', async () => {
    const kube = cluster();
    await ok(kube, ['apply', '-f', '-'], crd);
    await ok(kube, ['wait', '--for=condition=Established', '--timeout=60s', 'crd/widgets.harness.platform-aware.dev']);
    await ok(kube, ['apply', '-f', '-'], widget);
    const got = JSON.parse(await ok(kube, ['-n', 'harness', 'get', 'widgets', 'first', '-o', 'json'])) as { spec: { size: number } };
    assert.equal(got.spec.size, 3);
    // The schema is enforced by the real server.
    const invalid = await kube.kubectl(['apply', '-f', '-'], { input: widget.replace('size: 3', 'size: 0') });
    assert.notEqual(invalid.code, 0);
    assert.match(invalid.stderr, /spec\.size: Invalid value: 0: spec\.size in body should be greater than or equal to 1/);
  });

  it('a restart of the API server keeps the data (etcd keeps running)', async () => {
    const kube = cluster();
    const before = JSON.parse(await ok(kube, ['-n', 'harness', 'get', 'configmap', 'settings', '-o', 'json'])) as { metadata: { uid: string } };
    const [apiServerPid, etcdPid, caPem] = [kube.pids.apiServer, kube.pids.etcd, kube.caPem];
    assert.ok(apiServerPid && etcdPid);
    await kube.restartApiServer();
    assert.notEqual(kube.pids.apiServer, apiServerPid, 'a new kube-apiserver process');
    assert.throws(() => process.kill(apiServerPid, 0), /ESRCH/, 'the old kube-apiserver is gone');
    assert.equal(kube.pids.etcd, etcdPid, 'the same etcd process');
    assert.equal(kube.caPem, caPem, 'the serving certificate (and so the kubeconfig) stays valid');
    const after = JSON.parse(await ok(kube, ['-n', 'harness', 'get', 'configmap', 'settings', '-o', 'json'])) as { metadata: { uid: string }; data: Record<string, string> };
    assert.equal(after.metadata.uid, before.metadata.uid);
    assert.deepEqual(after.data, { colour: 'blue' });
    await ok(kube, ['-n', 'harness', 'get', 'widgets', 'first']);
  });
});

const selfReview = `apiVersion: authentication.k8s.io/v1
kind: SelfSubjectReview
`;
