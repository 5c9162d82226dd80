// A deliberately small Kubernetes REST client for the test harness and the demo reconciler: JSON requests and
// line-delimited JSON watches over node's https module, verifying the server against the kubeconfig's CA and
// sending the user's bearer token. It exists so test/support does not depend on @kubernetes/client-node (which
// the server's cluster source owns and exercises); it knows nothing about informers, retries or backoff.
import { readFileSync } from 'node:fs';
import { IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest, RequestOptions } from 'node:https';
import { parse } from 'yaml';

export interface KubeEndpoint {
  /** `https://127.0.0.1:<port>` (or `http://` for a plain proxy). */
  server: string;
  /** PEM of the CA the server's certificate must chain to. */
  caPem: string;
  /** A bearer token, or a client certificate and key (kind and minikube kubeconfigs use certificates). */
  token?: string;
  clientCertPem?: string;
  clientKeyPem?: string;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; generation?: number; deletionTimestamp?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject & { code?: number; reason?: string; message?: string };
}

export class KubeError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.trim().slice(0, 300)}`);
  }
}

type Credentials = { 'certificate-authority-data'?: string; 'certificate-authority'?: string; 'client-certificate-data'?: string; 'client-certificate'?: string; 'client-key-data'?: string; 'client-key'?: string; token?: string };

/** Inline `<field>-data` (base64) or a `<field>` file path, as kubeconfigs allow either. */
function pem(entry: Credentials, field: 'certificate-authority' | 'client-certificate' | 'client-key'): string | undefined {
  const inline = entry[`${field}-data`];
  if (inline) return Buffer.from(inline, 'base64').toString('utf8');
  const file = entry[field];
  return file ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Reads server, CA and credentials (token or client certificate) of one context (the current one unless named)
 * from a kubeconfig file. Exec and auth-provider plugins (cloud clusters) are not supported.
 */
export function endpointFromKubeconfig(path: string, contextName?: string): KubeEndpoint {
  const config = parse(readFileSync(path, 'utf8')) as {
    'current-context'?: string;
    contexts?: { name: string; context: { cluster: string; user: string } }[];
    clusters?: { name: string; cluster: Credentials & { server: string } }[];
    users?: { name: string; user: Credentials }[];
  };
  const wanted = contextName ?? config['current-context'];
  const context = config.contexts?.find((c) => c.name === wanted)?.context;
  const cluster = config.clusters?.find((c) => c.name === context?.cluster)?.cluster;
  const user = config.users?.find((u) => u.name === context?.user)?.user ?? {};
  const caPem = cluster ? pem(cluster, 'certificate-authority') : undefined;
  const clientCertPem = pem(user, 'client-certificate');
  const clientKeyPem = pem(user, 'client-key');
  if (!cluster?.server || !caPem || !(user.token || (clientCertPem && clientKeyPem))) {
    throw new Error(`${path}: context ${wanted ?? '(none)'} needs a server, a CA, and a token or a client certificate and key`);
  }
  return { server: cluster.server, caPem, ...(user.token ? { token: user.token } : { clientCertPem, clientKeyPem }) };
}

/** Starts one request to the endpoint; the callback receives the response (headers only, body still streaming). */
function open(endpoint: KubeEndpoint, method: string, path: string, headers: Record<string, string>, onResponse: (res: IncomingMessage) => void) {
  const url = new URL(path, endpoint.server);
  const auth: Record<string, string> = endpoint.token ? { Authorization: `Bearer ${endpoint.token}` } : {};
  const options: RequestOptions = { method, headers: { ...auth, Accept: 'application/json', ...headers } };
  // The certificate is always verified against the kubeconfig's CA, never skipped.
  if (url.protocol === 'https:') return httpsRequest(url, { ...options, ca: endpoint.caPem, cert: endpoint.clientCertPem, key: endpoint.clientKeyPem }, onResponse);
  return httpRequest(url, options, onResponse);
}

export class KubeRest {
  constructor(readonly endpoint: KubeEndpoint) {}

  /** One JSON request. Resolves with the status and parsed body (undefined when empty); never throws on status. */
  async call<T = KubeObject>(method: string, path: string, body?: unknown, contentType = 'application/json', timeoutMs = 30_000): Promise<{ status: number; body: T | undefined; text: string }> {
    return new Promise((resolveCall, reject) => {
      const headers: Record<string, string> = body === undefined ? {} : { 'Content-Type': contentType };
      const req = open(this.endpoint, method, path, headers, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolveCall({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as T) : undefined, text }));
        res.on('error', reject);
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  /** Like {@link call}, but a status outside 2xx (other than those in `accept`) throws a {@link KubeError}. */
  async ok<T = KubeObject>(method: string, path: string, body?: unknown, options: { contentType?: string; accept?: number[] } = {}): Promise<T | undefined> {
    const result = await this.call<T>(method, path, body, options.contentType);
    if ((result.status < 200 || result.status > 299) && !options.accept?.includes(result.status)) throw new KubeError(result.status, result.text, `${method} ${path}`);
    return result.body;
  }

  /** A JSON merge patch (RFC 7386): arrays are replaced whole, which is what condition lists want here. */
  mergePatch(path: string, patch: unknown): Promise<KubeObject | undefined> {
    return this.ok('PATCH', path, patch, { contentType: 'application/merge-patch+json' });
  }

  /**
   * Opens a watch (`path` must carry `watch=1`) and calls `onEvent` per line-delimited JSON event. `done` settles
   * when the server or the network ends the stream (`{ ended: 'clean' }` for a normal end of the chunked body,
   * `'aborted'` otherwise) or rejects when the watch could not be opened (non-200 answer, connection refused).
   */
  watch(path: string, onEvent: (event: WatchEvent) => void): WatchHandle {
    let req: ReturnType<typeof open> | undefined;
    const done = new Promise<{ ended: 'clean' | 'aborted' }>((resolveDone, reject) => {
      req = open(this.endpoint, 'GET', path, {}, (res) => {
        if (res.statusCode !== 200) {
          let text = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          res.on('end', () => reject(new KubeError(res.statusCode ?? 0, text, `watch ${path}`)));
          return;
        }
        let pending = '';
        let ended = false;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          pending += chunk;
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) if (line.trim()) onEvent(JSON.parse(line) as WatchEvent);
        });
        res.on('end', () => (ended = true));
        // A cut connection also emits 'error' (ECONNRESET, "aborted"); 'close' below reports it.
        res.on('error', () => undefined);
        // 'close' follows 'end' for a complete body; without 'end' the connection was cut mid-stream.
        res.on('close', () => resolveDone({ ended: ended ? 'clean' : 'aborted' }));
      });
      req.on('error', (error) => reject(error));
      req.end();
    });
    // The caller decides what a failed open means; an unobserved rejection must not crash the process.
    done.catch(() => undefined);
    return { done, close: () => req?.destroy() };
  }
}

export interface WatchHandle {
  readonly done: Promise<{ ended: 'clean' | 'aborted' }>;
  /** Ends the watch from the client side; `done` then settles. */
  close(): void;
}
