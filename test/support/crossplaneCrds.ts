// Plays Crossplane's part in installing a platform on the harness's real kube-apiserver: applies Crossplane's own
// XRD and Composition CRDs (test/fixtures/crossplane-crds, copied from crossplane/crossplane), then turns each XRD
// into the CRDs Crossplane's XRD controller would create, and applies the XRDs and Compositions themselves.
//
// The generation follows crossplane/crossplane internal/xcrd (crd.go ForCompositeResource /
// ForCompositeResourceClaim, schemas.go), simplified:
// - XR CRD: named after the XRD, `spec.names` of the XRD plus category `composite`; cluster-scoped for v1 XRDs
//   (and v2 `LegacyCluster`), otherwise the v2 `spec.scope`.
// - Claim CRD (v1 XRDs with `claimNames`): named `<claim plural>.<group>`, namespaced, category `claim`.
// - One CRD version per XRD version: served as the XRD says, `storage` from `referenceable`; the XRD's schema
//   with Crossplane's spec fields added (server/src/core/catalog/from/crossplaneFields.ts, the same list the
//   language server uses) and a `status` with `conditions` and `connectionDetails`; the status subresource on;
//   Crossplane's SYNCED/READY/... printer columns.
// Left out: conversion webhooks, `spec.metadata` label/annotation inheritance, owner references to the XRD (no
// garbage collector runs here), and the XRD's own status conditions (Established/Offered).
//
// Managed resources: Crossplane providers are not installed either, so each kind a Composition composes gets a
// minimal cluster-scoped CRD (any spec, a status with conditions) for the demo reconciler to create; their
// plural is the lower-cased kind + "s", which is what Upjet-generated providers use for the sample's kinds.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { V1_CLAIM_FIELDS, V1_COMPOSITE_FIELDS, V2_COMPOSITE_FIELDS } from '#server/core/catalog/from/crossplaneFields';
import { KubeObject, KubeRest } from './kubeRest';
import { FIXTURES, REPO_ROOT } from './paths';

type Schema = Record<string, unknown>;

export const SAMPLE_PLATFORM_DIR = join(REPO_ROOT, 'server', 'sample-platform');
export const CROSSPLANE_CRDS_DIR = join(FIXTURES, 'crossplane-crds');

/** Every YAML document of the files, as plain objects (empty documents dropped). */
export function readManifests(paths: string[]): KubeObject[] {
  return paths.flatMap((path) =>
    parseAllDocuments(readFileSync(path, 'utf8'))
      .map((doc) => doc.toJS() as KubeObject | null)
      .filter((o): o is KubeObject => o !== null && typeof o === 'object'),
  );
}

/** Crossplane's CompositeResourceDefinition and Composition CRDs. */
export function crossplaneOwnCrds(): KubeObject[] {
  const files = readdirSync(CROSSPLANE_CRDS_DIR).filter((f) => f.endsWith('.yaml')).sort();
  return readManifests(files.map((f) => join(CROSSPLANE_CRDS_DIR, f)));
}

/** The sample platform's XRDs and Compositions (other definition kinds in that folder are not Crossplane's). */
export function samplePlatformCrossplane(): { xrds: KubeObject[]; compositions: KubeObject[] } {
  const files = readdirSync(SAMPLE_PLATFORM_DIR).filter((f) => f.endsWith('.yaml')).sort();
  const all = readManifests(files.map((f) => join(SAMPLE_PLATFORM_DIR, f))).filter((o) => o.apiVersion?.startsWith('apiextensions.crossplane.io/'));
  return { xrds: all.filter((o) => o.kind === 'CompositeResourceDefinition'), compositions: all.filter((o) => o.kind === 'Composition') };
}

// ---------------------------------------------------------------------------------------------------------------
// XRD -> CRDs

