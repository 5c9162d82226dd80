// The provider CRDs of the corpus, the largest 1.6 MB (PRODUCT §9: "a 2 MB provider CRD schema never blocks
// the editor"; issue #7: "no request blocked > 50 ms by a schema compile"). Two measurements:
// - in the bench process, with the server's own modules: ajv compiling the largest schema whole (what
//   validating against it whole would cost once per version), and the first and a repeated check of each
//   document through the per-shape pruned validators the server uses (core/schema/prune.ts). The documents
//   are the corpus examples of those CRDs' kinds plus variants of other shapes, so each compiles anew;
// - over LSP stdio, our server on a workspace holding those CRDs: with a small manifest open, a hover is sent
//   on it every 5 ms while the documents are opened one after another; the longest any hover waited is the
//   longest a schema compile (or anything else in those checks) kept a request waiting.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { contributionOfText } from '#server/core/catalog/fromText';
import type { Capability } from '#server/core/catalog/types';
import { Validators } from '#server/core/schema/validators';
import { LspClient } from '../support/lspClient';
import { fmtMs } from './driver';
import { median } from './report';

const UPJET = join('crds', 'provider-upjet-aws');

export interface SchemaCompileResult {
  crdFile: string;
  crdBytes: number;
  kind: string;
  /** ajv compiling the largest CRD's schema whole, every version, the first time (ms). */
  wholeCompileMs: number;
  /** Documents checked: the corpus examples of every provider CRD, and variants of them with other shapes. */
  documents: number;
  /** In process, per document: the first check (its shape's pruned validator compiled) and a repeat (cached). */
  firstMs: number[];
  repeatMs: number[];
  /** Over LSP: hovers sent while the documents were opened and checked, and how long they waited (ms). */
  hovers: number;
  hoverMaxMs: number;
  hoverMedianMs: number;
  /** didOpen → diagnostics of each document over LSP (ms). */
  openToDiagnosticsMs: number[];
}

export interface Sample {
  capability: Capability;
  text: string;
  value: Record<string, unknown>;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

/** The corpus' provider CRDs, largest first, or undefined when the corpus is not beside this checkout. */
export function providerCrds(corpus: string): string[] | undefined {
  const dir = join(corpus, UPJET, 'package', 'crds');
  if (!existsSync(dir)) return undefined;
  return files(dir).sort((a, b) => statSync(b).size - statSync(a).size);
}

/**
 * Every corpus example of the capabilities, and for each up to five variants that leave out one
 * `spec.forProvider` key: each has a shape of its own, so each check compiles a pruned validator anew.
 */
function samplesOf(corpus: string, capabilities: Capability[]): Sample[] {
  return files(join(corpus, UPJET, 'examples')).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8')).flatMap((document) => {
      const value = document.toJS() as Record<string, unknown> | null;
      const apiVersion = typeof value?.['apiVersion'] === 'string' ? value['apiVersion'] : '';
      const capability = capabilities.find((c) => c.kind === value?.['kind'] && apiVersion.startsWith(`${c.group}/`));
      if (!capability || !value) return [];
      const forProvider = (value['spec'] as { forProvider?: Record<string, unknown> } | undefined)?.forProvider ?? {};
      const variants = Object.keys(forProvider).slice(0, 5).map((key) => {
        const variant = structuredClone(value);
        delete (variant['spec'] as { forProvider: Record<string, unknown> }).forProvider[key];
        return variant;
      });
      return [value, ...variants].map((v) => ({ capability, value: v, text: stringify(v) }));
    }),
  );
}

/** The capabilities the CRD files offer, with the corpus examples of their kinds and variants (samplesOf). */
export function providerSamples(corpus: string, crds: string[]): Sample[] {
  return samplesOf(corpus, capabilitiesOf(crds));
}

function capabilitiesOf(crds: string[]): Capability[] {
  return crds.flatMap((crd) => contributionOfText(pathToFileURL(crd).href, readFileSync(crd, 'utf8'), 'workspace').capabilities);
}

