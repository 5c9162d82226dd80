// A big platform side by side (issue #7: "the large provider CRDs from ../shared/corpus/crds/"): a file of N
// managed resources of the corpus' upjet provider CRDs (0.2–1.6 MB schemas), the corpus examples and
// variants of them repeated under new names, ~2 % carrying an unknown `spec.forProvider` field. Our server
// reads the CRDs from the workspace; yaml-language-server gets each CRD version's schema as JSON Schema (the
// same conversion as the claims', platform.ts) behind a kind dispatcher. For each server, over LSP stdio:
// open → first diagnostics, one-character edits (a letter typed at the end of a `forProvider` key, making it
// unknown, then deleted again) → the diagnostics of that version, completion at such a key, and RSS.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { BenchClient, fmtMs, message } from './driver';
import { Rng } from './generate';
import { isObject, JsonObject, openApiToJsonSchema } from './platform';
import { summary } from './report';
import { ourServer, ServerId, ServerSpec, ylsServer } from './servers';
import { providerCrds, providerSamples } from './schemaCompile';

export interface ProviderRun {
  failure?: string;
  openMs?: number;
  openDiagnostics?: number;
  /** Of those, errors (the rest: warnings such as a deprecated API version, which a JSON Schema cannot say). */
  openErrors?: number;
  editMs: number[];
  completionMs: number[];
  rssOpenMb?: number;
  rssEditsMb?: number;
}

export interface ProviderResult {
  documents: number;
  bytes: number;
  deliberate: number;
  schemaBytes: number;
  floorMs: number;
  runs: Partial<Record<ServerId, ProviderRun>>;
}

export interface ProviderOptions {
  documents: number;
  edits: number;
  seed: number;
  servers: ServerId[];
  oursEntry?: string;
  oursNodeArgs: string[];
  timeoutMs: number;
}

interface Manifest {
  text: string;
  deliberate: number;
  /** Lines holding a `forProvider` key: where the edits type. */
  keyLines: { line: number; end: number }[];
}

function manifest(samples: ReturnType<typeof providerSamples>, n: number, rng: Rng): Manifest {
  const parts: string[] = [];
  let deliberate = 0;
  for (let i = 0; i < n; i++) {
    const value = structuredClone(samples[i % samples.length]!.value);
    const metadata = isObject(value['metadata']) ? value['metadata'] : {};
    value['metadata'] = { ...metadata, name: `${String(metadata['name'] ?? 'mr')}-${i}` };
    const forProvider = (value['spec'] as { forProvider?: Record<string, unknown> } | undefined)?.forProvider;
    if (forProvider && rng.chance(0.02)) {
      forProvider['bogusSetting'] = 'x';
      deliberate++;
    }
    parts.push(`---\n${stringify(value)}`);
  }
  const text = parts.join('');
  const keyLines: Manifest['keyLines'] = [];
  const lines = text.split('\n');
  let inForProvider = -1;
  for (const [line, content] of lines.entries()) {
    const indent = content.length - content.trimStart().length;
    if (/^\s*forProvider:\s*$/.test(content)) inForProvider = indent;
    else if (inForProvider >= 0 && content.trim() !== '' && indent <= inForProvider) inForProvider = -1;
    const key = /^(\s+)([A-Za-z][A-Za-z0-9]*):/.exec(content);
    if (inForProvider >= 0 && key && key[1]!.length === inForProvider + 2) keyLines.push({ line, end: key[1]!.length + key[2]!.length });
  }
  return { text, deliberate, keyLines };
}

