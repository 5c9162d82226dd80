/**
 * The server over stdio in a real folder: the workspace scan, definitions and Secret producers in other
 * files (open or on disk), watched-file events, settings pulled per resource, stale versions, close.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LspClient } from '../support/lspClient';
import { fileUri } from '../support/paths';
import { catalogReady, startServer } from '../support/server';

const XRD = `apiVersion: apiextensions.crossplane.io/v1
kind: CompositeResourceDefinition
metadata: { name: xcaches.acme.io }
spec:
  group: acme.io
  names: { kind: XCache, plural: xcaches }
  claimNames: { kind: Cache, plural: caches }
  connectionSecretKeys: [url]
  versions:
    - name: v1
      served: true
      referenceable: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                parameters:
                  type: object
                  properties:
                    sizeGB: { type: integer }
`;
const CLAIM = 'apiVersion: acme.io/v1\nkind: Cache\nmetadata: { name: c, namespace: app }\nspec:\n  parameters: { sizeGB: big }\n  writeConnectionSecretToRef: { name: cache-conn }\n';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: app }\nspec:\n  containers:\n    - name: c\n      env: [{ name: U, valueFrom: { secretKeyRef: { name: cache-conn, key: url } } }]\n';

describe('the server in a workspace', () => {
  let dir: string;
  let client: LspClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pa-protocol-'));
    mkdirSync(join(dir, 'platform'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'platform', 'cache.yaml'), XRD);
    writeFileSync(join(dir, 'app', 'cache.yaml'), CLAIM);
    client = await startServer(dir);
    await catalogReady(client);
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports its catalog from the workspace scan', () => {
    const status = client.notifications('platformAware/status').at(-1) as { state: string; catalog: { capabilities: number; sources: string[]; sample: boolean }; scan: { files: number } };
    assert.equal(status.state, 'ready');
    assert.deepEqual([status.catalog.capabilities, status.catalog.sources, status.catalog.sample], [2, ['workspace'], false]);
    assert.equal(status.scan.files, 2);
  });

  it('validates against definitions found on disk, and sees Secret producers that are not open', async () => {
    const pod = fileUri(join(dir, 'app', 'pod.yaml'));
    await client.open(pod, POD, 1);
    assert.deepEqual(await client.diagnosticsForVersion(pod, 1), []);
    const claim = fileUri(join(dir, 'app', 'cache.yaml'));
    await client.open(claim, CLAIM, 1);
    const diagnostics = await client.diagnosticsForVersion(claim, 1);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['schema', 4]]);
  });

  it('points a wrong Secret key at the claim that writes the Secret (relatedInformation)', async () => {
    const uri = fileUri(join(dir, 'app', 'pod-bad-key.yaml'));
    await client.open(uri, POD.replace('key: url', 'key: uri'), 1);
    const [diagnostic] = await client.diagnosticsForVersion(uri, 1);
    assert.equal(diagnostic!.code, 'secret-key-unknown');
    assert.deepEqual(diagnostic!.relatedInformation, [{
      location: { uri: fileUri(join(dir, 'app', 'cache.yaml')), range: { start: { line: 5, character: 38 }, end: { line: 5, character: 38 } } },
      message: 'Cache c writes Secret cache-conn',
    }]);
    await client.close(uri);
  });

  it('re-checks other open files when an open file stops producing their Secret', async () => {
    const claim = fileUri(join(dir, 'app', 'cache.yaml'));
    const pod = fileUri(join(dir, 'app', 'pod.yaml'));
    await client.change(claim, 2, [{ text: CLAIM.replace('cache-conn', 'other-conn') }]);
    const podDiagnostics = await client.diagnostics(pod, (p) => p.diagnostics.length > 0);
    assert.deepEqual(podDiagnostics.diagnostics.map((d) => d.code), ['secret-not-provided']);
    await client.change(claim, 3, [{ text: CLAIM }]);
    await client.diagnostics(pod, (p) => p.diagnostics.length === 0);
  });

  it('picks up a definition created on disk through a watched-file event', async () => {
    const doc = fileUri(join(dir, 'app', 'queue.yaml'));
    await client.open(doc, 'apiVersion: acme.io/v1\nkind: Queue\n', 1);
    const before = await client.diagnosticsForVersion(doc, 1);
    assert.deepEqual(before.map((d) => d.code), ['unknown-capability']);
    writeFileSync(join(dir, 'platform', 'queue.yaml'), XRD.replace(/XCache/g, 'XQueue').replace(/Cache/g, 'Queue').replace(/xcaches/g, 'xqueues').replace(/caches/g, 'queues'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(join(dir, 'platform', 'queue.yaml')), type: 1 }] });
    await client.diagnostics(doc, (p) => p.diagnostics.length === 0);
  });

  it('publishes diagnostics for the latest version only, after a burst of edits', async () => {
    const uri = fileUri(join(dir, 'app', 'burst.yaml'));
    await client.open(uri, 'apiVersion: acme.io/v1\nkind: Cache\nspec:\n  parameters: { sizeGB: 1 }\n', 1);
    await client.diagnosticsForVersion(uri, 1);
    const seen: number[] = [];
    const all = client.diagnostics(uri, (p) => {
      seen.push(p.version ?? -1);
      return p.version === 11;
    }, { fresh: true });
    for (let v = 2; v <= 11; v++) {
      await client.change(uri, v, [{ range: { start: { line: 3, character: 24 }, end: { line: 3, character: 25 } }, text: v === 11 ? 'x' : String(v % 10) }]);
    }
    const last = await all;
    assert.deepEqual(last.diagnostics.map((d) => d.code), ['schema']);
    assert.ok(seen.every((v, i) => i === 0 || v >= seen[i - 1]!), `versions never go back: ${seen.join(',')}`);
    assert.ok(seen.length < 10, `a burst is coalesced (${seen.length} publications for 10 edits)`);
  });

  it('follows validate.enable and validate.unknownFields from workspace/configuration', async () => {
    const uri = fileUri(join(dir, 'app', 'settings.yaml'));
    const text = 'apiVersion: acme.io/v1\nkind: Cache\nspec:\n  parameters: { colour: red }\n';
    await client.open(uri, text, 1);
    assert.equal((await client.diagnosticsForVersion(uri, 1))[0]!.severity, 2);
    client.settings = { validate: { enable: true, unknownFields: 'error' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(uri, (p) => p.diagnostics[0]?.severity === 1);
    client.settings = { validate: { enable: false } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    client.settings = { validate: { enable: true, unknownFields: 'warning' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(uri, (p) => p.diagnostics.length === 1);
  });

  it('clears diagnostics on close and survives malformed input', async () => {
    const uri = fileUri(join(dir, 'app', 'broken.yaml'));
    await client.open(uri, 'apiVersion: acme.io/v1\nkind: Cache\nspec: { parameters: [\n', 1);
    const diagnostics = await client.diagnosticsForVersion(uri, 1);
    assert.deepEqual(diagnostics.map((d) => d.code), ['yaml-syntax']);
    await client.close(uri);
    await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    assert.equal(client.stderr.join('').includes('failed:'), false, client.stderr.join(''));
  });
});