/** What the demo reconciler needs to know about one XRD, derived the same way as the CRDs. */
export interface XrdKinds {
  group: string;
  /** The version clients use (the referenceable one, else the first). */
  version: string;
  composite: { kind: string; plural: string; namespaced: boolean };
  claim?: { kind: string; plural: string };
  connectionSecretKeys: string[];
  defaultCompositionName?: string;
}

interface Names {
  kind: string;
  plural: string;
  singular?: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

const conditionsSchema = {
  description: 'Conditions of the resource.',
  type: 'array',
  items: {
    type: 'object',
    required: ['lastTransitionTime', 'reason', 'status', 'type'],
    properties: {
      lastTransitionTime: { type: 'string', format: 'date-time' },
      message: { type: 'string' },
      reason: { type: 'string' },
      status: { type: 'string' },
      type: { type: 'string' },
    },
  },
};

const statusProps = {
  conditions: conditionsSchema,
  connectionDetails: { type: 'object', properties: { lastPublishedTime: { type: 'string', format: 'date-time' } } },
};

const column = (name: string, jsonPath: string, type = 'string') => ({ name, type, jsonPath });
const conditionColumns = [column('SYNCED', ".status.conditions[?(@.type=='Synced')].status"), column('READY', ".status.conditions[?(@.type=='Ready')].status")];
const age = column('AGE', '.metadata.creationTimestamp', 'date');

// crossplaneFields.ts types the fields for validation and leaves out the defaults Crossplane's schemas.go sets;
// the API server applies these, so objects read back look like they do under Crossplane.
const crossplaneDefaults: Record<string, unknown> = { compositionUpdatePolicy: 'Automatic', compositeDeletePolicy: 'Background' };

function withDefaults(fields: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = key in crossplaneDefaults ? { ...(value as Schema), default: crossplaneDefaults[key] } : value;
  }
  return out;
}

/** One CRD version from one XRD version (xcrd genCrdVersion), with the given Crossplane spec fields. */
function crdVersion(xrdVersion: Schema, crossplaneSpec: Schema, columns: unknown[]): Schema {
  const own = ((xrdVersion['schema'] as Schema | undefined)?.['openAPIV3Schema'] ?? {}) as Schema;
  const ownProps = (own['properties'] ?? {}) as Record<string, Schema>;
  const ownSpec = ownProps['spec'] ?? {};
  const ownStatus = ownProps['status'] ?? {};
  const spec: Schema = { ...ownSpec, type: 'object', properties: { ...((ownSpec['properties'] as Schema | undefined) ?? {}), ...withDefaults(crossplaneSpec) } };
  const status: Schema = { ...ownStatus, type: 'object', properties: { ...((ownStatus['properties'] as Schema | undefined) ?? {}), ...statusProps } };
  return {
    name: xrdVersion['name'],
    served: xrdVersion['served'] !== false,
    storage: xrdVersion['referenceable'] === true,
    ...(xrdVersion['deprecated'] === true ? { deprecated: true } : {}),
    ...(typeof xrdVersion['deprecationWarning'] === 'string' ? { deprecationWarning: xrdVersion['deprecationWarning'] } : {}),
    additionalPrinterColumns: [...((xrdVersion['additionalPrinterColumns'] as unknown[] | undefined) ?? []), ...columns],
    schema: {
      openAPIV3Schema: {
        type: 'object',
        description: own['description'],
        required: ['spec'],
        properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec, status },
      },
    },
    subresources: { status: {} },
  };
}

function crd(name: string, group: string, names: Names, scope: 'Cluster' | 'Namespaced', versions: Schema[]): KubeObject {
  return { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name }, spec: { group, names, scope, versions } };
}

/** v1 XRDs, and v2 XRDs with `scope: LegacyCluster`, define cluster-scoped XRs with claims and v1 spec fields. */
function hasV1Shape(xrd: KubeObject): boolean {
  return xrd.apiVersion === 'apiextensions.crossplane.io/v1' || (xrd.spec as { scope?: string }).scope === 'LegacyCluster';
}

