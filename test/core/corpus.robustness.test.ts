/**
 * Nothing in the corpus crashes the core, and the files the `yaml` package rejects as YAML 1.2 each get
 * exactly one yaml-syntax finding, on the line of the first error, while the rest is still checked.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allCorpusYaml, checkAgainst, corpusAvailable, corpusPath, loadIndex } from '../support/corpus';

describe('corpus: robustness', { skip: corpusAvailable ? false : 'the shared corpus is not beside this checkout' }, () => {
  const parseErrors = corpusAvailable ? loadIndex().yaml_parse_errors.files : [];

  for (const file of parseErrors) {
    it(`${file.file}: one yaml-syntax finding at line ${file.errors[0]!.line}`, () => {
      const { findings } = checkAgainst(corpusPath(file.file), []);
      const syntax = findings.filter((f) => f.code === 'yaml-syntax');
      assert.equal(syntax.length, 1, syntax.map((f) => `${f.line}: ${f.message}`).join('\n'));
      assert.equal(syntax[0]!.line, file.errors[0]!.line);
    });
  }

  it('checks every YAML file of the corpus without throwing', () => {
    const files = allCorpusYaml();
    let findings = 0;
    const started = Date.now();
    for (const file of files) findings += checkAgainst(file, []).findings.length;
    console.log(`corpus sweep: ${files.length} YAML files, ${findings} findings, ${Date.now() - started} ms`);
    assert.ok(files.length > 1500);
  });
});
