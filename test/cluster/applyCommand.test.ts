// "Apply to cluster" through the real language server over stdio, KUBECONFIG pointing at the real API server
// with the sample platform installed: workspace/executeCommand runs the dry run, asks through
// window/showMessageRequest (the test client answers), and applies only on "Apply". Rejections are shown
// verbatim; an untrusted workspace is refused before any cluster is reached; the provisioning quick fix
// carries the command when a cluster is connected.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { installCrossplanePlatform } from '../support/crossplaneCrds';
import { describeCluster, KubeApiServer } from '../support/kubeApiServer';
import { endpointFromKubeconfig, KubeRest } from '../support/kubeRest';
import { LspClient } from '../support/lspClient';
import { CLI, fileUri } from '../support/paths';

const COMMAND = 'platformAware.applyToCluster';
const CLAIMS = '/apis/platform.example.org/v1alpha1/namespaces/default/postgresqlinstances';
const MessageType = { Error: 1, Warning: 2, Info: 3 };

const claim = (name: string, version = '16') => `apiVersion: platform.example.org/v1alpha1
kind: PostgreSQLInstance
metadata:
  name: ${name}
spec:
  parameters:
    storageGB: 20
    databaseName: orders
    version: "${version}"
  writeConnectionSecretToRef:
    name: ${name}-conn
`;

const WORKLOAD = `apiVersion: apps/v1
kind: Deployment
metadata: { name: billing }
spec:
  template:
    spec:
      containers:
        - name: billing
          env:
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: billing-db-conn, key: password } }
`;

interface Result {
  outcome: string;
  result?: string;
  status?: number;
  message?: string;
  stage?: string;
  object?: { kind: string; name: string; namespace?: string };
}

