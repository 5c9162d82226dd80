/**
 * Every Score workload in the corpus INDEX.json gets its expected outcome against a platform made of all
 * the corpus's provisioner files (score-compose and score-k8s defaults, 33 community files): no finding
 * on a valid workload, and on an invalid one exactly the expected problems — `unknown-placeholder` for
 * each reference problem, `unknown-resource-type` for each resource no provisioner serves.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corpusAvailable, corpusPath, loadIndex } from '../support/corpus';
import { corpusPlatform } from '../support/corpusPlatform';

describe('corpus: Score workloads', { skip: corpusAvailable ? false : 'the shared corpus is not beside this checkout' }, () => {
  const index = corpusAvailable ? loadIndex().score : { workloads: [], provisioners: [] };
  const platform = corpusPlatform(new Set(index.provisioners.map((p) => corpusPath(p.file))));
  const outcome = { valid: 0, invalid: 0, placeholders: 0, types: 0 };

  it('offers every provisioned type the index lists', () => {
    const types = new Set(index.provisioners.map((p) => p.type));
    assert.deepEqual(platform.workspace.catalog.byRole('score-resource').map((c) => c.kind).sort(), [...types].sort());
    assert.equal(platform.workspace.catalog.problems.length, 0, platform.workspace.catalog.problems.map((p) => p.message).join('\n'));
  });

  for (const workload of index.workloads) {
    it(`${workload.manifest} is ${workload.expect}`, () => {
      const findings = platform.check(corpusPath(workload.manifest), workload.doc);
      const describe = () => findings.map((f) => `${f.line}: ${f.severity} ${f.code} ${f.message}`).join('\n');
      if (workload.expect === 'valid') {
        assert.deepEqual(findings, [], describe());
        outcome.valid++;
        return;
      }
      const expected: string[] = [];
      for (const problem of workload.reference_problems) {
        const match = /^(\$\{[^}]+\}): output "([^"]+)" not in expected_outputs/.exec(problem);
        assert.ok(match, `unrecognised expectation ${problem}`);
        expected.push(`unknown-placeholder ${match[1]}`);
        outcome.placeholders++;
      }
      for (const resource of workload.resources.filter((r) => r.provided_by.length === 0)) {
        expected.push(`unknown-resource-type ${resource.type}`);
        outcome.types++;
      }
      const actual = findings.map((f) => (f.code === 'unknown-placeholder' ? `${f.code} ${f.message.slice(0, f.message.indexOf(':'))}` : `${f.code} ${/"([^"]+)"/.exec(f.message)?.[1]}`));
      assert.deepEqual(actual.sort(), expected.sort(), describe());
      assert.ok(findings.every((f) => f.severity === 'error'), describe());
      outcome.invalid++;
    });
  }

  it('covers every workload', () => {
    console.log(`corpus Score workloads: ${outcome.valid} valid with no finding, ${outcome.invalid} invalid with exactly the expected findings (${outcome.placeholders} unknown-placeholder, ${outcome.types} unknown-resource-type) (of ${index.workloads.length}, against ${platform.workspace.catalog.byRole('score-resource').length} resource types)`);
    assert.equal(outcome.valid + outcome.invalid, index.workloads.length);
  });
});
