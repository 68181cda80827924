// Writing, removing and rewriting the files a run's outputs ask for (decision 0017). Each step
// looks at what the file holds before it acts (size and CRC-32 of its bytes), so running one again
// after a crash does nothing twice, and nothing the user wrote is ever written over or removed.
import { baseName, parentOf } from '../core/entries.ts';
import { crc32 } from '../core/crc32.ts';
import { nameKey, type FolderCache } from '../fs/folders.ts';
import type { OutputStep, RewritePlaylistStep, WriteOutputStep } from '../core/journal-steps.ts';
import { stagingPath } from './copy-steps.ts';

const encoder = new TextEncoder();

/** Size and CRC-32 of some bytes: what "the file still holds what we wrote" is checked by. */
const identity = (bytes: Uint8Array) => `${bytes.length}:${crc32(bytes)}`;

async function handleAt(folders: FolderCache, path: string): Promise<FileSystemFileHandle | undefined> {
  try {
    return await folders.file(path);
  } catch (e) {
    if ((e as DOMException).name === 'NotFoundError' || (e as DOMException).name === 'TypeMismatchError') return undefined;
    throw e;
  }
}

async function contentOf(handle: FileSystemFileHandle): Promise<string> {
  return identity(new Uint8Array(await (await handle.getFile()).arrayBuffer()));
}

/**
 * Done, but nothing needed changing (the file already held the text, or there was nothing of ours
 * to remove): a roll back reverses steps that may never have run, and must not count those.
 */
export const NO_CHANGE = Symbol('no change');
type Outcome = string | undefined | typeof NO_CHANGE;

/** Runs one output step; undefined when done, NO_CHANGE when done already, else the reason the file was left alone. */
export function outputStep(folders: FolderCache, step: OutputStep): Promise<Outcome> {
  if (step.kind === 'write-output') return writeOutput(folders, step);
  if (step.kind === 'rewrite-playlist') return rewritePlaylist(folders, step);
  return removeOutput(folders, step.from, step.text, step.unrecorded === true);
}

async function writeOutput(folders: FolderCache, step: WriteOutputStep): Promise<Outcome> {
  const bytes = encoder.encode(step.text);
  const existing = await handleAt(folders, step.to);
  if (existing) {
    // Our own file from an earlier try (a resumed run) is finished work; anything else is not ours.
    if ((await contentOf(existing)) !== identity(bytes)) return `"${step.to}" already exists; nothing was written over it.`;
    if (await handleAt(folders, stagingPath(step.to)).catch(() => undefined)) await folders.removeFile(stagingPath(step.to));
    return NO_CHANGE;
  }
  const folderPath = parentOf(step.to);
  let folder: FileSystemDirectoryHandle;
  try {
    folder = await folders.folder(folderPath, true);
  } catch (e) {
    if ((e as DOMException).name === 'TypeMismatchError') return `A file named like the folder "${folderPath}" is in the way.`;
    throw e;
  }
  // Written under a hidden name first, so the real name never holds half a file, not even after a crash.
  const staging = stagingPath(step.to);
  const handle = await folder.getFileHandle(baseName(staging), { create: true });
  (await folders.namesIn(folderPath)).add(nameKey(baseName(staging)));
  try {
    const writable = await handle.createWritable();
    await writable.write(bytes);
    await writable.close();
    if ((await contentOf(handle)) !== identity(bytes)) throw new Error(`"${step.to}" did not read back as written.`);
  } catch (e) {
    await folders.removeFile(staging).catch(() => {});
    throw e;
  }
  // The one door to the disk checks the name is still free: a file that appeared meanwhile is never replaced.
  const refused = await folders.moveFile(staging, step.to);
  if (refused !== undefined) {
    await folders.removeFile(staging).catch(() => {});
    return refused;
  }
  return undefined;
}

async function removeOutput(folders: FolderCache, path: string, text: string, unrecorded: boolean): Promise<Outcome> {
  // A write cut off by a crash leaves its hidden staging file (our own name, never the user's): it goes too.
  if (await handleAt(folders, stagingPath(path)).catch(() => undefined)) await folders.removeFile(stagingPath(path));
  const handle = await handleAt(folders, path);
  // Already gone: there is nothing of ours to remove.
  if (!handle) return NO_CHANGE;
  // Changed since, or never the run's own (a crash came before its write, and the name was someone else's).
  if ((await contentOf(handle)) !== identity(encoder.encode(text))) return unrecorded ? NO_CHANGE : `"${path}" does not hold what the run wrote (it changed since), so it was left where it is.`;
  await folders.removeFile(path);
  return undefined;
}

async function rewritePlaylist(folders: FolderCache, step: RewritePlaylistStep): Promise<Outcome> {
  const handle = await handleAt(folders, step.from);
  if (!handle) return `"${step.from}" is no longer there, so it was not rewritten.`;
  const after = encoder.encode(step.after);
  const now = await contentOf(handle);
  if (now === identity(after)) return NO_CHANGE;
  if (now !== identity(encoder.encode(step.before))) return `"${step.from}" changed since the plan was made, so it was left as it is.`;
  // createWritable writes to a swap file beside it and replaces the file only on close(): a crash
  // before that leaves the file as it was (and a .crswap the scan skips).
  const writable = await handle.createWritable({ keepExistingData: false });
  await writable.write(after);
  await writable.close();
  if ((await contentOf(handle)) !== identity(after)) return `"${step.from}" did not read back as written; its original text is kept in the journal, and undo puts it back.`;
  return undefined;
}
