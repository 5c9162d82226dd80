/**
 * Dapr's machine-readable component catalogue (dapr/components-contrib) → `dapr-component`
 * capabilities, one per component type (`state.redis`), with each version's metadata fields on its
 * CapabilityVersion. Also the built-in authentication profiles (`.build-tools/
 * builtin-authentication-profiles.yaml`) a metadata.yaml pulls in by name, as `dapr-auth-profile`
 * capabilities resolved at check time (each document stands alone). Neither file is a Kubernetes
 * object: they are recognised by shape.
 */
import type { ParsedDocument } from '../../parse/document';
import type { DaprAuthProfile, DaprField } from '../facts';
import type { Capability, Contribution, Provenance } from '../types';
import { typeCapabilityId } from '../types';
import { list, obj, Obj, spanAt, str, valueSpanAt } from './helpers';

export const DAPR_GROUP = 'dapr.io';

/** The building blocks a metadata.yaml's `type` names (component-metadata-schema.json's enum). */
export const DAPR_CATEGORIES = new Set(['bindings', 'state', 'secretstores', 'pubsub', 'configuration', 'lock', 'middleware', 'crypto', 'nameresolution', 'conversation', 'workflows']);

const PROFILES_FILE = /(^|\/)builtin-authentication-profiles\.ya?ml$/;

export function isComponentMetadata(doc: ParsedDocument): boolean {
  const value = obj(doc.value);
  return value !== undefined && DAPR_CATEGORIES.has(str(value['type']) ?? '') && typeof value['name'] === 'string' && typeof value['version'] === 'string' && value['kind'] === undefined;
}

export function isBuiltinProfiles(doc: ParsedDocument, uri: string): boolean {
  const value = obj(doc.value);
  return value !== undefined && PROFILES_FILE.test(uri) && Object.values(value).every((v) => Array.isArray(v));
}

export function fromComponentMetadata(doc: ParsedDocument, uri: string, source: Provenance['source']): Contribution {
  const value = obj(doc.value)!;
  const type = `${str(value['type'])}.${str(value['name'])}`;
  const version = str(value['version'])!;
  const capability: Capability = {
    id: typeCapabilityId('dapr-component', type),
    group: DAPR_GROUP,
    kind: type,
    role: 'dapr-component',
    scope: 'Namespaced',
    versions: [{
      name: version,
      served: true,
      deprecated: value['status'] === 'deprecated',
      dapr: {
        uri,
        title: str(value['title']),
        status: str(value['status']),
        fields: fieldsOf(value['metadata']),
        profiles: profilesOf(value['authenticationProfiles']),
        builtinProfiles: list(value['builtinAuthenticationProfiles']).map((p) => str(obj(p)?.['name'])).filter((n): n is string => n !== undefined),
      },
    }],
    description: str(value['title']),
    origin: { source, uri, nameSpan: spanAt(doc, ['name']) },
  };
  // Fields a metadata.yaml adds to a built-in profile (`builtinAuthenticationProfiles[].metadata`) are
  // declared fields of the component too; they ride along as one more profile.
  const added = list(value['builtinAuthenticationProfiles']).flatMap((p) => fieldsOf(obj(p)?.['metadata']));
  if (added.length > 0) capability.versions[0]!.dapr!.profiles.push({ title: 'fields added to the built-in profiles', fields: added });
  return { capabilities: [capability], compositions: [], problems: [] };
}

export function fromBuiltinProfiles(doc: ParsedDocument, uri: string, source: Provenance['source']): Contribution {
  const value = obj(doc.value)!;
  const capabilities = Object.entries(value).map(([name, profiles]): Capability => ({
    id: typeCapabilityId('dapr-auth-profile', name),
    group: DAPR_GROUP,
    kind: name,
    role: 'dapr-auth-profile',
    scope: 'Namespaced',
    versions: [],
    daprProfiles: profilesOf(profiles),
    origin: { source, uri, nameSpan: valueSpanAt(doc, [name]) },
  }));
  return { capabilities, compositions: [], problems: [] };
}

function profilesOf(value: unknown): DaprAuthProfile[] {
  return list(value).map(obj).filter((p): p is Obj => p !== undefined).map((p) => ({
    title: str(p['title']) ?? '',
    description: str(p['description']),
    fields: fieldsOf(p['metadata']),
  }));
}

function fieldsOf(value: unknown): DaprField[] {
  return list(value).map(obj).filter((f): f is Obj => f !== undefined && typeof f['name'] === 'string').map((f) => ({
    name: f['name'] as string,
    required: f['required'] === true,
    type: str(f['type']),
    description: str(f['description'])?.trim(),
    default: f['default'] === undefined || f['default'] === null ? undefined : String(f['default']),
    sensitive: f['sensitive'] === true,
    deprecated: f['deprecated'] === true,
  }));
}
