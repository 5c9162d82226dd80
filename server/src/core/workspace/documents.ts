/**
 * What each parsed document contributes to the Workspace (definitions, Secret producers, the Secrets a
 * workload reads), derived once per immutable ParsedDocument, and the re-parse of an edited file that
 * keeps every unchanged document. The Workspace (workspace.ts) assembles these per file.
 */
import { typeValueSpans } from '../assist/links';
import { definitionsIn } from '../catalog/definitions';
import type { Contribution } from '../catalog/types';
import { isWorkload, secretUses } from '../checks/workloads';
import { parseChunk, ParsedDocument } from '../parse/document';
import { ChangedRange, resplitDocuments, splitDocuments } from '../parse/split';
import { InstanceHead, instanceHeadKey, instanceHeadOf } from '../status/declared';
import type { Span } from '../text';
import { DaprObject, daprObjectsOf, usesDaprIndex } from './dapr';
import { SecretProvider, SecretSource, secretSources } from './secrets';
import type { DocumentState } from './workspace';

/** What a parsed document contributes, computed once per document (documents are immutable). */
interface Derived {
  contribution?: Contribution;
  /** The definition's content, to tell a semantic change from a shift or a comment. */
  contentKey?: string;
  secrets: SecretSource[];
  secretKeys: string[];
  /** For a workload: the names of the Secrets it reads (its findings depend on those producers only). */
  secretNames?: string[];
  dapr: DaprObject[];
  /** Its findings depend on the Dapr index (a Subscription, a scoped Component). */
  usesDapr: boolean;
  /** The object it declares, for live status (any named object of an API group). */
  instance?: InstanceHead;
  instanceKey?: string;
}

const DERIVED = new WeakMap<ParsedDocument, Derived>();
const CONTENT_KEYS = new WeakMap<ParsedDocument, string>();
const PROVIDERS = new WeakMap<DocumentState, Map<SecretSource, SecretProvider>>();

export function derivedOf(doc: ParsedDocument, uri: string): Derived {
  let derived = DERIVED.get(doc);
  if (!derived) {
    const contribution = definitionsIn(doc, uri, 'workspace');
    const secrets = secretSources(doc);
    const instance = contribution ? undefined : instanceHeadOf(doc);
    derived = {
      contribution,
      contentKey: contribution ? contentKey(doc) : undefined,
      secrets,
      secretKeys: secrets.map((s) => `${s.name}|${s.namespace ?? ''}|${s.keys?.join(',') ?? '*'}|${s.producerGroup}|${s.producerKind}`),
      secretNames: isWorkload(doc.head) && doc.head ? [...new Set(secretUses(doc, doc.head).map((u) => u.name))] : undefined,
      dapr: daprObjectsOf(doc),
      usesDapr: usesDaprIndex(doc),
      ...(instance ? { instance, instanceKey: instanceHeadKey(instance) } : {}),
    };
    DERIVED.set(doc, derived);
  }
  return derived;
}

/** Provider objects live as long as their document keeps its place in the file. */
export function providerOf(state: DocumentState, source: SecretSource, uri: string): SecretProvider {
  let byState = PROVIDERS.get(state);
  if (!byState) PROVIDERS.set(state, (byState = new Map()));
  let provider = byState.get(source);
  if (!provider) {
    const at = state.doc.lineIndex().position(source.span.start);
    provider = { ...source, uri, fileSpan: shift(source.span, state.chunk.start), filePosition: { line: state.chunk.startLine + at.line, character: at.character } };
    byState.set(source, provider);
  }
  return provider;
}

/**
 * Parses a chunk and derives what it contributes at once, while its syntax tree is sure to be held: in a
 * large file the trees of earlier documents are dropped as later ones are parsed (syntaxTrees.ts).
 */
export function parseDerived(text: string, uri: string): ParsedDocument {
  const doc = parseChunk(text);
  derivedOf(doc, uri);
  typeValueSpans(doc);
  return doc;
}

/** Document states for a new text, each parsed and derived. */
export function parseAll(text: string, uri: string): DocumentState[] {
  return splitDocuments(text).map((chunk) => ({ chunk, doc: parseDerived(chunk.text, uri) }));
}

/** New document states for an edited text: unchanged chunks keep their state (or their parse, if moved). */
export function reparse(previous: readonly DocumentState[], text: string, changed: ChangedRange | undefined, uri: string): DocumentState[] {
  const { chunks, keptBefore, keptAfter } = resplitDocuments(previous.map((s) => s.chunk), text, changed);
  const middle = new Map<string, ParsedDocument>();
  for (const state of previous.slice(keptBefore, previous.length - keptAfter)) middle.set(state.chunk.text, state.doc);
  return chunks.map((chunk, i) => {
    if (i < keptBefore) return previous[i]!;
    if (i >= chunks.length - keptAfter) return { chunk, doc: previous[previous.length - (chunks.length - i)]!.doc };
    return { chunk, doc: middle.get(chunk.text) ?? parseDerived(chunk.text, uri) };
  });
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


export function emptyContribution(): Contribution {
  return { capabilities: [], compositions: [], problems: [] };
}

export function mergeContributions(parts: Contribution[]): Contribution {
  if (parts.length === 1) return parts[0]!;
  return { capabilities: parts.flatMap((p) => p.capabilities), compositions: parts.flatMap((p) => p.compositions), problems: parts.flatMap((p) => p.problems) };
}


export function shift(span: Span, offset: number): Span {
  return { start: span.start + offset, end: span.end + offset };
}
