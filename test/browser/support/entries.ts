// Real FileSystemDirectoryEntry trees in Chromium. A dropped folder reaches the page as one; a
// test page cannot drop a folder, but Chromium's sandboxed file system (webkitRequestFileSystem)
// gives the same entry interfaces: createReader() and readEntries() in batches (100 here), file().

interface SandboxedWindow {
  TEMPORARY: number;
  webkitRequestFileSystem(type: number, size: number, ok: (fs: FileSystem) => void, fail: (e: DOMException) => void): void;
}

interface Writer {
  onwriteend: (() => void) | null;
  onerror: ((e: unknown) => void) | null;
  write(data: Blob): void;
}

let counter = 0;

function call<T>(start: (ok: (value: T) => void, fail: (e: unknown) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start(resolve, reject));
}

/** A new empty folder in the sandboxed file system, named `name` (a fresh parent keeps names free). */
export async function entryFolder(name: string): Promise<FileSystemDirectoryEntry> {
  const w = window as unknown as SandboxedWindow;
  const fs = await call<FileSystem>((ok, fail) => w.webkitRequestFileSystem(w.TEMPORARY, 64 * 1024 * 1024, ok, fail));
  const parent = await folderIn(fs.root, `run-${Date.now()}-${counter++}`);
  return folderIn(parent, name);
}

function folderIn(dir: FileSystemDirectoryEntry, name: string): Promise<FileSystemDirectoryEntry> {
  return call((ok, fail) => dir.getDirectory(name, { create: true }, (e) => ok(e as FileSystemDirectoryEntry), fail));
}

export async function writeEntry(root: FileSystemDirectoryEntry, path: string, content: BlobPart): Promise<void> {
  const parts = path.split('/');
  let dir = root;
  for (const part of parts.slice(0, -1)) dir = await folderIn(dir, part);
  const file = await call<FileSystemFileEntry>((ok, fail) => dir.getFile(parts.at(-1)!, { create: true }, (e) => ok(e as FileSystemFileEntry), fail));
  const writer = await call<Writer>((ok, fail) => (file as unknown as { createWriter(ok: (w: Writer) => void, fail: (e: unknown) => void): void }).createWriter(ok, fail));
  await new Promise<void>((resolve, reject) => {
    writer.onwriteend = () => resolve();
    writer.onerror = reject;
    writer.write(new Blob([content]));
  });
}
