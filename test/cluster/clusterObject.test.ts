// A definition that exists only on the cluster, seen from the editor: go-to-definition on a claim's kind
// points at its `platform-aware-cluster://` URI, `platformAware/clusterObject` answers that object's YAML
// (also for the URI re-encoded as another URI library spells it), and `platformAware/catalog` lists it
// as a cluster capability at the same place. The real language server over stdio, a real API server.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import type { LocationLink } from 'vscode-languageserver-protocol';
import type { CatalogResult, ClusterObjectResult } from '#server/lsp/clusterRequests';
import { describeCluster } from '../support/kubeApiServer';
import { LspClient } from '../support/lspClient';
import { CLI, fileUri } from '../support/paths';
import { claim, installCrossplaneCrds, kubectlOk, xrd } from '../support/clusterSource';

const GROUP = 'objects.platform-aware.dev';

/** Bounded wait: the event, or a failure naming what did not happen. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describeCluster('cluster-only definitions in the editor (stdio)', (cluster) => {
  let client: LspClient | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'platform-aware-cluster-object-'));
  after(async () => {
    await client?.shutdown();
    rmSync(folder, { recursive: true, force: true });
  });

  it('go-to-definition opens the cluster object, which the server serves as YAML', async () => {
    const kube = cluster();
    await installCrossplaneCrds(kube);
    await kubectlOk(kube, ['apply', '-f', '-'], xrd(GROUP, 'Vault'));
    client = new LspClient({ command: process.execPath, args: [CLI, 'lsp', '--stdio'], env: { ...process.env, KUBECONFIG: kube.kubeconfigPath } });
    client.settings = {};
    await client.initialize(fileUri(folder), { trusted: true });
    const uri = fileUri(join(folder, 'vault.yaml'));
    await client.open(uri, claim(GROUP, 'Vault', 'huge'), 1);
    // A schema finding: the cluster's catalog holds the claim's XRD.
    await within(client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'schema')), 30_000, 'the claim checked against the cluster XRD');

    const [link] = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: 1, character: 7 } })) as LocationLink[];
    assert.ok(link, 'a definition');
    // The version is the one the API server serves the XRD at (Crossplane's CRDs serve v1 and v2).
    assert.match(link.targetUri, new RegExp(`^platform-aware-cluster://admin/apiextensions\\.crossplane\\.io/v\\d+/CompositeResourceDefinition/_/xvaults\\.${GROUP.replace(/\./g, '\\.')}$`));

    const object = (u: string) => client!.connection.sendRequest('platformAware/clusterObject', { uri: u }) as Promise<ClusterObjectResult>;
    const { text } = await object(link.targetUri);
    assert.ok(text, 'the object’s YAML');
    assert.match(text, new RegExp(`name: xvaults\\.${GROUP.replace(/\./g, '\\.')}`));
    assert.doesNotMatch(text, /managedFields/);
    const lines = text.split('\n');
    assert.match(lines[link.targetSelectionRange.start.line] ?? '', /Vault/, 'the position is in that text');
    assert.deepEqual(await object(link.targetUri.replace('://admin/', '://%61dmin/')), { text }, 'the same object whatever the percent-encoding');

    const { capabilities } = (await client.connection.sendRequest('platformAware/catalog')) as CatalogResult;
    const vault = capabilities.find((c) => c.kind === 'Vault');
    assert.deepEqual(vault && [vault.source, vault.uri, vault.line, vault.character], ['cluster', link.targetUri, link.targetSelectionRange.start.line, link.targetSelectionRange.start.character]);
  });
});
