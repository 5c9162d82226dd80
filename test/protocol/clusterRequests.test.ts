/**
 * The Platform view's requests over stdio: `platformAware/contexts` (the kubeconfig's contexts, merged as
 * kubectl does, listed even in an untrusted workspace), `platformAware/catalog` (every capability with
 * where go-to-definition would go) and `platformAware/clusterObject` (no object without a cluster). No
 * test here reaches a cluster: the workspace is untrusted or has no kubeconfig.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LocationLink } from 'vscode-languageserver-protocol';
import type { CatalogResult, ContextsResult } from '#server/lsp/clusterRequests';
import { LspClient } from '../support/lspClient';
import { CLI, fileUri } from '../support/paths';
import { catalogReady } from '../support/server';

const XRD = `apiVersion: apiextensions.crossplane.io/v1
kind: CompositeResourceDefinition
metadata: { name: xcaches.acme.io }
spec:
  group: acme.io
  names: { kind: XCache, plural: xcaches }
  claimNames: { kind: Cache, plural: caches }
  versions:
    - name: v1
      served: true
      referenceable: true
      schema: { openAPIV3Schema: { type: object } }
`;

const kubeconfig = (current: string, contexts: string) => `apiVersion: v1
kind: Config
current-context: ${current}
clusters:
  - { name: c1, cluster: { server: "https://127.0.0.1:1" } }
users:
  - { name: u1, user: { token: t } }
contexts:
${contexts}`;

/** A server with its own HOME and KUBECONFIG, so the machine's kubeconfig is never read. */
async function start(dir: string, folder: string | null, env: Record<string, string>, trusted: boolean): Promise<LspClient> {
  const { KUBECONFIG: _ignored, ...rest } = process.env;
  const client = new LspClient({ command: process.execPath, args: [CLI, 'lsp', '--stdio'], env: { ...rest, HOME: dir, ...env } });
  client.settings = {};
  await client.initialize(folder ? fileUri(folder) : null, { trusted });
  return client;
}

describe('platformAware/contexts', () => {
  let dir: string;
  let client: LspClient;
  let first: string;
  let second: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pa-contexts-'));
    first = join(dir, 'first');
    second = join(dir, 'second');
    writeFileSync(first, kubeconfig('admin', '  - { name: admin, context: { cluster: c1, user: u1, namespace: shop } }\n'));
    writeFileSync(second, kubeconfig('dev', '  - { name: dev, context: { cluster: c1, user: u1 } }\n  - { name: admin, context: { cluster: other, user: u1 } }\n'));
    // Untrusted: the server never contacts the cluster, yet may read the files to list names.
    client = await start(dir, null, { KUBECONFIG: [first, join(dir, 'missing'), second].join(delimiter) }, false);
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const contexts = (params: object) => client.connection.sendRequest('platformAware/contexts', params) as Promise<ContextsResult>;

  it('lists KUBECONFIG’s files merged as kubectl does: the first definition and current-context win', async () => {
    assert.deepEqual(await contexts({}), {
      files: [first, second],
      contexts: [{ name: 'admin', cluster: 'c1', namespace: 'shop' }, { name: 'dev', cluster: 'c1' }],
      current: 'admin',
    });
    assert.ok(client.notifications('platformAware/status').every((s) => (s as { cluster: { state: string } }).cluster.state !== 'connecting'), 'never started a cluster source');
  });

  it('reads the client’s platformAware.kubeconfig alone', async () => {
    assert.deepEqual(await contexts({ kubeconfig: second }), { files: [second], contexts: [{ name: 'dev', cluster: 'c1' }, { name: 'admin', cluster: 'other' }], current: 'dev' });
  });

  it('answers an empty list for a missing file, and says why for an unreadable one', async () => {
    assert.deepEqual(await contexts({ kubeconfig: join(dir, 'nowhere') }), { files: [], contexts: [] });
    const broken = join(dir, 'broken');
    writeFileSync(broken, 'contexts: [unclosed\n');
    const result = await contexts({ kubeconfig: broken });
    assert.deepEqual([result.files, result.contexts], [[broken], []]);
    assert.match(result.message ?? '', /^kubeconfig .*broken: /);
  });
});

describe('platformAware/catalog and platformAware/clusterObject', () => {
  let dir: string;
  let client: LspClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pa-catalog-'));
    writeFileSync(join(dir, 'cache.xrd.yaml'), XRD);
    client = await start(dir, dir, {}, true);
    await catalogReady(client);
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every capability in a stable order, at the position go-to-definition reveals', async () => {
    const { capabilities } = (await client.connection.sendRequest('platformAware/catalog')) as CatalogResult;
    const xrd = fileUri(join(dir, 'cache.xrd.yaml'));
    assert.deepEqual(capabilities.map((c) => [c.id, c.kind, c.group, c.role, c.source, c.uri]), [
      ['Cache.acme.io', 'Cache', 'acme.io', 'claim', 'workspace', xrd],
      ['XCache.acme.io', 'XCache', 'acme.io', 'composite', 'workspace', xrd],
    ]);
    const claim = 'file:///virtual/claim.yaml';
    await client.open(claim, 'apiVersion: acme.io/v1\nkind: Cache\nmetadata: { name: c }\n', 1);
    const [link] = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri: claim }, position: { line: 1, character: 8 } })) as LocationLink[];
    assert.equal(link!.targetUri, xrd);
    assert.deepEqual({ line: capabilities[0]!.line, character: capabilities[0]!.character }, link!.targetSelectionRange.start);
  });

  it('has no cluster object to show without a cluster', async () => {
    const answer = (params: unknown) => client.connection.sendRequest('platformAware/clusterObject', params);
    assert.deepEqual(await answer({ uri: 'platform-aware-cluster://admin/apiextensions.k8s.io/v1/CustomResourceDefinition/_/caches.acme.io' }), {});
    assert.deepEqual(await answer({}), {}, 'a malformed request is answered, not failed');
  });
});

describe('platformAware/catalog with the sample platform', () => {
  let dir: string;
  let client: LspClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pa-catalog-sample-'));
    client = await start(dir, null, {}, true);
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers what the status counts, every entry from the sample', async () => {
    const status = (await catalogReady(client)) as { catalog: { capabilities: number } };
    const { capabilities } = (await client.connection.sendRequest('platformAware/catalog')) as CatalogResult;
    assert.equal(capabilities.length, status.catalog.capabilities);
    assert.ok(capabilities.every((c) => c.source === 'sample' && c.uri.startsWith('file:')));
    const kinds = capabilities.map((c) => c.kind);
    assert.deepEqual(kinds, [...kinds].sort(), 'ordered by kind within a source');
  });
});
