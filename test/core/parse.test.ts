import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitDocuments } from '#server/core/parse/split';
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
