// A real Kubernetes control plane for tests, the way controller-runtime's envtest runs one: the real etcd and
// kube-apiserver binaries (found through KUBEBUILDER_ASSETS, or built from test/kube by scripts/kube-assets.sh)
// started on free loopback ports in a temporary directory, with RBAC on, two token users (`admin` in
// system:masters and an unprivileged `developer`), service-account signing keys, and a kubeconfig that trusts
// the server's own serving certificate. Each suite starts its own instance; processes are ended by process group.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, openSync, readFileSync } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

/** The repository root (this file runs from test/out/support/). */
export const repoRoot = resolve(__dirname, '..', '..', '..');
const assetsScript = join(repoRoot, 'scripts', 'kube-assets.sh');

export type KubeUser = 'admin' | 'developer';

export interface KubeAssets {
  /** The envtest-style directory holding `kube-apiserver` and `etcd`. */
  dir: string;
  apiServer: string;
  etcd: string;
  /** True when scripts/kube-assets.sh built this directory from test/kube (it then matches test/kube/go.mod). */
  builtFromTestKube: boolean;
}

export type KubeAssetsResult = { ok: true; assets: KubeAssets } | { ok: false; reason: string };

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface HttpResult {
  status: number;
  body: string;
}

export interface StartOptions {
  /** Binaries to use; resolved with {@link resolveKubeAssets} when absent. */
  assets?: KubeAssets;
  /** Extra kube-apiserver flags (`--name=value`), added after the harness's own. */
  apiServerArgs?: string[];
  /** Extra etcd flags (`--name=value`), added after the harness's own. */
  etcdArgs?: string[];
  /** How long to wait for etcd and for /readyz, in ms (default 120 s: the machines have 2 cores). */
  startTimeoutMs?: number;
  /** Keep the temporary directory (logs, kubeconfig, etcd data) after stop(). Also env KEEP_KUBE_DIR=1. */
  keepDir?: boolean;
}

export interface KubeApiServer {
  /** Temporary directory of this instance: kubeconfig, certificates, logs, etcd data. */
  readonly dir: string;
  readonly kubeconfigPath: string;
  /** `https://127.0.0.1:<port>` */
  readonly server: string;
  readonly etcdUrl: string;
  /** PEM of the CA that signed the serving certificate (what the kubeconfig trusts). */
  readonly caPem: string;
  readonly tokens: Readonly<Record<KubeUser, string>>;
  /** kubeconfig context names per user; `admin` is the current context. */
  readonly contexts: Readonly<Record<KubeUser, string>>;
  readonly assets: KubeAssets;
  /** Process ids (each the leader of its own process group) of the running etcd and kube-apiserver. */
  readonly pids: { readonly etcd: number | undefined; readonly apiServer: number | undefined };
  /** Runs kubectl against this instance (as `admin` unless told). Never throws on a non-zero exit. */
  kubectl(args: string[], options?: { user?: KubeUser; input?: string; timeoutMs?: number }): Promise<KubectlResult>;
  /** One HTTPS request to the API server, verifying its certificate, with the user's bearer token. */
  request(path: string, options?: { user?: KubeUser; method?: string; body?: string; contentType?: string }): Promise<HttpResult>;
  /** Ends the kube-apiserver process and starts it again on the same port; etcd (and so the data) keeps running. */
  restartApiServer(): Promise<void>;
  /** Ends both processes (by process group) and removes the directory. Safe to call twice. */
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Finding the binaries

let assetsPromise: Promise<KubeAssetsResult> | undefined;

/**
 * Finds kube-apiserver and etcd: in $KUBEBUILDER_ASSETS when set, else by running scripts/kube-assets.sh (which
 * reuses a finished build, or builds one with Go). Memoised per process.
 */
export function resolveKubeAssets(): Promise<KubeAssetsResult> {
  assetsPromise ??= findAssets();
  return assetsPromise;
}

async function findAssets(): Promise<KubeAssetsResult> {
  const fromEnv = process.env['KUBEBUILDER_ASSETS'];
  if (fromEnv) {
    const missing = await missingBinaries(fromEnv);
    if (missing.length > 0) return { ok: false, reason: `KUBEBUILDER_ASSETS=${fromEnv} has no executable ${missing.join(' or ')}` };
    return { ok: true, assets: assetsIn(fromEnv) };
  }
  // The script's progress goes to stderr as it comes, except its "Go is not installed" line, which the skip
  // message repeats.
  const run = await runCommand('bash', [assetsScript], { stderrTo: process.stderr, quiet: /^kube-assets: Go is not installed/ });
  if (run.code !== 0) {
    const lastLine = run.stderr.trim().split('\n').filter(Boolean).pop() ?? '';
    const reason =
      run.code === 3 ? 'Go is not installed, so scripts/kube-assets.sh cannot build kube-apiserver and etcd' : `scripts/kube-assets.sh failed (exit ${run.code}): ${lastLine}`;
    return { ok: false, reason };
  }
  const dir = run.stdout.trim().split('\n').pop() ?? '';
  const missing = await missingBinaries(dir);
  if (!dir || missing.length > 0) return { ok: false, reason: `scripts/kube-assets.sh printed '${dir}', which has no executable ${missing.join(' or ')}` };
  return { ok: true, assets: assetsIn(dir) };
}

function assetsIn(dir: string): KubeAssets {
  return {
    dir,
    apiServer: join(dir, 'kube-apiserver'),
    etcd: join(dir, 'etcd'),
    builtFromTestKube: existsSync(join(dir, '.platform-aware-stamp')),
  };
}

async function missingBinaries(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const name of ['kube-apiserver', 'etcd']) {
    try {
      await access(join(dir, name), constants.X_OK);
    } catch {
      missing.push(name);
    }
  }
  return missing;
}