/** draft-07 schemas for yls: one per CRD version, and a dispatcher on apiVersion + kind. */
export function writeYlsSchemas(crds: string[], dir: string): { uri: string; bytes: number } {
  mkdirSync(dir, { recursive: true });
  const branches: JsonObject[] = [];
  let bytes = 0;
  for (const crd of crds) {
    for (const document of parseAllDocuments(readFileSync(crd, 'utf8'))) {
      const value: unknown = document.toJS();
      const spec = isObject(value) && isObject(value['spec']) ? value['spec'] : undefined;
      const names = spec && isObject(spec['names']) ? spec['names'] : undefined;
      if (!spec || !names || typeof spec['group'] !== 'string' || typeof names['kind'] !== 'string' || !Array.isArray(spec['versions'])) continue;
      for (const version of spec['versions'].filter(isObject)) {
        const openApi = isObject(version['schema']) && isObject(version['schema']['openAPIV3Schema']) ? version['schema']['openAPIV3Schema'] : undefined;
        if (!openApi || typeof version['name'] !== 'string') continue;
        const apiVersion = `${spec['group']}/${version['name']}`;
        const converted = openApiToJsonSchema(openApi);
        const properties = isObject(converted['properties']) ? converted['properties'] : {};
        const schema: JsonObject = {
          $schema: 'http://json-schema.org/draft-07/schema#',
          ...converted,
          required: ['apiVersion', 'kind', 'metadata'],
          properties: { ...properties, apiVersion: { const: apiVersion }, kind: { const: names['kind'] }, metadata: { type: 'object' } },
        };
        const file = `${names['kind'].toLowerCase()}.${spec['group']}.${version['name']}.schema.json`;
        const json = JSON.stringify(schema);
        bytes += json.length;
        writeFileSync(join(dir, file), json);
        branches.push({ if: { required: ['apiVersion', 'kind'], properties: { apiVersion: { const: apiVersion }, kind: { const: names['kind'] } } }, then: { $ref: `./${file}` } });
      }
    }
  }
  const dispatcher = join(dir, 'dispatcher.schema.json');
  writeFileSync(dispatcher, JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', allOf: branches }));
  return { uri: pathToFileURL(dispatcher).href, bytes };
}

export async function benchProviderManifest(repo: string, corpus: string, options: ProviderOptions, log: (line: string) => void): Promise<ProviderResult | { skipped: string }> {
  const crds = providerCrds(corpus);
  if (!crds?.length) return { skipped: 'no provider CRDs in the corpus' };
  const samples = providerSamples(corpus, crds);
  if (!samples.length) return { skipped: 'no corpus example of a provider CRD' };
  const root = mkdtempSync(join(tmpdir(), 'pa-bench-providers-'));
  try {
    const generated = manifest(samples, options.documents, new Rng(options.seed));
    const schemas = writeYlsSchemas(crds, join(root, 'schemas'));
    const floorStarted = performance.now();
    parseAllDocuments(generated.text);
    const result: ProviderResult = { documents: options.documents, bytes: generated.text.length, deliberate: generated.deliberate, schemaBytes: schemas.bytes, floorMs: performance.now() - floorStarted, runs: {} };
    for (const id of options.servers) {
      const spec = id === 'ours' ? ourServer(repo, options.oursEntry, options.oursNodeArgs) : ylsServer(repo, schemas.uri, log);
      if ('unavailable' in spec) {
        result.runs[id] = { failure: spec.unavailable, editMs: [], completionMs: [] };
        continue;
      }
      const dir = join(root, id);
      mkdirSync(join(dir, 'platform'), { recursive: true });
      for (const crd of crds) copyFileSync(crd, join(dir, 'platform', basename(crd)));
      log(`provider manifest, ${options.documents} documents: ${spec.label}`);
      result.runs[id] = await run(spec, dir, generated, options);
    }
    return result;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function run(spec: ServerSpec, dir: string, generated: Manifest, options: ProviderOptions): Promise<ProviderRun> {
  const result: ProviderRun = { editMs: [], completionMs: [] };
  const client = new BenchClient(spec, dir);
  const uri = pathToFileURL(join(dir, 'resources.yaml')).href;
  const timeout = options.timeoutMs * Math.max(1, generated.text.length / 250_000);
  const rng = new Rng(options.seed ^ 0x7a11);
  try {
    await client.within(client.initialize(pathToFileURL(dir).href, spec.initializationOptions), options.timeoutMs, 'initialize result');
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: spec.settings });
    if (spec.id === 'ours') await client.within(client.notification('platformAware/status', (s) => isObject(s) && s['state'] === 'ready'), options.timeoutMs, 'catalog ready');
    let started = performance.now();
    await client.open(uri, generated.text, 1);
    const first = await client.within(client.diagnostics(uri, () => true, { fresh: true }), timeout, 'diagnostics after open');
    result.openMs = performance.now() - started;
    result.openDiagnostics = first.diagnostics.length;
    result.openErrors = first.diagnostics.filter((d) => d.severity === 1).length;
    result.rssOpenMb = (client.rssKB()?.self ?? 0) / 1024;
    await client.quiet(client.record(uri), 500, 30_000);
    const versioned = typeof first.version === 'number';
    let version = 1;
    let typed: { line: number; end: number } | undefined;
    for (let i = 0; i < options.edits; i++) {
      // Type a letter at the end of a key (now unknown), then delete it: each edit is one character.
      const change = typed
        ? { range: { start: { line: typed.line, character: typed.end }, end: { line: typed.line, character: typed.end + 1 } }, text: '' }
        : (() => {
            const at = generated.keyLines[rng.int(0, generated.keyLines.length - 1)]!;
            return { range: { start: { line: at.line, character: at.end }, end: { line: at.line, character: at.end } }, text: 'x', at };
          })();
      typed = typed ? undefined : (change as { at?: { line: number; end: number } }).at;
      const sent = ++version;
      started = performance.now();
      await client.change(uri, sent, [{ range: change.range, text: change.text }]);
      const wanted = versioned ? client.diagnostics(uri, (p) => typeof p.version === 'number' && p.version >= sent) : client.diagnostics(uri, () => true, { fresh: true });
      await client.within(wanted, timeout, `diagnostics for edit ${i + 1}`);
      result.editMs.push(performance.now() - started);
    }
    result.rssEditsMb = (client.rssKB()?.self ?? 0) / 1024;
    for (let i = 0; i < 10; i++) {
      const at = generated.keyLines[rng.int(0, generated.keyLines.length - 1)]!;
      started = performance.now();
      await client.within(client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: at.line, character: at.end - 1 }, context: { triggerKind: 1 } }), timeout, 'completion');
      result.completionMs.push(performance.now() - started);
    }
  } catch (error) {
    result.failure = message(error);
  } finally {
    await client.shutdown().catch(() => undefined);
    if (client.process.exitCode === null && client.process.signalCode === null) client.process.kill('SIGKILL');
  }
  return result;
}

