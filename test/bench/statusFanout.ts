// Status fan-out (issue #7: "status event → view ≤ 1 s at 5,000 instances"; issue #11 wants 1 and 5,000): the real
// kube-apiserver and etcd (test/support/kubeApiServer.ts), a Widget CRD with a status subresource, N widgets on the
// API server, and a workspace declaring the same N widgets in one multi-document file. Our language server runs
// over stdio against the harness's kubeconfig; the bench applies its `platformAware/instances` deltas as an editor
// would. Measured: initialized → all N statuses known; then M times, one widget's Ready condition is patched
// through the status subresource and the time from the PATCH response to the notification carrying that widget
// with the new reason is taken. A watch the bench opens itself on the same widgets separates the API server's share
// (PATCH response → watch event at an independent client) from ours.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import type { InstancesNotification, InstanceState, InstanceStatus } from '#server/core/status/types';
import { KubeApiServer, resolveKubeAssets, startKubeApiServer, howToGetBinaries } from '../support/kubeApiServer';
import { endpointFromKubeconfig, KubeRest, WatchEvent, WatchHandle } from '../support/kubeRest';
import { LspClient } from '../support/lspClient';
import { fmtMs, message } from './driver';
import { median, ratio, summary, table } from './report';
import { widgetCrd } from '../support/liveFixtures';

const GROUP = 'bench.platform-aware.dev';
const VERSION = 'v1';
const TARGET_MS = 1000;

export interface StatusFanoutOptions {
  /** Watched instances per run (default 1 and 5,000). */
  instances: number[];
  /** Timed status events per run (≥ 30). */
  patches: number;
  /** Requests in flight while creating the widgets. */
  concurrency: number;
  /** Node options for the server process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
  nodeArgs: string[];
  /** Keep the workspaces (their paths are printed). */
  keep: boolean;
  log(line: string): void;
}

export interface StatusRun {
  n: number;
  namespace: string;
  createMs?: number;
  initialStatusMs?: number;
  connectedMs?: number;
  /** initialized → every instance known and Ready. */
  allKnownMs?: number;
  initialNotifications?: number;
  initialBytes?: number;
  largestBytes?: number;
  /** PATCH response → the notification with the new reason. */
  latencyMs: number[];
  /** PATCH sent → the same notification. */
  fromRequestMs: number[];
  /** PATCH round trip. */
  patchMs: number[];
  /** PATCH response → the bench's own watch event for the same change. */
  watchMs: number[];
  /** PATCH response → publishDiagnostics of the manifest showing the change (its not-ready finding). */
  diagnosticsMs: number[];
  diagnosticsMissed: number;
  /** The notification that carried each change: its size, and how many statuses it upserted. */
  eventBytes: number[];
  eventUpserts: number[];
  rssKB?: number;
  loadAfter: string;
  failure?: string;
  notes: string[];
}

export interface StatusFanoutResult {
  kubernetes: string;
  runs: StatusRun[];
  failure?: string;
}

/**
 * Whether the kube-apiserver and etcd binaries are there without building them (the default bench run must not
 * start a 10–25 minute Go build): KUBEBUILDER_ASSETS, or a finished scripts/kube-assets.sh build whose stamp matches.
 */
