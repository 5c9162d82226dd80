/**
 * The `platformAware.*` settings, parsed defensively into one typed object (STYLE: "Settings are parsed
 * once"). Keep in sync with package.json `contributes.configuration`: test/core/settings.test.ts compares
 * keys, types and defaults.
 */
export interface Settings {
  catalog: { paths: string[] };
  validate: { enable: boolean; unknownFields: 'warning' | 'error' | 'ignore' };
  provision: { target: 'file' | 'document' };
  trace: { server: 'off' | 'messages' | 'verbose' };
  /** A kubeconfig file read alone (machine scope: a workspace must not redirect credentials); '' = KUBECONFIG or ~/.kube/config. */
  kubeconfig: string;
  /** The kubeconfig context; '' = its current-context. */
  context: string;
  /** The namespace of workspace instances; '' = the context's. */
  namespace: string;
  cluster: { enable: boolean };
  /** The server's heap limit in MB: the client starts the server with it (client/src/serverNodeOptions.ts). */
  server: { maxMemory: number };
}

export const DEFAULT_SETTINGS: Settings = {
  catalog: { paths: [] },
  validate: { enable: true, unknownFields: 'warning' },
  provision: { target: 'file' },
  trace: { server: 'off' },
  kubeconfig: '',
  context: '',
  namespace: '',
  cluster: { enable: true },
  server: { maxMemory: 1536 },
};

/** Smaller heaps than this cannot hold even the sample platform and a few files with room to collect. */
export const MIN_MAX_MEMORY_MB = 256;

/** The settings as package.json declares them: flat keys under `platformAware.` and their defaults. */
export function flatDefaults(): Record<string, unknown> {
  return {
    'catalog.paths': DEFAULT_SETTINGS.catalog.paths,
    'validate.enable': DEFAULT_SETTINGS.validate.enable,
    'validate.unknownFields': DEFAULT_SETTINGS.validate.unknownFields,
    'provision.target': DEFAULT_SETTINGS.provision.target,
    'trace.server': DEFAULT_SETTINGS.trace.server,
    kubeconfig: DEFAULT_SETTINGS.kubeconfig,
    context: DEFAULT_SETTINGS.context,
    namespace: DEFAULT_SETTINGS.namespace,
    'cluster.enable': DEFAULT_SETTINGS.cluster.enable,
    'server.maxMemory': DEFAULT_SETTINGS.server.maxMemory,
  };
}

export function parseSettings(raw: unknown): Settings {
  const section = record(raw);
  const catalog = record(section['catalog']);
  const validate = record(section['validate']);
  const trace = record(section['trace']);
  const provision = record(section['provision']);
  const cluster = record(section['cluster']);
  const server = record(section['server']);
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  return {
    catalog: { paths: Array.isArray(catalog['paths']) ? catalog['paths'].filter((p): p is string => typeof p === 'string' && p.trim() !== '') : DEFAULT_SETTINGS.catalog.paths },
    validate: {
      enable: typeof validate['enable'] === 'boolean' ? validate['enable'] : DEFAULT_SETTINGS.validate.enable,
      unknownFields: oneOf(validate['unknownFields'], ['warning', 'error', 'ignore'] as const, DEFAULT_SETTINGS.validate.unknownFields),
    },
    provision: { target: oneOf(provision['target'], ['file', 'document'] as const, DEFAULT_SETTINGS.provision.target) },
    trace: { server: oneOf(trace['server'], ['off', 'messages', 'verbose'] as const, DEFAULT_SETTINGS.trace.server) },
    kubeconfig: text(section['kubeconfig']),
    context: text(section['context']),
    namespace: text(section['namespace']),
    cluster: { enable: typeof cluster['enable'] === 'boolean' ? cluster['enable'] : DEFAULT_SETTINGS.cluster.enable },
    server: { maxMemory: typeof server['maxMemory'] === 'number' && Number.isFinite(server['maxMemory']) && server['maxMemory'] >= MIN_MAX_MEMORY_MB ? Math.round(server['maxMemory']) : DEFAULT_SETTINGS.server.maxMemory },
  };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}