/** The kinds an XRD defines. */
export function xrdKinds(xrd: KubeObject): XrdKinds {
  const spec = xrd.spec as { group: string; names: Names; claimNames?: Names; scope?: string; versions: Schema[]; connectionSecretKeys?: string[]; defaultCompositionRef?: { name: string } };
  const isV1Shape = hasV1Shape(xrd);
  const version = spec.versions.find((v) => v['referenceable'] === true) ?? spec.versions[0];
  return {
    group: spec.group,
    version: String(version?.['name']),
    composite: { kind: spec.names.kind, plural: spec.names.plural, namespaced: !isV1Shape && spec.scope !== 'Cluster' },
    ...(isV1Shape && spec.claimNames ? { claim: { kind: spec.claimNames.kind, plural: spec.claimNames.plural } } : {}),
    connectionSecretKeys: spec.connectionSecretKeys ?? [],
    ...(spec.defaultCompositionRef ? { defaultCompositionName: spec.defaultCompositionRef.name } : {}),
  };
}

/** The CRDs Crossplane generates for one XRD: the XR's, and the claim's when the XRD offers one. */
export function crdsForXrd(xrd: KubeObject): KubeObject[] {
  const spec = xrd.spec as { group: string; names: Names; claimNames?: Names; versions: Schema[] };
  const kinds = xrdKinds(xrd);
  const isV1Shape = hasV1Shape(xrd);
  const compositeFields = isV1Shape ? V1_COMPOSITE_FIELDS : V2_COMPOSITE_FIELDS;
  const xrColumns = [...conditionColumns, column('COMPOSITION', isV1Shape ? '.spec.compositionRef.name' : '.spec.crossplane.compositionRef.name'), age];
  const out = [
    crd(xrd.metadata.name, spec.group, { ...spec.names, categories: [...(spec.names.categories ?? []), 'composite'] }, kinds.composite.namespaced ? 'Namespaced' : 'Cluster', spec.versions.map((v) => crdVersion(v, compositeFields, xrColumns))),
  ];
  if (kinds.claim && spec.claimNames) {
    const claimColumns = [...conditionColumns, column('CONNECTION-SECRET', '.spec.writeConnectionSecretToRef.name'), age];
    const names = { ...spec.claimNames, categories: [...(spec.claimNames.categories ?? []), 'claim'] };
    out.push(crd(`${spec.claimNames.plural}.${spec.group}`, spec.group, names, 'Namespaced', spec.versions.map((v) => crdVersion(v, V1_CLAIM_FIELDS, claimColumns))));
  }
  return out;
}

/** The composed kinds a Composition's patch-and-transform step (or v1 `resources`) lists, by name. */
export function composedResources(composition: KubeObject): { name: string; apiVersion: string; kind: string; base: Schema }[] {
  const spec = composition.spec as { resources?: Schema[]; pipeline?: { input?: { resources?: Schema[] } }[] };
  const listed = [...(spec.resources ?? []), ...(spec.pipeline ?? []).flatMap((step) => step.input?.resources ?? [])];
  return listed.flatMap((r, i) => {
    const base = r['base'] as Schema | undefined;
    if (!base || typeof base['apiVersion'] !== 'string' || typeof base['kind'] !== 'string') return [];
    return [{ name: typeof r['name'] === 'string' ? r['name'] : `resource-${i}`, apiVersion: base['apiVersion'], kind: base['kind'], base }];
  });
}

export const managedPlural = (kind: string): string => `${kind.toLowerCase()}s`;

