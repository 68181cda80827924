import { describe, expect, it } from 'vitest';
import { m3u8Text, relativePath, resolveEntry, rewritePlaylist } from '../../src/core/playlist-text.ts';
import { planOutputs, YOUR_PLAYLISTS } from '../../src/core/plan-outputs.ts';
import { defaultPlanSettings, planLibrary, type PlanSource } from '../../src/core/plan.ts';
import { journalSteps } from '../../src/core/steps.ts';
import type { Recording, Tags } from '../../src/core/model.ts';
import { createRegistry } from '../../plugins/index.ts';
import { makePlaylists, savedQueries } from '../../plugins/playlists/index.ts';
import { readPlaylist } from '../../src/scan/playlist-read.ts';

describe('M3U8 text', () => {
  it('starts with #EXTM3U, has no BOM, and ends every line with \\n', () => {
    const text = m3u8Text('Playlists/a.m3u8', [{ path: 'A/B/01 x.flac', seconds: 181.6, display: 'A - x' }]);
    const bytes = new TextEncoder().encode(text);
    expect([...bytes.slice(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect(text).toBe('#EXTM3U\n#EXTINF:182,A - x\n../A/B/01 x.flac\n');
  });

  it('writes -1 when the length is unknown or nonsense', () => {
    const text = m3u8Text('x.m3u8', [
      { path: 'a.mp3', display: 'a' },
      { path: 'b.mp3', seconds: Number.NaN, display: 'b' },
      { path: 'c.mp3', seconds: -3, display: 'c' },
    ]);
    expect(text.match(/#EXTINF:-1,/g)).toHaveLength(3);
  });

  it('writes names in NFC, whatever the tags or paths were', () => {
    const nfd = 'Bjo\u0308rk';
    const text = m3u8Text(`${nfd}/list.m3u8`, [{ path: `${nfd}/Post/01 Army of Me.flac`, seconds: 1, display: `${nfd} - Army of Me` }]);
    expect(text).toBe(text.normalize('NFC'));
    expect(text).toContain('Björk - Army of Me');
    // The playlist sits in the artist's folder: its entry is relative to it.
    expect(text).toContain('\nPost/01 Army of Me.flac\n');
  });

  it('climbs with ../ from a playlist folder to a release, and never writes a backslash', () => {
    expect(relativePath('Playlists/Artists', 'Miles Davis/Kind of Blue (1959)/01 So What.flac')).toBe('../../Miles Davis/Kind of Blue (1959)/01 So What.flac');
    expect(relativePath('', 'a/b.mp3')).toBe('a/b.mp3');
    expect(relativePath('a/b', 'a/b/c.mp3')).toBe('c.mp3');
    expect(relativePath('a/b', 'a/c/d.mp3')).toBe('../c/d.mp3');
    // A disk that ignores case: "abba" and "ABBA" are one folder.
    expect(relativePath('ABBA/Gold', 'abba/Gold/01.mp3')).toBe('01.mp3');
  });

  it('keeps special characters as they are, and a line break in a tag cannot start a new entry', () => {
    const text = m3u8Text('x.m3u8', [{ path: "AC_DC/#1 Hits; & 'More' 100%/01 T.N.T..mp3", seconds: 5, display: 'AC/DC - T.N.T.\r\nevil.mp3' }]);
    expect(text.split('\n')).toEqual(['#EXTM3U', '#EXTINF:5,AC/DC - T.N.T. evil.mp3', "AC_DC/#1 Hits; & 'More' 100%/01 T.N.T..mp3", '']);
  });
});

describe('rewriting an existing playlist', () => {
  const moves = new Map([
    ['Old/Album/01.flac', 'Artist/Album (1999)/01 One.flac'],
    ['Old/Album/02.flac', 'Artist/Album (1999)/02 Two.flac'],
    ['Loose/x.mp3', 'Artist/Single/01 X.mp3'],
  ]);
  const targetOf = (p: string) => moves.get(p);

  it('follows the moved files, keeps comments, URLs, absolute paths, CRLF and the BOM byte for byte', () => {
    const before = '\uFEFF#EXTM3U\r\n#EXTINF:10,A - One\r\n01.flac\r\nhttp://radio.example/stream\r\n/home/me/Music/Old/Album/02.flac\r\nC:\\Music\\x.mp3\r\n..\\..\\Loose\\x.mp3\r\n\r\n02.flac';
    const out = rewritePlaylist(before, 'Old/Album/list.m3u', 'Old/Album/list.m3u', targetOf)!;
    expect(out.changed).toBe(3);
    expect(out.text).toBe('\uFEFF#EXTM3U\r\n#EXTINF:10,A - One\r\n../../Artist/Album (1999)/01 One.flac\r\nhttp://radio.example/stream\r\n/home/me/Music/Old/Album/02.flac\r\nC:\\Music\\x.mp3\r\n../../Artist/Single/01 X.mp3\r\n\r\n../../Artist/Album (1999)/02 Two.flac');
  });

  it('a playlist that moves with its album points at the album from its new place', () => {
    const out = rewritePlaylist('01.flac\n02.flac\nnot-moving.jpg\n', 'Old/Album/list.m3u8', 'Artist/Album (1999)/list.m3u8', targetOf)!;
    expect(out.text).toBe('01 One.flac\n02 Two.flac\n../../Old/Album/not-moving.jpg\n');
  });

  it('changes nothing when nothing it lists moves, and leaves entries that climb out of the library', () => {
    expect(rewritePlaylist('#EXTM3U\nstays.mp3\n../../../outside.mp3\n', 'A/list.m3u', 'A/list.m3u', targetOf)).toBeUndefined();
    expect(resolveEntry('A', '../../x.mp3')).toBeUndefined();
    expect(resolveEntry('A/B', './../C/x.mp3')).toBe('A/C/x.mp3');
  });
});

const rec = (path: string, tags: Tags, duration?: number): Recording => ({ path, size: 100 + path.length, lastModified: 1, tags, audio: duration === undefined ? {} : { duration } });

function library(): PlanSource {
  const kind = (n: number) => rec(`in/kob/${n}.flac`, { albumartist: 'Miles Davis', artist: 'Miles Davis', album: 'Kind of Blue', year: 1959, track: n, title: `Take ${n}`, genre: ['Jazz'] }, 300 + n);
  const pop = rec('in/pop/1.mp3', { albumartist: 'ABBA', artist: 'ABBA', album: 'Gold', year: 1992, track: 1, title: 'Dancing Queen', genre: ['Pop'] });
  return {
    recordings: [kind(2), kind(1), pop],
    unreadable: [],
    others: [{ path: 'in/kob/list.m3u', size: 20, lastModified: 1 }, { path: 'Playlists/Artists/ABBA.m3u8', size: 5, lastModified: 1 }],
    junk: [],
    playlists: [
      { path: 'in/kob/list.m3u', size: 20, lastModified: 1, text: '1.flac\r\n2.flac\r\n' },
      { path: 'Playlists/Artists/ABBA.m3u8', size: 5, lastModified: 1, text: 'mine\n' },
    ],
  };
}

describe('outputs of a plan', () => {
  const registry = createRegistry();
  const make = (settings: ReturnType<typeof defaultPlanSettings>, source = library()) => {
    const plan = planLibrary(source, settings, registry);
    return { plan, ...planOutputs(plan, source, registry, settings) };
  };

  it('writes no playlist unless switched on, but keeps the user\'s playlists working', () => {
    const { outputs } = make(defaultPlanSettings());
    expect(outputs.filter((o) => o.kind === 'write')).toEqual([]);
    expect(outputs).toEqual([{ kind: 'rewrite', path: 'Miles Davis/Kind of Blue (1959)/list.m3u', before: '1.flac\r\n2.flac\r\n', text: '01 Take 1.flac\r\n02 Take 2.flac\r\n', by: YOUR_PLAYLISTS }]);
  });

  it('leaves the user\'s playlists alone when told to', () => {
    expect(make({ ...defaultPlanSettings(), updatePlaylists: false }).outputs).toEqual([]);
  });

  it('writes per release, per artist and per saved query, never over a file that is there, and says so', () => {
    const settings = { ...defaultPlanSettings(), outputs: { playlists: { release: true, artist: true, queries: 'Jazz 50s-60s = genre:Jazz year:1950..1969\nNothing = genre:Polka\nBroken = year:abc' } } };
    const { outputs, notes } = make(settings);
    const written = Object.fromEntries(outputs.filter((o) => o.kind === 'write').map((o) => [o.path, o.text]));
    expect(Object.keys(written).sort()).toEqual([
      'ABBA/Gold (1992)/Gold.m3u8',
      'Miles Davis/Kind of Blue (1959)/Kind of Blue.m3u8',
      'Playlists/Artists/Miles Davis.m3u8',
      'Playlists/Jazz 50s-60s.m3u8',
    ]);
    expect(written['Miles Davis/Kind of Blue (1959)/Kind of Blue.m3u8']).toBe('#EXTM3U\n#EXTINF:301,Miles Davis - Take 1\n01 Take 1.flac\n#EXTINF:302,Miles Davis - Take 2\n02 Take 2.flac\n');
    expect(written['Playlists/Jazz 50s-60s.m3u8']).toBe('#EXTM3U\n#EXTINF:301,Miles Davis - Take 1\n../Miles Davis/Kind of Blue (1959)/01 Take 1.flac\n#EXTINF:302,Miles Davis - Take 2\n../Miles Davis/Kind of Blue (1959)/02 Take 2.flac\n');
    expect(written['ABBA/Gold (1992)/Gold.m3u8']).toContain('#EXTINF:-1,ABBA - Dancing Queen\n01 Dancing Queen.mp3\n');
    // The user's own ABBA.m3u8 is where the artist playlist would go: it is left alone, and the plan says so.
    expect(notes).toContainEqual({ path: 'Playlists/Artists/ABBA.m3u8', message: expect.stringContaining('left alone') });
    expect(notes.map((n) => n.message).join('\n')).toMatch(/"Nothing" matches no track/);
    expect(notes.map((n) => n.message).join('\n')).toMatch(/line 3 \("Broken"\) cannot be read/);
  });

  it('a playlist an earlier run wrote, with the same text, is neither written again nor reported', () => {
    const settings = { ...defaultPlanSettings(), outputs: { playlists: { release: true } } };
    const first = make(settings);
    const text = first.outputs.find((o) => o.path === 'ABBA/Gold (1992)/Gold.m3u8')!.text;
    const source = library();
    const again: PlanSource = { ...source, others: [...source.others, { path: 'ABBA/Gold (1992)/Gold.m3u8', size: 1, lastModified: 1 }], playlists: [...source.playlists!, { path: 'ABBA/Gold (1992)/Gold.m3u8', size: 1, lastModified: 1, text }] };
    const second = make(settings, again);
    expect(second.outputs.map((o) => o.path)).not.toContain('ABBA/Gold (1992)/Gold.m3u8');
    expect(second.notes.filter((n) => n.path === 'ABBA/Gold (1992)/Gold.m3u8')).toEqual([]);
  });

  it('a playlist that cannot be read as UTF-8 is left as it is, with the reason', () => {
    const source = library();
    source.playlists = [{ path: 'in/kob/list.m3u', size: 20, lastModified: 1, unread: 'it is not UTF-8 text' }];
    const { outputs, notes } = make(defaultPlanSettings(), source);
    expect(outputs).toEqual([]);
    expect(notes).toEqual([{ path: 'in/kob/list.m3u', message: 'Left as it is: it is not UTF-8 text.' }]);
  });

  it('the journal writes the outputs after every move', () => {
    const settings = { ...defaultPlanSettings(), outputs: { playlists: { release: true } } };
    const { plan, outputs, notes } = make(settings);
    const { steps } = journalSteps({ ...plan, outputs }, library().others.map((o) => o.path));
    const firstOutput = steps.findIndex((s) => s.kind === 'write-output' || s.kind === 'rewrite-playlist');
    expect(firstOutput).toBeGreaterThan(0);
    expect(steps.slice(firstOutput).every((s) => s.kind === 'write-output' || s.kind === 'rewrite-playlist')).toBe(true);
    expect(steps.filter((s) => s.kind === 'rewrite-playlist')).toEqual([{ kind: 'rewrite-playlist', from: 'Miles Davis/Kind of Blue (1959)/list.m3u', to: 'Miles Davis/Kind of Blue (1959)/list.m3u', before: '1.flac\r\n2.flac\r\n', after: '01 Take 1.flac\r\n02 Take 2.flac\r\n' }]);
  });

  it('a plugin output that asks for a path out of the library, or throws, writes nothing and is named', () => {
    expect(savedQueries('# mine\nA = x\n\nbad line')).toEqual([{ name: 'A', query: 'x', line: 2 }]);
    const hostile = createRegistry();
    hostile.register({ id: 'evil', name: 'Evil', outputs: { evil: { reads: [], make: () => ({ files: [{ path: '../outside.m3u8', text: 'x' }, { path: 'a/../../b', text: 'y' }] }) } } });
    hostile.register({ id: 'thrower', name: 'Thrower', outputs: { thrower: { reads: [], make: () => { throw new Error('boom'); } } } });
    const source = library();
    const settings = { ...defaultPlanSettings(), outputs: { evil: {}, thrower: {} } };
    const plan = planLibrary(source, settings, hostile);
    const { outputs, notes } = planOutputs(plan, source, hostile, settings);
    expect(outputs.filter((o) => o.kind === 'write')).toEqual([]);
    expect(notes.map((n) => n.message)).toEqual(expect.arrayContaining([expect.stringContaining('Evil asked for a file'), 'Thrower wrote nothing: boom']));
  });

  it('makePlaylists skips a compilation in the artist playlists', () => {
    const files = makePlaylists({
      options: { artist: true },
      releases: [{ id: 'va', fields: { albumartist: 'Various Artists', various: 'True' }, tracks: [{ path: 'Compilations/X/01 a.mp3', fields: {} }] }],
    }).files;
    expect(files).toEqual([]);
  });
});

describe('reading a playlist while scanning', () => {
  const entry = { path: 'a/list.m3u', size: 0, lastModified: 1 };
  it('keeps the BOM and the line endings, so the text encodes back to the same bytes', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('#EXTM3U\r\nBjörk/01.flac\r\n')]);
    const read = await readPlaylist(new Blob([bytes]), entry);
    expect([...new TextEncoder().encode(read.text!)]).toEqual([...bytes]);
  });

  it('leaves a playlist that is not UTF-8, or too big, unread, with the reason', async () => {
    const latin1 = await readPlaylist(new Blob([new Uint8Array([0x42, 0x6a, 0xf6, 0x72, 0x6b, 0x0a])]), entry);
    expect(latin1.text).toBeUndefined();
    expect(latin1.unread).toMatch(/not UTF-8/);
    const big = await readPlaylist(new Blob([new Uint8Array(1024 * 1024 + 1)]), entry);
    expect(big.unread).toMatch(/larger than 1 MB/);
  });
});
