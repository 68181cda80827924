// The database upgrades: journals written by earlier versions still load, and a run's steps are
// stored in chunks that read back whole and in order.
import { expect, test } from 'vitest';
import { deleteDB, openDB, type IDBPDatabase } from 'idb';
import { openOrganizerDb, STEPS_PER_CHUNK } from '../../src/db/schema.ts';
import { createRun, loadRun, runsOf } from '../../src/apply/journal-store.ts';
import { deletePreset, loadPresets, loadSettings, savePreset, saveSettings } from '../../src/db/library-settings.ts';
import type { JournalStep } from '../../src/core/journal-steps.ts';
import type { JournalRun } from '../../src/db/journal-records.ts';

/** Version 1's stores; `runSteps` came with version 2. */
function version1Stores(db: IDBPDatabase) {
  db.createObjectStore('reads', { keyPath: ['library', 'path'] });
  db.createObjectStore('libraries', { keyPath: 'id' });
  db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byLibrary', 'library');
  db.createObjectStore('progress', { keyPath: ['run', 'batch'] }).createIndex('byRun', 'run');
  db.createObjectStore('settings');
}

const stepsOf = (n: number, prefix: string): JournalStep[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'move', from: `${prefix}/${i}.mp3`, to: `B/${prefix}/${i}.mp3`, size: i, lastModified: 2 }));

const record = (id: string) => ({ id, library: 'lib', libraryName: 'Music', kind: 'organize', startedAt: 1, status: 'done', template: 't', createdFolders: [], removedFolders: [] });

/** Keys of the stored chunks, straight from IndexedDB. */
async function chunkKeys(name: string): Promise<IDBValidKey[]> {
  const raw = await openDB(name);
  const keys = await raw.getAllKeys('stepChunks');
  raw.close();
  return keys;
}

test('version 1 runs keep their steps after the upgrade', async () => {
  await deleteDB('schema-v1');
  const v1 = await openDB('schema-v1', 1, { upgrade: version1Stores });
  const steps = stepsOf(STEPS_PER_CHUNK + 1, 'a');
  await v1.put('runs', { ...record('r1'), steps });
  v1.close();

  const db = await openOrganizerDb('schema-v1');
  expect((await loadRun(db, 'r1'))!.steps).toEqual(steps);
  const [stored] = await runsOf(db, 'lib');
  expect(stored!.stepCount).toBe(steps.length);
  expect('steps' in stored!).toBe(false);
  db.close();
  expect(await chunkKeys('schema-v1')).toEqual([['r1', 0], ['r1', 1]]);
});

test('version 2 runs (one record of steps each) are split into chunks, and the old store goes', async () => {
  await deleteDB('schema-v2');
  const v2 = await openDB('schema-v2', 2, {
    upgrade(db) {
      version1Stores(db);
      db.createObjectStore('runSteps', { keyPath: 'run' });
    },
  });
  const big = stepsOf(2 * STEPS_PER_CHUNK + 5, 'big');
  const small = stepsOf(3, 'small');
  await v2.put('runs', { ...record('big'), stepCount: big.length });
  await v2.put('runSteps', { run: 'big', steps: big });
  await v2.put('runs', { ...record('small'), stepCount: small.length });
  await v2.put('runSteps', { run: 'small', steps: small });
  v2.close();

  const db = await openOrganizerDb('schema-v2');
  expect((await loadRun(db, 'big'))!.steps).toEqual(big);
  expect((await loadRun(db, 'small'))!.steps).toEqual(small);
  expect([...db.objectStoreNames]).not.toContain('runSteps');
  expect([...db.objectStoreNames]).not.toContain('settings');
  db.close();
  expect(await chunkKeys('schema-v2')).toEqual([['big', 0], ['big', 1], ['big', 2], ['small', 0]]);
});

test('a new run is stored in chunks and reads back whole, in order, apart from its neighbours', async () => {
  await deleteDB('schema-new');
  const db = await openOrganizerDb('schema-new');
  const run = (id: string, steps: JournalStep[]): JournalRun => ({ ...record(id), kind: 'organize', status: 'running', steps });
  const first = stepsOf(3 * STEPS_PER_CHUNK, 'one');
  // Ids that sort next to each other must not see each other's chunks.
  await createRun(db, run('run-1', first));
  await createRun(db, run('run-10', stepsOf(7, 'ten')));
  await createRun(db, run('empty', []));
  expect((await loadRun(db, 'run-1'))!.steps).toEqual(first);
  expect((await loadRun(db, 'run-10'))!.steps).toEqual(stepsOf(7, 'ten'));
  expect((await loadRun(db, 'empty'))!.steps).toEqual([]);
  expect(await loadRun(db, 'missing')).toBeUndefined();
  db.close();
  expect((await chunkKeys('schema-new')).filter((k) => (k as [string])[0] === 'run-1')).toHaveLength(3);
});

