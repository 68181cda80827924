// The user's review choices in IndexedDB: kept per library, one answer per question (a new choice
// in a duplicate group replaces the earlier one), and they survive closing the database.
import { expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb } from '../../src/db/schema.ts';
import { loadChoices, saveChoice, updateChoices } from '../../src/db/review-choices.ts';
import { choiceKey, type ReviewChoice } from '../../src/core/review-choices.ts';

const keep = (path: string, size: number, madeAt: number, hash?: string): ReviewChoice => ({
  kind: 'keep-copy',
  madeAt,
  copy: { path, size, lastModified: 1_700_000_000_000, ...(hash ? { hash } : {}) },
});

test('choices are kept per library, replace the ones they override, and outlive the connection', async () => {
  await deleteDB('review-choices-test');
  let db = await openOrganizerDb('review-choices-test');
  const flac = keep('A/X/01.flac', 900, 1);
  const mp3 = keep('Unsorted/01.mp3', 300, 2);
  await saveChoice(db, 'lib', flac);
  await saveChoice(db, 'other', keep('B/02.mp3', 5, 1));
  // Choosing the MP3 in the same group: the FLAC's choice goes.
  await saveChoice(db, 'lib', mp3, [flac]);
  expect(await loadChoices(db, 'lib')).toEqual([mp3]);
  // Exact copies share one key (their hash): a second choice among them replaces the first.
  await saveChoice(db, 'lib', keep('a.mp3', 7, 3, 'abc'));
  await saveChoice(db, 'lib', keep('b.mp3', 7, 4, 'abc'));
  db.close();

  db = await openOrganizerDb('review-choices-test');
  expect(await loadChoices(db, 'lib')).toEqual(expect.arrayContaining([mp3, keep('b.mp3', 7, 4, 'abc')]));
  expect(await loadChoices(db, 'lib')).toHaveLength(2);
  expect(await loadChoices(db, 'other')).toEqual([keep('B/02.mp3', 5, 1)]);
  // A library whose id is a prefix of another's sees only its own.
  expect(await loadChoices(db, 'li')).toEqual([]);
  db.close();
});

test('exclusions and edits are stored and forgotten together, all or nothing', async () => {
  await deleteDB('review-choices-update');
  const db = await openOrganizerDb('review-choices-update');
  const folder: ReviewChoice = { kind: 'exclude-folder', madeAt: 1, folder: 'Podcasts' };
  const edit: ReviewChoice = { kind: 'edit-release', madeAt: 2, release: { files: [{ path: 'a.mp3', size: 1, lastModified: 1 }], title: 'A — B' }, set: { year: 2001 } };
  await updateChoices(db, 'lib', [folder, edit]);
  expect(await loadChoices(db, 'lib')).toEqual(expect.arrayContaining([folder, edit]));
  // Revert the edit and exclude another folder in one go.
  const other: ReviewChoice = { kind: 'exclude-folder', madeAt: 3, folder: 'Audiobooks' };
  await updateChoices(db, 'lib', [other], [choiceKey(edit)]);
  expect(await loadChoices(db, 'lib')).toEqual(expect.arrayContaining([folder, other]));
  expect(await loadChoices(db, 'lib')).toHaveLength(2);
  // A choice the store cannot hold fails the whole update: the revert in it does not happen either.
  const broken = { ...other, folder: 'x', madeAt: () => 0 } as unknown as ReviewChoice;
  await expect(updateChoices(db, 'lib', [broken], [choiceKey(folder)])).rejects.toThrow();
  expect(await loadChoices(db, 'lib')).toEqual(expect.arrayContaining([folder, other]));
  expect(await loadChoices(db, 'lib')).toHaveLength(2);
  db.close();
});
