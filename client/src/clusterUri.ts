/**
 * Cluster objects' virtual URIs (`platform-aware-cluster://<context>/<apiVersion>/<kind>/<namespace>/<name>`)
 * as the server spells them. VS Code's Uri.toString() re-encodes a URI its own way (`@` left raw, the
 * authority lower-cased), so the client rebuilds the server's spelling from the decoded parts. Pure.
 */
export const CLUSTER_SCHEME = 'platform-aware-cluster';

/** The server's spelling: every segment percent-encoded with encodeURIComponent, as objects.ts writes it. */
export function serverUri(uri: { scheme: string; authority: string; path: string }): string {
  return `${uri.scheme}://${encodeURIComponent(uri.authority)}${uri.path.split('/').map(encodeURIComponent).join('/')}`;
}
