// Copy-mode steps between the library (source) and a second granted folder (destination).
// Each is idempotent: it looks at both sides and does only what is missing, so resuming after a
// crash or rolling back is running the steps again. A file is deleted only once an identical
// copy (size and CRC-32) is verified to exist on the other side.
import { baseName, parentOf } from '../core/entries.ts';
import { checksumOf, copyVerified, CopyVerificationError } from '../fs/copy-file.ts';
import { nameKey, type FolderCache } from '../fs/folders.ts';
import type { CopyStep } from './journal-types.ts';

async function fileAt(folders: FolderCache, path: string): Promise<FileSystemFileHandle | undefined> {
  try {
    return await folders.file(path);
  } catch (e) {
    if ((e as DOMException).name === 'NotFoundError' || (e as DOMException).name === 'TypeMismatchError') return undefined;
    throw e;
  }
}

async function sameContent(a: File, b: File): Promise<boolean> {
  return a.size === b.size && (await checksumOf(a)) === (await checksumOf(b));
}

async function removeFile(folders: FolderCache, path: string): Promise<void> {
  await (await folders.folder(parentOf(path))).removeEntry(baseName(path));
  (await folders.namesIn(parentOf(path))).delete(nameKey(baseName(path)));
}

/**
 * Puts `from` (in `here`) at `to` (in `there`), verified; removes the original when asked.
 * Returns undefined when done, or the reason the file was left alone.
 */
async function transfer(here: FolderCache, there: FolderCache, from: string, to: string, deleteSource: boolean): Promise<string | undefined> {
  const source = await fileAt(here, from);
  const existing = await fileAt(there, to);
  // Without the original, only a run that deletes originals can have finished this step before.
  if (!source) return existing && deleteSource ? undefined : 'The file is no longer there (moved or deleted since the scan).';
  const sourceFile = await source.getFile();
  if (existing) {
    // Our own earlier copy (a resumed run) is finished work; anything else is someone else's file.
    if (!(await sameContent(sourceFile, await existing.getFile()))) return `"${to}" already exists; nothing was overwritten.`;
  } else {
    const folder = await there.folder(parentOf(to), true);
    const names = await there.namesIn(parentOf(to));
    if (names.has(nameKey(baseName(to)))) return `"${to}" already exists; nothing was overwritten.`;
    const target = await folder.getFileHandle(baseName(to), { create: true });
    names.add(nameKey(baseName(to)));
    try {
      await copyVerified(sourceFile, target);
    } catch (e) {
      // Never leave a bad copy behind under the real name.
      await removeFile(there, to).catch(() => {});
      if (e instanceof CopyVerificationError) return e.message;
      throw e;
    }
  }
  if (deleteSource) await removeFile(here, from);
  return undefined;
}

export function copyStep(library: FolderCache, destination: FolderCache, step: CopyStep): Promise<string | undefined> {
  return step.kind === 'copy'
    ? transfer(library, destination, step.from, step.to, step.deleteSource)
    : // Undo: the file must end in the library only. If the original is still there, the copy is
      // deleted once verified equal; if it was deleted, the copy goes back first.
      transfer(destination, library, step.to, step.from, true);
}
