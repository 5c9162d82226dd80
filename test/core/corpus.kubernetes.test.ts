/**
 * The kubectl-validate cases of the corpus whose kinds come from CRDs (CELBasic, JobSet, DNSEndpoint)
 * get the API server's expected result, and the CRD with a typo'd type is reported on the definition.
 * Built-in kinds (Pod, ConfigMap…) are Kubernetes' own validation, not the platform's (PRODUCT §2): for
 * those the test asserts only that checking them reports no platform error.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkAgainst, corpusAvailable, corpusPath, loadIndex } from '../support/corpus';

const TESTCASES = 'kubernetes/kubectl-validate/testcases';
const CRD_KINDS = new Set(['CELBasic', 'JobSet', 'DNSEndpoint']);

function crdFiles(): string[] {
  return ['crds', 'more-crds'].flatMap((dir) => readdirSync(corpusPath(join(TESTCASES, dir))).map((name) => corpusPath(join(TESTCASES, dir, name))));
}

describe('corpus: custom resources against their CRDs', { skip: corpusAvailable ? false : 'the shared corpus is not beside this checkout' }, () => {
  const cases = corpusAvailable ? loadIndex().kubernetes.cases : [];

  for (const testCase of cases) {
    const usesCrd = testCase.kinds.some((k) => CRD_KINDS.has(k));
    if (testCase.manifest.endsWith('.disabled')) continue;
    it(`${testCase.manifest.split('/').pop()} (${testCase.kinds.join(', ') || 'no documents'}): ${usesCrd ? testCase.expect : 'no platform error'}`, () => {
      const { findings } = checkAgainst(corpusPath(testCase.manifest), crdFiles());
      const errors = findings.filter((f) => f.severity === 'error' && f.code !== 'yaml-syntax' && f.code !== 'definition-invalid');
      const show = () => findings.map((f) => `${f.line}: ${f.code} ${f.message}`).join('\n');
      if (!usesCrd || testCase.expect === 'valid') {
        assert.deepEqual(errors, [], show());
        return;
      }
      for (const cause of testCase.expected_causes) {
        const [field, ...rest] = cause.split(': ');
        const message = rest.join(': ');
        if (message.startsWith('Duplicate value')) {
          assert.ok(errors.some((f) => f.code === 'schema' && f.message.startsWith(`${field}: Duplicate value`)), `${cause}\n${show()}`);
        } else {
          const text = message.replace(/^Invalid value: (-?\d+: )?/, '');
          const path = field === '<nil>' ? '(root)' : field;
          assert.ok(errors.some((f) => f.code === 'cel-violation' && f.message.startsWith(`${path}: ${text}`)), `${cause}\n${show()}`);
        }
      }
    });
  }

  it('reports a CRD whose schema uses an unsupported type on that type, once', () => {
    const crd = corpusPath(join(TESTCASES, 'manifests', 'error_crd_typo.yaml'));
    const { findings } = checkAgainst(crd, []);
    const invalid = findings.filter((f) => f.code === 'definition-invalid');
    assert.equal(invalid.length, 1, JSON.stringify(invalid.map((f) => f.message)));
    assert.match(invalid[0]!.message, /Unsupported value: "strign"/);
    assert.equal(invalid[0]!.document.doc.text.slice(invalid[0]!.span.start, invalid[0]!.span.end), 'strign');
  });
});
