/**
 * Every KubeVela Application in the corpus INDEX.json gets its expected outcome, checked against exactly
 * the definitions INDEX.json resolves its types to (YAML definitions and `vela def` CUE files) plus the
 * Application CRD: a valid one has no finding at all; an invalid one has each expected finding (an
 * undeclared parameter → unknown-field, a type defined nowhere → unknown-capability, a field the CRD
 * lacks → unknown-field) and nothing else. Findings INDEX.json cannot know about are listed below.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contributionOfCueDefinitions } from '#server/core/catalog/from/kubevelaCueFile';
import { corpusAvailable, corpusPath, loadIndex, LocatedFinding } from '../support/corpus';
import { fileUri } from '../support/paths';
import { checkApplicationPair, contributionOfDefinitionFile, KubeVelaApp } from '../support/kubevelaCorpus';

/**
 * Findings beyond INDEX.json, each checked by hand against the definition: INDEX.json compares only the
 * top-level parameter names of YAML definitions, so it does not see nested fields, types, required
 * parameters, `appliesToWorkloads`, or the parameters of `vela def` CUE files. Each is asserted to be
 * found, so the list cannot go stale.
 */
const BEYOND_INDEX: { manifest: string; code: string; text: string; why: string }[] = [
  { manifest: 'kubevela/catalog/examples/elasticsearch-operator/elasticsearch-agent.yaml', code: 'unknown-field', text: 'trait elasticsearch-agent has no parameter "elasticsearchRefs"', why: 'the CUE file definition declares no elasticsearchRefs' },
  { manifest: 'kubevela/catalog/examples/elasticsearch-operator/elasticsearch-agent-beat.yaml', code: 'unknown-field', text: 'trait elasticsearch-agent has no parameter "elasticsearchRefs"', why: 'the same definition' },
  { manifest: 'kubevela/kubevela/docs/examples/app-with-volumes/app-task-volumes.yaml', code: 'trait-not-applicable', text: 'trait volumes applies to deployments.apps only', why: 'the task component is a Job' },
  { manifest: 'kubevela/kubevela/docs/examples/terraform/cloud-resource-provision-and-consume/application.yaml', code: 'schema', text: 'properties.ports: must be array, got 80', why: "webservice's ports is a list of port objects" },
  { manifest: 'kubevela/kubevela/docs/examples/terraform/cloud-resource-provision-and-consume/application-rds-data-outputs.yaml', code: 'schema', text: 'properties.ports: must be array, got 80', why: 'the same' },
  { manifest: 'kubevela/kubevela/docs/examples/traits/control-plane-only-usecase/app-with-control-plane-only-usecase.yaml', code: 'unknown-field', text: 'trait hubcpuscaler has no parameter "cpuPercent"', why: 'the CUE file declares cpuUtil (the drift INDEX.json lists for cpuscaler)' },
  { manifest: 'kubevela/kubevela/docs/examples/workflow/Li-Auto-Inc/app.yaml', code: 'unknown-field', text: 'component helm has no parameter "repoUrl"', why: 'the fluxcd helm CUE file names it url' },
  { manifest: 'kubevela/kubevela/docs/examples/workflow/Li-Auto-Inc/app.yaml', code: 'missing-required', text: 'component helm requires parameter url', why: 'the same' },
  { manifest: 'kubevela/kubevela/docs/examples/workflow/depends-on-app/app.yaml', code: 'unknown-field', text: 'component helm has no parameter "branch"', why: 'the fluxcd helm CUE file has git.branch' },
  { manifest: 'kubevela/kubevela/docs/examples/workflow/notification/app.yaml', code: 'schema', text: 'email.from.port: must be integer, got "<email port', why: 'a placeholder left in the example' },
  { manifest: 'kubevela/kubevela/pkg/appfile/dryrun/testdata/diff-input-app-with-externals.yaml', code: 'missing-required', text: 'component ref-objects requires parameter objects[0].apiVersion', why: 'the dry-run ref-objects definition needs apiVersion and kind' },
  { manifest: 'kubevela/kubevela/pkg/appfile/dryrun/testdata/diff-input-app-with-externals.yaml', code: 'missing-required', text: 'component ref-objects requires parameter objects[0].kind', why: 'the same' },
];

interface Expectation {
  describe: string;
  matches: (f: LocatedFinding) => boolean;
}

function expectationsOf(app: KubeVelaApp): Expectation[] {
  const out: Expectation[] = [];
  for (const error of app.application_crd_errors) {
    const match = /^(\S+): Additional properties are not allowed \('([^']+)' was unexpected\)/.exec(error);
    assert.ok(match, `unrecognised CRD error ${error}`);
    const [, path, field] = match;
    out.push({ describe: `unknown-field ${path}.${field}`, matches: (f) => f.code === 'unknown-field' && f.message.startsWith(`${path}: unknown field "${field}"`) });
  }
  for (const ref of app.refs.filter((r) => r.expect === 'invalid')) {
    for (const finding of ref.findings) {
      const undeclared = /^undeclared parameter\(s\) \[([^\]]+)\]/.exec(finding);
      const missing = /^no (component|trait|policy|workflow-step|workflow step) definition named "([^"]+)"/.exec(finding);
      if (undeclared) {
        for (const name of undeclared[1]!.split(',').map((s) => s.trim().replace(/^'|'$/g, ''))) {
          out.push({ describe: `unknown-field ${ref.type} ${ref.name} "${name}"`, matches: (f) => f.code === 'unknown-field' && f.message.startsWith(`${ref.type.replace('-', ' ')} ${ref.name} has no parameter "${name}"`) });
        }
      } else if (missing) {
        out.push({ describe: `unknown-capability "${missing[2]}"`, matches: (f) => f.code === 'unknown-capability' && f.message.includes(`type "${missing[2]}" is not offered`) });
      } else assert.fail(`unrecognised expectation ${finding}`);
    }
  }
  for (const extra of BEYOND_INDEX.filter((b) => b.manifest === app.manifest)) {
    out.push({ describe: `${extra.code} ${extra.text} (beyond INDEX.json: ${extra.why})`, matches: (f) => f.code === extra.code && f.message.includes(extra.text) });
  }
  return out;
}

