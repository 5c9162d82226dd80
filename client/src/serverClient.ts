/**
 * The language client as the view, the commands and the cluster documents see it. vscode-languageclient is
 * bundled apart (dist/languageClient.js) and loaded only after activate() has returned: evaluating it
 * costs ~30 ms of the extension host, which VS Code's activation figure would otherwise include
 * (docs/performance.md). Until the client exists, requests and notifications wait for it; notification
 * handlers are kept here and registered before the client starts, so no server notification is missed.
 * Only types come from vscode-languageclient: this file is part of dist/client.js.
 */
import type { LanguageClient } from 'vscode-languageclient/node';

/** What pickContext, the Platform view and the cluster documents need of the server. */
export interface ServerRequests {
  sendRequest<R>(method: string, params?: object): Promise<R>;
}

interface Pending {
  resolve(client: LanguageClient): void;
  reject(error: unknown): void;
}

export class ServerClient implements ServerRequests {
  private readonly handlers: { method: string; handler: (params: unknown) => void }[] = [];
  private readonly created: Promise<LanguageClient>;
  private pending: Pending | undefined;
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private stopped = false;

  constructor() {
    this.created = new Promise<LanguageClient>((resolve, reject) => (this.pending = { resolve, reject }));
    // Nobody may be waiting when a start fails or deactivate comes first: not an unhandled rejection.
    this.created.catch(() => undefined);
  }

  /** Registers a handler for a server notification: kept until the client exists, then registered on it. */
  onNotification<P>(method: string, handler: (params: P) => void): void {
    // The server's message types say what P is; the wire carries JSON.
    const entry = { method, handler: (params: unknown) => handler(params as P) };
    if (this.client) this.client.onNotification(entry.method, entry.handler);
    else this.handlers.push(entry);
  }

  /**
   * Creates the client (loading its bundle), registers the handlers and starts it; once only. False: not
   * started, deactivate() came first.
   */
  start(create: () => LanguageClient): Promise<boolean> {
    if (this.starting) return this.starting.then(() => true);
    if (this.stopped) return Promise.resolve(false);
    let client: LanguageClient;
    try {
      client = create();
    } catch (error) {
      this.settle((pending) => pending.reject(error));
      this.starting = Promise.reject(error);
      return this.starting.then(() => true);
    }
    for (const { method, handler } of this.handlers) client.onNotification(method, handler);
    this.client = client;
    this.settle((pending) => pending.resolve(client));
    this.starting = client.start();
    return this.starting.then(() => true);
  }

  /** Waits for the client (vscode-languageclient itself waits for the server's start). */
  async sendRequest<R>(method: string, params?: object): Promise<R> {
    const client = await this.created;
    return params === undefined ? client.sendRequest<R>(method) : client.sendRequest<R>(method, params);
  }

  async sendNotification(method: string, params: object): Promise<void> {
    return (await this.created).sendNotification(method, params);
  }

  /** deactivate(): stops the client once its start settled; before it was created, keeps it from starting. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.settle((pending) => pending.reject(new Error('Platform Aware was deactivated before its language client started')));
    if (!this.starting) return;
    // vscode-languageclient refuses to stop a client that is still starting.
    await this.starting.catch(() => undefined);
    const client = await this.created.catch(() => undefined);
    if (client?.isRunning()) await client.stop();
  }

  private settle(how: (pending: Pending) => void): void {
    if (this.pending) how(this.pending);
    this.pending = undefined;
  }
}
