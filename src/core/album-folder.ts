// Where an album lives on disk. Rippers put the discs of a set in "CD1", "Disc 2"… subfolders
// of one album folder, so the album folder is the parent of those.
import { parentOf, baseName } from './entries.ts';

const DISC_FOLDER = /^(?:cd|dis[ck])[\s._-]*(\d{1,2})(?:\s*[-–:_.]\s*.*|\s*\(.*\))?$/iu;

/** The disc number a folder name announces ("CD1", "Disc 2", "disk_03 - Bonus"), if any. */
export function discFolderNumber(folderName: string): number | undefined {
  const match = DISC_FOLDER.exec(folderName.trim());
  return match?.[1] ? Number(match[1]) : undefined;
}

/** The folder that holds a file's album: its parent, or the grandparent when the parent is a disc folder. */
export function albumFolderOf(path: string): string {
  const parent = parentOf(path);
  return discFolderNumber(baseName(parent)) !== undefined ? parentOf(parent) : parent;
}

/** The disc number implied by the file's folder ("Album/CD2/01.flac" → 2). */
export function discFromFolder(path: string): number | undefined {
  return discFolderNumber(baseName(parentOf(path)));
}
