import { describe, it } from 'node:test';
import { check } from '../support/fixture';

describe('Crossplane claims and composite resources', () => {
  it("accepts Crossplane's own claim fields", () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: PostgreSQLInstance
      metadata: { name: orders-db, namespace: shop }
      spec:
        parameters: { databaseName: orders }
        compositionRef: { name: postgresql-gcp }
        compositionUpdatePolicy: Manual
        compositeDeletePolicy: Foreground
        writeConnectionSecretToRef: { name: orders-db-conn }
    `);
  });

  it('rejects composite-only fields on a claim', () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: Queue
      spec:
        claimRef: { apiVersion: v1, kind: X, name: y }
      # ^^^^^^^^ unknown-field: "claimRef"
    `);
  });

  it('types the Crossplane fields too', () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: Queue
      spec:
        compositionUpdatePolicy: Sometimes
      #                          ^^^^^^^^^ schema: "Automatic", "Manual"
    `);
  });

  it('reports a compositionRef naming no Composition for the type, with the available ones', () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: PostgreSQLInstance
      spec:
        parameters: { databaseName: orders }
        compositionRef: { name: postgresql-azure }
      #                         ^^^^^^^^^^^^^^^^ composition-not-found: available: postgresql-aws, postgresql-gcp
    `);
  });

  it('says when the named Composition composes another type', () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: PostgreSQLInstance
      spec:
        parameters: { databaseName: orders }
        compositionRef: { name: redis-aws }
      #                         ^^^^^^^^^ composition-not-found: composes XRedisCache, not XPostgreSQLInstance
    `);
  });

  it('reports a compositionSelector that matches no Composition, and accepts one that does', () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: PostgreSQLInstance
      spec:
        parameters: { databaseName: orders }
        compositionSelector:
          matchLabels:
      #   ^^^^^^^^^^^ composition-selector-no-match: postgresql-aws {provider: aws}
            provider: azure
      ---
      apiVersion: platform.example.org/v1alpha1
      kind: PostgreSQLInstance
      spec:
        parameters: { databaseName: orders }
        compositionSelector: { matchLabels: { provider: gcp } }
    `);
  });

  it('checks v2 namespaced XRs: Crossplane fields live under spec.crossplane, no connection secret ref', () => {
    const xrd = `
      apiVersion: apiextensions.crossplane.io/v2
      kind: CompositeResourceDefinition
      metadata: { name: apps.acme.io }
      spec:
        group: acme.io
        names: { kind: App, plural: apps }
        scope: Namespaced
        versions:
          - name: v1
            served: true
            referenceable: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      image: { type: string }
      ---
      apiVersion: apiextensions.crossplane.io/v1
      kind: Composition
      metadata: { name: app-default }
      spec:
        compositeTypeRef: { apiVersion: acme.io/v1, kind: App }
    `;
    check(`
      apiVersion: acme.io/v1
      kind: App
      metadata: { name: web, namespace: shop }
      spec:
        image: nginx
        crossplane:
          compositionRef: { name: app-other }
      #                           ^^^^^^^^^ composition-not-found: available: app-default
        writeConnectionSecretToRef: { name: web-conn }
      # ^^^^^^^^^^^^^^^^^^^^^^^^^^ unknown-field
    `, { files: { 'platform.yaml': xrd } });
  });
});
