// Deterministic benchmark inputs: a multi-document YAML file of N documents alternating a claim of the
// platform and a Deployment that reads the claim's connection Secret through env[].valueFrom.secretKeyRef,
// with ~2 % of the claims carrying one deliberate error (wrong type, unknown enum value, unknown field,
// missing required field). Every claim is checked with ajv against the same JSON Schema yls gets, so a
// "valid" claim really is valid and an "invalid" one really has the error it is meant to have.
import Ajv, { ValidateFunction } from 'ajv';
import { stringify } from 'yaml';
import { ClaimKind, isObject, Json, JsonObject, Platform } from './platform';

/** mulberry32: small, fast, good enough for picking test data; the same seed always gives the same file. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(minInclusive: number, maxInclusive: number): number {
    return minInclusive + Math.floor(this.next() * (maxInclusive - minInclusive + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export type ErrorType = 'wrong-type' | 'unknown-enum' | 'unknown-field' | 'missing-required';
export const ERROR_TYPES: readonly ErrorType[] = ['wrong-type', 'unknown-enum', 'unknown-field', 'missing-required'];

/** One generated document; `start` is kept up to date as the benchmark edits the text. */
export interface Unit {
  type: 'claim' | 'deployment';
  start: number;
  claim?: ClaimKind;
}

export interface DeliberateError {
  unit: number;
  type: ErrorType;
  path: string;
}

export interface Generated {
  text: string;
  units: Unit[];
  errors: DeliberateError[];
  /** Error types that no claim kind of the platform can carry (e.g. no required field without a default). */
  impossible: ErrorType[];
  /** Claims meant to be valid that ajv still rejected (a generator limitation; listed in the report). */
  unintended: string[];
}

export const ERROR_RATE = 0.02;

export function generate(platform: Platform, n: number, seed: number): Generated {
  const rng = new Rng(seed * 1_000_003 + n);
  const validators = new Map<ClaimKind, ValidateFunction>();
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const c of platform.claims) validators.set(c, ajv.compile(c.documentSchema));

  const claimSlots = Math.ceil(n / 2);
  const errorCount = Math.max(1, Math.round(n * ERROR_RATE));
  const errorSlots = new Set<number>();
  while (errorSlots.size < Math.min(errorCount, claimSlots)) errorSlots.add(rng.int(0, claimSlots - 1));

  const units: Unit[] = [];
  const errors: DeliberateError[] = [];
  const unintended: string[] = [];
  const impossible = new Set<ErrorType>();
  const parts: string[] = [];
  let offset = 0;
  let errorIndex = 0;
  let previous: { name: string; secret: string; kind: ClaimKind } | undefined;

  for (let i = 0; i < n; i++) {
    let body: string;
    if (i % 2 === 0) {
      const slot = i / 2;
      let kind = platform.claims[slot % platform.claims.length];
      const name = `${kind.kind.toLowerCase()}-${String(slot).padStart(5, '0')}`;
      let doc = claimDocument(kind, name, rng, validators.get(kind)!);
      if (!validators.get(kind)!(doc)) unintended.push(`${name}: ${ajv.errorsText(validators.get(kind)!.errors)}`);
      if (errorSlots.has(slot)) {
        // Rotate through the error types; a type the kind cannot carry goes to the next kind that can.
        const wanted = ERROR_TYPES[errorIndex++ % ERROR_TYPES.length];
        let injected: string | undefined;
        for (let k = 0; k < platform.claims.length && injected === undefined; k++) {
          const candidate = platform.claims[(slot + k) % platform.claims.length];
          const candidateName = `${candidate.kind.toLowerCase()}-${String(slot).padStart(5, '0')}`;
          const candidateDoc = k === 0 ? doc : claimDocument(candidate, candidateName, rng, validators.get(candidate)!);
          injected = injectError(candidateDoc, candidate, wanted, rng);
          if (injected !== undefined && !validators.get(candidate)!(candidateDoc)) {
            kind = candidate;
            doc = candidateDoc;
          } else {
            injected = undefined;
          }
        }
        if (injected === undefined) impossible.add(wanted);
        else errors.push({ unit: i, type: wanted, path: injected });
      }
      const metadata = doc.metadata;
      const secretRef = isObject(doc.spec) && isObject(doc.spec.writeConnectionSecretToRef) ? doc.spec.writeConnectionSecretToRef.name : undefined;
      previous = { name: isObject(metadata) && typeof metadata.name === 'string' ? metadata.name : name, secret: String(secretRef), kind };
      body = claimText(doc);
      units.push({ type: 'claim', start: offset, claim: kind });
    } else {
      body = deploymentText(i, previous!, rng);
      units.push({ type: 'deployment', start: offset });
    }
    const text = `---\n${body}`;
    parts.push(text);
    offset += text.length;
  }
  return { text: parts.join(''), units, errors, impossible: [...impossible], unintended };
}

