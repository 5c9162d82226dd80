// A ClusterConnectionInfo for one of the harness's users, made the way the language server makes it
// (kubeconfig.ts selects the context, client.ts builds the library's KubeConfig), for tests that call the
// cluster modules directly.
import { strict as assert } from 'node:assert';
import { makeKubeConfig } from '#server/sources/cluster/client';
import type { ClusterConnectionInfo } from '#server/sources/cluster/clusterCatalog';
import { loadKubeconfig } from '#server/sources/cluster/kubeconfig';
import type { KubeApiServer, KubeUser } from './kubeApiServer';

export async function connectAs(kube: KubeApiServer, user: KubeUser, namespace = 'default'): Promise<ClusterConnectionInfo> {
  const found = loadKubeconfig({ path: kube.kubeconfigPath, context: kube.contexts[user], trusted: true });
  assert.ok(found.ok, found.ok ? '' : found.message);
  const made = await makeKubeConfig(found.value.config);
  assert.ok(made.ok, made.ok ? '' : made.message);
  return { k8s: made.k8s, kc: made.kc, context: found.value.context, namespace, server: found.value.server };
}
