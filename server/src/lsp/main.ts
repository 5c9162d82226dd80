/** Language server entry: wires protocol messages to PlatformServer and nothing else. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import * as clusterRequests from './clusterRequests';
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
  connection.onExecuteCommand(server.executeCommand);
  connection.onRequest(clusterRequests.CONTEXTS_REQUEST, (params: clusterRequests.ContextsParams) => clusterRequests.contexts(params, connection.console));
  connection.onRequest(clusterRequests.CATALOG_REQUEST, () => clusterRequests.catalog(server, connection.console));
  connection.onRequest(clusterRequests.CLUSTER_OBJECT_REQUEST, (params: clusterRequests.ClusterObjectParams) => clusterRequests.clusterObject(server, params, connection.console));
  connection.onCodeLens(server.codeLenses);
  server.documents.onDidOpen((e) => server.opened(e.document.uri));
  server.documents.onDidChangeContent((e) => server.changed(e.document.uri));
  server.documents.onDidClose((e) => server.closed(e.document.uri));
  server.documents.listen(connection);
  connection.listen();
}

if (require.main === module) startServer();
