/**
 * The parameter schema of a KubeVela CUE template: the JSON schema of its `parameter` field(s), derived
 * by `cue/schema.ts`. Used for `spec.schematic.cue.template` of YAML definitions and for the `template:`
 * block of `vela def` CUE files.
 */
import type { JsonSchema } from '../catalog/types';
import type { Decl } from './ast';
import { intersectionOf } from './combine';
import { parseCue } from './parser';
import { SchemaBuilder, Scope, TooComplex } from './schema';

export type ParameterSchema =
  /** `schema` undefined: the template declares no `parameter`, so any properties are accepted. */
  | { ok: true; schema: JsonSchema | undefined }
  | { ok: false; problem: string; offset?: number };

/** The parameter schema of a template's text (the body of `spec.schematic.cue.template`). */
export function parametersOfTemplate(text: string): ParameterSchema {
  const parsed = parseCue(text);
  if (!parsed.ok) return { ok: false, problem: `its CUE template cannot be read (${parsed.message})`, offset: parsed.offset };
  return parametersIn({ decls: parsed.file.decls });
}

/** The parameter schema declared by the fields of `scope` (a template's top level). */
export function parametersIn(scope: Scope): ParameterSchema {
  const fields = scope.decls.filter((d): d is Decl & { kind: 'field' } => d.kind === 'field' && !d.label.isDynamic && d.label.name === 'parameter');
  if (fields.length === 0) return { ok: true, schema: undefined };
  const builder = new SchemaBuilder();
  try {
    let schema: JsonSchema | undefined;
    for (const field of fields) {
      const own = builder.shapeOf(field.value, scope).schema;
      schema = schema ? intersectionOf(schema, own) : own;
    }
    return { ok: true, schema };
  } catch (error) {
    if (error instanceof TooComplex) return { ok: false, problem: `its parameter block is too large to derive a schema from (${error.message})` };
    throw error;
  }
}
