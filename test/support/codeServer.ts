// Runs one isolated code-server (the real VS Code workbench and extension host, see shared/PRODUCT.md §8)
// with a built .vsix installed, and drives it with Debian's Chromium through playwright-core.
// Everything an instance writes (user data, extensions, XDG dirs, TMPDIR, browser profile) lives under
// one temporary root, so runs never share state and never touch the user's home. The UI steps a test
// performs live in e2eWorkbench.ts; this file owns processes, logs and artifacts.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { chromium, BrowserContext, Page } from 'playwright-core';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test', 'out', 'e2e-artifacts');
/** Bound for any single wait: nothing in a run may hang longer than this. */
export const WAIT_MS = 60_000;

/** Installs code-server into .cache/code-server/ unless already there; returns its entry script. */
export function ensureCodeServer(): string {
  const script = join(REPO_ROOT, 'scripts', 'e2e-install-code-server.sh');
  // A cold install (npm + native module builds) takes ~1.5 min on these machines; 15 min is a hard stop.
  const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 15 * 60_000 });
  return out.trim().split('\n').pop()!;
}

export interface StartOptions {
  /** The .vsix to install before starting. */
  vsix: string;
  /** A folder to open as the workspace (the test passes a throwaway copy). */
  folder: string;
  /** Added to the User settings (after the harness's own, so a test may override them). */
  settings?: Record<string, unknown>;
  /**
   * Written to `user-data/Machine/settings.json`: code-server's window is a remote one, which ignores
   * machine-scoped settings (`platformAware.kubeconfig`) in User settings and reads them only from there.
   */
  machineSettings?: Record<string, unknown>;
  /** The browser's viewport (default 1400×900). */
  viewport?: { width: number; height: number };
}

