/** The outline: one symbol per document (`Kind name`), with KubeVela components and Score resources nested. */
import type { ParsedDocument } from '../parse/document';
import { POD_SPEC_PATHS, isWorkload } from '../checks/workloads';
import { locate } from '../parse/locate';
import type { Span } from '../text';

export interface DocumentSymbolInfo {
  name: string;
  detail?: string;
  kind: 'document' | 'component' | 'resource' | 'container';
  /** The whole document (or entry), relative to the document. */
  span: Span;
  /** What to select: the name, or the kind. */
  selection: Span;
  children: DocumentSymbolInfo[];
}

// Editors ask for the outline after every edit; a document's symbol is derived once (its syntax tree may have
// been dropped since it was parsed: syntaxTrees.ts).
const SYMBOLS = new WeakMap<ParsedDocument, DocumentSymbolInfo | null>();

/** The outline entry of the document at `index` (zero-based) of its file. */
export function documentSymbol(doc: ParsedDocument, index: number): DocumentSymbolInfo | undefined {
  let symbol = SYMBOLS.get(doc);
  if (symbol === undefined) SYMBOLS.set(doc, (symbol = symbolOf(doc) ?? null));
  if (!symbol) return undefined;
  return doc.head ? symbol : { ...symbol, name: `document ${index + 1}` };
}

function symbolOf(doc: ParsedDocument): DocumentSymbolInfo | undefined {
  const head = doc.head;
  const range = doc.ast.contents?.range;
  if (!range) return undefined;
  const span = { start: 0, end: doc.text.length };
  // Named by its place in the file, which documentSymbol fills in: the place is not the document's.
  if (!head) return { name: 'document', kind: 'document', span, selection: { start: range[0], end: range[0] }, children: [] };
  return {
    name: head.name ? `${head.kind} ${head.name}` : head.kind,
    detail: head.apiVersion,
    kind: 'document',
    span,
    selection: head.nameSpan ?? head.kindSpan,
    children: [
      ...namedEntries(doc, ['spec', 'components'], 'component'),
      ...(isWorkload(head) && POD_SPEC_PATHS[head.kind] ? namedEntries(doc, [...(POD_SPEC_PATHS[head.kind] as string[]), 'containers'], 'container') : []),
      ...scoreResources(doc),
    ],
  };
}

function namedEntries(doc: ParsedDocument, path: string[], kind: DocumentSymbolInfo['kind']): DocumentSymbolInfo[] {
  let current: unknown = doc.value;
  for (const key of path) current = current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(current)) return [];
  return current.flatMap((entry, i) => {
    const name = (entry as { name?: unknown } | null)?.name;
    const whole = locate(doc.ast.contents, [...path, i]).value;
    const selection = locate(doc.ast.contents, [...path, i, 'name']).value;
    if (typeof name !== 'string' || !whole || !selection) return [];
    const type = (entry as { type?: unknown; image?: unknown }).type ?? (entry as { image?: unknown }).image;
    return [{ name, detail: typeof type === 'string' ? type : undefined, kind, span: whole, selection, children: [] }];
  });
}

function scoreResources(doc: ParsedDocument): DocumentSymbolInfo[] {
  if (!doc.head?.apiVersion.startsWith('score.dev/')) return [];
  const resources = (doc.value as { resources?: unknown } | null)?.resources;
  if (!resources || typeof resources !== 'object') return [];
  return Object.entries(resources as Record<string, unknown>).flatMap(([name, resource]) => {
    const located = locate(doc.ast.contents, ['resources', name]);
    if (!located.key || !located.value) return [];
    const type = (resource as { type?: unknown } | null)?.type;
    return [{ name, detail: typeof type === 'string' ? type : undefined, kind: 'resource' as const, span: { start: located.key.start, end: located.value.end }, selection: located.key, children: [] }];
  });
}
