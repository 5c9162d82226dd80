// Finding and merging kubeconfig files as kubectl does, and refusing exec/auth-provider plugins in an
// untrusted workspace. Plain files: no API server needed. Also: client-node is imported in one place, lazily.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadKubeconfig } from '#server/sources/cluster/kubeconfig';
import { REPO_ROOT } from '../support/paths';

const dir = mkdtempSync(join(tmpdir(), 'platform-aware-kubeconfig-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const first = file('first', `apiVersion: v1
kind: Config
current-context: one
clusters:
  - name: shared
    cluster: { server: https://first.example:6443, certificate-authority: certs/ca.crt }
users:
  - name: token-user
    user: { token: abc }
contexts:
  - name: one
    context: { cluster: shared, user: token-user, namespace: team-a }
`);
const second = file('second', `apiVersion: v1
kind: Config
current-context: two
clusters:
  - name: shared
    cluster: { server: https://second.example:6443 }
  - name: cloud
    cluster: { server: https://cloud.example }
users:
  - name: plugin-user
    user:
      exec: { apiVersion: client.authentication.k8s.io/v1, command: cloud-login }
contexts:
  - name: two
    context: { cluster: cloud, user: plugin-user }
`);

describe('kubeconfig loading', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env = (files: string[]) => ({ KUBECONFIG: [...files, join(dir, 'missing')].join(delimiter) });

  it('merges KUBECONFIG files as kubectl does: the first file to set a value wins, missing files are skipped', () => {
    const result = loadKubeconfig({ trusted: true, env: env([first, second]), home: dir });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.context, 'one');
    assert.equal(result.value.server, 'https://first.example:6443', 'the first file’s cluster "shared" wins');
    assert.equal(result.value.namespace, 'team-a');
    assert.deepEqual(result.value.files, [first, second]);
    const cluster = (result.value.config['clusters'] as { cluster: Record<string, string> }[])[0]!.cluster;
    assert.equal(cluster['certificate-authority'], join(dir, 'certs', 'ca.crt'), 'relative to the file that names it');
  });

  it('uses a chosen context from a later file, and an explicit file alone', () => {
    const chosen = loadKubeconfig({ trusted: true, context: 'two', env: env([first, second]), home: dir });
    assert.ok(chosen.ok);
    assert.equal(chosen.value.server, 'https://cloud.example');
    const explicit = loadKubeconfig({ trusted: true, path: second, env: env([first]), home: dir });
    assert.ok(explicit.ok);
    assert.equal(explicit.value.context, 'two');
    assert.deepEqual(explicit.value.files, [second]);
  });

  it('refuses an exec plugin in an untrusted workspace, and only the context in use matters', () => {
    const refused = loadKubeconfig({ trusted: false, context: 'two', env: env([first, second]), home: dir });
    assert.deepEqual(refused.ok ? undefined : refused.reason, 'untrusted');
    assert.match(refused.ok ? '' : refused.message, /exec plugin/);
    assert.ok(loadKubeconfig({ trusted: false, env: env([first, second]), home: dir }).ok, 'a token user is fine untrusted');
    assert.ok(loadKubeconfig({ trusted: true, context: 'two', env: env([first, second]), home: dir }).ok);
  });

  it('says why when there is nothing to use', () => {
    const none = loadKubeconfig({ trusted: true, env: {}, home: join(dir, 'nobody') });
    assert.equal(none.ok ? '' : none.reason, 'none');
    const unknown = loadKubeconfig({ trusted: true, context: 'three', env: env([first]), home: dir });
    assert.match(unknown.ok ? '' : unknown.message, /context "three" is not in/);
  });

  it('imports @kubernetes/client-node only in sources/cluster/client.ts, and only with a dynamic import', () => {
    const files = (path: string): string[] => (statSync(path).isDirectory() ? readdirSync(path).flatMap((n) => files(join(path, n))) : path.endsWith('.ts') ? [path] : []);
    const importers = files(join(REPO_ROOT, 'server', 'src')).filter((path) => /from '@kubernetes\/client-node'|import\('@kubernetes\/client-node'\)|require\('@kubernetes\/client-node'\)/.test(readFileSync(path, 'utf8')));
    assert.deepEqual(importers.map((p) => p.slice(REPO_ROOT.length + 1)), [join('server', 'src', 'sources', 'cluster', 'client.ts')]);
    const text = readFileSync(importers[0]!, 'utf8');
    assert.doesNotMatch(text, /^import [^(]*from '@kubernetes\/client-node'/m, 'no static import');
  });
});
