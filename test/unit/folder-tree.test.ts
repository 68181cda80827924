// The folder tree of the tree view: built in slices, shown as the rows of expanded folders only.
import { expect, test } from 'vitest';
import { FolderTree } from '../../src/core/folder-tree.ts';

const all = { timeRemaining: () => 1000 };

test('top folders first, then files; expanded folders show their children one level down', () => {
  const tree = new FolderTree(['B/x/2.mp3', 'B/x/10.mp3', 'a.txt', 'A/1.mp3', 'B/y.mp3']);
  expect(tree.fill(all)).toBe(true);
  expect(tree.rows(new Set()).map((r) => [r.kind, r.name, r.level, r.count, r.posinset, r.setsize])).toEqual([
    ['folder', 'A', 1, 1, 1, 3],
    ['folder', 'B', 1, 3, 2, 3],
    ['file', 'a.txt', 1, 0, 3, 3],
  ]);
  const rows = tree.rows(new Set(['B', 'B/x']));
  expect(rows.map((r) => `${'  '.repeat(r.level - 1)}${r.name}`)).toEqual(['A', 'B', '  x', '    2.mp3', '    10.mp3', '  y.mp3', 'a.txt']);
  expect(rows.find((r) => r.name === '10.mp3')).toMatchObject({ path: 'B/x/10.mp3', parent: 'B/x', posinset: 2, setsize: 2 });
  expect(rows.find((r) => r.name === 'B')!.expanded).toBe(true);
  // A folder inside a collapsed one stays hidden, expanded or not.
  expect(tree.rows(new Set(['B/x'])).map((r) => r.name)).toEqual(['A', 'B', 'a.txt']);
});

test('built in slices: nothing is lost between them', () => {
  const paths = Array.from({ length: 5000 }, (_, i) => `F${i % 7}/G${i % 3}/${i}.mp3`);
  const tree = new FolderTree(paths);
  let slices = 0;
  let budget = 0;
  const deadline = { timeRemaining: () => (budget-- > 0 ? 10 : 0) };
  while (!tree.done) {
    budget = 2;
    tree.fill(deadline);
    slices++;
  }
  expect(slices).toBeGreaterThan(1);
  expect(tree.root.total).toBe(5000);
  expect(tree.folder('F3/G1')!.files.length + tree.folder('F3/G0')!.files.length + tree.folder('F3/G2')!.files.length).toBe(tree.folder('F3')!.total);
});

test('a huge folder shows its first files and says how many more', () => {
  const tree = new FolderTree(Array.from({ length: 1200 }, (_, i) => `Flat/${String(i).padStart(4, '0')}.mp3`));
  tree.fill(all);
  const rows = tree.rows(new Set(['Flat']), 500);
  expect(rows).toHaveLength(1 + 500 + 1);
  expect(rows.at(-1)).toMatchObject({ kind: 'more', name: '700 more files', setsize: 501, posinset: 501 });
});

test('50,000 files: the rows of a collapsed tree cost nothing like the whole tree', () => {
  const paths = Array.from({ length: 50_000 }, (_, i) => `Artist ${i % 2000}/Album ${i % 7}/${i}.flac`);
  const tree = new FolderTree(paths);
  tree.fill(all);
  expect(tree.rows(new Set())).toHaveLength(2000);
  expect(tree.rows(new Set(['Artist 5'])).length).toBe(2000 + 7);
});

test('a page that never has idle time still gets the tree built, one slice per call', () => {
  const tree = new FolderTree(Array.from({ length: 2000 }, (_, i) => `F${i % 7}/${i}.mp3`));
  const none = { timeRemaining: () => 0 };
  let calls = 0;
  while (!tree.fill(none) && calls < 100) calls++;
  expect(tree.done).toBe(true);
  expect(calls).toBe(3);
});
