// `npm run bench`: our language server side by side with yaml-language-server 2.0.0 on generated
// multi-document files (PRODUCT §9, issue 7). Prints one table per file size; never fails on numbers.
//
//   node test/out/bench/main.js [--sizes 10,100,1000,5000] [--servers ours,yls] [--edits 30]
//        [--rss-edits 100] [--completions 20] [--seed 7] [--yls-max-size 5000] [--yls-full-edits-max 1000]
//        [--timeout 60] [--json FILE] [--keep]
//        [--only status] [--no-status] [--status-instances 1,5000] [--status-events 40] [--status-node-args "ARGS"]
//
// A server that is missing, crashes or hangs gets "n/a (reason)" in its column; the run goes on.
import { benchCatalog } from './catalog';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { SERVER_NODE_OPTIONS } from '#client/serverNodeOptions';
import { CORPUS } from '../support/paths';
import { parseAllDocuments } from 'yaml';
import { fmtMs, message, preflight, runServer, RunOptions, RunResult } from './driver';
import { EditKind } from './edits';
import { ERROR_TYPES, generate, Generated } from './generate';
import { DEPLOYMENT_SCHEMA, dispatcherSchema, fileNameFor, isObject, loadPlatform, Platform } from './platform';
import { nodeVersionOf, ourServer, SERVER_IDS, ServerId, ServerSpec, YLS_VERSION, ylsServer } from './servers';
import { median, ratio, summary, table } from './report';
import { benchProviderManifest, renderProviderManifest } from './providerManifest';
import { benchSchemaCompile, renderSchemaCompile } from './schemaCompile';
import { benchStatusFanout, renderStatusFanout, StatusFanoutOptions, StatusFanoutResult, statusFanoutAvailability } from './statusFanout';

interface Options extends RunOptions {
  sizes: number[];
  servers: ServerId[];
  ylsMaxSize: number;
  ylsFullEditsMax: number;
  oursEntry?: string;
  oursNodeArgs: string[];
  json?: string;
  keep: boolean;
  /** Also load a 1,000-CRD platform (catalog.ts) after the sizes. */
  catalog: boolean;
  /** Also measure the corpus' largest provider CRD (schemaCompile.ts). */
  schema: boolean;
  /** Documents of the side-by-side provider file (providerManifest.ts); 0 skips it. */
  providers: number;
  /** Status fan-out on the real API server (statusFanout.ts): after the rest when its binaries are built. */
  status: boolean;
  /** `--only status`: the status fan-out alone (it may build kube-apiserver and etcd first). */
  onlyStatus: boolean;
  statusInstances: number[];
  statusEvents: number;
  statusNodeArgs: string[];
}

const REPO = resolve(__dirname, '..', '..', '..');

