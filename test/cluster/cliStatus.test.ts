// `platform-aware status` (issue #11) run as a child process against the real API server, with the demo
// reconciler playing Crossplane: a Ready claim (with its XR as a child) and a Missing one exit 1; all Ready
// exits 0; --offline prints Unknown (NoCluster) and exits 1; `--watch --format json` prints a JSON line
// when a claim goes from Missing to Progressing/Ready after kubectl apply, and SIGINT ends it with 0 once
// everything is Ready.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { installCrossplanePlatform } from '../support/crossplaneCrds';
import { DemoReconciler } from '../support/demoReconciler';
import { describeCluster } from '../support/kubeApiServer';
import { endpointFromKubeconfig, KubeRest } from '../support/kubeRest';
import { CLI } from '../support/paths';
import { kubectlOk } from '../support/clusterSource';
import { postgresClaim } from '../support/liveFixtures';

const NS = 'cli-status';

const claimYaml = (name: string): string => postgresClaim(name, NS);

interface Printed {
  file: string;
  line: number;
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
  state: string;
  reason: string | null;
  message: string | null;
  children: { apiVersion: string; kind: string; name: string; namespace?: string; state: string; reason?: string; message?: string }[];
}

interface Started {
  lines: string[];
  stderr: () => string;
  /** Resolves with the first stdout line satisfying the predicate (seen or to come). */
  line(predicate: (line: string) => boolean, timeoutMs: number, what: string): Promise<string>;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

function start(args: string[], cwd: string, env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stdout = '';
  let stderr = '';
  let waiters: (() => void)[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const parts = stdout.split('\n');
    stdout = parts.pop()!;
    lines.push(...parts);
    waiters.splice(0).forEach((w) => w());
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    lines,
    stderr: () => stderr,
    exited,
    kill: (signal) => child.kill(signal),
    line: (predicate, timeoutMs, what) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${what}: not within ${timeoutMs} ms; stdout so far:\n${lines.join('\n')}\nstderr:\n${stderr}`)), timeoutMs);
        const check = (): void => {
          const found = lines.find(predicate);
          if (found !== undefined) {
            clearTimeout(timer);
            resolve(found);
          } else waiters.push(check);
        };
        check();
      }),
  };
}

async function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const started = start(args, cwd, env);
  const status = await started.exited;
  return { status, stdout: started.lines.join('\n') + '\n', stderr: started.stderr() };
}

describeCluster('platform-aware status (CLI, demo reconciler)', (cluster) => {
  let reconciler: DemoReconciler;
  const folder = mkdtempSync(join(tmpdir(), 'platform-aware-cli-status-'));
  let env: NodeJS.ProcessEnv;

  before(async () => {
    const kube = cluster();
    env = { KUBECONFIG: kube.kubeconfigPath };
    const rest = new KubeRest(endpointFromKubeconfig(kube.kubeconfigPath));
    const platform = await installCrossplanePlatform(rest);
    reconciler = new DemoReconciler(rest, platform, { readyDelayMs: 600 });
    await reconciler.start();
    await kubectlOk(kube, ['create', 'namespace', NS]);
    writeFileSync(join(folder, 'ready.yaml'), claimYaml('ready-db'));
    // The claim on the second document: its line is the kind line of that document.
    writeFileSync(join(folder, 'missing.yaml'), `# not applied\n---\n${claimYaml('missing-db')}`);
    writeFileSync(join(folder, 'watch.yaml'), claimYaml('watch-db'));
    await kubectlOk(kube, ['apply', '-f', '-'], claimYaml('ready-db'));
    await kubectlOk(kube, ['wait', '--for=condition=Ready', '--timeout=30s', '-n', NS, 'postgresqlinstances.platform.example.org/ready-db']);
  });

