/** package.json's contributed settings and lsp/settings.ts must agree (keys, types, defaults, enums). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_MAX_MEMORY_MB, MIN_MAX_MEMORY_MB, serverNodeOptions } from '#client/serverNodeOptions';
import { HeapWatch } from '#server/lsp/heapWatch';
import { DEFAULT_SETTINGS, flatDefaults, MIN_MAX_MEMORY_MB as SERVER_MIN_MAX_MEMORY_MB, parseSettings } from '#server/lsp/settings';
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

describe('the language server memory limit (platformAware.server.maxMemory)', () => {
  it('the client starts the server with the setting, and its defaults are the declared ones', () => {
    assert.equal(DEFAULT_MAX_MEMORY_MB, DEFAULT_SETTINGS.server.maxMemory);
    assert.equal(MIN_MAX_MEMORY_MB, SERVER_MIN_MAX_MEMORY_MB);
    const declared = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { minimum?: number; scope?: string }> } } }).contributes.configuration.properties['platformAware.server.maxMemory']!;
    assert.equal(declared.minimum, MIN_MAX_MEMORY_MB);
    assert.equal(declared.scope, 'machine', 'a workspace cannot set how much memory the server takes');
    assert.deepEqual(serverNodeOptions(4096), ['--max-old-space-size=4096']);
    for (const bad of [undefined, null, 'big', 100, Number.NaN, -1]) assert.deepEqual(serverNodeOptions(bad), [`--max-old-space-size=${DEFAULT_MAX_MEMORY_MB}`], String(bad));
    assert.equal(parseSettings({ server: { maxMemory: 100 } }).server.maxMemory, DEFAULT_MAX_MEMORY_MB);
    assert.equal(parseSettings({ server: { maxMemory: 3000 } }).server.maxMemory, 3000);
  });

  it('the server warns once when its heap is near the limit', () => {
    const said: string[] = [];
    let used = 500;
    const watch = new HeapWatch((message) => said.push(message), () => ({ used_heap_size: used * 1024 * 1024, heap_size_limit: 1536 * 1024 * 1024 }));
    watch.check();
    assert.deepEqual(said, []);
    used = 1400;
    watch.check();
    watch.check();
    assert.equal(said.length, 1);
    assert.match(said[0]!, /uses 1400 MB of its 1536 MB heap.*raise platformAware\.server\.maxMemory/);
  });
});
