/**
 * Merges contributions (one per definition file, one for the cluster, the sample platform) into a
 * Catalog. Deterministic whatever the order sources arrive in: contributions are ordered by source
 * (workspace, then cluster, then sample) and then by URI, and the first definition of a type wins.
 */
import { combinedFacts, preferredPromiseApi } from './facts';
import { isSchemaOverlay, withSchemaOverlay } from './kubevelaOverlay';
import { Capability, CapabilityRole, capabilityId, Catalog, Composition, Contribution, DefinitionProblem, isKindRole, SourceKind, typeCapabilityId } from './types';

const SOURCE_RANK: Record<SourceKind, number> = { workspace: 0, cluster: 1, sample: 2 };

export interface SourcedContribution {
  /** Stable identity of the source: a file URI, or `cluster:<context>`, `sample:`. */
  key: string;
  source: SourceKind;
  contribution: Contribution;
}

export function buildCatalog(inputs: Iterable<SourcedContribution>, generation: number): Catalog {
  const ordered = [...inputs].sort((a, b) => SOURCE_RANK[a.source] - SOURCE_RANK[b.source] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const capabilities = new Map<string, Capability>();
  const compositions: Composition[] = [];
  const problems: DefinitionProblem[] = [];
  const sources = new Set<SourceKind>();
  for (const { contribution } of ordered) {
    problems.push(...contribution.problems);
    compositions.push(...contribution.compositions);
    for (const capability of contribution.capabilities) {
      sources.add(capability.origin.source);
      const existing = capabilities.get(capability.id);
      if (!existing) capabilities.set(capability.id, capability);
      else merge(existing, capability, capabilities, problems);
    }
  }
  const byKind = new Map<string, Capability[]>();
  const byRole = new Map<CapabilityRole, Capability[]>();
  const groups = new Set<string>();
  for (const capability of [...capabilities.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    byRole.set(capability.role, [...(byRole.get(capability.role) ?? []), capability]);
    if (!isKindRole(capability.role)) continue;
    const list = byKind.get(capability.kind) ?? [];
    list.push(capability);
    byKind.set(capability.kind, list);
    groups.add(capability.group.toLowerCase());
  }
  return {
    generation,
    capabilities,
    compositions,
    problems,
    sources,
    groups,
    byKind: (kind) => byKind.get(kind) ?? [],
    lookup: (group, kind) => {
      const found = capabilities.get(capabilityId(group, kind));
      return found && isKindRole(found.role) ? found : undefined;
    },
    lookupType: (role, name) => capabilities.get(typeCapabilityId(role, name)),
    byRole: (role) => byRole.get(role) ?? [],
  };
}

/** Two definitions of one type: versions they share conflict (the first wins), the others are merged. */
function merge(kept: Capability, other: Capability, capabilities: Map<string, Capability>, problems: DefinitionProblem[]): void {
  // A KubeVela schema ConfigMap supplies the parameters of the definition it is named after.
  if (isSchemaOverlay(kept, other)) {
    capabilities.set(kept.id, withSchemaOverlay(kept, other));
    return;
  }
  const promise = preferredPromiseApi(kept, other);
  if (promise) {
    const second = promise === kept ? other : kept;
    capabilities.set(kept.id, { ...promise, versions: [...promise.versions, ...second.versions.filter((v) => !promise.versions.some((k) => k.name === v.name))] });
    return;
  }
  const shared = other.versions.filter((v) => kept.versions.some((k) => k.name === v.name));
  if (shared.length > 0 && other.origin.source === kept.origin.source) {
    const names = shared.map((v) => v.name).join(', ');
    const message = (self: Capability, peer: Capability, chosen: boolean) =>
      `${self.kind}.${self.group} ${names} is also defined in ${peer.origin.uri}; ` +
      (chosen ? 'this definition is used (first by path).' : `that one is used (first by path), this one is ignored.`);
    if (kept.origin.nameSpan) problems.push({ code: 'definition-conflict', severity: 'warning', message: message(kept, other, true), uri: kept.origin.uri, span: kept.origin.nameSpan });
    if (other.origin.nameSpan) problems.push({ code: 'definition-conflict', severity: 'warning', message: message(other, kept, false), uri: other.origin.uri, span: other.origin.nameSpan });
  }
  const extra = other.versions.filter((v) => !kept.versions.some((k) => k.name === v.name));
  // Several files may offer one type (Score provisioner files): their facts add up, none is dropped.
  const facts = combinedFacts(kept, other);
  if (extra.length > 0 || facts) capabilities.set(kept.id, { ...kept, ...facts, versions: [...kept.versions, ...extra] });
}
