/**
 * Kratix Promise (platform.kratix.io) → the custom-resource capability of its API. A Promise carries
 * its API as a whole CustomResourceDefinition in `spec.api`; resource requests are instances of that CRD
 * and are then checked like any custom resource. Compound Promises embed other Promises in
 * `spec.dependencies`, and their pipelines emit requests against those, so embedded Promises offer their
 * APIs too. A Promise without `spec.api` only installs things and offers nothing to request.
 */
import type { ParsedDocument } from '../../parse/document';
import type { PathSegment } from '../../parse/locate';
import type { Contribution, Provenance } from '../types';
import { crdContribution } from './crd';
import { at, list, obj, str } from './helpers';

export const KRATIX_GROUP = 'platform.kratix.io';

/** Compound Promises nest rarely more than once; the bound keeps a hostile document cheap. */
const MAX_NESTING = 4;

export function fromPromise(doc: ParsedDocument, uri: string, source: Provenance['source']): Contribution {
  const out: Contribution = { capabilities: [], compositions: [], problems: [] };
  collect(doc, uri, source, doc.value, [], out, 0);
  return out;
}

function collect(doc: ParsedDocument, uri: string, source: Provenance['source'], promise: unknown, base: PathSegment[], out: Contribution, depth: number, embeddedIn?: string): void {
  const api = obj(at(promise, 'spec', 'api'));
  const name = str(at(promise, 'metadata', 'name'));
  if (api) {
    const own = crdContribution(doc, uri, source, api, [...base, 'spec', 'api']);
    out.capabilities.push(...own.capabilities.map((c) => ({ ...c, kratix: { promise: name, embeddedIn } })));
    out.problems.push(...own.problems);
  }
  if (depth >= MAX_NESTING) return;
  list(at(promise, 'spec', 'dependencies')).forEach((dependency, i) => {
    // Dependencies are any objects the Promise installs (operators, their CRDs, ...); only embedded
    // Promises offer an API to the platform's users.
    if (!isPromise(dependency)) return;
    collect(doc, uri, source, dependency, [...base, 'spec', 'dependencies', i], out, depth + 1, name ?? '(unnamed Promise)');
  });
}

function isPromise(value: unknown): boolean {
  const apiVersion = str(obj(value)?.['apiVersion']);
  return str(obj(value)?.['kind']) === 'Promise' && apiVersion !== undefined && apiVersion.startsWith(`${KRATIX_GROUP}/`);
}
