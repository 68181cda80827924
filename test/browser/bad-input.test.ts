// Bad input through the whole app path on real OPFS (scan in workers, plan, journal, apply, undo):
// every file that cannot be read is reported with a plain reason and never moved, hostile names
// and tags plan to portable paths, and nothing (deep folders, huge folders, huge tags, files that
// change or vanish mid-way) crashes a run or loses a byte.
import { beforeAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openOrganizerDb, type OrganizerDb } from '../../src/db/schema.ts';
import { readRecording } from '../../src/tags/read-recording.ts';
import { freshFolder, removePath, writeFile } from './support/opfs.ts';
import { applyPlan, defaultPlan, fixtureBytes, hashTree, scanFolder, undo } from './support/pipeline.ts';
import { mpegFrames, taggedMp3 } from './support/id3.ts';

let db: OrganizerDb;
let frames: Uint8Array<ArrayBuffer>;
beforeAll(async () => {
  await deleteDB('bad-input-test');
  db = await openOrganizerDb('bad-input-test');
  frames = mpegFrames(await fixtureBytes('mp3-id3v23.mp3'));
});

/** Deterministic noise (mulberry32), so a failure can be replayed byte for byte. */
function noise(length: number, seed: number): Uint8Array<ArrayBuffer> {
  let s = seed >>> 0;
  return new Uint8Array(length).map(() => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  });
}

async function pngBytes(): Promise<Blob> {
  const canvas = new OffscreenCanvas(8, 8);
  canvas.getContext('2d')!.fillRect(0, 0, 4, 4);
  return canvas.convertToBlob({ type: 'image/png' });
}

const mp3 = (title: string, artist = 'Fixture Artist', album = 'Fixture Album', track = '1') =>
  taggedMp3(frames, { TIT2: title, TPE1: artist, TALB: album, TRCK: track });

describe('unreadable files are reported with a plain reason and never moved', () => {
  test('empty, truncated, corrupt and non-audio files stay byte-identical through apply and undo', async () => {
    const root = await freshFolder('bad');
    const cut = async (name: string) => (await fixtureBytes(name)).slice(0, 300);
    const classes: Record<string, Record<string, BlobPart>> = {
      empty: { 'Inbox/empty.mp3': new Uint8Array(0), 'Inbox/empty.flac': new Uint8Array(0), 'Inbox/empty.m4a': new Uint8Array(0) },
      truncated: {
        'Inbox/cut.flac': await cut('flac.flac'),
        'Inbox/cut.mp3': await cut('mp3-id3v23.mp3'),
        'Inbox/cut.m4a': await cut('m4a-moov-first.m4a'),
        'Inbox/cut.ogg': await cut('vorbis.ogg'),
      },
      corrupt: {
        'Inbox/noise.mp3': noise(4096, 1),
        'Inbox/noise.flac': noise(4096, 2),
        'Inbox/noise.m4a': noise(4096, 3),
        'Inbox/noise.ogg': noise(4096, 4),
        'Inbox/noise.wma': noise(4096, 5),
      },
      notAudio: {
        'Inbox/notes.mp3': 'Shopping list: milk, eggs, a new hard disk\n',
        'Inbox/picture.flac': await pngBytes(),
        'Inbox/manual.m4a': '%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n',
      },
    };
    const bad = Object.assign({}, ...Object.values(classes)) as Record<string, BlobPart>;
    for (const [path, content] of Object.entries(bad)) await writeFile(root, path, content);
    // Good neighbours, so that the run really moves files around the bad ones.
    await writeFile(root, 'Inbox/good1.mp3', mp3('Morning Signal', 'Fixture Artist', 'Fixture Album', '1'));
    await writeFile(root, 'Inbox/good2.mp3', mp3('Evening Signal', 'Fixture Artist', 'Fixture Album', '2'));
    const before = await hashTree(root);

    const scan = await scanFolder(root, db, 'bad-files');
    const reasons = Object.fromEntries(scan.unreadable.map((u) => [u.path, u.reason]));
    expect(Object.keys(reasons).sort()).toEqual(Object.keys(bad).sort());
    expect(scan.recordings.map((r) => r.path)).toEqual(['Inbox/good1.mp3', 'Inbox/good2.mp3']);
    const reasonsOf = (cls: string) => new Set(Object.keys(classes[cls]!).map((p) => reasons[p]!));
    expect(reasonsOf('empty')).toEqual(new Set(['empty file (0 bytes)']));
    expect(reasonsOf('truncated')).toEqual(new Set(['file is truncated or corrupt: it ends too soon, part of it is missing']));
    expect(Object.keys(classes.corrupt!).map((p) => reasons[p])).toEqual(
      ['MP3', 'FLAC', 'M4A', 'OGG', 'WMA'].map((f) => `no audio found: the file is damaged or is not really ${f}`),
    );
    expect(Object.keys(classes.notAudio!).map((p) => reasons[p])).toEqual([
      'not an audio file / unsupported format',
      'not an audio file: it is a PNG image',
      'not an audio file: it is a PDF document',
    ]);
    // Plain language: no parser jargon, byte dumps or numbers a person cannot act on.
    for (const reason of Object.values(reasons)) expect(reason).not.toMatch(/FourCC|Atom|DataView|0x|\d{3,}|undefined|Error/);

    const plan = defaultPlan(scan);
    expect(plan.unreadable.map((u) => u.path).sort()).toEqual(Object.keys(bad).sort());
    const moved = plan.operations.map((o) => (o.kind === 'move' ? o.from : o.path));
    expect(moved.sort()).toEqual(['Inbox/good1.mp3', 'Inbox/good2.mp3']);

    const { run, summary } = await applyPlan(root, db, 'bad-files', scan, plan);
    expect(summary.skipped).toEqual([]);
    expect(summary.moved).toBe(2);
    const during = await hashTree(root);
    for (const path of Object.keys(bad)) expect(during[path], path).toBe(before[path]);
    expect(during['Fixture Artist/Fixture Album/01 Morning Signal.mp3']).toBe(before['Inbox/good1.mp3']);
    await undo(root, db, run.id);
    expect(await hashTree(root)).toEqual(before);
  });
});

