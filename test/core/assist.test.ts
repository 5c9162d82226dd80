/** Completion, hover, go-to-definition, links and outline over the core (cursor marked with `$0`). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { complete } from '#server/core/assist/complete/index';
import { findDefinition } from '#server/core/assist/definition';
import { hover } from '#server/core/assist/hover';
import { documentLinks } from '#server/core/assist/links';
import { documentSymbol } from '#server/core/assist/symbols';
import { parseChunk } from '#server/core/parse/document';
import { dedent, workspaceWith } from '../support/fixture';

const CLAIM_FILE = `
apiVersion: platform.example.org/v1alpha1
kind: PostgreSQLInstance
metadata: { name: orders-db, namespace: shop }
spec:
  parameters: { databaseName: orders }
  writeConnectionSecretToRef: { name: orders-db-conn }
`;

function at(fixture: string): { text: string; offset: number } {
  const text = dedent(fixture);
  const offset = text.indexOf('$0');
  return { text: text.replace('$0', ''), offset };
}

function completions(fixture: string) {
  const workspace = workspaceWith({ files: { 'claim.yaml': CLAIM_FILE } });
  const { text, offset } = at(fixture);
  return complete(text, offset, { catalog: workspace.catalog, secrets: workspace.secrets });
}

const labels = (items: { label: string }[]) => items.map((i) => i.label);

describe('completion', () => {
  it('offers every capability as a skeleton in an empty document, required parameters filled', () => {
    const items = completions('$0');
    assert.deepEqual(labels(items), ['Bucket', 'PostgreSQLInstance', 'Queue', 'RedisCache', 'TeamNamespace', 'XBucket', 'XPostgreSQLInstance', 'XQueue', 'XRedisCache']);
    const postgres = items.find((i) => i.label === 'PostgreSQLInstance')!;
    assert.equal(postgres.snippet, true);
    assert.equal(postgres.insertText, 'apiVersion: platform.example.org/v1alpha1\nkind: PostgreSQLInstance\nmetadata:\n  name: ${1:postgresqlinstance-name}\n  namespace: ${2:default}\nspec:\n  parameters:\n    storageGB: ${3:20}\n    databaseName: ${4:databasename}\n$0');
  });

  it('completes parameter keys in incomplete YAML, required first, present ones left out', () => {
    const items = completions(`
      apiVersion: platform.example.org/v1alpha1
      kind: PostgreSQLInstance
      spec:
        parameters:
          storageGB: 20
          $0
    `);
    assert.deepEqual(labels(items).sort(), ['databaseName', 'highAvailability', 'size', 'version']);
    const databaseName = items.find((i) => i.label === 'databaseName')!;
    assert.equal(databaseName.detail, 'string · required');
    assert.ok(databaseName.sortText!.startsWith('0'));
    assert.match(databaseName.documentation!, /Name of the database/);
    assert.equal(items.find((i) => i.label === 'size')!.insertText, 'size: ${1|small,medium,large|}');
  });

  it('completes the keys of a freshly typed object at the end of the file', () => {
    const { text, offset } = at('apiVersion: platform.example.org/v1alpha1\nkind: RedisCache\nspec:\n  parameters:\n    $0');
    const workspace = workspaceWith();
    const items = complete(text, offset, { catalog: workspace.catalog, secrets: workspace.secrets });
    assert.deepEqual(labels(items).sort(), ['evictionPolicy', 'memoryMB', 'version']);
  });

  it('completes enum values with the default marked, and booleans', () => {
    const items = completions(`
      apiVersion: platform.example.org/v1alpha1
      kind: RedisCache
      spec:
        parameters:
          version: $0
    `);
    assert.deepEqual(labels(items), ['"7.0"', '"7.2"']);
    assert.equal(items[1]!.detail, 'default');
    assert.deepEqual(labels(completions('apiVersion: platform.example.org/v1alpha1\nkind: Bucket\nspec:\n  parameters:\n    versioning: $0')), ['true', 'false']);
  });

  it('completes a kind and sets apiVersion to match', () => {
    const { text, offset } = at('apiVersion: wrong/v1\nkind: Red$0\n');
    const workspace = workspaceWith();
    const redis = complete(text, offset, { catalog: workspace.catalog, secrets: workspace.secrets }).find((i) => i.label === 'RedisCache')!;
    assert.deepEqual(redis.replace, { start: text.indexOf('Red'), end: text.indexOf('Red') + 3 });
    assert.deepEqual(redis.additionalEdits, [{ span: { start: 12, end: 20 }, newText: 'platform.example.org/v1alpha1' }]);
  });

  it('inserts a space when the value is completed right after the colon', () => {
    const items = completions('apiVersion: platform.example.org/v1alpha1\nkind: Queue\nspec:\n  parameters:\n    fifo:$0');
    assert.deepEqual(items.map((i) => i.insertText), [' true', ' false']);
  });

  it('completes compositionRef names and selector labels for the XR type', () => {
    const base = 'apiVersion: platform.example.org/v1alpha1\nkind: PostgreSQLInstance\nspec:\n';
    assert.deepEqual(labels(completions(`${base}  compositionRef:\n    name: $0`)), ['postgresql-aws', 'postgresql-gcp']);
    assert.deepEqual(labels(completions(`${base}  compositionSelector:\n    matchLabels:\n      $0`)), ['provider']);
    assert.deepEqual(labels(completions(`${base}  compositionSelector:\n    matchLabels:\n      provider: $0`)), ['aws', 'gcp']);
  });

  it("completes Secret names that claims write, then that Secret's keys", () => {
    const pod = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      env:\n        - name: X\n          valueFrom:\n            secretKeyRef:\n';
    const names = completions(`${pod}              name: $0`);
    assert.deepEqual(labels(names), ['orders-db-conn']);
    assert.match(names[0]!.detail!, /PostgreSQLInstance orders-db/);
    assert.deepEqual(labels(completions(`${pod}              name: orders-db-conn\n              key: $0`)), ['username', 'password', 'endpoint', 'port']);
  });

  it('completes keys and values inside flow maps too', () => {
    const base = 'apiVersion: platform.example.org/v1alpha1\nkind: Queue\nspec: { parameters: ';
    assert.deepEqual(labels(completions(`${base}{ fifo: true, $0 } }`)).sort(), ['retentionHours', 'visibilityTimeoutSeconds']);
    assert.deepEqual(labels(completions(`${base}{ fifo: $0 } }`)), ['true', 'false']);
  });

  it('offers nothing in comments or in the middle of a plain scalar rather than guessing', () => {
    assert.deepEqual(completions('# $0'), []);
    assert.deepEqual(completions('apiVersion: platform.example.org/v1alpha1\nkind: Queue # a comment $0'), []);
    assert.deepEqual(completions('apiVersion: v1\nkind: ConfigMap\ndata:\n  note: two words $0'), []);
  });
});

describe('hover, definition, links, outline', () => {
  const workspace = workspaceWith({ files: { 'claim.yaml': CLAIM_FILE } });
  const ctx = { catalog: workspace.catalog, secrets: workspace.secrets };
  const doc = parseChunk(dedent(`
    apiVersion: platform.example.org/v1alpha1
    kind: PostgreSQLInstance
    metadata: { name: orders-db }
    spec:
      parameters:
        storageGB: 20
      compositionRef: { name: postgresql-gcp }
    ---
  `).replace(/---\n$/, ''));
  const offsetOf = (needle: string) => doc.text.indexOf(needle) + 1;

  it('hovers a kind with its description, versions, keys and where it is defined', () => {
    const result = hover(doc, offsetOf('PostgreSQLInstance'), ctx)!;
    assert.match(result.markdown, /\*\*PostgreSQLInstance\*\* — Crossplane claim/);
    assert.match(result.markdown, /Connection secret keys: `username`, `password`, `endpoint`, `port`/);
    assert.match(result.markdown, /Defined in postgresql\.yaml:12 \(the embedded sample platform\)/);
  });

  it('hovers a parameter with its type, requiredness, default and range', () => {
    const result = hover(doc, offsetOf('storageGB'), ctx)!;
    assert.equal(result.markdown, '**storageGB**: `integer` — required\n\nDisk size in GiB.\n\nDefault: `20`  \nRange: 10 to 1000');
  });

  it('goes from a kind to the line of its definition, and from compositionRef to the Composition', () => {
    const kind = findDefinition(doc, offsetOf('PostgreSQLInstance'), ctx)!;
    assert.match((kind.targets[0] as { uri: string }).uri, /sample-platform\/postgresql\.yaml$/);
    assert.deepEqual((kind.targets[0] as { position: unknown }).position, { line: 11, character: 4 });
    const composition = findDefinition(doc, offsetOf('postgresql-gcp'), ctx)!.targets[0] as { uri: string; position: { line: number } };
    const lines = readFileSync(fileURLToPath(composition.uri), 'utf8').split('\n');
    assert.deepEqual([lines[composition.position.line - 1], lines[composition.position.line]], ['metadata:', '  name: postgresql-gcp']);
  });

  it('goes from a Secret reference to the claim that writes it', () => {
    const pod = parseChunk('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      envFrom:\n        - secretRef: { name: orders-db-conn }\n');
    const result = findDefinition(pod, pod.text.indexOf('orders-db-conn') + 1, ctx)!;
    // claim.yaml line 6 (0-based 5) is `  writeConnectionSecretToRef: { name: orders-db-conn }`.
    assert.deepEqual(result.targets, [{ uri: 'file:///ws/claim.yaml', position: { line: 5, character: 38 } }]);
  });

  it('links the kind to its definition', () => {
    const links = documentLinks(doc, ctx);
    assert.equal(links.length, 1);
    assert.equal(doc.text.slice(links[0]!.span.start, links[0]!.span.end), 'PostgreSQLInstance');
  });

  it('names each document Kind name in the outline', () => {
    const symbol = documentSymbol(doc, 0)!;
    assert.equal(symbol.name, 'PostgreSQLInstance orders-db');
    assert.equal(doc.text.slice(symbol.selection.start, symbol.selection.end), 'orders-db');
  });
});

describe('editing help for KubeVela and Score', () => {
  const workspace = workspaceWith();
  const ctx = { catalog: workspace.catalog, secrets: workspace.secrets };
  const run = (fixture: string) => {
    const { text, offset } = at(fixture);
    return complete(text, offset, ctx);
  };
  const APP = 'apiVersion: core.oam.dev/v1beta1\nkind: Application\nmetadata: { name: shop }\nspec:\n  components:\n    - name: web\n';

  it("completes component types, then the chosen type's parameters", () => {
    assert.deepEqual(labels(run(`${APP}      type: $0`)), ['webservice', 'worker']);
    const keys = labels(run(`${APP}      type: webservice\n      properties:\n        image: nginx\n        $0`));
    assert.ok(keys.includes('port') && !keys.includes('image'), keys.join(', '));
  });

  it("completes only the traits that apply to the component's workload", () => {
    const onWorker = labels(run(`${APP}      type: worker\n      traits:\n        - type: $0`));
    const onService = labels(run(`${APP}      type: webservice\n      traits:\n        - type: $0`));
    assert.ok(onService.includes('gateway') && !onWorker.includes('gateway'), `${onService} / ${onWorker}`);
    assert.ok(onWorker.includes('scaler'));
  });

  const SCORE = 'apiVersion: score.dev/v1b1\nmetadata: { name: orders }\ncontainers:\n  main:\n    image: nginx\n    variables:\n';
  const RESOURCES = 'resources:\n  db:\n    type: postgres\n';

  it('completes Score placeholders: scopes, declared resources, then their outputs', () => {
    assert.deepEqual(labels(run(`${SCORE}      A: \${$0\n${RESOURCES}`)), ['resources', 'metadata']);
    assert.deepEqual(labels(run(`${SCORE}      A: \${resources.$0\n${RESOURCES}`)), ['db']);
    const outputs = labels(run(`${SCORE}      A: "\${resources.db.$0"\n${RESOURCES}`));
    assert.ok(outputs.includes('host') && outputs.includes('password'), outputs.join(', '));
    assert.deepEqual(labels(run(`${SCORE}      A: $\${resources.$0\n${RESOURCES}`)), [], 'an escaped $${ is not a placeholder');
  });

  it('hovers a placeholder with its output and goes to the resource it names', () => {
    const doc = parseChunk(`${SCORE}      DB_HOST: "\${resources.db.host}"\n${RESOURCES}`);
    const offset = doc.text.indexOf('db.host');
    assert.match(hover(doc, offset, ctx)!.markdown, /output `host` of resource `db` \(type `postgres`\)/);
    const target = findDefinition(doc, offset, ctx)!.targets[0] as { here: { start: number; end: number } };
    assert.equal(doc.text.slice(target.here.start, target.here.end), 'db');
    assert.equal(target.here.start, doc.text.indexOf('  db:') + 2);
  });

  it("completes Score resource types the platform's provisioners offer", () => {
    const types = labels(run(`${SCORE}      A: x\nresources:\n  db:\n    type: $0`));
    assert.ok(types.includes('postgres') && types.includes('redis'), types.join(', '));
  });
});
