/** package.json's contributed settings and lsp/settings.ts must agree (keys, types, defaults, enums). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, flatDefaults, parseSettings } from '#server/lsp/settings';
import { REPO_ROOT } from '../support/paths';

interface Declared {
  type: string;
  default: unknown;
  enum?: string[];
  scope?: string;
}

describe('settings', () => {
  const declared = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Declared> } } }).contributes.configuration.properties;

  it('declares exactly the keys the server reads, with the same defaults and types', () => {
    const fromPackage = Object.fromEntries(Object.entries(declared).map(([key, value]) => [key.replace(/^platformAware\./, ''), value.default]));
    assert.deepEqual(fromPackage, flatDefaults());
    for (const [key, value] of Object.entries(flatDefaults())) {
      const type = Array.isArray(value) ? 'array' : typeof value;
      assert.equal(declared[`platformAware.${key}`]!.type, type, key);
    }
  });

  it('gives every key a scope and a description', () => {
    for (const [key, value] of Object.entries(declared)) {
      assert.ok(value.scope, `${key} has a scope`);
      assert.ok((value as { description?: string; markdownDescription?: string }).description ?? (value as { markdownDescription?: string }).markdownDescription, `${key} has a description`);
    }
  });

  it('accepts every declared enum value and falls back to the default for anything else', () => {
    for (const value of declared['platformAware.validate.unknownFields']!.enum!) {
      assert.equal(parseSettings({ validate: { unknownFields: value } }).validate.unknownFields, value);
    }
    assert.deepEqual(parseSettings({ validate: { unknownFields: 'loud', enable: 'yes' }, catalog: { paths: [1, 'platform', ''] } }), {
      ...DEFAULT_SETTINGS,
      catalog: { paths: ['platform'] },
    });
    assert.deepEqual(parseSettings(null), DEFAULT_SETTINGS);
  });
});