/** Our server as the catalog and schema benches start it: the package's own launcher, over stdio, with the extension's node options. */
function oursServerSpec(): { command: string; args: string[] } {
  return { command: process.execPath, args: [...SERVER_NODE_OPTIONS, join(REPO, 'scripts', 'platform-aware.js'), 'lsp', '--stdio'] };
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    sizes: [10, 100, 1000, 5000],
    servers: [...SERVER_IDS],
    edits: 30,
    rssEdits: 100,
    completions: 20,
    seed: 7,
    timeoutMs: 60_000,
    ylsMaxSize: 5000,
    ylsFullEditsMax: 1000,
    oursNodeArgs: [],
    keep: false,
    catalog: true,
    schema: true,
    providers: 500,
    status: true,
    onlyStatus: false,
    statusInstances: [1, 5000],
    statusEvents: 40,
    statusNodeArgs: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = Number(value().replace(/[_,]/g, ''));
      if (!Number.isInteger(v) || v < 0) usage(`${flag} needs a whole number`);
      return v;
    };
    switch (flag) {
      case '--sizes':
        options.sizes = value().split(',').map((s) => Number(s.replace(/_/g, ''))).filter((n) => Number.isInteger(n) && n > 0);
        if (options.sizes.length === 0) usage('--sizes needs numbers, e.g. 10,100');
        break;
      case '--servers': {
        const ids = value().split(',').map((s) => s.trim());
        const unknown = ids.filter((s) => !(SERVER_IDS as readonly string[]).includes(s));
        if (unknown.length > 0) usage(`unknown server ${unknown.join(', ')} (known: ${SERVER_IDS.join(', ')})`);
        options.servers = ids as ServerId[]; // checked against SERVER_IDS just above
        break;
      }
      case '--edits':
        options.edits = Math.max(1, int());
        break;
      case '--rss-edits':
        options.rssEdits = int();
        break;
      case '--completions':
        options.completions = int();
        break;
      case '--seed':
        options.seed = int();
        break;
      case '--timeout':
        options.timeoutMs = Math.max(1, int()) * 1000;
        break;
      case '--yls-max-size':
        options.ylsMaxSize = int();
        break;
      case '--yls-full-edits-max':
        options.ylsFullEditsMax = int();
        break;
      case '--ours-entry':
        options.oursEntry = value();
        break;
      case '--ours-node-args':
        options.oursNodeArgs = value().split(' ').filter((a) => a !== '');
        break;
      case '--json':
        options.json = resolve(value());
        break;
      case '--no-schema':
        options.schema = false;
        break;
      case '--providers':
        options.providers = int();
        break;
      case '--no-catalog':
        options.catalog = false;
        break;
      case '--only': {
        const part = value();
        if (part !== 'status') usage(`--only knows one part: status (got ${part})`);
        options.onlyStatus = true;
        break;
      }
      case '--status':
        options.onlyStatus = true;
        break;
      case '--no-status':
        options.status = false;
        break;
      case '--status-instances':
        options.statusInstances = value().split(',').map((s) => Number(s.replace(/_/g, ''))).filter((n) => Number.isInteger(n) && n > 0);
        if (options.statusInstances.length === 0) usage('--status-instances needs numbers, e.g. 1,5000');
        break;
      case '--status-events':
        options.statusEvents = Math.max(1, int());
        break;
      case '--status-node-args':
        options.statusNodeArgs = value().split(' ').filter((a) => a !== '');
        break;
      case '--keep':
        options.keep = true;
        break;
      case '--help':
      case '-h':
        usage();
        break;
      default:
        usage(`unknown option ${argv[i]}`);
    }
  }
  return options;
}

function usage(problem?: string): never {
  const text = `usage: node test/out/bench/main.js [options]
  --sizes 10,100,1000,5000   documents per generated file
  --servers ours,yls         which servers to measure
  --edits 30                 timed one-character edits (median, min–max)
  --rss-edits 100            edits before the "RSS after edits" reading (yls: only up to --yls-full-edits-max documents)
  --completions 20           completion requests at a parameter key
  --seed 7                   generator seed
  --yls-max-size 5000        largest file yls is run on
  --yls-full-edits-max 1000  above this size yls does only the timed edits (its edits take seconds each)
  --timeout 60               seconds to wait for one answer (scaled up for big files)
  --ours-entry FILE          our server's entry, run as \`node FILE lsp --stdio\` (default server/out/cli/main.js)
  --ours-node-args "ARGS"    node options for our server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  --json FILE                also write the raw results as JSON
  --keep                     keep the temporary workspace (its path is printed)
  --no-catalog               skip the 1,000-CRD catalog load
  --no-schema                skip the largest provider CRD (schema compile, requests waiting meanwhile)
  --providers 500            managed resources of the corpus' provider CRDs in the side-by-side provider file (0: skip)
  --only status              only the status fan-out on the real kube-apiserver (alias --status); builds the
                             binaries with scripts/kube-assets.sh if needed. The default run includes it only when
                             they are already built, and says so otherwise
  --no-status                skip the status fan-out
  --status-instances 1,5000  watched instances per fan-out run
  --status-events 40         timed status events per fan-out run
  --status-node-args "ARGS"  node options for our server in the fan-out, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"`;
  if (problem) {
    console.error(`bench: ${problem}\n${text}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

function machine(ylsNode: string | undefined): string[] {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) model = match[1].trim();
  } catch {
    // not Linux: os.cpus() already has it
  }
  const yamlVersion = packageVersion(join(REPO, 'node_modules', 'yaml'));
  return [
    `cpu: ${model} · ${cpus().length} cores · ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `node: ${process.version} (bench, floor, our server, which runs with the extension's node options: ${SERVER_NODE_OPTIONS.join(' ')})${ylsNode ? ` · ${ylsNode} (yaml-language-server ${YLS_VERSION})` : ''}`,
    `yaml: ${yamlVersion} (floor: parseAllDocuments in the bench process)`,
    `load average at start: ${load()}${busy() ? ' — the machine is busy: expect noisy, slower figures' : ''}`,
  ];
}

function packageVersion(dir: string): string {
  try {
    const manifest: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return isObject(manifest) && typeof manifest.version === 'string' ? manifest.version : '?';
  } catch {
    return '?';
  }
}

function load(): string {
  return loadavg().map((l) => l.toFixed(2)).join(' ');
}

function busy(): boolean {
  return loadavg()[0] > cpus().length * 0.75;
}

/** A bare `yaml` parse of the same text: the floor any YAML server pays on open. */
function floor(text: string, runs: number): number[] {
  for (let i = 0; i < 3; i++) parseAllDocuments(text); // warm-up: JIT and the yaml module's first-use costs
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    parseAllDocuments(text);
    out.push(performance.now() - t0);
  }
  return out;
}

