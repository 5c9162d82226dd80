/** The `platform-aware` command line: `check` for CI, `lsp --stdio` for any LSP client. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { RuleCode } from '../core/checks/rules';
import { packageRoot } from '../sources/sample';
import { runCheck } from './check';

const USAGE = `Usage:
  platform-aware check [PATH...] [--catalog DIR]... [--format text|json|sarif]
  platform-aware lsp --stdio

check   validates the YAML manifests under each PATH (default: .) against the platform's capabilities.
        Exit status: 0 no error, 1 at least one error-severity finding, 2 usage or I/O failure.
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
  if (command !== 'check') {
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
      },
    });
  } catch (error) {
    process.stderr.write(`platform-aware: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const format = parsed.values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    process.stderr.write(`platform-aware: --format must be text, json or sarif, not "${format}"\n`);
    return 2;
  }
  const outcome = await runCheck({ paths: parsed.positionals.length ? parsed.positionals : ['.'], catalogs: parsed.values.catalog ?? [], format }, toolVersion(), rulesDocUrl);
  process.stdout.write(outcome.stdout);
  process.stderr.write(outcome.stderr);
  return outcome.exitCode;
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
