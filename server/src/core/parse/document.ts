/**
 * One YAML document, parsed on its own with positions relative to its chunk. Everything the checks and
 * assists need about a document is derived here once per chunk text and then shared (the parse result is
 * immutable: no feature mutates the AST or the plain value).
 */
import { Document, isMap, isScalar, parseDocument, YAMLMap } from 'yaml';
import { LineIndex, Span } from '../text';
import { holdsSyntaxTree, syntaxTreeClock, TreeHolder } from './syntaxTrees';

/** Limits that keep a hostile document (alias bombs, deep nesting) from exhausting the server. */
export const PARSE_LIMITS = {
  /** Passed to `yaml`'s toJS: alias expansions beyond this are refused ("billion laughs"). */
  maxAliasCount: 100,
};

export interface ParseProblem {
  span: Span;
  message: string;
  /** The `yaml` package's error code, e.g. MISSING_CHAR, DUPLICATE_KEY. */
  yamlCode: string;
}

/** apiVersion/kind/metadata of a Kubernetes-style object, with the spans features point at. */
export interface ResourceHead {
  apiVersion: string;
  group: string;
  version: string;
  kind: string;
  name?: string;
  namespace?: string;
  apiVersionSpan: Span;
  kindSpan: Span;
  nameSpan?: Span;
}

export interface ParsedDocument {
  readonly text: string;
  /**
   * The syntax tree. Between operations it may have been dropped to save memory (syntaxTrees.ts); reading it
   * then parses the text again, which gives an equal tree. Never kept across operations by a caller.
   */
  readonly ast: Document.Parsed;
  /** The first parse problem, if any: later ones in the same document are nearly always its echoes. */
  readonly syntaxError?: ParseProblem;
  /** The plain value (`toJS`), or a problem when even that failed (an alias bomb). */
  readonly value: unknown;
  readonly valueProblem?: string;
  readonly head?: ResourceHead;
  lineIndex(): LineIndex;
  /** Drops the tree now: for a document whose derived facts are all that is kept (a file read by the scan). */
  releaseTree(): void;
}

export function parseChunk(text: string): ParsedDocument {
  return new ChunkDocument(text);
}

function parseTree(text: string): Document.Parsed {
  return parseDocument(text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
}

/** Everything but the tree is derived once, at construction, and kept for the document's life. */
class ChunkDocument implements ParsedDocument, TreeHolder {
  readonly syntaxError?: ParseProblem;
  readonly value: unknown = null;
  readonly valueProblem?: string;
  readonly head?: ResourceHead;
  lastUse = syntaxTreeClock();
  private tree: Document.Parsed | undefined;
  private index: LineIndex | undefined;

  constructor(readonly text: string) {
    const ast = (this.tree = parseTree(text));
    const first = ast.errors[0];
    if (first) this.syntaxError = { span: widenToToken(text, first.pos[0], Math.max(first.pos[1], first.pos[0] + 1)), message: cleanMessage(first.message), yamlCode: first.code };
    try {
      this.value = ast.toJS({ maxAliasCount: PARSE_LIMITS.maxAliasCount });
    } catch (error) {
      this.valueProblem = error instanceof Error ? error.message : String(error);
    }
    this.head = readHead(ast);
    // Last: a trim it may start must not drop this tree before the value and head were read from it.
    holdsSyntaxTree(this);
  }

  get ast(): Document.Parsed {
    this.lastUse = syntaxTreeClock();
    let tree = this.tree;
    if (!tree) {
      tree = this.tree = parseTree(this.text);
      holdsSyntaxTree(this);
    }
    return tree;
  }

  get hasTree(): boolean {
    return this.tree !== undefined;
  }

  releaseTree(): void {
    this.tree = undefined;
  }

  lineIndex(): LineIndex {
    return (this.index ??= new LineIndex(this.text));
  }
}

/** The parser marks some errors with one character (a duplicate key's first letter); cover the whole token. */
function widenToToken(text: string, start: number, end: number): Span {
  if (end - start !== 1 || !/[\w-]/.test(text[start] ?? '')) return { start, end };
  let stop = end;
  while (stop < text.length && /[\w.-]/.test(text[stop]!)) stop++;
  return { start, end: stop };
}

function cleanMessage(message: string): string {
  // The `yaml` package appends " at line N, column M:" and a code frame; the range already says where.
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

function readHead(ast: Document.Parsed): ResourceHead | undefined {
  const root = ast.contents;
  if (!isMap(root)) return undefined;
  const apiVersion = scalarEntry(root, 'apiVersion');
  const kind = scalarEntry(root, 'kind');
  if (!apiVersion || !kind || typeof apiVersion.value !== 'string' || typeof kind.value !== 'string') return undefined;
  const slash = apiVersion.value.indexOf('/');
  const metadata = root.get('metadata');
  const name = isMap(metadata) ? scalarEntry(metadata, 'name') : undefined;
  const namespace = isMap(metadata) ? scalarEntry(metadata, 'namespace') : undefined;
  return {
    apiVersion: apiVersion.value,
    group: slash === -1 ? '' : apiVersion.value.slice(0, slash),
    version: slash === -1 ? apiVersion.value : apiVersion.value.slice(slash + 1),
    kind: kind.value,
    name: name && typeof name.value === 'string' ? name.value : undefined,
    namespace: namespace && typeof namespace.value === 'string' ? namespace.value : undefined,
    apiVersionSpan: apiVersion.span,
    kindSpan: kind.span,
    nameSpan: name?.span,
  };
}

function scalarEntry(map: YAMLMap, key: string): { value: unknown; span: Span } | undefined {
  const node = map.get(key, true);
  if (!isScalar(node) || !node.range) return undefined;
  return { value: node.value, span: { start: node.range[0], end: node.range[1] } };
}
