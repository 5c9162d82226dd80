/**
 * The LSP adapter: translates protocol messages into Workspace calls and findings into diagnostics.
 * It owns scheduling (edits are coalesced: one check per file per turn of the event loop, the file just
 * edited first, stale versions never published) and settings per resource. No language decision is
 * made here: those live in core/.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CancellationToken,
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  CodeLens,
  CodeLensParams,
  CompletionList,
  CompletionParams,
  Connection,
  DefinitionParams,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWatchedFilesParams,
  DocumentLink,
  DocumentLinkParams,
  DocumentSymbol,
  DocumentSymbolParams,
  ExecuteCommandParams,
  FileChangeType,
  Hover,
  HoverParams,
  InitializeParams,
  InitializeResult,
  Location,
  LocationLink,
  LSPErrorCodes,
  Position,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AssistContext } from '../core/assist/complete/index';
import type { RuleCode } from '../core/checks/rules';
import { trimSyntaxTrees } from '../core/parse/syntaxTrees';
import { offsetInChunk } from '../core/workspace/positions';
import { DocumentState, Workspace } from '../core/workspace/workspace';
import { loadSamplePlatform, packageRoot } from '../sources/sample';
import { ClusterLink, ClusterStatus } from './cluster';
import { APPLY_COMMAND, applyToCluster, ApplyCommandResult, connectionWindow, documentOnDisk } from './applyCommand';
import { codeActions, diskTaken } from './codeActions';
import { LiveStatus } from './liveStatus';
import { toDiagnostics } from './convert';
import { EditRanges } from './editRanges';
import { HeapWatch } from './heapWatch';
import * as requests from './requests';
import { inCatalogPaths, rescanFile, ScanFolder, ScanResult, scanWorkspace } from './scan';
import { DEFAULT_SETTINGS, parseSettings, Settings } from './settings';
import type { QueuedVersions } from './transport';

const MAX_FILE_SIZE = 5 * 1024 * 1024;

/**
 * `platformAware/status`, server → client, after the workspace scan and whenever the catalog or the
 * cluster's state changes. The client shows it in its status item and output channel; other editors may
 * ignore it. `cluster`: the live catalog's connection (docs/protocol.md): `state`, `context`, `server`,
 * `namespace`, `watching` and `forbidden` (resources RBAC denies listing, reported here, not as errors),
 * and a one-line `message` when not connected.
 */
export interface StatusNotification {
  state: 'scanning' | 'ready';
  catalog: { capabilities: number; compositions: number; sources: string[]; problems: number; sample: boolean };
  scan?: ScanResult;
  cluster: ClusterStatus;
}

/** `platformAware/trust`, client → server: the workspace's trust changed (VS Code: trust was granted). */
export interface TrustNotification {
  trusted: boolean;
}
export const TRUST_NOTIFICATION = 'platformAware/trust';
export const STATUS_NOTIFICATION = 'platformAware/status';

export class PlatformServer implements requests.RequestHost {
  private readonly edits = new EditRanges();
  readonly documents = new TextDocuments({
    create: TextDocument.create,
    update: (document, changes, version) => {
      this.edits.note(document, changes);
      const first = changes[0];
      if (first && 'range' in first) this.focus = { uri: document.uri, line: first.range.start.line };
      return TextDocument.update(document, changes, version);
    },
  });
  private readonly workspace = new Workspace({ maxFileSize: MAX_FILE_SIZE });
  private readonly settingsCache = new Map<string, Promise<Settings>>();
  private folders: WorkspaceFolder[] = [];
  private canPullConfiguration = false;
  private canWatchFiles = false;
  linkSupport = false;
  private canCreateFiles = false;
  private ready: Promise<void> = Promise.resolve();
  private scanResult: ScanResult | undefined;
  private scannedWith: ScanFolder[] | undefined;
  private readonly dirty = new Set<string>();
  /** Where the user last edited or asked for help: that document keeps its syntax tree through trims. */
  private focus: { uri: string; line: number } | undefined;
  private urgent: string | undefined;
  private scheduled = false;
  private readonly docsUrl = pathToFileURL(join(packageRoot(), 'docs', 'rules.md')).href;
  /** Told by the client (`initializationOptions.trusted`); a client without a trust model is trusted. */
  private trusted = true;
  /** Scans queued or running. */
  private scans = 0;
  private readonly cluster: ClusterLink = new ClusterLink({
    setSource: (key, contribution) => this.workspace.setSource(key, 'cluster', contribution),
    changed: (catalog) => (catalog ? this.catalogChanged() : this.sendStatus(this.scans > 0 ? 'scanning' : 'ready')),
    log: (line) => this.connection.console.info(line),
    declared: () => this.live.declared(),
    instancesChanged: (upsert, removed, reset) => this.live.instancesChanged(upsert, removed, reset),
    clusterSecretsChanged: () => this.live.clusterSecretsChanged(),
  });
  private canRefreshCodeLens = false;
  private readonly heap = new HeapWatch((message) => {
    this.connection.console.warn(message);
    void this.connection.window.showWarningMessage(message);
  });
  private readonly live: LiveStatus;

