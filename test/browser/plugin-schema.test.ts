// Schema 6 adds the plugin stores (and 7 the settings stores); a database of version 5 keeps everything it had.
import { expect, test } from 'vitest';
import { deleteDB, openDB } from 'idb';
import { openOrganizerDb } from '../../src/db/schema.ts';

test('version 5 upgrades to the newest: plugin and settings stores added, libraries and choices kept', async () => {
  await deleteDB('schema-v5-plugins');
  const v5 = await openDB('schema-v5-plugins', 5, {
    upgrade(db) {
      db.createObjectStore('reads', { keyPath: ['library', 'path'] });
      db.createObjectStore('libraries', { keyPath: 'id' });
      db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byLibrary', 'library');
      db.createObjectStore('progress', { keyPath: ['run', 'batch'] }).createIndex('byRun', 'run');
      db.createObjectStore('stepChunks', { keyPath: ['run', 'chunk'] });
      db.createObjectStore('reviewChoices', { keyPath: ['library', 'key'] });
    },
  });
  await v5.put('libraries', { id: 'lib', name: 'Music', addedAt: 1, lastOpenedAt: 2 });
  await v5.put('reviewChoices', { library: 'lib', key: 'k', kind: 'keep-copy' });
  v5.close();

  const db = await openOrganizerDb('schema-v5-plugins');
  expect([...db.objectStoreNames]).toEqual(expect.arrayContaining(['plugins', 'pluginResponses', 'pluginAnswers', 'librarySettings', 'presets', 'libraries', 'reviewChoices']));
  expect(await db.get('libraries', 'lib')).toMatchObject({ name: 'Music' });
  expect(await db.count('reviewChoices')).toBe(1);
  expect(await db.count('plugins')).toBe(0);
  db.close();
});
