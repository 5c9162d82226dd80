import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CHECK_OPTIONS } from '#server/core/checks/context';
import { placeholdersIn } from '#server/core/checks/score/placeholders';
import { provisionersOf } from '#server/core/catalog/facts';
import { check, dedent, findingsOf, workspaceWith } from '../support/fixture';

const provisioners = (type: string, extra = '') => `
- uri: template://acme/${type}
  type: ${type}
  ${extra}
`;

describe('Score workloads', () => {
  it('accepts a workload whose resources and placeholders the sample platform serves', () => {
    check(`
      apiVersion: score.dev/v1b1
      metadata:
        name: orders
        annotations: { team: shop }
      containers:
        api:
          image: ghcr.io/acme/orders:1.0
          variables:
            DB_URL: postgres://\${resources.db.username}:\${resources.db.password}@\${resources.db.host}:\${resources.db.port}/\${resources.db.name}
            TEAM: \${metadata.annotations.team}
            WORKLOAD: "\${metadata.name}"
            LITERAL: $\${resources.nope.x} costs $$5
      service:
        ports:
          web: { port: 8080 }
      resources:
        db:
          type: postgres
          params: { storageGB: 20 }
        cache:
          type: redis
    `);
  });

  it('reports a resource type no provisioner offers, with a did-you-mean', () => {
    check(`
      apiVersion: score.dev/v1b1
      metadata: { name: orders }
      containers:
        api: { image: nginx }
      resources:
        db:
          type: postgress
      #         ^^^^^^^^^ unknown-resource-type: did you mean postgres?
    `);
  });

  it('reports a class or id that no provisioner of the type serves', () => {
    const files = { 'db.provisioners.yaml': provisioners('postgres', 'class: large') + provisioners('redis', 'id: shared-cache') };
    check(`
      apiVersion: score.dev/v1b1
      metadata: { name: orders }
      containers:
        api: { image: nginx }
      resources:
        db:
          type: postgres
          class: small
      #          ^^^^^ unknown-resource-type: serves class "small"; its provisioners serve: large
        other-db:
          type: postgres
      #         ^^^^^^^^ unknown-resource-type: serves class "default"
        cache:
          type: redis
          id: shared-cache
        session:
          type: redis
      #         ^^^^^ unknown-resource-type
    `, { files });
  });

  it('points at the exact placeholder that names no resource, output or metadata key', () => {
    check(`
      apiVersion: score.dev/v1b1
      metadata: { name: orders }
      containers:
        api:
          image: nginx
          variables:
            A: \${resources.cache.host}
      #        ^^^^^^^^^^^^^^^^^^^^^^^ unknown-placeholder: no resource "cache" is declared in resources; did you mean caches?
            B: "host=\${resources.db.hots} port=\${resources.db.port}"
      #              ^^^^^^^^^^^^^^^^^^^^ unknown-placeholder: resource "db" has no output "hots"; its provisioners output host, port, name, database, username, password
            C: '\${metadata.team}'
      #         ^^^^^^^^^^^^^^^^ unknown-placeholder: the workload's metadata has no team
            D: \${secrets.db}
      #        ^^^^^^^^^^^^^ unknown-placeholder: unknown reference root "secrets"
      resources:
        db: { type: postgres }
        caches: { type: redis }
    `);
  });

  it('maps placeholders in block and multi-line scalars to their place in the source', () => {
    check(`
      apiVersion: score.dev/v1b1
      metadata: { name: orders }
      containers:
        api:
          image: nginx
          files:
            /etc/app.conf:
              content: |
                url=\${resources.db.host}
                user=\${resources.db.usr}
      #              ^^^^^^^^^^^^^^^^^^^ unknown-placeholder: no output "usr"
            /etc/folded.txt:
              content: >
                first \${resources.db.host}
                then \${resources.db.pasword}
      #              ^^^^^^^^^^^^^^^^^^^^^^^ unknown-placeholder: did you mean password?
            /etc/raw.txt:
              noExpand: true
              content: \${resources.anything.goes}
          volumes:
            /data:
              source: \${resources.bucket}
          variables:
            PLAIN: a long plain value with
              \${resources.db.hots} on a continuation line
      #       ^^^^^^^^^^^^^^^^^^^^ unknown-placeholder: no output "hots"
            ESCAPED: "tab\\there \\\\ \${resources.db.prt}"
      #                            ^^^^^^^^^^^^^^^^^^^ unknown-placeholder: no output "prt"
      resources:
        db: { type: postgres }
        bucket: { type: s3 }
    `);
  });

  it('checks resource params against the params the provisioners list (a warning)', () => {
    check(`
      apiVersion: score.dev/v1b1
      metadata: { name: orders }
      containers:
        api: { image: nginx }
      resources:
        db:
          type: postgres
          params:
            storageGb: 20
      #     ^^^^^^^^^ unknown-field: did you mean storageGB?
    `);
  });

  it('validates the workload against the official Score schema', () => {
    const findings = check(`
      apiVersion: score.dev/v1b1
      metadata: { name: orders }
      containers:
        api:
          image: nginx
          imagePullPolicy: Always
      #   ^^^^^^^^^^^^^^^ unknown-field: "imagePullPolicy"
          variables:
            BAD=NAME: x
      #     ^^^^^^^^ schema: name "BAD=NAME"
          files:
            /etc/empty:
      #     ^^^^^^^^^^ missing-required: exactly one of content, binaryContent, source
              mode: "0600"
      resources:
        db: { type: postgres, size: 5 }
      #                       ^^^^ unknown-field: "size"
    `);
    assert.ok(findings.every((f) => f.severity === 'error'));
  });

  it('reports a Score version that does not exist', () => {
    check(`
      apiVersion: score.dev/v1
      #           ^^^^^^^^^^^^ unknown-version: served: v1b1
      metadata: { name: orders }
      containers:
        api: { image: nginx }
    `);
  });

  it('says nothing about resources when the platform has no Score provisioner at all', () => {
    const xrd = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  group: acme.io\n  names: { kind: Thing, plural: things }\n  versions: [{ name: v1, served: true }]\n';
    check(`
      apiVersion: score.dev/v1b1
      metadata: { name: orders }
      containers:
        api:
          image: nginx
          variables: { A: "\${resources.db.whatever}" }
      resources:
        db: { type: anything-at-all }
    `, { files: { 'crd.yaml': xrd } });
  });

  it('recognises a score*.yaml file without apiVersion by its name', () => {
    const workspace = workspaceWith();
    workspace.update('file:///ws/app/score-api.yaml', dedent(`
      metadata: { name: orders }
      containers:
        api: { image: nginx }
    `), 1, true);
    const findings = findingsOf(workspace.report('file:///ws/app/score-api.yaml', DEFAULT_CHECK_OPTIONS)!);
    assert.deepEqual(findings.map((f) => `${f.code} ${f.message}`), ['missing-required missing required field apiVersion (string)']);
    workspace.update('file:///ws/app/config.yaml', 'metadata: { name: orders }\ncontainers: {}\n', 1, true);
    assert.deepEqual(findingsOf(workspace.report('file:///ws/app/config.yaml', DEFAULT_CHECK_OPTIONS)!), []);
  });
});

