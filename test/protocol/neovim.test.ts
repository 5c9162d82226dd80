/**
 * A real second LSP client: Debian's Neovim, headless, starts `platform-aware lsp --stdio` and prints
 * the diagnostics it receives for the example claim. Proves the server is not VS Code-only.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI, REPO_ROOT } from '../support/paths';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
// CI installs neovim (.ci/run); elsewhere a machine without it skips with the reason.
const skip = nvim.status === 0 ? false : process.env['CI'] === 'true' ? false : 'nvim is not installed (apt-get install neovim)';

describe('Neovim as the LSP client', { skip }, () => {
  it('receives the same coded diagnostics as VS Code and the CLI', () => {
    const result = spawnSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${join(REPO_ROOT, 'test', 'protocol', 'clients', 'neovim.lua')}`], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, PA_FILE: join(REPO_ROOT, 'examples', 'orders-app', 'database.yaml'), PA_CLI: CLI, PA_ROOT: join(REPO_ROOT, 'examples') },
    });
    assert.equal(result.error, undefined, `nvim could not run: ${result.error?.message}`);
    const lines = result.stdout.split('\n').filter((l) => l.startsWith('{'));
    const diagnostics = lines.map((l) => JSON.parse(l) as { code: string; source: string; line: number; character: number; message: string });
    assert.ok(diagnostics.length > 0, `no diagnostics: ${result.stdout}${result.stderr}`);
    const storage = diagnostics.find((d) => d.message.includes('storageGB'));
    assert.deepEqual(storage && [storage.code, storage.source, storage.line, storage.character], ['schema', 'platform-aware', 8, 15]);
  });
});
