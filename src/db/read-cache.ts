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

/**
 * Raw requests, as in the follow: idb's promise per request costs the page as much as the put itself.
 * With `pending` (moves a scan took over from a ReadsFollow), a row stored at a path that a pending
 * move was to fill, or would take its row from, ends that move: the scan's row is newer, and the
 * old one at the move's origin, whose file is gone, is deleted with it.
 */
export async function storeReads(db: OrganizerDb, rows: readonly CachedRead[], pending?: PendingReads): Promise<void> {
  if (rows.length === 0) return;
  const tx = unwrap(db).transaction('reads', 'readwrite');
  const store = tx.objectStore('reads');
  const byOrigin = pending?.size ? new Map([...pending].flatMap(([to, origin]) => (typeof origin === 'string' ? [[origin, to] as const] : []))) : undefined;
  for (const row of rows) {
    if (pending && byOrigin) {
      const origin = pending.get(row.path);
      if (origin !== undefined) {
        pending.delete(row.path);
        if (typeof origin === 'string') store.delete([row.library, origin]);
      }
      const to = byOrigin.get(row.path);
      if (to !== undefined) pending.delete(to);
    }
    store.put(row);
  }
  await finished(tx);
}

/** Where the row of a moved file comes from: its old key in the store, or the row itself, already taken out of it. */
type Origin = string | CachedRead;

/** Moves of one library whose rows the store does not yet show: new path → where its row comes from. */
export type PendingReads = Map<string, Origin>;

/**
 * Adds a run's moves (simultaneous: the net moves of one run) to those still pending. A file moved
 * twice takes its row from where it first was; a file moved back home needs nothing. A move from a
 * path whose row already follows another file brings no row (that file is read again).
 */
function addMoves(pending: PendingReads, moves: readonly { from: string; to: string }[]): void {
  const origins = new Set([...pending.values()].filter((o): o is string => typeof o === 'string'));
  const next: [string, Origin | undefined][] = moves.map((m) => [m.to, pending.get(m.from) ?? (origins.has(m.from) ? undefined : m.from)]);
  for (const m of moves) pending.delete(m.from);
  for (const [to, origin] of next) {
    if (origin === undefined || origin === to) pending.delete(to);
    else pending.set(to, origin);
  }
}

/**
 * The cache as it will be once `pending` is written: what a scan that took the moves over uses, so
 * that it neither waits for the follow nor reads a moved file again. Every row is read before any
 * is placed, so swaps and rotations land right.
 */
export function overlayReads(cache: Map<string, CachedRead>, pending: PendingReads): void {
  const rows = [...pending].map(([to, origin]) => [to, typeof origin === 'string' ? cache.get(origin) : origin] as const);
  for (const origin of pending.values()) if (typeof origin === 'string') cache.delete(origin);
  for (const [to, row] of rows) {
    if (row) cache.set(to, { ...row, path: to });
    else cache.delete(to);
  }
}

/**
 * After files moved, their cached reads follow them, so the next scan stays warm. It runs in the
 * background, after the result is shown; a scan of the library takes the moves not yet written
 * over (takeOver), uses them in memory (overlayReads) and hands back what it did not write itself
 * (giveBack), so it never waits for the follow (issue 12, point 5).
 *
 * A row must never end at another file's path: moves can swap two files or rotate several, and two
 * such files may have equal size and lastModified. So the first transaction takes every row whose
 * path another file moved into out of the store, into memory ("untangle", one transaction: until
 * it commits the store is as the run left it). From then on every row still in the store sits at a
 * path no moved file took, and the rest (get, delete, put a chunk at a time; then the held rows)
 * can stop, fail or be interleaved with a scan's writes at any point: it only loses rows.
 * Requests are raw IndexedDB ones with no promise each, in transactions of `chunk` moves so every
 * main-thread task stays short (figures in decision 0009).
 */
