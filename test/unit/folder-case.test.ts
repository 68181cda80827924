import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { invertSteps, pathKey, scheduleMoves, type DesiredMove } from '../../src/core/schedule.ts';
import { baseName, parentOf } from '../../src/core/entries.ts';

type Step = ReturnType<typeof scheduleMoves>['steps'][number];

/**
 * A disk as the File System Access API shows it, with names compared by `key`: on a disk that
 * ignores case, a folder keeps the spelling it was made with, asking for a folder whose key exists
 * opens that one, and a folder holding anything cannot be removed.
 */
class DiskModel {
  readonly #folders = new Map<string, string>();
  readonly #files = new Map<string, string>();

  constructor(files: string[], private key: (path: string) => string) {
    for (const path of files) this.#files.set(key(path), `${this.#folder(parentOf(path))}${baseName(path)}`);
  }

  /** The folder's real spelling with a trailing '/', created (with the asked spelling) if missing. */
  #folder(path: string): string {
    if (path === '') return '';
    const known = this.#folders.get(this.key(path));
    if (known !== undefined) return `${known}/`;
    const real = `${this.#folder(parentOf(path))}${baseName(path)}`;
    this.#folders.set(this.key(path), real);
    return `${real}/`;
  }

  move(from: string, to: string): void {
    if (!this.#files.has(this.key(from))) throw new Error(`${from} is not there`);
    if (this.#files.has(this.key(to)) && this.key(to) !== this.key(from)) throw new Error(`${to} would be overwritten`);
    this.#files.delete(this.key(from));
    const real = `${this.#folder(parentOf(to))}${baseName(to)}`;
    this.#files.set(this.key(real), real);
  }

  #holdsAnything(key: string): boolean {
    return [...this.#files.keys(), ...this.#folders.keys()].some((k) => k.startsWith(`${key}/`));
  }

  rmdir(path: string): void {
    if (this.#holdsAnything(this.key(path))) throw new Error(`${path} is not empty`);
    this.#folders.delete(this.key(path));
  }

  /** What removeFolderTree does: empty folders deepest first; one that holds a file is kept. */
  removeFolderTree(path: string): void {
    const key = this.key(path);
    if (!this.#folders.has(key)) return;
    const inside = [...this.#folders.keys()].filter((k) => k === key || k.startsWith(`${key}/`));
    for (const k of inside.sort((a, b) => b.split('/').length - a.split('/').length)) {
      if (!this.#holdsAnything(k)) this.rmdir(this.#folders.get(k)!);
    }
  }

  run(steps: readonly Step[]): Set<string> {
    for (const step of steps) {
      if ('removeFolder' in step) this.removeFolderTree(step.from);
      else this.move(step.from, step.to);
    }
    return this.files();
  }

  files(): Set<string> {
    return new Set(this.#files.values());
  }
}

const caseInsensitive = (files: string[]) => new DiskModel(files, pathKey);
const caseSensitive = (files: string[]) => new DiskModel(files, (path) => path);
const rename = (files: string[], rename: (path: string) => string): DesiredMove[] => files.map((from) => ({ from, to: rename(from) }));
const sorted = (set: Iterable<string>) => [...set].sort();

describe('a folder renamed only in letter case', () => {
  const files = ['beatles/Help.mp3', 'beatles/Yesterday.mp3'];
  const moves = rename(files, (p) => p.replace('beatles', 'Beatles'));

  it('parks the files in a hidden folder, removes the old folder, then moves them on', () => {
    const s = scheduleMoves(moves, files, { tempTag: 't' });
    expect(s.rejected).toEqual([]);
    expect(s.steps).toEqual([
      { from: 'beatles/Help.mp3', to: '.mo-tmp-t-dir-0/beatles/Help.mp3', temporary: true, move: 0 },
      { from: 'beatles/Yesterday.mp3', to: '.mo-tmp-t-dir-0/beatles/Yesterday.mp3', temporary: true, move: 1 },
      { from: 'beatles', to: 'Beatles', removeFolder: true },
      { from: '.mo-tmp-t-dir-0/beatles/Help.mp3', to: 'Beatles/Help.mp3', move: 0 },
      { from: '.mo-tmp-t-dir-0/beatles/Yesterday.mp3', to: 'Beatles/Yesterday.mp3', move: 1 },
    ]);
  });

  it('ends in the new spelling on a disk that ignores case, and the undo brings the old one back', () => {
    const s = scheduleMoves(moves, files, { tempTag: 't' });
    const disk = caseInsensitive(files);
    expect(sorted(disk.run(s.steps))).toEqual(['Beatles/Help.mp3', 'Beatles/Yesterday.mp3']);
    expect(sorted(disk.run(invertSteps(s.steps)))).toEqual(files);
  });

  it('ends in the new spelling on a case-sensitive disk, and the undo brings the old one back', () => {
    const s = scheduleMoves(moves, files, { tempTag: 't' });
    const disk = caseSensitive(files);
    expect(sorted(disk.run(s.steps))).toEqual(['Beatles/Help.mp3', 'Beatles/Yesterday.mp3']);
    expect(sorted(disk.run(invertSteps(s.steps)))).toEqual(files);
  });

  const nested = ['beatles/abbey road/come together.mp3', 'beatles/abbey road/Something.mp3', 'beatles/help/Help.mp3'];
  const nestedTargets = ['Beatles/Abbey Road/Come Together.mp3', 'Beatles/Abbey Road/Something.mp3', 'Beatles/help/Help.mp3'];
  const nestedMoves = nested.map((from, i) => ({ from, to: nestedTargets[i]! }));

  it('renames nested folders and a file inside them with one removal of the topmost old folder', () => {
    const s = scheduleMoves(nestedMoves, nested, { tempTag: 't' });
    expect(s.rejected).toEqual([]);
    expect(s.steps.filter((step) => 'removeFolder' in step)).toEqual([{ from: 'beatles', to: 'Beatles', removeFolder: true }]);
    expect(s.steps.filter((step) => !('removeFolder' in step) && step.temporary)).toHaveLength(3);
    for (const make of [caseInsensitive, caseSensitive]) {
      const disk = make(nested);
      expect(sorted(disk.run(s.steps))).toEqual(sorted(nestedTargets));
      expect(sorted(disk.run(invertSteps(s.steps)))).toEqual(sorted(nested));
    }
  });

  it('renames a folder below one that keeps its spelling, leaving the other files alone', () => {
    const files = ['Beatles/abbey road/Something.mp3', 'Beatles/Help/Help.mp3'];
    const s = scheduleMoves([{ from: files[0]!, to: 'Beatles/Abbey Road/Something.mp3' }], files, { tempTag: 't' });
    expect(s.steps.filter((step) => 'removeFolder' in step)).toEqual([{ from: 'Beatles/abbey road', to: 'Beatles/Abbey Road', removeFolder: true }]);
    for (const make of [caseInsensitive, caseSensitive]) {
      expect(sorted(make(files).run(s.steps))).toEqual(['Beatles/Abbey Road/Something.mp3', 'Beatles/Help/Help.mp3']);
    }
  });

  it('moves files from elsewhere into the new spelling only after the old folder is gone', () => {
    const files = ['beatles/Help.mp3', 'incoming/Yesterday.mp3'];
    const s = scheduleMoves([{ from: 'incoming/Yesterday.mp3', to: 'Beatles/Yesterday.mp3' }, { from: 'beatles/Help.mp3', to: 'Beatles/Help.mp3' }], files, { tempTag: 't' });
    expect(sorted(caseInsensitive(files).run(s.steps))).toEqual(['Beatles/Help.mp3', 'Beatles/Yesterday.mp3']);
  });

  it('keeps an old folder that still holds a file: nothing is lost, the files stay together', () => {
    const files = ['beatles/Help.mp3', 'beatles/cover.jpg'];
    const s = scheduleMoves([{ from: 'beatles/Help.mp3', to: 'Beatles/Help.mp3' }], files, { tempTag: 't' });
    expect(sorted(caseInsensitive(files).run(s.steps))).toEqual(files);
    expect(sorted(caseSensitive(files).run(s.steps))).toEqual(['Beatles/Help.mp3', 'beatles/cover.jpg']);
  });

  it('leaves a file renamed only in case inside a folder that keeps its spelling to a temporary name beside it', () => {
    const s = scheduleMoves([{ from: 'a/Song.mp3', to: 'a/song.mp3' }], ['a/Song.mp3'], { tempTag: 'x' });
    expect(s.steps.some((step) => 'removeFolder' in step)).toBe(false);
    expect(sorted(caseInsensitive(['a/Song.mp3']).run(s.steps))).toEqual(['a/song.mp3']);
  });
});

describe('folders renamed only in case (property)', () => {
  const flip = (name: string) => [...name].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
  it('end exactly in the planned spellings on both kinds of disk, and the undo restores the library', () => {
    const segment = fc.constantFrom('ab', 'cd', 'ef');
    const path = fc.tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.constantFrom('x.mp3', 'y.mp3')).map(([folders, file]) => [...folders, file].join('/'));
    fc.assert(
      fc.property(fc.uniqueArray(path, { minLength: 1, maxLength: 12 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.boolean(), (files, flipped, flipNames) => {
        // Every file's folders are respelled where the folder's name is flipped; its name too, maybe.
        const spell = (path: string) => {
          const parts = path.split('/');
          return parts.map((part, i) => (i === parts.length - 1 ? (flipNames ? flip(part) : part) : flipped[['ab', 'cd', 'ef'].indexOf(part)] ? flip(part) : part)).join('/');
        };
        const moves = files.map((from) => ({ from, to: spell(from) }));
        const s = scheduleMoves(moves, files, { tempTag: 'p' });
        expect(s.rejected).toEqual([]);
        for (const make of [caseInsensitive, caseSensitive]) {
          const disk = make(files);
          expect(sorted(disk.run(s.steps))).toEqual(sorted(moves.map((m) => m.to)));
          expect(sorted(disk.run(invertSteps(s.steps)))).toEqual(sorted(files));
        }
      }),
      { numRuns: 300 },
    );
  });
});
