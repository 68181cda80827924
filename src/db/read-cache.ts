// Remembers what each file's tags were, keyed by library path and identified by size and
// lastModified, so that rescanning an unchanged library reads no file content at all.
import { unwrap } from 'idb';
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

/**
 * Forgets everything cached for a library: when its rows cannot be read (IndexedDB lost a value
 * with its file), every file is read again instead of every scan failing on them.
 */
export async function forgetReads(db: OrganizerDb, library: string): Promise<void> {
  await db.delete('reads', IDBKeyRange.bound([library, ''], [library, '\uffff']));
}

/** Raw requests, as in moveReads: idb's promise per request costs the page as much as the put itself. */
export async function storeReads(db: OrganizerDb, rows: readonly CachedRead[]): Promise<void> {
  if (rows.length === 0) return;
  const tx = unwrap(db).transaction('reads', 'readwrite');
  const store = tx.objectStore('reads');
  for (const row of rows) store.put(row);
  await finished(tx);
}

/**
 * After files moved, their cached reads follow them, so the next scan stays warm.
 *
 * A row must never be overwritten by its neighbour's: moves can swap two files or rotate several.
 * A move whose target is no other move's source is safe to do in one go (read, delete, put), a
 * chunk at a time, so rows stream through memory; those run first, while every source is still
 * in place. The few others (swaps, rotations) have all their rows read before any is written, and
 * every old key deleted before any new one is put. The requests are raw IndexedDB ones with no
 * promise each (idb's wrappers cost as much main-thread time as the requests), in transactions of
 * `chunk` requests so every main-thread task stays short. A crash in between only loses cache
 * rows: those files are read again by the next scan.
 */
export async function moveReads(db: OrganizerDb, library: string, moves: readonly { from: string; to: string }[], chunk = 256): Promise<void> {
  const raw = unwrap(db);
  const sources = new Set(moves.map((m) => m.from));
  const entangled = moves.filter((m) => sources.has(m.to));
  await writeInChunks(raw, moves.filter((m) => !sources.has(m.to)), chunk, (store, m) => {
    const request = store.get([library, m.from]);
    request.onsuccess = () => {
      const row = request.result as CachedRead | undefined;
      if (!row) return;
      store.delete([library, m.from]);
      store.put({ ...row, path: m.to });
    };
  });
  const found: { row: CachedRead; to: string }[] = [];
  await writeInChunks(raw, entangled, chunk, (store, m) => {
    const request = store.get([library, m.from]);
    request.onsuccess = () => {
      if (request.result) found.push({ row: request.result as CachedRead, to: m.to });
    };
  });
  await writeInChunks(raw, found, chunk, (store, { row }) => store.delete([library, row.path]));
  await writeInChunks(raw, found, chunk, (store, { row, to }) => store.put({ ...row, path: to }));
}

async function writeInChunks<T>(raw: IDBDatabase, items: readonly T[], chunk: number, write: (store: IDBObjectStore, item: T) => void): Promise<void> {
  for (let start = 0; start < items.length; start += chunk) {
    const tx = raw.transaction('reads', 'readwrite');
    const store = tx.objectStore('reads');
    for (const item of items.slice(start, start + chunk)) write(store, item);
    await finished(tx);
  }
}

const finished = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // A failed request's error reaches the transaction first (it bubbles); it says why, the abort after it does not.
    tx.onerror = (event) => reject((event.target as IDBRequest | null)?.error ?? tx.error ?? new Error('The cache transaction was aborted.'));
    tx.onabort = () => reject(tx.error ?? new Error('The cache transaction was aborted.'));
  });
