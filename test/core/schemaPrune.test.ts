/**
 * Large schemas are validated through validators pruned to each document's shape (core/schema/prune.ts):
 * they must report exactly what the whole schema reports, on the corpus' real provider CRDs and their
 * example manifests, as written and with deep mistakes added — and compile far faster.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { contributionOfText } from '#server/core/catalog/fromText';
import { Validators } from '#server/core/schema/validators';
import { corpusAvailable, corpusPath } from '../support/corpus';

const UPJET = 'crds/provider-upjet-aws';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

/** Deep mistakes: an unknown field, a wrong type and a removed required field, where the document allows. */
function mutations(value: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const forProvider = (value['spec'] as { forProvider?: Record<string, unknown> } | undefined)?.forProvider;
  if (!forProvider) return out;
  const unknown = structuredClone(value);
  (unknown['spec'] as { forProvider: Record<string, unknown> }).forProvider['bogusSetting'] = { nested: true };
  out.push(unknown);
  const key = Object.keys(forProvider).find((k) => typeof forProvider[k] === 'string');
  if (key) {
    const wrongType = structuredClone(value);
    (wrongType['spec'] as { forProvider: Record<string, unknown> }).forProvider[key] = 42;
    out.push(wrongType);
  }
  const listKey = Object.keys(forProvider).find((k) => Array.isArray(forProvider[k]) && typeof (forProvider[k] as unknown[])[0] === 'object');
  if (listKey) {
    const itemTypo = structuredClone(value);
    const item = ((itemTypo['spec'] as { forProvider: Record<string, unknown[]> }).forProvider[listKey]![0]) as Record<string, unknown>;
    item['notAField'] = 'x';
    out.push(itemTypo);
  }
  const withoutSpec = structuredClone(value);
  delete (withoutSpec['spec'] as Record<string, unknown>)['forProvider'];
  out.push(withoutSpec);
  return out;
}

describe('pruned validators of large schemas', { skip: corpusAvailable ? false : 'the shared corpus is not beside this checkout' }, () => {
  const crds = corpusAvailable ? files(corpusPath(join(UPJET, 'package', 'crds'))) : [];
  const examples = corpusAvailable ? files(corpusPath(join(UPJET, 'examples'))) : [];
  let compared = 0;

  for (const crdFile of crds) {
    it(`${crdFile.split('/').pop()}: same findings as the whole schema, compiled faster`, () => {
      const capability = contributionOfText('file:///crd.yaml', readFileSync(crdFile, 'utf8'), 'workspace').capabilities[0]!;
      const pruned = new Validators();
      const whole = new Validators({ pruneAboveNodes: Infinity });
      for (const file of examples) {
        for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
          const value = document.toJS() as Record<string, unknown> | null;
          if (!value || value['kind'] !== capability.kind || !String(value['apiVersion']).startsWith(`${capability.group}/`)) continue;
          const version = capability.versions.find((v) => `${capability.group}/${v.name}` === value['apiVersion'])!;
          const viaPruned = pruned.get(version);
          const viaWhole = whole.get(version);
          assert.ok(viaPruned.ok && viaWhole.ok);
          for (const candidate of [value, ...mutations(value)]) {
            const key = (errors: { keyword: string; instancePath: string; message?: string }[]) => errors.map((e) => `${e.keyword} ${e.instancePath} ${e.message}`).sort();
            const started = Date.now();
            const fromPruned = key(viaPruned.validate(structuredClone(candidate)));
            const prunedMs = Date.now() - started;
            assert.deepEqual(fromPruned, key(viaWhole.validate(structuredClone(candidate))), `${file} ${JSON.stringify(candidate).slice(0, 80)}`);
            assert.ok(prunedMs < 200, `a pruned compile and validation took ${prunedMs} ms`);
            compared++;
          }
        }
      }
    });
  }

  it('compared documents of every provider CRD', () => {
    console.log(`pruned vs whole schema: ${compared} documents compared`);
    assert.ok(compared >= 20, `${compared}`);
  });
});
