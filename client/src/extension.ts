/** Extension entry: starts the language client and registers the few things the client shows. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { StatusNotification } from '../../server/src/lsp/server';
import { createLanguageClient } from './languageClient';
import { createStatusItem } from './statusItem';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Platform Aware', { log: true });
  const status = createStatusItem();
  context.subscriptions.push(output, status.item, vscode.commands.registerCommand('platformAware.showOutput', () => output.show()));
  client = createLanguageClient(context, output);
  context.subscriptions.push(client.onNotification('platformAware/status', (params: StatusNotification) => {
    status.update(params);
    if (params.state === 'ready') {
      output.info(`catalog: ${params.catalog.capabilities} capabilities, ${params.catalog.compositions} compositions from ${params.catalog.sources.join(' + ') || 'nothing'}${params.scan ? ` (scanned ${params.scan.files} YAML files, ${params.scan.contributing} with definitions or Secrets)` : ''}`);
    }
  }));
  await client.start();
  // Trust can only be granted while running (revoking it reloads the window): tell the server.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification('platformAware/trust', { trusted: true })));
  output.info('Platform Aware language server started');
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
