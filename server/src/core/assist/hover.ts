/** Hover: what a kind, a type, a field, a Composition or a Secret reference means, and where it comes from. */
import type { ParsedDocument } from '../parse/document';
import type { Span } from '../text';
import { connectionKeysOf } from '../workspace/secrets';
import { nodeAt } from './at';
import type { AssistContext } from './complete/types';
import { capabilityMarkdown, fieldMarkdown } from './docs';
import { requiredOf, schemaAt } from './schemaAt';
import { placeholderHover } from './score';
import { schemaTargetAt, typeSlotAt } from './target';

export interface Hover {
  markdown: string;
  span: Span;
}

export function hover(doc: ParsedDocument, offset: number, ctx: AssistContext): Hover | undefined {
  const placeholder = placeholderHover(doc, offset, ctx);
  if (placeholder) return placeholder;
  const at = nodeAt(doc, offset);
  if (!at) return undefined;
  const path = at.path;
  const last = path[path.length - 1];
  const value = doc.value;
  if (at.on === 'value' && path.length === 1 && (last === 'kind' || last === 'apiVersion')) {
    const target = schemaTargetAt(ctx.catalog, value, []);
    return target ? { markdown: capabilityMarkdown(target.capability), span: at.span } : undefined;
  }
  const role = at.on === 'value' ? typeSlotAt(value, path) : undefined;
  if (role && typeof at.value === 'string') {
    const capability = ctx.catalog.lookupType(role, at.value);
    return capability ? { markdown: capabilityMarkdown(capability), span: at.span } : undefined;
  }
  if (at.on === 'value' && last === 'name' && path[path.length - 2] === 'compositionRef') {
    const composition = ctx.catalog.compositions.find((c) => c.name === at.value);
    if (!composition) return undefined;
    const labels = Object.entries(composition.labels).map(([k, v]) => `\`${k}: ${v}\``).join(', ');
    return { markdown: `**Composition ${composition.name}** composes \`${composition.compositeKind}\`${labels ? `\n\nLabels: ${labels}` : ''}`, span: at.span };
  }
  if (at.on === 'value' && typeof at.value === 'string' && (last === 'secretName' || (last === 'name' && (path[path.length - 2] === 'secretKeyRef' || path[path.length - 2] === 'secretRef' || path[path.length - 2] === 'secret')))) {
    const providers = ctx.secrets.providers(at.value);
    if (providers.length === 0) return undefined;
    const lines = providers.map((p) => {
      const keys = connectionKeysOf(p, ctx.catalog);
      return `- written by **${p.producerKind}${p.producerName ? ` ${p.producerName}` : ''}** (${decodeURIComponent(p.uri.replace(/^.*\//, ''))}:${p.filePosition.line + 1})${keys ? `: ${keys.map((k) => `\`${k}\``).join(', ')}` : ''}`;
    });
    return { markdown: [`**Secret ${at.value}**`, '', ...lines].join('\n'), span: at.span };
  }
  if (at.on === 'key') {
    const target = schemaTargetAt(ctx.catalog, value, path);
    if (!target || target.path.length === 0) return undefined;
    const field = schemaAt(target.schema, target.path);
    const parent = schemaAt(target.schema, target.path.slice(0, -1));
    if (!field) return undefined;
    return { markdown: fieldMarkdown(String(last), field, requiredOf(parent).includes(String(last))), span: at.span };
  }
  return undefined;
}
