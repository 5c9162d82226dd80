/**
 * Every Dapr Component in the corpus INDEX.json gets its expected outcome against the catalogue made of
 * all 141 metadata.yaml files (with the built-in authentication profiles): no error, and exactly the
 * warnings the index lists (undeclared metadata names, required metadata missing); the "info" grades
 * (metadata the runtime handles for a whole building block) are not reported. The 8 components the
 * index cannot resolve (`unresolved-type`) resolve through the alias table, with no error. Every Dapr
 * app (an annotated Deployment) is clean.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { corpusAvailable, corpusPath, loadIndex } from '../support/corpus';
import { corpusPlatform } from '../support/corpusPlatform';

function metadataFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'tests' ? [] : metadataFiles(path);
    return entry.name === 'metadata.yaml' || entry.name === 'builtin-authentication-profiles.yaml' ? [path] : [];
  });
}

/** `warning: ['a', 'b'] not declared in …` → ['a', 'b']. */
function names(finding: string): string[] {
  return [...(/\[([^\]]*)\]/.exec(finding)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

describe('corpus: Dapr components and apps', { skip: corpusAvailable ? false : 'the shared corpus is not beside this checkout' }, () => {
  const index = corpusAvailable ? loadIndex().dapr : { components: [], apps: [], catalogue: {} };
  const platform = corpusPlatform(corpusAvailable ? metadataFiles(corpusPath('dapr/components-contrib')) : []);
  const outcome = { clean: 0, warned: 0, aliased: 0, apps: 0, warnings: 0, disagreements: [] as string[] };

  function addedToBuiltinProfiles(type: string, version: string): string[] {
    const facts = platform.workspace.catalog.lookupType('dapr-component', type)?.versions.find((v) => v.name === version)?.dapr;
    return facts?.profiles.filter((p) => p.title === 'fields added to the built-in profiles').flatMap((p) => p.fields.map((f) => f.name)) ?? [];
  }

  it('catalogues every type/version the index lists', () => {
    const catalog = platform.workspace.catalog;
    const offered = catalog.byRole('dapr-component').flatMap((c) => c.versions.map((v) => `${c.kind}/${v.name}`));
    assert.deepEqual(offered.sort(), Object.keys(index.catalogue).sort());
    assert.equal(catalog.problems.length, 0, catalog.problems.map((p) => p.message).join('\n'));
  });

  for (const component of index.components) {
    it(`${component.manifest}#${component.doc} [${component.type} ${component.version}] is ${component.expect}`, () => {
      const findings = platform.check(corpusPath(component.manifest), component.doc);
      const describe = () => findings.map((f) => `${f.line}: ${f.severity} ${f.code} ${f.message}`).join('\n');
      assert.deepEqual(findings.filter((f) => f.severity === 'error'), [], describe());
      if (component.expect === 'unresolved-type') {
        outcome.aliased++;
        return;
      }
      // The index's script did not read the fields a metadata.yaml adds to a built-in profile
      // (`builtinAuthenticationProfiles[].metadata`, e.g. postgres's useAzureAD); Dapr's own metadata
      // tooling merges them into the profile, so they are declared and are deliberately not warned about.
      const added = addedToBuiltinProfiles(component.type, component.version);
      const undeclared = component.findings.filter((f) => f.startsWith('warning: [')).flatMap(names).filter((n) => {
        if (!added.includes(n)) return true;
        outcome.disagreements.push(`${component.manifest}: ${n}`);
        return false;
      });
      const missing = component.findings.filter((f) => f.startsWith('warning: required metadata missing')).flatMap(names);
      const actualUndeclared = findings.filter((f) => f.code === 'unknown-field').map((f) => /declares no metadata "([^"]+)"/.exec(f.message)?.[1]);
      const actualMissing = findings.filter((f) => f.code === 'missing-required').map((f) => /metadata "([^"]+)"/.exec(f.message)?.[1]);
      assert.deepEqual(actualUndeclared.sort(), undeclared.sort(), describe());
      assert.deepEqual(actualMissing.sort(), missing.sort(), describe());
      assert.equal(findings.length, undeclared.length + missing.length, describe());
      assert.ok(findings.every((f) => f.severity === 'warning'), describe());
      outcome.warnings += findings.length;
      if (findings.length > 0) outcome.warned++;
      else outcome.clean++;
    });
  }

  for (const app of index.apps) {
    it(`${app.manifest}#${app.doc} (app-id ${app.app_id}) is clean`, () => {
      const findings = platform.check(corpusPath(app.manifest), app.doc);
      assert.deepEqual(findings.map((f) => `${f.code} ${f.message}`), []);
      outcome.apps++;
    });
  }

  it('covers every component and app', () => {
    console.log(`corpus Dapr: ${outcome.clean} components clean, ${outcome.warned} with exactly the expected warnings (${outcome.warnings} warnings; ${outcome.disagreements.length} index warnings not given, the field being declared under builtinAuthenticationProfiles: ${outcome.disagreements.join(', ')}), ${outcome.aliased} unresolved-type resolved through the alias table with no error (of ${index.components.length}); ${outcome.apps} apps clean (of ${index.apps.length})`);
    assert.equal(outcome.clean + outcome.warned + outcome.aliased, index.components.length);
    assert.equal(outcome.apps, index.apps.length);
  });
});
