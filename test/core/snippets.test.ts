/**
 * Every snippet in snippets/, with each placeholder filled by its default (or first choice), checks
 * clean against the embedded sample platform (STYLE: "Snippets are tested too").
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findingsOf, reportOf } from '../support/fixture';
import { REPO_ROOT } from '../support/paths';

interface Snippet {
  prefix: string[];
  body: string[];
}

/** VS Code snippet syntax → the text a user gets by accepting every default. */
export function expandDefaults(body: string): string {
  let text = body;
  for (let i = 0; i < 10; i++) {
    const next = text
      .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
      .replace(/\$\{\d+\}|\$\d+/g, '');
    if (next === text) break;
    text = next;
  }
  return text.replace(/\\\$/g, '$');
}

describe('snippets', () => {
  const snippets = JSON.parse(readFileSync(join(REPO_ROOT, 'snippets', 'yaml.json'), 'utf8')) as Record<string, Snippet>;

  it('are contributed for YAML in package.json', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { snippets: { language: string; path: string }[] } };
    assert.deepEqual(manifest.contributes.snippets, [{ language: 'yaml', path: './snippets/yaml.json' }]);
  });

  for (const [name, snippet] of Object.entries(snippets)) {
    it(`"${name}" with its defaults has no error`, () => {
      const text = expandDefaults(snippet.body.join('\n'));
      assert.doesNotMatch(text, /\$\{\d|\$\d/, 'every placeholder expanded');
      const errors = findingsOf(reportOf(text)).filter((f) => f.severity === 'error');
      assert.deepEqual(errors.map((f) => `${f.code} ${f.message}`), []);
    });
  }

  it('expands nested defaults and choices like VS Code does', () => {
    assert.equal(expandDefaults('name: ${8:${3:orders-db}-conn} p: ${7|aws,gcp|} $0 \\${x}'), 'name: orders-db-conn p: aws  ${x}');
  });
});
