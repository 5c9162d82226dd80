// The platform the benchmark's claims are written against: the XRDs of the embedded sample platform
// (`server/sample-platform/`), and from each
// XRD the JSON schema that yaml-language-server gets for the claim kind (OpenAPI v3 structural schema turned
// into draft-07 with the Kubernetes semantics made explicit, so both servers judge the same documents).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ClaimKind {
  group: string;
  version: string;
  kind: string;
  apiVersion: string;
  /** True for a claim (claimNames); false for a namespaced XR used directly (Crossplane v2, no claimNames). */
  isClaim: boolean;
  connectionSecretKeys: string[];
  /** The XRD's `spec` schema converted to JSON Schema, without Crossplane's implicit fields: what the generator fills in. */
  specSchema: JsonObject;
  /** The whole document's JSON Schema (apiVersion, kind, metadata, spec with Crossplane's implicit fields). */
  documentSchema: JsonObject;
  /** XRD file, relative to the platform folder. */
  source: string;
}

export interface Platform {
  /** Where the XRDs came from, for the report. */
  origin: string;
  /** Every definition file of the platform (copied into each benchmark workspace so our server finds them). */
  files: { name: string; text: string }[];
  claims: ClaimKind[];
}

export function loadPlatform(repoRoot: string): Platform {
  const dir = join(repoRoot, 'server', 'sample-platform');
  const files = existsSync(dir) ? yamlFiles(dir).map((path) => ({ name: relative(dir, path), text: readFileSync(path, 'utf8') })) : [];
  const claims = files.flatMap((f) => claimKindsOf(f.name, f.text));
  if (claims.length === 0) throw new Error(`no XRD with claimNames in ${dir}: the benchmark writes claims of the sample platform`);
  return { origin: 'server/sample-platform/', files, claims };
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

function claimKindsOf(source: string, text: string): ClaimKind[] {
  const out: ClaimKind[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc) || doc.errors.length > 0) continue;
    const xrd: unknown = doc.toJS();
    if (!isObject(xrd) || xrd.kind !== 'CompositeResourceDefinition' || !isObject(xrd.spec)) continue;
    const spec = xrd.spec;
    const group = typeof spec.group === 'string' ? spec.group : undefined;
    const names = isObject(spec.names) ? spec.names : undefined;
    const claimNames = isObject(spec.claimNames) ? spec.claimNames : undefined;
    const kind = claimNames && typeof claimNames.kind === 'string' ? claimNames.kind : names && typeof names.kind === 'string' ? names.kind : undefined;
    if (!group || !kind || !Array.isArray(spec.versions)) continue;
    const versions = spec.versions.filter(isObject).filter((v) => v.served !== false);
    const chosen = versions.find((v) => v.referenceable === true) ?? versions[0];
    if (!chosen || typeof chosen.name !== 'string') continue;
    const schema = isObject(chosen.schema) && isObject(chosen.schema.openAPIV3Schema) ? chosen.schema.openAPIV3Schema : {};
    const rootSchema = openApiToJsonSchema(schema);
    const properties = isObject(rootSchema.properties) ? rootSchema.properties : {};
    const specSchema = isObject(properties.spec) ? properties.spec : { type: 'object' };
    const keys = Array.isArray(spec.connectionSecretKeys) ? spec.connectionSecretKeys.filter((k): k is string => typeof k === 'string') : [];
    const apiVersion = `${group}/${chosen.name}`;
    out.push({
      group,
      version: chosen.name,
      kind,
      apiVersion,
      isClaim: claimNames !== undefined,
      connectionSecretKeys: keys,
      specSchema,
      documentSchema: documentSchema(apiVersion, kind, rootSchema, specSchema),
      source,
    });
  }
  return out;
}

/** The whole claim document: Kubernetes object envelope + the XRD's spec with Crossplane's implicit claim fields. */
function documentSchema(apiVersion: string, kind: string, root: JsonObject, spec: JsonObject): JsonObject {
  const specProperties = isObject(spec.properties) ? spec.properties : {};
  const rootProperties = isObject(root.properties) ? root.properties : {};
  return {
    type: 'object',
    required: ['apiVersion', 'kind', 'metadata'],
    additionalProperties: false,
    properties: {
      ...rootProperties,
      apiVersion: { const: apiVersion },
      kind: { const: kind },
      metadata: METADATA_SCHEMA,
      spec: { ...spec, type: 'object', properties: { ...CROSSPLANE_IMPLICIT_SPEC, ...specProperties } },
      status: { type: 'object' },
    },
  };
}

