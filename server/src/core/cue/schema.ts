/**
 * CUE expressions (from `cue/parser.ts`) → JSON schema, for KubeVela `parameter` blocks. No CUE is
 * evaluated: each construct maps to the schema of the values it admits.
 * - `string`, `int`, `float`, `number`, `bool`, `bytes`, `null`, `uint*`/`int*` → the JSON type;
 * - literals → a one-value enum; `a | b` → enum or `anyOf`; `*x | T` → T with `default: x`;
 * - `a & b` → both (bounds `>=1`, `<10`, `=~"re"` become minimum/maximum/pattern);
 * - `{…}` → an object whose undeclared fields are reported (KubeVela accepts them only without its
 *   `ValidateUndeclaredParameters` gate, but Platform Aware flags them); `...`, an unresolvable embedding
 *   or a dynamic label makes it open; `[string]: T` → `additionalProperties: T`; fields inside `if`/`for`
 *   comprehensions are optional;
 * - `[...T]` → array of T; references to `#Def`s and fields in enclosing scopes are resolved;
 * - `// +usage=` above a field → its description.
 * Anything else (references to `context`, imported packages, arithmetic, calls other than `close`) is
 * unknown: its schema is empty (accepts anything) and it never makes a parameter required.
 */
import type { JsonSchema } from '../catalog/types';
import type { Decl, Expr } from './ast';
import { intersectionOf, mergeObjects, unionOf } from './combine';

export interface Shape {
  schema: JsonSchema;
  /** A value must be supplied: an incomplete scalar without a default (`string`, `"a" | "b"`, `int & >0`). */
  needsValue: boolean;
  /** The expression's meaning is unknown here (a reference to `context`, a function call, arithmetic). */
  unknown?: boolean;
  /** The concrete JSON value, for literals (defaults are taken from it). */
  value?: { is: unknown };
}

export interface Scope {
  decls: readonly Decl[];
  parent?: Scope;
}

export class TooComplex extends Error {}

const TYPES: Record<string, JsonSchema> = {
  string: { type: 'string' },
  bytes: { type: 'string' },
  bool: { type: 'boolean' },
  int: { type: 'integer' },
  float: { type: 'number' },
  number: { type: 'number' },
  ...Object.fromEntries(['int8', 'int16', 'int32', 'int64', 'int128', 'rune'].map((t) => [t, { type: 'integer' }])),
  ...Object.fromEntries(['uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uint128', 'byte'].map((t) => [t, { type: 'integer', minimum: 0 }])),
  ...Object.fromEntries(['float32', 'float64'].map((t) => [t, { type: 'number' }])),
};
const UNKNOWN: Shape = { schema: {}, needsValue: false, unknown: true };
const MAX_DEPTH = 48;
const MAX_STEPS = 50_000;

export class SchemaBuilder {
  private steps = 0;
  private readonly resolving = new Set<Decl>();

  shapeOf(expr: Expr, scope: Scope, depth = 0): Shape {
    if (++this.steps > MAX_STEPS) throw new TooComplex(`more than ${MAX_STEPS} steps`);
    if (depth > MAX_DEPTH) return UNKNOWN;
    switch (expr.kind) {
      case 'string':
        return literal({ type: 'string' }, expr.value);
      case 'number':
        return literal({ type: expr.isFloat ? 'number' : 'integer' }, expr.value);
      case 'interp':
        return { schema: { type: 'string' }, needsValue: false };
      case 'ident':
        return this.identifier(expr.name, scope, depth);
      case 'struct':
        // `{}` as a type is any struct (CUE structs are open); only declared fields make one closed here.
        if (expr.decls.length === 0) return { schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, needsValue: false };
        return { schema: this.structSchema(expr.decls, scope, depth), needsValue: false };
      case 'list':
        return this.list(expr, scope, depth);
      case 'unary':
        return this.unary(expr.op, expr.operand, scope, depth);
      case 'binary':
        if (expr.op === '|') return this.disjunction(expr, scope, depth);
        if (expr.op === '&') return this.unification(this.shapeOf(expr.left, scope, depth + 1), this.shapeOf(expr.right, scope, depth + 1));
        return UNKNOWN;
      case 'call':
        // close({...}) only forbids undeclared fields, which every struct here does already.
        if (expr.fn.kind === 'ident' && expr.fn.name === 'close' && expr.args.length === 1) return this.shapeOf(expr.args[0]!, scope, depth + 1);
        return UNKNOWN;
      case 'bottom':
      case 'select':
      case 'index':
        return UNKNOWN;
    }
  }

