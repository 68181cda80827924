// The database upgrade: a journal written by version 1 (steps inside each run) still loads.
import { expect, test } from 'vitest';
import { deleteDB, openDB } from 'idb';
import { openOrganizerDb } from '../../src/db/schema.ts';
import { loadRun, runsOf } from '../../src/apply/journal-store.ts';

test('version 1 runs keep their steps after the upgrade to version 2', async () => {
  await deleteDB('schema-test');
  const v1 = await openDB('schema-test', 1, {
    upgrade(db) {
      db.createObjectStore('reads', { keyPath: ['library', 'path'] });
      db.createObjectStore('libraries', { keyPath: 'id' });
      db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byLibrary', 'library');
      db.createObjectStore('progress', { keyPath: ['run', 'batch'] }).createIndex('byRun', 'run');
      db.createObjectStore('settings');
    },
  });
  const steps = [{ kind: 'move', from: 'a.mp3', to: 'B/a.mp3', size: 1, lastModified: 2 }];
  await v1.put('runs', { id: 'r1', library: 'lib', libraryName: 'Music', kind: 'organize', startedAt: 1, status: 'done', template: 't', steps, createdFolders: [], removedFolders: [] });
  v1.close();

  const db = await openOrganizerDb('schema-test');
  expect((await loadRun(db, 'r1'))!.steps).toEqual(steps);
  const [record] = await runsOf(db, 'lib');
  expect(record!.stepCount).toBe(1);
  expect('steps' in record!).toBe(false);
  db.close();
});
