// Outputs after a run, on real OPFS: playlists written after the moves (never over a file that is
// there), the user's playlists rewritten to follow the moved files, undo removing the one and
// restoring the other byte for byte, and a crash in the middle of the outputs resumed or rolled back.
import { beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { resumeRun, rollBackRun, startRun, undoRun } from '../../src/apply/runs.ts';
import { progressOf } from '../../src/apply/journal-store.ts';
import { m3u8Text, rewritePlaylist } from '../../src/core/playlist-text.ts';
import type { JournalStep } from '../../src/core/journal-steps.ts';
import { stagingPath } from '../../src/apply/copy-steps.ts';
import { fileStats, freshFolder, readTree, stepsWithIdentity, writeFile, writeTree } from './support/opfs.ts';

const DB = 'playlists-test';
let db: OrganizerDb;
beforeAll(async () => {
  await deleteDB(DB);
  db = await openOrganizerDb(DB);
});

/** The bytes at a path, or undefined when there is no file. */
async function bytesAt(root: FileSystemDirectoryHandle, path: string): Promise<number[] | undefined> {
  const parts = path.split('/');
  try {
    let dir = root;
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
    const file = await (await dir.getFileHandle(parts.at(-1)!)).getFile();
    return [...new Uint8Array(await file.arrayBuffer())];
  } catch {
    return undefined;
  }
}

const utf8 = (text: string) => [...new TextEncoder().encode(text)];

// An album with its own playlist (BOM, CRLF) that moves with it, a playlist of the user's elsewhere
// that lists one of its tracks and a radio stream, and a file already where one output wants to go.
const ALBUM_LIST = '\uFEFF#EXTM3U\r\n#EXTINF:300,Miles Davis - So What\r\n1.flac\r\n2.flac\r\n';
const ROAD = '#EXTM3U\nhttp://radio.example/jazz\n../in/kob/2.flac\n';
const files: Record<string, string> = {
  'in/kob/1.flac': 'so what', 'in/kob/2.flac': 'freddie', 'in/kob/list.m3u': ALBUM_LIST,
  'Mine/road.m3u8': ROAD, 'Playlists/Taken.m3u8': 'the user\u2019s own',
};
const moves = [
  { from: 'in/kob/1.flac', to: 'Miles Davis/Kind of Blue (1959)/01 So What.flac' },
  { from: 'in/kob/2.flac', to: 'Miles Davis/Kind of Blue (1959)/02 Freddie Freeloader.flac' },
  { from: 'in/kob/list.m3u', to: 'Miles Davis/Kind of Blue (1959)/list.m3u' },
];
const target = new Map(moves.map((m) => [m.from, m.to]));
const albumPlaylist = m3u8Text('Miles Davis/Kind of Blue (1959)/Kind of Blue.m3u8', [
  { path: moves[0]!.to, seconds: 562, display: 'Miles Davis - So What' },
  { path: moves[1]!.to, display: 'Miles Davis - Freddie Freeloader' },
]);
const artistPlaylist = m3u8Text('Playlists/Artists/Miles Davis.m3u8', [{ path: moves[0]!.to, seconds: 562, display: 'Miles Davis - So What' }]);
const listAfter = rewritePlaylist(ALBUM_LIST, 'in/kob/list.m3u', moves[2]!.to, (p) => target.get(p))!.text;
const roadAfter = rewritePlaylist(ROAD, 'Mine/road.m3u8', 'Mine/road.m3u8', (p) => target.get(p))!.text;

async function scenario(label: string) {
  const root = await freshFolder(label);
  await writeTree(root, files);
  const steps: JournalStep[] = [
    ...stepsWithIdentity(moves, await fileStats(root)),
    { kind: 'write-output', from: '', to: 'Miles Davis/Kind of Blue (1959)/Kind of Blue.m3u8', text: albumPlaylist, by: 'Playlists' },
    { kind: 'write-output', from: '', to: 'Playlists/Artists/Miles Davis.m3u8', text: artistPlaylist, by: 'Playlists' },
    // The plan saw this name free; a file appeared there since.
    { kind: 'write-output', from: '', to: 'Playlists/Taken.m3u8', text: '#EXTM3U\n', by: 'Playlists' },
    { kind: 'rewrite-playlist', from: moves[2]!.to, to: moves[2]!.to, before: ALBUM_LIST, after: listAfter },
    { kind: 'rewrite-playlist', from: 'Mine/road.m3u8', to: 'Mine/road.m3u8', before: ROAD, after: roadAfter },
  ];
  return { root, steps };
}

/** What the library holds once the run is done. */
const planned: Record<string, string> = {
  'Miles Davis/Kind of Blue (1959)/01 So What.flac': 'so what',
  'Miles Davis/Kind of Blue (1959)/02 Freddie Freeloader.flac': 'freddie',
  'Miles Davis/Kind of Blue (1959)/Kind of Blue.m3u8': albumPlaylist,
  'Miles Davis/Kind of Blue (1959)/list.m3u': listAfter,
  'Mine/road.m3u8': roadAfter,
  'Playlists/Artists/Miles Davis.m3u8': artistPlaylist,
  'Playlists/Taken.m3u8': 'the user\u2019s own',
};

const sorted = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).sort(([a], [b]) => (a < b ? -1 : 1)));
const original = sorted(Object.fromEntries(Object.entries(files).map(([p, t]) => [p, t.replace(/^\uFEFF/, '')])));
const done = sorted(Object.fromEntries(Object.entries(planned).map(([p, t]) => [p, t.replace(/^\uFEFF/, '')])));

