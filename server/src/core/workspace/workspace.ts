/**
 * The Workspace holds every YAML file the server knows (open buffers and files read from disk), the
 * catalog built from their definitions plus other sources, and the findings of each document.
 *
 * Incremental by document (the invariant ARCHITECTURE.md names): an update re-splits the file into
 * document chunks, re-parses only chunks whose text changed, and re-checks only documents whose parse or
 * whose inputs changed. Inputs are stamped: the catalog's generation for every document, plus the secret
 * index's generation for workloads. Both generations move only on a *semantic* change (a definition or a
 * Secret producer changed), never because text before them shifted.
 */
import { buildCatalog, SourcedContribution } from '../catalog/build';
import { placeContribution } from '../catalog/definitions';
import type { Catalog, Contribution, SourceKind } from '../catalog/types';
import { checkDocument } from '../checks/check';
import type { CheckOptions } from '../checks/context';
import type { Finding } from '../checks/finding';
import type { ParsedDocument } from '../parse/document';
import type { ChangedRange, Chunk } from '../parse/split';
import { Validators } from '../schema/validators';
import { declaredInstances, InstanceHead, PlacedHead } from '../status/declared';
import type { DeclaredInstance } from '../status/types';
import { buildDaprIndex, DaprIndex, daprKey, DaprObject } from './dapr';
import { derivedOf, emptyContribution, mergeContributions, parseAll, providerOf, reparse, shift } from './documents';
import { connectionKeysOf, SecretIndex, SecretProvider } from './secrets';

export interface DocumentState {
  chunk: Chunk;
  doc: ParsedDocument;
}

export interface DocumentReport extends DocumentState {
  /** Findings with spans relative to `chunk`. */
  findings: Finding[];
}

export interface FileReport {
  uri: string;
  version: number | undefined;
  documents: DocumentReport[];
  /** Findings about the file as a whole, positioned at its start (a file too large to check). */
  fileFindings: Finding[];
}

export interface UpdateResult {
  /** The catalog's meaning changed: every other open document may have new findings. */
  catalogChanged: boolean;
  /**
   * The workspace index changed (Secret producers, Dapr Components or app-ids): open workloads and Dapr
   * manifests may have new findings.
   */
  secretsChanged: boolean;
}

export interface WorkspaceOptions {
  /** Files larger than this (in UTF-16 code units) are not parsed; they get one `file-too-large` finding. */
  maxFileSize: number;
}

interface FileEntry {
  uri: string;
  version: number | undefined;
  size: number;
  /** Parsed documents, kept only for files that are retained (open in an editor, or checked by the CLI). */
  documents?: DocumentState[];
  /** Content key of each definition document, to tell a semantic change from a shift or a comment. */
  definitionKeys: string[];
  contribution: Contribution;
  /** Content key of each Secret this file produces. */
  secretKeys: string[];
  secrets: SecretProvider[];
  /** Dapr Components and app-ids this file declares, and their keys (to tell a change from a shift). */
  dapr?: DaprObject[];
  daprKeys?: string[];
  /** Objects it declares (for live status), and their keys (a change, not a shift, moves the generation). */
  instances?: PlacedHead[];
  instanceKeys?: string[];
}

export class Workspace {
  readonly validators = new Validators();
  private readonly files = new Map<string, FileEntry>();
  private readonly sources = new Map<string, SourcedContribution>();
  private readonly findingsCache = new WeakMap<ParsedDocument, { stamp: string; secretVersions?: number[]; findings: Finding[] }>();
  /** Per Secret name, a version that moves when the set of its producers changes. */
  private readonly secretVersions = new Map<string, number>();
  private catalogGeneration = 0;
  private secretGeneration = 0;
  private catalogCache: Catalog | undefined;
  private secretIndexCache: SecretIndex | undefined;
  private daprGeneration = 0;
  private daprIndexCache: DaprIndex | undefined;
  private instanceGenerationValue = 0;
  private declaredCache: { stamp: string; instances: DeclaredInstance[] } | undefined;
  private readonly declaredByFile = new WeakMap<PlacedHead[], { generation: number; instances: DeclaredInstance[] }>();

  constructor(private readonly options: WorkspaceOptions = { maxFileSize: 5 * 1024 * 1024 }) {}