function writeSchemas(platform: Platform, dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const claim of platform.claims) {
    writeFileSync(join(dir, fileNameFor(claim)), JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...claim.documentSchema }, null, 2));
  }
  writeFileSync(join(dir, 'deployment.schema.json'), JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...DEPLOYMENT_SCHEMA }, null, 2));
  const dispatcher = join(dir, 'dispatcher.schema.json');
  writeFileSync(dispatcher, JSON.stringify(dispatcherSchema(platform), null, 2));
  return pathToFileURL(dispatcher).href;
}

/** The line of the last key of a dotted path (the probe's deliberate error), -1 if not found. */
function lineOfKey(text: string, path: string | undefined): number {
  const key = path?.split('.').pop();
  if (!key) return -1;
  const match = new RegExp(`^ +${key.replace(/[^\w-]/g, '')}:`, 'm').exec(text);
  return match ? text.slice(0, match.index).split('\n').length - 1 : -1;
}

function errorMix(g: Generated): string {
  const counts = ERROR_TYPES.map((t) => [t, g.errors.filter((e) => e.type === t).length] as const).filter(([, n]) => n > 0);
  return counts.map(([t, n]) => `${n} ${t}`).join(', ');
}

interface SizeResult {
  n: number;
  bytes: number;
  errors: number;
  floorMs: number[];
  runs: Partial<Record<ServerId, RunResult | { skipped: string }>>;
}

function statusOptions(options: Options): StatusFanoutOptions {
  return { instances: options.statusInstances, patches: options.statusEvents, concurrency: 64, nodeArgs: options.statusNodeArgs, keep: options.keep, log };
}

