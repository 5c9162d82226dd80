/** The syntax tree `cue/parser.ts` produces: expressions and struct declarations, each with its span. */
import type { Span } from '../text';

export type Expr =
  | { kind: 'struct'; decls: Decl[]; span: Span }
  | { kind: 'list'; elems: Expr[]; /** `...T` at the end: the type of further elements (`top` for a bare `...`). */ rest?: Expr; hasComprehension: boolean; span: Span }
  | { kind: 'ident'; name: string; span: Span }
  | { kind: 'select'; base: Expr; name: string; span: Span }
  | { kind: 'index'; base: Expr; index: Expr; span: Span }
  | { kind: 'call'; fn: Expr; args: Expr[]; span: Span }
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'interp'; span: Span }
  | { kind: 'number'; value: number; isFloat: boolean; span: Span }
  | { kind: 'bottom'; span: Span }
  | { kind: 'unary'; op: string; operand: Expr; span: Span }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; span: Span };

export interface Label {
  name: string;
  /** `#Name`: a definition (closed, not part of the data). */
  isDefinition: boolean;
  /** `_name`: a hidden field (not part of the data). */
  isHidden: boolean;
  /** `(expr)` or an interpolated string: the name is only known when the CUE is evaluated. */
  isDynamic: boolean;
  span: Span;
}

export type Decl =
  | { kind: 'field'; label: Label; optional: boolean; required: boolean; value: Expr; doc?: string[]; span: Span }
  /** `[string]: T`, `[=~"^x"]: T`: every other field matching the pattern has type T. */
  | { kind: 'pattern'; pattern: Expr; value: Expr; span: Span }
  /** `...` or `...T`: the struct is open. */
  | { kind: 'ellipsis'; span: Span }
  /** An expression among the fields (`#Base`, `close({...})`): its fields are unified in. */
  | { kind: 'embed'; expr: Expr; span: Span }
  /** `if cond {…}`, `for k, v in x {…}`: fields that exist only for some values. */
  | { kind: 'comprehension'; clauses: ('if' | 'for')[]; body: Expr & { kind: 'struct' }; span: Span }
  | { kind: 'let'; name: string; value: Expr; span: Span };

export interface CueFile {
  decls: Decl[];
}
