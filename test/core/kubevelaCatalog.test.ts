/** KubeVela definitions → catalog: parameter schemas from CUE, schema ConfigMaps, `vela def` CUE files. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contributionOfCueDefinitions } from '#server/core/catalog/from/kubevelaCueFile';
import { buildCatalog } from '#server/core/catalog/build';
import { parametersOfTemplate } from '#server/core/cue/parameters';
import { check, contribution, dedent } from '../support/fixture';

function schemaOf(template: string): unknown {
  const derived = parametersOfTemplate(dedent(template));
  assert.ok(derived.ok, derived.ok ? '' : derived.problem);
  return derived.schema;
}

describe('KubeVela: parameters from CUE', () => {
  it('scalars, defaults, optional fields, enums and +usage descriptions', () => {
    assert.deepEqual(schemaOf(`
      parameter: {
        // +usage=The image to run
        image: string
        replicas: *1 | int
        ratio?: float
        debug: *false | bool
        mode: "a" | "b"
        policy: *"Always" | "Never" | "IfNotPresent"
        kind: "Deployment"
      }
    `), {
      type: 'object',
      properties: {
        image: { type: 'string', description: 'The image to run' },
        replicas: { type: 'integer', default: 1 },
        ratio: { type: 'number' },
        debug: { type: 'boolean', default: false },
        mode: { type: 'string', enum: ['a', 'b'] },
        policy: { type: 'string', enum: ['Always', 'Never', 'IfNotPresent'], default: 'Always' },
        kind: { type: 'string', enum: ['Deployment'] },
      },
      required: ['image', 'mode'],
    });
  });

  it('nested structs, lists, maps, bounds, definitions and references resolve; comprehension fields are optional', () => {
    assert.deepEqual(schemaOf(`
      parameter: {
        ports?: [...{port: int & >0 & <65536, name?: =~"^[a-z]+$"}]
        labels?: [string]: string
        probe?: #Probe
        batches?: [...batch]
        volume: {
          type: *"emptyDir" | "pvc"
          if type == "pvc" {
            claimName: string
          }
        }
      }
      #Probe: close({path: string, period: *10 | int})
      batch: replicas: int
    `), {
      type: 'object',
      properties: {
        ports: { type: 'array', items: { type: 'object', properties: { port: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 65536 }, name: { type: 'string', pattern: '^[a-z]+$' } }, required: ['port'] } },
        labels: { type: 'object', properties: {}, additionalProperties: { type: 'string' } },
        probe: { type: 'object', properties: { path: { type: 'string' }, period: { type: 'integer', default: 10 } }, required: ['path'] },
        batches: { type: 'array', items: { type: 'object', properties: { replicas: { type: 'integer' } }, required: ['replicas'] } },
        volume: { type: 'object', properties: { type: { type: 'string', enum: ['emptyDir', 'pvc'], default: 'emptyDir' }, claimName: { type: 'string' } } },
      },
    });
  });

  it('open structs, {} and references to context accept anything and require nothing', () => {
    assert.deepEqual(schemaOf(`
      import ("strings")
      parameter: {
        values?: {...}
        objects: [...{}]
        name: *context.name | string
        upper: strings.ToUpper(context.name)
        ...
      }
    `), {
      type: 'object',
      properties: {
        values: { type: 'object', properties: {}, 'x-kubernetes-preserve-unknown-fields': true },
        objects: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        name: {},
        upper: {},
      },
      'x-kubernetes-preserve-unknown-fields': true,
    });
  });

  it('a template outside the CUE subset is a problem with a position, not an exception', () => {
    const derived = parametersOfTemplate('parameter: {\n  image: string\n  port: int int\n}\n');
    assert.equal(derived.ok, false);
    assert.match(derived.ok ? '' : derived.problem, /cannot be read \(expected , or newline/);
  });
});

describe('KubeVela: definitions in the catalog', () => {
  it('records the workload, appliesToWorkloads and where the parameters came from', () => {
    const out = contribution('defs.yaml', `
      apiVersion: core.oam.dev/v1beta1
      kind: ComponentDefinition
      metadata:
        name: worker
        annotations: {definition.oam.dev/description: Long-running workers}
      spec:
        workload: {definition: {apiVersion: apps/v1, kind: Deployment}}
        schematic: {cue: {template: "parameter: image: string\\n"}}
      ---
      apiVersion: core.oam.dev/v1beta1
      kind: TraitDefinition
      metadata: {name: ingress}
      spec:
        appliesToWorkloads: [deployments.apps]
        schematic:
          kube:
            template: {apiVersion: v1, kind: Service}
            parameters:
              - {name: port, type: number, required: true, fieldPaths: [spec.ports[0].port]}
      ---
      apiVersion: core.oam.dev/v1beta1
      kind: WorkloadDefinition
      metadata: {name: cronjobs.batch}
      spec: {definitionRef: {name: cronjobs.batch}}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings}
      data: {openapi-v3-json-schema: "{}"}
    `);
    assert.deepEqual(out.problems, []);
    const [worker, ingress, cronjobs] = out.capabilities;
    assert.equal(out.capabilities.length, 3);
    assert.deepEqual([worker!.id, worker!.description, worker!.kubevela], ['component/worker', 'Long-running workers', { definitionKind: 'ComponentDefinition', parametersDerived: 'cue', workload: 'deployments.apps' }]);
    assert.deepEqual(worker!.versions[0]!.schema, { type: 'object', properties: { image: { type: 'string' } }, required: ['image'] });
    assert.deepEqual([ingress!.id, ingress!.kubevela?.appliesToWorkloads, ingress!.kubevela?.parametersDerived], ['trait/ingress', ['deployments.apps'], 'kube']);
    assert.deepEqual(ingress!.versions[0]!.schema, { type: 'object', properties: { port: { type: 'number' } }, required: ['port'] });
    assert.deepEqual([cronjobs!.id, cronjobs!.kubevela?.workload, cronjobs!.versions[0]!.schema], ['component/cronjobs.batch', 'cronjobs.batch', undefined]);
  });

  it("a definition whose parameters cannot be derived gets one hint, and its components' properties are not checked", () => {
    check(`
      apiVersion: core.oam.dev/v1beta1
      kind: ComponentDefinition
      metadata: {name: rds}
      spec:
        schematic:
          terraform:
      #   ^^^^^^^^^ definition-invalid: The parameters of component rds cannot be derived: they are the variables of its Terraform module
            configuration: https://example.com/rds.git
      ---
      apiVersion: core.oam.dev/v1beta1
      kind: Application
      metadata: {name: app}
      spec:
        components:
          - name: db
            type: rds
            properties: {anything: [1, 2]}
    `, { noSample: true });
  });

  it("the controller's schema ConfigMap replaces the schema derived from CUE, and revisions are versions", () => {
    const definition = contribution('def.yaml', `
      apiVersion: core.oam.dev/v1beta1
      kind: ComponentDefinition
      metadata: {name: web}
      spec: {schematic: {cue: {template: "parameter: {image: string}\\n"}}}
    `);
    const configMaps = contribution('cm.yaml', `
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: component-schema-web
        labels: {definition.oam.dev: schema, definition.oam.dev/name: web}
      data:
        openapi-v3-json-schema: '{"properties":{"image":{"type":"string","description":"+usage=The image"},"port":{"type":"integer"}},"required":["image"],"type":"object"}'
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: component-schema-web-v2
        labels: {definition.oam.dev: schema, definition.oam.dev/name: web}
      data:
        openapi-v3-json-schema: '{"properties":{"img":{"type":"string"}},"type":"object"}'
    `);
    for (const order of [[definition, configMaps], [configMaps, definition]]) {
      const catalog = buildCatalog(order.map((c, i) => ({ key: `file:///${i}`, source: 'workspace' as const, contribution: c })), 1);
      const web = catalog.lookupType('component', 'web')!;
      assert.equal(web.kubevela?.parametersDerived, 'configmap');
      assert.equal(web.kubevela?.isSchemaOnly, undefined);
      assert.deepEqual(web.versions.map((v) => v.name).sort(), ['default', 'v2']);
      assert.deepEqual(web.versions.find((v) => v.name === 'default')!.schema, { properties: { image: { type: 'string', description: 'The image' }, port: { type: 'integer' } }, required: ['image'], type: 'object' });
    }
  });

  it('reads `vela def` CUE files: name, type, attributes and the template parameters', () => {
    const text = dedent(`
      import "strings"

      "my-scaler": {
        type: "trait"
        description: "Scales the workload"
        attributes: {
          podDisruptive: false
          appliesToWorkloads: ["deployments.apps", "statefulsets.apps"]
        }
      }
      template: {
        patch: spec: replicas: parameter.replicas
        parameter: {
          // +usage=How many replicas
          replicas: *1 | int
        }
      }
    `);
    const out = contributionOfCueDefinitions('file:///ws/scaler.cue', text, 'workspace')!;
    assert.deepEqual(out.problems, []);
    const [scaler] = out.capabilities;
    assert.deepEqual([scaler!.id, scaler!.description, scaler!.kubevela?.appliesToWorkloads], ['trait/my-scaler', 'Scales the workload', ['deployments.apps', 'statefulsets.apps']]);
    assert.deepEqual(scaler!.origin.namePosition, { line: 2, character: 0 });
    assert.deepEqual(scaler!.versions[0]!.schema, { type: 'object', properties: { replicas: { type: 'integer', default: 1, description: 'How many replicas' } } });
    assert.equal(contributionOfCueDefinitions('file:///ws/other.cue', 'package x\nfoo: 1\n', 'workspace'), undefined);
  });
});
