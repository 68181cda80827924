import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  invertSteps,
  pathKey,
  scheduleMoves,
  simulate,
  type DesiredMove,
  type Schedule,
} from '../../src/core/schedule.ts';

const NFD_E = 'e\u0301';
const NFC_E = '\u00e9';

function expectSafe(schedule: Schedule, files: string[]): Set<string> {
  const run = simulate(schedule.steps, files);
  if (!run.ok) throw new Error(`step ${run.step} unsafe: ${run.reason}\n${JSON.stringify(schedule.steps)}`);
  return run.final;
}

const plain = (schedule: Schedule) => schedule.steps.map((s) => [s.from, s.to]);

describe('scheduleMoves: single moves', () => {
  it('drops a move whose target is exactly its source', () => {
    const s = scheduleMoves([{ from: 'a/x.mp3', to: 'a/x.mp3' }], ['a/x.mp3']);
    expect(s).toEqual({ steps: [], rejected: [] });
  });

  it('moves a file to a free path in one step', () => {
    const s = scheduleMoves([{ from: 'in/x.mp3', to: 'Artist/Album/01 x.mp3' }], ['in/x.mp3']);
    expect(s.steps).toEqual([{ from: 'in/x.mp3', to: 'Artist/Album/01 x.mp3', move: 0 }]);
    expect(s.rejected).toEqual([]);
  });

  it('rejects a target held by a file that stays, naming that file', () => {
    const s = scheduleMoves([{ from: 'in/x.mp3', to: 'out/y.mp3' }], ['in/x.mp3', 'out/y.mp3']);
    expect(s.steps).toEqual([]);
    expect(s.rejected).toHaveLength(1);
    expect(s.rejected[0]!.move).toBe(0);
    expect(s.rejected[0]!.reason).toContain('out/y.mp3');
  });

  it('judges occupancy regardless of letter case', () => {
    const s = scheduleMoves([{ from: 'in/x.mp3', to: 'out/y.mp3' }], ['in/x.mp3', 'OUT/Y.MP3']);
    expect(s.rejected.map((r) => r.move)).toEqual([0]);
  });

  it('judges occupancy regardless of Unicode normalisation', () => {
    const s = scheduleMoves([{ from: 'in/x.mp3', to: `Beyonc${NFC_E}/y.mp3` }], ['in/x.mp3', `Beyonc${NFD_E}/y.mp3`]);
    expect(s.rejected.map((r) => r.move)).toEqual([0]);
  });

  it('rejects a move whose source does not exist', () => {
    const s = scheduleMoves([{ from: 'ghost.mp3', to: 'b.mp3' }], ['a.mp3']);
    expect(s.steps).toEqual([]);
    expect(s.rejected[0]!.reason).toContain('does not exist');
  });

  it('rejects paths that are not plain relative library paths', () => {
    const bad = ['/abs.mp3', 'a//b.mp3', 'a/../b.mp3', 'a/./b.mp3', 'dir/', ''];
    const s = scheduleMoves(bad.map((to) => ({ from: 'a.mp3', to })), ['a.mp3']);
    expect(s.rejected.map((r) => r.move)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('rejects a target that is a folder, and a target below a file', () => {
    const files = ['x.mp3', 'y.mp3', 'Album/01.mp3', 'notes'];
    const s = scheduleMoves(
      [
        { from: 'x.mp3', to: 'album' },
        { from: 'y.mp3', to: 'notes/y.mp3' },
      ],
      files,
    );
    expect(s.rejected.map((r) => r.move)).toEqual([0, 1]);
    expect(s.rejected[1]!.reason).toContain('notes');
  });

  it('rejects two moves that would create a file and a folder of one name', () => {
    const s = scheduleMoves(
      [
        { from: 'x.mp3', to: 'out/a' },
        { from: 'y.mp3', to: 'OUT/A/y.mp3' },
      ],
      ['x.mp3', 'y.mp3'],
    );
    expect(s.steps).toEqual([]);
    expect(s.rejected.map((r) => r.move)).toEqual([0, 1]);
  });
});

describe('scheduleMoves: moves that interact', () => {
  it('rejects the second of two moves to one target, also when they differ only in case', () => {
    const s = scheduleMoves(
      [
        { from: 'a.mp3', to: 'out/t.mp3' },
        { from: 'b.mp3', to: 'OUT/T.mp3' },
        { from: 'c.mp3', to: 'out/u.mp3' },
      ],
      ['a.mp3', 'b.mp3', 'c.mp3'],
    );
    expect(plain(s)).toEqual([
      ['a.mp3', 'out/t.mp3'],
      ['c.mp3', 'out/u.mp3'],
    ]);
    expect(s.rejected).toEqual([{ move: 1, reason: expect.stringContaining('a.mp3') }]);
  });

  it('rejects the second of two moves of one file', () => {
    const s = scheduleMoves(
      [
        { from: 'a.mp3', to: 'x.mp3' },
        { from: 'a.mp3', to: 'y.mp3' },
      ],
      ['a.mp3'],
    );
    expect(plain(s)).toEqual([['a.mp3', 'x.mp3']]);
    expect(s.rejected.map((r) => r.move)).toEqual([1]);
  });

  it('runs a chain from its free end: A→B, B→C moves B first', () => {
    const s = scheduleMoves(
      [
        { from: 'A', to: 'B' },
        { from: 'B', to: 'C' },
      ],
      ['A', 'B'],
    );
    expect(s.steps).toEqual([
      { from: 'B', to: 'C', move: 1 },
      { from: 'A', to: 'B', move: 0 },
    ]);
  });

  it('runs a long chain whose target is a source moving away in any input order', () => {
    const moves = [0, 1, 2, 3, 4].map((n) => ({ from: `f${n}`, to: `f${n + 1}` }));
    const files = moves.map((m) => m.from);
    for (const order of [moves, [...moves].reverse(), [moves[2]!, moves[0]!, moves[4]!, moves[1]!, moves[3]!]]) {
      const s = scheduleMoves(order, files);
      expect(s.steps.map((st) => st.from)).toEqual(['f4', 'f3', 'f2', 'f1', 'f0']);
      expect(s.steps.every((st) => !st.temporary)).toBe(true);
    }
  });

  it('swaps two files through one temporary name', () => {
    const s = scheduleMoves(
      [
        { from: 'd/A.mp3', to: 'd/B.mp3' },
        { from: 'd/B.mp3', to: 'd/A.mp3' },
      ],
      ['d/A.mp3', 'd/B.mp3'],
      { tempTag: 'r1' },
    );
    expect(s.steps).toEqual([
      { from: 'd/A.mp3', to: 'd/.mo-tmp-r1-0-A.mp3', temporary: true, move: 0 },
      { from: 'd/B.mp3', to: 'd/A.mp3', move: 1 },
      { from: 'd/.mo-tmp-r1-0-A.mp3', to: 'd/B.mp3', move: 0 },
    ]);
    expect(expectSafe(s, ['d/A.mp3', 'd/B.mp3'])).toEqual(new Set(['d/A.mp3', 'd/B.mp3']));
  });

  it('rotates a three-cycle with one temporary name', () => {
    const files = ['A', 'B', 'C'];
    const s = scheduleMoves(
      [
        { from: 'A', to: 'B' },
        { from: 'B', to: 'C' },
        { from: 'C', to: 'A' },
      ],
      files,
      { tempTag: 't' },
    );
    expect(plain(s)).toEqual([
      ['A', '.mo-tmp-t-0-A'],
      ['C', 'A'],
      ['B', 'C'],
      ['.mo-tmp-t-0-A', 'B'],
    ]);
    expect(s.steps.filter((st) => st.temporary)).toHaveLength(1);
    expectSafe(s, files);
  });

  it('renames case-only through a temporary name', () => {
    const s = scheduleMoves([{ from: 'a/Song.mp3', to: 'a/song.mp3' }], ['a/Song.mp3'], { tempTag: 'x' });
    expect(s.steps).toEqual([
      { from: 'a/Song.mp3', to: 'a/.mo-tmp-x-0-Song.mp3', temporary: true, move: 0 },
      { from: 'a/.mo-tmp-x-0-Song.mp3', to: 'a/song.mp3', move: 0 },
    ]);
    expect(expectSafe(s, ['a/Song.mp3'])).toEqual(new Set(['a/song.mp3']));
  });

  it('renames a folder case-only, file by file, removing the old spelling on the way', () => {
    const files = ['abba/Gold/01.mp3', 'abba/Gold/02.mp3'];
    const s = scheduleMoves(files.map((f) => ({ from: f, to: f.replace('abba', 'ABBA') })), files);
    expect(s.steps).toHaveLength(5);
    expect(s.steps[2]).toEqual({ from: 'abba', to: 'ABBA', removeFolder: true });
    expect(expectSafe(s, files)).toEqual(new Set(['ABBA/Gold/01.mp3', 'ABBA/Gold/02.mp3']));
  });

  it('renames a decomposed name to its composed spelling through a temporary name', () => {
    const s = scheduleMoves([{ from: `Caf${NFD_E}.mp3`, to: `Caf${NFC_E}.mp3` }], [`Caf${NFD_E}.mp3`]);
    expect(s.steps).toHaveLength(2);
    expect(s.steps[0]!.temporary).toBe(true);
    expectSafe(s, [`Caf${NFD_E}.mp3`]);
  });

  it('rejects a move into a path whose file is only changing its case', () => {
    // Both moves aim at the key b/x: the case rename claims it second, so it loses, and b/X then stays.
    const files = ['b/X', 'a/y'];
    const s = scheduleMoves(
      [
        { from: 'a/y', to: 'b/X' },
        { from: 'b/X', to: 'b/x' },
      ],
      files,
    );
    expect(s.steps).toEqual([]);
    expect(s.rejected.map((r) => r.move)).toEqual([0, 1]);
  });

  it('rejects a whole chain when its far end is held by a file that stays', () => {
    const s = scheduleMoves(
      [
        { from: 'A', to: 'B' },
        { from: 'B', to: 'C' },
        { from: 'C', to: 'D' },
        { from: 'X', to: 'Y' },
      ],
      ['A', 'B', 'C', 'D', 'X'],
    );
    expect(plain(s)).toEqual([['X', 'Y']]);
    expect(s.rejected.map((r) => r.move)).toEqual([0, 1, 2]);
    expect(s.rejected[0]!.reason).toContain('B');
  });

  it('keeps a cycle intact when an outsider also aims into it', () => {
    const files = ['A', 'B', 'C'];
    const s = scheduleMoves(
      [
        { from: 'A', to: 'B' },
        { from: 'B', to: 'A' },
        { from: 'C', to: 'a' },
      ],
      files,
    );
    expect(s.rejected.map((r) => r.move)).toEqual([2]);
    expect(expectSafe(s, files)).toEqual(new Set(files));
  });

  it('rejects moving either of two files whose names differ only in case', () => {
    const files = ['d/Song.mp3', 'd/song.mp3', 'd/other.mp3'];
    const s = scheduleMoves(
      [
        { from: 'd/Song.mp3', to: 'e/Song.mp3' },
        { from: 'd/other.mp3', to: 'e/other.mp3' },
      ],
      files,
    );
    expect(plain(s)).toEqual([['d/other.mp3', 'e/other.mp3']]);
    expect(s.rejected[0]!.reason).toContain('letter case');
  });

  it('lists rejected moves in input order', () => {
    const s = scheduleMoves(
      [
        { from: 'A', to: 'B' },
        { from: 'B', to: 'C' },
        { from: 'ghost', to: 'Z' },
      ],
      ['A', 'B', 'C'],
    );
    expect(s.rejected.map((r) => r.move)).toEqual([0, 1, 2]);
  });
});

describe('temporary names', () => {
  it('avoid existing files, planned targets and folders, and carry a safe tag', () => {
    const files = ['d/A', 'd/B', 'd/.mo-tmp-run_1-0-A', 'd/.mo-tmp-run_1-1-A/inside'];
    const s = scheduleMoves(
      [
        { from: 'd/A', to: 'd/B' },
        { from: 'd/B', to: 'd/A' },
        { from: 'd/.mo-tmp-run_1-0-A', to: 'd/.MO-TMP-RUN_1-2-A' },
      ],
      files,
      { tempTag: 'run/1' },
    );
    const temp = s.steps.find((st) => st.temporary)!;
    expect(temp.to).toBe('d/.mo-tmp-run_1-3-A');
    expectSafe(s, files);
  });

  it('stay short when the base name is long, keeping its extension', () => {
    const long = `${'x'.repeat(300)}.flac`;
    const s = scheduleMoves([{ from: long, to: long.toUpperCase() }], [long]);
    const temp = s.steps[0]!.to;
    expect(temp.length).toBeLessThan(120);
    expect(temp.endsWith('.flac')).toBe(true);
    expect(temp.startsWith('.mo-tmp-')).toBe(true);
  });
});

describe('simulate', () => {
  it('reports a step landing on an occupied path, whatever its case', () => {
    expect(simulate([{ from: 'a', to: 'B' }], ['a', 'b'])).toEqual({ ok: false, step: 0, reason: 'B is occupied' });
  });

  it('reports a step whose source is gone', () => {
    const run = simulate(
      [
        { from: 'a', to: 'b' },
        { from: 'a', to: 'c' },
      ],
      ['a'],
    );
    expect(run).toMatchObject({ ok: false, step: 1 });
  });

  it('refuses a direct case-only rename', () => {
    expect(simulate([{ from: 'Song', to: 'song' }], ['Song']).ok).toBe(false);
  });

  it('reports folder and file clashes, and lets a folder be reused once emptied', () => {
    expect(simulate([{ from: 'x', to: 'A' }], ['x', 'a/1']).ok).toBe(false);
    expect(simulate([{ from: 'x', to: 'F/x' }], ['x', 'f']).ok).toBe(false);
    expect(
      simulate(
        [
          { from: 'a/1', to: 'b/1' },
          { from: 'x', to: 'a' },
        ],
        ['x', 'a/1'],
      ),
    ).toEqual({ ok: true, final: new Set(['b/1', 'a']) });
  });
});

describe('invertSteps', () => {
  it('reverses the steps, swaps their ends and marks the temporary landings', () => {
    const s = scheduleMoves(
      [
        { from: 'A', to: 'B' },
        { from: 'B', to: 'A' },
      ],
      ['A', 'B'],
      { tempTag: 't' },
    );
    expect(invertSteps(s.steps)).toEqual([
      { from: 'B', to: '.mo-tmp-t-0-A', temporary: true, move: 0 },
      { from: 'A', to: 'B', move: 1 },
      { from: '.mo-tmp-t-0-A', to: 'A', move: 0 },
    ]);
  });
  it("keeps the rest of a journal step (its file's size and date)", () => {
    const steps = [
      { kind: 'move' as const, from: 'A', to: '.mo-tmp-t-0-A', temporary: true, size: 1, lastModified: 10 },
      { kind: 'move' as const, from: '.mo-tmp-t-0-A', to: 'B', size: 1, lastModified: 10 },
    ];
    expect(invertSteps(steps)).toEqual([
      { kind: 'move', from: 'B', to: '.mo-tmp-t-0-A', temporary: true, size: 1, lastModified: 10 },
      { kind: 'move', from: '.mo-tmp-t-0-A', to: 'A', size: 1, lastModified: 10 },
    ]);
  });
});

// ---------- properties ----------

const FOLDERS = ['', 'a', 'A', 'b', 'a/b', 'a/B', `caf${NFC_E}`, `caf${NFD_E}`];
const NAMES = ['x', 'X', 'y', 'b', 'B', 'Song.mp3', 'song.mp3', `${NFC_E}.mp3`, `${NFD_E}.mp3`];
const pathArb = fc
  .tuple(fc.constantFrom(...FOLDERS), fc.constantFrom(...NAMES))
  .map(([folder, name]) => (folder === '' ? name : `${folder}/${name}`));

function folderKeysOf(key: string): string[] {
  const parts = key.split('/');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** Keeps what a real disk could hold: no file where a folder is; unique keys unless `caseSensitive`. */
function consistentFiles(paths: string[], caseSensitive: boolean): string[] {
  const kept: string[] = [];
  const fileKeys = new Set<string>();
  const folderKeys = new Set<string>();
  for (const path of paths) {
    const key = pathKey(path);
    if (kept.includes(path) || (!caseSensitive && fileKeys.has(key))) continue;
    if (folderKeys.has(key) || folderKeysOf(key).some((f) => fileKeys.has(f))) continue;
    kept.push(path);
    fileKeys.add(key);
    for (const f of folderKeysOf(key)) folderKeys.add(f);
  }
  return kept;
}

const flipCase = (path: string) => path.replace(/[^/]+$/, (base) => [...base].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join(''));

function scenarioArb(caseSensitive: boolean) {
  return fc
    .record({
      paths: fc.array(pathArb, { maxLength: 30 }),
      random: fc.array(fc.tuple(fc.oneof(fc.nat(), pathArb), fc.oneof(fc.nat(), pathArb)), { maxLength: 15 }),
      cycles: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), { maxLength: 3 }),
      chains: fc.array(fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), pathArb), { maxLength: 3 }),
      caseFlips: fc.array(fc.nat(), { maxLength: 3 }),
      order: fc.array(fc.integer(), { minLength: 40, maxLength: 40 }),
    })
    .map(({ paths, random, cycles, chains, caseFlips, order }) => {
      const files = consistentFiles(paths, caseSensitive);
      const file = (n: number | string) => (typeof n === 'string' ? n : (files[n % Math.max(files.length, 1)] ?? 'missing'));
      const moves: DesiredMove[] = random.map(([from, to]) => ({ from: file(from), to: file(to) }));
      for (const cycle of cycles) {
        const members = [...new Set(cycle.map(file))];
        members.forEach((from, i) => moves.push({ from, to: members[(i + 1) % members.length]! }));
      }
      for (const [chain, end] of chains) {
        const members = [...new Set(chain.map(file))];
        members.forEach((from, i) => moves.push({ from, to: members[i + 1] ?? end }));
      }
      for (const n of caseFlips) moves.push({ from: file(n), to: flipCase(file(n)) });
      const shuffled = moves
        .map((move, i) => ({ move, rank: order[i] ?? 0 }))
        .sort((p, q) => p.rank - q.rank)
        .map((p) => p.move);
      return { files, moves: shuffled };
    });
}

