// A minimal LSP client for tests and benchmarks: spawns a language server over stdio and speaks JSON-RPC
// to it through vscode-jsonrpc, recording every publishDiagnostics so tests can wait for an event
// instead of sleeping.
import { ChildProcess, spawn } from 'node:child_process';
import {
  createMessageConnection,
  MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import type { Diagnostic, MessageActionItem, PublishDiagnosticsParams, ShowMessageRequestParams } from 'vscode-languageserver-protocol';

export interface SpawnOptions {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

type Waiter = { uri: string; predicate: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

export class LspClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  readonly stderr: string[] = [];
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private waiters: Waiter[] = [];
  private readonly notificationLog: { method: string; params: unknown }[] = [];
  private notificationWaiters: { method: string; predicate: (params: unknown) => boolean; resolve: (params: unknown) => void }[] = [];

  constructor(options: SpawnOptions) {
    this.process = spawn(options.command, options.args, { cwd: options.cwd, env: options.env ?? process.env, stdio: 'pipe' });
    this.process.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.latest.set(params.uri, params);
      const ready = this.waiters.filter((w) => w.uri === params.uri && w.predicate(params));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(params);
    });
    this.connection.onNotification((method: string, params: unknown) => {
      this.notificationLog.push({ method, params });
      const ready = this.notificationWaiters.filter((w) => w.method === method && w.predicate(params));
      this.notificationWaiters = this.notificationWaiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(params);
    });
    // Servers may ask for configuration or register capabilities; answer like a plain editor would.
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    // Questions (window/showMessageRequest) are recorded and answered from `messageAnswers`, in order.
    this.connection.onRequest('window/showMessageRequest', (params: ShowMessageRequestParams): MessageActionItem | null => {
      this.messageRequests.push(params);
      const title = this.messageAnswers.shift() ?? null;
      for (const w of this.messageRequestWaiters.splice(0)) w(params);
      return title === null ? null : params.actions?.find((a) => a.title === title) ?? { title };
    });
    this.connection.listen();
  }

  /** Settings answered to `workspace/configuration` (the `platformAware` section). */
  settings: unknown = null;

  /** Every window/showMessageRequest received, in order. */
  readonly messageRequests: ShowMessageRequestParams[] = [];
  /** Titles to answer the next window/showMessageRequests with, in order; none left (or null): dismissed (null). */
  readonly messageAnswers: (string | null)[] = [];
  private messageRequestWaiters: ((params: ShowMessageRequestParams) => void)[] = [];

  /** Resolves with the next window/showMessageRequest (not one already received). */
  nextMessageRequest(): Promise<ShowMessageRequestParams> {
    return new Promise((resolve) => this.messageRequestWaiters.push(resolve));
  }

  /** window/showMessage notifications received so far (they are also in `notifications('window/showMessage')`). */
  shownMessages(): { type: number; message: string }[] {
    return this.notifications('window/showMessage') as { type: number; message: string }[];
  }

  notifications(method: string): unknown[] {
    return this.notificationLog.filter((n) => n.method === method).map((n) => n.params);
  }

  /** Resolves with the first notification of `method` (already received or to come) that satisfies `predicate`. */
  notification(method: string, predicate: (params: unknown) => boolean = () => true): Promise<unknown> {
    const seen = this.notificationLog.find((n) => n.method === method && predicate(n.params));
    if (seen) return Promise.resolve(seen.params);
    return new Promise((resolve) => this.notificationWaiters.push({ method, predicate, resolve }));
  }

  /** What the server answered to `initialize`. */
  initializeResult: unknown;

  async initialize(rootUri: string | null, initializationOptions?: unknown, capabilities: object = defaultCapabilities): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
      capabilities,
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    this.initializeResult = result;
    return result;
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the next publishDiagnostics for `uri` that satisfies `predicate` (or the latest one, if it already does). */
  diagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true, options: { fresh?: boolean } = {}): Promise<PublishDiagnosticsParams> {
    const current = this.latest.get(uri);
    if (!options.fresh && current && predicate(current)) return Promise.resolve(current);
    return new Promise((resolve) => this.waiters.push({ uri, predicate, resolve }));
  }

  /** Diagnostics for a document version (servers that report `version` let tests ignore stale results). */
  diagnosticsForVersion(uri: string, version: number): Promise<Diagnostic[]> {
    return this.diagnostics(uri, (p) => p.version === undefined || p.version >= version).then((p) => p.diagnostics);
  }

  latestDiagnostics(uri: string): PublishDiagnosticsParams | undefined {
    return this.latest.get(uri);
  }

  async shutdown(): Promise<void> {
    try {
      await withTimeout(this.connection.sendRequest('shutdown'), 5000);
      await this.connection.sendNotification('exit');
    } catch {
      // The server is already gone or hung: the kill below is the fallback.
    }
    const exited = new Promise<void>((resolve) => (this.process.exitCode !== null ? resolve() : this.process.once('exit', () => resolve())));
    await withTimeout(exited, 5000).catch(() => this.process.kill('SIGKILL'));
    this.connection.dispose();
  }
}

export const defaultCapabilities = {
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    definition: { linkSupport: true },
  },
  workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
  window: { workDoneProgress: false },
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e: unknown) => { clearTimeout(timer); reject(e); });
  });
}
