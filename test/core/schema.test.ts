import { describe, it } from 'node:test';
import { check } from '../support/fixture';

const CRD = (schema: string) => `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.acme.io
spec:
  group: acme.io
  scope: Namespaced
  names: { kind: Gadget, plural: gadgets }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
${schema.replace(/^\n/, '').split('\n').map((l) => `          ${l}`).join('\n')}
`;

describe('schema validation', () => {
  it('reports a wrong type on the value, naming the path', () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: PostgreSQLInstance
      spec:
        parameters:
          storageGB: "20GB"
      #              ^^^^^^ schema: spec.parameters.storageGB: must be integer
          databaseName: orders
    `);
  });

  it('reports an enum violation with the allowed values and a did-you-mean', () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: RedisCache
      spec:
        parameters:
          memoryMB: 512
          evictionPolicy: allkeys-lr
      #                   ^^^^^^^^^^ schema: did you mean allkeys-lru
    `);
  });

  it('reports minimum and pattern violations', () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: PostgreSQLInstance
      spec:
        parameters:
          storageGB: 5
      #              ^ schema: must be >= 10
          databaseName: Orders
      #                 ^^^^^^ schema: must match pattern
    `);
  });

  it('reports a missing required parameter on the object that lacks it', () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: PostgreSQLInstance
      spec:
        parameters:
      # ^^^^^^^^^^ missing-required: missing required parameter spec.parameters.databaseName (string)
          storageGB: 20
    `);
  });

  it('treats a required field with a default as satisfied (the API server defaults first)', () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: PostgreSQLInstance
      spec:
        parameters:
          databaseName: orders
    `);
  });

  it('checks nested required fields only when their parent is present, as the API server does', () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: RedisCache
      metadata:
        name: without-spec
      ---
      apiVersion: platform.example.org/v1alpha1
      kind: RedisCache
      spec: {}
      #^^^ missing-required: spec.parameters (object)
    `);
  });

  it('reports an unknown field as a warning on its key, with a did-you-mean', () => {
    const findings = check(`
      apiVersion: platform.example.org/v1alpha1
      kind: Queue
      spec:
        parameters:
          fifo: true
          retentionHour: 24
      #   ^^^^^^^^^^^^^ unknown-field: did you mean retentionHours
    `);
    if (findings[0]!.severity !== 'warning') throw new Error('unknown-field must default to a warning');
  });

  it('honours unknownFields: error and ignore', () => {
    const text = `
      apiVersion: platform.example.org/v1alpha1
      kind: Queue
      spec:
        parameters:
          colour: blue
      #   ^^^^^^ unknown-field
    `;
    const [finding] = check(text, { options: { unknownFields: 'error' } });
    if (finding!.severity !== 'error') throw new Error('expected error severity');
    check(text.replace(/\n\s*#.*unknown-field/, ''), { options: { unknownFields: 'ignore' } });
  });

  it('accepts x-kubernetes-int-or-string values of both kinds and rejects others', () => {
    const crd = CRD(`
      type: object
      properties:
        spec:
          type: object
          properties:
            port: { x-kubernetes-int-or-string: true }
    `);
    check(`
      apiVersion: acme.io/v1
      kind: Gadget
      spec: { port: 8080 }
      ---
      apiVersion: acme.io/v1
      kind: Gadget
      spec: { port: http }
      ---
      apiVersion: acme.io/v1
      kind: Gadget
      spec: { port: true }
      #             ^^^^ schema: must be integer or string
    `, { files: { 'crd.yaml': crd } });
  });

  it('keeps unknown fields under x-kubernetes-preserve-unknown-fields and embedded resources', () => {
    const crd = CRD(`
      type: object
      properties:
        spec:
          type: object
          properties:
            values: { type: object, x-kubernetes-preserve-unknown-fields: true }
            template: { type: object, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true }
            strict: { type: object, properties: { a: { type: string } } }
    `);
    check(`
      apiVersion: acme.io/v1
      kind: Gadget
      spec:
        values: { anything: { goes: 1 } }
        template: { apiVersion: v1, kind: ConfigMap, metadata: { name: x }, data: { k: v } }
        strict: { a: x, b: y }
      #                 ^ unknown-field
    `, { files: { 'crd.yaml': crd } });
  });

  it('accepts null where the schema says nullable', () => {
    const crd = CRD(`
      type: object
      properties:
        spec:
          type: object
          properties:
            note: { type: string, nullable: true }
            other: { type: string }
    `);
    check(`
      apiVersion: acme.io/v1
      kind: Gadget
      spec:
        note: null
        other: null
      #        ^^^^ schema: must be string
    `, { files: { 'crd.yaml': crd } });
  });

  it('reports duplicates in list-type set and map lists, after defaulting', () => {
    const crd = CRD(`
      type: object
      properties:
        spec:
          type: object
          properties:
            tags: { type: array, x-kubernetes-list-type: set, items: { type: string } }
            ports:
              type: array
              x-kubernetes-list-type: map
              x-kubernetes-list-map-keys: [port, protocol]
              items:
                type: object
                properties:
                  port: { type: integer }
                  protocol: { type: string, default: TCP }
    `);
    check(`
      apiVersion: acme.io/v1
      kind: Gadget
      spec:
        tags: [a, b, a]
      #              ^ schema: Duplicate value
        ports:
          - { port: 80, protocol: TCP }
          - { port: 80 }
      #     ^^^^^^^^^^^^ schema: Duplicate value
          - { port: 80, protocol: UDP }
    `, { files: { 'crd.yaml': crd } });
  });

  it('evaluates CEL rules, skipping transition rules and functions outside the supported subset', () => {
    const crd = CRD(`
      type: object
      properties:
        spec:
          type: object
          x-kubernetes-validations:
            - rule: self.minReplicas <= self.maxReplicas
              message: minReplicas must not exceed maxReplicas
            - rule: self.minReplicas == oldSelf.minReplicas
              message: immutable
            - rule: isURL(self.endpoint)
              message: endpoint must be a URL
          properties:
            minReplicas: { type: integer }
            maxReplicas: { type: integer }
            endpoint: { type: string }
            name:
              type: string
              x-kubernetes-validations:
                - rule: self.size() <= 8
                  message: at most 8 characters
    `);
    check(`
      apiVersion: acme.io/v1
      kind: Gadget
      spec:
      #^^^ cel-violation: minReplicas must not exceed maxReplicas
        minReplicas: 5
        maxReplicas: 2
        endpoint: not a url
        name: much-too-long
      #       ^^^^^^^^^^^^^ cel-violation: at most 8 characters
    `, { files: { 'crd.yaml': crd } });
  });
});
