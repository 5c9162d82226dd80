import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Workspace } from '#server/core/workspace/workspace';
import { findingsOf, reportOf, workspaceWith } from '../support/fixture';

describe('bad input ends in a clear finding, never a crash or a hang', () => {
  it('an empty file, or one of comments only, has no findings', () => {
    assert.deepEqual(findingsOf(reportOf('')), []);
    assert.deepEqual(findingsOf(reportOf('# nothing here\n---\n')), []);
  });

  it('a list or a scalar among Kubernetes objects is reported', () => {
    const findings = findingsOf(reportOf('apiVersion: v1\nkind: ConfigMap\n---\n- apiVersion: v1\n  kind: ConfigMap\n---\njust text\n'));
    assert.deepEqual(findings.map((f) => [f.code, f.line, f.message.includes('a list') || f.message.includes('a scalar')]), [['not-a-resource', 3, true], ['not-a-resource', 6, true]]);
  });

  it('a YAML file that is not a manifest at all (a list, a scalar) is left alone', () => {
    assert.deepEqual(findingsOf(reportOf('- a\n- b\n')), []);
    assert.deepEqual(findingsOf(reportOf('hello\n')), []);
  });

  it('an alias bomb is refused with one finding', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(',')}]`);
    const started = Date.now();
    const findings = findingsOf(reportOf(`apiVersion: v1\nkind: ConfigMap\n${bomb.join('\n')}\n`));
    assert.deepEqual(findings.map((f) => f.code), ['yaml-syntax']);
    assert.match(findings[0]!.message, /alias/i);
    assert.ok(Date.now() - started < 2000);
  });

  it('an instance that refers to itself through an alias is checked without hanging', () => {
    const crd = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: nodes.acme.io }\nspec:\n  group: acme.io\n  names: { kind: Node, plural: nodes }\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          x-kubernetes-validations: [{ rule: "has(self.spec)", message: needs spec }]\n          properties:\n            spec: { type: object, x-kubernetes-preserve-unknown-fields: true }\n            items: { type: array, x-kubernetes-list-type: set, items: { type: object, x-kubernetes-preserve-unknown-fields: true } }\n';
    const workspace = workspaceWith({ files: { 'crd.yaml': crd } });
    const findings = findingsOf(reportOf('apiVersion: acme.io/v1\nkind: Node\nspec: &s\n  self: *s\nitems: [*s, *s]\n', {}, workspace));
    assert.deepEqual(findings.map((f) => f.code), ['schema']);
    assert.match(findings[0]!.message, /Duplicate value/);
  });

  it('a file over the size limit gets one file-too-large finding and is not parsed', () => {
    const workspace = new Workspace({ maxFileSize: 1024 * 1024 });
    const doc = 'apiVersion: platform.example.org/v1alpha1\nkind: Queue\nmetadata: { name: q }\n---\n';
    const text = doc.repeat(Math.ceil((10 * 1024 * 1024) / doc.length));
    const started = Date.now();
    workspace.update('file:///ws/huge.yaml', text, 1, true);
    const report = workspace.report('file:///ws/huge.yaml', { unknownFields: 'warning', clusterConnected: false })!;
    assert.deepEqual(report.fileFindings.map((f) => f.code), ['file-too-large']);
    assert.match(report.fileFindings[0]!.message, /limit/);
    assert.ok(Date.now() - started < 1000);
  });

  it('a document with apiVersion or kind of the wrong type is not treated as a resource', () => {
    assert.deepEqual(findingsOf(reportOf('apiVersion: 1\nkind: [a]\n')), []);
  });
});
