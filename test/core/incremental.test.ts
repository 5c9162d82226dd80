/**
 * The incremental invariant (ARCHITECTURE.md, "Incremental by document"): an edit re-parses and re-checks
 * only the documents whose text changed; everything else is reused, by identity.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CHECK_OPTIONS } from '#server/core/checks/context';
import { workspaceWith } from '../support/fixture';

const claim = (name: string, secret: string) => `apiVersion: platform.example.org/v1alpha1\nkind: Queue\nmetadata: { name: ${name} }\nspec:\n  parameters: { fifo: true }\n  writeConnectionSecretToRef: { name: ${secret} }\n`;
const workload = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: c, envFrom: [{ secretRef: { name: q1-conn } }] }]\n';
const URI = 'file:///ws/app.yaml';

describe('incremental by document', () => {
  it('reuses the parse and the findings of untouched documents', () => {
    const workspace = workspaceWith();
    const text = [claim('q1', 'q1-conn'), claim('q2', 'q2-conn'), workload].join('---\n');
    workspace.update(URI, text, 1, true);
    const before = workspace.report(URI, DEFAULT_CHECK_OPTIONS)!;
    // Edit the second document only (fifo: true → fifo: 1, a new schema error).
    const edited = text.replace('metadata: { name: q2 }\nspec:\n  parameters: { fifo: true }', 'metadata: { name: q2 }\nspec:\n  parameters: { fifo: 1 }');
    workspace.update(URI, edited, 2, true);
    const after = workspace.report(URI, DEFAULT_CHECK_OPTIONS)!;
    assert.equal(after.documents[0]!.doc, before.documents[0]!.doc, 'first document not re-parsed');
    assert.equal(after.documents[2]!.doc, before.documents[2]!.doc, 'third document not re-parsed');
    assert.notEqual(after.documents[1]!.doc, before.documents[1]!.doc, 'edited document re-parsed');
    assert.equal(after.documents[0]!.findings, before.documents[0]!.findings, 'first document not re-checked');
    assert.equal(after.documents[2]!.findings, before.documents[2]!.findings, 'workload not re-checked: no Secret producer changed');
    assert.deepEqual(after.documents[1]!.findings.map((f) => f.code), ['schema']);
  });

  it('re-checks workloads when a Secret producer changes, and only then', () => {
    const workspace = workspaceWith();
    workspace.update(URI, [claim('q1', 'q1-conn'), workload].join('---\n'), 1, true);
    const first = workspace.report(URI, DEFAULT_CHECK_OPTIONS)!;
    assert.deepEqual(first.documents[1]!.findings, []);
    const result = workspace.update(URI, [claim('q1', 'other-conn'), workload].join('---\n'), 2, true);
    assert.deepEqual(result, { catalogChanged: false, secretsChanged: true });
    const second = workspace.report(URI, DEFAULT_CHECK_OPTIONS)!;
    assert.equal(second.documents[1]!.doc, first.documents[1]!.doc);
    assert.deepEqual(second.documents[1]!.findings.map((f) => f.code), ['secret-not-provided']);
  });

  it('re-checks only the workloads that read a Secret whose producers changed', () => {
    const workspace = workspaceWith();
    const other = workload.replace('name: p }', 'name: other }').replace('q1-conn', 'q2-conn');
    workspace.update(URI, [claim('q1', 'q1-conn'), claim('q2', 'q2-conn'), workload, other].join('---\n'), 1, true);
    const first = workspace.report(URI, DEFAULT_CHECK_OPTIONS)!;
    workspace.update(URI, [claim('q1', 'q1-renamed'), claim('q2', 'q2-conn'), workload, other].join('---\n'), 2, true);
    const second = workspace.report(URI, DEFAULT_CHECK_OPTIONS)!;
    assert.notEqual(second.documents[2]!.findings, first.documents[2]!.findings, 'the reader of q1-conn is re-checked');
    assert.deepEqual(second.documents[2]!.findings.map((f) => f.code), ['secret-not-provided']);
    assert.equal(second.documents[3]!.findings, first.documents[3]!.findings, 'the reader of q2-conn is not');
  });

  it('moves findings with their document when text before it grows, without re-checking it', () => {
    const workspace = workspaceWith();
    const bad = 'apiVersion: platform.example.org/v1alpha1\nkind: Queue\nspec: { parameters: { fifo: 3 } }\n';
    workspace.update(URI, `a: 1\n---\n${bad}`, 1, true);
    const before = workspace.report(URI, DEFAULT_CHECK_OPTIONS)!;
    const result = workspace.update(URI, `a: 1\nb: 2\nc: 3\n---\n${bad}`, 2, true);
    assert.deepEqual(result, { catalogChanged: false, secretsChanged: false });
    const after = workspace.report(URI, DEFAULT_CHECK_OPTIONS)!;
    assert.equal(after.documents[1]!.findings, before.documents[1]!.findings);
    assert.equal(after.documents[1]!.chunk.startLine, before.documents[1]!.chunk.startLine + 2);
  });

  it('bumps the catalog generation when a definition changes, not when it only moves', () => {
    const xrd = (plural: string) => `apiVersion: apiextensions.crossplane.io/v1\nkind: CompositeResourceDefinition\nmetadata: { name: xas.acme.io }\nspec:\n  group: acme.io\n  names: { kind: XA, plural: ${plural} }\n  versions: [{ name: v1, served: true, referenceable: true, schema: { openAPIV3Schema: { type: object } } }]\n`;
    const workspace = workspaceWith();
    workspace.update('file:///ws/xrd.yaml', xrd('xas'), 1, true);
    const generation = workspace.catalog.generation;
    assert.deepEqual(workspace.update('file:///ws/xrd.yaml', `# a comment is not a change\n${xrd('xas')}`, 2, true), { catalogChanged: false, secretsChanged: false });
    assert.deepEqual(workspace.update('file:///ws/xrd.yaml', `a: 1\nb: 2\n---\n${xrd('xas')}`, 3, true), { catalogChanged: false, secretsChanged: false });
    assert.equal(workspace.catalog.generation, generation);
    assert.equal(workspace.update('file:///ws/xrd.yaml', xrd('xas2'), 4, true).catalogChanged, true);
    assert.ok(workspace.catalog.generation > generation);
  });
});
