/**
 * Read-only documents for definitions that exist only on the cluster (`platform-aware-cluster://` URIs,
 * which go-to-definition, document links and the catalog point at): the text is the server's copy of the
 * object (`platformAware/clusterObject`); the client never contacts the cluster. A content provider's
 * documents cannot be edited, which is what a cluster object seen from the editor should be.
 */
import * as vscode from 'vscode';
import type { CLUSTER_OBJECT_REQUEST, ClusterObjectParams, ClusterObjectResult } from '../../server/src/lsp/clusterRequests';
import { CLUSTER_SCHEME, serverUri } from './clusterUri';
import type { ServerRequests } from './serverClient';

const CLUSTER_OBJECT: typeof CLUSTER_OBJECT_REQUEST = 'platformAware/clusterObject';

export function registerClusterDocuments(client: ServerRequests): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const params: ClusterObjectParams = { uri: serverUri(uri) };
      const result = await client.sendRequest<ClusterObjectResult>(CLUSTER_OBJECT, params);
      return result.text ?? `# ${uri.path.slice(1)}\n# is not in the catalog of the connected cluster (deleted, or the context changed).\n`;
    },
  };
  return vscode.Disposable.from(
    vscode.workspace.registerTextDocumentContentProvider(CLUSTER_SCHEME, provider),
    // The path has no extension: say it is YAML so it is highlighted like the definitions in files.
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (document.uri.scheme === CLUSTER_SCHEME && document.languageId !== 'yaml') void vscode.languages.setTextDocumentLanguage(document, 'yaml');
    }),
  );
}
