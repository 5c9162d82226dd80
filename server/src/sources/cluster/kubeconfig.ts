/**
 * Finds and reads the kubeconfig the way kubectl does, without loading @kubernetes/client-node (so the
 * server can tell whether a cluster is configured at no cost). kubectl's rules (client-go clientcmd
 * `ClientConfigLoadingRules`): an explicit file is read alone; otherwise every file in `KUBECONFIG` (path
 * list) is merged, the first file to define a cluster, user or context (or `current-context`) winning and
 * missing files skipped; otherwise `~/.kube/config`. Relative credential paths are relative to the file
 * that names them. The result holds only the selected context, its cluster and its user.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';

export interface KubeconfigOptions {
  /** An explicit kubeconfig file (setting `platformAware.kubeconfig`): read alone, as `kubectl --kubeconfig`. */
  path?: string;
  /** The context to use instead of the file's `current-context`. */
  context?: string;
  /** False in an untrusted workspace: a user that authenticates through an `exec` or `auth-provider` plugin is refused. */
  trusted: boolean;
  /** Defaults: process.env and the user's home directory (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  home?: string;
}

type Named = { name: string } & Record<string, unknown>;

/** A kubeconfig reduced to the one context in use (the shape client-node's `loadFromString` reads). */
export interface SelectedKubeconfig {
  files: string[];
  context: string;
  /** The context's own namespace, if it names one. */
  namespace: string | undefined;
  server: string;
  /** A kubeconfig document holding just this context, its cluster and its user. */
  config: Record<string, unknown>;
}

export type KubeconfigResult =
  | { ok: true; value: SelectedKubeconfig }
  | { ok: false; reason: 'none' | 'invalid' | 'untrusted'; message: string };

/** The kubeconfig files that exist, in kubectl's precedence order (empty: no cluster is configured). */
export function kubeconfigFiles(options: Pick<KubeconfigOptions, 'path' | 'env' | 'home'>): string[] {
  const env = options.env ?? process.env;
  if (options.path) return existsSync(options.path) ? [resolve(options.path)] : [];
  const list = env['KUBECONFIG'];
  if (list) return [...new Set(list.split(delimiter).filter(Boolean).map((p) => resolve(p)))].filter((p) => existsSync(p));
  const home = join(options.home ?? homedir(), '.kube', 'config');
  return existsSync(home) ? [home] : [];
}

export function loadKubeconfig(options: KubeconfigOptions): KubeconfigResult {
  const files = kubeconfigFiles(options);
  if (files.length === 0) return { ok: false, reason: 'none', message: options.path ? `kubeconfig ${options.path} does not exist` : 'no kubeconfig found (KUBECONFIG, ~/.kube/config)' };
  const read = mergeFiles(files);
  if (!read.ok) return { ok: false, reason: 'invalid', message: read.message };
  const merged = read.value;
  const contextName = options.context || merged.current;
  if (!contextName) return { ok: false, reason: 'invalid', message: `no current-context in ${files.join(', ')} and no context chosen` };
  const context = merged.contexts.get(contextName);
  if (!context) return { ok: false, reason: 'invalid', message: `context "${contextName}" is not in ${files.join(', ')}` };
  const ctx = record(context['context']);
  const cluster = merged.clusters.get(String(ctx['cluster']));
  const user = merged.users.get(String(ctx['user']));
  const server = record(cluster?.['cluster'])['server'];
  if (!cluster || typeof server !== 'string') return { ok: false, reason: 'invalid', message: `context "${contextName}" names no cluster with a server` };
  const userFields = record(user?.['user']);
  // An exec or auth-provider plugin runs a program named in the kubeconfig: never in an untrusted workspace.
  if (!options.trusted && ('exec' in userFields || 'auth-provider' in userFields)) {
    return { ok: false, reason: 'untrusted', message: `context "${contextName}" authenticates with an ${'exec' in userFields ? 'exec' : 'auth-provider'} plugin, which is not run in an untrusted workspace` };
  }
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [cluster],
    users: user ? [user] : [],
    contexts: [context],
    'current-context': contextName,
  };
  const namespace = typeof ctx['namespace'] === 'string' && ctx['namespace'] ? ctx['namespace'] : undefined;
  return { ok: true, value: { files, context: contextName, namespace, server, config } };
}

/** A context of the merged kubeconfig, for a picker: its name, cluster and own namespace. */
export interface KubeconfigContext {
  name: string;
  cluster: string;
  namespace?: string;
}

export interface KubeconfigContexts {
  files: string[];
  contexts: KubeconfigContext[];
  /** The merged `current-context`. */
  current?: string;
  /** Why the kubeconfig could not be read (a YAML error), when it could not. */
  message?: string;
}

/**
 * Every context of the kubeconfig kubectl would read, in file order (merged the same way). Reading the files
 * runs nothing, so this is safe in an untrusted workspace.
 */
export function listContexts(options: Pick<KubeconfigOptions, 'path' | 'env' | 'home'>): KubeconfigContexts {
  const files = kubeconfigFiles(options);
  const read = mergeFiles(files);
  if (!read.ok) return { files, contexts: [], message: read.message };
  const contexts = [...read.value.contexts.values()].map((named): KubeconfigContext => {
    const ctx = record(named['context']);
    const namespace = typeof ctx['namespace'] === 'string' && ctx['namespace'] ? ctx['namespace'] : undefined;
    return { name: named.name, cluster: typeof ctx['cluster'] === 'string' ? ctx['cluster'] : '', ...(namespace ? { namespace } : {}) };
  });
  return { files, contexts, ...(read.value.current ? { current: read.value.current } : {}) };
}

interface MergedKubeconfig {
  clusters: Map<string, Named>;
  users: Map<string, Named>;
  contexts: Map<string, Named>;
  current: string | undefined;
}

/** kubectl's merge: the first file to define a cluster, user or context (or `current-context`) wins. */
function mergeFiles(files: string[]): { ok: true; value: MergedKubeconfig } | { ok: false; message: string } {
  const merged: MergedKubeconfig = { clusters: new Map(), users: new Map(), contexts: new Map(), current: undefined };
  for (const file of files) {
    let raw: unknown;
    try {
      raw = parse(readFileSync(file, 'utf8'));
    } catch (error) {
      return { ok: false, message: `kubeconfig ${file}: ${(error as Error).message}` };
    }
    const doc = record(raw);
    for (const [key, field] of [['clusters', 'cluster'], ['users', 'user'], ['contexts', 'context']] as const) {
      for (const entry of Array.isArray(doc[key]) ? (doc[key] as unknown[]) : []) {
        const named = record(entry);
        const name = named['name'];
        // First definition wins, as in kubectl; later duplicates are ignored rather than an error.
        if (typeof name !== 'string' || merged[key].has(name)) continue;
        merged[key].set(name, { ...named, name, [field]: absolutePaths(record(named[field]), dirname(file)) });
      }
    }
    const current = doc['current-context'];
    if (merged.current === undefined && typeof current === 'string' && current) merged.current = current;
  }
  return { ok: true, value: merged };
}

/** Credential file paths relative to the kubeconfig that names them, as kubectl resolves them. */
function absolutePaths(fields: Record<string, unknown>, base: string): Record<string, unknown> {
  const out = { ...fields };
  for (const key of ['certificate-authority', 'client-certificate', 'client-key', 'tokenFile']) {
    const value = out[key];
    if (typeof value === 'string' && value && !isAbsolute(value)) out[key] = join(base, value);
  }
  return out;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
