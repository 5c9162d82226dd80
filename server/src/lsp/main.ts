/** Language server entry: wires protocol messages to PlatformServer and nothing else. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { PlatformServer, TRUST_NOTIFICATION } from './server';
import { createTransport, QueuedVersions } from './transport';

export function startServer(): void {
  const versions = new QueuedVersions();
  const [reader, writer] = createTransport(process.argv, versions);
  const connection = createConnection(ProposedFeatures.all, reader, writer);
  const server = new PlatformServer(connection, versions);
  connection.onInitialize(server.initialize);
  connection.onInitialized(server.initialized);
  connection.onDidChangeConfiguration(server.configurationChanged);
  connection.onDidChangeWatchedFiles(server.watchedFilesChanged);
  connection.onNotification(TRUST_NOTIFICATION, server.trustChanged);
  connection.onShutdown(server.shutdown);
  connection.onCompletion(server.completion);
  connection.onHover(server.hover);
  connection.onDefinition(server.definition);
  connection.onDocumentLinks(server.documentLinks);
  connection.onDocumentSymbol(server.documentSymbols);
  connection.onCodeAction(server.codeActions);
  server.documents.onDidOpen((e) => server.opened(e.document.uri));
  server.documents.onDidChangeContent((e) => server.changed(e.document.uri));
  server.documents.onDidClose((e) => server.closed(e.document.uri));
  server.documents.listen(connection);
  connection.listen();
}

if (require.main === module) startServer();
