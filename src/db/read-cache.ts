// Remembers what each file's tags were, keyed by library path and identified by size and
// lastModified, so that rescanning an unchanged library reads no file content at all.
import type { OrganizerDb, CachedRead } from './schema.ts';

export async function lookupReads(db: OrganizerDb, library: string, paths: readonly string[]): Promise<Map<string, CachedRead>> {
  const tx = db.transaction('reads', 'readonly');
  const rows = await Promise.all(paths.map((p) => tx.store.get([library, p])));
  await tx.done;
  const found = new Map<string, CachedRead>();
  for (const row of rows) if (row) found.set(row.path, row);
  return found;
}

export async function storeReads(db: OrganizerDb, rows: readonly CachedRead[]): Promise<void> {
  if (rows.length === 0) return;
  const tx = db.transaction('reads', 'readwrite');
  for (const row of rows) void tx.store.put(row);
  await tx.done;
}

/** After files moved, their cached reads follow them, so the next scan stays warm. */
export async function moveReads(db: OrganizerDb, library: string, moves: readonly { from: string; to: string }[]): Promise<void> {
  if (moves.length === 0) return;
  const tx = db.transaction('reads', 'readwrite');
  const rows = await Promise.all(moves.map((m) => tx.store.get([library, m.from])));
  moves.forEach((m, i) => {
    const row = rows[i];
    if (!row) return;
    void tx.store.delete([library, m.from]);
    void tx.store.put({ ...row, path: m.to });
  });
  await tx.done;
}
