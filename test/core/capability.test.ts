import { describe, it } from 'node:test';
import { check } from '../support/fixture';

describe('capabilities: kind and version', () => {
  it('accepts a claim the platform offers', () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: RedisCache
      metadata:
        name: sessions
      spec:
        parameters:
          memoryMB: 512
    `);
  });

  it('reports a kind the platform does not offer in its group, with a did-you-mean', () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: PostgresInstance
      #     ^^^^^^^^^^^^^^^^ unknown-capability: did you mean PostgreSQLInstance
    `);
  });

  it('warns when an offered kind is used with another group', () => {
    check(`
      apiVersion: db.example.org/v1alpha1
      kind: PostgreSQLInstance
      #     ^^^^^^^^^^^^^^^^^^ unknown-capability: platform.example.org/v1alpha1
    `);
  });

  it('leaves built-in kinds and unrelated third-party kinds alone', () => {
    check(`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      ---
      apiVersion: cert-manager.io/v1
      kind: Certificate
      metadata:
        name: tls
    `);
  });

  it('reports a version the capability does not have, naming the served ones', () => {
    check(`
      apiVersion: platform.example.org/v1beta1
      #           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unknown-version: served: v1alpha1
      kind: Queue
    `);
  });

  it('reports a version that is defined but not served', () => {
    const xrd = `
      apiVersion: apiextensions.crossplane.io/v1
      kind: CompositeResourceDefinition
      metadata:
        name: xwidgets.acme.io
      spec:
        group: acme.io
        names: { kind: XWidget, plural: xwidgets }
        claimNames: { kind: Widget, plural: widgets }
        versions:
          - name: v1alpha1
            served: false
            referenceable: false
            schema: { openAPIV3Schema: { type: object } }
          - name: v1
            served: true
            referenceable: true
            schema: { openAPIV3Schema: { type: object } }
    `;
    check(`
      apiVersion: acme.io/v1alpha1
      #           ^^^^^^^^^^^^^^^^ unknown-version: version v1alpha1 is not served
      kind: Widget
    `, { files: { 'xrd.yaml': xrd } });
  });

  it('warns that a cluster-scoped XR ignores metadata.namespace', () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: XBucket
      metadata:
        name: assets
        namespace: shop
      # ^^^^^^^^^ cluster-scoped-namespace: ignored
    `);
  });
});