export function statusFanoutAvailability(repo: string): { ok: true } | { ok: false; reason: string } {
  const executable = (dir: string, name: string): boolean => {
    try {
      return (statSync(join(dir, name)).mode & 0o111) !== 0;
    } catch {
      return false;
    }
  };
  const fromEnv = process.env['KUBEBUILDER_ASSETS'];
  if (fromEnv) {
    return executable(fromEnv, 'kube-apiserver') && executable(fromEnv, 'etcd') ? { ok: true } : { ok: false, reason: `KUBEBUILDER_ASSETS=${fromEnv} has no executable kube-apiserver and etcd` };
  }
  try {
    const module = join(repo, 'test', 'kube');
    const goMod = readFileSync(join(module, 'go.mod'), 'utf8');
    const goSum = readFileSync(join(module, 'go.sum'), 'utf8');
    const version = pinnedKubernetes(goMod);
    const recipe = /^RECIPE=(\S+)$/m.exec(readFileSync(join(repo, 'scripts', 'kube-assets.sh'), 'utf8'))?.[1];
    if (!version || !recipe) return { ok: false, reason: 'cannot read the pinned Kubernetes version from test/kube/go.mod' };
    const dir = process.env['PLATFORM_AWARE_KUBE_ASSETS'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'platform-aware', 'kube-assets', version);
    const stampPath = join(dir, '.platform-aware-stamp');
    // scripts/kube-assets.sh: sha256 of `echo "recipe $RECIPE"; cat go.mod go.sum`.
    const stamp = createHash('sha256').update(`recipe ${recipe}\n${goMod}${goSum}`).digest('hex');
    if (!executable(dir, 'kube-apiserver') || !executable(dir, 'etcd') || !existsSync(stampPath)) {
      return { ok: false, reason: `kube-apiserver and etcd are not built (${dir}); ${howToGetBinaries}, or run \`--only status\` to build them` };
    }
    if (readFileSync(stampPath, 'utf8').trim() !== stamp) return { ok: false, reason: `the build in ${dir} does not match test/kube/go.mod (scripts/kube-assets.sh would rebuild it; run \`--only status\` to do that)` };
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: message(error) };
  }
}

/** The Kubernetes version test/kube/go.mod pins (what scripts/kube-assets.sh reads). */
function pinnedKubernetes(goMod: string): string | undefined {
  return /^\s*k8s\.io\/kubernetes (v1\.\d+\.\d+)\b/m.exec(goMod)?.[1];
}

const crdYaml = widgetCrd(GROUP, VERSION);

const widgetName = (i: number): string => `w-${String(i).padStart(5, '0')}`;

function widgetsYaml(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) docs.push(`apiVersion: ${GROUP}/${VERSION}\nkind: Widget\nmetadata:\n  name: ${widgetName(i)}\nspec:\n  size: ${i % 100}\n`);
  return docs.join('---\n');
}

function readyCondition(status: 'True' | 'False', reason: string): unknown {
  return { status: { conditions: [{ type: 'Ready', status, reason, message: `${reason} (bench)`, lastTransitionTime: new Date().toISOString() }] } };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `task(0..count-1)` with at most `concurrency` in flight; the first failure rejects (after the rest settle). */
async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count && failure === undefined) {
        const i = next++;
        try {
          await task(i);
        } catch (error) {
          failure ??= error;
        }
      }
    }),
  );
  if (failure !== undefined) throw failure;
}

function within<T>(promise: Promise<T>, ms: number, what: string, exited?: Promise<never>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`timeout: ${what} not within ${Math.round(ms / 1000)} s`)), ms)));
  return Promise.race([promise, timeout, ...(exited ? [exited] : [])]).finally(() => clearTimeout(timer));
}

function vmRssKB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function load(): string {
  return loadavg().map((l) => l.toFixed(2)).join(' ');
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // nearest rank
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The client's picture of the instances (deltas applied in order, as the extension's view does) and waiters on it. */
class View {
  readonly byId = new Map<string, InstanceStatus>();
  readonly counts = new Map<InstanceState, number>();
  notifications = 0;
  bytes = 0;
  largest = 0;
  /** The first notifications: when, how big, what they said. */
  readonly timeline: { at: number; bytes: number; reset: boolean; upserts: number; states: string }[] = [];
  private waiters: { match: (n: InstancesNotification) => boolean; resolve: (hit: { at: number; bytes: number; upserts: number }) => void }[] = [];
  private stateWaiters: { predicate: () => boolean; resolve: (at: number) => void }[] = [];

