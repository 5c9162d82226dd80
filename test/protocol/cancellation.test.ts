/**
 * `$/cancelRequest` (issue #7): requests cancelled while the server is busy with the workspace scan of a
 * big folder are answered with LSP's RequestCancelled error (-32800) instead of a result, and the server
 * goes on answering the requests that follow.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-languageserver-protocol/node';
import type { LspClient } from '../support/lspClient';
import { fileUri } from '../support/paths';
import { catalogReady, startServer } from '../support/server';

const REQUEST_CANCELLED = -32800;

/** An XRD of its own group: every file of the folder is a definition the scan reads, parses and builds. */
function xrd(i: number): string {
  return `apiVersion: apiextensions.crossplane.io/v1
kind: CompositeResourceDefinition
metadata: { name: xthings${i}.group${i}.example.org }
spec:
  group: group${i}.example.org
  names: { kind: XThing${i}, plural: xthings${i} }
  claimNames: { kind: Thing${i}, plural: things${i} }
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
                    size: { type: string, enum: [small, large], description: "how big thing ${i} is" }
`;
}

const CLAIM = 'apiVersion: group1.example.org/v1\nkind: Thing1\nmetadata: { name: t }\nspec:\n  parameters: { size: small }\n';

describe('$/cancelRequest', () => {
  let folder: string;
  let client: LspClient;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'pa-cancel-'));
    // Enough definitions that the scan takes a good part of a second even on a fast machine.
    for (let i = 0; i < 3000; i++) writeFileSync(join(folder, `thing${i}.xrd.yaml`), xrd(i));
    writeFileSync(join(folder, 'claim.yaml'), CLAIM);
  });
  after(async () => {
    await client?.shutdown();
    rmSync(folder, { recursive: true, force: true });
  });

  it('answers requests cancelled during the workspace scan with RequestCancelled, then answers normally', async () => {
    client = await startServer(folder);
    const isReady = (s: unknown) => (s as { state?: string }).state === 'ready';
    const uri = fileUri(join(folder, 'claim.yaml'));
    await client.open(uri, CLAIM);
    await client.notification('platformAware/status', (s) => (s as { state?: string }).state === 'scanning');
    const textDocument = { uri };
    const position = { line: 1, character: 8 }; // on `Thing1`
    const range = { start: position, end: position };
    const requests: [string, unknown][] = [
      ['textDocument/completion', { textDocument, position }],
      ['textDocument/hover', { textDocument, position }],
      ['textDocument/definition', { textDocument, position }],
      ['textDocument/documentLink', { textDocument }],
      ['textDocument/documentSymbol', { textDocument }],
      ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }],
    ];
    const sources = requests.map(() => new CancellationTokenSource());
    const answers = requests.map(([method, params], i) =>
      client.connection.sendRequest(method, params, sources[i]!.token).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      ),
    );
    // Let the server read the requests and start waiting for the scan before they are cancelled.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(!client.notifications('platformAware/status').some(isReady), 'the scan finished before the requests were cancelled: the folder is too small to keep the server busy');
    const cancelledAt = performance.now();
    for (const source of sources) source.cancel();

    const settled = await Promise.all(answers);
    const answeredIn = performance.now() - cancelledAt;
    const scanDone = !!client.notifications('platformAware/status').some(isReady);
    for (const [i, answer] of settled.entries()) {
      assert.ok('error' in answer, `${requests[i]![0]} answered ${JSON.stringify(answer)}`);
      assert.ok(answer.error instanceof ResponseError, String(answer.error));
      assert.equal(answer.error.code, REQUEST_CANCELLED, `${requests[i]![0]}: ${answer.error.message}`);
    }
    console.log(`# ${requests.length} cancelled requests answered ${Math.round(answeredIn)} ms after $/cancelRequest (scan ${scanDone ? 'done' : 'still running'} by then)`);

    // The server is not left in a bad state: the next requests are answered once the scan is done.
    await catalogReady(client);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument, position })) as { contents: { value: string } } | null;
    assert.match(hover?.contents.value ?? '', /Thing1/);
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument })) as { name: string }[];
    assert.equal(symbols[0]?.name, 'Thing1 t');
  });
});
