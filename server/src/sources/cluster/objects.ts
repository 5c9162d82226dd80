/**
 * Cluster objects → catalog contributions, through the same builders as definition files: each object is
 * written as YAML (what `kubectl get -o yaml` would show, less server bookkeeping) and read by
 * `contributionOfText` under a virtual URI naming the object, so provenance says cluster + object and
 * go-to-definition can later open the same text as a read-only document.
 */
import { stringify } from 'yaml';
import { contributionOfText } from '../../core/catalog/fromText';
import type { Contribution } from '../../core/catalog/types';

/** The parts of a Kubernetes object this module reads. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion?: string; kind?: string; controller?: boolean }[];
    managedFields?: unknown;
  };
  [key: string]: unknown;
}

export const CLUSTER_SCHEME = 'platform-aware-cluster';

/** `platform-aware-cluster://<context>/<apiVersion>/<kind>/<namespace>/<name>` (`_` for no namespace). */
export function objectUri(context: string, object: KubeObject): string {
  const part = (value: string | undefined) => encodeURIComponent(value || '_');
  return `${CLUSTER_SCHEME}://${part(context)}/${object.apiVersion ?? ''}/${part(object.kind)}/${part(object.metadata?.namespace)}/${part(object.metadata?.name)}`;
}

/** The object as YAML, without what the server keeps for itself (managed fields, status, kubectl's copy). */
export function objectText(object: KubeObject): string {
  const { status: _status, ...rest } = object;
  const metadata = { ...object.metadata };
  delete metadata.managedFields;
  if (metadata.annotations) {
    const { ['kubectl.kubernetes.io/last-applied-configuration']: _applied, ...annotations } = metadata.annotations;
    metadata.annotations = annotations;
  }
  return stringify({ ...rest, metadata }, { lineWidth: 0 });
}

/**
 * A CRD that Crossplane generated for an XRD (its controller owner is the XRD): the XRD itself already
 * offers the type, with the claim's implicit fields, so the CRD would only be a second definition.
 */
export function isGeneratedByXrd(object: KubeObject): boolean {
  return object.kind === 'CustomResourceDefinition' && (object.metadata?.ownerReferences ?? []).some((o) => o.controller === true && o.kind === 'CompositeResourceDefinition' && (o.apiVersion ?? '').startsWith('apiextensions.crossplane.io/'));
}

interface Built {
  resourceVersion: string | undefined;
  text: string;
  contribution: Contribution;
}

/** Contributions per object URI, rebuilt only for objects whose resourceVersion changed. */
export class ObjectContributions {
  private readonly built = new Map<string, Built>();

  constructor(private readonly context: string) {}

  /** The merged contribution of `objects` (ordered by URI, so the result does not depend on event order). */
  contributionOf(objects: Iterable<KubeObject>): Contribution {
    const seen = new Map<string, Built>();
    for (const object of objects) {
      if (isGeneratedByXrd(object)) continue;
      const uri = objectUri(this.context, object);
      const version = object.metadata?.resourceVersion;
      let entry = this.built.get(uri);
      if (!entry || entry.resourceVersion === undefined || entry.resourceVersion !== version) {
        const text = objectText(object);
        entry = { resourceVersion: version, text, contribution: contributionOfText(uri, text, 'cluster') };
      }
      seen.set(uri, entry);
    }
    this.built.clear();
    const out: Contribution = { capabilities: [], compositions: [], problems: [] };
    for (const uri of [...seen.keys()].sort()) {
      const entry = seen.get(uri)!;
      this.built.set(uri, entry);
      out.capabilities.push(...entry.contribution.capabilities);
      out.compositions.push(...entry.contribution.compositions);
      out.problems.push(...entry.contribution.problems);
    }
    return out;
  }

  /** The YAML text a virtual URI stands for (for a read-only view of a cluster-only definition). */
  text(uri: string): string | undefined {
    return this.built.get(uri)?.text;
  }
}
