/** Document links: each kind and type a document names, linked to the definition that offers it. */
import type { ParsedDocument } from '../parse/document';
import { locate, PathSegment } from '../parse/locate';
import type { Span } from '../text';
import type { AssistContext } from './complete/types';
import { hasTypeSlots, schemaTargetAt, typeSlotAt } from './target';

export interface Link {
  span: Span;
  uri: string;
  position: { line: number; character: number };
  tooltip: string;
}

export function documentLinks(doc: ParsedDocument, ctx: AssistContext): Link[] {
  const head = doc.head;
  if (!head) return [];
  const links: Link[] = [];
  const own = schemaTargetAt(ctx.catalog, doc.value, [])?.capability;
  if (own?.origin.namePosition) links.push({ span: head.kindSpan, uri: own.origin.uri, position: own.origin.namePosition, tooltip: `Go to the definition of ${own.kind}` });
  for (const { path, span } of typeValueSpans(doc)) {
    const role = typeSlotAt(doc.value, path);
    const name = path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), doc.value);
    const capability = role && typeof name === 'string' ? ctx.catalog.lookupType(role, name) : undefined;
    if (capability?.origin.namePosition) links.push({ span, uri: capability.origin.uri, position: capability.origin.namePosition, tooltip: `Go to the definition of ${capability.kind}` });
  }
  return links;
}

// Editors ask for links after every pause in typing, over the whole file. The spans of a document's `type`
// values are found once, while its syntax tree is at hand (workspace/documents.ts asks right after the
// parse): a large file's dropped trees (syntaxTrees.ts) are then never parsed again for links.
const TYPE_SPANS = new WeakMap<ParsedDocument, { path: PathSegment[]; span: Span }[]>();

/** Every `type:` value a KubeVela Application or a Score workload names, with its span. */
export function typeValueSpans(doc: ParsedDocument): readonly { path: PathSegment[]; span: Span }[] {
  let spans = TYPE_SPANS.get(doc);
  if (!spans) {
    spans = hasTypeSlots(doc.value)
      ? typePaths(doc.value).flatMap((path) => {
          const span = locate(doc.ast.contents, path).value;
          return span ? [{ path, span }] : [];
        })
      : [];
    TYPE_SPANS.set(doc, spans);
  }
  return spans;
}

/** Every `type:` value in a KubeVela Application or a Score workload. */
function typePaths(value: unknown): PathSegment[][] {
  const out: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[], depth: number) => {
    if (depth > 8 || !node || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      const next = [...path, Array.isArray(node) ? Number(key) : key];
      if (key === 'type' && typeof child === 'string') out.push(next);
      else walk(child, next, depth + 1);
    }
  };
  walk(value, [], 0);
  return out.filter((p) => typeSlotAt(value, p) !== undefined);
}
