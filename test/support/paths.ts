/** Paths tests share: the repo root (tests run from test/out/<layer>/) and the CLI entry. */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const CLI = join(REPO_ROOT, 'scripts', 'platform-aware.js');
export const CORPUS = resolve(REPO_ROOT, '..', 'shared', 'corpus');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}
