/**
 * CompositeResourceDefinition (apiextensions.crossplane.io v1 or v2) → the composite (XR) capability and,
 * when `claimNames` is set, the claim capability. Each gets the full object schema Crossplane's generated
 * CRD would have: the XRD's schema plus Crossplane's own fields (see crossplaneFields.ts).
 */
import type { ParsedDocument } from '../../parse/document';
import type { Capability, CapabilityVersion, Contribution, JsonSchema, Provenance } from '../types';
import { capabilityId } from '../types';
import { V1_CLAIM_FIELDS, V1_COMPOSITE_FIELDS, V2_COMPOSITE_FIELDS } from './crossplaneFields';
import { at, list, obj, problem, spanAt, str, strings } from './helpers';
import { schemaShapeProblems } from './schemaShape';

export function fromXrd(doc: ParsedDocument, uri: string, source: Provenance['source']): Contribution {
  const out: Contribution = { capabilities: [], compositions: [], problems: [] };
  const head = doc.head!;
  const xrdVersion = head.version === 'v2' ? 'v2' : 'v1';
  const spec = obj(at(doc.value, 'spec'));
  const group = str(spec?.['group']);
  const compositeKind = str(at(spec, 'names', 'kind'));
  if (!spec || !group || !compositeKind) {
    out.problems.push(problem(doc, uri, ['spec'], 'CompositeResourceDefinition needs spec.group and spec.names.kind'));
    return out;
  }
  const claimKind = str(at(spec, 'claimNames', 'kind'));
  // v2 XRDs are namespaced unless they say otherwise; `LegacyCluster` keeps the v1 shape, claims included.
  const v2Scope = str(spec['scope']) ?? 'Namespaced';
  const legacy = xrdVersion === 'v1' || v2Scope === 'LegacyCluster';
  const crossplane = {
    xrdVersion,
    definitionName: head.name ?? `${str(at(spec, 'names', 'plural')) ?? compositeKind.toLowerCase()}.${group}`,
    compositeKind,
    claimKind,
    defaultCompositionRef: str(at(spec, 'defaultCompositionRef', 'name')),
  } as const;
  const description = firstDescription(spec);
  const connectionSecretKeys = spec['connectionSecretKeys'] === undefined ? undefined : strings(spec['connectionSecretKeys']);

  const versionsFor = (implicit: JsonSchema): CapabilityVersion[] =>
    list(spec['versions']).flatMap((raw, i) => {
      const v = obj(raw);
      const name = str(v?.['name']);
      if (!v || !name) return [];
      const own = obj(at(v, 'schema', 'openAPIV3Schema'));
      const shape = own ? schemaShapeProblems(own, ['spec', 'versions', i, 'schema', 'openAPIV3Schema']) : [];
      return [{
        name,
        served: v['served'] !== false,
        schema: shape.length === 0 ? objectSchema(own, implicit) : undefined,
        deprecated: v['deprecated'] === true,
        deprecationWarning: str(v['deprecationWarning']),
        ...(shape.length > 0 ? { schemaProblem: shape[0]!.message } : {}),
      }];
    });

  list(spec['versions']).forEach((raw, i) => {
    const own = obj(at(raw, 'schema', 'openAPIV3Schema'));
    if (own) for (const p of schemaShapeProblems(own, ['spec', 'versions', i, 'schema', 'openAPIV3Schema'])) out.problems.push(problem(doc, uri, p.path, `${compositeKind}: ${p.message}`));
  });
  if (list(spec['versions']).length === 0) out.problems.push(problem(doc, uri, ['spec', 'versions'], `${compositeKind} declares no versions`));

  out.capabilities.push({
    id: capabilityId(group, compositeKind),
    group,
    kind: compositeKind,
    plural: str(at(spec, 'names', 'plural')),
    role: 'composite',
    scope: legacy ? 'Cluster' : v2Scope === 'Cluster' ? 'Cluster' : 'Namespaced',
    versions: versionsFor(legacy ? V1_COMPOSITE_FIELDS : V2_COMPOSITE_FIELDS),
    description,
    connectionSecretKeys,
    crossplane,
    origin: { source, uri, nameSpan: spanAt(doc, ['spec', 'names', 'kind']) },
  });
  if (claimKind && legacy) {
    const claim: Capability = {
      id: capabilityId(group, claimKind),
      group,
      kind: claimKind,
      plural: str(at(spec, 'claimNames', 'plural')),
      role: 'claim',
      scope: 'Namespaced',
      versions: versionsFor(V1_CLAIM_FIELDS),
      description,
      connectionSecretKeys,
      crossplane,
      origin: { source, uri, nameSpan: spanAt(doc, ['spec', 'claimNames', 'kind']) },
    };
    out.capabilities.push(claim);
  }
  return out;
}

/** The generated CRD's object schema: the XRD's spec and status plus Crossplane's implicit spec fields. */
function objectSchema(own: JsonSchema | undefined, implicit: JsonSchema): JsonSchema {
  const ownProps = obj(own?.['properties']) ?? {};
  const spec = obj(ownProps['spec']) ?? { type: 'object' };
  const specProps = obj(spec['properties']) ?? {};
  // The XRD's own declarations win: some platforms re-declare a Crossplane field with a narrower schema.
  const mergedSpec = { ...spec, type: 'object', properties: { ...implicit, ...specProps } };
  return {
    ...own,
    type: 'object',
    properties: {
      ...ownProps,
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: mergedSpec,
      // Status is written by Crossplane and the composition, never meaningfully by the author of a manifest.
      status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    },
  };
}

function firstDescription(spec: Record<string, unknown>): string | undefined {
  for (const v of list(spec['versions'])) {
    const d = str(at(v, 'schema', 'openAPIV3Schema', 'description')) ?? str(at(v, 'schema', 'openAPIV3Schema', 'properties', 'spec', 'description'));
    if (d) return d;
  }
  return undefined;
}