/** `--only status`: the machine, then the fan-out tables. */
async function mainStatusOnly(options: Options): Promise<void> {
  const started = performance.now();
  console.log(['Platform Aware benchmark — status fan-out (issue #7)', ...machine(undefined)].join('\n') + '\n');
  const status = await benchStatusFanout(REPO, statusOptions(options));
  console.log(renderStatusFanout(status, statusOptions(options)));
  console.log(`total time ${fmtMs(performance.now() - started)} · load average at the end: ${load()}`);
  if (options.json) writeFileSync(options.json, JSON.stringify({ status }, null, 2));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.onlyStatus) return mainStatusOnly(options);
  const started = performance.now();
  const platform = loadPlatform(REPO);
  const root = mkdtempSync(join(tmpdir(), 'pa-bench-'));
  const schemaUri = writeSchemas(platform, join(root, 'schemas'));

  const specs = new Map<ServerId, ServerSpec | { unavailable: string }>();
  for (const id of options.servers) specs.set(id, id === 'ours' ? ourServer(REPO, options.oursEntry, options.oursNodeArgs) : ylsServer(REPO, schemaUri, log));
  const preflightNotes: string[] = [];
  const ours = specs.get('ours');
  if (ours && 'command' in ours) {
    // The entry must start a server when run directly; if the default one does not, the package's bin
    // (scripts/platform-aware.js: the same process calls the CLI's main()) is measured instead, and that is said.
    const dir = mkdtempSync(join(root, 'preflight-'));
    const problem = await preflight(ours, dir, 20_000);
    if (problem && options.oursEntry === undefined) {
      const bin = ourServer(REPO, join('scripts', 'platform-aware.js'), options.oursNodeArgs);
      const binProblem = 'command' in bin ? await preflight(bin, dir, 20_000) : bin.unavailable;
      if (binProblem === undefined && 'command' in bin) {
        specs.set('ours', bin);
        preflightNotes.push(
          `ours: \`node server/out/cli/main.js lsp --stdio\` does not serve (${problem})` +
            (/exited \(0\)/.test(problem) ? ': main.js exports main() but nothing calls it when run directly; ' : '; ') +
            `measured as \`node scripts/platform-aware.js lsp --stdio\` (the package's bin; the spawned node process is the server)`,
        );
      } else {
        specs.set('ours', { unavailable: problem });
      }
    } else if (problem) {
      specs.set('ours', { unavailable: problem });
    }
  }
  const yls = specs.get('yls');
  const ylsNode = yls && 'command' in yls ? nodeVersionOf(yls.command) : undefined;

  const header = [
    'Platform Aware benchmark — our server vs yaml-language-server, same files, same schemas (PRODUCT §9)',
    ...machine(ylsNode),
    `platform: ${platform.claims.map((c) => `${c.kind} (${c.apiVersion})`).join(', ')} from ${platform.origin}`,
    `files: N documents alternating a claim and a Deployment reading its connection Secret via secretKeyRef; seed ${options.seed}; ~2 % of the documents (claims) carry one deliberate error each`,
    `edits: one-character incremental didChange at random places (digit, letter in enum value / key / Secret name, trailing space, "#---" -> "---" and back), each waited for; ` +
      `latency = didChange sent -> publishDiagnostics for that version (yls: its next publish; it debounces 200 ms and sends no version)`,
    `completion: textDocument/completion inside a parameter key of a random claim; RSS: VmRSS of the spawned server process itself`,
  ];
  console.log(header.join('\n'));
  for (const note of preflightNotes) console.log(note);
  for (const [id, spec] of specs) if ('unavailable' in spec) console.log(`${id}: n/a (${spec.unavailable})`);
  console.log('');

  const all: SizeResult[] = [];
  for (const n of options.sizes) {
    const generated = generate(platform, n, options.seed);
    const probe = generate(platform, 2, options.seed + 1);
    const dir = join(root, `n${n}`);
    for (const file of platform.files) {
      mkdirSync(dirname(join(dir, 'platform', file.name)), { recursive: true });
      writeFileSync(join(dir, 'platform', file.name), file.text);
    }
    // The file is opened but never written to disk: our server's workspace scan cannot have read it before
    // the timed open, so the open is cold for both servers.
    const filePath = join(dir, `bench-${n}.yaml`);
    mkdirSync(join(root, 'files'), { recursive: true });
    writeFileSync(join(root, 'files', `bench-${n}.yaml`), generated.text); // outside every workspace, for --keep
    const workspace = {
      dir,
      uri: pathToFileURL(dir).href,
      fileUri: pathToFileURL(filePath).href,
      probeUri: pathToFileURL(join(dir, 'probe.yaml')).href,
      probeText: probe.text,
      probeErrorLine: lineOfKey(probe.text, probe.errors[0]?.path),
    };
    const size: SizeResult = {
      n,
      bytes: Buffer.byteLength(generated.text),
      errors: generated.errors.length,
      floorMs: floor(generated.text, n >= 5000 ? 5 : 7),
      runs: {},
    };
    log(`N=${n}: ${(size.bytes / 1024).toFixed(0)} KB, ${generated.errors.length} deliberate errors (${errorMix(generated)}); floor ${fmtMs(median(size.floorMs))}`);
    for (const id of options.servers) {
      const spec = specs.get(id)!;
      if ('unavailable' in spec) {
        size.runs[id] = { skipped: spec.unavailable };
        continue;
      }
      if (id === 'yls' && n > options.ylsMaxSize) {
        size.runs[id] = { skipped: `not run above ${options.ylsMaxSize} documents (--yls-max-size)` };
        continue;
      }
      const runOptions: RunOptions = { ...options };
      const capped = id === 'yls' && n > options.ylsFullEditsMax && options.rssEdits > options.edits;
      if (capped) runOptions.rssEdits = options.edits;
      const t0 = performance.now();
      log(`N=${n} ${spec.label}: starting`);
      let run: RunResult;
      try {
        run = await runServer(spec, workspace, generated, runOptions, (step) => log(`N=${n} ${spec.label}: ${step}`));
      } catch (error) {
        run = { failure: message(error), editMs: [], editKinds: [], completionMs: [], notes: [] };
      }
      if (capped) {
        run.notes.push(
          `capped above ${options.ylsFullEditsMax} documents (--yls-full-edits-max): ${options.edits} edits instead of ${options.rssEdits}, RSS read after them; each yls edit takes seconds here`,
        );
      }
      size.runs[id] = run;
      log(`N=${n} ${spec.label}: done in ${fmtMs(performance.now() - t0)}${run.failure ? ` — ${run.failure}` : ''}`);
    }
    all.push(size);
    console.log(renderSize(size, generated, options));
  }
  if (options.servers.includes('ours') && options.catalog) {
    log('catalog of 1,000 CRDs: ours');
    const catalog = await benchCatalog(oursServerSpec(), 1000);
    console.log(`catalog of ${catalog.crds} CRDs (${(catalog.bytes / 1024 / 1024).toFixed(1)} MB): initialize → catalog ready ${fmtMs(catalog.readyMs)} (target ≤ 3 s ${catalog.readyMs <= 3000 ? '✓' : '✗'}) · ${catalog.capabilities} capabilities · RSS ${catalog.rssMb.toFixed(0)} MB · a claim of the last CRD validated: ${catalog.lastKindValidated ? 'yes' : 'NO'}`);
  }
  if (options.providers > 0) {
    const providers = await benchProviderManifest(REPO, CORPUS, { documents: options.providers, edits: options.edits, seed: options.seed, servers: options.servers, oursEntry: options.oursEntry, oursNodeArgs: options.oursNodeArgs, timeoutMs: options.timeoutMs }, log);
    console.log(renderProviderManifest(providers));
  }
  if (options.servers.includes('ours') && options.schema) {
    log('provider CRDs: ours');
    console.log(renderSchemaCompile(await benchSchemaCompile(CORPUS, oursServerSpec())));
  }
  let status: StatusFanoutResult | undefined;
  if (options.status) {
    const available = statusFanoutAvailability(REPO);
    if (available.ok) {
      log('status fan-out: kube-apiserver + etcd');
      status = await benchStatusFanout(REPO, statusOptions(options));
      console.log(renderStatusFanout(status, statusOptions(options)));
    } else {
      console.log(`status fan-out: skipped (${available.reason})`);
    }
  }
  console.log(`total time ${fmtMs(performance.now() - started)} · load average at the end: ${load()}`);
  if (options.json) writeFileSync(options.json, JSON.stringify({ header, sizes: all, ...(status ? { status } : {}) }, null, 2));
  if (options.keep) console.log(`workspace kept at ${root}`);
  else rmSync(root, { recursive: true, force: true });
}

