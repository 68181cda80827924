// What a drop on the page holds: a folder to organize (Chrome, Edge: getAsFileSystemHandle), a
// folder to read (every other browser: webkitGetAsEntry), or something that is not one folder.

export type Dropped =
  | { kind: 'folder'; handle: FileSystemDirectoryHandle }
  | { kind: 'read-only'; entry: FileSystemDirectoryEntry }
  | { kind: 'not-a-folder'; name: string }
  | { kind: 'several' }
  | { kind: 'nothing' };

/**
 * Reads the drop. Call it inside the drop event, before any await: the browser empties the
 * items once the handler returns, so both ways of asking for the folder are asked at once.
 * `organize`: the browser can organize folders (showDirectoryPicker exists), so ask for a handle.
 */
export function readDrop(data: DataTransfer, organize: boolean): Promise<Dropped> {
  const items = [...data.items].filter((item) => item.kind === 'file');
  if (items.length === 0) return Promise.resolve({ kind: 'nothing' });
  if (items.length > 1) return Promise.resolve({ kind: 'several' });
  const item = items[0]!;
  const handle = organize && item.getAsFileSystemHandle ? item.getAsFileSystemHandle().catch(() => null) : Promise.resolve(null);
  const entry = item.webkitGetAsEntry?.() ?? null;
  const file = item.getAsFile();
  return handle.then((h): Dropped => {
    if (h?.kind === 'directory') return { kind: 'folder', handle: h as FileSystemDirectoryHandle };
    if (entry?.isDirectory) return { kind: 'read-only', entry: entry as FileSystemDirectoryEntry };
    return { kind: 'not-a-folder', name: h?.name ?? entry?.name ?? file?.name ?? '' };
  });
}
