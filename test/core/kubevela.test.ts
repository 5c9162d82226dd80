/** KubeVela Applications against the catalog: types, properties, traits' workloads, dependsOn, names. */
import { describe, it } from 'node:test';
import { check } from '../support/fixture';

const DEFINITIONS = `
apiVersion: core.oam.dev/v1beta1
kind: ComponentDefinition
metadata:
  name: webservice
spec:
  workload:
    definition:
      apiVersion: apps/v1
      kind: Deployment
  schematic:
    cue:
      template: |
        output: {apiVersion: "apps/v1", kind: "Deployment"}
        parameter: {
          // +usage=Which image would you like to use for your service
          image: string
          port: *80 | int
          exposeType: *"ClusterIP" | "NodePort" | "LoadBalancer"
          cpu?: string
          memory?: string
          env?: [...{
            name:   string
            value?: string
          }]
          labels?: [string]: string
        }
---
apiVersion: core.oam.dev/v1beta1
kind: ComponentDefinition
metadata:
  name: task
spec:
  workload:
    type: jobs.batch
  schematic:
    cue:
      template: |
        parameter: {
          image: string
          count: *1 | int & >=1
        }
---
apiVersion: core.oam.dev/v1beta1
kind: TraitDefinition
metadata:
  name: scaler
spec:
  appliesToWorkloads: [deployments.apps, statefulsets.apps]
  schematic:
    cue:
      template: |
        parameter: replicas: *1 | int
---
apiVersion: core.oam.dev/v1beta1
kind: TraitDefinition
metadata:
  name: labels
spec:
  appliesToWorkloads: ["*"]
  schematic:
    cue:
      template: |
        parameter: [string]: string
---
apiVersion: core.oam.dev/v1beta1
kind: TraitDefinition
metadata:
  name: gateway
spec:
  appliesToWorkloads: ["*.apps", task]
  schematic:
    cue:
      template: |
        parameter: {
          domain?: string
          http: [string]: int
        }
---
apiVersion: core.oam.dev/v1beta1
kind: PolicyDefinition
metadata:
  name: topology
spec:
  schematic:
    cue:
      template: |
        parameter: clusters?: [...string]
---
apiVersion: core.oam.dev/v1beta1
kind: WorkflowStepDefinition
metadata:
  name: deploy
spec:
  schematic:
    cue:
      template: |
        import ("vela/op")
        parameter: {
          policies?: [...string]
          parallelism: *5 | int
        }
---
apiVersion: core.oam.dev/v1beta1
kind: WorkflowStepDefinition
metadata:
  name: notify
spec:
  schematic:
    cue:
      template: |
        parameter: message: string
`;

const platform = { files: { 'definitions.yaml': DEFINITIONS }, noSample: true };

describe('KubeVela: types', () => {
  it('an unknown component type is not offered, with a did-you-mean', () => {
    check(`
      apiVersion: core.oam.dev/v1beta1
      kind: Application
      metadata: {name: shop}
      spec:
        components:
          - name: web
            type: webservise
      #           ^^^^^^^^^^ unknown-capability: component type "webservise" is not offered by the platform (catalog: 2 component types, plus KubeVela's built-ins); did you mean webservice?
            properties: {image: nginx}
    `, platform);
  });

  it("KubeVela's built-in types are offered by every cluster, even when the workspace lacks their definition", () => {
    check(`
      apiVersion: core.oam.dev/v1beta1
      kind: Application
      metadata: {name: shop}
      spec:
        components:
          - name: worker
            type: worker
            properties: {anything: 1}
            traits:
              - type: cpuscaler
        policies:
          - name: gc
            type: garbage-collect
    `, platform);
  });

  it('a platform without KubeVela definitions leaves Applications unchecked', () => {
    check(`
      apiVersion: core.oam.dev/v1beta1
      kind: Application
      metadata: {name: shop}
      spec:
        components:
          - name: web
            type: no-such-type
    `, { noSample: true });
  });

  it('checks trait, policy, workflow step and sub-step types; env-binding suggests the built-in envbinding', () => {
    check(`
      apiVersion: core.oam.dev/v1beta1
      kind: Application
      metadata: {name: shop}
      spec:
        components:
          - name: web
            type: webservice
            properties: {image: nginx}
            traits:
              - type: scalr
      #               ^^^^^ unknown-capability: trait type "scalr" is not offered by the platform (catalog: 3 trait types, plus KubeVela's built-ins); did you mean scaler?
        policies:
          - name: envs
            type: env-binding
      #           ^^^^^^^^^^^ unknown-capability: did you mean envbinding?
        workflow:
          steps:
            - name: ship
              type: deploy
            - name: group
              type: step-group
              subSteps:
                - name: tell
                  type: notfy
      #                 ^^^^^ unknown-capability: workflow step type "notfy" is not offered by the platform (catalog: 2 workflow step types
    `, platform);
  });
});

