/** The embedded sample platform (server/sample-platform/), loaded from the extension's or package's files. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contributionOfText } from '../core/catalog/fromText';
import type { Contribution } from '../core/catalog/types';

/** server/out/sources (tsc), dist (esbuild bundle): both sit at a fixed depth below the package root. */
function samplePlatformDir(): string | undefined {
  for (const candidate of [resolve(__dirname, '../../sample-platform'), resolve(__dirname, '../server/sample-platform')]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function loadSamplePlatform(): Contribution | undefined {
  const dir = samplePlatformDir();
  if (!dir) return undefined;
  const out: Contribution = { capabilities: [], compositions: [], problems: [] };
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    const path = join(dir, name);
    const part = contributionOfText(pathToFileURL(path).href, readFileSync(path, 'utf8'), 'sample');
    out.capabilities.push(...part.capabilities);
    out.compositions.push(...part.compositions);
    out.problems.push(...part.problems);
  }
  return out;
}

/** The package root (where docs/ lives), for links to the rules' documentation. */
export function packageRoot(): string {
  const dir = samplePlatformDir();
  return dir ? resolve(dir, '../..') : resolve(__dirname, '../../..');
}
