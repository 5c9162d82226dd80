/**
 * Finds the YAML nodes behind a path of object keys and array indexes (an ajv `instancePath`, a
 * parameter path), so findings can sit on the exact key or value.
 */
import { isMap, isPair, isScalar, isSeq, Node, Pair } from 'yaml';
import type { Span } from '../text';

export type PathSegment = string | number;

export interface Located {
  /** The key node of the last segment when it names a map entry. */
  key?: Span;
  /** The value node, when the path exists in the document. */
  value?: Span;
  /** How many segments matched; less than the path's length when the path leaves the document. */
  depth: number;
  /** The value is a map or a sequence: a finding about it reads better on its key than on its block. */
  collection: boolean;
}

export function locate(root: Node | null | undefined, path: readonly PathSegment[]): Located {
  let node: unknown = root;
  let key: Span | undefined;
  let value = spanOf(root);
  let depth = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p: Pair<unknown, unknown>) => keyText(p.key) === String(segment));
      if (!pair) break;
      key = spanOf(pair.key);
      node = pair.value;
      value = spanOf(pair.value) ?? key;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      key = undefined;
      value = spanOf(node);
    } else break;
    depth++;
  }
  return { key, value, depth, collection: isMap(node) || isSeq(node) };
}

/** The span a finding about this path should cover: the key for a map entry, else the value. */
export function keyOrValueSpan(located: Located): Span | undefined {
  return located.key ?? located.value;
}

export function spanOf(node: unknown): Span | undefined {
  if (isPair(node)) return spanOf(node.key);
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

export function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

/** `/spec/parameters/0/name` → ['spec', 'parameters', 0, 'name'] (RFC 6901 unescaping). */
export function fromJsonPointer(pointer: string, value: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let current: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const asIndex = Array.isArray(current) && /^\d+$/.test(segment) ? Number(segment) : segment;
    segments.push(asIndex);
    current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
  }
  return segments;
}

/** `['spec', 'containers', 0, 'image']` → `spec.containers[0].image`, the way Kubernetes names fields. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out === '' ? '(root)' : out;
}
