// `platform-aware check` with the live catalog (issue #11), run as a child process the way CI runs it: a
// claim of a kind only the cluster offers is checked against the cluster's XRD (merged with the workspace's
// XRD of another kind of the group, which makes the kind unknown-capability without the cluster); --offline, a closed port
// and a missing kubeconfig leave the check as it was (the last two with one warning line, the first and
// the last without loading @kubernetes/client-node); --context picks the context; partial RBAC is one line.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { describeCluster, freePort } from '../support/kubeApiServer';
import { claim, installCrossplaneCrds, kubectlOk, xrd } from '../support/clusterSource';
import { CLI } from '../support/paths';

const GROUP = 'cli.platform-aware.dev';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The module specifiers of @kubernetes/client-node the run resolved (see `withLoadLog`). */
  clientNodeLoads: string[];
}

const scratch = mkdtempSync(join(tmpdir(), 'platform-aware-cli-cluster-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * A module-resolution hook that notes every resolution of @kubernetes/client-node in a file: the client
 * library is an ES module loaded with import(), which no require hook sees.
 */
const hook = join(scratch, 'hook.mjs');
writeFileSync(hook, `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@kubernetes/client-node')) appendFileSync(process.env.PA_LOAD_LOG, specifier + '\\n');
  return next(specifier, context);
}
`);
const register = join(scratch, 'register.mjs');
writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`);

let runs = 0;
/** Runs the CLI with an environment of its own: no KUBECONFIG and an empty home unless `env` says otherwise. */
function check(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const log = join(scratch, `loads-${++runs}.log`);
  writeFileSync(log, '');
  const home = mkdtempSync(join(scratch, 'home-'));
  const base: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: home, PA_LOAD_LOG: log };
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', pathToFileURL(register).href, CLI, 'check', ...args], { cwd: scratch, env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolveRun({ status, stdout, stderr, clientNodeLoads: readFileSync(log, 'utf8').split('\n').filter(Boolean) });
    });
  });
}

/** A kubeconfig whose only context, `closed`, points at a loopback port nothing listens on. */
async function closedPortKubeconfig(): Promise<string> {
  const path = join(scratch, 'closed.kubeconfig');
  writeFileSync(path, `apiVersion: v1
kind: Config
clusters:
- name: closed
  cluster: { server: "https://127.0.0.1:${await freePort()}", insecure-skip-tls-verify: true }
users:
- name: nobody
  user: { token: "none" }
contexts:
- name: closed
  context: { cluster: closed, user: nobody }
current-context: closed
`);
  return path;
}

/** An app folder: the workspace offers Queue of GROUP, the claim asks for Cache (which only the cluster offers). */
function appFolder(prefix: string): string {
  const app = mkdtempSync(join(scratch, prefix));
  writeFileSync(join(app, 'queue.xrd.yaml'), xrd(GROUP, 'Queue'));
  writeFileSync(join(app, 'cache.yaml'), claim(GROUP, 'Cache', 'huge'));
  return app;
}

/** The codes reported on the claim (the workspace's v1 XRD has its own deprecation warning). */
const codes = (run: Run) => [...run.stdout.matchAll(/^.*cache\.yaml:\d+:\d+: (?:error|warning|information) ([a-z-]+) /gm)].map((m) => m[1]);

// No API server needed: these run wherever the CLI tests do.
describe('platform-aware check without a cluster', () => {
  let app: string;
  before(() => {
    app = appFolder('no-cluster-');
  });

  it('says nothing and never loads the client library when there is no kubeconfig', async () => {
    const run = await check([app]);
    assert.equal(run.stderr, '');
    assert.deepEqual(codes(run), ['unknown-capability'], run.stdout);
    assert.deepEqual(run.clientNodeLoads, []);
  });

  it('--offline contacts no cluster even when a kubeconfig exists', async () => {
    const run = await check([app, '--offline'], { KUBECONFIG: await closedPortKubeconfig() });
    assert.equal(run.stderr, '');
    assert.deepEqual(run.clientNodeLoads, []);
  });

  it('a missing --kubeconfig file is one warning line, not a failure', async () => {
    const offline = await check([app, '--offline']);
    const run = await check([app, '--kubeconfig', join(scratch, 'nosuch.kubeconfig')]);
    assert.match(run.stderr, /^platform-aware: kubeconfig .*nosuch\.kubeconfig does not exist; checking without the live catalog\n$/);
    assert.equal(run.status, offline.status);
    assert.equal(run.stdout, offline.stdout);
    assert.deepEqual(run.clientNodeLoads, []);
  });
});

describeCluster('platform-aware check with a live cluster', (cluster) => {
  let app: string;
  let cacheClaim: string;
  before(async () => {
    const kube = cluster();
    await installCrossplaneCrds(kube);
    await kubectlOk(kube, ['apply', '-f', '-'], xrd(GROUP, 'Cache'));
    app = appFolder('app-');
    cacheClaim = join(app, 'cache.yaml');
  });

  it("validates a claim against the cluster's XRD, and only with the cluster", async () => {
    const env = { KUBECONFIG: cluster().kubeconfigPath };
    const live = await check([app], env);
    assert.equal(live.stderr, '');
    assert.deepEqual(codes(live), ['schema'], live.stdout);
    assert.match(live.stdout, /error schema spec\.parameters\.size: Unsupported value: "huge": supported values: "small", "large"/);
    assert.match(live.stdout, /from workspace \+ cluster "admin"\)$/m);
    assert.equal(live.status, 1);
    assert.ok(live.clientNodeLoads.length > 0, 'the client library is loaded when a cluster is used');

    const offline = await check([app, '--offline'], env);
    assert.equal(offline.stderr, '');
    assert.deepEqual(codes(offline), ['unknown-capability'], offline.stdout);
    assert.match(offline.stdout, /from workspace\)$/m);

    writeFileSync(cacheClaim, claim(GROUP, 'Cache', 'small'));
    try {
      const valid = await check([app], env);
      assert.equal(valid.status, 0, valid.stdout);
      assert.deepEqual(codes(valid), [], valid.stdout);
      assert.match(valid.stdout, /^0 errors, \d+ warnings? in 2 files/m);
    } finally {
      writeFileSync(cacheClaim, claim(GROUP, 'Cache', 'huge'));
    }
  });

  it('an unreachable cluster is one warning line and leaves the exit status as offline', async () => {
    const env = { KUBECONFIG: await closedPortKubeconfig() };
    const started = performance.now();
    const unreachable = await check([app], env);
    const took = performance.now() - started;
    const offline = await check([app, '--offline'], env);
    assert.equal(unreachable.status, offline.status);
    assert.equal(unreachable.stdout, offline.stdout);
    const lines = unreachable.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, unreachable.stderr);
    assert.match(lines[0]!, /^platform-aware: cluster "closed" not reachable \(.*ECONNREFUSED.*\); checking without the live catalog$/);
    console.log(`# check with an unreachable cluster took ${Math.round(took)} ms`);
  });

  it('--cluster-timeout bounds the wait for a cluster that accepts connections but never answers', async () => {
    // A TCP listener that never completes a TLS handshake: the client waits until the timeout.
    const { createServer } = await import('node:net');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolveListen) => silent.listen(0, '127.0.0.1', resolveListen));
    const port = (silent.address() as { port: number }).port;
    const path = join(scratch, 'silent.kubeconfig');
    writeFileSync(path, readFileSync(await closedPortKubeconfig(), 'utf8').replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`).replace(/closed/g, 'silent'));
    try {
      const started = performance.now();
      const run = await check([app, '--kubeconfig', path, '--cluster-timeout', '1']);
      const took = performance.now() - started;
      assert.match(run.stderr, /^platform-aware: cluster "silent" did not list its catalog within 1 s; checking without the live catalog\n$/);
      assert.deepEqual(codes(run), ['unknown-capability']);
      assert.ok(took < 15_000, `the run took ${Math.round(took)} ms: something kept the process alive after the timeout`);
      console.log(`# check with --cluster-timeout 1 against a silent server took ${Math.round(took)} ms`);
    } finally {
      silent.close();
    }
  });

  it('--context picks a context other than the current one', async () => {
    // kubectl's merge: the first file's current-context (`closed`) wins, the second file adds `admin`.
    const env = { KUBECONFIG: [await closedPortKubeconfig(), cluster().kubeconfigPath].join(':') };
    const current = await check([app], env);
    assert.match(current.stderr, /^platform-aware: cluster "closed" not reachable/);
    const picked = await check([app, '--context', 'admin'], env);
    assert.equal(picked.stderr, '');
    assert.deepEqual(codes(picked), ['schema'], picked.stdout);
    const missing = await check([app, '--context', 'nosuch'], env);
    assert.match(missing.stderr, /^platform-aware: kubeconfig not usable \(context "nosuch" is not in .*\); checking without the live catalog\n$/);
    assert.equal(missing.status, current.status);
  });

  it('--kubeconfig reads that file alone', async () => {
    const picked = await check([app, '--kubeconfig', cluster().kubeconfigPath], { KUBECONFIG: await closedPortKubeconfig() });
    assert.equal(picked.stderr, '');
    assert.deepEqual(codes(picked), ['schema'], picked.stdout);
  });

  it('a user RBAC forbids listing XRDs gets one line naming them and the rest of the catalog', async () => {
    const kube = cluster();
    await kubectlOk(kube, ['apply', '-f', '-'], `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: cli-catalog-reader-without-xrds }
rules:
  - apiGroups: [apiextensions.k8s.io]
    resources: [customresourcedefinitions]
    verbs: [get, list, watch]
  - apiGroups: [apiextensions.crossplane.io]
    resources: [compositions]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: cli-developer-catalog-reader }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cli-catalog-reader-without-xrds }
subjects:
  - { apiGroup: rbac.authorization.k8s.io, kind: User, name: developer }
`);
    const run = await check([app, '--context', 'developer'], { KUBECONFIG: kube.kubeconfigPath });
    assert.equal(run.stderr, 'platform-aware: cluster "developer": forbidden to list compositeresourcedefinitions.apiextensions.crossplane.io; the live catalog goes on without them\n');
    // The XRD was not read, so the claim's kind is unknown; the CRDs were.
    assert.deepEqual(codes(run), ['unknown-capability'], run.stdout);
    assert.match(run.stdout, /from workspace \+ cluster "developer"\)$/m);
  });
});
