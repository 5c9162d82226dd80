/** The `platform-aware` command line: `check` for CI, `status` for the cluster's view, `lsp --stdio` for any LSP client. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { RuleCode } from '../core/checks/rules';
import { packageRoot } from '../sources/sample';
import { runCheck } from './check';
import { runStatus } from './status';

const USAGE = `Usage:
  platform-aware check [PATH...] [--catalog DIR]... [--format text|json|sarif]
                       [--kubeconfig FILE] [--context NAME] [--cluster-timeout SECONDS] [--offline]
  platform-aware status [PATH...] [--catalog DIR]... [--format text|json] [--watch]
                        [--kubeconfig FILE] [--context NAME] [--cluster-timeout SECONDS] [--offline]
  platform-aware lsp --stdio

check   validates the YAML manifests under each PATH (default: .) against the platform's capabilities:
        definitions under the PATHs and the --catalog DIRs, and what the cluster of the kubeconfig
        context offers (--kubeconfig FILE, else KUBECONFIG, else ~/.kube/config; --context NAME, else the
        current context) when it answers within --cluster-timeout seconds (default 10). An unreachable
        cluster is one warning on stderr, never a failure; --offline contacts no cluster.
        Exit status: 0 no error, 1 at least one error-severity finding, 2 usage or I/O failure.
status  prints the live state on the cluster of every instance (claim, XR, custom resource, KubeVela
        Application) the manifests under each PATH declare, found as check finds them: Ready,
        Progressing, Failed, Missing or Unknown, with the reason, the message and the composed resources.
        text: "file:line: Kind namespace/name  State (reason): message" (line 1-based, the kind's), the
        children indented, then "N/M ready". json: an array of { file, line (1-based), apiVersion, kind,
        namespace, name, state, reason, message, children[] } (null when there is none).
        --watch: each instance once, then a line per change (text: "HH:MM:SS file:line Kind ns/name
        State (reason)"; json: one object per line) until interrupted (Ctrl-C).
        No cluster (none configured, unreachable, or --offline): every instance is Unknown (NoCluster),
        one warning on stderr, and --watch does not wait.
        Exit status: 0 every instance Ready (or none declared), 1 otherwise (on interrupt: at that
        moment), 2 usage or I/O failure.
lsp     starts the language server on stdin/stdout.
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'lsp') {
    if (!rest.includes('--stdio')) {
      process.stderr.write('platform-aware: lsp needs --stdio (the only transport this command offers)\n');
      return 2;
    }
    const { startServer } = await import('../lsp/main.js');
    startServer();
    return new Promise<number>(() => undefined); // The server runs until its client says exit.
  }
  if (command === '--version' || command === 'version') {
    process.stdout.write(`${toolVersion()}\n`);
    return 0;
  }
  if (command !== 'check' && command !== 'status') {
    process.stderr.write(command === undefined || command === '--help' || command === 'help' ? USAGE : `platform-aware: unknown command "${command}"\n\n${USAGE}`);
    return command === '--help' || command === 'help' ? 0 : 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        catalog: { type: 'string', multiple: true, default: [] },
        format: { type: 'string', default: 'text' },
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        'cluster-timeout': { type: 'string', default: '10' },
        offline: { type: 'boolean', default: false },
        ...(command === 'status' ? { watch: { type: 'boolean', default: false } as const } : {}),
      },
    });
  } catch (error) {
    process.stderr.write(`platform-aware: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const format = parsed.values.format;
  if (command === 'status' ? format !== 'text' && format !== 'json' : format !== 'text' && format !== 'json' && format !== 'sarif') {
    process.stderr.write(`platform-aware: --format must be ${command === 'status' ? 'text or json' : 'text, json or sarif'}, not "${format}"\n`);
    return 2;
  }
  const timeout = Number(parsed.values['cluster-timeout']);
  if (!(timeout > 0)) {
    process.stderr.write(`platform-aware: --cluster-timeout must be a positive number of seconds, not "${parsed.values['cluster-timeout']}"\n`);
    return 2;
  }
  const { kubeconfig, context, offline } = parsed.values;
  const cluster = offline ? undefined : { kubeconfig, context, timeoutMs: timeout * 1000 };
  const paths = parsed.positionals.length ? parsed.positionals : ['.'];
  const catalogs = parsed.values.catalog ?? [];
  if (command === 'status') return status({ paths, catalogs, format: format as 'text' | 'json', watch: (parsed.values as { watch?: boolean }).watch === true, cluster });
  const outcome = await runCheck({ paths, catalogs, format: format as 'text' | 'json' | 'sarif', cluster }, toolVersion(), rulesDocUrl);
  const written = Promise.all([write(process.stdout, outcome.stdout), write(process.stderr, outcome.stderr)]);
  if (outcome.hasPendingClusterRequests) {
    // A cluster request the timeout gave up on would keep the process alive for up to a minute.
    await written;
    process.exit(outcome.exitCode);
  }
  return outcome.exitCode;
}

async function status(args: Parameters<typeof runStatus>[0]): Promise<number> {
  let interrupt = (): void => undefined;
  const interrupted = new Promise<void>((resolveInterrupt) => (interrupt = resolveInterrupt));
  // Under --watch, Ctrl-C (or a TERM) ends the watch cleanly with the exit status of that moment.
  if (args.watch) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, interrupt);
  const outcome = await runStatus(args, { out: (text) => write(process.stdout, text), err: (text) => write(process.stderr, text), interrupted });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeListener(signal, interrupt);
  // A cluster request the timeout gave up on would keep the process alive for up to a minute.
  if (outcome.hasPendingClusterRequests) process.exit(outcome.exitCode);
  return outcome.exitCode;
}

/** Resolves once the text is handed to the stream's file descriptor (a pipe may take it asynchronously). */
function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolveWrite) => stream.write(text, () => resolveWrite()));
}

function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function rulesDocUrl(code: RuleCode): string {
  return `${pathToFileURL(join(packageRoot(), 'docs', 'rules.md')).href}#${code}`;
}

// Run directly (`node server/out/cli/main.js …`) as well as through scripts/platform-aware.js.
if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
