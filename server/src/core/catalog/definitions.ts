/** Recognises definition documents (XRD, CRD, Composition) and turns each into a catalog contribution. */
import type { ParsedDocument, ResourceHead } from '../parse/document';
import type { Contribution, Provenance } from './types';
import { fromComposition } from './from/composition';
import { fromCrd } from './from/crd';
import { fromXrd } from './from/xrd';

type Builder = (doc: ParsedDocument, uri: string, source: Provenance['source']) => Contribution;

const BUILDERS: Record<string, Builder> = {
  'apiextensions.crossplane.io/CompositeResourceDefinition': fromXrd,
  'apiextensions.crossplane.io/Composition': fromComposition,
  'apiextensions.k8s.io/CustomResourceDefinition': fromCrd,
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
  if (!head) return undefined;
  const builder = BUILDERS[`${head.group}/${head.kind}`];
  return builder?.(doc, uri, source);
}

/** Moves a document-relative contribution to its place in the file (chunk offset). */
export function placeContribution(contribution: Contribution, offset: number, docSpan: { start: number; end: number }): Contribution {
  const shift = (span: { start: number; end: number } | undefined) => (span ? { start: span.start + offset, end: span.end + offset } : undefined);
  return {
    capabilities: contribution.capabilities.map((c) => ({ ...c, origin: { ...c.origin, span: docSpan, nameSpan: shift(c.origin.nameSpan) } })),
    compositions: contribution.compositions.map((c) => ({ ...c, origin: { ...c.origin, span: docSpan, nameSpan: shift(c.origin.nameSpan) } })),
    problems: contribution.problems.map((p) => ({ ...p, span: shift(p.span)! })),
  };
}