function expectedFinal(files: string[], moves: DesiredMove[], schedule: Schedule): Set<string> {
  const rejected = new Set(schedule.rejected.map((r) => r.move));
  const final = new Set(files);
  const done = moves.filter((m, i) => !rejected.has(i) && m.from !== m.to);
  for (const m of done) final.delete(m.from);
  for (const m of done) final.add(m.to);
  return final;
}

const sorted = (set: Iterable<string>) => [...set].sort();

describe('scheduleMoves properties', () => {
  it('produces safe schedules that do exactly the accepted moves, deterministically and undoably', () => {
    fc.assert(
      fc.property(scenarioArb(false), ({ files, moves }) => {
        const schedule = scheduleMoves(moves, files, { tempTag: 'p' });
        // (1) never lands on an occupied path, never moves a missing file
        const final = expectSafe(schedule, files);
        // (2) accepted moves end at their targets, everything else stays
        expect(sorted(final)).toEqual(sorted(expectedFinal(files, moves, schedule)));
        // (3) no two final paths share a key
        expect(new Set([...final].map(pathKey)).size).toBe(final.size);
        // (4) same input, same output, whatever order the disk listed its files in
        expect(scheduleMoves(moves, [...files].reverse(), { tempTag: 'p' })).toEqual(schedule);
        // (5) undo restores the original files
        expect(sorted(expectSafe({ steps: invertSteps(schedule.steps), rejected: [] }, [...final]))).toEqual(sorted(files));
        // Steps serve accepted moves only; each accepted move gets one step, or two via a temporary name.
        const rejected = new Set(schedule.rejected.map((r) => r.move));
        for (const step of schedule.steps) if (step.move !== undefined) expect(rejected.has(step.move)).toBe(false);
        moves.forEach((m, i) => {
          const count = schedule.steps.filter((s) => s.move === i).length;
          if (rejected.has(i) || m.from === m.to) expect(count).toBe(0);
          else if (pathKey(m.from) === pathKey(m.to)) expect(count).toBe(2);
          else expect([1, 2]).toContain(count);
        });
        const parked = schedule.steps.filter((s) => 'move' in s && s.temporary).length;
        // A folder renamed only in case adds a removal of its old spelling, which moves no file.
        expect(schedule.steps.filter((s) => !('removeFolder' in s)).length).toBe(moves.filter((m, i) => !rejected.has(i) && m.from !== m.to).length + parked);
      }),
      { numRuns: 1000 },
    );
  });

  it('stays safe on a case-sensitive disk holding names that differ only in case', () => {
    fc.assert(
      fc.property(scenarioArb(true), ({ files, moves }) => {
        const schedule = scheduleMoves(moves, files, { tempTag: 'p' });
        const final = expectSafe(schedule, files);
        expect(sorted(final)).toEqual(sorted(expectedFinal(files, moves, schedule)));
        expect(sorted(expectSafe({ steps: invertSteps(schedule.steps), rejected: [] }, [...final]))).toEqual(sorted(files));
      }),
      { numRuns: 500 },
    );
  });
});