describe('corpus: KubeVela Applications', { skip: corpusAvailable ? false : 'the shared corpus is not beside this checkout' }, () => {
  const apps = corpusAvailable ? loadIndex().kubevela.apps : [];
  const outcome = { valid: 0, validWithExtras: 0, invalid: 0, expectedFindings: 0, extraFindings: 0, refs: 0 };
  let elapsed = 0;

  for (const app of apps) {
    it(`${app.manifest}${app.doc ? ` #${app.doc}` : ''} [${app.name}] is ${app.expect}`, () => {
      const started = performance.now();
      const findings = checkApplicationPair(app);
      elapsed += performance.now() - started;
      const listing = () => findings.map((f) => `${f.line}: ${f.severity} ${f.code} ${f.message}`).join('\n');
      const expected = expectationsOf(app);
      const beyond = BEYOND_INDEX.filter((b) => b.manifest === app.manifest).length;
      if (app.expect === 'invalid') assert.ok(expected.length > beyond, 'an invalid Application lists what is wrong');
      for (const e of expected) assert.ok(findings.some(e.matches), `expected ${e.describe}\n${listing()}`);
      const unexplained = findings.filter((f) => !expected.some((e) => e.matches(f)));
      assert.deepEqual(unexplained.map((f) => `${f.line}: ${f.code} ${f.message}`), [], `unexpected findings\n${listing()}`);
      if (app.expect === 'valid' && beyond === 0) outcome.valid++;
      else if (app.expect === 'valid') outcome.validWithExtras++;
      else outcome.invalid++;
      outcome.expectedFindings += expected.length - beyond;
      outcome.extraFindings += beyond;
      outcome.refs += app.refs.length;
    });
  }

  it('reads every definition of the corpus: parameters from each CUE template, as INDEX.json lists them', () => {
    const definitions = corpusAvailable ? loadIndex().kubevela.definitions : [];
    const derived: Record<string, number> = {};
    let compared = 0;
    for (const entry of definitions) {
      const role = entry.type === 'workload' ? 'component' : entry.type;
      const capability = contributionOfDefinitionFile(entry.file)?.capabilities.find((c) => c.id === `${role}/${entry.name}`);
      assert.ok(capability, `${entry.file}: no ${entry.type} ${entry.name}`);
      const facts = capability.kubevela!;
      derived[facts.parametersDerived] = (derived[facts.parametersDerived] ?? 0) + 1;
      if (entry.format === 'cue') assert.equal(facts.parametersDerived, 'cue', `${entry.file}: ${facts.parametersProblem}`);
      if (entry.format === 'terraform' || entry.format === 'helm') assert.match(facts.parametersProblem ?? '', /not read offline/);
      if (entry.top_level_parameters) {
        const schema = capability.versions[0]!.schema!;
        assert.deepEqual(Object.keys((schema['properties'] as object | undefined) ?? {}).sort(), [...entry.top_level_parameters].sort(), `${entry.file} ${entry.name}`);
        // `parameter: {}` (the raw component: its properties are a whole object) is any struct in CUE;
        // INDEX.json counts it as closed with no parameters.
        if (entry.top_level_parameters.length > 0) assert.equal(schema['x-kubernetes-preserve-unknown-fields'] === true, entry.parameter_struct_open === true, `${entry.file} ${entry.name}: open`);
        compared++;
      }
    }
    console.log(`corpus KubeVela definitions: ${definitions.length} read, parameters ${JSON.stringify(derived)}; ${compared} with INDEX.json's top-level parameters, all equal`);
    assert.ok(definitions.length >= 500);
  });

  it('reads every CUE file of the corpus without throwing', () => {
    const files = allCorpusFiles(corpusPath('kubevela')).filter((f) => f.endsWith('.cue'));
    let definitions = 0;
    for (const file of files) definitions += contributionOfCueDefinitions(fileUri(file), readFileSync(file, 'utf8'), 'workspace')?.capabilities.length ?? 0;
    console.log(`corpus KubeVela CUE files: ${files.length} read, ${definitions} definitions`);
    assert.ok(files.length > 150 && definitions > 150);
  });

  it('covers every Application', () => {
    console.log(
      `corpus KubeVela Applications: ${outcome.valid} valid with no finding, ${outcome.validWithExtras} valid in INDEX.json with reviewed findings beyond it, ` +
        `${outcome.invalid} invalid with all ${outcome.expectedFindings} INDEX.json findings, ${outcome.extraFindings} reviewed findings beyond INDEX.json and nothing else; ` +
        `${apps.length} Applications, ${outcome.refs} type references, ${elapsed.toFixed(0)} ms`,
    );
    assert.equal(outcome.valid + outcome.validWithExtras + outcome.invalid, apps.length);
  });
});

function allCorpusFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? allCorpusFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}
