// A fault-injecting proxy between a Kubernetes client and the harness's real kube-apiserver, for the faults the
// server will not produce on demand. It listens on 127.0.0.1 with the API server's own serving certificate (from
// the harness's cert dir, valid for 127.0.0.1 on any port), so a kubeconfig only needs the proxy's URL: CA,
// tokens and contexts stay the same (see writeKubeconfig). Everything else is forwarded to the real server.
//
// Faults, each on demand, each formatted exactly as the real server formats it:
// - dropWatches():        cuts every open watch connection (socket destroyed mid-stream: the client sees the
//                         connection end without a clean end of body); `{ graceful: true }` ends the chunked body
//                         cleanly instead, as the server does when a watch's timeout expires.
// - failNext(n, 429|500): the next n matching requests are answered 429 TooManyRequests (with Retry-After, as the
//                         server's max-in-flight / priority-and-fairness filter answers) or 500 InternalError.
// - stall():              holds every new request (nothing is forwarded) until release() or `forMs`: a server that
//                         accepts connections but does not answer.
// - expireTokens():       answers 401 Unauthorized to requests bearing the given tokens (all when none given), as
//                         the server answers an expired or revoked token; restoreTokens() ends it. Open watches
//                         stay open (the real server authenticates a watch once, when it starts).
// - injectGone():         writes into every open JSON watch the ERROR event the server sends for a compacted
//                         resourceVersion (metav1.Status, code 410, reason Expired) and ends the watch, as the server
//                         does. For a real 410 see etcd.ts (compaction).
// Not supported: protocol upgrades (exec, port-forward) and protobuf watch streams (injectGone skips them).
import { EventEmitter, once } from 'node:events';
import { readFileSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request as httpsRequest, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FaultProxyTarget {
  /** `https://127.0.0.1:<port>` of the real API server. */
  server: string;
  caPem: string;
  /** The harness's directory (its `certs/apiserver.{crt,key}` are served by the proxy too). */
  dir: string;
  kubeconfigPath: string;
}

/** A metav1.Status as the API server serialises it (field order included, so bodies compare byte for byte). */
export function statusBody(code: number, reason: string, message: string, details?: object): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

/** The watch event the server sends when a watch's resourceVersion has been compacted away (etcd3 watcher). */
export const GONE_MESSAGE = 'The resourceVersion for the provided watch is too old.';
export function goneEvent(message = GONE_MESSAGE): string {
  return `{"type":"ERROR","object":${statusBody(410, 'Expired', message)}}\n`;
}

interface OpenWatch {
  path: string;
  res: ServerResponse;
  upstream: ReturnType<typeof httpsRequest>;
  isJson: boolean;
}

type RequestFilter = (req: IncomingMessage) => boolean;

const isWatch = (url: string): boolean => /[?&]watch=(1|true)(&|$)/.test(url);
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

export class FaultProxy extends EventEmitter {
  private readonly watches = new Set<OpenWatch>();
  private failures: { remaining: number; status: 429 | 500; match: RequestFilter } | undefined;
  private held: (() => void)[] | undefined;
  private expired: Set<string> | 'all' | undefined;
  /** Requests answered so far, by outcome; tests assert on these instead of timing. */
  readonly counts = { forwarded: 0, failed: 0, unauthorised: 0 };

  private constructor(
    private readonly server: Server,
    private readonly target: FaultProxyTarget,
  ) {
    super();
  }

  /** Starts a proxy in front of the harness's API server on a free loopback port. */
  static async start(target: FaultProxyTarget): Promise<FaultProxy> {
    const certs = join(target.dir, 'certs');
    const server = createServer({ cert: readFileSync(join(certs, 'apiserver.crt')), key: readFileSync(join(certs, 'apiserver.key')) });
    const proxy = new FaultProxy(server, target);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => proxy.handle(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return proxy;
  }

  /** `https://127.0.0.1:<port>` of the proxy. */
  get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get openWatchCount(): number {
    return this.watches.size;
  }

  /** Writes the harness's kubeconfig with the proxy as the server (same CA, users and contexts). */
  async writeKubeconfig(path: string): Promise<string> {
    const original = readFileSync(this.target.kubeconfigPath, 'utf8');
    await writeFile(path, original.split(JSON.stringify(this.target.server)).join(JSON.stringify(this.url)), { mode: 0o600 });
    return path;
  }

  /** Resolves when the next watch is open (response headers sent), with its path. */
  async nextWatch(): Promise<string> {
    const [path] = (await once(this, 'watch')) as [string];
    return path;
  }

  dropWatches(options: { graceful?: boolean } = {}): number {
    const count = this.watches.size;
    for (const watch of [...this.watches]) this.closeWatch(watch, options.graceful ? 'end' : 'destroy');
    return count;
  }

  failNext(count: number, status: 429 | 500, match: RequestFilter = () => true): void {
    this.failures = { remaining: count, status, match };
  }

  stall(options: { forMs?: number } = {}): { release: () => void } {
    this.held ??= [];
    const release = (): void => {
      const held = this.held ?? [];
      this.held = undefined;
      for (const resume of held) resume();
    };
    if (options.forMs !== undefined) setTimeout(release, options.forMs).unref();
    return { release };
  }

  expireTokens(tokens?: string[]): void {
    this.expired = tokens ? new Set(tokens) : 'all';
  }

  restoreTokens(): void {
    this.expired = undefined;
  }

  injectGone(message?: string): number {
    let count = 0;
    for (const watch of [...this.watches]) {
      if (!watch.isJson) continue;
      watch.res.write(goneEvent(message));
      this.closeWatch(watch, 'end');
      count++;
    }
    return count;
  }

  async close(): Promise<void> {
    this.stall().release();
    this.dropWatches();
    this.server.closeAllConnections();
    await new Promise<void>((resolveClose) => this.server.close(() => resolveClose()));
  }

  private closeWatch(watch: OpenWatch, how: 'end' | 'destroy'): void {
    this.watches.delete(watch);
    watch.upstream.destroy();
    if (how === 'end') watch.res.end();
    else watch.res.destroy();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (this.held) {
      this.held.push(() => this.handle(req, res));
      return;
    }
    if (this.failures && this.failures.remaining > 0 && this.failures.match(req)) {
      this.failures.remaining--;
      this.counts.failed++;
      if (this.failures.status === 429) {
        // The max-in-flight / APF filters' answer (k8s.io/apiserver pkg/server/filters), with Retry-After: 1.
        this.reply(res, 429, statusBody(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 1 }), { 'Retry-After': '1' });
      } else {
        this.reply(res, 500, statusBody(500, 'InternalError', 'Internal error occurred: injected by the fault proxy', { causes: [{ message: 'injected by the fault proxy' }] }));
      }
      return;
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (this.expired && token && (this.expired === 'all' || this.expired.has(token))) {
      this.counts.unauthorised++;
      this.reply(res, 401, statusBody(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    this.forward(req, res);
  }

  private reply(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...headers });
    // The server's JSON encoder ends every body with a newline.
    res.end(`${body}\n`);
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.target.server);
    const headers = { ...req.headers, host: url.host };
    // Uncompressed, so watch streams can be split into events (the server gzips only large non-watch bodies).
    delete headers['accept-encoding'];
    const watching = isWatch(req.url ?? '');
    const upstream = httpsRequest(url, { method: req.method, headers, ca: this.target.caPem }, (up) => {
      this.counts.forwarded++;
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(up.headers)) if (value !== undefined && !hopByHop.has(name)) out[name] = value;
      up.on('error', () => {
        if (!res.writableEnded) res.destroy();
      });
      if (!watching || up.statusCode !== 200) {
        res.writeHead(up.statusCode ?? 502, out);
        up.pipe(res);
        return;
      }
      delete out['content-length'];
      res.writeHead(200, out);
      res.flushHeaders();
      const watch: OpenWatch = { path: req.url ?? '', res, upstream, isJson: String(up.headers['content-type']).startsWith('application/json') };
      this.watches.add(watch);
      this.emit('watch', watch.path);
      // Forward whole lines only, so an injected event never lands inside one of the server's.
      let pending = '';
      up.setEncoding('utf8');
      up.on('data', (chunk: string) => {
        pending += chunk;
        const end = pending.lastIndexOf('\n');
        if (end < 0 || !this.watches.has(watch)) return;
        res.write(pending.slice(0, end + 1));
        pending = pending.slice(end + 1);
      });
      up.on('end', () => {
        if (this.watches.delete(watch)) res.end(pending);
      });
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) this.reply(res, 502, statusBody(502, 'InternalError', `fault proxy: upstream: ${error.message}`));
      // A watch the proxy ended on purpose has already ended its response; cutting it now would lose the end.
      else if (!res.writableEnded) res.destroy();
    });
    // A client that goes away takes its upstream request with it (so the server's watch ends too).
    res.on('close', () => {
      for (const watch of this.watches) if (watch.res === res) this.watches.delete(watch);
      upstream.destroy();
    });
    req.pipe(upstream);
  }
}