/** Minimal CRDs for the managed resource kinds the Compositions compose (see the header). */
export function managedResourceCrds(compositions: KubeObject[]): KubeObject[] {
  const byName = new Map<string, KubeObject>();
  for (const composition of compositions) {
    for (const { apiVersion, kind } of composedResources(composition)) {
      const [group, version] = apiVersion.split('/');
      if (!group || !version || !group.includes('.')) continue;
      const plural = managedPlural(kind);
      const status = { type: 'object', properties: { conditions: conditionsSchema, atProvider: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } };
      const schema = { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, status } };
      const versionEntry = { name: version, served: true, storage: true, schema: { openAPIV3Schema: schema }, subresources: { status: {} }, additionalPrinterColumns: [...conditionColumns, age] };
      const names = { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List`, categories: ['crossplane', 'managed'] };
      byName.set(`${plural}.${group}`, crd(`${plural}.${group}`, group, names, 'Cluster', [versionEntry]));
    }
  }
  return [...byName.values()];
}

// ---------------------------------------------------------------------------------------------------------------
// Applying

/** The REST path of a cluster-scoped or namespaced collection. */
export function collectionPath(apiVersion: string, plural: string, namespace?: string): string {
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  return namespace ? `${base}/namespaces/${namespace}/${plural}` : `${base}/${plural}`;
}

/** Server-side apply (field manager `platform-aware-harness`), so applying twice is harmless. */
export async function applyObject(rest: KubeRest, object: KubeObject, plural: string): Promise<KubeObject | undefined> {
  const path = `${collectionPath(object.apiVersion ?? 'v1', plural, object.metadata.namespace)}/${object.metadata.name}?fieldManager=platform-aware-harness&force=true`;
  return rest.ok('PATCH', path, object, { contentType: 'application/apply-patch+yaml' });
}

/** Applies CRDs and waits, by watching them, until each is Established (the server then serves its kind). */
export async function applyCrds(rest: KubeRest, crds: KubeObject[], timeoutMs = 60_000): Promise<void> {
  const waiting = new Set(crds.map((c) => c.metadata.name));
  const path = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  const established = (o: KubeObject): boolean =>
    ((o.status?.['conditions'] as { type: string; status: string }[] | undefined) ?? []).some((c) => c.type === 'Established' && c.status === 'True');
  let onChange = (): void => undefined;
  // Watch from the list's resourceVersion so no transition between list and watch is missed.
  const list = await rest.ok<{ metadata: { resourceVersion: string }; items: KubeObject[] }>('GET', path);
  const watch = rest.watch(`${path}?watch=1&resourceVersion=${list?.metadata.resourceVersion ?? ''}`, (event) => {
    if (established(event.object)) waiting.delete(event.object.metadata.name);
    onChange();
  });
  try {
    for (const c of crds) {
      const applied = await applyObject(rest, c, 'customresourcedefinitions');
      if (applied && established(applied)) waiting.delete(c.metadata.name);
    }
    await new Promise<void>((resolveWait, reject) => {
      const timer = setTimeout(() => reject(new Error(`CRDs not Established within ${timeoutMs} ms: ${[...waiting].join(', ')}`)), timeoutMs);
      onChange = () => {
        if (waiting.size === 0) {
          clearTimeout(timer);
          resolveWait();
        }
      };
      onChange();
    });
  } finally {
    watch.close();
  }
}

export interface InstalledPlatform {
  xrds: KubeObject[];
  compositions: KubeObject[];
  kinds: XrdKinds[];
}

/**
 * Installs a Crossplane platform: Crossplane's CRDs, the CRDs generated from the XRDs, CRDs for the composed
 * managed resources, then the XRDs and Compositions themselves (validated by Crossplane's real schemas).
 * Defaults to the embedded sample platform.
 */
export async function installCrossplanePlatform(rest: KubeRest, platform = samplePlatformCrossplane()): Promise<InstalledPlatform> {
  await applyCrds(rest, crossplaneOwnCrds());
  await applyCrds(rest, [...platform.xrds.flatMap(crdsForXrd), ...managedResourceCrds(platform.compositions)]);
  for (const xrd of platform.xrds) await applyObject(rest, xrd, 'compositeresourcedefinitions');
  for (const composition of platform.compositions) await applyObject(rest, composition, 'compositions');
  return { ...platform, kinds: platform.xrds.map(xrdKinds) };
}
