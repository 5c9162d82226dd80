/** Completion, hover, definition, document links and symbols over stdio, at several positions. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionList, DocumentLink, DocumentSymbol, Hover, LocationLink } from 'vscode-languageserver-protocol';
import type { LspClient } from '../support/lspClient';
import { catalogReady, startServer } from '../support/server';

const URI = 'file:///virtual/app.yaml';
const TEXT = [
  'apiVersion: platform.example.org/v1alpha1',
  'kind: PostgreSQLInstance',
  'metadata: { name: orders-db, namespace: shop }',
  'spec:',
  '  parameters:',
  '    storageGB: 20',
  '  writeConnectionSecretToRef: { name: orders-db-conn }',
  '---',
  'apiVersion: v1',
  'kind: Pod',
  'metadata: { name: web, namespace: shop }',
  'spec:',
  '  containers:',
  '    - name: web',
  '      envFrom:',
  '        - secretRef: { name: orders-db-conn }',
  '',
].join('\n');

describe('editing help over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = await startServer(null);
    await catalogReady(client);
    await client.open(URI, TEXT, 1);
    await client.diagnosticsForVersion(URI, 1);
  });
  after(() => client.shutdown());

  const request = <T>(method: string, line: number, character: number) => client.connection.sendRequest(method, { textDocument: { uri: URI }, position: { line, character } }) as Promise<T>;

  it('completes parameter keys as the user types a new line (incomplete YAML, latest version)', async () => {
    await client.change(URI, 2, [{ range: { start: { line: 5, character: 17 }, end: { line: 5, character: 17 } }, text: '\n    ' }]);
    const list = await request<CompletionList>('textDocument/completion', 6, 4);
    const labels = list.items.map((i) => i.label).sort();
    assert.deepEqual(labels, ['databaseName', 'highAvailability', 'size', 'version']);
    const size = list.items.find((i) => i.label === 'size')!;
    assert.equal(size.insertTextFormat, 2);
    assert.deepEqual(size.textEdit, { range: { start: { line: 6, character: 4 }, end: { line: 6, character: 4 } }, newText: 'size: ${1|small,medium,large|}' });
    await client.change(URI, 3, [{ range: { start: { line: 5, character: 17 }, end: { line: 6, character: 4 } }, text: '' }]);
  });

  it('completes a value in the second document of the file, at its own position', async () => {
    const list = await request<CompletionList>('textDocument/completion', 15, 29);
    assert.deepEqual(list.items.map((i) => i.label), ['orders-db-conn']);
    assert.deepEqual(list.items[0]!.textEdit, { range: { start: { line: 15, character: 29 }, end: { line: 15, character: 43 } }, newText: 'orders-db-conn' });
  });

  it('hovers a parameter', async () => {
    const result = await request<Hover>('textDocument/hover', 5, 6);
    assert.match((result.contents as { value: string }).value, /^\*\*storageGB\*\*: `integer` — required/);
    assert.deepEqual(result.range, { start: { line: 5, character: 4 }, end: { line: 5, character: 13 } });
  });

  it('goes to the definition of a kind and of a Secret reference', async () => {
    const kind = await request<LocationLink[]>('textDocument/definition', 1, 8);
    assert.match(kind[0]!.targetUri, /sample-platform\/postgresql\.yaml$/);
    assert.deepEqual(kind[0]!.originSelectionRange, { start: { line: 1, character: 6 }, end: { line: 1, character: 24 } });
    const secret = await request<LocationLink[]>('textDocument/definition', 15, 32);
    assert.deepEqual(secret.map((l) => [l.targetUri, l.targetSelectionRange.start]), [[URI, { line: 6, character: 38 }]]);
  });

  it('links kinds to their definitions and outlines each document', async () => {
    const links = (await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri: URI } })) as DocumentLink[];
    assert.equal(links.length, 1);
    assert.match(links[0]!.target!, /postgresql\.yaml#L12,5$/);
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: URI } })) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => [s.name, s.range.start.line, s.range.end.line]), [['PostgreSQLInstance orders-db', 0, 7], ['Pod web', 7, 16]]);
    assert.deepEqual(symbols[1]!.children!.map((c) => c.name), ['web']);
  });
});
