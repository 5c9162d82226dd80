/**
 * Go to definition: a kind or type → the definition that offers it; a compositionRef → the Composition;
 * a Secret reference → the manifest that writes it; a KubeVela dependsOn → the component it names.
 */
import type { Provenance } from '../catalog/types';
import type { ParsedDocument } from '../parse/document';
import type { Span } from '../text';
import { nodeAt } from './at';
import type { AssistContext } from './complete/types';
import { valueAt } from './cursor';
import { locate } from '../parse/locate';
import { placeholderDefinition } from './score';
import { schemaTargetAt, typeSlotAt } from './target';

/** A place to jump to: another file at a position, or a span of this document. */
export type Target = { uri: string; position: { line: number; character: number } } | { here: Span };

export function findDefinition(doc: ParsedDocument, offset: number, ctx: AssistContext): { from: Span; targets: Target[] } | undefined {
  const placeholder = placeholderDefinition(doc, offset);
  if (placeholder) return { from: placeholder.from, targets: [{ here: placeholder.to }] };
  const at = nodeAt(doc, offset);
  if (!at || at.on !== 'value' || typeof at.value !== 'string') return undefined;
  const targets = targetsFor(doc, at.path, at.value, ctx);
  return targets.length ? { from: at.span, targets } : undefined;
}

function targetsFor(doc: ParsedDocument, path: (string | number)[], value: string, ctx: AssistContext): Target[] {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (path.length === 1 && (last === 'kind' || last === 'apiVersion')) return fromOrigin(schemaTargetAt(ctx.catalog, doc.value, [])?.capability.origin);
  const role = typeSlotAt(doc.value, path);
  if (role) return fromOrigin(ctx.catalog.lookupType(role, value)?.origin);
  if (last === 'name' && parent === 'compositionRef') return ctx.catalog.compositions.filter((c) => c.name === value).flatMap((c) => fromOrigin(c.origin));
  if (last === 'secretName' || (last === 'name' && (parent === 'secretKeyRef' || parent === 'secretRef' || parent === 'secret'))) {
    return ctx.secrets.providers(value).map((p) => ({ uri: p.uri, position: p.filePosition }));
  }
  if (parent === 'dependsOn' && path[0] === 'spec' && path[1] === 'components') {
    const components = valueAt(doc.value, ['spec', 'components']);
    const index = Array.isArray(components) ? components.findIndex((c) => (c as { name?: unknown } | null)?.name === value) : -1;
    const span = index === -1 ? undefined : locate(doc.ast.contents, ['spec', 'components', index, 'name']).value;
    return span ? [{ here: span }] : [];
  }
  return [];
}

function fromOrigin(origin: Provenance | undefined): Target[] {
  if (!origin?.namePosition) return [];
  return [{ uri: origin.uri, position: origin.namePosition }];
}