  after(async () => {
    await reconciler?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('a Ready claim and a Missing one: JSON with both, their 1-based lines and the XR child, exit 1', async () => {
    const { status, stdout, stderr } = await run(['status', 'ready.yaml', 'missing.yaml', '--format', 'json'], folder, env);
    assert.equal(stderr, '');
    assert.equal(status, 1);
    const records = JSON.parse(stdout) as Printed[];
    assert.equal(records.length, 2);
    const [ready, missing] = records as [Printed, Printed];
    assert.deepEqual(Object.keys(ready), ['file', 'line', 'apiVersion', 'kind', 'namespace', 'name', 'state', 'reason', 'message', 'children']);
    assert.deepEqual([ready.file, ready.line, ready.kind, ready.namespace, ready.name, ready.state], ['ready.yaml', 2, 'PostgreSQLInstance', NS, 'ready-db', 'Ready']);
    assert.ok(ready.children[0]?.kind === 'XPostgreSQLInstance' && ready.children[0].state === 'Ready', JSON.stringify(ready.children));
    assert.ok(ready.children[0]!.apiVersion.length > 0 && ready.children[0]!.name.length > 0);
    assert.deepEqual([missing.file, missing.line, missing.name, missing.state, missing.reason, missing.children], ['missing.yaml', 4, 'missing-db', 'Missing', 'NotFound', []]);
    assert.match(missing.message ?? '', /does not exist/);
  });

  it('all Ready: text lines with children and a summary, exit 0', async () => {
    const { status, stdout } = await run(['status', 'ready.yaml'], folder, env);
    assert.equal(status, 0, stdout);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0]!, new RegExp(`^ready\\.yaml:2: PostgreSQLInstance ${NS}/ready-db  Ready( \\(\\w+\\))?(: .*)?$`));
    assert.match(lines[1]!, /^ {2}└ XPostgreSQLInstance \S+ {2}Ready/);
    assert.equal(lines.at(-1), '1/1 ready');
  });

  it('--offline: every instance Unknown (NoCluster), one warning line, exit 1', async () => {
    const { status, stdout, stderr } = await run(['status', 'ready.yaml', 'missing.yaml', '--offline', '--format', 'json'], folder, env);
    assert.equal(status, 1);
    const records = JSON.parse(stdout) as Printed[];
    assert.deepEqual(records.map((r) => [r.name, r.state, r.reason]), [['ready-db', 'Unknown', 'NoCluster'], ['missing-db', 'Unknown', 'NoCluster']]);
    assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
    assert.match(stderr, /^platform-aware: --offline/);
  });

  it('--watch --format json: a JSON line per change after kubectl apply; SIGINT ends it with 0 when all are Ready', async () => {
    const kube = cluster();
    const watching = start(['status', 'watch.yaml', '--watch', '--format', 'json'], folder, env);
    try {
      const first = JSON.parse(await watching.line(() => true, 20_000, 'first line')) as Printed;
      assert.deepEqual([first.file, first.line, first.name, first.state, first.reason], ['watch.yaml', 2, 'watch-db', 'Missing', 'NotFound']);
      const applied = Date.now();
      await kubectlOk(kube, ['apply', '-f', '-'], claimYaml('watch-db'));
      const moved = JSON.parse(await watching.line((l) => ['Progressing', 'Ready'].includes((JSON.parse(l) as Printed).state), 10_000, 'Progressing or Ready')) as Printed;
      console.log(`# Missing -> ${moved.state} (${moved.reason}) printed ${Date.now() - applied} ms after kubectl apply started`);
      await watching.line((l) => (JSON.parse(l) as Printed).state === 'Ready', 15_000, 'Ready');
      for (const line of watching.lines) assert.equal((JSON.parse(line) as Printed).name, 'watch-db', 'each line is one JSON object');
      watching.kill('SIGINT');
      assert.equal(await watching.exited, 0, watching.stderr());
    } finally {
      watching.kill('SIGKILL');
    }
  });

  it('--watch: SIGINT while an instance is not Ready exits 1', async () => {
    const watching = start(['status', 'missing.yaml', '--watch'], folder, env);
    try {
      const first = await watching.line(() => true, 20_000, 'first line');
      assert.match(first, new RegExp(`^\\d\\d:\\d\\d:\\d\\d missing\\.yaml:4 PostgreSQLInstance ${NS}/missing-db Missing \\(NotFound\\)$`));
      watching.kill('SIGINT');
      assert.equal(await watching.exited, 1);
    } finally {
      watching.kill('SIGKILL');
    }
  });
});
