/**
 * Which capability and schema govern a place in a document: the document's own kind (a claim, an XR, a
 * custom resource), or a type named inside it (a KubeVela component's `properties` follow the
 * component type's parameters). Also which paths *name* a type, so completion, hover and go-to-
 * definition treat `type: webservice` like `kind: PostgreSQLInstance`.
 */
import type { Capability, CapabilityVersion, Catalog, JsonSchema, TypeRole } from '../catalog/types';
import type { PathSegment } from '../parse/locate';
import { valueAt } from './cursor';

export interface SchemaTarget {
  capability: Capability;
  version: CapabilityVersion;
  schema: JsonSchema;
  /** The path inside `schema`. */
  path: PathSegment[];
}

interface TypeSlot {
  /** Path pattern; '*' matches any index or key. */
  pattern: (string | '*')[];
  role: TypeRole;
  /** Where, relative to the slot's parent, the typed object's parameters live. */
  parameters: string;
}

/** Where manifests name types, per ecosystem. KubeVela: core.oam.dev Application; Score: score.dev workloads. */
const TYPE_SLOTS: Record<string, TypeSlot[]> = {
  'core.oam.dev/Application': [
    { pattern: ['spec', 'components', '*', 'type'], role: 'component', parameters: 'properties' },
    { pattern: ['spec', 'components', '*', 'traits', '*', 'type'], role: 'trait', parameters: 'properties' },
    { pattern: ['spec', 'policies', '*', 'type'], role: 'policy', parameters: 'properties' },
    { pattern: ['spec', 'workflow', 'steps', '*', 'type'], role: 'workflow-step', parameters: 'properties' },
    { pattern: ['spec', 'workflow', 'steps', '*', 'subSteps', '*', 'type'], role: 'workflow-step', parameters: 'properties' },
  ],
  'score.dev/Workload': [{ pattern: ['resources', '*', 'type'], role: 'score-resource', parameters: 'params' }],
};

function slotsFor(value: unknown): TypeSlot[] {
  const apiVersion = valueAt(value, ['apiVersion']);
  const kind = valueAt(value, ['kind']);
  if (typeof apiVersion !== 'string') return [];
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return TYPE_SLOTS[`${group}/${typeof kind === 'string' ? kind : ''}`] ?? (group === 'score.dev' ? TYPE_SLOTS['score.dev/Workload']! : []);
}

function matches(pattern: (string | '*')[], path: readonly PathSegment[], length = pattern.length): boolean {
  if (path.length < length) return false;
  for (let i = 0; i < length; i++) if (pattern[i] !== '*' && pattern[i] !== path[i]) return false;
  return true;
}

/** The document names capabilities by `type` values (a KubeVela Application, a Score workload). */
export function hasTypeSlots(value: unknown): boolean {
  return slotsFor(value).length > 0;
}

/** The type role a value at `path` names (`spec.components[0].type` → component), if any. */
export function typeSlotAt(value: unknown, path: readonly PathSegment[]): TypeRole | undefined {
  return slotsFor(value).find((slot) => slot.pattern.length === path.length && matches(slot.pattern, path))?.role;
}

export function schemaTargetAt(catalog: Catalog, value: unknown, path: readonly PathSegment[]): SchemaTarget | undefined {
  for (const slot of slotsFor(value)) {
    const parent = slot.pattern.length - 1;
    if (!matches(slot.pattern, path, parent) || path[parent] !== slot.parameters) continue;
    const typeName = valueAt(value, [...path.slice(0, parent), 'type']);
    const capability = typeof typeName === 'string' ? catalog.lookupType(slot.role, typeName) : undefined;
    const version = capability?.versions[0];
    if (!capability || !version?.schema) return undefined;
    return { capability, version, schema: version.schema, path: path.slice(parent + 1) };
  }
  const apiVersion = valueAt(value, ['apiVersion']);
  const kind = valueAt(value, ['kind']);
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  const capability = catalog.lookup(slash === -1 ? '' : apiVersion.slice(0, slash), kind);
  const version = capability?.versions.find((v) => v.name === apiVersion.slice(slash + 1)) ?? capability?.versions.find((v) => v.served);
  if (!capability || !version?.schema) return undefined;
  return { capability, version, schema: version.schema, path: [...path] };
}
