import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { compareInFolderOrder, firstInFolderOrder, readOnlyLibraryId } from '../../src/core/read-only-library.ts';

/** The order of a walk that lists each folder sorted by name, done the slow, obvious way. */
function walkOrder(paths: string[]): string[] {
  type Folder = Map<string, Folder | null>;
  const root: Folder = new Map();
  for (const path of paths) {
    const parts = path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      if (!folder.has(part)) folder.set(part, new Map());
      folder = folder.get(part)!;
    }
    folder.set(parts.at(-1)!, null);
  }
  const out: string[] = [];
  const visit = (folder: Folder, prefix: string) => {
    for (const name of [...folder.keys()].sort()) {
      const child = folder.get(name)!;
      const path = prefix ? `${prefix}/${name}` : name;
      if (child) visit(child, path);
      else out.push(path);
    }
  };
  visit(root, '');
  return out;
}

/** Paths of a tree: no name is both a file and a folder in the same place. */
const tree = fc
  .uniqueArray(fc.array(fc.constantFrom('A', 'A b', 'a', 'B', 'Ä', '01', '1', 'x.mp3', 'A.flac', '-'), { minLength: 1, maxLength: 4 }), { maxLength: 60, selector: (p) => p.join('/') })
  .map((paths) => {
    const files = paths.map((p) => p.join('/'));
    return files.filter((f) => !files.some((other) => other.startsWith(`${f}/`)));
  });

describe('the id of a read-only library', () => {
  test('folder order is the order of a walk that lists each folder sorted by name', () => {
    fc.assert(
      fc.property(tree, (paths) => {
        expect([...paths].sort(compareInFolderOrder)).toEqual(walkOrder(paths));
      }),
    );
    expect(['A b/x', 'A/x'].sort(compareInFolderOrder)).toEqual(['A/x', 'A b/x']);
  });

  test('the first paths in folder order, found in one pass, whatever order they come in', () => {
    fc.assert(
      fc.property(tree, fc.integer({ min: 1, max: 40 }), fc.integer(), (paths, n, seed) => {
        const shuffled = [...paths].sort((a, b) => ((hash(a) ^ seed) - (hash(b) ^ seed)));
        expect(firstInFolderOrder(shuffled, n)).toEqual(walkOrder(paths).slice(0, n));
      }),
    );
  });

  test('the same name and first files give the same id; another name or other first files another one', () => {
    const first = ['ABBA/Gold/01 Dancing Queen.mp3', 'ABBA/Gold/02 Knowing Me.mp3'];
    expect(readOnlyLibraryId('Music', first)).toBe(readOnlyLibraryId('Music', [...first]));
    expect(readOnlyLibraryId('Music', first)).toMatch(/^read-only:Music:[0-9a-f]{8}$/);
    expect(readOnlyLibraryId('Musik', first)).not.toBe(readOnlyLibraryId('Music', first));
    expect(readOnlyLibraryId('Music', first.slice(1))).not.toBe(readOnlyLibraryId('Music', first));
    // A name and a path cannot trade places.
    expect(readOnlyLibraryId('Music\nA', ['B'])).not.toBe(readOnlyLibraryId('Music', ['A\nB']));
  });
});

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}