  constructor(private readonly connection: Connection, private readonly queued: QueuedVersions) {
    this.live = new LiveStatus({
      connection,
      workspace: this.workspace,
      cluster: this.cluster,
      recheck: (uris) => this.recheck(uris),
      canRefreshCodeLens: () => this.canRefreshCodeLens,
    });
  }

  initialize = (params: InitializeParams): InitializeResult => {
    this.folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    this.canPullConfiguration = params.capabilities.workspace?.configuration === true;
    this.canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    this.linkSupport = params.capabilities.textDocument?.definition?.linkSupport === true;
    this.canCreateFiles = params.capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create') === true;
    this.canRefreshCodeLens = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    this.trusted = (params.initializationOptions as Partial<TrustNotification> | undefined)?.trusted !== false;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [':'] },
        hoverProvider: true,
        definitionProvider: true,
        documentLinkProvider: { resolveProvider: false },
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [APPLY_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'platform-aware' },
    };
  };

  initialized = (): void => {
    if (this.canPullConfiguration) void this.connection.client.register(DidChangeConfigurationNotification.type, undefined);
    if (this.canWatchFiles) void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
    this.connection.workspace.onDidChangeWorkspaceFolders((event) => {
      this.folders = [...this.folders.filter((f) => !event.removed.some((r) => r.uri === f.uri)), ...event.added];
      this.rescan();
    });
    const sample = loadSamplePlatform();
    if (sample) this.workspace.setSource('sample:', 'sample', sample);
    this.rescan();
    void this.configureCluster();
  };

  trustChanged = (params: TrustNotification): void => {
    this.trusted = params.trusted === true;
    void this.configureCluster();
  };

  shutdown = (): Promise<void> => {
    this.live.dispose();
    return this.cluster.stop();
  };

  /** In the background: the cluster source reports through its callbacks, never through a request. */
  private configureCluster(): Promise<void> {
    return this.guard('cluster', undefined, async () => this.cluster.configure(await this.settingsFor(undefined), this.trusted));
  }

  configurationChanged = (): void => {
    void this.guard('workspace/didChangeConfiguration', undefined, async () => {
      const before = JSON.stringify(this.scannedWith);
      this.settingsCache.clear();
      // Only a change of platformAware.catalog.paths changes what the scan reads; anything else
      // (validate.*) just needs the open documents checked again.
      if (JSON.stringify(await this.scanFolders()) !== before) this.rescan();
      else this.catalogChanged();
      await this.configureCluster();
    });
  };

  watchedFilesChanged = (params: DidChangeWatchedFilesParams): void => {
    void this.guard('workspace/didChangeWatchedFiles', undefined, async () => {
      await this.ready;
      const folders = await this.scanFolders();
      const instancesBefore = this.workspace.instanceGeneration;
      let changed = false;
      for (const change of params.changes) {
        if (this.documents.get(change.uri) || !/\.ya?ml$/i.test(change.uri) || !change.uri.startsWith('file:')) continue;
        const result = change.type === FileChangeType.Deleted ? this.workspace.remove(change.uri) : await rescanFile(this.workspace, change.uri, folders, MAX_FILE_SIZE);
        changed ||= !!result && (result.catalogChanged || result.secretsChanged);
      }
      if (changed) this.catalogChanged();
      else if (this.workspace.instanceGeneration !== instancesBefore) this.live.declarationsChanged();
    });
  };

  opened = (uri: string): void => this.schedule(uri, true);
  changed = (uri: string): void => this.schedule(uri, true);

  closed = (uri: string): void => {
    void this.guard('textDocument/didClose', uri, async () => {
      this.dirty.delete(uri);
      this.edits.forget(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      // The buffer is gone; what the file contributes now comes from disk (or nothing, if it is not there).
      if (uri.startsWith('file:')) {
        const result = await rescanFile(this.workspace, uri, await this.scanFolders(), MAX_FILE_SIZE);
        if (result && (result.catalogChanged || result.secretsChanged)) this.catalogChanged();
        else this.live.declarationsChanged();
      } else {
        this.workspace.remove(uri);
      }
    });
  };

  private rescan(): void {
    this.scans++;
    // Scans run one after another: a second request waits for the first instead of racing it.
    this.ready = this.ready.then(() => this.guard('workspace scan', undefined, async () => {
      try {
        this.sendStatus('scanning');
        const folders = await this.scanFolders();
        this.scannedWith = folders;
        this.scanResult = await scanWorkspace(this.workspace, folders, (uri) => this.documents.get(uri) !== undefined, MAX_FILE_SIZE);
      } finally {
        this.scans--;
      }
      this.catalogChanged();
    }));
  }

  private catalogChanged(): void {
    // The cluster reports at any time: a report during a scan must not announce the catalog ready.
    this.sendStatus(this.scans > 0 ? 'scanning' : 'ready');
    this.live.declarationsChanged();
    this.recheck('all');
  }

  /** Open documents whose findings must be computed again (the catalog, the Secrets or live status changed). */
  private recheck(uris: Iterable<string> | 'all'): void {
    if (uris === 'all') for (const doc of this.documents.all()) this.dirty.add(doc.uri);
    else for (const uri of uris) if (this.documents.get(uri)) this.dirty.add(uri);
    this.kick();
  }

  private schedule(uri: string, urgent: boolean): void {
    this.dirty.add(uri);
    if (urgent) this.urgent = uri;
    this.kick();
  }

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate, not a timer: edits already queued are applied before the check runs (coalescing a
    // burst), and no fixed delay is added to a single keystroke.
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    await this.ready;
    this.scheduled = false;
    const uri = this.urgent && this.dirty.has(this.urgent) ? this.urgent : this.dirty.values().next().value;
    this.urgent = undefined;
    if (uri === undefined) return;
    this.dirty.delete(uri);
    await this.guard('validate', uri, () => this.validate(uri));
    // Between operations. The document at the focus keeps its tree even when re-checks of other files (a
    // catalog change) used theirs later: a large definition being edited is not parsed again for each hover.
    const focus = this.focus && this.workspace.documentAt(this.focus.uri, this.focus.line);
    trimSyntaxTrees(undefined, focus?.state.doc);
    this.heap.check();
    if (this.dirty.size > 0) this.kick();
  }

  private async validate(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    // A newer change is already queued: checking this version would be wasted, and the change will
    // schedule the check again when it is applied.
    if (!document || this.queued.newerQueued(uri, document.version)) return;
    const settings = await this.settingsFor(uri);
    // The settings may have taken a round trip to the client: check again for a newer queued change.
    if (this.queued.newerQueued(uri, document.version)) return;
    await this.sync(document);
    if (!settings.validate.enable) {
      void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
      return;
    }
    const report = this.workspace.report(uri, { unknownFields: settings.validate.unknownFields, ...this.live.checkOptions() });
    if (!report) return;
    void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics: toDiagnostics(this.live.withStatusFindings(report), this.docUrl) });
  }

  /** Brings the workspace to the document's current version (requests may arrive before the check ran). */
  private async sync(document: TextDocument): Promise<void> {
    const uri = document.uri;
    if (this.workspace.version(uri) === document.version && this.workspace.isRetained(uri)) return;
    const definitions = await this.definitionsAllowed(uri);
    if (this.workspace.version(uri) === document.version && this.workspace.isRetained(uri)) return;
    const changed = this.edits.take(uri);
    const instancesBefore = this.workspace.instanceGeneration;
    const result = this.workspace.update(uri, document.getText(), document.version, true, definitions, changed);
    if (this.workspace.instanceGeneration !== instancesBefore) this.live.declarationsChanged();
    if (result.catalogChanged || result.secretsChanged) {
      for (const other of this.documents.all()) if (other.uri !== uri) this.dirty.add(other.uri);
      if (result.catalogChanged) this.sendStatus('ready');
      this.kick();
    }
  }

  /** The document of `uri` that holds `position`, synced to the latest text, with the offset in it. */
  async documentAt(uri: string, position: Position): Promise<{ state: DocumentState; index: number; offset: number } | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    this.focus = { uri, line: position.line };
    await this.ready;
    await this.sync(document);
    const found = this.workspace.documentAt(uri, position.line);
    return found && { ...found, offset: offsetInChunk(found.state, position) };
  }

  assistContext(): AssistContext {
    return { catalog: this.workspace.catalog, secrets: this.workspace.secrets };
  }

  /** The cluster source's link: clusterRequests.ts reads cluster objects' YAML through it. */
  get clusterLink(): ClusterLink {
    return this.cluster;
  }

  completion = (params: CompletionParams, token: CancellationToken): Promise<CompletionList | null> =>
    this.answer('textDocument/completion', params.textDocument.uri, null, () => requests.completion(this, params), token);

  hover = (params: HoverParams, token: CancellationToken): Promise<Hover | null> =>
    this.answer('textDocument/hover', params.textDocument.uri, null, () => requests.hover(this, params), token);

  definition = (params: DefinitionParams, token: CancellationToken): Promise<LocationLink[] | Location[] | null> =>
    this.answer('textDocument/definition', params.textDocument.uri, null, () => requests.definition(this, params), token);

  documentLinks = (params: DocumentLinkParams, token: CancellationToken): Promise<DocumentLink[]> =>
    this.answer('textDocument/documentLink', params.textDocument.uri, [], () => requests.documentLinks(this, params), token);

  codeActions = (params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> =>
    this.answer('textDocument/codeAction', params.textDocument.uri, [], async () => {
      const document = this.documents.get(params.textDocument.uri);
      if (!document) return [];
      await this.ready;
      await this.sync(document);
      const settings = await this.settingsFor(document.uri);
      const fileReport = this.workspace.report(document.uri, { unknownFields: settings.validate.unknownFields, ...this.live.checkOptions() });
      const report = fileReport && this.live.withStatusFindings(fileReport);
      if (!report) return [];
      const known = (uri: string) => this.workspace.has(uri) || this.documents.get(uri) !== undefined;
      return codeActions(params, { report, catalog: this.workspace.catalog, target: settings.provision.target, canCreateFiles: this.canCreateFiles, taken: diskTaken(known), applyCommand: this.trusted && this.cluster.connection !== undefined && this.cluster.status.state === 'connected' });
    }, token);

  /** `workspace/executeCommand`: platformAware.applyToCluster (dry run, confirmation, apply: applyCommand.ts). */
  executeCommand = (params: ExecuteCommandParams): Promise<ApplyCommandResult | null> =>
    this.answer('workspace/executeCommand', '', null, async () => {
      if (params.command !== APPLY_COMMAND) return null;
      return applyToCluster(params.arguments?.[0], {
        trusted: () => this.trusted,
        connection: () => this.cluster.connection,
        clusterStatus: () => this.cluster.status,
        // An open buffer as the editor has it (unsaved edits included); otherwise the file on disk.
        documentText: async (uri, index) => (this.documents.get(uri) ? (await this.statesOf(uri))[index]?.chunk.text : documentOnDisk(uri, index)),
        console: this.connection.console,
        window: connectionWindow(this.connection),
      });
    });

  codeLenses = (params: CodeLensParams): Promise<CodeLens[]> =>
    this.answer('textDocument/codeLens', params.textDocument.uri, [], async () => {
      const document = this.documents.get(params.textDocument.uri);
      if (!document) return [];
      await this.ready;
      await this.sync(document);
      return this.live.codeLenses(document.uri);
    });

  documentSymbols = (params: DocumentSymbolParams, token: CancellationToken): Promise<DocumentSymbol[]> =>
    this.answer('textDocument/documentSymbol', params.textDocument.uri, [], () => requests.documentSymbols(this, params), token);

  async statesOf(uri: string): Promise<readonly DocumentState[]> {
    const document = this.documents.get(uri);
    if (!document) return [];
    await this.ready;
    await this.sync(document);
    return this.workspace.documents(uri) ?? [];
  }

  /**
   * Answers a request; an unexpected exception is logged once with its context and answered with `fallback`.
   * With the request's `token`, a `$/cancelRequest` is honoured: cancelled during the workspace scan (the
   * longest wait) the request is answered at once and does no work; cancelled later (a sync, a settings
   * round trip) its result is dropped. Either way the answer is LSP's RequestCancelled error, which jsonrpc
   * sends for a rejection with it.
   */
  private async answer<T>(method: string, uri: string, fallback: T, run: () => Promise<T>, token?: CancellationToken): Promise<T> {
    let result = fallback;
    try {
      if (token) {
        let cancelled: { dispose(): void } | undefined;
        await Promise.race([this.ready, new Promise<void>((resolve) => (cancelled = token.onCancellationRequested(() => resolve())))]);
        cancelled?.dispose();
      }
      if (!token?.isCancellationRequested) result = await run();
    } catch (error) {
      const version = this.documents.get(uri)?.version;
      this.connection.console.error(`${method} ${uri}${version !== undefined ? ` v${version}` : ''} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
    if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, `${method} cancelled`);
    return result;
  }

  private docUrl = (code: RuleCode): string => `${this.docsUrl}#${code}`;

  private settingsFor(uri: string | undefined): Promise<Settings> {
    if (!this.canPullConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
    const key = uri ?? '';
    let settings = this.settingsCache.get(key);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'platformAware' }).then(parseSettings, () => DEFAULT_SETTINGS);
      this.settingsCache.set(key, settings);
    }
    return settings;
  }

  private async scanFolders(): Promise<ScanFolder[]> {
    return Promise.all(this.folders.map(async (f) => ({ uri: f.uri, catalogPaths: (await this.settingsFor(f.uri)).catalog.paths })));
  }

  private async definitionsAllowed(uri: string): Promise<boolean> {
    if (!uri.startsWith('file:')) return true;
    const path = fileURLToPath(uri);
    const folder = (await this.scanFolders()).find((f) => f.uri.startsWith('file:') && path.startsWith(fileURLToPath(f.uri)));
    return folder ? inCatalogPaths(fileURLToPath(folder.uri), folder.catalogPaths, path) : true;
  }

  private sendStatus(state: StatusNotification['state']): void {
    const catalog = this.workspace.catalog;
    const status: StatusNotification = {
      state,
      catalog: { capabilities: catalog.capabilities.size, compositions: catalog.compositions.length, sources: [...catalog.sources], problems: catalog.problems.length, sample: catalog.sources.has('sample') },
      scan: this.scanResult,
      cluster: this.cluster.status,
    };
    void this.connection.sendNotification(STATUS_NOTIFICATION, status);
  }

  /** Runs a handler; an unexpected exception is logged once with its context and never reaches the client. */
  private async guard(method: string, uri: string | undefined, run: () => Promise<void> | void): Promise<void> {
    try {
      await run();
    } catch (error) {
      const version = uri ? this.documents.get(uri)?.version : undefined;
      this.connection.console.error(`${method}${uri ? ` ${uri}` : ''}${version !== undefined ? ` v${version}` : ''} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  }
}
