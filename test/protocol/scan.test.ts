// The workspace scan (server/src/lsp/scan.ts) reads files ahead of the parse: what it finds must not depend on
// that. Files are taken in order, each once, and a file the editor has open is left to the editor (asked
// after its read, so one opened while the read was in flight counts as open).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { scanWorkspace } from '#server/lsp/scan';
import { Workspace } from '#server/core/workspace/workspace';

const claim = (i: number) => `apiVersion: platform.example.org/v1alpha1\nkind: Queue\nmetadata: { name: q${i} }\nspec:\n  writeConnectionSecretToRef: { name: q${i}-conn }\n`;

describe('workspace scan', () => {
  const root = mkdtempSync(join(tmpdir(), 'pa-scan-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'manifests'));
  // More files than are read ahead, so reads are in flight while earlier files are parsed.
  for (let i = 0; i < 30; i++) writeFileSync(join(root, 'manifests', `q${String(i).padStart(2, '0')}.yaml`), claim(i));
  writeFileSync(join(root, 'manifests', 'notes.yaml'), 'just: a note\n');
  // Over the megabyte read ahead: read when its turn comes.
  writeFileSync(join(root, 'manifests', 'q10-big.yaml'), `${claim(100)}${'# padding\n'.repeat(120_000)}`);

  it('reads every file once, in order, and skips open ones', async () => {
    const workspace = new Workspace();
    const open = pathToFileURL(join(root, 'manifests', 'q05.yaml')).href;
    const asked: string[] = [];
    const result = await scanWorkspace(workspace, [{ uri: pathToFileURL(root).href, catalogPaths: [] }], (uri) => (asked.push(uri), uri === open), 5 * 1024 * 1024);
    const yaml = asked.filter((uri) => uri.endsWith('.yaml'));
    assert.deepEqual(yaml, [...yaml].sort(), 'files are taken in order');
    assert.equal(new Set(yaml).size, yaml.length, 'each file once');
    assert.equal(result.contributing, 30, 'the 31 claims but the open one');
    assert.equal(workspace.has(open), false, 'an open file is left to the editor');
    for (const i of [0, 7, 29, 100]) assert.equal(workspace.secrets.providers(`q${i}-conn`).length, 1, `q${i} read`);
    assert.deepEqual(result.unreadable, []);
    assert.equal(result.files, 32);
  });
});
