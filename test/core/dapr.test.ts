import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, workspaceWith } from '../support/fixture';

const redisState = `
schemaVersion: v1
type: state
name: redis
version: v1
status: stable
title: "Redis"
metadata:
  - name: redisHost
    required: true
    description: Connection string for the redis host. Example "redis-master:6379".
  - name: redisPassword
    sensitive: true
  - name: enableTLS
    type: bool
builtinAuthenticationProfiles:
  - name: "azuread"
`;

const redisPubsub = `
schemaVersion: v1
type: pubsub
name: redis
version: v1
metadata:
  - name: redisHost
    required: true
`;

const postgresV2 = `
schemaVersion: v1
type: state
name: postgresql
version: v2
metadata:
  - name: connectionString
    required: true
authenticationProfiles:
  - title: AWS IAM
    metadata:
      - name: awsRegion
        required: true
`;

const profiles = `
azuread:
  - title: "Azure AD: Managed identity"
    metadata:
      - name: azureClientId
`;

const catalogue = {
  'state/redis/metadata.yaml': redisState,
  'pubsub/redis/metadata.yaml': redisPubsub,
  'state/postgresql/v2/metadata.yaml': postgresV2,
  '.build-tools/builtin-authentication-profiles.yaml': profiles,
};

describe('Dapr Components', () => {
  it('accepts a Component whose type, version and metadata the catalogue declares', () => {
    check(`
      apiVersion: dapr.io/v1alpha1
      kind: Component
      metadata: { name: statestore }
      spec:
        type: state.redis
        version: v1
        metadata:
          - name: redisHost
            value: redis-master:6379
          - name: azureClientId
            value: abc
          - name: actorStateStore
            value: "true"
    `, { files: catalogue });
  });

  it('reports an unknown component type with a did-you-mean in its building block', () => {
    check(`
      apiVersion: dapr.io/v1alpha1
      kind: Component
      metadata: { name: statestore }
      spec:
        type: state.rediss
      #       ^^^^^^^^^^^^ unknown-resource-type: did you mean state.redis?
        version: v1
    `, { files: catalogue });
  });

  it('resolves the types and versions the runtime registers under other names', () => {
    const files = { ...catalogue, 'bindings/postgres/metadata.yaml': 'schemaVersion: v1\ntype: bindings\nname: postgres\nversion: v1\nmetadata:\n  - name: connectionString\n' };
    check(`
      apiVersion: dapr.io/v1alpha1
      kind: Component
      metadata: { name: db }
      spec:
        type: bindings.postgresql
        version: v1
        metadata:
          - name: connectionString
            value: x
          - name: direction
            value: input
    `, { files });
  });

  it('reports a version the catalogue lacks, listing the ones it has', () => {
    check(`
      apiVersion: dapr.io/v1alpha1
      kind: Component
      metadata: { name: db }
      spec:
        type: state.postgresql
        version: v1
      #          ^^ unknown-version: versions: v2
    `, { files: catalogue });
  });

  it('warns about metadata the type does not declare, and about required metadata that is missing', () => {
    check(`
      apiVersion: dapr.io/v1alpha1
      kind: Component
      metadata: { name: statestore }
      spec:
        type: state.redis
        version: v1
        metadata:
      # ^^^^^^^^ missing-required: metadata "redisHost" is marked required by its metadata.yaml (Connection string for the redis host
          - name: redisPasword
      #           ^^^^^^^^^^^^ unknown-field: declares no metadata "redisPasword" (Dapr ignores it); did you mean redisPassword?
            value: x
          - name: EnableTLS
      #           ^^^^^^^^^ unknown-field: it declares "enableTLS"
            value: "true"
    `, { files: catalogue });
  });

  it('counts fields of authentication profiles as declared, but not as required', () => {
    check(`
      apiVersion: dapr.io/v1alpha1
      kind: Component
      metadata: { name: db }
      spec:
        type: state.postgresql
        version: v2
        metadata:
          - name: connectionString
            value: x
          - name: awsRegion
            value: eu-west-1
    `, { files: catalogue });
  });

  it('says nothing about types when the platform has no component catalogue', () => {
    check(`
      apiVersion: dapr.io/v1alpha1
      kind: Component
      metadata: { name: statestore }
      spec: { type: state.anything, version: v9 }
    `, { noSample: true });
  });

  it('builds one capability per type, with each version from its own file', () => {
    const files = { ...catalogue, 'state/postgresql/v1/metadata.yaml': postgresV2.replace('version: v2', 'version: v1') };
    const capability = workspaceWith({ files }).catalog.lookupType('dapr-component', 'state.postgresql')!;
    assert.deepEqual(capability.versions.map((v) => [v.name, v.dapr?.uri]).sort(), [
      ['v1', 'file:///ws/state/postgresql/v1/metadata.yaml'],
      ['v2', 'file:///ws/state/postgresql/v2/metadata.yaml'],
    ]);
  });
});

