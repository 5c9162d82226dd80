import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, findingsOf, reportOf, workspaceWith } from '../support/fixture';

const xrd = (group: string, kind: string, claim: string, specSchema = 'type: object') => `
apiVersion: apiextensions.crossplane.io/v1
kind: CompositeResourceDefinition
metadata: { name: x${claim.toLowerCase()}s.${group} }
spec:
  group: ${group}
  names: { kind: ${kind}, plural: ${kind.toLowerCase()}s }
  claimNames: { kind: ${claim}, plural: ${claim.toLowerCase()}s }
  connectionSecretKeys: [url]
  versions:
    - name: v1
      served: true
      referenceable: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { ${specSchema} }
`;

describe('catalog from definition files', () => {
  it('uses workspace definitions instead of the sample platform', () => {
    const workspace = workspaceWith({ files: { 'platform.yaml': xrd('acme.io', 'XCache', 'Cache') } });
    assert.deepEqual([...workspace.catalog.sources], ['workspace']);
    assert.deepEqual([...workspace.catalog.capabilities.keys()].sort(), ['Cache.acme.io', 'XCache.acme.io']);
    const cache = workspace.catalog.lookup('acme.io', 'Cache')!;
    assert.equal(cache.role, 'claim');
    assert.deepEqual(cache.connectionSecretKeys, ['url']);
    assert.equal(cache.origin.uri, 'file:///ws/platform.yaml');
    assert.ok(cache.origin.nameSpan);
  });

  it('falls back to the sample platform when nothing else offers a capability', () => {
    const workspace = workspaceWith({ files: { 'app.yaml': 'apiVersion: v1\nkind: ConfigMap\n' } });
    assert.deepEqual([...workspace.catalog.sources], ['sample']);
    assert.ok(workspace.catalog.lookup('platform.example.org', 'PostgreSQLInstance'));
  });

  it('reports an invalid schema once on the definition, and a hint (not a crash) on its claims', () => {
    const broken = xrd('acme.io', 'XCache', 'Cache', 'type: object, properties: { size: { type: strign } }');
    const workspace = workspaceWith({ files: { 'platform.yaml': broken } });
    const onDefinition = findingsOf(workspace.report('file:///ws/platform.yaml', { unknownFields: 'warning', clusterConnected: false })!);
    assert.deepEqual(onDefinition.map((f) => [f.code, f.severity]), [['definition-invalid', 'error']]);
    assert.match(onDefinition[0]!.message, /"strign"/);
    const onClaim = findingsOf(reportOf('apiVersion: acme.io/v1\nkind: Cache\nspec: { size: 1 }\n', {}, workspace));
    assert.deepEqual(onClaim.map((f) => [f.code, f.severity]), [['definition-invalid', 'hint']]);
  });

  it('reports two definitions of one type and version on both, choosing the first by path', () => {
    const workspace = workspaceWith({ files: { 'a.yaml': xrd('acme.io', 'XCache', 'Cache'), 'b.yaml': xrd('acme.io', 'XCache', 'Cache', 'type: string') } });
    const options = { unknownFields: 'warning' as const, clusterConnected: false };
    const a = findingsOf(workspace.report('file:///ws/a.yaml', options)!);
    const b = findingsOf(workspace.report('file:///ws/b.yaml', options)!);
    assert.equal(a.filter((f) => f.code === 'definition-conflict').length, 2, 'claim and XR kinds');
    assert.match(a[0]!.message, /this definition is used \(first by path\)/);
    assert.match(b[0]!.message, /that one is used/);
    // b.yaml's spec: string is ignored: the first definition (spec: object) is the one claims meet.
    check('apiVersion: acme.io/v1\nkind: Cache\nspec: {}\n', { files: { 'a.yaml': xrd('acme.io', 'XCache', 'Cache'), 'b.yaml': xrd('acme.io', 'XCache', 'Cache', 'type: string') } });
  });

  it('survives a schema that refers to itself through a YAML alias', () => {
    const cyclic = `
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: { name: loops.acme.io }
      spec:
        group: acme.io
        names: { kind: Loop, plural: loops }
        scope: Namespaced
        versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema: &node
                type: object
                properties:
                  child: *node
    `;
    const workspace = workspaceWith({ files: { 'crd.yaml': cyclic } });
    const findings = findingsOf(reportOf('apiVersion: acme.io/v1\nkind: Loop\nchild: {}\n', {}, workspace));
    assert.ok(findings.every((f) => f.code === 'definition-invalid' || f.code === 'yaml-syntax'), JSON.stringify(findings.map((f) => f.message)));
  });

  it('refuses a schema nested deeper than Kubernetes allows, without hanging', () => {
    let schema = '{ type: string }';
    for (let i = 0; i < 200; i++) schema = `{ type: object, properties: { a: ${schema} } }`;
    const crd = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: deeps.acme.io }\nspec:\n  group: acme.io\n  names: { kind: Deep, plural: deeps }\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema: ${schema}\n`;
    const workspace = workspaceWith({ files: { 'crd.yaml': crd } });
    const started = Date.now();
    const onDefinition = findingsOf(workspace.report('file:///ws/crd.yaml', { unknownFields: 'warning', clusterConnected: false })!);
    assert.ok(onDefinition.some((f) => f.code === 'definition-invalid' && /nested deeper/.test(f.message)));
    const onInstance = findingsOf(reportOf('apiVersion: acme.io/v1\nkind: Deep\na: {}\n', {}, workspace));
    assert.deepEqual(onInstance.map((f) => f.code), ['definition-invalid']);
    assert.ok(Date.now() - started < 2000);
  });
});