export const howToGetBinaries =
  'to run the cluster tests install Go >= 1.26 and run scripts/kube-assets.sh, or point KUBEBUILDER_ASSETS at a setup-envtest directory (setup-envtest use -p path)';

/**
 * The binaries, or why the cluster tests are skipped. With env CI=true missing binaries throw: in CI a missing API
 * server is a failure, never a skip.
 */
export async function kubeAssetsForTests(): Promise<{ assets: KubeAssets } | { skip: string }> {
  const result = await resolveKubeAssets();
  if (result.ok) return { assets: result.assets };
  if (process.env['CI'] === 'true') throw new Error(`the cluster tests need kube-apiserver and etcd: ${result.reason}`);
  return { skip: `${result.reason}; ${howToGetBinaries}` };
}

/**
 * A node:test suite with its own API server: started before the first test, stopped after the last. Without
 * binaries the suite is one skipped test saying how to get them, or, when CI=true, one failed test saying why.
 */
export function describeCluster(name: string, body: (kube: () => KubeApiServer) => void, options: Omit<StartOptions, 'assets'> = {}): void {
  describe(name, async () => {
    let found: Awaited<ReturnType<typeof kubeAssetsForTests>>;
    try {
      found = await kubeAssetsForTests();
    } catch (error) {
      it('kube-apiserver and etcd are available', () => {
        throw error;
      });
      return;
    }
    if ('skip' in found) {
      it('cluster tests', { skip: found.skip }, () => undefined);
      return;
    }
    const assets = found.assets;
    let kube: KubeApiServer | undefined;
    before(async () => {
      kube = await startKubeApiServer({ ...options, assets });
    });
    after(async () => {
      await kube?.stop();
    });
    body(() => {
      if (!kube) throw new Error('the API server did not start (see the before hook)');
      return kube;
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Starting and stopping

/** Process groups still running, ended synchronously if the test process exits without stop(). */
const liveGroups = new Set<number>();
let exitHookInstalled = false;
function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    const killAll = (): void => {
      for (const group of liveGroups) killGroup(group, 'SIGKILL');
    };
    process.on('exit', killAll);
    // A signal ends node without 'exit': end the groups, then die of the same signal as before.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        killAll();
        process.kill(process.pid, signal);
      });
    }
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

interface Managed {
  child: ChildProcess;
  exited: Promise<number | string>;
  logPath: string;
}

function startProcess(command: string, args: string[], logPath: string, cwd: string): Managed {
  const log = openSync(logPath, 'a');
  // detached: the child leads a new process group, which stop() ends as a whole.
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<number | string>((resolveExit) => {
    child.once('exit', (code, signal) => {
      if (child.pid !== undefined) liveGroups.delete(child.pid);
      resolveExit(code ?? signal ?? 'unknown');
    });
    child.once('error', (error) => resolveExit(`failed to start: ${error.message}`));
  });
  if (child.pid !== undefined) trackGroup(child.pid);
  return { child, exited, logPath };
}

async function stopProcess(managed: Managed, graceMs = 10_000): Promise<void> {
  const pid = managed.child.pid;
  if (pid === undefined || managed.child.exitCode !== null || managed.child.signalCode !== null) return;
  killGroup(pid, 'SIGTERM');
  const timedOut = await Promise.race([managed.exited.then(() => false), delay(graceMs).then(() => true)]);
  if (timedOut) {
    killGroup(pid, 'SIGKILL');
    await managed.exited;
  }
  // Whatever the leader left in its group goes too.
  killGroup(pid, 'SIGKILL');
  liveGroups.delete(pid);
}

function logTail(path: string, lines = 25): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A port the kernel just handed out on 127.0.0.1 (closed again, so the next bind normally gets it). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const delay = (ms: number): Promise<void> => new Promise((resolveDelay) => setTimeout(resolveDelay, ms).unref());

/** Starts etcd and kube-apiserver in a fresh temporary directory and waits until /readyz answers ok. */
export async function startKubeApiServer(options: StartOptions = {}): Promise<KubeApiServer> {
  let assets = options.assets;
  if (!assets) {
    const found = await resolveKubeAssets();
    if (!found.ok) throw new Error(`cannot start kube-apiserver: ${found.reason}`);
    assets = found.assets;
  }
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  const dir = await mkdtemp(join(tmpdir(), 'platform-aware-kube-'));
  const certDir = join(dir, 'certs');
  await mkdir(certDir);

  const [etcdPort, peerPort, apiPort] = await distinctFreePorts(3);
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const server = `https://127.0.0.1:${apiPort}`;

  const tokens: Record<KubeUser, string> = { admin: randomBytes(24).toString('hex'), developer: randomBytes(24).toString('hex') };
  // Static token file: token,user,uid,"group,..." (system:authenticated is added by the server).
  await writeFile(join(dir, 'tokens.csv'), `${tokens.admin},admin,admin,"system:masters"\n${tokens.developer},developer,developer\n`, { mode: 0o600 });

  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  await writeFile(join(certDir, 'sa.key'), privateKey, { mode: 0o600 });
  await writeFile(join(certDir, 'sa.pub'), publicKey);

  const etcdArgs = [
    '--name=default',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${etcdUrl}`,
    `--advertise-client-urls=${etcdUrl}`,
    `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
    `--initial-cluster=default=http://127.0.0.1:${peerPort}`,
    '--unsafe-no-fsync=true',
    ...(options.etcdArgs ?? []),
  ];
  const apiServerArgs = [
    '--advertise-address=127.0.0.1',
    // Kubernetes >= 1.3x refuses a loopback advertise address for the endpoint reconciler (which publishes it
    // as the endpoints of the `kubernetes` Service); nothing here needs those endpoints.
    '--endpoint-reconciler-type=none',
    '--bind-address=127.0.0.1',
    `--secure-port=${apiPort}`,
    // No cert files given: the server generates a CA and a serving certificate for 127.0.0.1/localhost here
    // (apiserver.crt holds both) and reuses them on restart, so the kubeconfig stays valid.
    `--cert-dir=${certDir}`,
    `--etcd-servers=${etcdUrl}`,
    '--authorization-mode=RBAC',
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    `--service-account-issuer=${server}`,
    `--service-account-key-file=${join(certDir, 'sa.pub')}`,
    `--service-account-signing-key-file=${join(certDir, 'sa.key')}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--allow-privileged=true',
    // As envtest: no controller-manager creates the `default` ServiceAccount, so this plugin would reject pods.
    '--disable-admission-plugins=ServiceAccount',
    ...(options.apiServerArgs ?? []),
  ];

  const keepDir = options.keepDir ?? process.env['KEEP_KUBE_DIR'] === '1';
  let etcd: Managed | undefined;
  let apiServer: Managed | undefined;
  let stopped = false;
  let caPem = '';

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (apiServer) await stopProcess(apiServer);
    if (etcd) await stopProcess(etcd);
    if (!keepDir) await rm(dir, { recursive: true, force: true });
  };

  const request = (path: string, opts: { user?: KubeUser; method?: string; body?: string; contentType?: string; timeoutMs?: number } = {}): Promise<HttpResult> =>
    httpRequest(server, path, { ca: caPem, token: tokens[opts.user ?? 'admin'], ...opts });

  const startApiServer = async (): Promise<void> => {
    apiServer = startProcess(assets.apiServer, apiServerArgs, join(dir, 'kube-apiserver.log'), dir);
    const current = apiServer;
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    for (;;) {
      if (current.child.exitCode !== null || current.child.signalCode !== null) {
        throw new Error(`kube-apiserver exited (${await current.exited}) before it was ready:\n${logTail(current.logPath)}`);
      }
      if (Date.now() > deadline) throw new Error(`kube-apiserver was not ready within ${timeoutMs} ms (${last}):\n${logTail(current.logPath)}`);
      const crt = join(certDir, 'apiserver.crt');
      if (existsSync(crt)) {
        caPem = await readFile(crt, 'utf8');
        try {
          const answer = await request('/readyz', { timeoutMs: 5_000 });
          if (answer.status === 200) return;
          last = `/readyz ${answer.status}: ${answer.body.trim().split('\n').filter((l) => l.includes('failed')).join('; ')}`;
        } catch (error) {
          last = (error as Error).message;
        }
      }
      await delay(250);
    }
  };

  try {
    etcd = startProcess(assets.etcd, etcdArgs, join(dir, 'etcd.log'), dir);
    await waitForEtcd(etcd, etcdUrl, timeoutMs);
    await startApiServer();
  } catch (error) {
    const saved = keepDir;
    await stop();
    throw new Error(`${(error as Error).message}${saved ? `\n(logs kept in ${dir})` : ''}`);
  }

  const contexts: Record<KubeUser, string> = { admin: 'admin', developer: 'developer' };
  const kubeconfigPath = join(dir, 'kubeconfig');
  await writeFile(kubeconfigPath, kubeconfigYaml(server, caPem, tokens), { mode: 0o600 });
  const kubectlCache = join(dir, 'kubectl-cache');

  return {
    dir,
    kubeconfigPath,
    server,
    etcdUrl,
    get caPem() {
      return caPem;
    },
    tokens,
    contexts,
    assets,
    pids: {
      get etcd() {
        return etcd?.child.pid;
      },
      get apiServer() {
        return apiServer?.child.pid;
      },
    },
    request,
    kubectl: (args, opts = {}) =>
      runCommand('kubectl', [`--kubeconfig=${kubeconfigPath}`, `--context=${contexts[opts.user ?? 'admin']}`, `--cache-dir=${kubectlCache}`, ...args], {
        input: opts.input,
        timeoutMs: opts.timeoutMs ?? 60_000,
        env: { ...process.env, KUBECONFIG: kubeconfigPath },
      }),
    restartApiServer: async () => {
      if (stopped) throw new Error('restartApiServer() after stop()');
      if (apiServer) await stopProcess(apiServer);
      await startApiServer();
    },
    stop,
  };
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

async function waitForEtcd(etcd: Managed, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (etcd.child.exitCode !== null || etcd.child.signalCode !== null) {
      throw new Error(`etcd exited (${await etcd.exited}) before it was ready:\n${logTail(etcd.logPath)}`);
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      const health = (await response.json()) as { health?: string };
      if (response.ok && health.health === 'true') return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`etcd was not healthy within ${timeoutMs} ms:\n${logTail(etcd.logPath)}`);
    await delay(100);
  }
}

function httpRequest(
  server: string,
  path: string,
  opts: { ca: string; token: string; method?: string; body?: string; contentType?: string; timeoutMs?: number },
): Promise<HttpResult> {
  return new Promise((resolveRequest, reject) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${opts.token}`, Accept: 'application/json' };
    if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
    // The serving certificate is verified against the server's own CA (never rejectUnauthorized: false).
    const req = httpsRequest(new URL(path, server), { method: opts.method ?? 'GET', ca: opts.ca, headers, timeout: opts.timeoutMs ?? 30_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolveRequest({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`request to ${path} timed out`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

function kubeconfigYaml(server: string, caPem: string, tokens: Record<KubeUser, string>): string {
  // JSON strings are valid YAML scalars, so every value is written with JSON.stringify.
  const q = JSON.stringify;
  const ca = Buffer.from(caPem).toString('base64');
  const users = Object.keys(tokens) as KubeUser[];
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: envtest`,
    '  cluster:',
    `    server: ${q(server)}`,
    `    certificate-authority-data: ${q(ca)}`,
    'users:',
    ...users.flatMap((u) => [`- name: ${q(u)}`, '  user:', `    token: ${q(tokens[u])}`]),
    'contexts:',
    ...users.flatMap((u) => [`- name: ${q(u)}`, '  context:', '    cluster: envtest', `    user: ${q(u)}`, '    namespace: default']),
    'current-context: admin',
    '',
  ].join('\n');
}

function runCommand(
  command: string,
  args: string[],
  opts: { input?: string | undefined; timeoutMs?: number; env?: NodeJS.ProcessEnv; stderrTo?: NodeJS.WritableStream; quiet?: RegExp } = {},
): Promise<KubectlResult> {
  return new Promise((resolveRun) => {
    if (opts.stderrTo) {
      // Streamed (the asset build reports progress for minutes), and collected for the failure message.
      const child = spawn(command, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      let pending = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) if (!opts.quiet?.test(line)) opts.stderrTo?.write(`${line}\n`);
      });
      child.once('error', (error) => resolveRun({ code: 127, stdout, stderr: `${stderr}${error.message}\n` }));
      child.once('close', (code) => {
        if (pending && !opts.quiet?.test(pending)) opts.stderrTo?.write(`${pending}\n`);
        resolveRun({ code: code ?? 1, stdout, stderr });
      });
      return;
    }
    const child = execFile(command, args, { env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 0, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolveRun({ code, stdout, stderr: stderr || (error ? `${error.message}\n` : '') });
    });
    child.stdin?.end(opts.input);
  });
}
