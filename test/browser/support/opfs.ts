// Real OPFS folders for tests: the same FileSystemDirectoryHandle interface the picker returns.

let counter = 0;

/** A new empty folder under the origin's private file system. */
export async function freshFolder(label = 'lib'): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  const name = `${label}-${Date.now()}-${counter++}`;
  return root.getDirectoryHandle(name, { create: true });
}

export async function writeFile(root: FileSystemDirectoryHandle, path: string, content: BlobPart): Promise<FileSystemFileHandle> {
  const parts = path.split('/');
  let dir = root;
  for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
  const handle = await dir.getFileHandle(parts.at(-1)!, { create: true });
  const w = await handle.createWritable();
  await w.write(content);
  await w.close();
  return handle;
}

export async function writeTree(root: FileSystemDirectoryHandle, files: Record<string, BlobPart>): Promise<void> {
  for (const [path, content] of Object.entries(files)) await writeFile(root, path, content);
}

/** Every file (hidden ones too) with its content as text, and every folder, sorted. */
export async function readTree(root: FileSystemDirectoryHandle): Promise<{ files: Record<string, string>; folders: string[] }> {
  const files: Record<string, string> = {};
  const folders: string[] = [];
  const visit = async (dir: FileSystemDirectoryHandle, prefix: string) => {
    for await (const entry of dir.values()) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.kind === 'directory') {
        folders.push(path);
        await visit(entry as FileSystemDirectoryHandle, path);
      } else {
        files[path] = await (await (entry as FileSystemFileHandle).getFile()).text();
      }
    }
  };
  await visit(root, '');
  folders.sort();
  return { files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))), folders };
}

export async function removePath(root: FileSystemDirectoryHandle, path: string): Promise<void> {
  const parts = path.split('/');
  let dir = root;
  for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
  await dir.removeEntry(parts.at(-1)!, { recursive: true });
}

/** Size and lastModified of every file: what the scan would have recorded. */
export async function fileStats(root: FileSystemDirectoryHandle): Promise<Map<string, { size: number; lastModified: number }>> {
  const stats = new Map<string, { size: number; lastModified: number }>();
  const visit = async (dir: FileSystemDirectoryHandle, prefix: string) => {
    for await (const entry of dir.values()) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.kind === 'directory') await visit(entry as FileSystemDirectoryHandle, path);
      else {
        const file = await (entry as FileSystemFileHandle).getFile();
        stats.set(path, { size: file.size, lastModified: file.lastModified });
      }
    }
  };
  await visit(root, '');
  return stats;
}

/** Journal steps for moves in order, each carrying the identity of the file it moves (through temporary names too). */
export function stepsWithIdentity(
  moves: { from: string; to: string; temporary?: boolean }[],
  stats: Map<string, { size: number; lastModified: number }>,
): { kind: 'move'; from: string; to: string; size: number; lastModified: number; temporary?: boolean }[] {
  const at = new Map(stats);
  return moves.map((m) => {
    const id = at.get(m.from) ?? { size: 0, lastModified: 0 };
    at.delete(m.from);
    at.set(m.to, id);
    return { kind: 'move' as const, from: m.from, to: m.to, ...id, ...(m.temporary ? { temporary: true } : {}) };
  });
}
