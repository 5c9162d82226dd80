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
import { definitionsIn, placeContribution } from '../catalog/definitions';
import type { Catalog, Contribution, SourceKind } from '../catalog/types';
import { checkDocument } from '../checks/check';
import type { CheckOptions } from '../checks/context';
import type { Finding } from '../checks/finding';
import { isWorkload } from '../checks/workloads';
import { parseChunk, ParsedDocument } from '../parse/document';
import { Chunk, splitDocuments } from '../parse/split';
import { Validators } from '../schema/validators';
import type { Span } from '../text';
import { connectionKeysOf, SecretIndex, SecretProvider, SecretSource, secretSources } from './secrets';

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
  /** Secret producers changed: open workloads may have new findings. */
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
}

const DEFINITIONS = new WeakMap<ParsedDocument, Contribution | null>();
const CONTENT_KEYS = new WeakMap<ParsedDocument, string>();
const SECRETS = new WeakMap<ParsedDocument, SecretSource[]>();

export class Workspace {
  readonly validators = new Validators();
  private readonly files = new Map<string, FileEntry>();
  private readonly sources = new Map<string, SourcedContribution>();
  private readonly findingsCache = new WeakMap<ParsedDocument, { stamp: string; findings: Finding[] }>();
  private catalogGeneration = 0;
  private secretGeneration = 0;
  private catalogCache: Catalog | undefined;
  private secretIndexCache: SecretIndex | undefined;

  constructor(private readonly options: WorkspaceOptions = { maxFileSize: 5 * 1024 * 1024 }) {}

  /**
   * Sets a file's content. `retain` keeps its parsed documents (open buffers, CLI inputs); `definitions`
   * false ignores the definitions it holds (a file outside `platformAware.catalog.paths`).
   */
  update(uri: string, text: string, version: number | undefined, retain: boolean, definitions = true): UpdateResult {
    const previous = this.files.get(uri);
    if (text.length > this.options.maxFileSize) {
      return this.replace(uri, { uri, version, size: text.length, documents: retain ? [] : undefined, definitionKeys: [], contribution: emptyContribution(), secretKeys: [], secrets: [] });
    }
    const reusable = new Map<string, ParsedDocument>();
    for (const state of previous?.documents ?? []) reusable.set(state.chunk.text, state.doc);
    const documents = splitDocuments(text).map((chunk) => ({ chunk, doc: reusable.get(chunk.text) ?? parseChunk(chunk.text) }));
    const definitionKeys: string[] = [];
    const placed: Contribution[] = [];
    const secretKeys: string[] = [];
    const secrets: SecretProvider[] = [];
    for (const { chunk, doc } of documents) {
      const contribution = definitions ? definitionsOf(doc, uri) : undefined;
      if (contribution) {
        definitionKeys.push(contentKey(doc));
        placed.push(placeContribution(contribution, chunk.start, { start: chunk.start, end: chunk.start + chunk.text.length }));
      }
      for (const source of secretSourcesOf(doc)) {
        secretKeys.push(`${source.name}|${source.namespace ?? ''}|${source.keys?.join(',') ?? '*'}|${source.producerGroup}|${source.producerKind}`);
        secrets.push({ ...source, uri, fileSpan: shift(source.span, chunk.start) });
      }
    }
    return this.replace(uri, { uri, version, size: text.length, documents: retain ? documents : undefined, definitionKeys, contribution: mergeContributions(placed), secretKeys, secrets });
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
        keysOf: (provider, catalog) => connectionKeysOf(provider, catalog),
      };
    }
    return this.secretIndexCache;
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
    const ctx = { catalog, validators: this.validators, secrets, options };
    const optionsKey = `${options.unknownFields}|${options.clusterConnected}`;
    const anyResource = entry.documents.some((d) => d.doc.head !== undefined);
    const documents = entry.documents.map(({ chunk, doc }) => {
      const stamp = `${catalog.generation}|${isWorkload(doc.head) ? secrets.generation : '-'}|${optionsKey}`;
      let cached = this.findingsCache.get(doc);
      if (!cached || cached.stamp !== stamp) {
        cached = { stamp, findings: checkDocument(doc, ctx) };
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
    if (secretsChanged) this.secretGeneration++;
    // Positions may have shifted even without a semantic change, so the cached objects are rebuilt.
    if (catalogChanged || (previous?.contribution.problems.length ?? 0) + (next?.contribution.problems.length ?? 0) > 0 || previous?.definitionKeys.length || next?.definitionKeys.length) {
      this.catalogCache = undefined;
    }
    if (secretsChanged || previous?.secrets.length || next?.secrets.length) this.secretIndexCache = undefined;
    return { catalogChanged, secretsChanged };
  }
}

function definitionsOf(doc: ParsedDocument, uri: string): Contribution | undefined {
  let contribution = DEFINITIONS.get(doc);
  if (contribution === undefined) {
    contribution = definitionsIn(doc, uri, 'workspace') ?? null;
    DEFINITIONS.set(doc, contribution);
  }
  return contribution ?? undefined;
}

/** A definition's meaning is its value: whitespace, comments and key order within a line do not count. */
function contentKey(doc: ParsedDocument): string {
  let key = CONTENT_KEYS.get(doc);
  if (key === undefined) {
    try {
      key = JSON.stringify(doc.value) ?? '';
    } catch {
      key = doc.text; // A YAML alias cycle has no JSON form; the text is a stricter key that still works.
    }
    CONTENT_KEYS.set(doc, key);
  }
  return key;
}

function secretSourcesOf(doc: ParsedDocument): SecretSource[] {
  let sources = SECRETS.get(doc);
  if (!sources) {
    sources = secretSources(doc);
    SECRETS.set(doc, sources);
  }
  return sources;
}

function sameIdentities<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

function shift(span: Span, offset: number): Span {
  return { start: span.start + offset, end: span.end + offset };
}

function emptyContribution(): Contribution {
  return { capabilities: [], compositions: [], problems: [] };
}

function mergeContributions(parts: Contribution[]): Contribution {
  if (parts.length === 1) return parts[0]!;
  return { capabilities: parts.flatMap((p) => p.capabilities), compositions: parts.flatMap((p) => p.compositions), problems: parts.flatMap((p) => p.problems) };
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
