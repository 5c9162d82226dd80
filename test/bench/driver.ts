// Drives one language server through one benchmark file over LSP stdio and measures what a user waits for:
// open -> first diagnostics, one-character edit -> the diagnostics for that edit, completion at a parameter
// key, and the server process's RSS. Failures (server missing, crashing, hanging) end the run with a reason
// instead of failing the benchmark; whatever was measured before is kept.
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lspClient';
import { Editor, EditKind } from './edits';
import { Generated } from './generate';
import { isObject } from './platform';
import { sectionValue, ServerSpec } from './servers';

interface Publish {
  at: number;
  version: number | undefined;
  count: number;
}

/** LspClient plus what a benchmark needs: per-section configuration answers, a publish log, exit and timeout races. */
export class BenchClient extends LspClient {
  readonly exited: Promise<never>;
  private readonly logs = new Map<string, Publish[]>();

  constructor(spec: ServerSpec, cwd: string) {
    super({ command: spec.command, args: spec.args, cwd, env: { ...process.env, NODE_OPTIONS: '' } });
    // Replaces the base client's single-answer handler: each requested section gets its own value.
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => sectionValue(spec.settings, item.section)),
    );
    this.exited = new Promise<never>((_resolve, reject) => {
      this.process.once('error', (error: Error) => reject(new Error(`could not start: ${error.message}`)));
      this.process.once('exit', (code, signal) => {
        const lines = this.stderr.join('').split('\n').map((l) => l.trim()).filter((l) => l !== '');
        const fatal = lines.find((l) => /FATAL ERROR|out of memory|^\w*Error\b/.test(l));
        const tail = fatal ?? lines.slice(-3).join(' | ');
        reject(new Error(`server exited (${code ?? signal ?? '?'})${tail ? `: ${tail.slice(0, 300)}` : ''}`));
      });
    });
    this.exited.catch(() => undefined);
    // A server that dies mid-run must not take the benchmark with it: writes to its closed stdin end up here.
    this.process.stdin?.on('error', () => undefined);
    this.process.stdout?.on('error', () => undefined);
    this.connection.onError(() => undefined);
  }

  /** Records every publishDiagnostics for `uri` from now on (a waiter that never resolves sees them all). */
  record(uri: string): Publish[] {
    const log: Publish[] = this.logs.get(uri) ?? [];
    this.logs.set(uri, log);
    void this.diagnostics(
      uri,
      (p) => {
        log.push({ at: performance.now(), version: typeof p.version === 'number' ? p.version : undefined, count: p.diagnostics.length });
        return false;
      },
      { fresh: true },
    );
    return log;
  }

  /** `promise`, or a rejection when the server exits or `ms` pass first. */
  within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout: no ${what} within ${Math.round(ms / 1000)} s`)), ms);
    });
    return Promise.race([promise, this.exited, timeout]).finally(() => clearTimeout(timer));
  }

  /** Resolves once no publishDiagnostics arrived for `quietMs` (at most `maxMs`). */
  async quiet(log: Publish[], quietMs: number, maxMs: number): Promise<void> {
    const start = performance.now();
    for (;;) {
      const last = log.length > 0 ? log[log.length - 1].at : start;
      const now = performance.now();
      if (now - Math.max(last, start) >= quietMs || now - start >= maxMs) return;
      await sleep(Math.min(50, quietMs));
    }
  }

  rssKB(): { self: number; children: number } | undefined {
    const pid = this.process.pid;
    if (pid === undefined || this.process.exitCode !== null) return undefined;
    const self = vmRssKB(pid);
    if (self === undefined) return undefined;
    return { self, children: descendants(pid).reduce((sum, child) => sum + (vmRssKB(child) ?? 0), 0) };
  }
}

/** Starts the server, initializes it and shuts it down: undefined if that worked, else why not. */
export async function preflight(spec: ServerSpec, cwd: string, timeoutMs: number): Promise<string | undefined> {
  const client = new BenchClient(spec, cwd);
  try {
    await client.within(client.initialize(pathToFileURL(cwd).href, spec.initializationOptions), timeoutMs, 'initialize result');
    return undefined;
  } catch (error) {
    return message(error);
  } finally {
    await client.shutdown().catch(() => undefined);
    if (client.process.exitCode === null && client.process.signalCode === null) client.process.kill('SIGKILL');
  }
}

export interface RunOptions {
  /** Timed edits (the median's sample). */
  edits: number;
  /** Edits done before the "RSS after edits" reading (≥ edits). */
  rssEdits: number;
  completions: number;
  seed: number;
  /** Base time limit for one wait (open, edit, completion); scaled up for big files. */
  timeoutMs: number;
}

export interface RunResult {
  failure?: string;
  initializeMs?: number;
  probe?: string;
  openMs?: number;
  openDiagnostics?: number;
  openPublishes?: number;
  rssOpenKB?: number;
  editMs: number[];
  editKinds: EditKind[];
  rssEditsKB?: number;
  rssEditsCount?: number;
  childrenKB?: number;
  completion?: 'unsupported';
  completionMs: number[];
  completionItems?: number;
  finalDiagnostics?: number;
  reopen?: { same: boolean; incremental: number; fresh: number; examples: string[] };
  notes: string[];
}

export async function runServer(
  spec: ServerSpec,
  workspace: { dir: string; uri: string; fileUri: string; probeUri: string; probeText: string; probeErrorLine: number },
  generated: Generated,
  options: RunOptions,
  progress: (line: string) => void,
): Promise<RunResult> {
  const result: RunResult = { editMs: [], editKinds: [], completionMs: [], notes: [] };
  const client = new BenchClient(spec, workspace.dir);
  const fileLog = client.record(workspace.fileUri);
  const probeLog = client.record(workspace.probeUri);
  let sentVersion = 0;
  let stage = 'initialize';
  const step = (name: string): void => {
    stage = name;
    progress(name);
  };
  try {
    // --- start-up: initialize, configuration, then a probe file with one deliberate error to be sure the
    // schemas are in effect before anything is timed.
    let t0 = performance.now();
    const init = await client.within(client.initialize(workspace.uri, spec.initializationOptions), options.timeoutMs, 'initialize result');
    result.initializeMs = performance.now() - t0;
    const capabilities = isObject(init) && isObject(init.capabilities) ? init.capabilities : {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: spec.settings });
    stage = 'probe';
    if (spec.id === 'ours') {
      // Our server scans the workspace after initialize and announces the catalog; open nothing before that.
      t0 = performance.now();
      while (!client.notifications('platformAware/status').some((s) => isObject(s) && s.state === 'ready') && performance.now() - t0 < options.timeoutMs) {
        await sleep(20);
      }
      result.notes.push(
        client.notifications('platformAware/status').length > 0
          ? `catalog ready (platformAware/status) ${fmtMs(performance.now() - t0)} after initialized`
          : 'no platformAware/status "ready" notification after initialized',
      );
    }
    await client.open(workspace.probeUri, workspace.probeText, 1);
    try {
      // The probe's one deliberate error: a diagnostic must start on that line (an "unknown kind" elsewhere would not do).
      const onErrorLine = (p: PublishDiagnosticsParams): boolean => p.diagnostics.some((d) => d.range.start.line === workspace.probeErrorLine);
      await client.within(client.diagnostics(workspace.probeUri, onErrorLine), options.timeoutMs, 'diagnostic on the probe file');
      result.probe = 'ok';
    } catch (error) {
      result.probe = `no diagnostic on the probe file's deliberate error (${message(error)})`;
      result.notes.push(`probe: ${result.probe}; timings below may be of a server that does not validate`);
      if (client.process.exitCode !== null) throw error;
    }
    await client.close(workspace.probeUri);
    await client.quiet(probeLog, 200, 2000);

    // --- cold open
    const text = generated.text;
    const scaled = options.timeoutMs * Math.max(1, text.length / 500_000);
    step('open');
    t0 = performance.now();
    await client.open(workspace.fileUri, text, 1);
    sentVersion = 1;
    const first = await client.within(client.diagnostics(workspace.fileUri, () => true, { fresh: true }), scaled, 'diagnostics after open');
    result.openMs = performance.now() - t0;
    result.openDiagnostics = first.diagnostics.length;
    const rssOpen = client.rssKB();
    result.rssOpenKB = rssOpen?.self;
    await client.quiet(fileLog, 500, 30_000);
    const openPublishes = fileLog.filter((p) => p.version === undefined || p.version === 1);
    result.openPublishes = openPublishes.length;
    if (openPublishes.length > 1) {
      const last = openPublishes[openPublishes.length - 1];
      result.notes.push(`open: ${openPublishes.length} publishes for version 1 (first ${first.diagnostics.length} diagnostics, last ${last.count} at ${fmtMs(last.at - t0)})`);
    }
    const versioned = first.version !== undefined && first.version !== null;

    // --- one-character edits, each waited for
    const editor = new Editor(generated, options.seed);
    const editTimeout = Math.max(options.timeoutMs, (result.openMs ?? 0) * 10);
    const totalEdits = Math.max(options.edits, options.rssEdits);
    let latest: PublishDiagnosticsParams = first;
    let stale = 0;
    for (let i = 0; i < totalEdits; i++) {
      if (i % 10 === 0) step(`edit ${i + 1}/${totalEdits}`);
      const edit = editor.next();
      const version = ++sentVersion;
      const before = fileLog.length;
      t0 = performance.now();
      await client.change(workspace.fileUri, version, [{ range: edit.range, text: edit.inserted }]);
      const wanted = versioned
        ? client.diagnostics(workspace.fileUri, (p) => typeof p.version === 'number' && p.version >= version)
        : client.diagnostics(workspace.fileUri, () => true, { fresh: true });
      latest = await client.within(wanted, editTimeout, `diagnostics for edit ${i + 1} (${edit.kind})`);
      result.editMs.push(performance.now() - t0);
      result.editKinds.push(edit.kind);
      if (versioned) stale += fileLog.slice(before).filter((p) => p.version !== undefined && p.version < version).length;
      if (i + 1 === options.rssEdits) {
        const rss = client.rssKB();
        result.rssEditsKB = rss?.self;
        result.rssEditsCount = i + 1;
        result.childrenKB = rss?.children;
      }
    }
    if (result.rssEditsKB === undefined) {
      const rss = client.rssKB();
      result.rssEditsKB = rss?.self;
      result.rssEditsCount = totalEdits;
      result.childrenKB = rss?.children;
    }
    if (stale > 0) result.notes.push(`edits: ${stale} publishes for an older version arrived after a newer version was sent`);
    result.finalDiagnostics = latest.diagnostics.length;

    // --- completion at a parameter key
    if (capabilities.completionProvider === undefined || capabilities.completionProvider === null) {
      result.completion = 'unsupported';
    } else {
      step('completion');
      for (let i = 0; i < options.completions; i++) {
        const position = editor.completionPosition();
        if (!position) break;
        t0 = performance.now();
        const answer: unknown = await client.within(
          client.connection.sendRequest('textDocument/completion', { textDocument: { uri: workspace.fileUri }, position, context: { triggerKind: 1 } }),
          editTimeout,
          'completion result',
        );
        result.completionMs.push(performance.now() - t0);
        if (i === 0) result.completionItems = Array.isArray(answer) ? answer.length : isObject(answer) && Array.isArray(answer.items) ? answer.items.length : 0;
      }
    }

    // --- consistency: close and reopen the final text; the fresh diagnostics must equal the incremental ones
    step('reopen check');
    await client.quiet(fileLog, 300, 10_000);
    const incremental = client.latestDiagnostics(workspace.fileUri)?.diagnostics ?? latest.diagnostics;
    await client.close(workspace.fileUri);
    await client.within(client.diagnostics(workspace.fileUri, (p) => p.diagnostics.length === 0, { fresh: true }), 2000, 'clear on close').catch(() => undefined);
    const reopenVersion = ++sentVersion;
    await client.open(workspace.fileUri, editor.text, reopenVersion);
    await client.within(
      versioned
        ? client.diagnostics(workspace.fileUri, (p) => typeof p.version === 'number' && p.version >= reopenVersion)
        : client.diagnostics(workspace.fileUri, () => true, { fresh: true }),
      scaled,
      'diagnostics after reopen',
    );
    await client.quiet(fileLog, 500, 30_000);
    const fresh = client.latestDiagnostics(workspace.fileUri)?.diagnostics ?? [];
    result.reopen = compare(incremental, fresh);
  } catch (error) {
    result.failure = `${stage.replace(/ \d+\/\d+$/, '')}: ${message(error)}`;
  } finally {
    await client.shutdown().catch(() => undefined);
    if (client.process.exitCode === null && client.process.signalCode === null) client.process.kill('SIGKILL');
  }
  return result;
}

function key(d: Diagnostic): string {
  const r = d.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${String(d.code ?? '')} ${d.message}`;
}

function compare(incremental: Diagnostic[], fresh: Diagnostic[]): NonNullable<RunResult['reopen']> {
  const count = (list: Diagnostic[]): Map<string, number> => {
    const map = new Map<string, number>();
    for (const d of list) map.set(key(d), (map.get(key(d)) ?? 0) + 1);
    return map;
  };
  const a = count(incremental);
  const b = count(fresh);
  const examples: string[] = [];
  for (const [k, n] of a) if ((b.get(k) ?? 0) < n) examples.push(`only incremental: ${k}`);
  for (const [k, n] of b) if ((a.get(k) ?? 0) < n) examples.push(`only fresh: ${k}`);
  return { same: examples.length === 0, incremental: incremental.length, fresh: fresh.length, examples: examples.slice(0, 6) };
}

function vmRssKB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Every process below `pid` (a server may fork workers; their memory is the server's too). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(name));
      parents.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const child of parents.get(p) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function fmtMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
