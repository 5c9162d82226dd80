import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LspClient } from '../support/lspClient';
import { fileUri, REPO_ROOT } from '../support/paths';
import { catalogReady, startServer } from '../support/server';

const EXAMPLES = join(REPO_ROOT, 'examples');
const DATABASE = join(EXAMPLES, 'orders-app', 'database.yaml');

describe('diagnostics over stdio', () => {
  let client: LspClient;
  let initialized: unknown;
  before(async () => {
    client = await startServer(EXAMPLES);
    initialized = client.initializeResult;
    await catalogReady(client);
  });

  it('announces incremental sync and names itself', () => {
    const result = initialized as { capabilities: { textDocumentSync: { change: number; openClose: boolean } }; serverInfo: { name: string } };
    assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2 });
    assert.equal(result.serverInfo.name, 'platform-aware');
  });
  after(() => client.shutdown());

  it('publishes exact, coded diagnostics for an opened claim', async () => {
    const uri = fileUri(DATABASE);
    await client.open(uri, readFileSync(DATABASE, 'utf8'), 1);
    const diagnostics = await client.diagnosticsForVersion(uri, 1);
    const storage = diagnostics.find((d) => d.message.includes('storageGB'));
    assert.ok(storage, JSON.stringify(diagnostics));
    assert.equal(storage.code, 'schema');
    assert.equal(storage.source, 'platform-aware');
    assert.deepEqual(storage.range, { start: { line: 8, character: 15 }, end: { line: 8, character: 21 } });
    assert.match(storage.codeDescription!.href, /rules\.md#schema$/);
  });

  it('re-checks after an incremental edit and drops the fixed finding', async () => {
    const uri = fileUri(DATABASE);
    // storageGB: "20GB" → storageGB: 20 (replace the quoted value on line 9).
    await client.change(uri, 2, [{ range: { start: { line: 8, character: 15 }, end: { line: 8, character: 21 } }, text: '20' }]);
    const diagnostics = await client.diagnosticsForVersion(uri, 2);
    assert.ok(!diagnostics.some((d) => d.message.includes('storageGB')), JSON.stringify(diagnostics));
    assert.ok(diagnostics.some((d) => d.message.includes('version')), 'the other mistake is still reported');
  });
});
