/**
 * Quick fixes over stdio: did-you-mean, missing required fields, and "Provision …" for a workload in a
 * multi-document file — best match first, a taken file name never overwritten, the finding gone once
 * the new manifest exists.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import type { LspClient } from '../support/lspClient';
import { fileUri } from '../support/paths';
import { catalogReady, startServer } from '../support/server';

const xrd = (kind: string, keys: string[]) => `apiVersion: apiextensions.crossplane.io/v1
kind: CompositeResourceDefinition
metadata: { name: x${kind.toLowerCase()}s.acme.io }
spec:
  group: acme.io
  names: { kind: X${kind}, plural: x${kind.toLowerCase()}s }
  claimNames: { kind: ${kind}, plural: ${kind.toLowerCase()}s }
  connectionSecretKeys: [${keys.join(', ')}]
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
                    tier: { type: string, enum: [dev, prod], default: dev }
                    sizeGB: { type: integer }
                  required: [sizeGB]
`;

const APP = `apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: orders, namespace: shop }
spec:
  template:
    spec:
      containers:
        - name: orders
          env:
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: orders-db-conn, key: password } }
`;

describe('quick fixes over stdio', () => {
  let dir: string;
  let client: LspClient;
  const app = () => fileUri(join(dir, 'app', 'orders.yaml'));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pa-fixes-'));
    mkdirSync(join(dir, 'platform'));
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'platform', 'cache.yaml'), xrd('Cache', ['host', 'password']));
    writeFileSync(join(dir, 'platform', 'database.yaml'), xrd('Database', ['host', 'password', 'port']));
    // The file the first provisioning option would write already exists: it must not be touched.
    writeFileSync(join(dir, 'app', 'orders-db.database.yaml'), '# taken\n');
    writeFileSync(join(dir, 'app', 'orders.yaml'), APP);
    client = await startServer(dir);
    await catalogReady(client);
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const actionsAt = (uri: string, diagnostic: Diagnostic) =>
    client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }) as Promise<CodeAction[]>;

  it('offers a did-you-mean edit and adds missing required fields', async () => {
    const uri = fileUri(join(dir, 'app', 'cache.yaml'));
    await client.open(uri, 'apiVersion: acme.io/v1\nkind: Cache\nspec:\n  parameters:\n    tier: prd\n', 1);
    const diagnostics = await client.diagnosticsForVersion(uri, 1);
    const enumDiagnostic = diagnostics.find((d) => d.code === 'schema')!;
    const [change] = await actionsAt(uri, enumDiagnostic);
    assert.equal(change!.title, 'Change to prod');
    assert.equal(change!.isPreferred, true);
    assert.deepEqual(change!.edit!.changes![uri], [{ range: { start: { line: 4, character: 10 }, end: { line: 4, character: 13 } }, newText: 'prod' }]);
    const required = diagnostics.find((d) => d.code === 'missing-required')!;
    const [add] = await actionsAt(uri, required);
    assert.equal(add!.title, 'Add missing required field sizeGB');
    assert.deepEqual(add!.edit!.changes![uri], [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, newText: '    sizeGB: 0\n' }]);
  });

  it('provisions the missing database for a workload in a multi-document file, best match first, never overwriting', async () => {
    await client.open(app(), APP, 1);
    const diagnostic = (await client.diagnosticsForVersion(app(), 1)).find((d) => d.code === 'secret-not-provided')!;
    assert.equal(diagnostic.range.start.line, 14);
    const actions = await actionsAt(app(), diagnostic);
    assert.deepEqual(actions.map((a) => a.title), [
      'Provision Database "orders-db" (writes Secret orders-db-conn)',
      'Provision Cache "orders-db" (writes Secret orders-db-conn)',
      'Provision XDatabase "orders-db" (writes Secret orders-db-conn)',
      'Provision XCache "orders-db" (writes Secret orders-db-conn)',
    ]);
    const changes = actions[0]!.edit!.documentChanges! as ({ kind: string; uri: string; options: unknown } | { textDocument: { uri: string }; edits: TextEdit[] })[];
    const created = join(dir, 'app', 'orders-db.database-2.yaml');
    assert.deepEqual(changes[0], { kind: 'create', uri: fileUri(created), options: { overwrite: false, ignoreIfExists: false } });
    const text = (changes[1] as { edits: TextEdit[] }).edits[0]!.newText;
    assert.match(text, /^apiVersion: acme\.io\/v1\nkind: Database\nmetadata:\n  name: orders-db\n  namespace: shop\n/);
    assert.match(text, /writeConnectionSecretToRef:\n    name: orders-db-conn\n$/);
    // The editor applies the edit: the file appears on disk and the watcher says so.
    writeFileSync(created, text);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(created), type: 1 }] });
    await client.diagnostics(app(), (p) => !p.diagnostics.some((d) => d.code === 'secret-not-provided'));
  });

  it('appends a new document instead when provision.target is "document"', async () => {
    client.settings = { provision: { target: 'document' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = fileUri(join(dir, 'app', 'worker.yaml'));
    const worker = APP.replace('orders-db-conn', 'jobs-cache-conn').replace('name: orders,', 'name: worker,');
    await client.open(uri, worker, 1);
    const diagnostic = (await client.diagnosticsForVersion(uri, 1)).find((d) => d.code === 'secret-not-provided')!;
    const [first] = await actionsAt(uri, diagnostic);
    assert.equal(first!.title, 'Provision Cache "jobs-cache" (writes Secret jobs-cache-conn)');
    const [edit] = first!.edit!.changes![uri]!;
    assert.deepEqual(edit!.range, { start: { line: 15, character: 0 }, end: { line: 15, character: 0 } });
    assert.match(edit!.newText, /^---\napiVersion: acme\.io\/v1\nkind: Cache\n/);
  });

  it('provisions the database a KubeVela component reads through its properties', async () => {
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = fileUri(join(dir, 'app', 'shop.yaml'));
    const app = `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata: { name: shop, namespace: shop }
spec:
  components:
    - name: storefront
      type: webservice
      properties:
        image: storefront:1
        env:
          - name: DB_HOST
            valueFrom: { secretKeyRef: { name: shop-db-conn, key: port } }
`;
    await client.open(uri, app, 1);
    const diagnostic = (await client.diagnosticsForVersion(uri, 1)).find((d) => d.code === 'secret-not-provided')!;
    assert.equal(diagnostic.range.start.line, 11);
    const [first] = await actionsAt(uri, diagnostic);
    // Only Database writes a `port`: it comes first, named after the Secret, in the Application's namespace.
    assert.equal(first!.title, 'Provision Database "shop-db" (writes Secret shop-db-conn)');
    const changes = first!.edit!.documentChanges! as ({ kind: string; uri: string } | { edits: TextEdit[] })[];
    assert.deepEqual(changes[0], { kind: 'create', uri: fileUri(join(dir, 'app', 'shop-db.database.yaml')), options: { overwrite: false, ignoreIfExists: false } });
    assert.match((changes[1] as { edits: TextEdit[] }).edits[0]!.newText, /kind: Database\nmetadata:\n  name: shop-db\n  namespace: shop\n/);
  });
});