describe('KubeVela: properties', () => {
  it('reports undeclared, wrongly typed and out-of-enum parameters where they are', () => {
    check(`
      apiVersion: core.oam.dev/v1beta1
      kind: Application
      metadata: {name: shop}
      spec:
        components:
          - name: web
            type: webservice
            properties:
              image: nginx
              mem: 1Gi
      #       ^^^ unknown-field: component webservice has no parameter "mem"
              port: "80"
      #             ^^^^ schema: spec.components[0].properties.port: must be integer, got "80"
              exposeType: ClusterIp
      #                   ^^^^^^^^^ schema: did you mean ClusterIP?
              env:
                - value: x
      #           ^^^^^ missing-required: component webservice requires parameter env[0].name (string)
                  vlue: y
      #           ^^^^ unknown-field: component webservice has no parameter env[0] "vlue"; did you mean value?
              labels: {team: 7}
      #                      ^ schema: spec.components[0].properties.labels.team: must be string, got 7
    `, platform);
  });

  it('a missing required parameter sits on properties, or on the type when there are none', () => {
    check(`
      apiVersion: core.oam.dev/v1beta1
      kind: Application
      metadata: {name: shop}
      spec:
        components:
          - name: web
            type: webservice
            properties:
      #     ^^^^^^^^^^ missing-required: component webservice requires parameter image (string): Which image would you like to use for your service
              cpu: "0.5"
          - name: job
            type: task
      #           ^^^^ missing-required: component task requires parameter image
    `, platform);
  });

  it('checks the bounds CUE declares and the properties of traits, policies and steps', () => {
    check(`
      apiVersion: core.oam.dev/v1beta1
      kind: Application
      metadata: {name: shop}
      spec:
        components:
          - name: job
            type: task
            properties: {image: busybox, count: 0}
      #                                         ^ schema: must be >= 1
            traits:
              - type: labels
                properties: {team: a}
              - type: gateway
                properties: {http: {"/": "80"}}
      #                                  ^^^^ schema: must be integer
        policies:
          - name: where
            type: topology
            properties: {clusters: local}
      #                            ^^^^^ schema: must be array
        workflow:
          steps:
            - name: ship
              type: deploy
              properties: {parallelsm: 2, policies: [where]}
      #                    ^^^^^^^^^^ unknown-field: workflow step deploy has no parameter "parallelsm"; did you mean parallelism?
    `, platform);
  });

  it('parameters a step receives from inputs need not be written', () => {
    check(`
      apiVersion: core.oam.dev/v1beta1
      kind: Application
      metadata: {name: shop}
      spec:
        components: []
        workflow:
          steps:
            - name: tell
              type: notify
              inputs:
                - from: status
                  parameterKey: message
    `, platform);
  });
});

describe('KubeVela: traits, dependsOn, names', () => {
  it("a trait whose appliesToWorkloads excludes the component's workload is not applicable", () => {
    check(`
      apiVersion: core.oam.dev/v1beta1
      kind: Application
      metadata: {name: shop}
      spec:
        components:
          - name: job
            type: task
            properties: {image: busybox}
            traits:
              - type: scaler
      #               ^^^^^^ trait-not-applicable: trait scaler applies to deployments.apps, statefulsets.apps only; component job (type task) is a jobs.batch workload
              - type: labels
              - type: gateway
                properties: {http: {"/": 80}}
          - name: web
            type: webservice
            properties: {image: nginx}
            traits:
              - type: scaler
              - type: gateway
                properties: {http: {"/": 80}}
    `, platform);
  });

  it('dependsOn must name a component of the Application, and component names are unique', () => {
    check(`
      apiVersion: core.oam.dev/v1beta1
      kind: Application
      metadata: {name: shop}
      spec:
        components:
          - name: db
            type: task
            properties: {image: postgres}
          - name: web
            type: webservice
            properties: {image: nginx}
            dependsOn: [db, cache, dbb]
      #                     ^^^^^ unknown-component-ref: dependsOn names "cache", which is not a component of this Application
      #                            ^^^ unknown-component-ref: did you mean db?
          - name: web
      #           ^^^ duplicate-name: component name "web" is already used by spec.components[1]
            type: webservice
            properties: {image: nginx}
    `, platform);
  });
});
