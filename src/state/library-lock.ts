// One run at a time per library, across tabs and windows: every apply, undo, resume and roll back
// holds the library's Web Lock while it runs (docs/decisions/0006-one-session-per-library.md).
// A tab that finds the lock taken does not queue behind it: it says a run is in progress and
// offers to wait, because a plan made before that run is out of date once it ends.

const lockName = (library: string) => `music-organizer:library:${library}`;

/** Runs `work` holding the library's lock, or returns `{ ran: false }` at once when another tab or window holds it. */
export async function withLibraryLock<T>(library: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  return navigator.locks.request(lockName(library), { ifAvailable: true }, async (lock) => {
    if (!lock) return { ran: false as const };
    return { ran: true as const, value: await work() };
  });
}

/** Whether a run on the library is in progress somewhere (this tab included). */
export async function libraryLockHeld(library: string): Promise<boolean> {
  const { held = [] } = await navigator.locks.query();
  return held.some((lock) => lock.name === lockName(library));
}

/** Resolves once no run on the library is in progress (the lock is taken and released at once). */
export async function waitForLibrary(library: string): Promise<void> {
  await navigator.locks.request(lockName(library), async () => {});
}
