/**
 * `platform-aware check` output formats and exit codes (PRODUCT §6), against golden files. Set
 * UPDATE_GOLDEN=1 to rewrite them after an intended change, and review the diff.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { CLI, REPO_ROOT } from '../support/paths';

const GOLDEN = join(REPO_ROOT, 'test', 'cli', 'golden');

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  // SARIF links each rule to docs/rules.md in the installed package: make that path machine-independent.
  const stdout = result.stdout.split(pathToFileURL(REPO_ROOT).href).join('file:///PACKAGE');
  return { status: result.status, stdout, stderr: result.stderr };
}

function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(path)) writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'));
}

describe('platform-aware check', () => {
  it('prints file:line:col: severity code message and a summary, and exits 1 on errors', () => {
    const { status, stdout } = run('check', 'examples');
    golden('examples.txt', stdout);
    assert.equal(status, 1);
    assert.match(stdout, /^examples\/orders-app\/database\.yaml:9:16: error schema spec\.parameters\.storageGB: must be integer/m);
  });

  it('prints JSON with 0-based LSP positions and paths as given', () => {
    const { status, stdout } = run('check', 'examples/orders-app/database.yaml', '--format', 'json');
    golden('database.json', stdout);
    assert.equal(status, 1);
    const parsed = JSON.parse(stdout) as { file: string; range: { start: { line: number; character: number } }; severity: string; code: string }[];
    assert.deepEqual(Object.keys(parsed[0]!), ['file', 'range', 'severity', 'code', 'message']);
    assert.deepEqual([parsed[0]!.file, parsed[0]!.range.start, parsed[0]!.code], ['examples/orders-app/database.yaml', { line: 8, character: 15 }, 'schema']);
  });

  it('prints SARIF 2.1.0 with one rule per code and 1-based regions', () => {
    const { stdout } = run('check', 'examples', '--format', 'sarif');
    golden('examples.sarif', stdout);
    const sarif = JSON.parse(stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0]!.tool.driver.rules.map((r) => r.id), ['component-not-found', 'schema', 'secret-key-unknown', 'secret-not-provided', 'trait-not-applicable', 'unknown-component-ref', 'unknown-field', 'unknown-placeholder', 'unknown-resource-type']);
    const storage = sarif.runs[0]!.results.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'examples/orders-app/database.yaml');
    assert.equal(storage!.locations[0]!.physicalLocation.region.startLine, 9);
  });

  it('exits 0 when nothing is an error', () => {
    const { status, stdout } = run('check', 'test/fixtures/clean');
    assert.equal(status, 0);
    assert.match(stdout, /^0 errors, 0 warnings in 1 file \(catalog: \d+ capabilities from the sample platform\)\n$/);
  });

  it('uses --catalog folders as the platform instead of the sample', () => {
    // Crossplane's own example platform offers PostgreSQLInstance in another group: the claim's group is
    // the likely mistake, said as a warning (exit 0), and the sample platform is not consulted at all.
    const { status, stdout } = run('check', 'examples/orders-app/database.yaml', '--catalog', join('test', 'fixtures', 'platform-common'));
    assert.equal(status, 0);
    assert.match(stdout, /warning unknown-capability PostgreSQLInstance \(platform\.example\.org\/v1alpha1\) is not offered by the platform .*did you mean PostgreSQLInstance \(common\.crossplane\.io\/v1alpha1\)/);
    assert.match(stdout, /catalog: 2 capabilities from workspace/);
  });

  it('reports a 10 MB file as too large to check instead of stalling, and still checks the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-cli-'));
    try {
      const doc = 'apiVersion: platform.example.org/v1alpha1\nkind: Queue\nmetadata: { name: q }\n---\n';
      writeFileSync(join(dir, 'huge.yaml'), doc.repeat(Math.ceil((10 * 1024 * 1024) / doc.length)));
      writeFileSync(join(dir, 'small.yaml'), 'apiVersion: platform.example.org/v1alpha1\nkind: Queu\n');
      const started = Date.now();
      const { status, stdout } = run('check', dir);
      assert.equal(status, 1);
      assert.match(stdout, /huge\.yaml:1:1: information file-too-large Not checked: the file has 10\.0 M characters, more than the 5\.0 M limit/);
      assert.match(stdout, /small\.yaml:2:7: error unknown-capability/);
      assert.ok(Date.now() - started < 10_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with a message on usage and I/O errors', () => {
    for (const args of [['check', '--format', 'xml'], ['check', '--nope'], ['check', 'no/such/dir'], ['frobnicate']]) {
      const { status, stderr, stdout } = run(...args);
      assert.equal(status, 2, args.join(' '));
      assert.match(stderr, /platform-aware: /);
      assert.equal(stdout, '');
    }
  });
});
