/**
 * A parser for the subset of CUE that KubeVela definitions use to declare parameters, so Platform Aware
 * can derive a parameter schema without evaluating CUE. No maintained CUE parser exists on npm: the two
 * packages there are WebAssembly builds of the Go tool from 2021–2022 (CUE v0.4), asynchronous, several
 * megabytes, patching Node's globals, and they reject any template that refers to KubeVela's `context`.
 *
 * Read: package and import clauses (skipped); fields with identifier, quoted, `#definition`, `_hidden`
 * and `(dynamic)` labels, `?` optional and `!` required markers, chained labels (`a: b: c: 1`), aliases
 * (`X=name:`), attributes (`@go(…)`, skipped); pattern constraints `[string]: T`; `...`; embeddings;
 * `if`/`for`/`let` comprehensions in structs and lists; every unary and binary operator with the spec's
 * precedence (`|` < `&` < `||` < `&&` < comparisons < `+ -` < `* /`), defaults `*x`, bounds (`>=1`,
 * `=~"re"`); selectors, index and slice expressions, calls; literals including multi-line, raw and
 * interpolated strings and number multipliers.
 * Outside the subset (a syntax error, so the definition's parameters are reported as not derivable):
 * the pre-v0.3 `::` definition syntax, `ident?` optional labels written as `"name"?` after an alias,
 * Unicode identifiers beyond ASCII, and byte-string escapes other than the common ones.
 */
import type { CueFile, Decl, Expr, Label } from './ast';
import { CueSyntaxError, tokenize } from './lexer';
import { TokenStream, UNARY } from './tokenStream';

export type CueParse = { ok: true; file: CueFile } | { ok: false; message: string; offset: number };

const BINARY_PRECEDENCE: Record<string, number> = { '|': 1, '&': 2, '||': 3, '&&': 4, '==': 5, '!=': 5, '<': 5, '<=': 5, '>': 5, '>=': 5, '=~': 5, '!~': 5, '+': 6, '-': 6, '*': 7, '/': 7 };
const MAX_DEPTH = 200;

export function parseCue(text: string): CueParse {
  try {
    return { ok: true, file: new Parser(tokenize(text)).file() };
  } catch (error) {
    if (error instanceof CueSyntaxError) return { ok: false, message: error.message, offset: error.offset };
    throw error;
  }
}

class Parser extends TokenStream {
  private depth = 0;

  file(): CueFile {
    this.skipCommas();
    if (this.isKeyword('package')) {
      this.pos++;
      this.expectKind('ident');
      this.skipCommas();
    }
    while (this.isKeyword('import')) {
      this.pos++;
      if (this.isPunct('(')) {
        this.pos++;
        while (!this.isPunct(')')) {
          if (this.peek().kind === 'eof') throw this.error('unterminated import list');
          this.pos++;
        }
      } else {
        if (this.peek().kind === 'ident') this.pos++;
        this.expectKind('string');
      }
      this.pos++;
      this.skipCommas();
    }
    const decls = this.decls('eof');
    return { decls };
  }

  /** Declarations up to (not including) `}` or the end of the file. */
  private decls(until: '}' | 'eof'): Decl[] {
    const out: Decl[] = [];
    for (;;) {
      this.skipCommas();
      const token = this.peek();
      if (until === 'eof' ? token.kind === 'eof' : this.isPunct('}')) return out;
      if (token.kind === 'eof') throw this.error('unexpected end of input, expected }');
      out.push(this.decl());
      while (this.isPunct('@')) this.attribute();
      if (!this.isPunct(',') && !(until === 'eof' ? this.peek().kind === 'eof' : this.isPunct('}'))) throw this.error(`expected , or newline, found ${this.describe()}`);
    }
  }

  private decl(): Decl {
    const start = this.peek().start;
    if (this.isPunct('...')) {
      this.pos++;
      if (this.startsExpr()) this.expr();
      return { kind: 'ellipsis', span: this.spanFrom(start) };
    }
    if (this.isKeyword('let')) {
      this.pos++;
      const name = this.expectKind('ident').text;
      this.expectPunct('=');
      return { kind: 'let', name, value: this.expr(), span: this.spanFrom(start) };
    }
    if (this.isKeyword('if') || this.isKeyword('for')) return this.comprehension(start);
    const field = this.tryField();
    if (field) return field;
    return { kind: 'embed', expr: this.expr(), span: this.spanFrom(start) };
  }

