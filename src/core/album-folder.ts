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
function discFromFolder(path: string): number | undefined {
  return discFolderNumber(baseName(parentOf(path)));
}

/**
 * The disc number a file name announces in the "2-01 Title" form this app (and Picard) writes
 * for multi-disc releases. Without it, an organized set whose tags lack disc numbers (ID3v1)
 * would lose its discs on the next run, and renumber.
 */
const DISC_TRACK_NAME = /^(\d{1,2})-\d{2,3}\s/u;

function discFromFileName(path: string): number | undefined {
  const match = DISC_TRACK_NAME.exec(baseName(path));
  const disc = match?.[1] ? Number(match[1]) : undefined;
  return disc !== undefined && disc > 0 ? disc : undefined;
}

/** A disc number from where the file sits: a disc folder, else the file name. */
export function discFromPath(path: string): number | undefined {
  return discFromFolder(path) ?? discFromFileName(path);
}
