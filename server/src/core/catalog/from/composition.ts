/** Composition (apiextensions.crossplane.io/v1) → the XR type it serves and the labels selectors match. */
import type { ParsedDocument } from '../../parse/document';
import type { Contribution, Provenance } from '../types';
import { at, obj, problem, spanAt, str } from './helpers';

export function fromComposition(doc: ParsedDocument, uri: string, source: Provenance['source']): Contribution {
  const out: Contribution = { capabilities: [], compositions: [], problems: [] };
  const name = doc.head?.name;
  const apiVersion = str(at(doc.value, 'spec', 'compositeTypeRef', 'apiVersion'));
  const kind = str(at(doc.value, 'spec', 'compositeTypeRef', 'kind'));
  if (!name || !apiVersion || !kind) {
    out.problems.push(problem(doc, uri, ['spec', 'compositeTypeRef'], 'Composition needs metadata.name and spec.compositeTypeRef (apiVersion, kind)'));
    return out;
  }
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(obj(at(doc.value, 'metadata', 'labels')) ?? {})) {
    if (typeof value === 'string') labels[key] = value;
  }
  out.compositions.push({ name, compositeApiVersion: apiVersion, compositeKind: kind, labels, origin: { source, uri, nameSpan: spanAt(doc, ['metadata', 'name']) } });
  return out;
}