  /**
   * Sets a file's content. `retain` keeps its parsed documents (open buffers, CLI inputs); `definitions`
   * false ignores the definitions it holds (a file outside `platformAware.catalog.paths`). `changed`, when
   * the caller knows it, is where the text differs from the previous content (an editor's edit ranges):
   * chunks outside it are reused without comparing any text.
   */
  update(uri: string, text: string, version: number | undefined, retain: boolean, definitions = true, changed?: ChangedRange): UpdateResult {
    const previous = this.files.get(uri);
    if (text.length > this.options.maxFileSize) {
      return this.replace(uri, { uri, version, size: text.length, documents: retain ? [] : undefined, definitionKeys: [], contribution: emptyContribution(), secretKeys: [], secrets: [] });
    }
    const documents = previous?.documents?.length ? reparse(previous.documents, text, changed, uri) : parseAll(text, uri);
    const definitionKeys: string[] = [];
    const placed: Contribution[] = [];
    const secretKeys: string[] = [];
    const secrets: SecretProvider[] = [];
    const dapr: DaprObject[] = [];
    const instances: PlacedHead[] = [];
    const instanceKeys: string[] = [];
    for (let index = 0; index < documents.length; index++) {
      const state = documents[index]!;
      const derived = derivedOf(state.doc, uri);
      if (derived.instance) {
        instances.push(placedHead(state, uri, index, derived.instance));
        instanceKeys.push(derived.instanceKey!);
      }
      if (definitions && derived.contribution) {
        definitionKeys.push(derived.contentKey!);
        placed.push(placeContribution(derived.contribution, state.chunk, state.doc));
      }
      for (let i = 0; i < derived.secrets.length; i++) {
        secretKeys.push(derived.secretKeys[i]!);
        secrets.push(providerOf(state, derived.secrets[i]!, uri));
      }
      dapr.push(...derived.dapr);
      // Not retained: nothing reads this document again, and its tree is most of what it holds.
      if (!retain) state.doc.releaseTree();
    }
    return this.replace(uri, { uri, version, size: text.length, documents: retain ? documents : undefined, definitionKeys, contribution: mergeContributions(placed), secretKeys, secrets, dapr, daprKeys: dapr.map(daprKey), instances, instanceKeys });
  }

  /** Drops a file (deleted, or no longer part of the workspace). */
  remove(uri: string): UpdateResult {
    const previous = this.files.get(uri);
    if (!previous) return { catalogChanged: false, secretsChanged: false };
    this.files.delete(uri);
    return this.noteChange(previous, undefined);
  }

  /** Forgets a file's parsed documents but keeps what it contributes (a closed editor). */
  release(uri: string): void {
    const entry = this.files.get(uri);
    if (entry) entry.documents = undefined;
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  isRetained(uri: string): boolean {
    return this.files.get(uri)?.documents !== undefined;
  }

  version(uri: string): number | undefined {
    return this.files.get(uri)?.version;
  }

  documents(uri: string): readonly DocumentState[] | undefined {
    return this.files.get(uri)?.documents;
  }

  /** The document of a retained file that holds zero-based `line` (binary search over its chunks). */
  documentAt(uri: string, line: number): { state: DocumentState; index: number } | undefined {
    const documents = this.files.get(uri)?.documents;
    if (!documents?.length) return undefined;
    let low = 0;
    let high = documents.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (documents[mid]!.chunk.startLine <= line) low = mid;
      else high = mid - 1;
    }
    return { state: documents[low]!, index: low };
  }

  /**
   * Every instance the workspace's manifests declare (open or not), joined with the catalog. Cached until
   * the catalog or a declaration changes; `instanceGeneration` tells a caller whether to look again.
   */
  declaredInstances(): readonly DeclaredInstance[] {
    const catalog = this.catalog;
    const stamp = `${catalog.generation}|${this.instanceGeneration}`;
    if (this.declaredCache?.stamp !== stamp) {
      this.declaredCache = { stamp, instances: declaredInstances([...this.files.values()].flatMap((f) => f.instances ?? []), catalog) };
    }
    return this.declaredCache.instances;
  }

  /** The declared instances of one file (the same ids as `declaredInstances`). */
  declaredIn(uri: string): readonly DeclaredInstance[] {
    const heads = this.files.get(uri)?.instances;
    if (!heads) return [];
    const catalog = this.catalog;
    // Asked for every diagnostics run and CodeLens request: cached per version of the file's heads.
    let cached = this.declaredByFile.get(heads);
    if (cached?.generation !== catalog.generation) {
      cached = { generation: catalog.generation, instances: declaredInstances(heads, catalog) };
      this.declaredByFile.set(heads, cached);
    }
    return cached.instances;
  }

  /** Moves when a declaration (or, for lines, a file's document layout) changes. */
  get instanceGeneration(): number {
    return this.instanceGenerationValue;
  }

