import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, workspaceWith } from '../support/fixture';

const api = (kind: string, versions: string) => `
    api:
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: { name: ${kind.toLowerCase()}s.marketplace.kratix.io }
      spec:
        group: marketplace.kratix.io
        names: { kind: ${kind}, plural: ${kind.toLowerCase()}s, singular: ${kind.toLowerCase()} }
        scope: Namespaced
        versions:
${versions}`;

const v1alpha1 = `
          - name: v1alpha1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [env]
                    properties:
                      env: { type: string, enum: [dev, prod] }
                      teamId: { type: string, default: acid }`;

const postgresPromise = `
apiVersion: platform.kratix.io/v1alpha1
kind: Promise
metadata: { name: postgresql }
spec:
${api('postgresql', v1alpha1)}
`;

const compoundPromise = `
apiVersion: platform.kratix.io/v1alpha1
kind: Promise
metadata: { name: paved-path }
spec:
    dependencies:
      - apiVersion: v1
        kind: Namespace
        metadata: { name: not-an-api }
      - apiVersion: platform.kratix.io/v1alpha1
        kind: Promise
        metadata: { name: postgresql }
        spec:
${api('postgresql', v1alpha1).replace(/\n/g, '\n      ')}
${api('PavedPath', v1alpha1)}
`;

describe('Kratix Promises and resource requests', () => {
  it("offers a Promise's spec.api as a custom resource, pointing at the CRD's kind", () => {
    const workspace = workspaceWith({ files: { 'promise.yaml': postgresPromise } });
    const capability = workspace.catalog.lookup('marketplace.kratix.io', 'postgresql');
    assert.ok(capability);
    assert.equal(capability.role, 'custom-resource');
    assert.deepEqual(capability.versions.map((v) => v.name), ['v1alpha1']);
    assert.equal(capability.origin.namePosition?.line, 11);
  });

  it('validates a resource request against the Promise API, after defaulting', () => {
    check(`
      apiVersion: marketplace.kratix.io/v1alpha1
      kind: postgresql
      metadata: { name: db }
      spec:
        env: staging
      #      ^^^^^^^ schema: supported values: "dev", "prod"
    `, { files: { 'promise.yaml': postgresPromise } });
  });

  it('reports a version the Promise does not serve, listing the served ones', () => {
    check(`
      apiVersion: marketplace.kratix.io/v1alpha2
      #           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unknown-version: served: v1alpha1
      kind: postgresql
      metadata: { name: db }
      spec: { env: dev }
    `, { files: { 'promise.yaml': postgresPromise } });
  });

  it('offers the APIs of Promises embedded in a compound Promise, and nothing for other dependencies', () => {
    const workspace = workspaceWith({ files: { 'compound.yaml': compoundPromise } });
    assert.ok(workspace.catalog.lookup('marketplace.kratix.io', 'postgresql'));
    assert.ok(workspace.catalog.lookup('marketplace.kratix.io', 'PavedPath'));
    assert.equal(workspace.catalog.byRole('custom-resource').length, 2);
    check(`
      apiVersion: marketplace.kratix.io/v1alpha1
      kind: postgresql
      metadata: { name: db }
      spec: {}
      #^^^ missing-required: spec.env
    `, { files: { 'compound.yaml': compoundPromise } });
  });

  it('uses a Promise of its own over the same Promise embedded in a compound one, without a conflict', () => {
    const workspace = workspaceWith({ files: { 'a-compound.yaml': compoundPromise, 'b-postgresql.yaml': postgresPromise } });
    const capability = workspace.catalog.lookup('marketplace.kratix.io', 'postgresql')!;
    assert.equal(capability.origin.uri, 'file:///ws/b-postgresql.yaml');
    assert.deepEqual(capability.kratix, { promise: 'postgresql', embeddedIn: undefined });
    assert.deepEqual(workspace.catalog.lookup('marketplace.kratix.io', 'PavedPath')!.kratix, { promise: 'paved-path', embeddedIn: undefined });
    assert.deepEqual(workspace.catalog.problems, []);
  });

  it('reports two Promises of their own offering the same API', () => {
    const workspace = workspaceWith({ files: { 'a.yaml': postgresPromise, 'b.yaml': postgresPromise } });
    assert.deepEqual(workspace.catalog.problems.map((p) => p.code), ['definition-conflict', 'definition-conflict']);
  });

  it('reports a broken Promise API once, on the Promise', () => {
    check(`
      apiVersion: platform.kratix.io/v1alpha1
      kind: Promise
      metadata: { name: broken }
      spec:
        api:
          apiVersion: apiextensions.k8s.io/v1
          kind: CustomResourceDefinition
          spec:
            group: marketplace.kratix.io
            names: { kind: Broken, plural: brokens }
            versions:
              - name: v1
                served: true
                schema:
                  openAPIV3Schema: { type: strign }
      #                                    ^^^^^^ definition-invalid: Broken v1
    `);
  });

  it('offers nothing for a Promise without an API (it only installs things)', () => {
    const workspace = workspaceWith({ files: { 'promise.yaml': 'apiVersion: platform.kratix.io/v1alpha1\nkind: Promise\nmetadata: { name: istio }\nspec: {}\n' } });
    assert.deepEqual([...workspace.catalog.sources], ['sample']);
  });
});