  private comprehension(start: number): Decl {
    const clauses: ('if' | 'for')[] = [];
    while (this.isKeyword('if') || this.isKeyword('for') || this.isKeyword('let')) {
      const word = this.next().text;
      if (word === 'let') {
        this.expectKind('ident');
        this.expectPunct('=');
        this.expr();
        continue;
      }
      clauses.push(word as 'if' | 'for');
      if (word === 'for') {
        this.expectKind('ident');
        if (this.isPunct(',')) {
          this.pos++;
          this.expectKind('ident');
        }
        this.expectKeyword('in');
      }
      this.expr();
    }
    const body = this.struct();
    return { kind: 'comprehension', clauses, body, span: this.spanFrom(start) };
  }

  /** A field (or a pattern constraint), or undefined with the position restored when this is an embedding. */
  private tryField(): Decl | undefined {
    const saved = this.pos;
    const start = this.peek().start;
    const doc = this.peek().doc;
    // An alias `X=label: value`.
    if (this.peek().kind === 'ident' && this.peekAt(1).kind === 'punct' && this.peekAt(1).text === '=') this.pos += 2;
    if (this.isPunct('[')) {
      this.pos++;
      // An alias inside the pattern: `[Name=string]: T`.
      if (this.peek().kind === 'ident' && this.peekAt(1).kind === 'punct' && this.peekAt(1).text === '=') this.pos += 2;
      const pattern = this.startsExpr() ? this.expr() : ({ kind: 'ident', name: '_', span: this.spanFrom(start) } as Expr);
      if (!this.isPunct(']') || this.peekAt(1).text !== ':' || this.peekAt(1).kind !== 'punct') {
        this.pos = saved;
        return undefined;
      }
      this.pos += 2;
      return { kind: 'pattern', pattern, value: this.fieldValue(), span: this.spanFrom(start) };
    }
    const label = this.label();
    if (!label) {
      this.pos = saved;
      return undefined;
    }
    let optional = false;
    let required = false;
    if (this.isPunct('?')) {
      optional = true;
      this.pos++;
    } else if (this.isPunct('!') && this.peekAt(1).text === ':') {
      required = true;
      this.pos++;
    }
    if (!this.isPunct(':')) {
      this.pos = saved;
      return undefined;
    }
    this.pos++;
    return { kind: 'field', label, optional, required, value: this.fieldValue(), doc, span: this.spanFrom(start) };
  }

  /** The value after `:`, where another label may follow (`a: b: 1` is `a: {b: 1}`). */
  private fieldValue(): Expr {
    const start = this.peek().start;
    const chained = this.tryField();
    if (chained) return { kind: 'struct', decls: [chained], span: this.spanFrom(start) };
    return this.expr();
  }

  private label(): Label | undefined {
    const token = this.peek();
    if (token.kind === 'ident' || token.kind === 'keyword') {
      this.pos++;
      const name = token.text;
      return { name, isDefinition: name.startsWith('#'), isHidden: name.startsWith('_') || name.startsWith('#_'), isDynamic: false, span: { start: token.start, end: token.end } };
    }
    if (token.kind === 'string' || token.kind === 'interp') {
      this.pos++;
      return { name: token.text, isDefinition: false, isHidden: false, isDynamic: token.kind === 'interp', span: { start: token.start, end: token.end } };
    }
    if (this.isPunct('(')) {
      this.pos++;
      this.expr();
      this.expectPunct(')');
      return { name: '', isDefinition: false, isHidden: false, isDynamic: true, span: this.spanFrom(token.start) };
    }
    return undefined;
  }

