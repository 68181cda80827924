// Duplicates in the plan: each group's kept copy is grouped into its release like any track; the
// others are left out of releases and set aside for review in
// Duplicates/<the folder the kept copy goes to>/<their own file name>. Nothing is deleted; the
// settler's collision rules (" (2)") apply to them as to every other file.
import type { DuplicateGroup, Recording } from './model.ts';
import type { ReviewChoice } from './review-choices.ts';
import type { Desired } from './settle-targets.ts';
import { findCopies } from './duplicates.ts';
import { DUPLICATES_FOLDER, formatSummary, keepCopy, type KeptCopy } from './keep-copy.ts';
import { fitPath, sanitizeComponent } from './sanitize.ts';
import { baseName, parentOf } from './entries.ts';
import { fitFolders } from './fit-folders.ts';

/** Which copy of each group of copies is kept, and the recordings left to group into releases. */
export function setAsideDuplicates(recordings: readonly Recording[], choices: readonly ReviewChoice[]): { kept: KeptCopy[]; rest: Recording[] } {
  const keeping = choices.filter((c) => c.kind === 'keep-copy');
  const kept = findCopies(recordings).map((copies) => keepCopy(copies, keeping));
  const aside = new Set(kept.flatMap((k) => k.others));
  return { kept, rest: aside.size === 0 ? [...recordings] : recordings.filter((r) => !aside.has(r)) };
}

/** Where the set-aside copies go, once the kept copies' targets are settled (`targetOf`; a kept copy not in it stays where it is). */
export function setAsideMoves(kept: readonly KeptCopy[], targetOf: ReadonlyMap<string, string>, maxLength: number): Desired[] {
  const moves: Desired[] = [];
  for (const group of kept) {
    const keptFolder = parentOf(targetOf.get(group.keep.path) ?? group.keep.path);
    // Cut once per folder, leaving room for any name, so every copy set aside beside it gets the
    // same folders; never the top folder, by which the next plan knows a copy already set aside.
    const below = fitFolders(keptFolder.split('/').filter(Boolean), maxLength - DUPLICATES_FOLDER.length - 1);
    const folder = [DUPLICATES_FOLDER, ...below].join('/');
    for (const copy of group.others) {
      const name = fitPath([sanitizeComponent(baseName(copy.path))], { maxLength, prefixLength: folder.length + 1 })[0]!;
      moves.push({ from: copy, to: `${folder}/${name}`, reason: 'duplicate' });
    }
  }
  return moves;
}

/** The groups as the plan shows them, with where every copy ends. */
export function duplicateGroups(kept: readonly KeptCopy[], targetOf: ReadonlyMap<string, string>): DuplicateGroup[] {
  return kept.map((group) => {
    const copy = (r: Recording, isKept: boolean) => ({
      path: r.path,
      to: targetOf.get(r.path) ?? r.path,
      size: r.size,
      lastModified: r.lastModified,
      ...(r.hash !== undefined ? { hash: r.hash } : {}),
      kept: isKept,
      format: formatSummary(r),
    });
    const { tags } = group.keep;
    return {
      id: group.recordings[0]!.path,
      kind: group.kind,
      title: tags.title ? `${tags.artist ?? tags.albumartist ?? 'Unknown artist'} — ${tags.title}` : baseName(group.keep.path),
      reason: group.reason,
      chosen: group.chosen,
      copies: [copy(group.keep, true), ...group.others.map((r) => copy(r, false))],
    };
  });
}
