/** The catalog contribution of a whole definition file's text (used for the sample platform and tests). */
import { parseChunk } from '../parse/document';
import { splitDocuments } from '../parse/split';
import { definitionsIn, placeContribution } from './definitions';
import type { Contribution, SourceKind } from './types';

export function contributionOfText(uri: string, text: string, source: SourceKind): Contribution {
  const out: Contribution = { capabilities: [], compositions: [], problems: [] };
  for (const chunk of splitDocuments(text)) {
    const doc = parseChunk(chunk.text);
    const own = definitionsIn(doc, uri, source);
    // The contribution is all that is kept (a cluster object, a sample file): the tree goes now, not at the
    // next full garbage collection.
    doc.releaseTree();
    if (!own) continue;
    const placed = placeContribution(own, chunk, doc);
    out.capabilities.push(...placed.capabilities);
    out.compositions.push(...placed.compositions);
    out.problems.push(...placed.problems);
  }
  return out;
}
