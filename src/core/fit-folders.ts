// Cutting folder names to the path limit without merging or splitting releases. Folders are cut as
// a function of the folders alone, so every track of a release gets the same ones; when cutting
// makes two rendered folders one, they are numbered, and a folder the files already sit in keeps
// its number, so planning the organized library again changes nothing.
import { fitPath, withSuffix } from './sanitize.ts';
import { pathKey } from './library-path.ts';

/** Room a file name keeps beside its folders: a 12-character stem, an extension, a " (999)". */
const FILE_NAME_RESERVE = 32;

/** Folders cut to leave FILE_NAME_RESERVE for the file name. */
export function fitFolders(folders: readonly string[], maxLength: number): string[] {
  if (folders.length === 0) return [];
  return fitPath([...folders, 'x'], { maxLength: maxLength - FILE_NAME_RESERVE + 1 }).slice(0, -1);
}

/** The cut folders with the last one numbered " (n)", its own name giving way for the number. */
function numbered(fit: readonly string[], n: number, maxLength: number): string[] {
  const last = fit.length - 1;
  const cut = fitPath([...fit.slice(0, last), fit[last]!, 'x'], { maxLength: maxLength - FILE_NAME_RESERVE + 1 - ` (${n})`.length, prefixLength: 0 });
  return [...fit.slice(0, last), withSuffix(cut[last]!, n, { folder: true })];
}

/**
 * Cut folders for each rendered folder path ('/'-joined), given where its files are now
 * (`current`: rendered folder → the folders its files sit in). Returns rendered → cut folders.
 */
export function fitAllFolders(current: ReadonlyMap<string, ReadonlySet<string>>, maxLength: number): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const byCut = new Map<string, string[]>();
  for (const rendered of [...current.keys()].sort()) {
    const fit = fitFolders(rendered === '' ? [] : rendered.split('/'), maxLength);
    result.set(rendered, fit);
    const key = pathKey(fit.join('/'));
    byCut.set(key, [...(byCut.get(key) ?? []), rendered]);
  }
  for (const renderedFolders of byCut.values()) {
    // Spellings of one folder (by key) are one folder; only different folders need numbers.
    const distinct = new Map<string, string[]>();
    for (const r of renderedFolders) distinct.set(pathKey(r), [...(distinct.get(pathKey(r)) ?? []), r]);
    if (distinct.size < 2) continue;
    const plain = result.get(renderedFolders[0]!)!;
    const names = [...distinct.keys()].map((_, i) => (i === 0 ? plain : numbered(plain, i + 1, maxLength)));
    const free = new Set(names.map((_, i) => i));
    const chosen = new Map<string, number>();
    // First the folders whose files already sit under one of the names, then the rest in order.
    for (const [key, spellings] of distinct) {
      const here = new Set(spellings.flatMap((r) => [...current.get(r)!].map(pathKey)));
      const i = names.findIndex((name, j) => free.has(j) && here.has(pathKey(name.join('/'))));
      if (i >= 0) {
        chosen.set(key, i);
        free.delete(i);
      }
    }
    for (const key of distinct.keys()) {
      if (chosen.has(key)) continue;
      const i = Math.min(...free);
      chosen.set(key, i);
      free.delete(i);
    }
    for (const [key, spellings] of distinct) for (const r of spellings) result.set(r, names[chosen.get(key)!]!);
  }
  return result;
}
