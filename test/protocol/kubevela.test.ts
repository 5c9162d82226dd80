/**
 * A KubeVela platform repository over stdio: the workspace scan finds a ComponentDefinition, the
 * controller's schema ConfigMap for it and a `vela def` CUE trait in files that are not open, and an opened
 * Application gets exact, coded diagnostics against them.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LspClient } from '../support/lspClient';
import { fileUri } from '../support/paths';
import { catalogReady, startServer } from '../support/server';

const DEFINITION = `apiVersion: core.oam.dev/v1beta1
kind: ComponentDefinition
metadata: {name: api}
spec:
  workload: {type: deployments.apps}
  schematic:
    cue:
      template: |
        parameter: {image: string}
`;
// What vela-core writes for it; its schema (image, replicas) wins over the CUE one (image only).
const SCHEMA = `apiVersion: v1
kind: ConfigMap
metadata:
  name: component-schema-api
  namespace: vela-system
  labels: {definition.oam.dev: schema, definition.oam.dev/name: api}
data:
  openapi-v3-json-schema: '{"type":"object","required":["image"],"properties":{"image":{"type":"string"},"replicas":{"type":"integer"}}}'
`;
const TRAIT = `"sidecar": {
	type: "trait"
	attributes: appliesToWorkloads: ["deployments.apps"]
}
template: {
	parameter: {
		// +usage=The sidecar's image
		image: string
	}
}
`;
const APP = `apiVersion: core.oam.dev/v1beta1
kind: Application
metadata: {name: shop}
spec:
  components:
    - name: api
      type: api
      properties: {image: shop/api, replicas: two}
      traits:
        - type: sidecar
          properties: {img: envoy}
    - name: web
      type: apii
`;

describe('KubeVela over stdio', () => {
  let dir: string;
  let client: LspClient;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pa-vela-'));
    mkdirSync(join(dir, 'platform'));
    writeFileSync(join(dir, 'platform', 'api.yaml'), DEFINITION);
    writeFileSync(join(dir, 'platform', 'api-schema.yaml'), SCHEMA);
    writeFileSync(join(dir, 'platform', 'sidecar.cue'), TRAIT);
    client = await startServer(dir);
    await catalogReady(client);
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks an Application against definitions, schema ConfigMaps and CUE files found by the scan', async () => {
    const uri = fileUri(join(dir, 'app.yaml'));
    await client.open(uri, APP, 1);
    const diagnostics = await client.diagnosticsForVersion(uri, 1);
    const summary = diagnostics.map((d) => ({ code: d.code, range: d.range, message: d.message.split(';')[0] }));
    assert.deepEqual(summary, [
      { code: 'schema', range: { start: { line: 7, character: 46 }, end: { line: 7, character: 49 } }, message: 'spec.components[0].properties.replicas: must be integer, got "two"' },
      { code: 'missing-required', range: { start: { line: 10, character: 10 }, end: { line: 10, character: 20 } }, message: "trait sidecar requires parameter image (string): The sidecar's image" },
      { code: 'unknown-field', range: { start: { line: 10, character: 23 }, end: { line: 10, character: 26 } }, message: 'trait sidecar has no parameter "img"' },
      { code: 'unknown-capability', range: { start: { line: 12, character: 12 }, end: { line: 12, character: 16 } }, message: 'component type "apii" is not offered by the platform (catalog: 1 component type, plus KubeVela\'s built-ins)' },
    ]);
  });
});
