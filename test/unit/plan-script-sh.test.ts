// The exported sh script, run by Debian's /bin/sh (dash) on real folders: it does exactly the
// scheduled steps, never overwrites, stops on the first error, and its undo script puts the
// folder back exactly, also after a failure or a crash in the middle of either script.
// Failures and crashes come from a stand-in for `mv` put first on PATH: it counts its calls and
// at the chosen one fails, or moves the file and then kills the script (as a power cut would).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Operation } from '../../src/core/model.ts';
import { journalSteps } from '../../src/core/steps.ts';
import type { MoveStep, DeleteStep, OutputStep, RemoveFolderStep } from '../../src/core/journal-steps.ts';
import { pathKey } from '../../src/core/library-path.ts';
import { shScript } from '../../src/core/plan-script-sh.ts';
import { readDiskTree, runSh, sha256, writeDiskTree, type DiskTree } from '../support/disk-tree.ts';

let work: string;
let bin: string;
let case_ = 0;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'plan-script-'));
  bin = join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'mv'), MV_STAND_IN);
  chmodSync(join(bin, 'mv'), 0o755);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MV_STAND_IN = `#!/bin/sh
n=$(cat "$MO_TEST_COUNTER" 2>/dev/null || echo 0)
n=$((n + 1))
echo "$n" > "$MO_TEST_COUNTER"
if [ "$n" -eq "$MO_TEST_AT" ]; then
  case $MO_TEST_MODE in
    fail) echo 'mv: simulated failure' >&2; exit 1 ;;
    crash) /bin/mv "$@" && kill -9 "$PPID"; exit 1 ;;
    obstacle) mkdir -p "$(dirname "$MO_TEST_OBSTACLE")" && printf 'someone else' > "$MO_TEST_OBSTACLE" ;;
  esac
fi
exec /bin/mv "$@"
`;

interface Fault {
  mode: 'fail' | 'crash' | 'obstacle';
  /** The mv call (1-based) that goes wrong. */
  at: number;
  obstacle?: string;
}

function faultEnv(fault: Fault | undefined): Record<string, string> {
  if (!fault) return {};
  return {
    PATH: `${bin}:${process.env.PATH}`,
    MO_TEST_COUNTER: join(work, `counter-${case_++}`),
    MO_TEST_AT: String(fault.at),
    MO_TEST_MODE: fault.mode,
    MO_TEST_OBSTACLE: fault.obstacle ?? '',
  };
}

/** A fresh case: the music folder filled with `files` (path → content), and a folder for the scripts beside it. */
function newCase(files: Record<string, string>, rootName = 'Music'): { root: string; scripts: string; original: DiskTree } {
  const dir = join(work, `case-${case_++}`);
  const root = join(dir, rootName);
  const scripts = join(dir, 'Downloads');
  mkdirSync(scripts, { recursive: true });
  writeDiskTree(root, Object.entries(files).map(([path, content]) => ({ path, bytes: Buffer.from(content) })));
  return { root, scripts, original: readDiskTree(root) };
}

const move = (from: string, to: string): Operation => ({ kind: 'move', from, to, size: 1, lastModified: 0, reason: 'recording' });

/** The scheduled steps of these moves, as the planner worker makes them. */
function stepsOf(files: string[], moves: Operation[], junk: DeleteStep[] = []): (MoveStep | RemoveFolderStep | DeleteStep | OutputStep)[] {
  const { steps, refused } = journalSteps({ operations: moves }, files);
  expect(refused).toEqual([]);
  return [...steps, ...junk];
}

function writeScript(scripts: string, steps: (MoveStep | RemoveFolderStep | DeleteStep | OutputStep)[]): string {
  const path = join(scripts, 'organize-Music.sh');
  writeFileSync(path, shScript(steps, { libraryName: 'Music', madeAt: new Date('2026-11-24T10:31:00Z') }));
  return path;
}

