// Copy-mode steps between the library (source) and a second granted folder (destination).
// Each is idempotent: it looks at both sides and does only what is missing, so resuming after a
// crash or rolling back is running the steps again. A file is deleted only once an identical
// copy (size and CRC-32) is verified to exist on the other side. A copy is written under a hidden
// name beside its target and takes its real name only once verified, so a real name never holds
// a partial copy, not even after the tab closed in the middle of one.
import { baseName, parentOf } from '../core/entries.ts';
import { crc32 } from '../core/crc32.ts';
import { TEMP_PREFIX } from '../core/schedule.ts';
import { checksumOf, copyVerified, CopyVerificationError } from '../fs/copy-file.ts';
import { nameKey, type FolderCache } from '../fs/folders.ts';
import type { CopyStep } from '../core/journal-steps.ts';

/** A fault that stops the run, after which a partial copy could not be removed; the message says where it is. */
export class LeftoverCopyError extends Error {
  override name = 'LeftoverCopyError';
  constructor(readonly fault: unknown, message: string) {
    super(message);
  }
}

/** Where a copy is written until it is verified: hidden, beside its target, and the same on every try, so a retry replaces what a cut-off one left. */
export function stagingPath(to: string): string {
  const name = `${TEMP_PREFIX}copy-${crc32(new TextEncoder().encode(nameKey(baseName(to))))}`;
  return parentOf(to) === '' ? name : `${parentOf(to)}/${name}`;
}

const reasonOf = (e: unknown) => (e as Error)?.message || (e as { name?: string })?.name || String(e);

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
    const staging = stagingPath(to);
    const copy = await folder.getFileHandle(baseName(staging), { create: true });
    names.add(nameKey(baseName(staging)));
    try {
      await copyVerified(sourceFile, copy);
    } catch (e) {
      // A bad or cut-off copy does not stay, not even hidden; if it cannot be removed, the user hears where it is.
      const leftover = await there.removeFile(staging).then(() => undefined, (problem: unknown) => problem);
      const note = leftover === undefined ? '' : ` The incomplete copy "${staging}" could not be removed (${reasonOf(leftover)}); it is hidden, and the next try replaces it.`;
      if (e instanceof CopyVerificationError) return e.message + note;
      throw note ? new LeftoverCopyError(e, note) : e;
    }
    // Verified: the copy takes its real name, checked free again by the one door to the disk.
    const refused = await there.moveFile(staging, to);
    if (refused !== undefined) return refused;
  }
  if (deleteSource) await here.removeFile(from);
  return undefined;
}

export function copyStep(library: FolderCache, destination: FolderCache, step: CopyStep): Promise<string | undefined> {
  return step.kind === 'copy'
    ? transfer(library, destination, step.from, step.to, step.deleteSource)
    : // Undo: the file must end in the library only. If the original is still there, the copy is
      // deleted once verified equal; if it was deleted, the copy goes back first.
      transfer(destination, library, step.to, step.from, true);
}
