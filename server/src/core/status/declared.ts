/**
 * Which manifest documents declare an instance whose live status is worth showing: claims, composite
 * resources and custom resources of capabilities the catalog offers, and KubeVela Applications. The
 * per-document part (`instanceHeadOf`) does not depend on the catalog, so it is computed once per parsed
 * document; `declaredInstances` joins it with the catalog.
 */
import { at, str } from '../catalog/from/helpers';
import { Catalog, isKindRole } from '../catalog/types';
import type { ParsedDocument } from '../parse/document';
import type { DeclaredInstance } from './types';

/** A document's object identity, without its place in the file. */
export interface InstanceHead {
  apiVersion: string;
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace?: string;
  /** Zero-based line of `kind` within the document. */
  kindLine: number;
  connectionSecret?: { name: string; namespace?: string };
}

const KUBEVELA_GROUP = 'core.oam.dev';

/** The instance head of a named Kubernetes object, or undefined. */
export function instanceHeadOf(doc: ParsedDocument): InstanceHead | undefined {
  const head = doc.head;
  if (!head?.name || !head.group) return undefined; // core kinds (Deployment, Secret) are not platform capabilities
  const ref = at(doc.value, 'spec', 'writeConnectionSecretToRef');
  const secretName = str(at(ref, 'name'));
  const secretNamespace = str(at(ref, 'namespace'));
  return {
    apiVersion: head.apiVersion,
    group: head.group,
    version: head.version,
    kind: head.kind,
    name: head.name,
    ...(head.namespace ? { namespace: head.namespace } : {}),
    kindLine: linesBefore(doc.text, head.kindSpan.start),
    ...(secretName ? { connectionSecret: { name: secretName, ...(secretNamespace ? { namespace: secretNamespace } : {}) } } : {}),
  };
}

/** Newlines before `offset`: `kind` sits near a document's top, and a LineIndex per document would outlive this. */
function linesBefore(text: string, offset: number): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** A key that changes when anything the status depends on changes (not the line). */
export function instanceHeadKey(head: InstanceHead): string {
  return `${head.apiVersion}|${head.kind}|${head.namespace ?? ''}|${head.name}|${head.connectionSecret?.namespace ?? ''}/${head.connectionSecret?.name ?? ''}`;
}

export interface PlacedHead {
  uri: string;
  documentIndex: number;
  /** Zero-based line of the document's start in the file. */
  startLine: number;
  head: InstanceHead;
}

/** The placed heads that are instances of something the platform offers. Ids are unique per file. */
export function declaredInstances(heads: Iterable<PlacedHead>, catalog: Catalog): DeclaredInstance[] {
  const out: DeclaredInstance[] = [];
  const seen = new Set<string>();
  for (const { uri, documentIndex, startLine, head } of heads) {
    const vela = head.group === KUBEVELA_GROUP && head.kind === 'Application';
    const capability = vela ? undefined : catalog.lookup(head.group, head.kind);
    if (!vela && (!capability || !isKindRole(capability.role))) continue;
    // The object's identity, not its place: an edit above it keeps the id (a duplicate gets a suffix).
    const base = `${uri}#${head.apiVersion}/${head.kind}/${head.namespace ?? ''}/${head.name}`;
    let id = base;
    for (let n = 2; seen.has(id); n++) id = `${base}#${n}`;
    seen.add(id);
    const scope = vela ? 'Namespaced' : capability!.scope;
    const plural = vela ? 'applications' : capability!.plural;
    out.push({
      id,
      uri,
      documentIndex,
      line: startLine + head.kindLine,
      apiVersion: head.apiVersion,
      group: head.group,
      version: head.version,
      kind: head.kind,
      name: head.name,
      ...(head.namespace && scope === 'Namespaced' ? { namespace: head.namespace } : {}),
      scope,
      ...(plural ? { plural } : {}),
      ...(head.connectionSecret ? { connectionSecret: head.connectionSecret } : {}),
    });
  }
  return out;
}