export async function benchSchemaCompile(corpus: string, server: { command: string; args: string[] }): Promise<SchemaCompileResult | { skipped: string }> {
  const crds = providerCrds(corpus);
  if (!crds?.length) return { skipped: `no provider CRDs under ${join(corpus, UPJET)}` };
  const capabilities = capabilitiesOf(crds);
  const largest = capabilities[0];
  if (!largest) return { skipped: `${basename(crds[0]!)} offers no capability` };
  const samples = samplesOf(corpus, capabilities);
  if (!samples.length) return { skipped: 'no corpus example of a provider CRD' };

  const whole = new Validators({ pruneAboveNodes: Infinity });
  let started = performance.now();
  for (const version of largest.versions) whole.get(version);
  const wholeCompileMs = performance.now() - started;

  const pruned = new Validators();
  const firstMs: number[] = [];
  const repeatMs: number[] = [];
  for (const sample of samples) {
    const apiVersion = String(sample.value['apiVersion']);
    const version = sample.capability.versions.find((v) => apiVersion.endsWith(`/${v.name}`)) ?? sample.capability.versions[0]!;
    const validate = () => {
      const compiled = pruned.get(version);
      // ajv's useDefaults writes into what it validates: each run gets its own copy, as each check does.
      if (compiled.ok) compiled.validate(structuredClone(sample.value));
    };
    started = performance.now();
    validate();
    firstMs.push(performance.now() - started);
    started = performance.now();
    validate();
    repeatMs.push(performance.now() - started);
  }

  const lsp = await hoversDuringChecks(crds, samples, server);
  return { crdFile: basename(crds[0]!), crdBytes: statSync(crds[0]!).size, kind: `${largest.kind}.${largest.group}`, wholeCompileMs, documents: samples.length, firstMs, repeatMs, ...lsp };
}

async function hoversDuringChecks(crds: string[], examples: Sample[], server: { command: string; args: string[] }): Promise<Pick<SchemaCompileResult, 'hovers' | 'hoverMaxMs' | 'hoverMedianMs' | 'openToDiagnosticsMs'>> {
  const root = mkdtempSync(join(tmpdir(), 'pa-bench-schema-'));
  const client = new LspClient(server);
  try {
    mkdirSync(join(root, 'crds'));
    for (const crd of crds) copyFileSync(crd, join(root, 'crds', basename(crd)));
    client.settings = { platformAware: { catalog: { paths: ['crds'] } } };
    await client.initialize(pathToFileURL(root).href);
    await client.notification('platformAware/status', (s) => (s as { state?: string }).state === 'ready');
    const small = pathToFileURL(join(root, 'app.yaml')).href;
    await client.open(small, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n', 1);
    await client.diagnosticsForVersion(small, 1);

    const waits: number[] = [];
    let hovering = true;
    const hoverLoop = (async () => {
      while (hovering) {
        const sent = performance.now();
        await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: small }, position: { line: 1, character: 2 } });
        waits.push(performance.now() - sent);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const openToDiagnosticsMs: number[] = [];
    for (const [i, example] of examples.entries()) {
      const uri = pathToFileURL(join(root, `example-${i}.yaml`)).href;
      const sent = performance.now();
      await client.open(uri, example.text, 1);
      await client.diagnosticsForVersion(uri, 1);
      openToDiagnosticsMs.push(performance.now() - sent);
    }
    hovering = false;
    await hoverLoop;
    return { hovers: waits.length, hoverMaxMs: Math.max(0, ...waits), hoverMedianMs: waits.length ? median(waits) : 0, openToDiagnosticsMs };
  } finally {
    await client.shutdown().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
}

export function renderSchemaCompile(result: SchemaCompileResult | { skipped: string }): string {
  if ('skipped' in result) return `provider CRDs: skipped (${result.skipped})`;
  const spread = (values: number[]) => `median ${fmtMs(median(values))}, max ${fmtMs(Math.max(...values))}`;
  return [
    `provider CRDs of the corpus; the largest: ${result.crdFile} (${(result.crdBytes / 1024 / 1024).toFixed(1)} MB, ${result.kind})`,
    `  ajv compiling the largest schema whole (every version): ${fmtMs(result.wholeCompileMs)}; the server never does that for a schema above the prune threshold`,
    `  ${result.documents} documents (the corpus examples and variants with other shapes), in process: first check, pruned validator compiled, ${spread(result.firstMs)}; repeated ${spread(result.repeatMs)}`,
    `  over LSP, opening them one by one: didOpen → diagnostics ${spread(result.openToDiagnosticsMs)}`,
    `  hovers on another document every 5 ms meanwhile: ${result.hovers}, waited median ${fmtMs(result.hoverMedianMs)}, max ${fmtMs(result.hoverMaxMs)} (target: no request blocked > 50 ms ${result.hoverMaxMs <= 50 ? '✓' : '✗'})`,
  ].join('\n');
}