/** Bounded wait: the event, or a failure naming what did not happen. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function startClient(kube: KubeApiServer, folder: string, trusted: boolean): Promise<LspClient> {
  const client = new LspClient({ command: process.execPath, args: [CLI, 'lsp', '--stdio'], env: { ...process.env, KUBECONFIG: kube.kubeconfigPath } });
  client.settings = {};
  await client.initialize(fileUri(folder), { trusted });
  const state = trusted ? 'connected' : 'disabled';
  await within(client.notification('platformAware/status', (p) => (p as { cluster?: { state?: string } }).cluster?.state === state), 30_000, `cluster ${state}`);
  return client;
}

const execute = (client: LspClient, argument: unknown) => client.connection.sendRequest('workspace/executeCommand', { command: COMMAND, arguments: [argument] }) as Promise<Result>;

describeCluster('apply to cluster through the language server (stdio)', (cluster) => {
  let client: LspClient;
  const folder = mkdtempSync(join(tmpdir(), 'platform-aware-apply-'));
  const exists = async (name: string) => (await cluster().request(`${CLAIMS}/${name}`)).status === 200;

  before(async () => {
    const kube = cluster();
    await installCrossplanePlatform(new KubeRest(endpointFromKubeconfig(kube.kubeconfigPath)));
    client = await startClient(kube, folder, true);
  });
  after(async () => {
    await client?.shutdown();
    rmSync(folder, { recursive: true, force: true });
  });

  it('announces the command', () => {
    const capabilities = (client.initializeResult as { capabilities: { executeCommandProvider?: { commands: string[] } } }).capabilities;
    assert.deepEqual(capabilities.executeCommandProvider, { commands: [COMMAND] });
  });

  it('dry run, the question with what the dry run said, "Apply": the claim is created', async () => {
    client.messageAnswers.push('Apply');
    const asked = client.nextMessageRequest();
    const result = await execute(client, { uri: fileUri(join(folder, 'orders-db.yaml')), text: claim('orders-db') });
    const question = await asked;
    assert.equal(question.message, 'Dry run on context admin: PostgreSQLInstance default/orders-db would be created. Apply it?');
    assert.equal(question.type, MessageType.Warning);
    assert.deepEqual(question.actions, [{ title: 'Apply' }, { title: 'Cancel' }]);
    assert.deepEqual(result, { outcome: 'applied', result: 'created', object: { apiVersion: 'platform.example.org/v1alpha1', kind: 'PostgreSQLInstance', name: 'orders-db', namespace: 'default' } });
    assert.ok(await exists('orders-db'));
    assert.ok(client.shownMessages().some((m) => m.type === MessageType.Info && m.message === 'Applied on context admin: PostgreSQLInstance default/orders-db created.'), JSON.stringify(client.shownMessages()));
  });

  it('a changed document on disk (documentIndex) is a change; the question names the field', async () => {
    const path = join(folder, 'two.yaml');
    writeFileSync(path, `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: unrelated }\n---\n${claim('orders-db', '15')}`);
    client.messageAnswers.push('Apply');
    const asked = client.nextMessageRequest();
    const result = await execute(client, { uri: fileUri(path), documentIndex: 1 });
    assert.equal((await asked).message, 'Dry run on context admin: PostgreSQLInstance default/orders-db would change (spec.parameters.version). Apply it?');
    assert.equal(result.outcome, 'applied');
    assert.equal(result.result, 'changed');
    const stored = JSON.parse((await cluster().request(`${CLAIMS}/orders-db`)).body) as { spec: { parameters: { version: string } } };
    assert.equal(stored.spec.parameters.version, '15');
  });

  it('an open document is applied as the editor has it, unsaved edits included', async () => {
    const uri = fileUri(join(folder, 'unsaved.yaml'));
    await client.open(uri, claim('buffer-db'), 1);
    client.messageAnswers.push('Cancel');
    const asked = client.nextMessageRequest();
    assert.deepEqual(await execute(client, { uri }), { outcome: 'cancelled' });
    assert.equal((await asked).message, 'Dry run on context admin: PostgreSQLInstance default/buffer-db would be created. Apply it?');
    const missing = await execute(client, { uri, documentIndex: 3 });
    assert.deepEqual(missing, { outcome: 'refused', message: `${uri} has no YAML document 3.` });
  });

  it('"Cancel" (and a dismissed question) applies nothing', async () => {
    client.messageAnswers.push('Cancel');
    const cancelled = await execute(client, { uri: fileUri(join(folder, 'x.yaml')), text: claim('cancelled-db') });
    assert.deepEqual(cancelled, { outcome: 'cancelled' });
    // No answer queued: the client answers null, as an editor does when the notification is closed.
    const dismissed = await execute(client, { uri: fileUri(join(folder, 'x.yaml')), text: claim('cancelled-db') });
    assert.deepEqual(dismissed, { outcome: 'cancelled' });
    assert.equal(client.messageRequests.at(-1)!.message, 'Dry run on context admin: PostgreSQLInstance default/cancelled-db would be created. Apply it?');
    assert.equal(await exists('cancelled-db'), false);
  });

  it("a rejection by the API server is shown verbatim and nothing is asked", async () => {
    const asked = client.messageRequests.length;
    const result = await execute(client, { uri: fileUri(join(folder, 'bad.yaml')), text: claim('bad-db', '13') });
    assert.equal(result.outcome, 'rejected');
    assert.equal(result.stage, 'dry-run');
    assert.equal(result.status, 422);
    assert.equal(result.message, 'PostgreSQLInstance.platform.example.org "bad-db" is invalid: spec.parameters.version: Unsupported value: "13": supported values: "14", "15", "16"');
    const shown = client.shownMessages().find((m) => m.type === MessageType.Error && m.message.includes(result.message!));
    assert.equal(shown?.message, `Dry run on context admin: the API server rejected PostgreSQLInstance bad-db: ${result.message}`);
    assert.equal(client.messageRequests.length, asked);
    assert.equal(await exists('bad-db'), false);
  });

  it('a YAML error or a document without a name is refused before the cluster is asked', async () => {
    const broken = await execute(client, { uri: fileUri(join(folder, 'x.yaml')), text: 'kind: [\n' });
    assert.equal(broken.outcome, 'refused');
    assert.match(broken.message!, /^YAML error: /);
    const nameless = await execute(client, { uri: fileUri(join(folder, 'x.yaml')), text: 'apiVersion: v1\nkind: ConfigMap\n' });
    assert.deepEqual(nameless, { outcome: 'refused', message: 'the manifest has no metadata.name.' });
  });

  it('the provisioning quick fix has an "and apply to cluster" twin carrying the command; running it applies the claim', async () => {
    const uri = fileUri(join(folder, 'billing.yaml'));
    writeFileSync(join(folder, 'billing.yaml'), WORKLOAD);
    await client.open(uri, WORKLOAD, 1);
    const diagnostics = await within(client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'secret-not-provided')), 15_000, 'secret-not-provided');
    const diagnostic = diagnostics.diagnostics.find((d) => d.code === 'secret-not-provided') as Diagnostic;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as CodeAction[];
    const provision = actions.find((a) => a.title === 'Provision PostgreSQLInstance "billing-db" (writes Secret billing-db-conn)');
    const apply = actions.find((a) => a.title === 'Provision PostgreSQLInstance "billing-db" and apply to cluster (writes Secret billing-db-conn)');
    assert.ok(provision && apply, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(apply.edit, provision.edit);
    assert.equal(apply.isPreferred, false);
    assert.equal(apply.command?.command, COMMAND);
    const argument = apply.command!.arguments![0] as { uri: string; text: string };
    assert.equal(argument.uri, fileUri(join(folder, 'billing-db.postgresqlinstance.yaml')));
    assert.match(argument.text, /^apiVersion: platform\.example\.org\/v1alpha1\nkind: PostgreSQLInstance\nmetadata:\n  name: billing-db\n/);

    client.messageAnswers.push('Apply');
    const result = await execute(client, argument);
    assert.equal(result.outcome, 'applied', JSON.stringify(result));
    assert.ok(await exists('billing-db'));
  });

  it('an untrusted workspace is refused, reaches no cluster, and gets no apply quick fix', async () => {
    const kube = cluster();
    const untrusted = await startClient(kube, folder, false);
    try {
      const result = await execute(untrusted, { uri: fileUri(join(folder, 'x.yaml')), text: claim('untrusted-db') });
      assert.deepEqual(result, { outcome: 'refused', message: 'the workspace is not trusted.' });
      assert.deepEqual(untrusted.shownMessages(), [{ type: MessageType.Error, message: 'Apply to cluster refused: the workspace is not trusted.' }]);
      assert.deepEqual(untrusted.messageRequests, []);
      assert.ok(!untrusted.notifications('platformAware/status').some((p) => (p as { cluster?: { state?: string } }).cluster?.state === 'connecting'), 'the cluster source never started');
      assert.equal(await exists('untrusted-db'), false);

      const uri = fileUri(join(folder, 'billing.yaml'));
      await untrusted.open(uri, WORKLOAD, 1);
      const diagnostics = await within(untrusted.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'secret-not-provided')), 15_000, 'secret-not-provided');
      const diagnostic = diagnostics.diagnostics.find((d) => d.code === 'secret-not-provided') as Diagnostic;
      const actions = (await untrusted.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as CodeAction[];
      assert.ok(actions.some((a) => a.title.startsWith('Provision PostgreSQLInstance')));
      assert.ok(!actions.some((a) => a.title.includes('apply to cluster') || a.command), JSON.stringify(actions.map((a) => a.title)));
    } finally {
      await untrusted.shutdown();
    }
  });

  it('the developer user is told plainly that RBAC denies the apply', async () => {
    const kube = cluster();
    const developer = new LspClient({ command: process.execPath, args: [CLI, 'lsp', '--stdio'], env: { ...process.env, KUBECONFIG: kube.kubeconfigPath } });
    try {
      // Setting platformAware.context, as a user would.
      developer.settings = { context: kube.contexts.developer };
      await developer.initialize(fileUri(folder), { trusted: true });
      await within(developer.notification('platformAware/status', (p) => (p as { cluster?: { state?: string } }).cluster?.state === 'connected'), 30_000, 'developer connected');
      const result = await execute(developer, { uri: fileUri(join(folder, 'x.yaml')), text: claim('developer-db') });
      assert.equal(result.outcome, 'forbidden');
      assert.equal(result.status, 403);
      assert.match(result.message!, /^postgresqlinstances\.platform\.example\.org "developer-db" is forbidden: User "developer" cannot \w+ resource "postgresqlinstances"/);
      const shown = developer.shownMessages().find((m) => m.type === MessageType.Error);
      assert.equal(shown?.message, `Dry run on context developer: RBAC denies applying PostgreSQLInstance developer-db: ${result.message}`);
      assert.deepEqual(developer.messageRequests, []);
    } finally {
      await developer.shutdown();
    }
  });
});
