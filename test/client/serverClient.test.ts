// The language client as the rest of the extension sees it before and after it is loaded (activation does
// not wait for vscode-languageclient): requests wait for it, notification handlers registered early are
// registered before its start, and deactivate at any moment neither throws nor leaves a client running.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ServerClient } from '#client/serverClient';

/** The part of LanguageClient that ServerClient uses, recording what was done to it, in order. */
class FakeClient {
  readonly calls: string[] = [];
  readonly handlers = new Map<string, (params: unknown) => void>();
  running = false;
  private finishStart: (() => void) | undefined;

  constructor(private readonly startsAtOnce = true) {}

  onNotification(method: string, handler: (params: unknown) => void): void {
    this.calls.push(`onNotification ${method}`);
    this.handlers.set(method, handler);
  }
  start(): Promise<void> {
    this.calls.push('start');
    if (this.startsAtOnce) {
      this.running = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => (this.finishStart = () => ((this.running = true), resolve())));
  }
  finish(): void {
    this.finishStart?.();
  }
  isRunning(): boolean {
    return this.running;
  }
  stop(): Promise<void> {
    this.calls.push('stop');
    this.running = false;
    return Promise.resolve();
  }
  sendRequest(method: string, params?: object): Promise<unknown> {
    this.calls.push(`request ${method}${params ? ` ${JSON.stringify(params)}` : ''}`);
    return Promise.resolve({ answered: method });
  }
  sendNotification(method: string, params: object): Promise<void> {
    this.calls.push(`notify ${method} ${JSON.stringify(params)}`);
    return Promise.resolve();
  }
}

// ServerClient only calls the methods FakeClient implements; the rest of LanguageClient's surface is unused.
const asLanguageClient = (fake: FakeClient) => fake as unknown as LanguageClient;

describe('server client (the language client, loaded after activation)', () => {
  it('registers handlers given before the client existed, before starting it', async () => {
    const server = new ServerClient();
    const seen: unknown[] = [];
    server.onNotification<{ n: number }>('platformAware/status', (params) => seen.push(params.n));
    const fake = new FakeClient();
    assert.equal(await server.start(() => asLanguageClient(fake)), true);
    assert.deepEqual(fake.calls, ['onNotification platformAware/status', 'start']);
    fake.handlers.get('platformAware/status')!({ n: 1 });
    // A handler given after the start goes straight to the client.
    server.onNotification('platformAware/instances', () => undefined);
    assert.ok(fake.handlers.has('platformAware/instances'));
    assert.deepEqual(seen, [1]);
  });

  it('holds requests and notifications until the client exists, then sends them', async () => {
    const server = new ServerClient();
    const answer = server.sendRequest<{ answered: string }>('platformAware/catalog');
    const notified = server.sendNotification('platformAware/trust', { trusted: true });
    const fake = new FakeClient();
    await server.start(() => asLanguageClient(fake));
    assert.deepEqual(await answer, { answered: 'platformAware/catalog' });
    await notified;
    assert.ok(fake.calls.includes('request platformAware/catalog'));
    assert.ok(fake.calls.includes('notify platformAware/trust {"trusted":true}'));
  });

  it('deactivated before the client was loaded: never creates it, and waiting requests fail', async () => {
    const server = new ServerClient();
    const answer = server.sendRequest('platformAware/catalog');
    await server.stop();
    let created = false;
    assert.equal(await server.start(() => ((created = true), asLanguageClient(new FakeClient()))), false);
    assert.equal(created, false);
    await assert.rejects(answer, /deactivated before its language client started/);
  });

  it('deactivated while the client starts: stops it once the start settled', async () => {
    const server = new ServerClient();
    const fake = new FakeClient(false);
    const started = server.start(() => asLanguageClient(fake));
    const stopped = server.stop();
    assert.ok(!fake.calls.includes('stop'), 'not stopped while starting');
    fake.finish();
    await started;
    await stopped;
    assert.deepEqual(fake.calls, ['start', 'stop']);
    assert.equal(fake.isRunning(), false);
  });

  it('deactivated after the client started: stops it once; a second stop does nothing', async () => {
    const server = new ServerClient();
    const fake = new FakeClient();
    await server.start(() => asLanguageClient(fake));
    await server.stop();
    await server.stop();
    assert.deepEqual(fake.calls, ['start', 'stop']);
    assert.equal(await server.start(() => asLanguageClient(new FakeClient())), true, 'started once: a second start is the first');
  });

  it('a client that cannot be loaded fails the start and the waiting requests, and stop still works', async () => {
    const server = new ServerClient();
    const answer = server.sendRequest('platformAware/contexts');
    await assert.rejects(server.start(() => { throw new Error('dist/languageClient.js is missing'); }), /missing/);
    await assert.rejects(answer, /missing/);
    await server.stop();
  });
});
