// Partial RBAC against a real API server: the `developer` user, bound to a real ClusterRole that may list
// and watch CRDs but not XRDs, gets the rest of the catalog; the forbidden resource is reported once.
import { strict as assert } from 'node:assert';
import { after, it } from 'node:test';
import { describeCluster } from '../support/kubeApiServer';
import { hasCapability, installCrossplaneCrds, kubectlOk, Recorded, startRecorded } from '../support/clusterSource';

const role = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: catalog-reader-without-xrds }
rules:
  - apiGroups: [apiextensions.k8s.io]
    resources: [customresourcedefinitions]
    verbs: [get, list, watch]
  - apiGroups: [apiextensions.crossplane.io]
    resources: [compositions]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: developer-catalog-reader }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: catalog-reader-without-xrds }
subjects:
  - { apiGroup: rbac.authorization.k8s.io, kind: User, name: developer }
`;

const gadgetCrd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: gadgets.rbac.platform-aware.dev }
spec:
  group: rbac.platform-aware.dev
  scope: Namespaced
  names: { plural: gadgets, singular: gadget, kind: Gadget, listKind: GadgetList }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, properties: { colour: { type: string } } }
`;

describeCluster('live catalog with partial RBAC (developer user)', (cluster) => {
  let recorded: Recorded | undefined;
  after(() => recorded?.catalog.stop());

  it('reports the forbidden XRD list once and serves the CRDs it may list', async () => {
    const kube = cluster();
    await installCrossplaneCrds(kube);
    await kubectlOk(kube, ['apply', '-f', '-'], role);
    // The real server agrees with the role before the source is started.
    assert.equal((await kube.kubectl(['auth', 'can-i', 'list', 'compositeresourcedefinitions.apiextensions.crossplane.io'], { user: 'developer' })).stdout.trim(), 'no');
    assert.equal((await kube.kubectl(['auth', 'can-i', 'watch', 'customresourcedefinitions'], { user: 'developer' })).stdout.trim(), 'yes');

    recorded = await startRecorded(kube, 'developer');
    const connected = await recorded.state((s) => s.state === 'connected');
    assert.equal(connected.state.context, 'developer');
    assert.deepEqual(connected.state.forbidden, ['compositeresourcedefinitions.apiextensions.crossplane.io']);
    const first = await recorded.change(hasCapability('CompositeResourceDefinition'));
    assert.ok(!first.contribution.capabilities.some((c) => c.role === 'claim'), 'no XRD was read');

    // The rest keeps working: a CRD applied now appears.
    const applied = performance.now();
    await kubectlOk(kube, ['apply', '-f', '-'], gadgetCrd);
    await recorded.change(hasCapability('Gadget'), { since: applied });

    // Reported once: one log line, one state transition that adds it (it never drops out and comes back),
    // and no state at all for the CRD event after the source was connected.
    assert.equal(recorded.logs.filter((l) => l.includes('compositeresourcedefinitions')).length, 1, recorded.logs.join('\n'));
    const snapshots = recorded.states.map((s) => s.state.forbidden.join());
    const additions = snapshots.filter((f, i) => f !== '' && snapshots[i - 1] !== f);
    assert.equal(additions.length, 1, JSON.stringify(recorded.states));
    assert.equal(recorded.states.at(-1)!.at, connected.at, 'nothing was reported after the source was connected');
  });
});
