// `npm run demo-cluster` end to end, as a user runs it (scripts/demo-cluster.mjs in its own process): it prints a
// kubeconfig that kubectl can use, a claim applied with kubectl becomes Ready, and SIGINT (Ctrl+C) stops
// everything. Without binaries it says what to install instead of failing obscurely.
import { strict as assert } from 'node:assert';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { kubeAssetsForTests } from '../support/kubeApiServer';
import { endpointFromKubeconfig, KubeRest } from '../support/kubeRest';
import { REPO_ROOT } from '../support/paths';

const script = join(REPO_ROOT, 'scripts', 'demo-cluster.mjs');

/** Resolves with everything printed up to the first line matching `pattern`; rejects on exit or after `ms`. */
function outputUntil(child: ChildProcess, pattern: RegExp, ms: number): Promise<string> {
  return new Promise((resolveOutput, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms:\n${text}`)), ms);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolveOutput(text);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo-cluster exited (${code}) before ${pattern}:\n${text}`));
    });
  });
}

function kubectl(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('kubectl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  child.stdin.end(input);
  return once(child, 'close').then(([code]) => ({ code: code as number | null, stdout, stderr }));
}

const claim = `apiVersion: platform.example.org/v1alpha1
kind: PostgreSQLInstance
metadata: { name: orders-db, namespace: orders }
spec:
  parameters: { storageGB: 20, databaseName: orders }
  writeConnectionSecretToRef: { name: orders-db-conn }
`;

describe('npm run demo-cluster', async () => {
  // The binaries check alone (skip here, failure in CI): the demo starts its own API server from them.
  const found = await kubeAssetsForTests();
  let outDir: string;
  let child: ChildProcess | undefined;
  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('starts the platform, serves a claim to Ready, and stops everything on SIGINT', { skip: 'skip' in found ? found.skip : false }, async () => {
    if (!('assets' in found)) return;
    outDir = await mkdtemp(join(tmpdir(), 'platform-aware-demo-'));
    const started = Date.now();
    const env = { ...process.env, KUBEBUILDER_ASSETS: found.assets.dir };
    child = spawn(process.execPath, [script, `--out-dir=${outDir}`, '--ready-delay-ms=200'], { stdio: ['ignore', 'pipe', 'inherit'], env });
    const output = await outputUntil(child, /Ctrl\+C stops everything/, 120_000);
    console.log(`demo-cluster ready in ${Date.now() - started} ms`);
    const kubeconfig = join(outDir, 'kubeconfig');
    assert.ok(output.includes(`"platformAware.kubeconfig": "${kubeconfig}"`), output);
    assert.ok(output.includes(`KUBECONFIG=${kubeconfig} code .`), output);

    const applied = await kubectl([`--kubeconfig=${kubeconfig}`, 'apply', '-f', '-'], claim);
    assert.equal(applied.code, 0, applied.stderr);
    // kubectl wait watches the claim: no polling here either.
    const waited = await kubectl([`--kubeconfig=${kubeconfig}`, '-n', 'orders', 'wait', '--for=condition=Ready', '--timeout=30s', 'postgresqlinstance/orders-db']);
    assert.equal(waited.code, 0, waited.stderr);
    const listed = await kubectl([`--kubeconfig=${kubeconfig}`, 'get', 'claim', '-A', '-o', 'name']);
    assert.match(listed.stdout, /postgresqlinstance\.platform\.example\.org\/orders-db/);

    const rest = new KubeRest(endpointFromKubeconfig(kubeconfig));
    const stopAt = Date.now();
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    console.log(`demo-cluster stopped in ${Date.now() - stopAt} ms`);
    assert.equal(code, 0);
    await assert.rejects(rest.call('GET', '/readyz', undefined, undefined, 5_000), /ECONNREFUSED/, 'the API server is gone');
  });
});

it('demo-cluster without binaries says what to install and how to use kind or minikube instead', async () => {
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KUBEBUILDER_ASSETS: join(tmpdir(), 'platform-aware-no-such-assets') } });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 2);
  assert.match(stderr, /cannot start the real kube-apiserver: KUBEBUILDER_ASSETS=.* has no executable kube-apiserver or etcd/);
  assert.match(stderr, /install Go >= 1\.26/);
  assert.match(stderr, /setup-envtest use -p path/);
  assert.match(stderr, /kind create cluster --name platform-aware {10}\(or: minikube start\)/);
  assert.match(stderr, /npm run demo-cluster -- --existing-cluster/);
});