describe('scheduleMoves at library scale', () => {
  it('schedules 50,000 moves with chains, swaps, rotations and case-only renames', () => {
    const files: string[] = [];
    for (let i = 0; i < 50_000; i++) files.push(`incoming/artist${i % 700}/disc ${i % 9}/track ${i}.mp3`);
    const moves: DesiredMove[] = files.map((from, i) => {
      if (i % 50 === 0) return { from, to: from.replace('track', 'Track') }; // case-only
      if (i % 100 === 1) return { from, to: files[i + 1]! }; // swap with the next…
      if (i % 100 === 2) return { from, to: files[i - 1]! }; // …file
      if (i % 100 === 3) return { from, to: files[i + 1]! }; // rotation of three
      if (i % 100 === 4) return { from, to: files[i + 1]! };
      if (i % 100 === 5) return { from, to: files[i - 2]! };
      if (i % 20 === 10) return { from, to: files[i + 1]! }; // chain into a file that moves away
      return { from, to: `Library/Artist ${i % 700}/Album ${i % 13}/${String(i).padStart(5, '0')} Title.mp3` };
    });
    const started = performance.now();
    const schedule = scheduleMoves(moves, files, { tempTag: 'big' });
    const elapsed = performance.now() - started;
    console.log(`scheduleMoves: 50,000 moves → ${schedule.steps.length} steps in ${elapsed.toFixed(0)} ms`);
    expect(schedule.rejected).toEqual([]);
    const final = expectSafe(schedule, files);
    expect(sorted(final)).toEqual(sorted(moves.map((m) => m.to)));
  });
});