  /** The object schema of a struct's declarations. */
  structSchema(decls: readonly Decl[], outer: Scope, depth: number): JsonSchema {
    const scope: Scope = { decls, parent: outer };
    let schema: JsonSchema = { type: 'object', properties: {} };
    // Read afresh each time: an embedding replaces the schema object.
    const properties = () => schema['properties'] as Record<string, JsonSchema>;
    const required = new Set<string>();
    const optionalOnly = new Set<string>();
    let isOpen = false;
    let additional: JsonSchema | undefined;
    for (const decl of decls) {
      switch (decl.kind) {
        case 'field': {
          if (decl.label.isDynamic) {
            isOpen = true;
            break;
          }
          if (decl.label.isDefinition || decl.label.isHidden) break;
          const shape = this.shapeOf(decl.value, scope, depth + 1);
          const described = withDescription(shape.schema, decl.doc);
          const name = decl.label.name;
          const own = properties();
          own[name] = name in own ? intersectionOf(own[name]!, described) : described;
          if (decl.required || (!decl.optional && shape.needsValue)) required.add(name);
          else if (decl.optional) optionalOnly.add(name);
          break;
        }
        case 'pattern': {
          const value = this.shapeOf(decl.value, scope, depth + 1).schema;
          if (decl.pattern.kind === 'ident' && (decl.pattern.name === 'string' || decl.pattern.name === '_')) additional = additional ? intersectionOf(additional, value) : value;
          else isOpen = true;
          break;
        }
        case 'ellipsis':
          isOpen = true;
          break;
        case 'embed': {
          const embedded = this.shapeOf(decl.expr, scope, depth + 1);
          if (embedded.schema['type'] === 'object' && embedded.schema['properties'] !== undefined) schema = mergeObjects(schema, embedded.schema);
          else isOpen = true;
          break;
        }
        case 'comprehension': {
          // Fields that exist only under a condition (or per loop iteration) are never required.
          const body = this.structSchema(decl.body.decls, scope, depth + 1);
          if (decl.clauses.includes('for') || body['x-kubernetes-preserve-unknown-fields'] === true) isOpen = true;
          for (const [name, sub] of Object.entries((body['properties'] as Record<string, JsonSchema>) ?? {})) {
            const target = properties();
            if (!(name in target)) target[name] = sub;
            else if (JSON.stringify(target[name]) !== JSON.stringify(sub) && !required.has(name)) target[name] = {};
          }
          break;
        }
        case 'let':
          break;
      }
    }
    const mergedRequired = new Set([...((schema['required'] as string[] | undefined) ?? []), ...required]);
    if (mergedRequired.size > 0) schema['required'] = [...mergedRequired].filter((n) => !optionalOnly.has(n) || required.has(n));
    if (additional) schema['additionalProperties'] = additional;
    if (isOpen) schema['x-kubernetes-preserve-unknown-fields'] = true;
    return schema;
  }

  private identifier(name: string, scope: Scope, depth: number): Shape {
    if (name in TYPES) return { schema: { ...TYPES[name] }, needsValue: true };
    if (name === 'true' || name === 'false') return literal({ type: 'boolean' }, name === 'true');
    if (name === 'null') return { schema: { type: 'null' }, needsValue: false, value: { is: null } };
    if (name === '_') return { schema: {}, needsValue: false };
    for (let at: Scope | undefined = scope; at; at = at.parent) {
      const found = at.decls.filter((d): d is Decl & { kind: 'field' } => d.kind === 'field' && !d.label.isDynamic && d.label.name === name);
      if (found.length === 0) {
        if (at.decls.some((d) => d.kind === 'let' && d.name === name)) return UNKNOWN;
        continue;
      }
      if (found.some((d) => this.resolving.has(d))) return UNKNOWN;
      let shape: Shape | undefined;
      for (const decl of found) {
        this.resolving.add(decl);
        try {
          const own = this.shapeOf(decl.value, at, depth + 1);
          shape = shape ? this.unification(shape, own) : own;
        } finally {
          this.resolving.delete(decl);
        }
      }
      return shape!;
    }
    return UNKNOWN;
  }