test('version 4 gains the store of review choices, keeping what it held', async () => {
  await deleteDB('schema-v4');
  const v4 = await openDB('schema-v4', 4, {
    upgrade(db) {
      version1Stores(db);
      db.deleteObjectStore('settings');
      db.createObjectStore('stepChunks', { keyPath: ['run', 'chunk'] });
    },
  });
  const read = { library: 'lib', path: 'a.mp3', size: 1, lastModified: 2, outcome: { kind: 'unreadable', reason: 'x' } };
  await v4.put('reads', read);
  await v4.put('runs', { ...record('r4'), stepCount: 0 });
  v4.close();

  const db = await openOrganizerDb('schema-v4');
  expect([...db.objectStoreNames]).toContain('reviewChoices');
  expect(await db.get('reads', ['lib', 'a.mp3'])).toEqual(read);
  expect((await loadRun(db, 'r4'))!.steps).toEqual([]);
  const choice = { kind: 'keep-copy' as const, madeAt: 1, copy: { size: 1, lastModified: 2, path: 'a.mp3' } };
  await db.put('reviewChoices', { ...choice, library: 'lib', key: 'k' });
  expect(await db.getAll('reviewChoices')).toEqual([{ ...choice, library: 'lib', key: 'k' }]);
  db.close();
});

test('version 5 gains the stores of library settings and presets, keeping the review choices', async () => {
  await deleteDB('schema-v5');
  const v5 = await openDB('schema-v5', 5, {
    upgrade(db) {
      version1Stores(db);
      db.deleteObjectStore('settings');
      db.createObjectStore('stepChunks', { keyPath: ['run', 'chunk'] });
      db.createObjectStore('reviewChoices', { keyPath: ['library', 'key'] });
    },
  });
  const choice = { kind: 'keep-copy', madeAt: 1, copy: { size: 1, lastModified: 2, path: 'a.mp3' }, library: 'lib', key: 'k' };
  await v5.put('reviewChoices', choice);
  v5.close();

  const db = await openOrganizerDb('schema-v5');
  expect(await db.getAll('reviewChoices')).toEqual([choice]);
  const settings = { library: 'lib', rules: 'default: $title', untagged: 'leave' as const, untaggedFolder: 'Untagged', junk: 'keep' as const, mode: 'copy' as const, deleteOriginals: false, savedAt: 3 };
  await saveSettings(db, settings);
  await savePreset(db, { id: 'p2', name: 'Later', rules: 'default: $album/$title', savedAt: 5 });
  await savePreset(db, { id: 'p1', name: 'Mine', rules: 'default: $title', savedAt: 4 });
  expect(await loadSettings(db, 'lib')).toEqual(settings);
  expect(await loadSettings(db, 'other')).toBeUndefined();
  expect((await loadPresets(db)).map((p) => p.name)).toEqual(['Mine', 'Later']);
  await deletePreset(db, 'p1');
  expect((await loadPresets(db)).map((p) => p.name)).toEqual(['Later']);
  db.close();
});

test('a database made new has every store, version 1 included', async () => {
  await deleteDB('schema-fresh');
  const db = await openOrganizerDb('schema-fresh');
  expect([...db.objectStoreNames].sort()).toEqual(['libraries', 'librarySettings', 'pluginAnswers', 'pluginResponses', 'plugins', 'presets', 'progress', 'reads', 'reviewChoices', 'runs', 'stepChunks']);
  db.close();
  await deleteDB('schema-v1-all');
  const v1 = await openDB('schema-v1-all', 1, { upgrade: version1Stores });
  v1.close();
  const upgraded = await openOrganizerDb('schema-v1-all');
  expect([...upgraded.objectStoreNames].sort()).toEqual(['libraries', 'librarySettings', 'pluginAnswers', 'pluginResponses', 'plugins', 'presets', 'progress', 'reads', 'reviewChoices', 'runs', 'stepChunks']);
  upgraded.close();
});
