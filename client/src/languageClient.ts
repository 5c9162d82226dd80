/** Starts the bundled language server (dist/server.js) over Node IPC for YAML documents. */
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel: output,
    // The server pulls `platformAware` settings per resource; nothing is reshaped here.
    synchronize: { configurationSection: 'platformAware' },
    // The server never reaches a cluster in an untrusted workspace; extension.ts tells it when trust is granted.
    initializationOptions: { trusted: vscode.workspace.isTrusted },
  };
  return new LanguageClient('platformAware', 'Platform Aware', serverOptions, clientOptions);
}
