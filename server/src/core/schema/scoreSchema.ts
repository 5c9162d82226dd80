/**
 * The official Score workload schema (`schemas/score-v1b1.json`, JSON Schema 2020-12; provenance in
 * `schemas/README.md`), compiled once on first use. The file is static data that esbuild inlines into
 * the server bundle and tsc's output reads beside the package; loading it is module loading, not I/O
 * the core performs at check time.
 */
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { JsonSchema } from '../catalog/types';

// `require` keeps the JSON out of tsc's rootDir (server/src) while esbuild still inlines it. This file
// sits at the same depth under server/src and server/out, so the relative path holds for both.
export const SCORE_SCHEMA = require('../../../../schemas/score-v1b1.json') as JsonSchema;

let compiled: ValidateFunction | undefined;

/** ajv errors of a Score workload's plain value against the schema (empty when valid). */
export function scoreSchemaErrors(value: unknown): ErrorObject[] {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false, logger: false, unicodeRegExp: false });
    compiled = ajv.compile(SCORE_SCHEMA);
  }
  return compiled(value) ? [] : [...(compiled.errors ?? [])];
}