export function renderProviderManifest(result: ProviderResult | { skipped: string }): string {
  if ('skipped' in result) return `provider manifest: skipped (${result.skipped})`;
  const cell = (r: ProviderRun | undefined, value: (r: ProviderRun) => string | undefined) => (!r ? 'not run' : r.failure && value(r) === undefined ? `n/a (${r.failure.slice(0, 60)})` : value(r) ?? 'n/a');
  const spread = (values: number[]) => (values.length ? summary(values) : undefined);
  const ours = result.runs.ours;
  const yls = result.runs.yls;
  const rows: [string, (r: ProviderRun) => string | undefined][] = [
    ['open → first diagnostics', (r) => (r.openMs !== undefined ? `${fmtMs(r.openMs)} (${(r.openMs / result.floorMs).toFixed(1)}× floor)` : undefined)],
    ['edit → diagnostics, median (min–max)', (r) => spread(r.editMs)],
    ['completion at a forProvider key', (r) => spread(r.completionMs)],
    ['RSS after open / after the edits', (r) => (r.rssOpenMb !== undefined ? `${r.rssOpenMb.toFixed(0)} MB / ${r.rssEditsMb?.toFixed(0) ?? '?'} MB` : undefined)],
    ['diagnostics after open', (r) => (r.openDiagnostics !== undefined ? `${r.openDiagnostics}: ${r.openErrors ?? 0} errors, ${r.openDiagnostics - (r.openErrors ?? 0)} others` : undefined)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [
    `provider manifest: ${result.documents} managed resources of the corpus' upjet CRDs · ${(result.bytes / 1024).toFixed(0)} KB · ${result.deliberate} with an unknown forProvider field · yls gets ${(result.schemaBytes / 1024 / 1024).toFixed(1)} MB of JSON Schema · floor (bare yaml parse) ${fmtMs(result.floorMs)}`,
    `  ${''.padEnd(width)}  ${'ours'.padEnd(36)}  yls`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${cell(ours, value).padEnd(36)}  ${cell(yls, value)}`),
  ];
  lines.push(
    `  ${result.deliberate} deliberate unknown fields: ours reports them as warnings (platformAware.validate.unknownFields: the API server prunes them) and warns of the deprecated upjet versions; yls reports every schema violation as an error`,
  );
  for (const [id, r] of Object.entries(result.runs)) if (r?.failure) lines.push(`  ${id}: ${r.failure}`);
  return lines.join('\n');
}