const STRING_MAP: JsonObject = { type: 'object', additionalProperties: { type: 'string' } };
const NAME_REF: JsonObject = { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' } } };

const METADATA_SCHEMA: JsonObject = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    namespace: { type: 'string' },
    generateName: { type: 'string' },
    labels: STRING_MAP,
    annotations: STRING_MAP,
  },
};

/** Fields Crossplane adds to every claim/XR spec (they are not in the XRD's schema). */
const CROSSPLANE_IMPLICIT_SPEC: JsonObject = {
  compositionRef: NAME_REF,
  compositionSelector: { type: 'object', properties: { matchLabels: STRING_MAP } },
  compositionRevisionRef: NAME_REF,
  compositionRevisionSelector: { type: 'object', properties: { matchLabels: STRING_MAP } },
  compositionUpdatePolicy: { type: 'string', enum: ['Automatic', 'Manual'] },
  compositeDeletePolicy: { type: 'string', enum: ['Background', 'Foreground'] },
  resourceRef: { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' } } },
  writeConnectionSecretToRef: NAME_REF,
  publishConnectionDetailsTo: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
  claimRef: { type: 'object' },
  crossplane: { type: 'object' },
};

const KEPT_KEYWORDS = new Set([
  'type', 'description', 'default', 'enum', 'const', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'multipleOf', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'minProperties',
  'maxProperties', 'title',
]);

/**
 * An OpenAPI v3 structural schema as the API server reads it, as draft-07 JSON Schema: objects that declare
 * properties reject unknown fields (the API server prunes them: both servers should report them), `required`
 * fields that carry a `default` are dropped from `required` (the API server defaults before it validates),
 * `nullable` and `x-kubernetes-int-or-string` become type unions, `x-kubernetes-preserve-unknown-fields` keeps
 * the object open, and `format` is dropped (Kubernetes formats are not JSON Schema formats).
 */
export function openApiToJsonSchema(schema: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (KEPT_KEYWORDS.has(key)) out[key] = value;
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (schema.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  const properties = isObject(schema.properties) ? schema.properties : undefined;
  if (properties) {
    const converted: JsonObject = {};
    for (const [name, sub] of Object.entries(properties)) converted[name] = isObject(sub) ? openApiToJsonSchema(sub) : {};
    out.properties = converted;
  }
  if (Array.isArray(schema.required)) {
    const required = schema.required.filter((r): r is string => typeof r === 'string').filter((r) => {
      const sub = properties?.[r];
      return !(isObject(sub) && sub.default !== undefined);
    });
    if (required.length > 0) out.required = required;
  }
  if (isObject(schema.items)) out.items = openApiToJsonSchema(schema.items);
  if (isObject(schema.additionalProperties)) out.additionalProperties = openApiToJsonSchema(schema.additionalProperties);
  else if (typeof schema.additionalProperties === 'boolean') out.additionalProperties = schema.additionalProperties;
  const open = schema['x-kubernetes-preserve-unknown-fields'] === true || schema['x-kubernetes-embedded-resource'] === true;
  if (properties && out.additionalProperties === undefined && !open) out.additionalProperties = false;
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = schema[combinator];
    if (Array.isArray(list)) out[combinator] = list.filter(isObject).map(openApiToJsonSchema);
  }
  if (isObject(schema.not)) out.not = openApiToJsonSchema(schema.not);
  return out;
}

/** A deliberately loose Deployment schema: yls cannot check workloads against claims, so it only needs the envelope. */
export const DEPLOYMENT_SCHEMA: JsonObject = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'apps/v1' },
    kind: { const: 'Deployment' },
    metadata: METADATA_SCHEMA,
    spec: { type: 'object' },
  },
};

export function fileNameFor(kind: ClaimKind): string {
  return `${kind.kind.toLowerCase()}.${kind.version}.schema.json`;
}

/**
 * The kind dispatcher given to yls for the benchmark files: `allOf` of `if (apiVersion, kind) then $ref`
 * for every claim kind and for Deployment, each target a separate schema file next to it.
 */
export function dispatcherSchema(platform: Platform): JsonObject {
  const branch = (apiVersion: string, kind: string, ref: string): JsonObject => ({
    if: { required: ['apiVersion', 'kind'], properties: { apiVersion: { const: apiVersion }, kind: { const: kind } } },
    then: { $ref: ref },
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Platform Aware benchmark: kind dispatcher',
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' } },
    allOf: [
      ...platform.claims.map((c) => branch(c.apiVersion, c.kind, `./${fileNameFor(c)}`)),
      branch('apps/v1', 'Deployment', './deployment.schema.json'),
    ],
  };
}