export class ReadsFollow {
  /** Every follow of this page: a scan of one library holds the others still too. */
  private static readonly all = new Set<ReadsFollow>();
  /** Scans under way (between takeOver and giveBack): no follow writes while there is one. */
  private static scans = 0;
  private pending: PendingReads = new Map();
  /** Some pending origin may be another move's target: the untangling transaction has not run. */
  private entangled = false;
  /** The moves were handed over while still entangled: they cannot be resumed safely. */
  private handedEntangled = false;
  private db: OrganizerDb | null = null;
  private stopping = false;
  private running: Promise<void> = Promise.resolve();
  private active = false;
  /** add, takeOver and giveBack one after the other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly library: string,
    private readonly onError: (e: unknown) => void,
    private readonly chunk = 256,
    /** Called after each committed transaction with the moves left (tests stop it there). */
    private readonly onChunk?: (left: number) => void,
  ) {
    ReadsFollow.all.add(this);
  }

  /** Moves not yet written (for tests and the report). */
  get left(): number {
    return this.pending.size;
  }

  /** A run's files moved: their rows follow them, after any earlier run's. */
  add(db: OrganizerDb, moves: Promise<readonly { from: string; to: string }[]>): Promise<void> {
    return this.serial(async () => {
      let found: readonly { from: string; to: string }[];
      try {
        found = await moves;
      } catch (e) {
        return this.onError(e);
      }
      await this.halt();
      this.db = db;
      addMoves(this.pending, found);
      this.entangled = true;
      this.resume();
    });
  }

  /**
   * Stops the follow after the transaction under way and hands its pending moves to a scan: at
   * most one chunk's wait (plus the untangling, when it has not run yet). The scan owns them until
   * giveBack.
   */
  takeOver(): Promise<PendingReads> {
    ReadsFollow.scans++;
    return this.serial(async () => {
      // Another library's follow finishes its transaction under way, then waits for the scan to end.
      await Promise.all([...ReadsFollow.all].map((follow) => follow.halt()));
      if (this.entangled) await this.untangle().catch((e: unknown) => this.onError(e));
      const handed = this.pending;
      this.handedEntangled = this.entangled;
      this.pending = new Map();
      this.entangled = false;
      return handed;
    });
  }

  /** The scan is done with the moves (it dropped those it wrote): the rest are written in the background. */
  giveBack(pending: PendingReads): Promise<void> {
    return this.serial(async () => {
      // The last scan to end lets the other libraries' follows go on.
      if (--ReadsFollow.scans === 0) for (const follow of ReadsFollow.all) if (follow !== this) follow.resume();
      if (pending.size === 0) return;
      if (this.handedEntangled) {
        // The store may still hold rows at paths other files moved into, and the scan may have
        // written there since: resuming could move a wrong row. Forgetting only costs reading.
        this.handedEntangled = false;
        await this.forget(pending).catch((e: unknown) => this.onError(e));
        return this.resume();
      }
      for (const [to, origin] of this.pending) pending.set(to, origin);
      this.pending = pending;
      this.resume();
    });
  }

  /** Forgets this follow (a one-off one, once settled): scans no longer hold it still. */
  close(): void {
    ReadsFollow.all.delete(this);
  }

  /** Resolves once nothing is under way (the follow done, stopped or failed). */
  async settled(): Promise<void> {
    await this.queue;
    await this.running;
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op);
    this.queue = next.catch(() => {});
    return next;
  }

  private async halt(): Promise<void> {
    this.stopping = true;
    await this.running;
    this.stopping = false;
  }

  private resume(): void {
    if (this.active) return;
    this.active = true;
    this.running = this.work()
      .catch((e: unknown) => this.onError(e))
      .finally(() => (this.active = false));
  }

  private async work(): Promise<void> {
    // Untangled even while a scan runs: until then a crash could leave a row at another file's path.
    if (this.entangled) await this.untangle();
    while (!this.stopping && ReadsFollow.scans === 0 && this.pending.size > 0) {
      const batch = [...this.pending].slice(0, this.chunk);
      await this.transaction(batch, (store, [to, origin]) => {
        const library = this.library;
        if (typeof origin !== 'string') return store.put({ ...origin, path: to });
        const request = store.get([library, origin]);
        request.onsuccess = () => {
          const row = request.result as CachedRead | undefined;
          if (!row) return;
          store.delete([library, origin]);
          store.put({ ...row, path: to });
        };
        return request;
      });
      for (const [to, origin] of batch) if (this.pending.get(to) === origin) this.pending.delete(to);
      this.onChunk?.(this.pending.size);
    }
  }

  /** One transaction: every row at a path that another moved file now has is taken into memory and deleted. */
  private async untangle(): Promise<void> {
    const tangled = [...this.pending].filter((e): e is [string, string] => typeof e[1] === 'string' && this.pending.has(e[1]));
    const found = new Map<string, CachedRead | undefined>();
    await this.transaction(tangled, (store, [to, origin]) => {
      const request = store.get([this.library, origin]);
      request.onsuccess = () => found.set(to, request.result as CachedRead | undefined);
      return store.delete([this.library, origin]);
    }, true);
    for (const [to] of tangled) {
      const row = found.get(to);
      if (row) this.pending.set(to, row);
      else this.pending.delete(to);
    }
    this.entangled = false;
    this.onChunk?.(this.pending.size);
  }

  /** Deletes every row the moves touch, at their origins and their targets. */
  private async forget(pending: PendingReads): Promise<void> {
    const keys = new Set<string>();
    for (const [to, origin] of pending) keys.add(to).add(typeof origin === 'string' ? origin : to);
    await this.transaction([...keys], (store, path) => store.delete([this.library, path]), true);
  }

  /**
   * The items' requests in one transaction. `whole`: the transaction spans all items, issued a
   * chunk per task (each next chunk from the success of the last request of the one before), so
   * it commits all or nothing without a long task.
   */
  private async transaction<T>(items: readonly T[], issue: (store: IDBObjectStore, item: T) => IDBRequest, whole = false): Promise<void> {
    if (items.length === 0 || !this.db) return;
    const tx = unwrap(this.db).transaction('reads', 'readwrite');
    const store = tx.objectStore('reads');
    const step = whole ? this.chunk : items.length;
    const from = (start: number) => {
      let last: IDBRequest | undefined;
      for (const item of items.slice(start, start + step)) last = issue(store, item);
      if (start + step < items.length) last?.addEventListener('success', () => from(start + step));
    };
    from(0);
    await finished(tx);
  }
}

/** Makes the rows of one run's moves follow them and waits for it (tests; the app uses ReadsFollow). */
export async function moveReads(db: OrganizerDb, library: string, moves: readonly { from: string; to: string }[], chunk = 256): Promise<void> {
  let failure: unknown;
  const follow = new ReadsFollow(library, (e) => (failure ??= e), chunk);
  await follow.add(db, Promise.resolve(moves));
  await follow.settled();
  follow.close();
  if (failure !== undefined) throw failure;
}

const finished = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // A failed request's error reaches the transaction first (it bubbles); it says why, the abort after it does not.
    tx.onerror = (event) => reject((event.target as IDBRequest | null)?.error ?? tx.error ?? new Error('The cache transaction was aborted.'));
    tx.onabort = () => reject(tx.error ?? new Error('The cache transaction was aborted.'));
  });
