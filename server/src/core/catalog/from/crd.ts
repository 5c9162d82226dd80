/** CustomResourceDefinition (apiextensions.k8s.io/v1) → one custom-resource capability. */
import type { ParsedDocument } from '../../parse/document';
import type { PathSegment } from '../../parse/locate';
import type { Capability, CapabilityVersion, Contribution, Provenance } from '../types';
import { capabilityId } from '../types';
import { at, list, obj, problem, spanAt, str } from './helpers';
import { schemaShapeProblems } from './schemaShape';

export function fromCrd(doc: ParsedDocument, uri: string, source: Provenance['source']): Contribution {
  return crdContribution(doc, uri, source, doc.value, []);
}

/**
 * The capability of a CRD found at `base` inside a document: the document itself for a CRD, or
 * `spec.api` of a Kratix Promise (which carries its API as a whole CRD). Spans and problems point into
 * the document at `base`.
 */
export function crdContribution(doc: ParsedDocument, uri: string, source: Provenance['source'], crd: unknown, base: PathSegment[]): Contribution {
  const out: Contribution = { capabilities: [], compositions: [], problems: [] };
  const spec = obj(at(crd, 'spec'));
  const group = str(spec?.['group']);
  const kind = str(at(spec, 'names', 'kind'));
  if (!spec || !group || !kind) {
    out.problems.push(problem(doc, uri, [...base, 'spec'], 'CustomResourceDefinition needs spec.group and spec.names.kind'));
    return out;
  }
  const versions: CapabilityVersion[] = [];
  list(spec['versions']).forEach((raw, i) => {
    const v = obj(raw);
    const name = str(v?.['name']);
    if (!v || !name) return;
    const schema = obj(at(v, 'schema', 'openAPIV3Schema'));
    const shape = schema ? schemaShapeProblems(schema, [...base, 'spec', 'versions', i, 'schema', 'openAPIV3Schema']) : [];
    for (const p of shape) out.problems.push(problem(doc, uri, p.path, `${kind} ${name}: ${p.message}`));
    versions.push({
      name,
      served: v['served'] !== false,
      schema: shape.length === 0 && schema ? withObjectMeta(schema) : undefined,
      deprecated: v['deprecated'] === true,
      deprecationWarning: str(v['deprecationWarning']),
      ...(shape.length > 0 ? { schemaProblem: shape[0]!.message } : {}),
    });
  });
  if (versions.length === 0) out.problems.push(problem(doc, uri, [...base, 'spec', 'versions'], `${kind} declares no versions`));
  const capability: Capability = {
    id: capabilityId(group, kind),
    group,
    kind,
    plural: str(at(spec, 'names', 'plural')),
    role: 'custom-resource',
    scope: spec['scope'] === 'Cluster' ? 'Cluster' : 'Namespaced',
    versions,
    description: str(at(versions.length ? list(spec['versions'])[0] : undefined, 'schema', 'openAPIV3Schema', 'description')),
    origin: { source, uri, nameSpan: spanAt(doc, [...base, 'spec', 'names', 'kind']) },
  };
  out.capabilities.push(capability);
  return out;
}

/** The API server accepts apiVersion, kind and metadata on every object, declared or not. */
function withObjectMeta(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = obj(schema['properties']) ?? {};
  return { ...schema, properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...properties } };
}
