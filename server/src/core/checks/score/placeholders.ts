/**
 * The `${…}` placeholders of a Score workload, with the exact span of each in the document. Score
 * expands them in container `variables`, file `content` (unless `noExpand`), volume `source`, resource
 * `params` and the `service` section. Parsing follows score-go's `framework/substitution.go`
 * (github.com/score-spec/score-go): `\$((?:\$?{([^}]*)})|\$)` — `$$` is an escaped `$`, `$${x}` the
 * literal text `${x}`, and the reference splits on dots not escaped as `\.`.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { ParsedDocument } from '../../parse/document';
import type { PathSegment } from '../../parse/locate';
import { keyText } from '../../parse/locate';
import { spanInScalar } from '../../parse/scalarSpan';
import type { Span } from '../../text';

export interface Placeholder {
  /** The whole `${…}` text as the value holds it. */
  text: string;
  /** The reference's parts: `${resources.db.host}` → ['resources', 'db', 'host']. */
  parts: string[];
  /** The placeholder in the document (inside the string, whatever its quoting or folding). */
  span: Span;
  /** Where the string is: ['containers', 'web', 'variables', 'DB_HOST']. */
  path: PathSegment[];
}

const PLACEHOLDER = /\$(?:(\$?)\{([^}]*)\}|\$)/g;

/** Placeholders of one string, as offsets into it; escapes (`$$`, `$${…}`) yield nothing. */
export function placeholdersIn(value: string): { start: number; end: number; ref: string }[] {
  const found: { start: number; end: number; ref: string }[] = [];
  for (const match of value.matchAll(PLACEHOLDER)) {
    if (match[2] === undefined || match[1] === '$') continue;
    found.push({ start: match.index!, end: match.index! + match[0].length, ref: match[2] });
  }
  return found;
}

export function splitRef(ref: string): string[] {
  return ref.replace(/\\\./g, '\u0000').split('.').map((part) => part.replace(/\u0000/g, '.'));
}

export function scorePlaceholders(doc: ParsedDocument): Placeholder[] {
  const out: Placeholder[] = [];
  const root = doc.ast.contents;
  const visit = (node: unknown, path: PathSegment[]) => collect(node, path, doc.text, out);
  for (const [name, container] of mapEntries(child(root, 'containers'))) {
    const base: PathSegment[] = ['containers', name];
    for (const [key, value] of mapEntries(child(container, 'variables'))) visit(value, [...base, 'variables', key]);
    forEachItem(child(container, 'files'), (file, at) => {
      const noExpand = child(file, 'noExpand');
      if (isScalar(noExpand) && noExpand.value === true) return;
      visit(child(file, 'content'), [...base, 'files', at, 'content']);
    });
    forEachItem(child(container, 'volumes'), (volume, at) => visit(child(volume, 'source'), [...base, 'volumes', at, 'source']));
  }
  for (const [name, resource] of mapEntries(child(root, 'resources'))) visit(child(resource, 'params'), ['resources', name, 'params']);
  visit(child(root, 'service'), ['service']);
  return out;
}

function mapEntries(node: unknown): [string, unknown][] {
  if (!isMap(node)) return [];
  return node.items.map((pair) => [keyText(pair.key) ?? '', pair.value] as [string, unknown]).filter(([key]) => key !== '');
}

/** Every string below `node` (a whole `params` tree), with its path. */
function collect(node: unknown, path: PathSegment[], text: string, out: Placeholder[]): void {
  if (isScalar(node)) {
    if (typeof node.value !== 'string') return;
    for (const found of placeholdersIn(node.value)) {
      const span = spanInScalar(node, text, found.start, found.end);
      if (span) out.push({ text: node.value.slice(found.start, found.end), parts: splitRef(found.ref), span, path });
    }
  } else if (isMap(node)) {
    for (const pair of node.items) {
      const key = keyText(pair.key);
      if (key !== undefined) collect(pair.value, [...path, key], text, out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => collect(item, [...path, i], text, out));
  }
}

function child(node: unknown, key: string): unknown {
  return isMap(node) ? node.get(key, true) : undefined;
}

/** Files and volumes: a map of target path → details, or the deprecated list of details. */
function forEachItem(node: unknown, visit: (item: unknown, at: PathSegment) => void): void {
  if (isMap(node)) for (const pair of node.items) visit(pair.value, keyText(pair.key) ?? '');
  else if (isSeq(node)) node.items.forEach((item, i) => visit(item, i));
}
