/** Extension entry: starts the language client and registers the few things the client shows. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { INSTANCES_NOTIFICATION, type InstancesNotification } from '../../server/src/core/status/types';
import type { CATALOG_REQUEST, CatalogResult } from '../../server/src/lsp/clusterRequests';
import type { StatusNotification } from '../../server/src/lsp/server';
import { registerClusterDocuments } from './clusterDocuments';
import { ClusterStatusBar, SHOW_PLATFORM_COMMAND } from './clusterStatusBar';
import { InstanceModel } from './instanceModel';
import { createLanguageClient } from './languageClient';
import { PICK_CONTEXT_COMMAND, pickContext } from './pickContext';
import { PLATFORM_VIEW, PlatformView } from './platformView';
import { createStatusItem } from './statusItem';

const CATALOG: typeof CATALOG_REQUEST = 'platformAware/catalog';
/** The README section package.json's viewsWelcome points at. */
const CLUSTER_DOCS_COMMAND = 'platformAware.showClusterDocs';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // Logged at the end (docs/performance.md): the e2e test reads it from the output channel's log.
  const activateStarted = performance.now();
  const output = vscode.window.createOutputChannel('Platform Aware', { log: true });
  const status = createStatusItem();
  const languageClient = (client = createLanguageClient(context, output));
  const instances = new InstanceModel();
  const view = new PlatformView(instances, async () => (await languageClient.sendRequest<CatalogResult>(CATALOG)).capabilities);
  const statusBar = new ClusterStatusBar(instances);
  let cluster: StatusNotification['cluster'] | undefined;
  context.subscriptions.push(
    output, status.item, view, statusBar,
    vscode.window.createTreeView(PLATFORM_VIEW, { treeDataProvider: view, showCollapseAll: true }),
    registerClusterDocuments(languageClient),
    vscode.commands.registerCommand('platformAware.showOutput', () => output.show()),
    vscode.commands.registerCommand(PICK_CONTEXT_COMMAND, () => pickContext(languageClient, cluster?.context)),
    vscode.commands.registerCommand('platformAware.refreshCatalog', () => view.refreshCatalog()),
    vscode.commands.registerCommand(SHOW_PLATFORM_COMMAND, () => vscode.commands.executeCommand(`${PLATFORM_VIEW}.focus`)),
    vscode.commands.registerCommand(CLUSTER_DOCS_COMMAND, () => vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(context.extensionUri, 'README.md'))),
    languageClient.onNotification(INSTANCES_NOTIFICATION, (params: InstancesNotification) => instances.apply(params)),
    languageClient.onNotification('platformAware/status', (params: StatusNotification) => {
      status.update(params);
      // viewsWelcome (no kubeconfig found) is shown on this context key.
      if (params.cluster.state !== cluster?.state) void vscode.commands.executeCommand('setContext', 'platformAware.clusterState', params.cluster.state);
      cluster = params.cluster;
      view.statusChanged(params);
      statusBar.statusChanged(params.cluster);
      if (params.state === 'ready') {
        output.info(`catalog: ${params.catalog.capabilities} capabilities, ${params.catalog.compositions} compositions from ${params.catalog.sources.join(' + ') || 'nothing'}${params.scan ? ` (scanned ${params.scan.files} YAML files, ${params.scan.contributing} with definitions or Secrets)` : ''}`);
      }
    }),
  );
  const serverStarted = performance.now();
  await languageClient.start();
  // Trust can only be granted while running (revoking it reloads the window): tell the server.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification('platformAware/trust', { trusted: true })));
  output.info('Platform Aware language server started');
  const ms = (from: number, to: number) => Math.round(to - from);
  output.info(`activated in ${ms(activateStarted, performance.now())} ms (${ms(activateStarted, serverStarted)} ms on the extension host, then the language server's start in its own process)`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