describe('a huge tag', () => {
  const MB = 1024 * 1024;
  test.each([
    ['after the text frames', false],
    ['before the text frames', true],
  ])('a 50 MB picture %s: tags read correctly without reading the picture', async (_, pictureFirst) => {
    const root = await freshFolder('huge');
    const blob = taggedMp3(frames, { TIT2: 'Heavy Cover', TPE1: 'Big Artist', TALB: 'Big Album', TRCK: '3' }, 50 * MB, pictureFirst);
    await writeFile(root, 'huge.mp3', blob);
    const file = await (await root.getFileHandle('huge.mp3')).getFile();
    expect(file.size).toBeGreaterThan(50 * MB);

    const read = await readRecording(file, 'huge.mp3');
    expect(read.outcome).toMatchObject({ kind: 'audio', tags: { title: 'Heavy Cover', artist: 'Big Artist', album: 'Big Album', track: 3 }, audio: { container: 'MPEG' } });
    // One head, one small read past the picture, one read of the audio's start: never the picture.
    console.info(`huge tag, picture ${_}: ${read.reads} reads, ${read.bytesRead} bytes of ${file.size}`);
    expect(read.bytesRead).toBeLessThan(MB);
    expect(read.reads).toBeLessThanOrEqual(3);

    // In the scan (worker pool) too: the same tags, the same small cost, and no freeze.
    const started = performance.now();
    const scan = await scanFolder(root, db, `huge-${pictureFirst}`);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(scan.recordings).toMatchObject([{ path: 'huge.mp3', tags: { title: 'Heavy Cover', album: 'Big Album' } }]);
    expect(scan.progress.bytesRead).toBe(read.bytesRead);
  });
});