  expr(minPrecedence = 1): Expr {
    if (++this.depth > MAX_DEPTH) throw this.error('expression nested too deeply');
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      const precedence = token.kind === 'punct' ? BINARY_PRECEDENCE[token.text] : undefined;
      if (precedence === undefined || precedence < minPrecedence) break;
      this.pos++;
      const right = this.expr(precedence + 1);
      left = { kind: 'binary', op: token.text, left, right, span: { start: left.span.start, end: right.span.end } };
    }
    this.depth--;
    return left;
  }

  private unary(): Expr {
    const token = this.peek();
    if (token.kind === 'punct' && UNARY.has(token.text)) {
      this.pos++;
      const operand = this.unary();
      return { kind: 'unary', op: token.text, operand, span: { start: token.start, end: operand.span.end } };
    }
    return this.primary();
  }

  private primary(): Expr {
    let expr = this.operand();
    for (;;) {
      if (this.isPunct('.')) {
        this.pos++;
        const name = this.next();
        if (name.kind !== 'ident' && name.kind !== 'string' && name.kind !== 'keyword') throw this.error('expected a selector after .');
        expr = { kind: 'select', base: expr, name: name.text, span: { start: expr.span.start, end: name.end } };
      } else if (this.isPunct('[')) {
        this.pos++;
        const index = this.isPunct(':') ? expr : this.expr();
        if (this.isPunct(':')) {
          this.pos++;
          if (!this.isPunct(']')) this.expr();
        }
        const close = this.expectPunct(']');
        expr = { kind: 'index', base: expr, index, span: { start: expr.span.start, end: close.end } };
      } else if (this.isPunct('(')) {
        this.pos++;
        const args: Expr[] = [];
        while (!this.isPunct(')')) {
          this.skipCommas();
          if (this.isPunct(')')) break;
          args.push(this.expr());
          this.skipCommas();
        }
        const close = this.expectPunct(')');
        expr = { kind: 'call', fn: expr, args, span: { start: expr.span.start, end: close.end } };
      } else return expr;
    }
  }

  private operand(): Expr {
    const token = this.peek();
    const span = { start: token.start, end: token.end };
    switch (token.kind) {
      case 'ident':
      case 'keyword':
        this.pos++;
        return { kind: 'ident', name: token.text, span };
      case 'string':
        this.pos++;
        return { kind: 'string', value: token.text, span };
      case 'interp':
        this.pos++;
        return { kind: 'interp', span };
      case 'number':
        this.pos++;
        return { kind: 'number', value: token.value!, isFloat: token.isFloat === true, span };
      default:
    }
    if (this.isPunct('_|_')) {
      this.pos++;
      return { kind: 'bottom', span };
    }
    if (this.isPunct('(')) {
      this.pos++;
      this.skipCommas();
      const inner = this.expr();
      this.skipCommas();
      this.expectPunct(')');
      return inner;
    }
    if (this.isPunct('{')) return this.struct();
    if (this.isPunct('[')) return this.list();
    throw this.error(`unexpected ${this.describe()}`);
  }

  private struct(): Expr & { kind: 'struct' } {
    const open = this.expectPunct('{');
    this.depth++;
    const decls = this.decls('}');
    this.depth--;
    const close = this.expectPunct('}');
    return { kind: 'struct', decls, span: { start: open.start, end: close.end } };
  }

  private list(): Expr {
    const open = this.expectPunct('[');
    const elems: Expr[] = [];
    let rest: Expr | undefined;
    let hasComprehension = false;
    for (;;) {
      this.skipCommas();
      if (this.isPunct(']')) break;
      if (this.isPunct('...')) {
        const at = this.next();
        rest = this.startsExpr() ? this.expr() : { kind: 'ident', name: '_', span: { start: at.start, end: at.end } };
      } else if (this.isKeyword('for') || this.isKeyword('if')) {
        this.comprehension(this.peek().start);
        hasComprehension = true;
      } else elems.push(this.expr());
      this.skipCommas();
      if (!this.isPunct(']') && elems.length + (rest ? 1 : 0) > 0 && this.tokens[this.pos - 1]?.text !== ',') throw this.error(`expected , or ], found ${this.describe()}`);
    }
    const close = this.expectPunct(']');
    return { kind: 'list', elems, rest, hasComprehension, span: { start: open.start, end: close.end } };
  }

  /** `@name(...)`: metadata for other tools, skipped with balanced parentheses. */
  private attribute(): void {
    this.pos++;
    this.expectKind('ident');
    if (!this.isPunct('(')) return;
    let depth = 0;
    do {
      const token = this.next();
      if (token.kind === 'eof') throw this.error('unterminated attribute');
      if (token.text === '(') depth++;
      else if (token.text === ')') depth--;
    } while (depth > 0);
  }
}
