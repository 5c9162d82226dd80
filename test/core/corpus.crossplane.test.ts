/**
 * Every Crossplane pair in the corpus INDEX.json gets its expected outcome: no error on a valid pair,
 * the listed warning on a valid-with-warning pair, and the listed findings on an invalid one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAgainst, corpusAvailable, corpusPath, definitionFolder, loadIndex } from '../support/corpus';

describe('corpus: Crossplane claims and XRs', { skip: corpusAvailable ? false : 'the shared corpus is not beside this checkout' }, () => {
  const pairs = corpusAvailable ? loadIndex().crossplane.pairs : [];
  const outcome = { valid: 0, warned: 0, invalid: 0 };

  for (const pair of pairs) {
    it(`${pair.manifest} [${pair.kind} ${pair.name}] is ${pair.expect}`, () => {
      const { findings } = checkAgainst(corpusPath(pair.manifest), definitionFolder(corpusPath(pair.definition)));
      const own = findings.filter((f) => f.document.doc.head?.kind === pair.kind && f.document.doc.head?.name === pair.name);
      const errors = own.filter((f) => f.severity === 'error');
      const describe = () => own.map((f) => `${f.line}: ${f.severity} ${f.code} ${f.message}`).join('\n');
      if (pair.expect === 'valid') {
        assert.deepEqual(own, [], describe());
        outcome.valid++;
        return;
      }
      assert.deepEqual(errors, [], describe());
      for (const expected of pair.findings) {
        if (expected.startsWith('metadata.namespace set')) {
          assert.ok(own.some((f) => f.code === 'cluster-scoped-namespace'), `expected cluster-scoped-namespace\n${describe()}`);
        } else {
          const match = /^(\S+): unknown field\(s\): '([^']+)'/.exec(expected);
          assert.ok(match, `unrecognised expectation ${expected}`);
          const [, path, field] = match;
          assert.ok(own.some((f) => f.code === 'unknown-field' && f.message.startsWith(`${path}: unknown field "${field}"`)), `expected unknown-field ${path}.${field}\n${describe()}`);
        }
      }
      if (pair.expect === 'invalid') outcome.invalid++;
      else outcome.warned++;
    });
  }

  it('covers every pair', () => {
    console.log(`corpus Crossplane pairs: ${outcome.valid} valid, ${outcome.warned} valid with a warning, ${outcome.invalid} invalid (of ${pairs.length})`);
    assert.equal(outcome.valid + outcome.warned + outcome.invalid, pairs.length);
  });
});
