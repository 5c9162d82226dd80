// What the extension costs VS Code's start-up (issue #7: activation adds ≤ 100 ms; @kubernetes/client-node
// is loaded only when a cluster is used). The bundle checks are cheap assertions on dist/: what VS Code loads
// to activate (dist/client.js) holds neither vscode-languageclient, which dist/languageClient.js holds and
// client.js requires after activation, nor client-node. The figures come from a real VS Code (code-server +
// Chromium): the extension's own log lines (`activated in N ms`, `language client loaded in N ms …`), and
// the activation time VS Code itself shows in Developer: Show Running Extensions. Figures are printed, not
// asserted: a 2-core CI machine under load is no place for a timed assertion.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CHROMIUM, CodeServer, REPO_ROOT } from '../support/codeServer';
import { openFile } from '../support/e2eWorkbench';

const VSIX = join(REPO_ROOT, 'dist', 'platform-aware.vsix');
const CLIENT_BUNDLE = join(REPO_ROOT, 'dist', 'client.js');
const LANGUAGE_CLIENT_BUNDLE = join(REPO_ROOT, 'dist', 'languageClient.js');
const SERVER_BUNDLE = join(REPO_ROOT, 'dist', 'server.js');

const skip = !existsSync(CHROMIUM) && process.env['CI'] !== 'true' ? `${CHROMIUM} is missing (apt-get install chromium)` : false;

describe('extension bundles', () => {
  it('the client bundle does not contain or load @kubernetes/client-node', () => {
    const client = readFileSync(CLIENT_BUNDLE, 'utf8');
    assert.ok(!client.includes('@kubernetes/client-node'), 'dist/client.js names @kubernetes/client-node');
    assert.ok(!/require\(["']\.\/kube(\.js)?["']\)/.test(client), 'dist/client.js requires dist/kube.js');
    console.log(`# dist/client.js: ${Math.round(client.length / 1024)} KB`);
  });

  it('the client bundle leaves vscode-languageclient to dist/languageClient.js, required apart', () => {
    const client = readFileSync(CLIENT_BUNDLE, 'utf8');
    // esbuild marks every bundled module with a `// node_modules/<package>/…` comment.
    assert.ok(!client.includes('node_modules/vscode-languageclient'), 'dist/client.js bundles vscode-languageclient');
    assert.ok(!/require\(["']vscode-languageclient/.test(client), 'dist/client.js requires vscode-languageclient');
    assert.match(client, /require\(["']\.\/languageClient\.js["']\)/);
    const languageClient = readFileSync(LANGUAGE_CLIENT_BUNDLE, 'utf8');
    assert.ok(languageClient.includes('node_modules/vscode-languageclient'), 'dist/languageClient.js lacks vscode-languageclient');
    // No server code in either client bundle: the server's sources are bundled with `// server/src/…` marks.
    assert.ok(!/^\/\/ server\/src\//m.test(languageClient), 'dist/languageClient.js bundles server code');
    assert.ok(!languageClient.includes('@kubernetes/client-node') && !/require\(["']\.\/kube(\.js)?["']\)/.test(languageClient), 'dist/languageClient.js names or loads client-node');
    console.log(`# dist/languageClient.js: ${Math.round(languageClient.length / 1024)} KB`);
  });

  it('the server bundle loads it only through the dynamic import of dist/kube.js', () => {
    const server = readFileSync(SERVER_BUNDLE, 'utf8');
    // Bundled inline, client-node's own sources would appear (its KubeConfig class, its package name in paths).
    assert.ok(!server.includes('node_modules/@kubernetes/client-node'), 'dist/server.js bundles @kubernetes/client-node inline');
    assert.match(server, /import\(["']\.\/kube\.js["']\)/);
    assert.ok(!/require\(["']\.\/kube\.js["']\)/.test(server), 'dist/server.js requires dist/kube.js eagerly');
  });
});

describe('activation in a real VS Code (code-server)', { skip }, () => {
  let workspace: string;
  let vscode: CodeServer | undefined;

  before(async () => {
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run "npm run package" first (npm test does)`);
    workspace = mkdtempSync(join(tmpdir(), 'platform-aware-e2e-activation-'));
    cpSync(join(REPO_ROOT, 'examples'), workspace, { recursive: true });
    vscode = await CodeServer.start({ vsix: VSIX, folder: workspace });
  }, { timeout: 20 * 60_000 });

  after(async () => {
    await vscode?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  }, { timeout: 60_000 });

  it('logs its activation time, and VS Code shows its own', { timeout: 120_000 }, async () => {
    assert.ok(vscode, 'code-server did not start (see the before hook failure)');
    const vs = vscode;
    try {
      const log = /(platform-aware\.platform-aware\/|output_logging_[^/]+\/\d+-)Platform Aware\.log$/;
      const line = await vs.waitForLogLine(log, /activated in \d+ ms/);
      const [, activated] = /activated in (\d+) ms/.exec(line) ?? [];
      assert.ok(activated !== undefined, line);
      const started = await vs.waitForLogLine(log, /language client loaded in \d+ ms/);
      const [, loaded, server] = /language client loaded in (\d+) ms .*started (\d+) ms later/.exec(started) ?? [];
      assert.ok(loaded !== undefined && server !== undefined, started);
      console.log(`# activate(): ${activated} ms; then, after activation, the language client: ${loaded} ms to load on the extension host, the language server's start ${server} ms more`);
      // The status notification's handler, registered before the deferred start, got the first report.
      await vs.waitForLogLine(log, /catalog: \d+ capabilities/);

      // VS Code's own account (Running Extensions): loading dist/client.js plus the activate() call, not what
      // runs after it returned (the language client's load and start).
      await openFile(vs.page, 'orders-app/database.yaml');
      await vs.page.keyboard.press('F1');
      const input = vs.page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill('>Developer: Show Running Extensions');
      await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor();
      await vs.page.keyboard.press('Enter');
      const row = vs.page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Platform Aware' }).first();
      await row.waitFor();
      const activation = row.locator('.activation-time').first();
      const shown = (await activation.innerText()).trim();
      const detail = (await activation.getAttribute('title')) ?? '';
      console.log(`# VS Code Running Extensions: ${shown}${detail ? ` (${detail.replace(/\s+/g, ' ')})` : ''}`);
      assert.match(shown, /\d+\s*ms/);
    } catch (error) {
      const dir = await vs.saveArtifacts('activation-time');
      throw new Error(`${(error as Error).message}\nscreenshot and logs: ${dir}`, { cause: error });
    }
  });
});