/** The files after the first `count` steps, as the scheduler means them. */
function afterSteps(original: DiskTree, steps: readonly (MoveStep | RemoveFolderStep | DeleteStep | OutputStep)[], count = steps.length): Record<string, string> {
  const files = new Map(Object.entries(original.files));
  for (const step of steps.slice(0, count)) {
    if (step.kind !== 'move') continue;
    files.set(step.to, files.get(step.from)!);
    files.delete(step.from);
  }
  return Object.fromEntries([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The folders a tree of files needs: what is left once every emptied folder is gone. */
function foldersOf(files: Record<string, string>): string[] {
  const folders = new Set<string>();
  for (const path of Object.keys(files)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  return [...folders].sort();
}

describe('the sh script on a real folder', () => {
  it('does a swap, a rotation, a case-only rename and hostile names, and its undo puts everything back', () => {
    const hostile = ["it's $HOME `id` $(id).mp3", '-rf --no-preserve-root.mp3', 'new\nline.mp3', 'What?*[x].mp3', 'back\\slash "q".mp3', 'Café ’quote’ 日本.flac'];
    const files: Record<string, string> = {
      'Swap/01 Two.mp3': 'one', 'Swap/02 One.mp3': 'two',
      'Rot/a.mp3': 'A', 'Rot/b.mp3': 'B', 'Rot/c.mp3': 'C',
      'Case/01 dawn.flac': 'dawn',
      ...Object.fromEntries(hostile.map((name, i) => [`In $x/${name}`, `hostile ${i}`])),
      'Keep/stays.txt': 'stays',
    };
    const { root, scripts, original } = newCase(files);
    const steps = stepsOf(Object.keys(files), [
      move('Swap/01 Two.mp3', 'Swap/02 One.mp3'), move('Swap/02 One.mp3', 'Swap/01 Two.mp3'),
      move('Rot/a.mp3', 'Rot/b.mp3'), move('Rot/b.mp3', 'Rot/c.mp3'), move('Rot/c.mp3', 'Rot/a.mp3'),
      move('Case/01 dawn.flac', 'Case/01 Dawn.flac'),
      ...hostile.map((name, i) => move(`In $x/${name}`, `-Artist 'n' $HOME/\`Album\` (2001)/0${i} ${name}`)),
    ]);
    expect(steps.filter((s) => s.kind === 'move' && s.temporary)).toHaveLength(3);
    const script = writeScript(scripts, steps);

    const organize = runSh(script, [root]);
    expect(organize.stderr).toBe('');
    expect(organize.status).toBe(0);
    const after = readDiskTree(root);
    expect(after.files).toEqual(afterSteps(original, steps));
    expect(after.files['Swap/01 Two.mp3']).toBe(sha256(Buffer.from('two')));
    expect(after.files['Case/01 Dawn.flac']).toBe(sha256(Buffer.from('dawn')));
    expect(after.folders).toEqual(foldersOf(after.files));
    expect(after.folders).not.toContain('In $x');
    expect(organize.stdout).toContain(`[${steps.length}/${steps.length}] `);

    const undo = runSh(join(scripts, 'organize-Music.undo.sh'), [root]);
    expect(undo.stderr).toBe('');
    expect(undo.status).toBe(0);
    expect(readDiskTree(root)).toEqual(original);
  });

  it('renames folders only in case through its parking folder, removing the old spelling on the way, and its undo brings it back', () => {
    const files: Record<string, string> = { 'beatles/abbey road/01 come together.mp3': 'ct', 'beatles/abbey road/02 something.mp3': 'so', 'beatles/abbey road/scans/x/keep': 'k' };
    const { root, scripts, original } = newCase(files);
    const steps = stepsOf(Object.keys(files), [
      move('beatles/abbey road/01 come together.mp3', 'Beatles/Abbey Road/01 Come Together.mp3'),
      move('beatles/abbey road/02 something.mp3', 'Beatles/Abbey Road/02 Something.mp3'),
      move('beatles/abbey road/scans/x/keep', 'Beatles/Abbey Road/scans/x/keep'),
    ]);
    expect(steps.filter((s) => s.kind === 'remove-folder')).toEqual([{ kind: 'remove-folder', from: 'beatles', to: 'Beatles' }]);
    const script = writeScript(scripts, steps);
    expect(readFileSync(script, 'utf8')).toContain("case_rename 4 'beatles'\nstep 4 ");

    const organize = runSh(script, [root]);
    expect(organize.stderr).toBe('');
    expect(organize.status).toBe(0);
    const after = readDiskTree(root);
    expect(Object.keys(after.files).sort()).toEqual(['Beatles/Abbey Road/01 Come Together.mp3', 'Beatles/Abbey Road/02 Something.mp3', 'Beatles/Abbey Road/scans/x/keep']);
    expect(after.folders).toEqual(foldersOf(after.files));

    const undo = runSh(join(scripts, 'organize-Music.undo.sh'), [root]);
    expect(undo.stderr).toBe('');
    expect(undo.status).toBe(0);
    expect(readDiskTree(root)).toEqual(original);
  });

  it('refuses before changing anything when a target was taken since the plan was made', () => {
    const { root, scripts, original } = newCase({ 'in/a.mp3': 'a', 'in/b.mp3': 'b' });
    const script = writeScript(scripts, stepsOf(['in/a.mp3', 'in/b.mp3'], [move('in/a.mp3', 'A/1.mp3'), move('in/b.mp3', 'B/2.mp3')]));
    writeDiskTree(root, [{ path: 'B/2.mp3', bytes: Buffer.from('mine') }]);
    const taken = readDiskTree(root);
    const run = runSh(script, [root]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('"B/2.mp3" already exists');
    expect(run.stderr).toContain('Nothing was changed.');
    expect(readDiskTree(root)).toEqual(taken);
    expect(existsSync(join(scripts, 'organize-Music.undo.sh'))).toBe(false);
    expect(taken.files).toMatchObject(original.files);
  });

  it('refuses before changing anything when given the wrong folder', () => {
    const { root, scripts, original } = newCase({ 'x.mp3': 'x' });
    const script = writeScript(scripts, stepsOf(['in/a.mp3'], [move('in/a.mp3', 'A/1.mp3')]));
    const run = runSh(script, [root]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/"in\/a.mp3" is not in the music folder\. Is this the folder the plan was made for\?\nNothing was changed\./);
    expect(readDiskTree(root)).toEqual(original);
  });

  it('refuses before changing anything when a file stands where a folder must go', () => {
    const { root, scripts, original } = newCase({ 'a.mp3': 'a', 'b.mp3': 'b' });
    const script = writeScript(scripts, stepsOf(['a.mp3', 'b.mp3'], [move('a.mp3', 'x/1.mp3'), move('b.mp3', 'Artist/Album/2.mp3')]));
    writeDiskTree(root, [{ path: 'Artist', bytes: Buffer.from('a file') }]);
    const run = runSh(script, [root]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('"Artist" is a file');
    expect(readDiskTree(root).files).toEqual({ ...original.files, Artist: sha256(Buffer.from('a file')) });
  });

  it('checks again before each move: a target that appears mid-run is not overwritten, and the undo puts back what moved', () => {
    const { root, scripts, original } = newCase({ 'in/a.mp3': 'a', 'in/b.mp3': 'b', 'in/c.mp3': 'c' });
    const steps = stepsOf(['in/a.mp3', 'in/b.mp3', 'in/c.mp3'], [move('in/a.mp3', 'X/1.mp3'), move('in/b.mp3', 'X/2.mp3'), move('in/c.mp3', 'X/3.mp3')]);
    const script = writeScript(scripts, steps);
    // While the first file moves, someone puts a file where the second goes.
    const run = runSh(script, [root], { env: faultEnv({ mode: 'obstacle', at: 1, obstacle: join(root, 'X/2.mp3') }) });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Stopped: step 2: "X/2.mp3" already exists; nothing was overwritten.');
    expect(run.stderr).toMatch(/1 of 3 moves were done before this\. To put those files back, run:\n {2}sh '.*organize-Music\.undo\.sh' '.*Music'/);
    const mine = sha256(Buffer.from('someone else'));
    expect(readDiskTree(root).files).toEqual({ 'X/1.mp3': original.files['in/a.mp3'], 'X/2.mp3': mine, 'in/b.mp3': original.files['in/b.mp3'], 'in/c.mp3': original.files['in/c.mp3'] });

    const undo = runSh(join(scripts, 'organize-Music.undo.sh'), [root]);
    expect(undo.status).toBe(0);
    expect(readDiskTree(root).files).toEqual({ ...original.files, 'X/2.mp3': mine });
  });

  it('never replaces an undo script that is already there', () => {
    const { root, scripts, original } = newCase({ 'a.mp3': 'a' });
    const script = writeScript(scripts, stepsOf(['a.mp3'], [move('a.mp3', 'A/a.mp3')]));
    writeFileSync(join(scripts, 'organize-Music.undo.sh'), 'an earlier undo');
    const run = runSh(script, [root]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('an undo script is already at');
    expect(readFileSync(join(scripts, 'organize-Music.undo.sh'), 'utf8')).toBe('an earlier undo');
    expect(readDiskTree(root)).toEqual(original);
  });

  it('deletes chosen clutter only at the size the scan saw, and removes the folder that leaves empty', () => {
    const { root, scripts } = newCase({ 'Old/a.mp3': 'a', 'Old/Thumbs.db': 'thumbs', 'Other/.DS_Store': 'changed since' });
    const junk = (path: string, size: number): DeleteStep => ({ kind: 'delete-junk', from: path, to: '', size, lastModified: 0 });
    const steps = stepsOf(['Old/a.mp3', 'Old/Thumbs.db', 'Other/.DS_Store'], [move('Old/a.mp3', 'New/a.mp3')], [junk('Old/Thumbs.db', 6), junk('Other/.DS_Store', 3)]);
    const run = runSh(writeScript(scripts, steps), [root]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Kept Other/.DS_Store: it is gone or changed since the scan.');
    expect(readDiskTree(root)).toEqual({ files: { 'New/a.mp3': sha256(Buffer.from('a')), 'Other/.DS_Store': sha256(Buffer.from('changed since')) }, folders: ['New', 'Other'] });
  });

  it('takes a relative music folder whose name starts with a dash and holds quotes, from another working directory', () => {
    const { root, scripts, original } = newCase({ 'a.mp3': 'a' }, "-it's $HOME");
    const script = writeScript(scripts, stepsOf(['a.mp3'], [move('a.mp3', 'A/a.mp3')]));
    const run = runSh(script, ["-it's $HOME"], { cwd: join(root, '..') });
    expect(run.stderr).toBe('');
    expect(readDiskTree(root).files).toEqual({ 'A/a.mp3': original.files['a.mp3'] });
    expect(runSh(join(scripts, 'organize-Music.undo.sh'), ['./' + "-it's $HOME"], { cwd: join(root, '..') }).status).toBe(0);
    expect(readDiskTree(root)).toEqual(original);
  });
});

// Names that break naive quoting, and the lines the scripts themselves look for. Every run spawns
// sh and mv many times, so the runs are few per seed and a failure is reported without shrinking:
// its seed and path replay it (FC_SEED picks other seeds).
const PIECES = [
  "'", '"', '$', '`', '\\', '\n', '\r', '\t', ' ', '-', '--', '*', '?', '[', ']', '!', '#', '&', ';', '|', '<', '>', '(', ')', '{', '}', '%', ':',
  '$(id)', '`id`', '${HOME}', "'\\''", '\u2019', '\u2018', '\u201a', '\u201b', 'é', 'e\u0301', '日本', '🎵', '\u2028', '\u0085', '\u00a0', '\u202e',
  '\nMO_END_OF_UNDO_SCRIPT\n', '\n# Progress: lines below this one are written by the scripts. Keep them.\n', '\n# done 99\n', "\n'@", 'a', 'B', 'c',
];
const nameArb = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 4 })
  .map((pieces) => pieces.join(''))
  .filter((n) => !/[/\0]/.test(n) && n !== '.' && n !== '..' && !n.startsWith('.mo-tmp-') && Buffer.byteLength(n) <= 120 && !/\p{Cs}/u.test(n));

const faultArb = fc.option(fc.record({ mode: fc.constantFrom('fail' as const, 'crash' as const), at: fc.nat() }), { nil: undefined });

const libraryArb = fc.record({
  folders: fc.array(fc.oneof(fc.constant(''), nameArb, fc.tuple(nameArb, nameArb).map(([a, b]) => `${a}/${b}`)), { minLength: 1, maxLength: 3 }),
  files: fc.array(fc.tuple(fc.nat(), nameArb), { minLength: 1, maxLength: 7 }),
  wishes: fc.array(fc.record({ kind: fc.constantFrom('stay', 'other', 'case', 'new', 'beside'), pick: fc.nat(), name: nameArb, folder: nameArb }), { minLength: 7, maxLength: 7 }),
  organizeFault: faultArb,
  undoFault: faultArb,
});

const swapCase = (s: string) => [...s].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
const join2 = (folder: string, name: string) => (folder === '' ? name : `${folder}/${name}`);

describe('the sh script on random hostile libraries (property)', () => {
  const seed = Number(process.env.FC_SEED ?? 20261124);
  for (const s of [seed, seed + 1, seed + 2]) {
    it(`does exactly the scheduled steps, and its undo restores the folder exactly, through failures and crashes (seed ${s})`, () => {
      fc.assert(
        fc.property(libraryArb, ({ folders, files: picks, wishes, organizeFault, undoFault }) => {
          // One file per key, and no file where another's folder is: as a real disk has them.
          const keys = new Set<string>();
          const folderKeys = new Set<string>();
          const paths: string[] = [];
          for (const [f, name] of picks) {
            const path = join2(folders[f % folders.length]!, name);
            const key = pathKey(path);
            const above = key.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'));
            if (keys.has(key) || folderKeys.has(key) || above.some((k) => keys.has(k))) continue;
            keys.add(key);
            for (const k of above) folderKeys.add(k);
            paths.push(path);
          }
          const moves = paths.flatMap((from, i) => {
            const wish = wishes[i]!;
            const folder = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
            const to = wish.kind === 'other' ? paths[wish.pick % paths.length]!
              : wish.kind === 'case' ? join2(folder, swapCase(from.slice(folder.length + (folder ? 1 : 0))))
              : wish.kind === 'new' ? `New ${wish.folder}/${wish.name}`
              : wish.kind === 'beside' ? join2(folder, wish.name)
              : from;
            return to === from ? [] : [move(from, to)];
          });
          const { steps } = journalSteps({ operations: moves }, paths);
          const files = Object.fromEntries(paths.map((p, i) => [p, `file ${i}: ${p}`]));
          const { root, scripts, original } = newCase(files);
          const script = writeScript(scripts, steps);
          const undoScript = join(scripts, 'organize-Music.undo.sh');

          const fault = organizeFault && steps.length > 0 ? { ...organizeFault, at: 1 + (organizeFault.at % steps.length) } : undefined;
          const organize = runSh(script, [root], { env: faultEnv(fault) });
          const now = readDiskTree(root);
          if (!fault) {
            expect(organize.stderr).toBe('');
            expect(organize.status).toBe(0);
            expect(now.files).toEqual(afterSteps(original, steps));
            expect(now.folders).toEqual(foldersOf(now.files));
          } else if (fault.mode === 'fail') {
            expect(organize.status).toBe(1);
            expect(organize.stderr).toContain(`Stopped: step ${fault.at}:`);
            expect(now.files).toEqual(afterSteps(original, steps, fault.at - 1));
          } else {
            expect(organize.signal).toBe('SIGKILL');
            expect(now.files).toEqual(afterSteps(original, steps, fault.at));
          }

          // The undo may itself fail or crash once; run again, it finishes the job.
          const first = runSh(undoScript, [root], { env: faultEnv(undoFault && { ...undoFault, at: 1 + undoFault.at % Math.max(steps.length, 1) }) });
          const done = first.status === 0 ? first : runSh(undoScript, [root]);
          expect(done.stderr).toBe('');
          expect(done.status).toBe(0);
          expect(readDiskTree(root)).toEqual(original);
        }),
        { seed: s, numRuns: 15, endOnFailure: true },
      );
    }, 180_000);
  }
});
