/**
 * Score, Dapr and Kratix over stdio: the workspace scan finds their definitions in files that are not
 * open (a score-k8s provisioners file in a hidden project folder, a Dapr Component, a Kratix Promise), and
 * opened manifests get exact, coded diagnostics against them.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LspClient } from '../support/lspClient';
import { fileUri } from '../support/paths';
import { catalogReady, startServer } from '../support/server';

const PROVISIONERS = `- uri: template://acme/postgres
  type: postgres
  expected_outputs: [host, port, username, password]
`;
const PROMISE = `apiVersion: platform.kratix.io/v1alpha1
kind: Promise
metadata: { name: redis }
spec:
  api:
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata: { name: redis.marketplace.kratix.io }
    spec:
      group: marketplace.kratix.io
      names: { kind: redis, plural: redis }
      scope: Namespaced
      versions:
        - name: v1alpha1
          served: true
          storage: true
          schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;
const COMPONENT = `apiVersion: dapr.io/v1alpha1
kind: Component
metadata: { name: orders-pubsub }
spec: { type: pubsub.redis, version: v1 }
`;
// A score.yaml without apiVersion is still a Score workload: its name says so.
const SCORE = `metadata: { name: orders }
containers:
  api:
    image: nginx
    variables:
      DB: "postgres://\${resources.db.username}@\${resources.db.hots}"
resources:
  db: { type: postgres }
`;

describe('Score, Dapr and Kratix over stdio', () => {
  let dir: string;
  let client: LspClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pa-ecosystems-'));
    mkdirSync(join(dir, '.score-k8s'));
    mkdirSync(join(dir, 'platform'));
    writeFileSync(join(dir, '.score-k8s', 'zz-acme.provisioners.yaml'), PROVISIONERS);
    writeFileSync(join(dir, 'platform', 'redis-promise.yaml'), PROMISE);
    writeFileSync(join(dir, 'platform', 'pubsub.yaml'), COMPONENT);
    client = await startServer(dir);
    await catalogReady(client);
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('recognises score.yaml by its name, and points at the exact unknown placeholder inside a quoted string', async () => {
    const uri = fileUri(join(dir, 'score.yaml'));
    await client.open(uri, SCORE, 1);
    const diagnostics = await client.diagnosticsForVersion(uri, 1);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range]), [
      ['missing-required', { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } }],
      ['unknown-placeholder', { start: { line: 5, character: 47 }, end: { line: 5, character: 67 } }],
    ]);
    assert.equal(SCORE.split('\n')[5]!.slice(47, 67), '\${resources.db.hots}');
    assert.match(diagnostics[0]!.message, /missing required field apiVersion/);
  });

  it('reports a Kratix request for a version its Promise does not serve', async () => {
    const uri = fileUri(join(dir, 'request.yaml'));
    await client.open(uri, 'apiVersion: marketplace.kratix.io/v1\nkind: redis\nmetadata: { name: cache }\n', 1);
    const diagnostics = await client.diagnosticsForVersion(uri, 1);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['unknown-version', 0]]);
  });

  it("reports a Subscription whose pub/sub Component is defined nowhere, and clears it when it is", async () => {
    const uri = fileUri(join(dir, 'subscription.yaml'));
    const text = 'apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata: { name: s }\nspec: { pubsubname: orders-pubsb, topic: orders }\n';
    await client.open(uri, text, 1);
    assert.deepEqual((await client.diagnosticsForVersion(uri, 1)).map((d) => d.code), ['component-not-found']);
    await client.change(uri, 2, [{ text: text.replace('orders-pubsb', 'orders-pubsub') }]);
    assert.deepEqual(await client.diagnosticsForVersion(uri, 2), []);
  });
});
