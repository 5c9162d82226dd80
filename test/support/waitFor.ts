// Waiting without sleeping: list a collection, then watch it from the list's resourceVersion until an object
// satisfies a predicate, or fail after a bounded time with the last state seen (so a failure says why).
import { KubeObject, KubeRest } from './kubeRest';

/**
 * Resolves with the first object named `name` in the collection at `collectionPath` that satisfies `predicate`,
 * as listed or as delivered by a watch event. Rejects after `timeoutMs`.
 */
export async function waitForObject(rest: KubeRest, collectionPath: string, name: string, predicate: (o: KubeObject) => boolean, timeoutMs = 30_000): Promise<KubeObject> {
  const list = await rest.ok<{ metadata: { resourceVersion: string }; items: KubeObject[] }>('GET', collectionPath);
  let last = list?.items.find((o) => o.metadata.name === name);
  if (last && predicate(last)) return last;
  return new Promise<KubeObject>((resolveWait, reject) => {
    const timer = setTimeout(() => {
      watch.close();
      reject(new Error(`${collectionPath}/${name}: condition not met within ${timeoutMs} ms; last seen status: ${JSON.stringify(last?.status ?? '(not seen)')}`));
    }, timeoutMs);
    const watch = rest.watch(`${collectionPath}?watch=1&fieldSelector=metadata.name%3D${encodeURIComponent(name)}&resourceVersion=${list?.metadata.resourceVersion ?? ''}`, (event) => {
      if (event.type === 'BOOKMARK' || event.type === 'ERROR') return;
      last = event.object;
      if (event.type !== 'DELETED' && predicate(event.object)) {
        clearTimeout(timer);
        watch.close();
        resolveWait(event.object);
      }
    });
    watch.done.then(
      () => undefined,
      (error: Error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The condition of a type on an object's status, if any. */
export function conditionOf(object: KubeObject, type: string): { status: string; reason: string; message?: string; lastTransitionTime: string } | undefined {
  const conditions = (object.status?.['conditions'] as { type: string; status: string; reason: string; message?: string; lastTransitionTime: string }[] | undefined) ?? [];
  return conditions.find((c) => c.type === type);
}
