// Remembers what each file's tags were, keyed by library path and identified by size and
// lastModified, so that rescanning an unchanged library reads no file content at all.
import type { OrganizerDb, CachedRead } from './schema.ts';

/**
 * Everything cached for a library, read once at the start of a scan in chunks (one long
 * getAll would block the main thread while its result is deserialised). Replaces a lookup
 * transaction per batch, and costs nothing on a library never scanned before.
 */
export async function loadReads(db: OrganizerDb, library: string, chunk = 2000): Promise<Map<string, CachedRead>> {
  const found = new Map<string, CachedRead>();
  let after: string | undefined;
  for (;;) {
    const range = after === undefined
      ? IDBKeyRange.bound([library, ''], [library, '\uffff'])
      : IDBKeyRange.bound([library, after], [library, '\uffff'], true);
    const rows = await db.getAll('reads', range, chunk);
    for (const row of rows) found.set(row.path, row);
    if (rows.length < chunk) return found;
    after = rows[rows.length - 1]!.path;
  }
}

export async function storeReads(db: OrganizerDb, rows: readonly CachedRead[]): Promise<void> {
  if (rows.length === 0) return;
  const tx = db.transaction('reads', 'readwrite');
  for (const row of rows) void tx.store.put(row);
  await tx.done;
}

/** After files moved, their cached reads follow them, so the next scan stays warm. */
export async function moveReads(db: OrganizerDb, library: string, moves: readonly { from: string; to: string }[], chunk = 256): Promise<void> {
  // Small transactions: one per few hundred moves keeps every main-thread task short.
  for (let start = 0; start < moves.length; start += chunk) {
    const part = moves.slice(start, start + chunk);
    const tx = db.transaction('reads', 'readwrite');
    const rows = await Promise.all(part.map((m) => tx.store.get([library, m.from])));
    part.forEach((m, i) => {
      const row = rows[i];
      if (!row) return;
      void tx.store.delete([library, m.from]);
      void tx.store.put({ ...row, path: m.to });
    });
    await tx.done;
  }
}
