/**
 * Extension entry: registers the few things the client shows, then, once activate() has returned, loads
 * and starts the language client, which is bundled apart (serverClient.ts says why).
 */
import * as vscode from 'vscode';
import { INSTANCES_NOTIFICATION, type InstancesNotification } from '../../server/src/core/status/types';
import type { CATALOG_REQUEST, CatalogResult } from '../../server/src/lsp/clusterRequests';
import type { StatusNotification, TRUST_NOTIFICATION } from '../../server/src/lsp/server';
import { registerClusterDocuments } from './clusterDocuments';
import { ClusterStatusBar, SHOW_PLATFORM_COMMAND } from './clusterStatusBar';
import { InstanceModel } from './instanceModel';
import type * as languageClientBundle from './languageClient';
import { PICK_CONTEXT_COMMAND, pickContext } from './pickContext';
import { PLATFORM_VIEW, PlatformView } from './platformView';
import { ServerClient } from './serverClient';
import { createStatusItem } from './statusItem';

const CATALOG: typeof CATALOG_REQUEST = 'platformAware/catalog';
const TRUST: typeof TRUST_NOTIFICATION = 'platformAware/trust';
const MAX_MEMORY_SETTING = 'platformAware.server.maxMemory';
/** The README section package.json's viewsWelcome points at. */
const CLUSTER_DOCS_COMMAND = 'platformAware.showClusterDocs';

let server: ServerClient | undefined;

const ms = (from: number, to: number) => Math.round(to - from);

export function activate(context: vscode.ExtensionContext): void {
  // Logged at the end (docs/performance.md): the e2e test reads it from the output channel's log.
  const activateStarted = performance.now();
  const output = vscode.window.createOutputChannel('Platform Aware', { log: true });
  const status = createStatusItem();
  const languageServer = (server = new ServerClient());
  // The client tells the server the trust of now; a grant after this is a notification.
  const trusted = vscode.workspace.isTrusted;
  // The server's heap limit is a node option: read once, applied when the server (re)starts.
  const maxMemory = vscode.workspace.getConfiguration('platformAware').get<unknown>('server.maxMemory');
  const instances = new InstanceModel();
  const view = new PlatformView(instances, async () => (await languageServer.sendRequest<CatalogResult>(CATALOG)).capabilities);
  const statusBar = new ClusterStatusBar(instances);
  let cluster: StatusNotification['cluster'] | undefined;
  context.subscriptions.push(
    output, status.item, view, statusBar,
    vscode.window.createTreeView(PLATFORM_VIEW, { treeDataProvider: view, showCollapseAll: true }),
    registerClusterDocuments(languageServer),
    vscode.commands.registerCommand('platformAware.showOutput', () => output.show()),
    vscode.commands.registerCommand(PICK_CONTEXT_COMMAND, () => pickContext(languageServer, cluster?.context)),
    vscode.commands.registerCommand('platformAware.refreshCatalog', () => view.refreshCatalog()),
    vscode.commands.registerCommand(SHOW_PLATFORM_COMMAND, () => vscode.commands.executeCommand(`${PLATFORM_VIEW}.focus`)),
    vscode.commands.registerCommand(CLUSTER_DOCS_COMMAND, () => vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(context.extensionUri, 'README.md'))),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(MAX_MEMORY_SETTING)) return;
      void vscode.window.showInformationMessage('Platform Aware: the language server\'s memory limit applies from its next start.', 'Reload Window').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.reloadWindow');
      });
    }),
    // Trust can only be granted while running (revoking it reloads the window): tell the server.
    vscode.workspace.onDidGrantWorkspaceTrust(() =>
      // Fails only when the client never started (that was reported) or the extension is being deactivated.
      languageServer.sendNotification(TRUST, { trusted: true }).catch((error: unknown) => output.warn(`trust not passed to the language server: ${describe(error)}`)),
    ),
  );
  languageServer.onNotification(INSTANCES_NOTIFICATION, (params: InstancesNotification) => instances.apply(params));
  languageServer.onNotification('platformAware/status', (params: StatusNotification) => {
    status.update(params);
    // viewsWelcome (no kubeconfig found) is shown on this context key.
    if (params.cluster.state !== cluster?.state) void vscode.commands.executeCommand('setContext', 'platformAware.clusterState', params.cluster.state);
    cluster = params.cluster;
    view.statusChanged(params);
    statusBar.statusChanged(params.cluster);
    if (params.state === 'ready') {
      output.info(`catalog: ${params.catalog.capabilities} capabilities, ${params.catalog.compositions} compositions from ${params.catalog.sources.join(' + ') || 'nothing'}${params.scan ? ` (scanned ${params.scan.files} YAML files, ${params.scan.contributing} with definitions or Secrets)` : ''}`);
    }
  });
  output.info(`activated in ${ms(activateStarted, performance.now())} ms; the language client is loaded next`);
  // VS Code's activation figure is the bundle's load plus this call: the language client comes after it.
  setImmediate(() => startLanguageClient(output, languageServer, (bundle) => bundle.createLanguageClient(context, output, trusted, maxMemory), (reason) => status.failed(reason)));
}

export function deactivate(): Promise<void> | undefined {
  return server?.stop();
}

/** Loads dist/languageClient.js and starts the client; logs what that cost (the e2e test reads the line). */
function startLanguageClient(
  output: vscode.LogOutputChannel,
  languageServer: ServerClient,
  create: (bundle: typeof languageClientBundle) => ReturnType<typeof languageClientBundle.createLanguageClient>,
  failed: (reason: string) => void,
): void {
  const loadStarted = performance.now();
  let loaded = loadStarted;
  const load = () => {
    // A plain require, left to Node by scripts/bundle.mjs: the extension host hands `vscode` to CommonJS
    // requires by the requiring file's path (its import() support differs between VS Code versions).
    const bundle = require('./languageClient.js') as typeof languageClientBundle;
    loaded = performance.now();
    return create(bundle);
  };
  languageServer.start(load).then(
    (started) => {
      if (!started) return;
      output.info('Platform Aware language server started');
      output.info(`language client loaded in ${ms(loadStarted, loaded)} ms on the extension host after activation; the language server started ${ms(loaded, performance.now())} ms later, in its own process`);
    },
    (error: unknown) => {
      // activate() has returned, so VS Code would not show this: the status item and a message say it.
      const reason = `the language server did not start: ${describe(error)}`;
      output.error(reason);
      failed(reason);
      void vscode.window.showErrorMessage(`Platform Aware: ${reason}`, 'Show Log').then((choice) => choice && output.show());
    },
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
