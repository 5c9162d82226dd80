/**
 * Every Kratix resource request in the corpus INDEX.json gets its expected outcome against the Promise
 * it is paired with: no finding at all on a valid request, `unknown-version` on the one that asks for a
 * version its Promise does not serve.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corpusAvailable, corpusPath, loadIndex } from '../support/corpus';
import { CorpusPlatform, corpusPlatform } from '../support/corpusPlatform';

describe('corpus: Kratix resource requests', { skip: corpusAvailable ? false : 'the shared corpus is not beside this checkout' }, () => {
  const requests = corpusAvailable ? loadIndex().kratix.requests : [];
  const outcome = { valid: 0, invalid: 0 };
  // Several requests share a Promise (some Promises are large): each is read once.
  const platforms = new Map<string, CorpusPlatform>();
  const platformOf = (definition: string) => platforms.get(definition) ?? platforms.set(definition, corpusPlatform([corpusPath(definition)])).get(definition)!;

  for (const request of requests) {
    it(`${request.manifest} [${request.kind} ${request.apiVersion}] is ${request.expect}`, () => {
      const own = platformOf(request.definition).check(corpusPath(request.manifest), request.doc);
      const describe = () => own.map((f) => `${f.line}: ${f.severity} ${f.code} ${f.message}`).join('\n');
      if (request.expect === 'valid') {
        assert.deepEqual(own, [], describe());
        outcome.valid++;
        return;
      }
      for (const expected of request.findings) {
        const match = /^version (\S+) not served by the Promise API \(served: \[(.*)\]\)$/.exec(expected);
        assert.ok(match, `unrecognised expectation ${expected}`);
        const served = match[2]!.replace(/'/g, '').split(', ').join(', ');
        assert.ok(own.some((f) => f.code === 'unknown-version' && f.severity === 'error' && f.message.includes(`served: ${served}`)), `expected unknown-version\n${describe()}`);
      }
      outcome.invalid++;
    });
  }

  it('covers every request', () => {
    console.log(`corpus Kratix requests: ${outcome.valid} valid with no finding, ${outcome.invalid} invalid with the expected finding (of ${requests.length})`);
    assert.equal(outcome.valid + outcome.invalid, requests.length);
  });
});
