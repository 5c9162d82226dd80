/**
 * Syntax trees are kept for the most recently used documents only (server/src/core/parse/syntaxTrees.ts): a
 * dropped tree comes back equal when read, checks of documents with nothing to report never read theirs, and
 * no result depends on whether a tree was kept. Node's test runner gives each file its own process, so the
 * module's bookkeeping starts empty here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentLinks } from '#server/core/assist/links';
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

  it('gives the same outline after the trees were dropped as a workspace that kept them', () => {
    const workspace = workspaceWith();
    workspace.update(URI, manifest(300), 1, true);
    trimSyntaxTrees(0);
    const held = syntaxTreesHeld();
    const outline = workspace.documents(URI)!.map((s, i) => documentSymbol(s.doc, i));
    assert.ok(syntaxTreesHeld() > held + 500, 'the outline needed the dropped trees, parsed again');
    const fresh = workspaceWith();
    fresh.update(URI, manifest(300), 1, true);
    assert.deepEqual(outline, fresh.documents(URI)!.map((s, i) => documentSymbol(s.doc, i)));
    trimSyntaxTrees(0);
    const again = syntaxTreesHeld();
    assert.deepEqual(workspace.documents(URI)!.map((s, i) => documentSymbol(s.doc, i)), outline);
    assert.equal(syntaxTreesHeld(), again, 'asked again, the outline is derived from nothing but cached symbols');
  });

  it('keeps the tree of the document named to keep, and counts a document once however often its tree came back', () => {
    trimSyntaxTrees(0);
    const docs = Array.from({ length: 5 }, (_, i) => parseChunk(documentOf(i)));
    const focus = docs[0]!;
    const tree = focus.ast;
    for (const doc of docs.slice(1)) void doc.ast;
    trimSyntaxTrees(1500, focus);
    assert.equal(focus.ast, tree, 'the least recently used, but named: kept');
    assert.equal(syntaxTreesHeld(), 2, 'the focus and the most recent');
    focus.releaseTree();
    void focus.ast;
    focus.releaseTree();
    void focus.ast; // registered three times now
    assert.equal(syntaxTreesHeld(), 2);
    // Counted three times, the two documents would be 4,000 characters and one would go.
    assert.equal(trimSyntaxTrees(2500), 0, 'two documents of 1,000 characters fit 2,500');
  });

  it('a large file of KubeVela Applications: links and a re-check after a trim parse only documents with findings', () => {
    const workspace = workspaceWith({ files: { 'definitions.yaml': KUBEVELA_DEFINITIONS }, noSample: true });
    const text = Array.from({ length: 400 }, (_, i) => application(i)).join('---\n');
    workspace.update(URI, text, 1, true);
    const first = workspace.report(URI, DEFAULT_CHECK_OPTIONS)!;
    const withFindings = first.documents.filter((d) => d.findings.length > 0).length;
    assert.equal(withFindings, 8, 'the mistyped component types');
    trimSyntaxTrees(20_000);
    const held = syntaxTreesHeld();
    const ctx = { catalog: workspace.catalog, secrets: workspace.secrets };
    const links = workspace.documents(URI)!.map((s) => documentLinks(s.doc, ctx));
    assert.equal(syntaxTreesHeld(), held, 'links come from spans found at the parse');
    assert.equal(links.flat().length, 400 * 2 - 8, 'a component and a trait link each, but the mistyped types');
    workspace.report(URI, { ...DEFAULT_CHECK_OPTIONS, unknownFields: 'error' });
    assert.ok(syntaxTreesHeld() - held <= withFindings, `re-parsed ${syntaxTreesHeld() - held} for ${withFindings} documents with findings`);
  });
});

const KUBEVELA_DEFINITIONS = `apiVersion: core.oam.dev/v1beta1
kind: ComponentDefinition
metadata: { name: webservice }
spec:
  workload: { definition: { apiVersion: apps/v1, kind: Deployment } }
  schematic:
    cue:
      template: |
        parameter: {
          image: string
          port: *80 | int
        }
---
apiVersion: core.oam.dev/v1beta1
kind: TraitDefinition
metadata: { name: scaler }
spec:
  appliesToWorkloads: [deployments.apps]
  schematic:
    cue:
      template: |
        parameter: replicas: *1 | int
`;

/** An Application with one component and one trait; every 50th component type is mistyped. */
const application = (i: number) =>
  `apiVersion: core.oam.dev/v1beta1\nkind: Application\nmetadata: { name: app-${i} }\nspec:\n  components:\n    - name: web\n      type: ${i % 50 === 0 ? 'webservise' : 'webservice'}\n      properties: { image: "nginx:${i}", port: 8080 }\n      traits:\n        - type: scaler\n          properties: { replicas: 2 }\n`;

/** A fresh workspace's report of `text`, every tree still held (the file is below the high-water mark). */
function reportFresh(text: string) {
  const workspace = workspaceWith();
  workspace.update(URI, text, 1, true);
  return workspace.report(URI, { ...DEFAULT_CHECK_OPTIONS, unknownFields: 'error' })!;
}
