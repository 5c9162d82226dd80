import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChangedRange, mergeChanges, resplitDocuments, splitDocuments } from '#server/core/parse/split';
import { check, findingsOf, reportOf } from '../support/fixture';

describe('splitting a file into documents', () => {
  const texts = (text: string) => splitDocuments(text).map((c) => c.text);

  it('splits at --- lines and keeps leading comments with the first document', () => {
    assert.deepEqual(texts('# header\n---\na: 1\n---\nb: 2\n'), ['# header\n---\na: 1\n', '---\nb: 2\n']);
  });

  it('splits at --- even inside a block scalar, as YAML 1.2 does', () => {
    assert.deepEqual(texts('a: |\n  text\n---\nb: 2'), ['a: |\n  text\n', '---\nb: 2']);
  });

  it('does not split at indented or longer dashes', () => {
    assert.deepEqual(texts('a: |\n  ---\n----\nb: 1'), ['a: |\n  ---\n----\nb: 1']);
  });

  it('ends a document at ... and starts the next after it', () => {
    const chunks = splitDocuments('a: 1\n...\nb: 2\n');
    assert.deepEqual(chunks.map((c) => [c.text, c.startLine]), [['a: 1\n...\n', 0], ['b: 2\n', 2]]);
  });

  it('handles CRLF line ends and an empty text', () => {
    assert.deepEqual(texts('a: 1\r\n---\r\nb: 2\r\n'), ['a: 1\r\n', '---\r\nb: 2\r\n']);
    assert.deepEqual(texts(''), ['']);
  });

  it('gives every chunk its offset and line in the file', () => {
    const text = 'a: 1\n---\nb: 2\n---\nc: 3\n';
    for (const chunk of splitDocuments(text)) assert.equal(text.slice(chunk.start, chunk.start + chunk.text.length), chunk.text);
    assert.deepEqual(splitDocuments(text).map((c) => c.startLine), [0, 1, 3]);
  });
});

describe('syntax errors', () => {
  it('reports one yaml-syntax finding per broken document and still checks the others', () => {
    check(`
      apiVersion: platform.example.org/v1alpha1
      kind: Queue
      spec: { parameters: { fifo: "yes" } }
      #                           ^^^^^ schema
      ---
      apiVersion: platform.example.org/v1alpha1
      kind: Queue
      spec:
        parameters:
          fifo: true
          fifo: false
      #   ^^^^ yaml-syntax: Map keys must be unique
    `, { codes: ['schema', 'yaml-syntax'] });
  });

  it('reports an unclosed quote where the parser gives up, and nothing else', () => {
    const findings = check(`
      apiVersion: v1
      kind: ConfigMap
      data:
        a: "unterminated
    `.replace(/\n\s*$/, '\n# trailing comment\n'), { codes: [] });
    assert.deepEqual(findings, []);
    const all = findingsOf(reportOf('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "unterminated\n'));
    assert.deepEqual(all.map((f) => [f.code, f.line]), [['yaml-syntax', 4]]);
    assert.match(all[0]!.message, /Missing closing "quote/);
  });
});

describe('re-splitting after an edit', () => {
  // A small seeded generator: the same edits on every run, many shapes of boundary trouble.
  function random(seed: number): () => number {
    return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  }
  const pieces = ['a: 1\n', '---\n', '...\n', '# c\n', 'b: |\n  x\n', '--- # d\n', 'k: v', '\n', '-', '--', '.', ' ', 'x'];

  it('always equals a full split, keeping unchanged chunks', () => {
    const next = random(42);
    let kept = 0;
    for (let round = 0; round < 3000; round++) {
      let text = '';
      const count = 1 + Math.floor(next() * 12);
      for (let i = 0; i < count; i++) text += pieces[Math.floor(next() * pieces.length)];
      const before = splitDocuments(text);
      const at = Math.floor(next() * (text.length + 1));
      const removed = Math.floor(next() * 4);
      const inserted = pieces[Math.floor(next() * pieces.length)]!.slice(0, Math.floor(next() * 5));
      const edited = text.slice(0, at) + inserted + text.slice(Math.min(text.length, at + removed));
      const full = splitDocuments(edited).map((c) => [c.start, c.startLine, c.text]);
      const { chunks, keptBefore } = resplitDocuments(before, edited);
      assert.deepEqual(chunks.map((c) => [c.start, c.startLine, c.text]), full, JSON.stringify({ text, edited }));
      for (let i = 0; i < keptBefore; i++) assert.equal(chunks[i], before[i]);
      kept += keptBefore;
      // The same edit, told by its range (as the language server knows it) instead of found by comparing.
      const changed = { start: at, end: Math.min(text.length, at + removed), inserted: inserted.length };
      assert.deepEqual(resplitDocuments(before, edited, changed).chunks.map((c) => [c.start, c.startLine, c.text]), full, JSON.stringify({ text, edited, changed }));
    }
    assert.ok(kept > 200, `chunks were actually kept (${kept})`);
  });

  it('merges the ranges of successive edits into one range of the original text', () => {
    const next = random(7);
    for (let round = 0; round < 2000; round++) {
      let text = 'a: 1\n---\nb: 2\n---\nc: 3\n'.repeat(1 + Math.floor(next() * 3));
      const original = splitDocuments(text);
      let merged: ChangedRange | undefined;
      for (let edit = 0; edit < 1 + Math.floor(next() * 4); edit++) {
        const start = Math.floor(next() * (text.length + 1));
        const end = Math.min(text.length, start + Math.floor(next() * 6));
        const inserted = pieces[Math.floor(next() * pieces.length)]!;
        text = text.slice(0, start) + inserted + text.slice(end);
        merged = mergeChanges(merged, { start, end, inserted: inserted.length });
      }
      assert.deepEqual(resplitDocuments(original, text, merged).chunks.map((c) => [c.start, c.text]), splitDocuments(text).map((c) => [c.start, c.text]));
    }
  });

  it('re-splits only the edited chunk and its two neighbours in a large file', () => {
    const text = Array.from({ length: 100 }, (_, i) => `name: doc${i}\nvalue: ${i}\n`).join('---\n');
    const before = splitDocuments(text);
    const at = text.indexOf('doc50') + 3;
    const { chunks, keptBefore, keptAfter } = resplitDocuments(before, `${text.slice(0, at)}X${text.slice(at)}`);
    assert.equal(chunks.length, 100);
    assert.equal(keptBefore + keptAfter, 97);
  });
});
