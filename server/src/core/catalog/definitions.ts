/**
 * Recognises definition documents and turns each into a catalog contribution: Kubernetes objects by
 * apiVersion/kind (XRD, CRD, Composition, Kratix Promise, KubeVela definitions and their schema
 * ConfigMaps), other files by shape (`from/shapes.ts`).
 */
import type { ParsedDocument, ResourceHead } from '../parse/document';
import type { Chunk } from '../parse/split';
import type { Span } from '../text';
import type { Contribution, Provenance } from './types';
import { fromComposition } from './from/composition';
import { fromCrd } from './from/crd';
import { fromPromise } from './from/kratix';
import { fromKubeVelaDefinition, KUBEVELA_DEFINITION_KINDS } from './from/kubevela';
import { fromSchemaConfigMap } from './from/kubevelaSchemaConfigMap';
import { definitionsByShape } from './from/shapes';
import { fromXrd } from './from/xrd';

/** Undefined: the document has the kind but is not a definition (an ordinary ConfigMap). */
type Builder = (doc: ParsedDocument, uri: string, source: Provenance['source']) => Contribution | undefined;

const BUILDERS: Record<string, Builder> = {
  'apiextensions.crossplane.io/CompositeResourceDefinition': fromXrd,
  'apiextensions.crossplane.io/Composition': fromComposition,
  'apiextensions.k8s.io/CustomResourceDefinition': fromCrd,
  'platform.kratix.io/Promise': fromPromise,
  ...Object.fromEntries(KUBEVELA_DEFINITION_KINDS.map((kind) => [`core.oam.dev/${kind}`, fromKubeVelaDefinition])),
  // Only ConfigMaps named and shaped like a KubeVela parameter schema contribute (the builder says so).
  '/ConfigMap': fromSchemaConfigMap,
};

export function isDefinition(head: ResourceHead | undefined): boolean {
  return head !== undefined && `${head.group}/${head.kind}` in BUILDERS;
}

/**
 * The contribution of one definition document, with spans relative to the document's chunk. Returns
 * undefined for documents that define nothing.
 */
export function definitionsIn(doc: ParsedDocument, uri: string, source: Provenance['source']): Contribution | undefined {
  const head = doc.head;
  if (!head) return definitionsByShape(doc, uri, source);
  const builder = BUILDERS[`${head.group}/${head.kind}`];
  return builder?.(doc, uri, source);
}

/**
 * Moves a document-relative contribution to its place in the file: offsets shift by the chunk's start,
 * and each name gets its line and character (go-to-definition and hover need them for files that are
 * not open, whose text is gone by the time they are asked).
 */
export function placeContribution(contribution: Contribution, chunk: Chunk, doc: ParsedDocument): Contribution {
  const offset = chunk.start;
  const docSpan = { start: chunk.start, end: chunk.start + chunk.text.length };
  const shift = (span: Span | undefined) => (span ? { start: span.start + offset, end: span.end + offset } : undefined);
  const position = (span: Span | undefined) => {
    if (!span) return undefined;
    const at = doc.lineIndex().position(span.start);
    return { line: chunk.startLine + at.line, character: at.character };
  };
  const place = (origin: Provenance): Provenance => ({ ...origin, span: docSpan, nameSpan: shift(origin.nameSpan), namePosition: position(origin.nameSpan) });
  return {
    capabilities: contribution.capabilities.map((c) => ({ ...c, origin: place(c.origin) })),
    compositions: contribution.compositions.map((c) => ({ ...c, origin: place(c.origin) })),
    problems: contribution.problems.map((p) => ({ ...p, span: shift(p.span)! })),
  };
}