describe('outputs after a run', () => {
  test('apply writes the playlists and rewrites the user\'s, never over a file that is there; undo restores every byte', async () => {
    const { root, steps } = await scenario('outputs');
    const { run, summary } = await startRun({ root, db }, { library: 'outputs', libraryName: 'x', template: '', steps });
    expect((await readTree(root)).files).toEqual(done);
    expect(summary.moved).toBe(3);
    expect(summary.written).toBe(4);
    expect(summary.skipped).toEqual([{ path: 'Playlists/Taken.m3u8', reason: '"Playlists/Taken.m3u8" already exists; nothing was written over it.' }]);
    // Byte for byte: no BOM written, the user's BOM and CRLF kept.
    expect((await bytesAt(root, 'Playlists/Artists/Miles Davis.m3u8'))!.slice(0, 3)).toEqual(utf8('#EX'));
    expect(await bytesAt(root, moves[2]!.to)).toEqual(utf8(listAfter));
    expect(listAfter).toBe('\uFEFF#EXTM3U\r\n#EXTINF:300,Miles Davis - So What\r\n01 So What.flac\r\n02 Freddie Freeloader.flac\r\n');
    expect(roadAfter).toBe('#EXTM3U\nhttp://radio.example/jazz\n../Miles Davis/Kind of Blue (1959)/02 Freddie Freeloader.flac\n');

    const undo = await undoRun({ root, db }, run.id);
    expect(undo.summary.skipped).toEqual([]);
    const tree = await readTree(root);
    expect(tree.files).toEqual(original);
    // The folders the run made for its playlists went with them.
    expect(tree.folders).toEqual(['Mine', 'Playlists', 'in', 'in/kob']);
    for (const [path, text] of Object.entries(files)) expect(await bytesAt(root, path), path).toEqual(utf8(text));
  });

  test('undo leaves a playlist the user changed since, and says so; a playlist changed before apply is not rewritten', async () => {
    const { root, steps } = await scenario('outputs-changed');
    await writeFile(root, 'Mine/road.m3u8', '#EXTM3U\nedited meanwhile\n');
    const { run, summary } = await startRun({ root, db }, { library: 'outputs-changed', libraryName: 'x', template: '', steps });
    expect(summary.skipped.map((s) => s.reason)).toContain('"Mine/road.m3u8" changed since the plan was made, so it was left as it is.');
    expect((await readTree(root)).files['Mine/road.m3u8']).toBe('#EXTM3U\nedited meanwhile\n');
    await writeFile(root, 'Playlists/Artists/Miles Davis.m3u8', '#EXTM3U\nmy own edit\n');
    const undo = await undoRun({ root, db }, run.id);
    expect(undo.summary.skipped.map((s) => s.reason)).toEqual(['"Playlists/Artists/Miles Davis.m3u8" does not hold what the run wrote (it changed since), so it was left where it is.']);
    expect((await readTree(root)).files['Playlists/Artists/Miles Davis.m3u8']).toBe('#EXTM3U\nmy own edit\n');
  });

  test('a roll back after a crash counts only the outputs it removed or put back, not every step it looked at', async () => {
    const { root, steps } = await scenario('outputs-count');
    const library = 'outputs-count';
    const doomed = await openOrganizerDb(DB);
    const controller = new AbortController();
    // The tab dies right after the first output (the album's playlist) reached the disk.
    await startRun(
      { root, db: doomed, signal: controller.signal, onProgress: (p) => {
        if (p.done + p.skipped <= moves.length || controller.signal.aborted) return;
        doomed.close();
        controller.abort();
      } },
      { library, libraryName: 'x', template: '', steps },
    ).catch(() => {});
    const [record] = await db.getAllFromIndex('runs', 'byLibrary', library);
    expect((await readTree(root)).files['Miles Davis/Kind of Blue (1959)/Kind of Blue.m3u8']).toBe(albumPlaylist);
    const { summary } = await rollBackRun({ root, db }, record!.id);
    expect((await readTree(root)).files).toEqual(original);
    expect(summary.written).toBe(1);
    // The user's own file where an output never got written is not "changed since": no row.
    expect(summary.skipped).toEqual([]);
  });

  // The tab dies after each output step has reached the disk but before the journal heard of it.
  for (let crashAt = moves.length; crashAt < moves.length + 5; crashAt++) {
    for (const then of ['resume', 'roll back'] as const) {
      test(`a crash after output step ${crashAt - moves.length + 1} of 5, then ${then}`, async () => {
        const { root, steps } = await scenario(`outputs-crash-${crashAt}`);
        const library = `outputs-crash-${crashAt}-${then}`;
        const doomed = await openOrganizerDb(DB);
        const controller = new AbortController();
        await startRun(
          {
            root, db: doomed, signal: controller.signal,
            onProgress: (p) => {
              if (p.done + p.skipped <= crashAt || controller.signal.aborted) return;
              doomed.close();
              controller.abort();
            },
          },
          { library, libraryName: 'x', template: '', steps },
        ).catch(() => {});
        const [record] = await db.getAllFromIndex('runs', 'byLibrary', library);
        expect(record!.status).toBe('running');
        // The step that ran last is on disk but not in the journal (unless it failed: a failure is recorded before anything else).
        const progress = await progressOf(db, record!.id);
        expect(progress.done.size + progress.failed.size).toBeLessThanOrEqual(crashAt + (steps[crashAt]!.to === 'Playlists/Taken.m3u8' ? 1 : 0));
        // A write cut off in the middle leaves its hidden staging file: resuming or rolling back must not keep it.
        if (!progress.done.has(moves.length + 1)) await writeFile(root, stagingPath('Playlists/Artists/Miles Davis.m3u8'), 'half a playl');
        if (then === 'resume') {
          const { summary } = await resumeRun({ root, db }, record!.id);
          expect(summary.skipped.map((s) => s.reason)).toEqual(['"Playlists/Taken.m3u8" already exists; nothing was written over it.']);
          expect((await readTree(root)).files).toEqual(done);
        } else {
          await rollBackRun({ root, db }, record!.id);
          const tree = await readTree(root);
          expect(tree.files).toEqual(original);
          expect(tree.folders).toEqual(['Mine', 'Playlists', 'in', 'in/kob']);
          for (const [path, text] of Object.entries(files)) expect(await bytesAt(root, path), path).toEqual(utf8(text));
        }
      });
    }
  }
});
