// The 1,000-CRD platform (PRODUCT §9: "1,000 CRDs in the catalog load in ≤ 3 s"): writes a seeded set of
// CRD files into a workspace folder, starts our server on it over LSP stdio and measures initialize →
// the `platformAware/status` "ready" notification (scan, parse, catalog build), then RSS. A claim of the
// last CRD is opened to prove the catalog really holds it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lspClient';

export interface CatalogResult {
  crds: number;
  bytes: number;
  readyMs: number;
  rssMb: number;
  capabilities: number;
  lastKindValidated: boolean;
}

function crd(i: number): string {
  const fields = Array.from({ length: 40 }, (_, f) => `                    field${f}:\n                      type: ${['string', 'integer', 'boolean'][(i + f) % 3]}\n                      description: Setting ${f} of resource ${i}.`).join('\n');
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: resource${i}s.bench${i % 20}.example.org
spec:
  group: bench${i % 20}.example.org
  scope: Namespaced
  names: { kind: Resource${i}, plural: resource${i}s }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                forProvider:
                  type: object
                  required: [field0]
                  properties:
${fields}
`;
}

export async function benchCatalog(server: { command: string; args: string[] }, count = 1000): Promise<CatalogResult> {
  const root = mkdtempSync(join(tmpdir(), 'pa-bench-catalog-'));
  try {
    mkdirSync(join(root, 'crds'));
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      const text = crd(i);
      bytes += text.length;
      writeFileSync(join(root, 'crds', `resource${i}.yaml`), text);
    }
    const client = new LspClient(server);
    client.settings = {};
    const started = performance.now();
    await client.initialize(pathToFileURL(root).href);
    const status = (await client.notification('platformAware/status', (s) => (s as { state?: string }).state === 'ready')) as { catalog: { capabilities: number } };
    const readyMs = performance.now() - started;
    const uri = pathToFileURL(join(root, 'claim.yaml')).href;
    await client.open(uri, `apiVersion: bench${(count - 1) % 20}.example.org/v1\nkind: Resource${count - 1}\nspec: { forProvider: { field0: 1, nope: 2 } }\n`, 1);
    const diagnostics = await client.diagnosticsForVersion(uri, 1);
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${client.process.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    await client.shutdown();
    return { crds: count, bytes, readyMs, rssMb: rss, capabilities: status.catalog.capabilities, lastKindValidated: diagnostics.some((d) => d.code === 'unknown-field') };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