export class CodeServer {
  private constructor(
    readonly root: string,
    private readonly server: ChildProcess,
    private readonly serverLog: string[],
    readonly url: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async start(options: StartOptions): Promise<CodeServer> {
    const entry = ensureCodeServer();
    const root = mkdtempSync(join(tmpdir(), 'platform-aware-e2e-'));
    const dirs = Object.fromEntries(
      ['home', 'config', 'data', 'cache', 'state', 'tmp', 'user-data', 'extensions', 'browser'].map((d) => [d, join(root, d)]),
    );
    for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
    const env = isolatedEnv(dirs);
    const configFile = join(root, 'config.yaml');
    // Port 0: the kernel picks a free port and code-server logs the address it got.
    writeFileSync(configFile, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
    writeSettings(join(dirs['user-data'], 'User', 'settings.json'), options.settings);
    if (options.machineSettings) {
      mkdirSync(join(dirs['user-data'], 'Machine'), { recursive: true });
      writeFileSync(join(dirs['user-data'], 'Machine', 'settings.json'), JSON.stringify(options.machineSettings, null, 2));
    }
    const common = ['--config', configFile, '--user-data-dir', dirs['user-data'], '--extensions-dir', dirs['extensions']];

    execFileSync(process.execPath, [entry, ...common, '--install-extension', options.vsix, '--force'], {
      env, encoding: 'utf8', timeout: WAIT_MS, stdio: ['ignore', 'pipe', 'pipe'],
    });

    // Own process group (detached): ending code-server's pid alone would leave its extension host running.
    const server = spawn(process.execPath, [entry, ...common, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--ignore-last-opened'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const serverLog: string[] = [];
    killOnExit(server);
    try {
      const url = await listeningUrl(server, serverLog);
      const context = await chromium.launchPersistentContext(dirs['browser'], {
        executablePath: CHROMIUM,
        headless: true,
        chromiumSandbox: false,
        env,
        viewport: options.viewport ?? { width: 1400, height: 900 },
        timeout: WAIT_MS,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
          '--disable-sync', '--no-first-run', '--disable-quic'],
      });
      // The machines reach no network but the package registries: refuse anything but the server itself.
      await context.route((u) => /^(https?|wss?):$/.test(u.protocol) && !u.href.startsWith(url), (route) => route.abort());
      context.setDefaultTimeout(WAIT_MS);
      const page = context.pages()[0] ?? (await context.newPage());
      const instance = new CodeServer(root, server, serverLog, url, context, page);
      try {
        await page.goto(`${url}/?folder=${encodeURIComponent(options.folder)}`);
        await page.locator('.monaco-workbench').waitFor();
      } catch (error) {
        await instance.saveArtifacts('startup');
        await instance.stop();
        throw error;
      }
      return instance;
    } catch (error) {
      // Failed before a page existed (or stop() above already ran): keep code-server's output and logs.
      if (server.exitCode === null && server.signalCode === null) {
        const dir = join(ARTIFACTS_DIR, 'startup');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'code-server.log'), serverLog.join(''));
        if (existsSync(join(root, 'user-data', 'logs'))) cpSync(join(root, 'user-data', 'logs'), join(dir, 'logs'), { recursive: true });
        await endGroup(server);
        rmSync(root, { recursive: true, force: true });
      }
      throw error;
    }
  }

  /** The newest log session folder of this instance (VS Code starts one per server start). */
  get logsDir(): string {
    const base = join(this.root, 'user-data', 'logs');
    const sessions = existsSync(base) ? readdirSync(base).sort() : [];
    return join(base, sessions[sessions.length - 1] ?? '');
  }

  /** Every log file of this instance: code-server's stdout, remote agent, extension hosts, output channels. */
  logFiles(): string[] {
    return existsSync(this.logsDir) ? walk(this.logsDir) : [];
  }

  /** The first line matching `line` in a log file whose path matches `file`, if any yet. */
  findLogLine(file: RegExp, line: RegExp): string | undefined {
    for (const f of this.logFiles().filter((p) => file.test(p))) {
      const hit = readFileSync(f, 'utf8').split('\n').find((l) => line.test(l));
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /** Waits for findLogLine to find a line: the extension host writes its logs as it goes. */
  async waitForLogLine(file: RegExp, line: RegExp, timeoutMs = WAIT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (let hit = this.findLogLine(file, line); ; hit = this.findLogLine(file, line)) {
      if (hit !== undefined) return hit;
      if (Date.now() > deadline) {
        const logs = this.logFiles().map((f) => relative(this.root, f)).join(', ');
        throw new Error(`no line matching ${line} in a log matching ${file} within ${timeoutMs} ms; logs: ${logs}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Saves a screenshot and every log into test/out/e2e-artifacts/<label>/ for debugging a failure. */
  async saveArtifacts(label: string): Promise<string> {
    const dir = join(ARTIFACTS_DIR, label.replace(/[^\w.-]+/g, '-'));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await this.page.screenshot({ path: join(dir, 'screenshot.png'), timeout: 10_000 }).catch(() => undefined);
    writeFileSync(join(dir, 'code-server.log'), this.serverLog.join(''));
    if (existsSync(this.logsDir)) cpSync(this.logsDir, join(dir, 'logs'), { recursive: true });
    return dir;
  }

  /** Closes the browser, ends code-server's whole process group and deletes the temporary root. */
  async stop(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await endGroup(this.server);
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** An environment that points every per-user location into the instance's own folders. */
function isolatedEnv(dirs: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // VSCODE_* (e.g. VSCODE_IPC_HOOK_CLI in a VS Code terminal) would make code-server act as a CLI of
    // another instance; NODE_TEST_CONTEXT comes from `node --test` and must not reach the extension host.
    if (/^(VSCODE_|CODE_SERVER_|ELECTRON_)|^(PASSWORD|HASHED_PASSWORD|PORT|NODE_OPTIONS|NODE_TEST_CONTEXT|KUBECONFIG)$/.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    HOME: dirs['home'],
    XDG_CONFIG_HOME: dirs['config'],
    XDG_DATA_HOME: dirs['data'],
    XDG_CACHE_HOME: dirs['cache'],
    XDG_STATE_HOME: dirs['state'],
    TMPDIR: dirs['tmp'],
  };
}

function writeSettings(file: string, extra: Record<string, unknown> = {}): void {
  mkdirSync(resolve(file, '..'), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    // The extension's own log at full detail, so a failure's artifacts show what the client saw.
    'platformAware.trace.server': 'messages',
    ...extra,
  };
  writeFileSync(file, JSON.stringify(settings, null, 2));
}

/** Resolves with the address code-server reports once it listens; rejects if it exits or takes too long. */
function listeningUrl(server: ChildProcess, log: string[]): Promise<string> {
  return new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not listen within ${WAIT_MS} ms:\n${log.join('')}`)), WAIT_MS);
    const onData = (chunk: string) => {
      log.push(chunk);
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log.join(''));
      if (m) { clearTimeout(timer); resolveUrl(m[1]!); }
    };
    server.stdout!.setEncoding('utf8').on('data', onData);
    server.stderr!.setEncoding('utf8').on('data', onData);
    server.once('exit', (code) => { clearTimeout(timer); reject(new Error(`code-server exited (${code}) before listening:\n${log.join('')}`)); });
  });
}

/** If the test process dies without calling stop(), still end the server's group. */
function killOnExit(server: ChildProcess): void {
  const kill = () => { try { process.kill(-server.pid!, 'SIGKILL'); } catch { /* already gone */ } };
  process.once('exit', kill);
  server.once('exit', () => process.removeListener('exit', kill));
}

async function endGroup(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((r) => server.once('exit', () => r()));
  try { process.kill(-server.pid!, 'SIGTERM'); } catch { return; }
  const timer = setTimeout(() => { try { process.kill(-server.pid!, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
  await exited;
  clearTimeout(timer);
  // The extension host may outlive its parent by a moment; the group kill reaches it either way.
  try { process.kill(-server.pid!, 'SIGKILL'); } catch { /* gone */ }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
