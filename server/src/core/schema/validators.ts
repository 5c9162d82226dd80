/**
 * Compiled ajv validators, one per capability version, compiled on first use and cached for as long as
 * the catalog holds that version object (a rebuilt definition is a new object, hence a new validator).
 * Compiling a large provider schema takes a while, so it happens only for kinds that documents use.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { CapabilityVersion, JsonSchema } from '../catalog/types';
import { addKubernetesKeywords } from './keywords';
import { pruneSchema, schemaSize, shapeKey } from './prune';
import { toAjvSchema } from './structural';

export type CompiledValidator = { ok: true; validate: (value: unknown) => ErrorObject[] } | { ok: false; problem: string };

/** Formats the API server checks; ajv gets the common ones, the rest are accepted (never a false error). */
const FORMATS: Record<string, true | RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
};
const LENIENT_FORMATS = ['int32', 'int64', 'float', 'double', 'password', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'uuid', 'uuid3', 'uuid4', 'uuid5', 'duration', 'binary', 'isbn', 'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'uri-reference', 'quantity', 'datetime'];

/**
 * Schemas with more nodes than this are validated through per-shape pruned validators (prune.ts).
 * Measured on the corpus' upjet provider CRDs: the 1.6 MB firehose schema (3,669 nodes) compiles in
 * ~900 ms whole and ~15–40 ms pruned to one document's shape; the sample platform's schemas (< 100 nodes)
 * compile whole in a few ms.
 */
export const PRUNE_ABOVE_NODES = 400;
/** Pruned validators kept per capability version (different document shapes). */
const SHAPES_PER_VERSION = 64;

export class Validators {
  private readonly ajv: Ajv;
  private readonly cache = new WeakMap<CapabilityVersion, { schema?: JsonSchema; compiled: CompiledValidator }>();

  constructor(private readonly options: { pruneAboveNodes?: number } = {}) {
    this.ajv = new Ajv({
      allErrors: true,
      // Findings quote the offending value and the schema's allowed values.
      verbose: true,
      useDefaults: true,
      strict: false,
      logger: false,
      validateSchema: false,
      // Compiled schemas are cached here by CapabilityVersion; ajv's own cache would keep every schema alive.
      addUsedSchema: false,
      formats: { ...FORMATS, ...Object.fromEntries(LENIENT_FORMATS.map((f) => [f, true])) },
      unicodeRegExp: false,
    });
    addKubernetesKeywords(this.ajv);
  }

  get(version: CapabilityVersion): CompiledValidator {
    const hit = this.cache.get(version);
    if (hit) return hit.compiled;
    const compiled = this.compile(version);
    this.cache.set(version, { compiled });
    return compiled;
  }

  private compile(version: CapabilityVersion): CompiledValidator {
    if (!version.schema) return { ok: false, problem: version.schemaProblem ?? 'the definition has no schema for this version' };
    const schema = toAjvSchema(version.schema);
    const limit = this.options.pruneAboveNodes ?? PRUNE_ABOVE_NODES;
    if (schemaSize(schema, limit + 1) <= limit) {
      const whole = this.compileSchema(schema);
      return whole.ok ? { ok: true, validate: (value) => (whole.fn(value) ? [] : [...(whole.fn.errors ?? [])]) } : whole;
    }
    // A large provider schema: compile, per document shape, only what documents of that shape reach.
    const byShape = new Map<string, ValidateFunction | string>();
    return {
      ok: true,
      validate: (value) => {
        const key = shapeKey(value);
        let fn = byShape.get(key);
        if (fn === undefined) {
          const pruned = this.compileSchema(pruneSchema(schema, value));
          fn = pruned.ok ? pruned.fn : pruned.problem;
          if (byShape.size >= SHAPES_PER_VERSION) byShape.delete(byShape.keys().next().value!);
          byShape.set(key, fn);
        }
        if (typeof fn === 'string') return [];
        return fn(value) ? [] : [...(fn.errors ?? [])];
      },
    };
  }

  private compileSchema(schema: JsonSchema): { ok: true; fn: ValidateFunction } | { ok: false; problem: string } {
    try {
      return { ok: true, fn: this.ajv.compile(schema) };
    } catch (error) {
      return { ok: false, problem: `its schema cannot be compiled: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      // ajv keeps compiled schemas in an internal map keyed by the schema object; this cache owns them.
      this.ajv.removeSchema(schema);
    }
  }
}