function claimDocument(kind: ClaimKind, name: string, rng: Rng, validate: ValidateFunction): JsonObject {
  const labels = { app: name.replace(/^[a-z]+/, 'app'), team: rng.pick(['payments', 'search', 'checkout', 'identity']) };
  const metadata: JsonObject = { name, namespace: 'team-a', labels };
  const build = (optionalChance: number): JsonObject => {
    const spec = instanceOf(kind.specSchema, rng, 0, optionalChance, 'spec');
    const specObject = isObject(spec) ? spec : {};
    if (kind.connectionSecretKeys.length > 0) specObject.writeConnectionSecretToRef = { name: `${name}-conn` };
    return { apiVersion: kind.apiVersion, kind: kind.kind, metadata, spec: specObject };
  };
  // A random instance first; if the schema has constraints the generator does not model, fall back to the minimal one.
  for (let attempt = 0; attempt < 4; attempt++) {
    const doc = build(0.7);
    if (validate(doc)) return doc;
  }
  return build(0);
}

function claimText(doc: JsonObject): string {
  // `#---` between metadata and spec: the benchmark's boundary edits delete the `#` (a new document starts at
  // `spec:`) and type it again (the boundary goes away), both one-character edits.
  const { spec, ...head } = doc;
  return `${stringify(head, { lineWidth: 0 })}#---\n${stringify({ spec }, { lineWidth: 0 })}`;
}

const ENV_PREFIX: Record<string, string> = {};

function deploymentText(index: number, claim: { name: string; secret: string; kind: ClaimKind }, rng: Rng): string {
  const app = `app-${String(index).padStart(5, '0')}`;
  const prefix = (ENV_PREFIX[claim.kind.kind] ??= claim.kind.kind.replace(/[a-z]/g, '').slice(0, 3) || 'SVC');
  const env = claim.kind.connectionSecretKeys.slice(0, 4).map((key) => ({
    name: `${prefix}_${key.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`,
    valueFrom: { secretKeyRef: { name: claim.secret, key } },
  }));
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app, namespace: 'team-a', labels: { app } },
    spec: {
      replicas: rng.int(1, 4),
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app } },
        spec: {
          containers: [
            {
              name: 'app',
              image: `registry.example.org/team-a/${app}:1.${rng.int(0, 20)}.${rng.int(0, 9)}`,
              ports: [{ containerPort: 8080 }],
              env: [{ name: 'LOG_LEVEL', value: rng.pick(['info', 'debug']) }, ...env],
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
            },
          ],
        },
      },
    },
  };
  return stringify(deployment, { lineWidth: 0 });
}

function typeOf(schema: JsonObject): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t): t is string => typeof t === 'string' && t !== 'null');
  if (isObject(schema.properties)) return 'object';
  return undefined;
}

