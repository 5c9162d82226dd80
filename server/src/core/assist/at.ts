/** What is at an offset of a parsed document: a key or a scalar value, its path and its span. */
import { isMap, isScalar, isSeq, Node } from 'yaml';
import type { ParsedDocument } from '../parse/document';
import { keyText, PathSegment } from '../parse/locate';
import type { Span } from '../text';

export interface NodeAt {
  on: 'key' | 'value';
  /** For a key, the path including that key; for a value, the path of the value. */
  path: PathSegment[];
  span: Span;
  /** The scalar's value (the key's text for a key). */
  value: unknown;
}

export function nodeAt(doc: ParsedDocument, offset: number): NodeAt | undefined {
  return visit(doc.ast.contents, [], offset);
}

function contains(node: unknown, offset: number): boolean {
  const range = (node as Node | null)?.range;
  return !!range && offset >= range[0] && offset <= range[1];
}

function visit(node: unknown, path: PathSegment[], offset: number): NodeAt | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = keyText(pair.key);
      if (key === undefined) continue;
      if (isScalar(pair.key) && contains(pair.key, offset)) return { on: 'key', path: [...path, key], span: { start: pair.key.range![0], end: pair.key.range![1] }, value: key };
      if (contains(pair.value, offset)) return visit(pair.value, [...path, key], offset);
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      if (contains(node.items[i], offset)) return visit(node.items[i], [...path, i], offset);
    }
  } else if (isScalar(node) && node.range) {
    return { on: 'value', path, span: { start: node.range[0], end: node.range[1] }, value: node.value };
  }
  return undefined;
}
