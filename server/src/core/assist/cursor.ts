/**
 * Where the cursor is in a YAML document, structurally: typing a key or a value, under which path, with
 * which partial word. Incomplete YAML is the normal case while typing (`parameters:\n    |`), so the
 * document is re-parsed with a sentinel written at the cursor (`__pa__: null` for a key, `__pa__` for a
 * value) and the real parser says where it landed. No hand-written YAML parsing.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { PathSegment } from '../parse/locate';
import { keyText } from '../parse/locate';
import type { Span } from '../text';

const SENTINEL = '__pa__';

export interface CursorContext {
  position: 'key' | 'value';
  /** Key position: the path of the map the key goes in. Value position: the path of the value. */
  path: PathSegment[];
  /** The partial word at the cursor and its span in the document (what a completion replaces). */
  word: string;
  wordSpan: Span;
  /** Key position: keys the enclosing map already has. */
  siblings: string[];
  /** The document as parsed with the sentinel: to read apiVersion, kind and sibling values. */
  value: unknown;
  /** The indentation of the line (spaces), for multi-line insertions. */
  indent: number;
  /** A value typed right after the colon (`kind:|`): what is inserted needs a space before it. */
  afterColon: boolean;
}

/** Characters of a key or plain value being typed (no quotes, spaces, flow punctuation or colons). */
const WORD = /[^\s:,{}[\]"'#]/;

export function cursorContext(text: string, offset: number): CursorContext | undefined {
  let start = offset;
  while (start > 0 && WORD.test(text[start - 1]!)) start--;
  let end = offset;
  while (end < text.length && WORD.test(text[end]!)) end++;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  if (/#/.test(before.replace(/"[^"]*"|'[^']*'/g, '')) || /^(?:---|\.\.\.)/.test(before)) return undefined;
  const quote = /["']$/.test(before) ? before.slice(-1) : '';
  const lead = before.slice(0, before.length - quote.length).trimEnd();
  const afterWord = text.slice(end + (quote && text[end] === quote ? 1 : 0));
  let patch: string;
  if (lead.endsWith(':')) {
    // `key:|` — without a space YAML would read `key:__pa__` as one plain scalar.
    patch = before.endsWith(':') ? ' __pa__' : '__pa__';
  } else if (/^\s*(?:-\s+)*$/.test(lead) || lead.endsWith('{') || (lead.endsWith(',') && innermostBracket(text, lineStart + lead.length) === '{')) {
    if (quote) return undefined;
    // A key: keep an existing `: value` after it, else give the sentinel a value so the line parses.
    patch = /^[ \t]*:/.test(afterWord) ? '__pa__' : '__pa__: null';
  } else if (lead.endsWith('[') || lead.endsWith(',') || lead.endsWith('-')) {
    patch = '__pa__';
  } else {
    return undefined; // inside a plain scalar that has other words before the cursor
  }
  const word = text.slice(start, offset);
  const patched = `${text.slice(0, start)}${patch}${text.slice(end)}`;
  const ast = parseDocument(patched, { uniqueKeys: false });
  const found = findSentinel(ast.contents, []);
  if (!found) return undefined;
  let value: unknown = null;
  try {
    value = ast.toJS({ maxAliasCount: 100 });
  } catch {
    // An alias bomb: the structure is still known from the AST; values are not needed to go on.
  }
  const dashes = /^(\s*)((?:-\s+)*)/.exec(before)!;
  return {
    position: found.position,
    path: found.path,
    word,
    wordSpan: { start, end },
    siblings: found.siblings,
    value,
    indent: dashes[1]!.length + dashes[2]!.length,
    afterColon: lead.endsWith(':') && before.length === lead.length,
  };
}

/** The innermost `{` or `[` still open at `offset` (quotes skipped), or undefined in block context. */
function innermostBracket(text: string, offset: number): '{' | '[' | undefined {
  const open: string[] = [];
  let quote = '';
  for (let i = Math.max(0, text.lastIndexOf('\n---', offset)); i < offset; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') open.push(c);
    else if (c === '}' || c === ']') open.pop();
  }
  return open[open.length - 1] as '{' | '[' | undefined;
}

interface Found {
  position: CursorContext['position'];
  path: PathSegment[];
  siblings: string[];
}

function findSentinel(node: unknown, path: PathSegment[]): Found | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = keyText(pair.key);
      if (key === SENTINEL) return { position: 'key', path, siblings: node.items.map((p) => keyText(p.key)).filter((k): k is string => k !== undefined && k !== SENTINEL) };
      if (isScalar(pair.value) && pair.value.value === SENTINEL && key !== undefined) return { position: 'value', path: [...path, key], siblings: [] };
      const inner = key === undefined ? undefined : findSentinel(pair.value, [...path, key]);
      if (inner) return inner;
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i];
      if (isScalar(item) && item.value === SENTINEL) return { position: 'value', path: [...path, i], siblings: [] };
      const inner = findSentinel(item, [...path, i]);
      if (inner) return inner;
    }
  } else if (isScalar(node) && node.value === SENTINEL) {
    return { position: 'value', path, siblings: [] };
  }
  return undefined;
}

/** The plain value at a path, read from a parsed document's value. */
export function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

