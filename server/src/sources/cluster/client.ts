/**
 * The one place @kubernetes/client-node is loaded: lazily, on first use of a cluster, so activation and a
 * CLI run without a cluster never load it (it is large, and an ES module). Also a plain GET helper that
 * authenticates through the library (tokens, client certificates, exec plugins) but returns the API
 * server's JSON untouched: the typed clients rename fields (`x-kubernetes-*`), which the catalog builders
 * need as Kubernetes writes them.
 */
import { request as httpRequest, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { stringify } from 'yaml';

export type ClientNode = typeof import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } });
export type KubeConfig = InstanceType<ClientNode['KubeConfig']>;
export type KubernetesObject = import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } }).KubernetesObject;
export type KubernetesListObject = import('@kubernetes/client-node', { with: { 'resolution-mode': 'import' } }).KubernetesListObject<KubernetesObject>;

let loading: Promise<ClientNode> | undefined;

export function loadClientNode(): Promise<ClientNode> {
  loading ??= import('@kubernetes/client-node');
  return loading;
}

/** A KubeConfig holding only the selected context (see kubeconfig.ts). */
export async function makeKubeConfig(config: Record<string, unknown>): Promise<{ ok: true; k8s: ClientNode; kc: KubeConfig } | { ok: false; message: string }> {
  const k8s = await loadClientNode();
  const kc = new k8s.KubeConfig();
  try {
    // 'throw': an entry client-node cannot read (a cluster without a server) is reported, not dropped.
    kc.loadFromString(stringify(config), { onInvalidEntry: 'throw' });
  } catch (error) {
    return { ok: false, message: `kubeconfig: ${(error as Error).message}` };
  }
  return { ok: true, k8s, kc };
}

/** An API answer: the parsed body, or the HTTP status (0: no answer at all) and a message. */
export type Answer = { ok: true; body: unknown } | { ok: false; status: number; message: string };

/** A failed request as client-node's informers expect it (they read `statusCode`). */
export class ApiError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
  }
}

/** GET `path` on the context's cluster. Never throws: failures are answers. */
export async function getJson(kc: KubeConfig, path: string, options: { accept?: string; timeoutMs?: number } = {}): Promise<Answer> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) return { ok: false, status: 0, message: 'the kubeconfig context has no cluster' };
  const url = new URL(cluster.server.replace(/\/$/, '') + path);
  const opts: RequestOptions & { headers: Record<string, string> } = { method: 'GET', headers: { Accept: options.accept ?? 'application/json' }, timeout: options.timeoutMs ?? 30_000 };
  try {
    await kc.applyToHTTPSOptions(opts);
  } catch (error) {
    // An exec plugin that failed, an unreadable certificate file: the user's credentials are unusable.
    return { ok: false, status: 401, message: `credentials: ${(error as Error).message}` };
  }
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolveAnswer) => {
    const req = send(url, opts, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('error', (error) => resolveAnswer({ ok: false, status: 0, message: error.message }));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        let parsed: unknown;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = undefined;
        }
        if (status === 200 && parsed !== undefined) resolveAnswer({ ok: true, body: parsed });
        else resolveAnswer({ ok: false, status, message: statusMessage(parsed) ?? `HTTP ${status}` });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', (error) => resolveAnswer({ ok: false, status: 0, message: error.message }));
    req.end();
  });
}

/** The `message` of a Kubernetes Status body. */
function statusMessage(body: unknown): string | undefined {
  const message = body !== null && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : undefined;
}
