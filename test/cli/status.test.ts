// `platform-aware status` without any cluster (issue #11): no kubeconfig (KUBECONFIG names a missing file,
// HOME has no ~/.kube/config) prints every instance as Unknown (NoCluster) with one warning line and exits
// 1; no instances declared exits 0; a format status does not offer is a usage error.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI, REPO_ROOT } from '../support/paths';

const home = mkdtempSync(join(tmpdir(), 'platform-aware-status-home-'));
after(() => rmSync(home, { recursive: true, force: true }));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, KUBECONFIG: join(home, 'no-such-kubeconfig'), HOME: home } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('platform-aware status without a cluster', () => {
  it('text: every instance Unknown (NoCluster) at its 1-based kind line, a summary, one warning, exit 1', () => {
    const { status, stdout, stderr } = run('status', 'examples/orders-app');
    assert.equal(status, 1);
    assert.equal(stdout, 'examples/orders-app/database.yaml:3: PostgreSQLInstance orders/orders-db  Unknown (NoCluster): no kubeconfig found (KUBECONFIG, ~/.kube/config)\n0/1 ready\n');
    assert.equal(stderr, "platform-aware: no kubeconfig found (KUBECONFIG, ~/.kube/config); every instance's state is Unknown\n");
  });

  it('json: the issue\'s fields, null where there is none, exit 1', () => {
    const { status, stdout } = run('status', 'examples/orders-app/database.yaml', '--format', 'json');
    assert.equal(status, 1);
    assert.deepEqual(JSON.parse(stdout), [
      { file: 'examples/orders-app/database.yaml', line: 3, apiVersion: 'platform.example.org/v1alpha1', kind: 'PostgreSQLInstance', namespace: 'orders', name: 'orders-db', state: 'Unknown', reason: 'NoCluster', message: 'no kubeconfig found (KUBECONFIG, ~/.kube/config)', children: [] },
    ]);
  });

  it('--watch without a cluster prints once and exits 1 at once', () => {
    const { status, stdout } = run('status', 'examples/orders-app/database.yaml', '--watch', '--format', 'json');
    assert.equal(status, 1);
    assert.equal(stdout.trimEnd().split('\n').length, 1);
    assert.equal((JSON.parse(stdout) as { state: string }).state, 'Unknown');
  });

  it('no instances declared: a line saying so, exit 0', () => {
    const { status, stdout } = run('status', 'examples/orders-app/deployment.yaml');
    assert.equal(status, 0);
    assert.equal(stdout, 'no instances declared in 1 file\n');
    assert.equal(run('status', 'examples/orders-app/deployment.yaml', '--format', 'json').stdout, '[]\n');
  });

  it('--format sarif is a usage error (exit 2); check does not take --watch', () => {
    assert.equal(run('status', '--format', 'sarif').status, 2);
    assert.equal(run('check', '--watch').status, 2);
  });
});
