/**
 * Syntax trees are kept for the most recently used documents only (server/src/core/parse/syntaxTrees.ts): a
 * dropped tree comes back equal when read, checks of documents with nothing to report never read theirs, and
 * no result depends on whether a tree was kept. Node's test runner gives each file its own process, so the
 * module's bookkeeping starts empty here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentSymbol } from '#server/core/assist/symbols';
import { DEFAULT_CHECK_OPTIONS } from '#server/core/checks/context';
import { parseChunk } from '#server/core/parse/document';
import { syntaxTreesHeld, trimSyntaxTrees } from '#server/core/parse/syntaxTrees';
import { workspaceWith } from '../support/fixture';

/** A document of about `size` characters whose tree has a few nodes and ranges worth comparing. */
const documentOf = (i: number, size = 1000) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c${i} }\ndata:\n  key: "${'x'.repeat(size - 70)}"\n  list: [1, 2, 3]\n`;

const claim = (i: number) =>
  `apiVersion: platform.example.org/v1alpha1\nkind: PostgreSQLInstance\nmetadata:\n  name: db-${i}\nspec:\n  parameters:\n    storageGB: ${i % 50 === 0 ? '"lots"' : 20}\n    version: "16"\n  writeConnectionSecretToRef:\n    name: db-${i}-conn\n`;
const deployment = (i: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: example/app:1\n          env:\n            - name: DB_HOST\n              valueFrom:\n                secretKeyRef: { name: db-${i}-conn, key: ${i % 60 === 0 ? 'hots' : 'host'} }\n`;
/** `pairs` claim + Deployment pairs, ~830 characters a pair. */
const manifest = (pairs: number) => Array.from({ length: pairs }, (_, i) => `${claim(i)}---\n${deployment(i)}`).join('---\n');
const URI = 'file:///ws/big.yaml';

describe('syntax tree retention', () => {
  it('keeps the trees of the most recently used documents within the budget, and parses a dropped one again, equal', () => {
    trimSyntaxTrees(0);
    const docs = Array.from({ length: 10 }, (_, i) => parseChunk(documentOf(i)));
    const original = docs.map((d) => ({ text: String(d.ast), range: d.ast.contents!.range, json: JSON.stringify(d.ast.toJS()) }));
    for (const doc of docs.slice(0, 7)) void doc.ast; // docs 7, 8 and 9 are now the least recently used
    assert.equal(trimSyntaxTrees(3 * 1000 + 500), 7);
    assert.equal(syntaxTreesHeld(), 3);
    const dropped = docs[9]!;
    const reparsed = dropped.ast;
    assert.equal(syntaxTreesHeld(), 4, 'reading a dropped tree parses it again');
    assert.equal(String(reparsed), original[9]!.text);
    assert.deepEqual(reparsed.contents!.range, original[9]!.range);
    assert.equal(JSON.stringify(reparsed.toJS()), original[9]!.json);
    assert.equal(dropped.ast, reparsed, 'parsed once, then held');
  });

  it('always keeps the most recently used tree, however large', () => {
    const big = parseChunk(documentOf(0, 50_000));
    void big.ast;
    trimSyntaxTrees(10);
    assert.equal(syntaxTreesHeld(), 1);
    const held = big.ast;
    trimSyntaxTrees(10);
    assert.equal(big.ast, held, 'not dropped and parsed again');
  });

  it('trims by itself while a large file is parsed, so its trees are never all held at once', () => {
    trimSyntaxTrees(0);
    // 3,000 documents of 1,000 characters: more than four budgets.
    const docs = Array.from({ length: 3000 }, (_, i) => parseChunk(documentOf(i)));
    assert.ok(syntaxTreesHeld() < 2200, `held ${syntaxTreesHeld()} of ${docs.length}`);
    assert.equal(docs[0]!.head?.name, 'c0', 'what was derived from a dropped tree stays');
  });

  it('re-checks a large file without parsing documents that have nothing to report, with the same findings', () => {
    const text = manifest(300);
    const workspace = workspaceWith();
    workspace.update(URI, text, 1, true);
    const first = workspace.report(URI, DEFAULT_CHECK_OPTIONS)!;
    const findings = (report: typeof first) => report.documents.map((d) => d.findings.map((f) => `${f.code} ${f.span.start}-${f.span.end} ${f.message}`));
    const withFindings = first.documents.filter((d) => d.findings.length > 0).length;
    assert.ok(withFindings >= 8, `expected the deliberate errors to be found, got ${withFindings} documents with findings`);

    trimSyntaxTrees(50_000); // ~60 of the 600 documents keep their tree
    const heldAfterTrim = syntaxTreesHeld();
    assert.ok(heldAfterTrim < first.documents.length / 2, `held ${heldAfterTrim} of ${first.documents.length}`);
    // New options: every document is checked again.
    const recheck = workspace.report(URI, { ...DEFAULT_CHECK_OPTIONS, unknownFields: 'error' })!;
    assert.ok(syntaxTreesHeld() - heldAfterTrim <= withFindings, `re-parsed ${syntaxTreesHeld() - heldAfterTrim} trees for ${withFindings} documents with findings`);
    assert.deepEqual(findings(recheck), findings(reportFresh(text)));
  });

  it('keeps no tree of a file read but not retained (the workspace scan), and still knows what it offers', () => {
    const workspace = workspaceWith();
    const held = syntaxTreesHeld();
    workspace.update('file:///ws/claims.yaml', manifest(50), undefined, false);
    assert.equal(syntaxTreesHeld(), held);
    assert.ok(workspace.secrets.providers('db-7-conn').length > 0, 'the claims still produce their Secrets');
  });

  it('gives the same outline after the trees were dropped', () => {
    const workspace = workspaceWith();
    workspace.update(URI, manifest(300), 1, true);
    const states = workspace.documents(URI)!;
    const before = states.map((s, i) => documentSymbol(s.doc, i));
    trimSyntaxTrees(0);
    const after = states.map((s, i) => documentSymbol(s.doc, i));
    assert.deepEqual(after, before);
    const fresh = manifest(300).split('---\n').map((text, i) => documentSymbol(parseChunk(text), i));
    assert.deepEqual(after.map((s) => s?.children.map((c) => c.name)), fresh.map((s) => s?.children.map((c) => c.name)));
  });
});

/** A fresh workspace's report of `text`, every tree still held (the file is below the high-water mark). */
function reportFresh(text: string) {
  const workspace = workspaceWith();
  workspace.update(URI, text, 1, true);
  return workspace.report(URI, { ...DEFAULT_CHECK_OPTIONS, unknownFields: 'error' })!;
}
