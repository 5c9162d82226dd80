/**
 * The language client for YAML documents, talking to the bundled language server (dist/server.js) over
 * Node IPC. The entry of its own bundle, dist/languageClient.js (vscode-languageclient and this file), which
 * extension.ts requires after activation.
 */
import type * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { serverNodeOptions } from './serverNodeOptions';

/** `maxMemory`: `platformAware.server.maxMemory` as read at activation (serverNodeOptions.ts checks it). */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, trusted: boolean, maxMemory: unknown): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const execArgv = serverNodeOptions(maxMemory);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...execArgv, '--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel: output,
    // The server pulls `platformAware` settings per resource; nothing is reshaped here.
    synchronize: { configurationSection: 'platformAware' },
    // The server never reaches a cluster in an untrusted workspace; extension.ts tells it when trust is granted
    // after activation, when `trusted` was read.
    initializationOptions: { trusted },
  };
  return new LanguageClient('platformAware', 'Platform Aware', serverOptions, clientOptions);
}
