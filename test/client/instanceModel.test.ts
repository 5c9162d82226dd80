// The client's instance model: `platformAware/instances` deltas applied in order, and exactly which rows
// of the Platform view each one changes (the view redraws only those).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { InstanceModel, type InstancesChange } from '#client/instanceModel';
import type { InstanceState, InstanceStatus, InstancesNotification } from '#server/core/status/types';

const A = 'file:///w/app/a.yaml';
const B = 'file:///w/app/b.yaml';

function instance(uri: string, documentIndex: number, state: InstanceState = 'Ready', name = `n${documentIndex}`): InstanceStatus {
  return { id: `${uri}#${documentIndex}`, uri, documentIndex, line: documentIndex * 10, apiVersion: 'acme.io/v1', kind: 'Cache', name, state, children: [] };
}

function notification(delta: Partial<InstancesNotification>, total = 0): InstancesNotification {
  return { reset: false, upsert: [], remove: [], summary: { Ready: total, Progressing: 0, Failed: 0, Missing: 0, Unknown: 0, total }, ...delta };
}

describe('instance model', () => {
  it('a reset replaces everything; the file list changes', () => {
    const model = new InstanceModel();
    model.apply(notification({ reset: true, upsert: [instance(A, 0)] }));
    const change = model.apply(notification({ reset: true, upsert: [instance(B, 1), instance(B, 0)] }, 2));
    assert.deepEqual(change, { reset: true, files: [B], fileSetChanged: true, updated: [] });
    assert.deepEqual(model.files(), [B]);
    assert.deepEqual(model.inFile(B).map((i) => i.documentIndex), [0, 1], 'document order');
    assert.equal(model.get(`${A}#0`), undefined);
    assert.equal(model.summary?.total, 2);
  });

  it('a status change in place touches that instance only', () => {
    const model = new InstanceModel();
    model.apply(notification({ reset: true, upsert: [instance(A, 0), instance(A, 1)] }));
    const change = model.apply(notification({ upsert: [instance(A, 1, 'Failed')] }));
    assert.deepEqual(change, { reset: false, files: [], fileSetChanged: false, updated: [`${A}#1`] });
    assert.equal(model.get(`${A}#1`)?.state, 'Failed');
  });

  it('a new instance in a known file redraws that file, not the list of files', () => {
    const model = new InstanceModel();
    model.apply(notification({ reset: true, upsert: [instance(A, 0)] }));
    const change = model.apply(notification({ upsert: [instance(A, 1), instance(A, 0, 'Progressing')] }));
    assert.deepEqual(change, { reset: false, files: [A], fileSetChanged: false, updated: [] }, 'the in-place update is covered by the file');
  });

  it('removing the last instance of a file changes the list of files', () => {
    const model = new InstanceModel();
    model.apply(notification({ reset: true, upsert: [instance(A, 0), instance(B, 0)] }));
    const change = model.apply(notification({ remove: [`${A}#0`, 'file:///unknown#3'] }));
    assert.deepEqual(change, { reset: false, files: [A], fileSetChanged: true, updated: [] });
    assert.equal(model.hasFile(A), false);
    assert.equal(model.size, 1);
  });

  it('an instance whose id moves to another file leaves the first', () => {
    const model = new InstanceModel();
    model.apply(notification({ reset: true, upsert: [instance(A, 0)] }));
    const moved = { ...instance(B, 0), id: `${A}#0` };
    const change = model.apply(notification({ upsert: [moved] }));
    assert.deepEqual(change, { reset: false, files: [A, B], fileSetChanged: true, updated: [] });
    assert.deepEqual(model.inFile(A), []);
    assert.equal(model.inFile(B)[0]?.id, `${A}#0`);
  });

  it('tells listeners, until they are disposed', () => {
    const model = new InstanceModel();
    const seen: InstancesChange[] = [];
    const subscription = model.onDidChange((c) => seen.push(c));
    model.apply(notification({ reset: true, upsert: [instance(A, 0)], context: 'admin', namespace: 'shop' }, 1));
    subscription.dispose();
    model.apply(notification({ upsert: [instance(A, 0, 'Failed')] }));
    assert.equal(seen.length, 1);
    assert.deepEqual([model.context, model.namespace], [undefined, undefined], 'the latest notification names no context');
  });
});