function renderSize(size: SizeResult, generated: Generated, options: Options): string {
  const at5000 = size.n >= 5000;
  const floorMs = median(size.floorMs);
  const ours = size.runs.ours;
  const yls = size.runs.yls;
  const run = (r: RunResult | { skipped: string } | undefined): RunResult | undefined => (r && !('skipped' in r) ? r : undefined);
  const o = run(ours);
  const y = run(yls);
  const na = (r: RunResult | { skipped: string } | undefined, what: string): string => {
    if (!r) return 'not run';
    if ('skipped' in r) return `n/a (${r.skipped})`;
    return r.failure ? `n/a (${r.failure})` : `n/a (${what})`;
  };
  const cell = (r: RunResult | { skipped: string } | undefined, value: number | undefined, f: (v: number) => string, what: string): string =>
    value === undefined ? na(r, what) : f(value);
  const stat = (r: RunResult | { skipped: string } | undefined, values: number[] | undefined, what: string): string => {
    const rr = run(r);
    if (rr?.completion === 'unsupported' && what === 'completion') return 'n/a (no completionProvider)';
    return values && values.length > 0 ? summary(values) : na(r, what === 'completion' ? 'no completion answered' : `no ${what} measured`);
  };
  const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
  const rssLabel = (r: RunResult | undefined): string => (r?.rssEditsCount !== undefined ? `${r.rssEditsCount}` : `${options.rssEdits}`);
  const rows: string[][] = [
    ['bare yaml parse (the floor)', `${fmtMs(floorMs)} (${fmtMs(Math.min(...size.floorMs))}–${fmtMs(Math.max(...size.floorMs))}, n=${size.floorMs.length})`, '', '', ''],
    [
      'open → first diagnostics',
      cell(ours, o?.openMs, (v) => `${fmtMs(v)} (${(v / floorMs).toFixed(1)}× floor)`, 'no diagnostics'),
      cell(yls, y?.openMs, (v) => `${fmtMs(v)} (${(v / floorMs).toFixed(1)}× floor)`, 'no diagnostics'),
      ratio(o?.openMs, y?.openMs),
      at5000 ? `≤ 1.5× floor = ${fmtMs(1.5 * floorMs)}${verdict(o?.openMs, 1.5 * floorMs)}` : '',
    ],
    [
      'edit → diagnostics, median (min–max)',
      stat(ours, o?.editMs, 'edits'),
      stat(yls, y?.editMs, 'edits'),
      ratio(o && median(o.editMs), y && median(y.editMs)),
      at5000 ? `≤ 30 ms${verdict(o && median(o.editMs), 30)}` : '',
    ],
    [
      'completion at a parameter key',
      stat(ours, o?.completionMs, 'completion'),
      stat(yls, y?.completionMs, 'completion'),
      ratio(o && median(o.completionMs), y && median(y.completionMs)),
      at5000 ? `≤ 20 ms${verdict(o && median(o.completionMs), 20)}` : '',
    ],
    ['RSS after open', cell(ours, o?.rssOpenKB, mb, 'not read'), cell(yls, y?.rssOpenKB, mb, 'not read'), ratio(o?.rssOpenKB, y?.rssOpenKB), ''],
    [
      `RSS after edits (ours ${rssLabel(o)} / yls ${rssLabel(y)})`,
      cell(ours, o?.rssEditsKB, mb, 'not read'),
      cell(yls, y?.rssEditsKB, mb, 'not read'),
      ratio(o?.rssEditsKB, y?.rssEditsKB),
      at5000 ? `≤ 300 MB after 100${verdict(o?.rssEditsKB === undefined ? undefined : o.rssEditsKB / 1024, 300)}` : '',
    ],
    [
      'diagnostics: after open / after edits',
      o?.openDiagnostics !== undefined ? `${o.openDiagnostics} / ${o.finalDiagnostics ?? '?'}` : na(ours, '—'),
      y?.openDiagnostics !== undefined ? `${y.openDiagnostics} / ${y.finalDiagnostics ?? '?'}` : na(yls, '—'),
      '',
      `${size.errors} deliberate`,
    ],
    [
      'reopen gives the same diagnostics',
      o?.reopen ? (o.reopen.same ? 'yes' : `NO (${o.reopen.incremental} vs ${o.reopen.fresh} fresh)`) : na(ours, 'not checked'),
      y?.reopen ? (y.reopen.same ? 'yes' : `NO (${y.reopen.incremental} vs ${y.reopen.fresh} fresh)`) : na(yls, 'not checked'),
      '',
      '',
    ],
  ];
  const lines = [
    `N = ${size.n.toLocaleString('en-US')} documents · ${(size.bytes / 1024).toFixed(0)} KB · ${size.errors} deliberate errors (${errorMix(generated)}) · load average ${load()}`,
    table(['', 'ours', `yls ${YLS_VERSION}`, 'ours/yls', 'target (PRODUCT §9, at 5,000)'], rows),
  ];
  for (const [id, r] of [['ours', o], ['yls', y]] as const) {
    if (!r) continue;
    const details: string[] = [];
    if (r.editMs.length > 0) details.push(`edit medians by kind: ${byKind(r.editMs, r.editKinds)}`);
    if (r.completionItems !== undefined) details.push(`completion items at the first request: ${r.completionItems}`);
    if (r.childrenKB) details.push(`child processes: ${mb(r.childrenKB)} RSS more`);
    details.push(`initialize ${r.initializeMs === undefined ? '?' : fmtMs(r.initializeMs)}; probe ${r.probe ?? '?'}`);
    if (r.failure) details.push(`FAILED: ${r.failure}`);
    details.push(...r.notes);
    if (r.reopen && !r.reopen.same) details.push(...r.reopen.examples.map((e) => `reopen differs — ${e}`));
    lines.push(...details.map((d) => `  ${id}: ${d}`));
  }
  if (generated.impossible.length > 0) lines.push(`  generator: no claim kind can carry ${generated.impossible.join(', ')}`);
  if (generated.unintended.length > 0) lines.push(`  generator: ${generated.unintended.length} claims meant valid fail their schema, e.g. ${generated.unintended[0]}`);
  return lines.join('\n') + '\n';
}

function verdict(value: number | undefined, target: number): string {
  if (value === undefined || !Number.isFinite(value)) return '';
  return value <= target ? ' ✓' : ' ✗';
}

function byKind(ms: number[], kinds: EditKind[]): string {
  const groups = new Map<EditKind, number[]>();
  kinds.forEach((k, i) => groups.set(k, [...(groups.get(k) ?? []), ms[i]]));
  return [...groups].map(([k, v]) => `${k} ${fmtMs(median(v))} (n=${v.length})`).join(', ');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