// Every target component must be accepted by Windows, macOS, Linux and exFAT.
const RESERVED = /^(?:con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])$/i;
function portabilityProblems(path: string): string[] {
  const problems: string[] = [];
  if (path.length > 259) problems.push(`path is ${path.length} characters`);
  for (const c of path.split('/')) {
    // eslint-disable-next-line no-control-regex
    if (/[<>:"\\|?*\x00-\x1f\x7f]/.test(c)) problems.push(`illegal character in "${c}"`);
    if (c === '' || c === '.' || c === '..') problems.push(`empty or dot component in "${path}"`);
    if (/[. ]$/.test(c)) problems.push(`trailing dot or space in "${c}"`);
    if (/^[. ]/.test(c)) problems.push(`leading dot or space in "${c}"`);
    if (RESERVED.test(c.split('.')[0]!.trimEnd())) problems.push(`reserved name "${c}"`);
    if (new TextEncoder().encode(c).length > 255) problems.push(`"${c.slice(0, 20)}…" is over 255 bytes`);
    if (c !== c.normalize('NFC')) problems.push(`"${c}" is not NFC`);
  }
  return problems;
}

describe('names no other file system accepts', () => {
  test('hostile file names and tags plan to portable paths, and apply + undo round-trips them', async () => {
    const root = await freshFolder('names');
    const long = (n: number, s = 'x') => s.repeat(n);
    const files: Record<string, Blob> = {
      'CON.mp3': mp3('Device Name', 'Reserved Names', 'Windows Says No', '1'),
      'aux.flac': new Blob([await fixtureBytes('flac.flac')]),
      'a:b.mp3': mp3('Colon Name', 'Reserved Names', 'Windows Says No', '2'),
      'trailing dot./song.mp3': mp3('In A Dotted Folder', 'Reserved Names', 'Windows Says No', '3'),
      'name with trailing space /song.mp3': mp3('In A Spaced Folder', 'Reserved Names', 'Windows Says No', '4'),
      [`${long(250, 'f')}/${long(246, 'n')}.mp3`]: mp3('Long Names', 'Reserved Names', 'Windows Says No', '5'),
      'tags/punctuation.mp3': mp3('a<b>c:d"e/f\\g|h?i*j', 'AC/DC: "Live" <at> |the| *Hall*?', 'What? *Really*: "Yes" <No> | Maybe\\', '1'),
      'tags/dots.mp3': mp3('..', '..', '..', '1'),
      'tags/leading.mp3': mp3('.hidden title', '.leading dots', '...And Then', '1'),
      'tags/control.mp3': mp3('Tab\there\u0001bell\u0007end\u001f', 'Line\nBreak\rArtist', 'Null\u0000Album\u007f', '1'),
      'tags/reserved.mp3': mp3('aux', 'NUL', 'CON.txt', '1'),
      'tags/trailing.mp3': mp3('trailing space ', 'trailing dot.', 'both . ', '1'),
      'tags/long.mp3': mp3(long(300, 't'), long(300, 'a'), long(300, 'b'), '1'),
      'tags/wide.mp3': mp3(long(200, '音'), long(150, '楽'), long(150, '盤'), '1'),
      'tags/decomposed.mp3': mp3('Cafe\u0301', 'Bjo\u0308rk', 'Homogenic', '1'),
    };
    for (const [path, blob] of Object.entries(files)) await writeFile(root, path, blob);
    const before = await hashTree(root);
    expect(Object.keys(before).sort()).toEqual(Object.keys(files).sort());

    const scan = await scanFolder(root, db, 'hostile-names');
    expect(scan.unreadable).toEqual([]);
    expect(scan.recordings.map((r) => r.path).sort()).toEqual(Object.keys(files).sort());
    expect(scan.recordings.find((r) => r.path === 'tags/control.mp3')!.tags.title).toBe('Tab\there\u0001bell\u0007end\u001f');

    const plan = defaultPlan(scan);
    const targets = plan.operations.flatMap((o) => (o.kind === 'move' ? [o.to] : []));
    expect(targets).toHaveLength(Object.keys(files).length);
    expect(targets.flatMap(portabilityProblems)).toEqual([]);
    // The tags survive as readable names, only the forbidden parts replaced.
    expect(targets).toContain('Reserved Names/Windows Says No/01 Device Name.mp3');
    expect(targets).toContain("AC_DC - 'Live' _at_ _the_ _Hall__/What_ _Really_ - 'Yes' _No_ _ Maybe_/01 a_b_c_d'e_f_g_h_i_j.mp3");
    expect(targets).toContain('NUL_/CON_.txt/01 aux.mp3');

    const { run, summary } = await applyPlan(root, db, 'hostile-names', scan, plan);
    expect(summary.skipped).toEqual([]);
    const after = await hashTree(root);
    for (const op of plan.operations) if (op.kind === 'move') expect(after[op.to], op.to).toBe(before[op.from]);
    expect(Object.keys(after)).toHaveLength(Object.keys(before).length);
    await undo(root, db, run.id);
    expect(await hashTree(root)).toEqual(before);
  });
});

describe('deep and wide folders', () => {
  test('a file 50 folders deep is found, planned, moved and undone', async () => {
    const root = await freshFolder('deep');
    const folders = Array.from({ length: 50 }, (_, i) => `level ${String(i + 1).padStart(2, '0')}`);
    const deepPath = `${folders.join('/')}/deep.mp3`;
    await writeFile(root, deepPath, mp3('From The Depths', 'Deep Artist', 'Deep Album', '7'));
    const before = await hashTree(root);

    const scan = await scanFolder(root, db, 'deep');
    expect(scan.recordings.map((r) => r.path)).toEqual([deepPath]);
    const plan = defaultPlan(scan);
    expect(plan.operations).toMatchObject([{ kind: 'move', from: deepPath, to: 'Deep Artist/Deep Album/07 From The Depths.mp3' }]);
    const { run, summary } = await applyPlan(root, db, 'deep', scan, plan);
    expect(summary).toMatchObject({ moved: 1, skipped: [], foldersRemoved: 50 });
    expect(await hashTree(root)).toEqual({ 'Deep Artist/Deep Album/07 From The Depths.mp3': before[deepPath] });
    await undo(root, db, run.id);
    expect(await hashTree(root)).toEqual(before);
  });

  test('10,000 files in one folder: the scan completes and reports every unreadable one', async () => {
    const root = await freshFolder('wide');
    const crowd = await root.getDirectoryHandle('Crowd', { create: true });
    const TOTAL = 10_000;
    const READABLE = 200;
    const started = performance.now();
    // Zero-byte files need no writer, which keeps building the folder fast; every 50th is real.
    const real = await mp3('Crowd Song', 'Crowd', 'Crowd Album', '1').arrayBuffer();
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < TOTAL; i++) {
      const name = `track ${String(i).padStart(5, '0')}.mp3`;
      writes.push(i % (TOTAL / READABLE) === 0 ? writeFile(crowd, name, real) : crowd.getFileHandle(name, { create: true }));
      if (writes.length >= 200) await Promise.all(writes.splice(0));
    }
    await Promise.all(writes);
    const built = performance.now();

    const scan = await scanFolder(root, db, 'wide', 200);
    const scanned = performance.now();
    console.info(`10,000 files: built in ${Math.round(built - started)} ms, scanned in ${Math.round(scanned - built)} ms`);
    expect(scan.progress.found).toBe(TOTAL);
    expect(scan.recordings).toHaveLength(READABLE);
    expect(scan.unreadable).toHaveLength(TOTAL - READABLE);
    expect(new Set(scan.unreadable.map((u) => u.reason))).toEqual(new Set(['empty file (0 bytes)']));
    expect(scan.vanished).toEqual([]);
    const plan = defaultPlan(scan);
    expect(plan.unreadable).toHaveLength(TOTAL - READABLE);
    expect(plan.operations.every((o) => o.kind === 'move' && scan.recordings.some((r) => r.path === o.from))).toBe(true);
  }, 90_000);
});

describe('files that change under the organizer', () => {
  test('a file changed between scan and rescan is read again and shows its new tags', async () => {
    const root = await freshFolder('changing');
    await writeFile(root, 'a.mp3', mp3('First Title', 'Changer', 'Changes', '1'));
    await writeFile(root, 'b.mp3', mp3('Same Length A', 'Changer', 'Changes', '2'));
    await writeFile(root, 'steady.mp3', mp3('Steady', 'Changer', 'Changes', '3'));
    const first = await scanFolder(root, db, 'changing');
    expect(first.recordings.map((r) => r.tags.title)).toEqual(['First Title', 'Same Length A', 'Steady']);

    const bBefore = await (await root.getFileHandle('b.mp3')).getFile();
    await new Promise((r) => setTimeout(r, 5));
    // a.mp3 changes size; b.mp3 keeps its size and changes only its content and lastModified.
    await writeFile(root, 'a.mp3', mp3('A Much Longer Second Title', 'Changer', 'Changes', '1'));
    await writeFile(root, 'b.mp3', mp3('Same Length B', 'Changer', 'Changes', '2'));
    const bAfter = await (await root.getFileHandle('b.mp3')).getFile();
    expect(bAfter.size).toBe(bBefore.size);
    expect(bAfter.lastModified).not.toBe(bBefore.lastModified);

    const second = await scanFolder(root, db, 'changing');
    expect(second.recordings.map((r) => r.tags.title)).toEqual(['A Much Longer Second Title', 'Same Length B', 'Steady']);
    expect(second.progress.fromCache).toBe(1);
    expect(second.recordings.find((r) => r.path === 'b.mp3')!.lastModified).toBe(bAfter.lastModified);
  });

  test('a file that vanished between scan and apply is skipped with a plain reason; the rest moves and undoes', async () => {
    const root = await freshFolder('vanishing');
    for (const [i, title] of ['One', 'Two', 'Three'].entries()) await writeFile(root, `loose/${title}.mp3`, mp3(title, 'Vanisher', 'Gone Album', String(i + 1)));
    const scan = await scanFolder(root, db, 'vanishing');
    const plan = defaultPlan(scan);
    expect(plan.operations).toHaveLength(3);
    await removePath(root, 'loose/Two.mp3');
    const before = await hashTree(root);

    const { run, summary } = await applyPlan(root, db, 'vanishing', scan, plan);
    expect(summary.moved).toBe(2);
    expect(summary.skipped).toEqual([{ path: 'loose/Two.mp3', reason: 'The file is no longer there (moved or deleted since the scan).' }]);
    expect(Object.keys(await hashTree(root))).toEqual(['Vanisher/Gone Album/01 One.mp3', 'Vanisher/Gone Album/03 Three.mp3']);
    const undone = await undo(root, db, run.id);
    expect(undone.summary.skipped).toEqual([]);
    expect(await hashTree(root)).toEqual(before);
  });
});
