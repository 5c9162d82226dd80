/** Quick-fix content in the core: ready did-you-mean edits, missing required fields, provisioning. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addMissingRequired } from '#server/core/assist/fixes/required';
import { claimName, provisionOptions } from '#server/core/assist/fixes/provision';
import { parseChunk } from '#server/core/parse/document';
import { findingsOf, reportOf, workspaceWith } from '../support/fixture';

const MYSQL_XRD = `
apiVersion: apiextensions.crossplane.io/v1
kind: CompositeResourceDefinition
metadata: { name: xmysqlinstances.platform.example.org }
spec:
  group: platform.example.org
  names: { kind: XMySQLInstance, plural: xmysqlinstances }
  claimNames: { kind: MySQLInstance, plural: mysqlinstances }
  connectionSecretKeys: [username, password, endpoint, port]
  versions:
    - name: v1alpha1
      served: true
      referenceable: true
      schema: { openAPIV3Schema: { type: object, properties: { spec: { type: object, properties: { parameters: { type: object, properties: { storageGB: { type: integer, default: 10 } } } } } } } }
`;

describe('quick-fix content', () => {
  it('findings carry ready did-you-mean edits', () => {
    const text = 'apiVersion: platform.example.org/v1alpha1\nkind: RedisCache\nspec:\n  parameters:\n    memoryMB: 512\n    evictionPolicy: allkeys-lr\n    versoin: "7.2"\n';
    const fixes = findingsOf(reportOf(text)).flatMap((f) => f.fixes ?? []);
    assert.deepEqual(fixes.map((f) => [f.title, f.edits.map((e) => [text.slice(e.span.start, e.span.end), e.newText])]), [
      ['Rename to version', [['versoin', 'version']]],
      ['Change to allkeys-lru', [['allkeys-lr', 'allkeys-lru']]],
    ]);
  });

  it('adds every missing required field under the object, with defaults or marked placeholders', () => {
    const workspace = workspaceWith();
    const doc = parseChunk('apiVersion: platform.example.org/v1alpha1\nkind: PostgreSQLInstance\nspec:\n  parameters:\n    size: small\n  compositionRef: { name: postgresql-aws }\n');
    const fix = addMissingRequired(doc, ['spec', 'parameters'], workspace.catalog)!;
    assert.equal(fix.title, 'Add missing required fields storageGB, databaseName');
    const edit = fix.edits[0]!;
    const result = doc.text.slice(0, edit.span.start) + edit.newText + doc.text.slice(edit.span.end);
    assert.equal(result, 'apiVersion: platform.example.org/v1alpha1\nkind: PostgreSQLInstance\nspec:\n  parameters:\n    size: small\n    storageGB: 20\n    databaseName: databasename\n  compositionRef: { name: postgresql-aws }\n');
    assert.deepEqual(findingsOf(reportOf(result)).filter((f) => f.severity === 'error'), []);
  });

  it('ranks the capabilities that can write the Secret: claims, then the name hint; keys must fit', () => {
    const workspace = workspaceWith({ files: { 'mysql.yaml': MYSQL_XRD } });
    const kinds = (secret: string, keys: string[]) => provisionOptions({ secret, keys }, workspace.catalog).map((o) => o.capability.kind);
    assert.deepEqual(kinds('orders-db-conn', ['password']), ['MySQLInstance', 'XMySQLInstance']);
    assert.deepEqual(kinds('orders-redis', []), ['MySQLInstance', 'XMySQLInstance'], 'only workspace definitions: the sample platform is not the platform here');
    const sample = workspaceWith();
    assert.deepEqual(provisionOptions({ secret: 'session-cache', keys: ['host'] }, sample.catalog).map((o) => o.capability.kind), ['RedisCache', 'XRedisCache']);
    assert.deepEqual(provisionOptions({ secret: 'orders-db-conn', keys: ['password'] }, sample.catalog).map((o) => o.capability.kind), ['PostgreSQLInstance', 'RedisCache', 'XPostgreSQLInstance', 'XRedisCache']);
  });

  it('writes a claim that checks clean and provides the Secret the workload reads', () => {
    const workspace = workspaceWith();
    const [option] = provisionOptions({ secret: 'orders-db-conn', keys: ['password', 'endpoint'], namespace: 'shop' }, workspace.catalog);
    assert.equal(option!.title, 'Provision PostgreSQLInstance "orders-db" (writes Secret orders-db-conn)');
    assert.equal(option!.manifest, [
      'apiVersion: platform.example.org/v1alpha1',
      'kind: PostgreSQLInstance',
      'metadata:',
      '  name: orders-db',
      '  namespace: shop',
      'spec:',
      '  parameters:',
      '    storageGB: 20',
      '    databaseName: databasename # placeholder: set the real value',
      '  compositionSelector:',
      '    matchLabels:',
      '      provider: aws',
      '  writeConnectionSecretToRef:',
      '    name: orders-db-conn',
      '',
    ].join('\n'));
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: shop }\nspec:\n  containers: [{ name: c, envFrom: [{ secretRef: { name: orders-db-conn } }] }]\n';
    assert.deepEqual(findingsOf(reportOf(`${pod}---\n${option!.manifest}`)), []);
  });

  it('names the claim for what it provides', () => {
    assert.deepEqual(['orders-db-conn', 'cache-secret', 'billing_credentials', 'plain'].map(claimName), ['orders-db', 'cache', 'billing', 'plain']);
  });
});