  /**
   * Secrets that exist outside the workspace (on the cluster, names only) under `key`; undefined removes
   * them. They count as providers for `secret-not-provided`; nothing is known of their keys.
   */
  setExternalSecrets(key: string, secrets: readonly { name: string; namespace: string; uri: string }[] | undefined): UpdateResult {
    if (!secrets) return this.remove(key);
    const providers: SecretProvider[] = secrets.map((s) => ({
      name: s.name,
      namespace: s.namespace,
      producerGroup: '',
      producerKind: 'Secret',
      producerName: s.name,
      external: true,
      span: { start: 0, end: 0 },
      uri: s.uri,
      fileSpan: { start: 0, end: 0 },
      filePosition: { line: 0, character: 0 },
    }));
    const secretKeys = providers.map((p) => `${p.name}|${p.namespace}|*||Secret`).sort();
    return this.replace(key, { uri: key, version: undefined, size: 0, definitionKeys: [], contribution: emptyContribution(), secretKeys, secrets: providers });
  }

  /** Sets (or, with undefined, removes) a non-file source: the sample platform, the cluster. */
  setSource(key: string, source: SourceKind, contribution: Contribution | undefined): void {
    if (contribution) this.sources.set(key, { key, source, contribution });
    else this.sources.delete(key);
    this.catalogGeneration++;
    this.catalogCache = undefined;
  }

  get catalog(): Catalog {
    if (!this.catalogCache) {
      const own = [...this.sources.values()].filter((s) => s.source !== 'sample');
      const files = [...this.files.values()].filter((f) => f.definitionKeys.length > 0).map((f) => ({ key: f.uri, source: 'workspace' as const, contribution: f.contribution }));
      let catalog = buildCatalog([...files, ...own], this.catalogGeneration);
      // The sample platform stands in only when no other source offers anything (PRODUCT §3.3).
      if (catalog.capabilities.size === 0) {
        const sample = [...this.sources.values()].filter((s) => s.source === 'sample');
        if (sample.length > 0) catalog = buildCatalog([...files, ...own, ...sample], this.catalogGeneration);
      }
      this.catalogCache = catalog;
    }
    return this.catalogCache;
  }

  get secrets(): SecretIndex {
    if (!this.secretIndexCache) {
      const byName = new Map<string, SecretProvider[]>();
      for (const file of this.files.values()) {
        for (const provider of file.secrets) byName.set(provider.name, [...(byName.get(provider.name) ?? []), provider]);
      }
      this.secretIndexCache = {
        generation: this.secretGeneration,
        providers: (name) => byName.get(name) ?? [],
        names: () => [...byName.keys()].sort(),
        keysOf: (provider, catalog) => connectionKeysOf(provider, catalog),
      };
    }
    return this.secretIndexCache;
  }

  get dapr(): DaprIndex {
    this.daprIndexCache ??= buildDaprIndex([...this.files.values()].flatMap((f) => f.dapr ?? []), this.daprGeneration);
    return this.daprIndexCache;
  }

  /** Findings of a retained file, reusing every document result whose inputs did not change. */
  report(uri: string, options: CheckOptions): FileReport | undefined {
    const entry = this.files.get(uri);
    if (!entry?.documents) return undefined;
    if (entry.size > this.options.maxFileSize) {
      const limit = (this.options.maxFileSize / 1024 / 1024).toFixed(1);
      const size = (entry.size / 1024 / 1024).toFixed(1);
      return { uri, version: entry.version, documents: [], fileFindings: [{ code: 'file-too-large', severity: 'information', message: `Not checked: the file has ${size} M characters, more than the ${limit} M limit`, span: { start: 0, end: 0 } }] };
    }
    const catalog = this.catalog;
    const secrets = this.secrets;
    const ctx = { catalog, validators: this.validators, secrets, options, uri, dapr: this.dapr };
    // One stamp for every document; a workload also depends on the producers of the Secrets it reads.
    const stamp = `${catalog.generation}|${options.unknownFields}|${options.clusterConnected}|${options.clusterSecretNamespaces?.join(',') ?? '*'}|${options.defaultNamespace ?? ''}`;
    const anyResource = entry.documents.some((d) => d.doc.head !== undefined);
    const documents = entry.documents.map(({ chunk, doc }) => {
      const { secretNames: names, usesDapr } = derivedOf(doc, uri);
      const versions = names?.map((name) => this.secretVersions.get(name) ?? 0);
      // A Subscription or a scoped Component also depends on the Dapr index.
      const docStamp = usesDapr ? `${stamp}|dapr:${this.daprGeneration}` : stamp;
      let cached = this.findingsCache.get(doc);
      if (!cached || cached.stamp !== docStamp || (versions && !sameIdentities(versions, cached.secretVersions ?? []))) {
        cached = { stamp: docStamp, secretVersions: versions, findings: checkDocument(doc, ctx) };
        this.findingsCache.set(doc, cached);
      }
      const extra = anyResource ? notAResource(doc) : [];
      return { chunk, doc, findings: extra.length ? [...cached.findings, ...extra] : cached.findings };
    });
    attachDefinitionProblems(uri, catalog, documents);
    return { uri, version: entry.version, documents, fileFindings: [] };
  }