  apply(n: InstancesNotification, at: number): void {
    const bytes = Buffer.byteLength(JSON.stringify(n));
    this.notifications++;
    this.bytes += bytes;
    this.largest = Math.max(this.largest, bytes);
    if (n.reset) {
      this.byId.clear();
      this.counts.clear();
    }
    for (const status of n.upsert) {
      this.drop(status.id);
      this.byId.set(status.id, status);
      this.counts.set(status.state, (this.counts.get(status.state) ?? 0) + 1);
    }
    for (const id of n.remove) this.drop(id);
    if (this.timeline.length < 12) {
      const states = new Map<string, number>();
      for (const u of n.upsert) states.set(`${u.state}${u.reason ? ` (${u.reason})` : ''}`, (states.get(`${u.state}${u.reason ? ` (${u.reason})` : ''}`) ?? 0) + 1);
      this.timeline.push({ at, bytes, reset: n.reset, upserts: n.upsert.length, states: [...states].map(([s, c]) => `${c} ${s}`).join(', ') });
    }
    if (this.waiters.length) {
      const hits = this.waiters.filter((w) => w.match(n));
      this.waiters = this.waiters.filter((w) => !hits.includes(w));
      for (const w of hits) w.resolve({ at, bytes, upserts: n.upsert.length });
    }
    if (this.stateWaiters.length) {
      const done = this.stateWaiters.filter((w) => w.predicate());
      this.stateWaiters = this.stateWaiters.filter((w) => !done.includes(w));
      for (const w of done) w.resolve(at);
    }
  }

  count(state: InstanceState): number {
    return this.counts.get(state) ?? 0;
  }

  /** The next notification that `match`es (registered before the event is caused, so none is missed). */
  next(match: (n: InstancesNotification) => boolean): Promise<{ at: number; bytes: number; upserts: number }> {
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  until(predicate: () => boolean): Promise<number> {
    if (predicate()) return Promise.resolve(performance.now());
    return new Promise((resolve) => this.stateWaiters.push({ predicate, resolve }));
  }

  describe(): string {
    return [...this.counts].filter(([, c]) => c > 0).map(([s, c]) => `${c} ${s}`).join(', ') || 'none';
  }

  private drop(id: string): void {
    const before = this.byId.get(id);
    if (!before) return;
    this.byId.delete(id);
    this.counts.set(before.state, (this.counts.get(before.state) ?? 1) - 1);
  }
}

export async function benchStatusFanout(repo: string, options: StatusFanoutOptions): Promise<StatusFanoutResult> {
  const found = await resolveKubeAssets();
  if (!found.ok) return { kubernetes: '?', runs: [], failure: `${found.reason}; ${howToGetBinaries}` };
  const kubernetes = pinnedKubernetes(readFileSync(join(repo, 'test', 'kube', 'go.mod'), 'utf8')) ?? '?';
  const runs: StatusRun[] = [];
  let kube: KubeApiServer | undefined;
  try {
    const t0 = performance.now();
    kube = await startKubeApiServer({ assets: found.assets });
    options.log(`status: kube-apiserver ${kubernetes} + etcd ready in ${fmtMs(performance.now() - t0)} (${kube.server})`);
    const rest = new KubeRest(endpointFromKubeconfig(kube.kubeconfigPath));
    await rest.ok('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', parse(crdYaml));
    await waitForWidgets(rest);
    for (const n of options.instances) {
      const run = await runOne(repo, kube, rest, n, options);
      runs.push(run);
      options.log(`status N=${n}: ${run.failure ? `FAILED: ${run.failure}` : `median ${fmtMs(median(run.latencyMs))}`}`);
    }
    return { kubernetes, runs };
  } catch (error) {
    return { kubernetes, runs, failure: message(error) };
  } finally {
    await kube?.stop();
  }
}

/** Waits until the CRD is Established and its resource is served. */
async function waitForWidgets(rest: KubeRest): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const crd = await rest.call<{ status?: { conditions?: { type: string; status: string }[] } }>('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${GROUP}`);
    const established = crd.body?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    if (established && (await rest.call('GET', `/apis/${GROUP}/${VERSION}/widgets?limit=1`)).status === 200) {
      // The first write of a new type is slow (seconds): pay it here, not in the first run's creation figure.
      const warm = `/apis/${GROUP}/${VERSION}/namespaces/default/widgets`;
      await rest.ok('POST', warm, { apiVersion: `${GROUP}/${VERSION}`, kind: 'Widget', metadata: { name: 'warm-up' } });
      await rest.ok('DELETE', `${warm}/warm-up`);
      return;
    }
    if (performance.now() > deadline) throw new Error('the Widget CRD was not established within 60 s');
    await sleep(200);
  }
}

