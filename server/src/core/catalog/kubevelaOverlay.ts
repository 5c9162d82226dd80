/**
 * A KubeVela schema ConfigMap (`from/kubevelaSchemaConfigMap.ts`) and the definition it describes are
 * two documents, possibly in two files or sources; `catalog/build.ts` calls this when both reach the same
 * type id. The ConfigMap's schema wins over the one derived from CUE: it is what the controller rendered
 * with the real CUE evaluator. Its revision schemas (`-v<N>`) are added as versions.
 */
import type { Capability, CapabilityVersion } from './types';

export function isSchemaOverlay(a: Capability, b: Capability): boolean {
  return a.kubevela?.isSchemaOnly === true || b.kubevela?.isSchemaOnly === true;
}

export function withSchemaOverlay(kept: Capability, other: Capability): Capability {
  const [definition, overlay] = kept.kubevela?.isSchemaOnly && !other.kubevela?.isSchemaOnly ? [other, kept] : [kept, other];
  const byName = new Map<string, CapabilityVersion>(definition.versions.map((v) => [v.name, v]));
  for (const version of overlay.versions) {
    // Between two ConfigMaps of one name, the first (by source, then path) stays.
    if (definition.kubevela?.isSchemaOnly && byName.has(version.name)) continue;
    byName.set(version.name, version);
  }
  const facts = definition.kubevela && !definition.kubevela.isSchemaOnly
    ? { ...definition.kubevela, parametersDerived: 'configmap' as const, parametersProblem: undefined }
    : definition.kubevela;
  return { ...definition, versions: [...byName.values()], kubevela: facts };
}
