/**
 * "Add missing required parameters": inserts every required key the object lacks, with its schema
 * default or a typed placeholder, below the keys it already has (block style only: a flow map is left to
 * the user rather than reformatted).
 */
import { isMap, isScalar } from 'yaml';
import type { Catalog } from '../../catalog/types';
import type { SuggestedFix } from '../../checks/finding';
import type { ParsedDocument } from '../../parse/document';
import { keyText, locate, PathSegment } from '../../parse/locate';
import { propertiesOf, requiredOf, schemaAt } from '../schemaAt';
import { requiredLines } from '../skeleton';
import { schemaTargetAt } from '../target';

export function addMissingRequired(doc: ParsedDocument, path: readonly PathSegment[], catalog: Catalog): SuggestedFix | undefined {
  const target = schemaTargetAt(catalog, doc.value, path);
  if (!target) return undefined;
  const schema = schemaAt(target.schema, target.path);
  let node: unknown = doc.ast.contents;
  for (const segment of path) node = isMap(node) ? node.get(segment, true) : (node as { items?: unknown[] } | null)?.items?.[segment as number];
  if (!isMap(node) || node.flow) return undefined;
  const present = new Set(node.items.map((p) => keyText(p.key)));
  const missing = requiredOf(schema).filter((key) => !present.has(key));
  if (missing.length === 0) return undefined;
  const onlyMissing = { ...schema, required: missing, properties: Object.fromEntries(missing.map((k) => [k, propertiesOf(schema)[k] ?? {}])) };
  const firstKey = node.items[0]?.key;
  const keyLine = path.length > 0 ? locate(doc.ast.contents, path).key : undefined;
  const indent = isScalar(firstKey) && firstKey.range ? column(doc.text, firstKey.range[0]) : (keyLine ? column(doc.text, keyLine.start) + 2 : 0);
  const lines = requiredLines(onlyMissing, 0, { snippet: false }).map((line) => `${' '.repeat(indent)}${line}`);
  // After the object's last line: its range ends where the next sibling (or the document) begins.
  const end = node.range ? lineEnd(doc.text, node.range[1]) : doc.text.length;
  const at = node.items.length === 0 && keyLine ? lineEnd(doc.text, keyLine.end) : end;
  const prefix = at > 0 && doc.text[at - 1] !== '\n' ? '\n' : '';
  return { title: `Add missing required ${missing.length === 1 ? `field ${missing[0]}` : `fields ${missing.join(', ')}`}`, edits: [{ span: { start: at, end: at }, newText: `${prefix}${lines.join('\n')}\n` }] };
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The offset just after the line that contains `offset` (or after the previous line if at a line start). */
function lineEnd(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}