  private list(expr: Expr & { kind: 'list' }, scope: Scope, depth: number): Shape {
    if (expr.rest && expr.elems.length === 0 && !expr.hasComprehension) {
      const items = this.shapeOf(expr.rest, scope, depth + 1).schema;
      return { schema: Object.keys(items).length ? { type: 'array', items } : { type: 'array' }, needsValue: false };
    }
    const values = expr.rest || expr.hasComprehension ? undefined : expr.elems.map((e) => this.shapeOf(e, scope, depth + 1).value);
    const value = values?.every((v) => v !== undefined) ? { is: values.map((v) => v!.is) } : undefined;
    return { schema: { type: 'array' }, needsValue: false, value };
  }

  private unary(op: string, operand: Expr, scope: Scope, depth: number): Shape {
    const inner = this.shapeOf(operand, scope, depth + 1);
    const number = typeof inner.value?.is === 'number' ? (inner.value.is as number) : undefined;
    switch (op) {
      case '*':
        return { ...inner, needsValue: false };
      case '-':
        return number === undefined ? UNKNOWN : literal({ type: inner.schema['type'] as string }, -number);
      case '+':
        return inner;
      case '>=':
        return number === undefined ? UNKNOWN : { schema: { minimum: number }, needsValue: true };
      case '>':
        return number === undefined ? UNKNOWN : { schema: { exclusiveMinimum: number }, needsValue: true };
      case '<=':
        return number === undefined ? UNKNOWN : { schema: { maximum: number }, needsValue: true };
      case '<':
        return number === undefined ? UNKNOWN : { schema: { exclusiveMaximum: number }, needsValue: true };
      case '=~':
        return typeof inner.value?.is === 'string' && isJsRegExp(inner.value.is) ? { schema: { type: 'string', pattern: inner.value.is }, needsValue: true } : { schema: { type: 'string' }, needsValue: true };
      default:
        return UNKNOWN;
    }
  }

  private disjunction(expr: Expr, scope: Scope, depth: number): Shape {
    const alternatives: { expr: Expr; isDefault: boolean }[] = [];
    const flatten = (e: Expr) => {
      if (e.kind === 'binary' && e.op === '|') {
        flatten(e.left);
        flatten(e.right);
      } else if (e.kind === 'unary' && e.op === '*') alternatives.push({ expr: e.operand, isDefault: true });
      else if (e.kind !== 'bottom') alternatives.push({ expr: e, isDefault: false });
    };
    flatten(expr);
    const shapes = alternatives.map((a) => ({ ...this.shapeOf(a.expr, scope, depth + 1), isDefault: a.isDefault }));
    if (shapes.length === 0) return UNKNOWN;
    const defaults = shapes.filter((s) => s.isDefault);
    const schema = { ...unionOf(shapes.map((s) => s.schema)) };
    if (defaults.length === 1 && defaults[0]!.value !== undefined) schema['default'] = defaults[0]!.value.is;
    return {
      schema,
      needsValue: defaults.length === 0 && (shapes.length > 1 || shapes[0]!.needsValue) && !shapes.some((s) => s.unknown),
      unknown: shapes.some((s) => s.unknown) || undefined,
    };
  }

  private unification(a: Shape, b: Shape): Shape {
    if (a.unknown || b.unknown) return { schema: intersectionOf(a.schema, b.schema), needsValue: false, unknown: true };
    const value = a.value ?? b.value;
    return { schema: intersectionOf(a.schema, b.schema), needsValue: value === undefined && (a.needsValue || b.needsValue), value };
  }
}

function literal(base: JsonSchema, value: unknown): Shape {
  return { schema: { ...base, enum: [value] }, needsValue: false, value: { is: value } };
}

/** The `+usage=` line of a field's comments (KubeVela's convention), as the field's description. */
function withDescription(schema: JsonSchema, doc: string[] | undefined): JsonSchema {
  const usage = doc?.find((line) => line.startsWith('+usage='));
  return usage ? { ...schema, description: usage.slice('+usage='.length).trim() } : schema;
}

/** CUE patterns are RE2; ajv compiles them as JavaScript RegExps. A pattern JS cannot read is dropped. */
function isJsRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