async function runOne(repo: string, kube: KubeApiServer, rest: KubeRest, n: number, options: StatusFanoutOptions): Promise<StatusRun> {
  const namespace = `fanout-${n}`;
  const run: StatusRun = { n, namespace, latencyMs: [], fromRequestMs: [], patchMs: [], watchMs: [], diagnosticsMs: [], diagnosticsMissed: 0, eventBytes: [], eventUpserts: [], loadAfter: '', notes: [] };
  const base = `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/widgets`;
  const root = mkdtempSync(join(tmpdir(), `pa-bench-status-${n}-`));
  let client: LspClient | undefined;
  let watch: WatchHandle | undefined;
  try {
    // The widgets, each with a Ready condition (a widget with no status is Unknown: "NoStatus").
    await rest.ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    let t = performance.now();
    await pool(n, options.concurrency, async (i) => {
      await rest.ok('POST', base, { apiVersion: `${GROUP}/${VERSION}`, kind: 'Widget', metadata: { name: widgetName(i) }, spec: { size: i % 100 } });
    });
    run.createMs = performance.now() - t;
    t = performance.now();
    await pool(n, options.concurrency, async (i) => {
      await rest.mergePatch(`${base}/${widgetName(i)}/status`, readyCondition('True', 'Initial'));
    });
    run.initialStatusMs = performance.now() - t;
    options.log(`status N=${n}: ${n} widgets created in ${fmtMs(run.createMs)}, Ready set in ${fmtMs(run.initialStatusMs)} (${options.concurrency} requests in flight)`);

    // The bench's own watch: when an independent client sees each change.
    const seen = new Map<string, number>();
    const listed = await rest.ok<{ metadata?: { resourceVersion?: string } }>('GET', `${base}?limit=1`);
    watch = rest.watch(`${base}?watch=1&resourceVersion=${listed?.metadata?.resourceVersion ?? ''}`, (event: WatchEvent) => {
      const at = performance.now();
      const object = event.object as { metadata?: { name?: string }; status?: { conditions?: { reason?: string }[] } };
      const reason = object.status?.conditions?.[0]?.reason;
      if (object.metadata?.name && reason) seen.set(`${object.metadata.name}|${reason}`, at);
    });

    // The workspace: the CRD (so the catalog offers Widget) and one file declaring the N widgets.
    mkdirSync(join(root, 'platform'));
    writeFileSync(join(root, 'platform', 'widgets.crd.yaml'), crdYaml);
    const manifest = widgetsYaml(n);
    writeFileSync(join(root, 'widgets.yaml'), manifest);

    const view = new View();
    client = new LspClient({
      command: process.execPath,
      args: [...options.nodeArgs, join(repo, 'scripts', 'platform-aware.js'), 'lsp', '--stdio'],
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '', KUBECONFIG: kube.kubeconfigPath },
    });
    const server = client;
    server.settings = { namespace };
    server.connection.onNotification('platformAware/instances', (params: InstancesNotification) => view.apply(params, performance.now()));
    server.process.stdin?.on('error', () => undefined);
    server.connection.onError(() => undefined);
    const exited = new Promise<never>((_resolve, reject) => {
      server.process.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}): ${server.stderr.join('').trim().split('\n').slice(-3).join(' | ').slice(0, 300)}`)));
    });
    exited.catch(() => undefined);

    await within(server.initialize(pathToFileURL(root).href, { trusted: true }), 60_000, 'initialize', exited);
    const initialized = performance.now();
    // Open, as a developer looking at the manifest: the workspace scan reads only files that mention a
    // definition or a Secret, so on disk alone these plain custom resources would declare nothing.
    const manifestUri = pathToFileURL(join(root, 'widgets.yaml')).href;
    const opened = performance.now();
    let firstDiagnostics: number | undefined;
    void server.diagnostics(manifestUri).then(() => (firstDiagnostics = performance.now() - opened));
    await server.open(manifestUri, manifest, 1);
    const bigger = Math.max(1, n / 1000);
    const connected = server.notification('platformAware/status', (p) => (p as { cluster?: { state?: string } }).cluster?.state === 'connected').then(() => performance.now());
    const allReady = view.until(() => view.count('Ready') === n);
    try {
      const readyAt = await within(allReady, 60_000 * bigger, `all ${n} statuses Ready`, exited);
      run.allKnownMs = readyAt - initialized;
    } catch (error) {
      throw new Error(`${message(error)} (view: ${view.describe()})`);
    }
    run.connectedMs = (await within(connected, 5_000, 'cluster connected', exited)) - initialized;
    run.notes.push(
      'initial notifications (ms after initialized): ' +
        view.timeline.map((t) => `${fmtMs(t.at - initialized)}${t.reset ? ' reset' : ''} ${t.upserts ? t.states : 'no upserts'}${t.bytes >= 10 * 1024 ? ` ${(t.bytes / 1024).toFixed(0)} KB` : ''}`).join('; '),
    );
    if (firstDiagnostics !== undefined) run.notes.push(`didOpen of the manifest → its first diagnostics: ${fmtMs(firstDiagnostics)}`);
    run.initialNotifications = view.notifications;
    run.initialBytes = view.bytes;
    run.largestBytes = view.largest;
    options.log(`status N=${n}: initialized → all ${n} Ready in ${fmtMs(run.allKnownMs)} (${view.notifications} notifications, ${(view.bytes / 1024).toFixed(0)} KB)`);
    // Let whatever follows the initial list (diagnostics of the workspace, lens refreshes) finish.
    await quiet(view, 1000, 15_000);

    for (let k = 0; k < options.patches; k++) {
      const index = n === 1 ? 0 : Math.floor(((k + 0.5) * n) / options.patches) % n;
      const name = widgetName(index);
      const ready = k % 2 === 0 ? 'False' : 'True';
      const reason = `Bench${k}${ready === 'True' ? 'Up' : 'Down'}`;
      const arrived = view.next((note) => note.upsert.some((s) => s.name === name && s.reason === reason));
      // Ready=False is Progressing: an information finding on the manifest that quotes the reason. (Ready=True
      // on a widget that was Ready shows no change there, so only the False events are timed for diagnostics.)
      const shown =
        ready === 'False'
          ? server.diagnostics(manifestUri, (p) => p.diagnostics.some((d) => d.message.startsWith(`Widget ${name} is not ready yet`) && d.message.includes(reason)), { fresh: true }).then(() => performance.now())
          : undefined;
      const before = performance.now();
      await rest.mergePatch(`${base}/${name}/status`, readyCondition(ready, reason));
      const after = performance.now();
      const hit = await within(arrived, 10_000 * bigger, `the notification for ${name} (${reason})`, exited);
      run.latencyMs.push(hit.at - after);
      run.fromRequestMs.push(hit.at - before);
      run.patchMs.push(after - before);
      run.eventBytes.push(hit.bytes);
      run.eventUpserts.push(hit.upserts);
      for (let waited = 0; !seen.has(`${name}|${reason}`) && waited < 2000; waited += 10) await sleep(10);
      const watched = seen.get(`${name}|${reason}`);
      if (shown) {
        const shownAt = await within(shown, 10_000 * bigger, `the diagnostics for ${name} (${reason})`, exited).catch(() => undefined);
        if (shownAt !== undefined) run.diagnosticsMs.push(shownAt - after);
        else run.diagnosticsMissed++;
      }
      if (watched !== undefined) run.watchMs.push(watched - after);
      // Events one at a time: the next one must not fall into this one's coalescing window.
      await sleep(100);
    }
    run.rssKB = vmRssKB(server.process.pid);
    const missed = options.patches - run.watchMs.length;
    if (missed > 0) run.notes.push(`the bench's own watch missed ${missed} of ${options.patches} events`);
    if (run.diagnosticsMissed > 0) run.notes.push(`${run.diagnosticsMissed} Ready=False events never showed in the manifest's diagnostics`);
  } catch (error) {
    run.failure = message(error);
    if (client) {
      const tail = client.stderr.join('').trim().split('\n').slice(-3).join(' | ');
      if (tail) run.notes.push(`server stderr: ${tail.slice(0, 400)}`);
    }
  } finally {
    run.loadAfter = load();
    watch?.close();
    await client?.shutdown().catch(() => undefined);
    // The widgets go with the namespace (not waited for: the next run uses its own namespace).
    await rest.call('DELETE', `/api/v1/namespaces/${namespace}`).catch(() => undefined);
    if (options.keep) run.notes.push(`workspace kept at ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
  return run;
}

/** Resolves once no instances notification arrived for `quietMs` (at most `maxMs`). */
async function quiet(view: View, quietMs: number, maxMs: number): Promise<void> {
  const start = performance.now();
  let count = view.notifications;
  let since = start;
  while (performance.now() - start < maxMs) {
    await sleep(50);
    if (view.notifications !== count) {
      count = view.notifications;
      since = performance.now();
    } else if (performance.now() - since >= quietMs) return;
  }
}

export function renderStatusFanout(result: StatusFanoutResult, options: StatusFanoutOptions): string {
  const lines = [
    `status fan-out — kube-apiserver ${result.kubernetes} + etcd (test/support/kubeApiServer.ts), Widget CRD with a status subresource, ` +
      `one workspace file declaring the N widgets, open in the editor, our server over stdio; event: a merge PATCH of one widget's Ready condition ` +
      `(status subresource, True/False, a new reason each time), ${options.patches} events spread over the widgets, one at a time; ` +
      `latency = PATCH response → the platformAware/instances notification carrying that widget with the new reason · load average ${load()}`,
  ];
  if (result.failure) lines.push(`  FAILED: ${result.failure}`);
  const runs = result.runs;
  for (let i = 0; i < runs.length; i += 2) {
    const pair = runs.slice(i, i + 2);
    const [a, b] = pair;
    const cell = (r: StatusRun | undefined, f: (r: StatusRun) => string | undefined): string => {
      if (!r) return '';
      const value = f(r);
      return value ?? (r.failure ? 'n/a (failed)' : 'n/a');
    };
    const stat = (values: number[]): string | undefined => (values.length ? summary(values) : undefined);
    const kb = (bytes: number | undefined): string | undefined => (bytes === undefined ? undefined : bytes >= 10 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${Math.round(bytes)} B`);
    const rate = (ms: number | undefined, r: StatusRun): string | undefined => (ms === undefined ? undefined : `${fmtMs(ms)} (${perSecond((r.n / ms) * 1000)}/s)`);
    const big = (r: StatusRun | undefined): boolean => (r?.n ?? 0) >= 5000;
    const target = big(b) || (!b && big(a)) ? `≤ 1 s at 5,000${verdict(median((b ?? a)!.latencyMs), TARGET_MS)}` : '';
    const p95Target = big(b) || (!b && big(a)) ? `≤ 1 s${verdict(percentile((b ?? a)!.latencyMs, 95), TARGET_MS)}` : '';
    const rows: string[][] = [
      ['widgets created (POST)', cell(a, (r) => rate(r.createMs, r)), cell(b, (r) => rate(r.createMs, r)), '', `${options.concurrency} in flight`],
      ['Ready status set (PATCH /status)', cell(a, (r) => rate(r.initialStatusMs, r)), cell(b, (r) => rate(r.initialStatusMs, r)), '', ''],
      ['initialized → cluster connected', cell(a, (r) => (r.connectedMs === undefined ? undefined : fmtMs(r.connectedMs))), cell(b, (r) => (r.connectedMs === undefined ? undefined : fmtMs(r.connectedMs))), '', ''],
      ['initialized → all N statuses known', cell(a, (r) => (r.allKnownMs === undefined ? undefined : fmtMs(r.allKnownMs))), cell(b, (r) => (r.allKnownMs === undefined ? undefined : fmtMs(r.allKnownMs))), ratio(b?.allKnownMs, a?.allKnownMs), ''],
      [
        'initial notifications (params JSON)',
        cell(a, (r) => r.initialBytes !== undefined ? `${r.initialNotifications} · ${kb(r.initialBytes)} (largest ${kb(r.largestBytes)})` : undefined),
        cell(b, (r) => r.initialBytes !== undefined ? `${r.initialNotifications} · ${kb(r.initialBytes)} (largest ${kb(r.largestBytes)})` : undefined),
        '',
        '',
      ],
      ['event → notification, median (min–max)', cell(a, (r) => stat(r.latencyMs)), cell(b, (r) => stat(r.latencyMs)), ratio(b && median(b.latencyMs), a && median(a.latencyMs)), target],
      ['event → notification, p95', cell(a, (r) => (r.latencyMs.length ? fmtMs(percentile(r.latencyMs, 95)) : undefined)), cell(b, (r) => (r.latencyMs.length ? fmtMs(percentile(r.latencyMs, 95)) : undefined)), '', p95Target],
      ['event → manifest diagnostics', cell(a, (r) => stat(r.diagnosticsMs)), cell(b, (r) => stat(r.diagnosticsMs)), ratio(b && median(b.diagnosticsMs), a && median(a.diagnosticsMs)), 'Ready=False events only'],
      ['PATCH sent → notification, median', cell(a, (r) => stat(r.fromRequestMs)), cell(b, (r) => stat(r.fromRequestMs)), '', ''],
      ['PATCH round trip, median', cell(a, (r) => stat(r.patchMs)), cell(b, (r) => stat(r.patchMs)), '', ''],
      ["event → the bench's own watch event", cell(a, (r) => stat(r.watchMs)), cell(b, (r) => stat(r.watchMs)), '', 'the API server\'s share'],
      [
        'notification per event',
        cell(a, (r) => (r.eventBytes.length ? `${kb(median(r.eventBytes))}, ${Math.max(...r.eventUpserts)} upsert` : undefined)),
        cell(b, (r) => (r.eventBytes.length ? `${kb(median(r.eventBytes))}, ${Math.max(...r.eventUpserts)} upsert` : undefined)),
        '',
        '',
      ],
      [`RSS of the server after the events`, cell(a, (r) => (r.rssKB === undefined ? undefined : `${(r.rssKB / 1024).toFixed(0)} MB`)), cell(b, (r) => (r.rssKB === undefined ? undefined : `${(r.rssKB / 1024).toFixed(0)} MB`)), ratio(b?.rssKB, a?.rssKB), ''],
      ['load average after the run', cell(a, (r) => r.loadAfter), cell(b, (r) => r.loadAfter), '', ''],
    ];
    const head = ['', `N = ${a.n.toLocaleString('en-US')}`, b ? `N = ${b.n.toLocaleString('en-US')}` : '', b ? `${b.n}/${a.n}` : '', 'target (issue #7)'];
    // One run alone: no second column and no ratio.
    lines.push(b ? table(head, rows) : table([head[0], head[1], head[4]], rows.map((r) => [r[0], r[1], r[4]])));
    for (const r of pair) {
      if (r.failure) lines.push(`  N = ${r.n}: FAILED: ${r.failure}`);
      for (const note of r.notes) lines.push(`  N = ${r.n}: ${note}`);
    }
  }
  return lines.join('\n') + '\n';
}

function perSecond(rate: number): string {
  return rate >= 10 ? `${Math.round(rate)}` : rate.toFixed(1);
}

function verdict(value: number | undefined, target: number): string {
  if (value === undefined || !Number.isFinite(value)) return '';
  return value <= target ? ' ✓' : ' ✗';
}