function instanceOf(schema: JsonObject, rng: Rng, depth: number, optionalChance: number, key: string): Json | undefined {
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return rng.pick(schema.enum);
  if (schema.default !== undefined && rng.chance(0.3)) return schema.default;
  if (Array.isArray(schema.anyOf) && isObject(schema.anyOf[0])) return instanceOf(schema.anyOf[0], rng, depth, optionalChance, key);
  switch (typeOf(schema)) {
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : 1;
      const max = typeof schema.maximum === 'number' ? Math.floor(schema.maximum) : min + 100;
      return rng.int(min, Math.min(max, min + 1000));
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'string': {
      const candidates = [`${key.toLowerCase().replace(/[^a-z0-9]/g, '')}-${rng.int(1, 99)}`, 'default', 'a1', '1', 'eu-west-1'];
      const pattern = typeof schema.pattern === 'string' ? safeRegExp(schema.pattern) : undefined;
      return candidates.find((c) => !pattern || pattern.test(c)) ?? (typeof schema.default === 'string' ? schema.default : candidates[0]);
    }
    case 'array': {
      const items = isObject(schema.items) ? schema.items : {};
      const count = Math.max(typeof schema.minItems === 'number' ? schema.minItems : 1, 1);
      const out: Json[] = [];
      for (let i = 0; i < count; i++) {
        const item = instanceOf(items, rng, depth + 1, optionalChance, key);
        if (item !== undefined) out.push(item);
      }
      return out;
    }
    case 'object': {
      const out: JsonObject = {};
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required : [];
      for (const [name, sub] of Object.entries(properties)) {
        const isRequired = required.includes(name);
        // `parameters` is where the benchmark's edits and completions happen: always fill it in.
        const wanted = isRequired || name === 'parameters' || (depth < 3 && rng.chance(optionalChance));
        if (!wanted || !isObject(sub)) continue;
        const value = instanceOf(sub, rng, depth + 1, optionalChance, name);
        if (value !== undefined) out[name] = value;
      }
      if (Object.keys(properties).length === 0 && isObject(schema.additionalProperties)) {
        const value = instanceOf(schema.additionalProperties, rng, depth + 1, optionalChance, key);
        if (value !== undefined) out.key1 = value;
      }
      return out;
    }
    default:
      return undefined;
  }
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

interface Slot {
  parent: JsonObject;
  key: string;
  schema: JsonObject;
  parentSchema: JsonObject;
  path: string;
}

/** Every (object, key) pair of the instance with its schema, parameters first (that is where users type). */
function slotsOf(value: JsonObject, schema: JsonObject, path: string, out: Slot[] = []): Slot[] {
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [key, sub] of Object.entries(properties)) {
    if (!isObject(sub)) continue;
    out.push({ parent: value, key, schema: sub, parentSchema: schema, path: `${path}.${key}` });
    const child = value[key];
    if (isObject(child) && typeOf(sub) === 'object') slotsOf(child, sub, `${path}.${key}`, out);
  }
  return out.sort((a, b) => Number(b.path.includes('.parameters.')) - Number(a.path.includes('.parameters.')));
}

/** Mutates `doc` to carry one error of `type`; returns the path it touched, or undefined if the kind cannot carry it. */
function injectError(doc: JsonObject, kind: ClaimKind, type: ErrorType, rng: Rng): string | undefined {
  const spec = doc.spec;
  if (!isObject(spec)) return undefined;
  const slots = slotsOf(spec, kind.specSchema, 'spec');
  const present = slots.filter((s) => s.parent[s.key] !== undefined);
  switch (type) {
    case 'wrong-type': {
      const slot = present.find((s) => ['integer', 'number', 'boolean'].includes(typeOf(s.schema) ?? '') && s.schema.anyOf === undefined);
      if (!slot) return undefined;
      slot.parent[slot.key] = rng.pick(['twenty', 'lots', 'yes please']);
      return slot.path;
    }
    case 'unknown-enum': {
      const slot = present.find((s) => Array.isArray(s.schema.enum) && s.schema.enum.every((e) => typeof e === 'string'));
      if (!slot) return undefined;
      slot.parent[slot.key] = rng.pick(['huge', 'extra-large', '99', 'gold']);
      return slot.path;
    }
    case 'unknown-field': {
      const slot = present.find((s) => s.parentSchema.additionalProperties === false && s.key.length > 3);
      if (!slot) return undefined;
      // A typo of a declared key, as users make them: drop one inner letter ("storageGB" -> "storagGB").
      const cut = Math.max(1, Math.min(slot.key.length - 2, Math.floor(slot.key.length / 2)));
      const typo = slot.key.slice(0, cut) + slot.key.slice(cut + 1);
      slot.parent[typo] = slot.parent[slot.key];
      delete slot.parent[slot.key];
      return `${slot.path.slice(0, slot.path.length - slot.key.length)}${typo}`;
    }
    case 'missing-required': {
      const slot = present.find((s) => Array.isArray(s.parentSchema.required) && s.parentSchema.required.includes(s.key) && s.key !== 'name');
      if (!slot) return undefined;
      delete slot.parent[slot.key];
      return slot.path;
    }
  }
}
