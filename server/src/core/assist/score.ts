/**
 * Score placeholders in the editor: completing `${resources.` (declared resources, then the outputs their
 * provisioners produce) and `${metadata.`, hovering a placeholder, and going to the resource it names.
 * The placeholder grammar and the provisioner matching are the checks' own (checks/score/).
 */
import { parseDocument } from 'yaml';
import { at as valueAtPath, obj, str } from '../catalog/from/helpers';
import { provisionersOf } from '../catalog/facts';
import type { Catalog } from '../catalog/types';
import type { ParsedDocument } from '../parse/document';
import { locate } from '../parse/locate';
import type { Span } from '../text';
import { scorePlaceholders } from '../checks/score/placeholders';
import { servingProvisioners } from '../checks/score/resources';
import type { AssistContext, Completion } from './complete/types';

function isScore(value: unknown): boolean {
  const apiVersion = str(valueAtPath(value, 'apiVersion'));
  return apiVersion?.startsWith('score.dev/') === true;
}

/** Outputs a declared resource's provisioners produce; undefined when any of them may output anything. */
export function resourceOutputs(value: unknown, name: string, catalog: Catalog): { type?: string; outputs?: string[] } {
  const resource = obj(valueAtPath(value, 'resources', name));
  const type = str(resource?.['type']);
  const capability = type ? catalog.lookupType('score-resource', type) : undefined;
  if (!resource || !capability) return { type };
  const serving = servingProvisioners(provisionersOf(capability), resource, str(valueAtPath(value, 'metadata', 'name')) ?? '', name);
  if (serving.length === 0 || serving.some((p) => p.outputs === undefined)) return { type };
  return { type, outputs: [...new Set(serving.flatMap((p) => p.outputs!))] };
}

/** Completion inside an unclosed `${…` on the cursor's line, or undefined when the cursor is not in one. */
export function placeholderCompletions(text: string, offset: number, ctx: AssistContext): Completion[] | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const open = before.lastIndexOf('${');
  if (open === -1 || before.indexOf('}', open) !== -1 || before[open - 1] === '$') return undefined;
  let value: unknown;
  try {
    value = parseDocument(text, { uniqueKeys: false }).toJS({ maxAliasCount: 100 });
  } catch {
    return [];
  }
  if (!isScore(value)) return undefined;
  const ref = before.slice(open + 2);
  const parts = ref.split('.');
  const typed = parts[parts.length - 1]!;
  const replace: Span = { start: offset - typed.length, end: offset };
  const item = (label: string, detail: string, documentation?: string): Completion => ({ label, kind: 'reference', detail, documentation, insertText: label, snippet: false, replace });
  if (parts.length === 1) return [item('resources', 'a resource output: ${resources.<name>.<output>}'), item('metadata', 'workload metadata: ${metadata.<key>}')];
  if (parts[0] === 'metadata' && parts.length === 2) return Object.keys(obj(valueAtPath(value, 'metadata')) ?? {}).map((k) => item(k, 'workload metadata'));
  if (parts[0] !== 'resources') return [];
  if (parts.length === 2) {
    return Object.entries(obj(valueAtPath(value, 'resources')) ?? {}).map(([name, resource]) => item(name, `resource of type ${str(obj(resource)?.['type']) ?? '?'}`));
  }
  if (parts.length === 3) {
    const { type, outputs } = resourceOutputs(value, parts[1]!, ctx.catalog);
    return (outputs ?? []).map((output) => item(output, `output of ${parts[1]} (${type})`));
  }
  return [];
}

/** The placeholder at `offset`, with what it resolves to. */
export function placeholderAt(doc: ParsedDocument, offset: number): { parts: string[]; span: Span; text: string } | undefined {
  if (!isScore(doc.value)) return undefined;
  return scorePlaceholders(doc).find((p) => offset >= p.span.start && offset <= p.span.end);
}

export function placeholderHover(doc: ParsedDocument, offset: number, ctx: AssistContext): { markdown: string; span: Span } | undefined {
  const placeholder = placeholderAt(doc, offset);
  if (!placeholder) return undefined;
  const [scope, name, output] = placeholder.parts;
  if (scope === 'metadata') return { markdown: `\`${placeholder.text}\` — workload metadata \`${placeholder.parts.slice(1).join('.')}\``, span: placeholder.span };
  if (scope !== 'resources' || !name) return undefined;
  const { type, outputs } = resourceOutputs(doc.value, name, ctx.catalog);
  const lines = [`\`${placeholder.text}\` — ${output ? `output \`${output}\` of` : 'the'} resource \`${name}\`${type ? ` (type \`${type}\`)` : ''}`];
  if (outputs) lines.push('', `Its provisioners output: ${outputs.map((o) => `\`${o}\``).join(', ')}`);
  return { markdown: lines.join('\n'), span: placeholder.span };
}

/** A placeholder → the declaration of the resource it names, in the same document. */
export function placeholderDefinition(doc: ParsedDocument, offset: number): { from: Span; to: Span } | undefined {
  const placeholder = placeholderAt(doc, offset);
  if (!placeholder || placeholder.parts[0] !== 'resources' || !placeholder.parts[1]) return undefined;
  const declared = locate(doc.ast.contents, ['resources', placeholder.parts[1]]).key;
  return declared ? { from: placeholder.span, to: declared } : undefined;
}