describe('Dapr references between manifests', () => {
  const components = `
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: { name: pubsub }
spec: { type: pubsub.redis, version: v1, metadata: [{ name: redisHost, value: r:6379 }] }
scopes: [orders]
---
apiVersion: dapr.io/v1alpha1
kind: Component
metadata: { name: statestore }
spec: { type: state.redis, version: v1, metadata: [{ name: redisHost, value: r:6379 }] }
`;
  const app = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: orders }
spec:
  template:
    metadata:
      annotations: { dapr.io/enabled: "true", dapr.io/app-id: orders }
`;

  it('accepts a Subscription whose pub/sub Component exists and whose scopes name real apps', () => {
    check(`
      apiVersion: dapr.io/v2alpha1
      kind: Subscription
      metadata: { name: orders-sub }
      spec:
        pubsubname: pubsub
        topic: orders
        routes: { default: /orders }
      scopes: [orders]
    `, { files: { 'components.yaml': components, 'app.yaml': app } });
  });

  it('reports a pub/sub Component defined nowhere, and one that is not a pub/sub', () => {
    check(`
      apiVersion: dapr.io/v2alpha1
      kind: Subscription
      metadata: { name: a }
      spec:
        pubsubname: pubsubb
      #             ^^^^^^^ component-not-found: no pub/sub Component named pubsubb is defined in the workspace
        topic: orders
      ---
      apiVersion: dapr.io/v1alpha1
      kind: Subscription
      metadata: { name: b }
      spec:
        pubsubname: statestore
      #             ^^^^^^^^^^ component-not-found: Component statestore is a state.redis, not a pub/sub
        topic: orders
        route: /orders
    `, { files: { 'components.yaml': components, 'app.yaml': app } });
  });

  it('warns about scopes naming an app-id no workload declares', () => {
    check(`
      apiVersion: dapr.io/v1alpha1
      kind: Component
      metadata: { name: cache }
      spec: { type: state.redis, version: v1 }
      scopes:
        - orders
        - order
      #   ^^^^^ app-id-not-found: no workload in the workspace has dapr.io/app-id "order"
    `, { files: { 'app.yaml': app }, noSample: true });
  });

  it('re-checks a Subscription when the Component it names appears in another file', () => {
    const workspace = workspaceWith({ files: { 'app.yaml': app } });
    const subscription = 'apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata: { name: s }\nspec: { pubsubname: pubsub, topic: t }\n';
    workspace.update('file:///ws/sub.yaml', subscription, 1, true);
    const codes = () => workspace.report('file:///ws/sub.yaml', { unknownFields: 'warning', clusterConnected: false })!.documents[0]!.findings.map((f) => f.code);
    assert.deepEqual(codes(), ['component-not-found']);
    const result = workspace.update('file:///ws/components.yaml', components, 1, false);
    assert.equal(result.secretsChanged, true);
    assert.deepEqual(codes(), []);
  });

  it('reports dapr.io annotations on the workload instead of its pod template', () => {
    check(`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: orders
        annotations:
          dapr.io/enabled: "true"
      #   ^^^^^^^^^^^^^^^ dapr-annotation-misplaced: reads only the pod's, at spec.template.metadata.annotations
      spec:
        template:
          metadata:
            annotations: { dapr.io/app-id: orders }
    `);
  });
});
