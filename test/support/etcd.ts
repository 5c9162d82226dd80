// Direct access to the harness's etcd through its v3 HTTP/JSON gateway, for producing real `410 Gone` answers:
// compacting etcd's history makes every resourceVersion before the compaction revision unusable for watches.
// The API server's watch cache serves watches from memory and does not see etcd compactions, so the suite that
// wants etcd's own 410 starts kube-apiserver with --watch-cache=false; then a watch from a compacted version
// receives the ERROR event (metav1.Status 410 Expired) straight from etcd's ErrCompacted.

/** etcd's current revision (the API server's resourceVersions are etcd revisions). */
export async function etcdRevision(etcdUrl: string): Promise<number> {
  // A range read of any key returns the store's current revision in its header; "\0" is the lowest key.
  const answer = (await postJson(etcdUrl, '/v3/kv/range', { key: Buffer.from('\0').toString('base64') })) as { header: { revision: string } };
  return Number(answer.header.revision);
}

/** Compacts etcd's history up to its current revision (physically, so it is done on return); returns that revision. */
export async function compactEtcd(etcdUrl: string): Promise<number> {
  const revision = await etcdRevision(etcdUrl);
  await postJson(etcdUrl, '/v3/kv/compaction', { revision: String(revision), physical: true });
  return revision;
}

async function postJson(etcdUrl: string, path: string, body: object): Promise<unknown> {
  const response = await fetch(`${etcdUrl}${path}`, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`etcd ${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as unknown;
}