  /** Every retained file's URI (open editors, CLI inputs). */
  retainedFiles(): string[] {
    return [...this.files.values()].filter((f) => f.documents !== undefined).map((f) => f.uri);
  }

  private replace(uri: string, next: FileEntry): UpdateResult {
    const previous = this.files.get(uri);
    this.files.set(uri, next);
    return this.noteChange(previous, next);
  }

  private noteChange(previous: FileEntry | undefined, next: FileEntry | undefined): UpdateResult {
    const catalogChanged = !sameIdentities(previous?.definitionKeys ?? [], next?.definitionKeys ?? []);
    const secretsChanged = !sameIdentities(previous?.secretKeys ?? [], next?.secretKeys ?? []);
    if (catalogChanged) this.catalogGeneration++;
    if (secretsChanged) {
      this.secretGeneration++;
      for (const name of changedSecretNames(previous?.secretKeys ?? [], next?.secretKeys ?? [])) this.secretVersions.set(name, (this.secretVersions.get(name) ?? 0) + 1);
    }
    // Positions may have shifted even without a semantic change, so the cached objects are rebuilt.
    if (catalogChanged || (previous?.contribution.problems.length ?? 0) + (next?.contribution.problems.length ?? 0) > 0 || previous?.definitionKeys.length || next?.definitionKeys.length) {
      this.catalogCache = undefined;
    }
    if (secretsChanged || previous?.secrets.length || next?.secrets.length) this.secretIndexCache = undefined;
    // Lines matter too: a status carries where its document starts.
    if (!sameIdentities(previous?.instanceKeys ?? [], next?.instanceKeys ?? []) || !sameLines(previous?.instances, next?.instances)) this.instanceGenerationValue++;
    const daprChanged = !sameIdentities(previous?.daprKeys ?? [], next?.daprKeys ?? []);
    if (daprChanged) {
      this.daprGeneration++;
      this.daprIndexCache = undefined;
    }
    return { catalogChanged, secretsChanged: secretsChanged || daprChanged };
  }
}

/** Names whose producer keys differ between two lists (keys are `name|namespace|keys|group|kind`). */
function changedSecretNames(before: readonly string[], after: readonly string[]): Set<string> {
  const count = new Map<string, number>();
  for (const key of before) count.set(key, (count.get(key) ?? 0) + 1);
  for (const key of after) count.set(key, (count.get(key) ?? 0) - 1);
  const names = new Set<string>();
  for (const [key, n] of count) if (n !== 0) names.add(key.slice(0, key.indexOf('|')));
  return names;
}

const PLACED = new WeakMap<DocumentState, PlacedHead>();

/** The same object while the document keeps its place: an edit allocates heads only for what moved. */
function placedHead(state: DocumentState, uri: string, documentIndex: number, head: InstanceHead): PlacedHead {
  const known = PLACED.get(state);
  if (known && known.documentIndex === documentIndex && known.startLine === state.chunk.startLine && known.uri === uri && known.head === head) return known;
  const placed = { uri, documentIndex, startLine: state.chunk.startLine, head };
  PLACED.set(state, placed);
  return placed;
}

function sameLines(a: readonly PlacedHead[] | undefined, b: readonly PlacedHead[] | undefined): boolean {
  if (!a || !b) return a === b || (a?.length ?? 0) + (b?.length ?? 0) === 0;
  return a.length === b.length && a.every((h, i) => h.startLine + h.head.kindLine === b[i]!.startLine + b[i]!.head.kindLine);
}

function sameIdentities<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}


/** Definition problems live in the catalog with file offsets; each is shown on its document, once. */
function attachDefinitionProblems(uri: string, catalog: Catalog, documents: DocumentReport[]): void {
  for (const problem of catalog.problems) {
    if (problem.uri !== uri) continue;
    const target = documents.find((d) => problem.span.start >= d.chunk.start && problem.span.start <= d.chunk.start + d.chunk.text.length);
    if (!target) continue;
    target.findings = [...target.findings, { code: problem.code, severity: problem.severity, message: problem.message, span: shift(problem.span, -target.chunk.start) }];
  }
}

/** A list or scalar among Kubernetes objects: kubectl would reject the file. */
function notAResource(doc: ParsedDocument): Finding[] {
  const value = doc.value;
  if (doc.head || doc.syntaxError || value === null || value === undefined) return [];
  const isObject = typeof value === 'object' && !Array.isArray(value);
  if (isObject) return [];
  const range = doc.ast.contents?.range;
  const span = range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
  return [{ code: 'not-a-resource', severity: 'warning', message: `This document is ${Array.isArray(value) ? 'a list' : 'a scalar'}, not a Kubernetes object with apiVersion and kind`, span }];
}
