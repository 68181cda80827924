// The session end to end in real Chromium: after an apply, the cached tags follow the moved files
// in the background, and "Scan again" clicked at once does not wait for them (issue 12, point 5):
// it takes the moves not yet written over, reads no file content, and the rest is written after.
import { expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { LibrarySession, type SessionHost } from '../../src/state/library-session.svelte.ts';
import { freshFolder, writeFile } from './support/opfs.ts';
import { fixtureBytes } from './support/pipeline.ts';
import { mpegFrames, taggedMp3 } from './support/id3.ts';

const N = 1500;

test('a scan clicked right after an apply takes the follow over: every file from the cache, no byte read', async () => {
  await deleteDB('session-follow');
  const db: OrganizerDb = await openOrganizerDb('session-follow');
  const frames = mpegFrames(await fixtureBytes('mp3-id3v23.mp3'));
  const root = await freshFolder('session-follow');
  for (let i = 0; i < N; i++) {
    const n = String(i).padStart(3, '0');
    await writeFile(root, `Box/${n}.mp3`, taggedMp3(frames, { TIT2: `Song ${n}`, TPE1: 'Artist', TPE2: 'Artist', TALB: `Album ${i % 30}`, TRCK: String(i + 1) }));
  }
  const host: SessionHost = { stage: 'choose', error: null, database: async () => db, runsChanged: () => {} };
  const session = new LibrarySession(host, { id: 'session-follow', name: 'Music' }, root);
  await session.start();
  expect(session.scanProgress?.bytesRead).toBeGreaterThan(0);
  expect(host.stage).toBe('review');
  expect(session.plan?.operations.filter((o) => o.kind === 'move').length).toBe(N);

  await session.apply();
  expect(host.stage).toBe('finished');
  expect(host.error).toBeNull();
  // Clicked as soon as the result is shown, while the tags still follow the files.
  await session.review();
  expect(host.stage).toBe('review');
  // The scan is done and the follow is not: the scan did not wait for it.
  expect(session.following.left).toBeGreaterThan(0);
  expect(host.error).toBeNull();
  expect(session.scanProgress?.bytesRead).toBe(0);
  expect(session.scanProgress?.fromCache).toBe(N);
  expect(session.plan?.operations.filter((o) => o.kind === 'move').length).toBe(0);

  // The library opened again (as the Organizer does: the next session gets the follow): its first
  // scan takes over what is left too.
  session.close();
  const next = new LibrarySession(host, { id: 'session-follow', name: 'Music' }, root, session.following);
  await next.start();
  expect(host.stage).toBe('review');
  expect(next.scanProgress?.bytesRead).toBe(0);
  expect(next.scanProgress?.fromCache).toBe(N);
  // What the scans did not write themselves is written after them, and a later scan finds it.
  await next.following.settled();
  expect(next.following.left).toBe(0);
  await next.review();
  expect(next.scanProgress?.bytesRead).toBe(0);
  expect(next.scanProgress?.fromCache).toBe(N);
  expect(host.error).toBeNull();
  next.close();
  db.close();
}, 180_000);