describe('Score provisioner files', () => {
  it('combines the provisioners of one type from several files, in catalog order', () => {
    const workspace = workspaceWith({
      files: {
        'a.provisioners.yaml': provisioners('postgres', 'expected_outputs: [host, port]'),
        'b.provisioners.yaml': provisioners('postgres', 'class: ha\n  expected_outputs: [host, replicas]'),
      },
    });
    const capability = workspace.catalog.lookupType('score-resource', 'postgres')!;
    const all = provisionersOf(capability);
    assert.deepEqual(all.map((p) => [p.class, p.outputs, p.origin?.uri]), [
      [undefined, ['host', 'port'], 'file:///ws/a.provisioners.yaml'],
      ['ha', ['host', 'replicas'], 'file:///ws/b.provisioners.yaml'],
    ]);
  });

  it('derives outputs from an outputs template when expected_outputs is absent, and accepts anything from a program', () => {
    const workspace = workspaceWith({
      files: {
        'x.provisioners.yaml': `
          - uri: template://acme/route
            type: route
          - uri: template://acme/cache
            type: cache
            outputs: |
              {{ if .Params.tls }}tls: true{{ end }}
              host: {{ .State.host }}
              port: 6379
              nested:
                inner: x
          - uri: cmd://python3#dotenv
            type: environment
        `,
      },
    });
    const outputs = (type: string) => provisionersOf(workspace.catalog.lookupType('score-resource', type)!)[0]!.outputs;
    assert.deepEqual(outputs('route'), []);
    assert.deepEqual(outputs('cache'), ['tls', 'host', 'port', 'nested']);
    assert.equal(outputs('environment'), undefined);
  });

  it('reports an entry without a type on the provisioners file', () => {
    check(`
      - uri: template://acme/a
        type: postgres
      - uri: template://acme/b
      # ^^^ definition-invalid: needs a \`type\`
    `, { codes: ['definition-invalid'] });
  });
});

describe('Score placeholder syntax', () => {
  it('follows score-go: $$ and $${…} are escapes', () => {
    assert.deepEqual(placeholdersIn('a ${x.y} $${z} $$ ${w}').map((p) => p.ref), ['x.y', 'w']);
    assert.deepEqual(placeholdersIn('$$${x}').map((p) => p.ref), ['x']);
    assert.deepEqual(placeholdersIn('${unclosed').map((p) => p.ref), []);
  });
});
