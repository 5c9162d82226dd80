/**
 * Kind → resource (plural, scope) through discovery, cached per group version: the instance watcher
 * needs the plural of every kind it watches, and composed resources name only apiVersion and kind.
 */
import { getJson, KubeConfig } from './client';

export type KindAnswer = { ok: true; plural: string; namespaced: boolean } | { ok: false; reason: 'NotServed' | 'Unreachable'; message: string };

interface GroupVersionResources {
  /** By kind; subresources (`x/status`) left out. */
  kinds: Map<string, { plural: string; namespaced: boolean }>;
}

export class KindResolver {
  private readonly cache = new Map<string, Promise<GroupVersionResources | { status: number; message: string }>>();

  constructor(private readonly kc: KubeConfig) {}

  async resolve(apiVersion: string, kind: string): Promise<KindAnswer> {
    const found = await this.groupVersion(apiVersion);
    if (!('kinds' in found)) {
      // 404: the group version is not served (no CRD); anything else: ask again next time.
      if (found.status !== 404) this.cache.delete(apiVersion);
      return found.status === 404 ? { ok: false, reason: 'NotServed', message: `the cluster does not serve ${apiVersion}` } : { ok: false, reason: 'Unreachable', message: found.message };
    }
    const resource = found.kinds.get(kind);
    return resource ? { ok: true, ...resource } : { ok: false, reason: 'NotServed', message: `the cluster serves no ${kind} in ${apiVersion}` };
  }

  /** Forgets what was learnt (a CRD was added or removed). */
  forget(): void {
    this.cache.clear();
  }

  private groupVersion(apiVersion: string): Promise<GroupVersionResources | { status: number; message: string }> {
    let entry = this.cache.get(apiVersion);
    if (!entry) {
      entry = getJson(this.kc, apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`, { timeoutMs: 10_000 }).then((answer) => {
        if (!answer.ok) return { status: answer.status, message: answer.message };
        const kinds = new Map<string, { plural: string; namespaced: boolean }>();
        const resources = (answer.body as { resources?: unknown }).resources;
        for (const r of Array.isArray(resources) ? resources : []) {
          const { name, kind, namespaced } = r as { name?: unknown; kind?: unknown; namespaced?: unknown };
          if (typeof name !== 'string' || typeof kind !== 'string' || name.includes('/')) continue;
          kinds.set(kind, { plural: name, namespaced: namespaced === true });
        }
        return { kinds };
      });
      this.cache.set(apiVersion, entry);
    }
    return entry;
  }
}
