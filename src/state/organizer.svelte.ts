// The app's state machine: choose → scan → review → apply → finished (→ undo). This part holds
// what belongs to the app: the stage, the message shown, the libraries of earlier visits and their
// interrupted runs, the database. Everything of one opened library lives in its LibrarySession,
// made on open and closed when another library is opened.
import { DB_NAME, openOrganizerDb, type OrganizerDb, type StoredLibrary } from '../db/schema.ts';
import { ensureWriteAccess, folderAccessSupported, pickLibraryFolder, rememberedLibraries, rememberLibrary } from '../fs/library-access.ts';
import { unfinishedRuns } from '../apply/runs.ts';
import type { RunRecord } from '../db/journal-records.ts';
import { LibrarySession, type SessionHost, type Stage } from './library-session.svelte.ts';
import { libraryLockHeld } from './library-lock.ts';
import { describe } from './messages.ts';

export type { Stage };

export class Organizer implements SessionHost {
  readonly supported = folderAccessSupported();
  stage = $state<Stage>('choose');
  /** A plain-language problem to show; the stage stays where it was. */
  error = $state<string | null>(null);
  remembered = $state.raw<StoredLibrary[]>([]);
  /** Libraries with a run that did not finish (tab closed, crash), shown on the start page. */
  interrupted = $state.raw<{ library: StoredLibrary; run: RunRecord }[]>([]);
  /** Libraries whose journal could not be read at start, with the reason: their runs cannot be listed. */
  unreadableJournals = $state.raw<{ library: StoredLibrary; reason: string }[]>([]);
  /** The opened library. */
  session = $state.raw<LibrarySession | null>(null);
  /** The app was updated in another tab: this page's database connection is closed, it must reload. */
  outdated = $state(false);
  /** An older version in another tab keeps the database from opening until that tab closes it. */
  waitingForOldTab = $state(false);

  private db: Promise<OrganizerDb> | undefined;
  /** A library is being opened: a second click (a double click on "Open again") does nothing. */
  private opening = false;
  /** Cache updates a closed session left running, by library: the next session of that library waits for them. */
  private following = new Map<string, Promise<void>>();

  get library(): StoredLibrary | null {
    return this.session?.library ?? null;
  }

  database(): Promise<OrganizerDb> {
    if (this.outdated) return Promise.reject(new Error('Music Organizer was updated in another tab. Reload this page to go on.'));
    this.db ??= openOrganizerDb(DB_NAME, {
      outdated: (close) => this.databaseOutdated(close),
      blocked: () => (this.waitingForOldTab = true),
    }).finally(() => (this.waitingForOldTab = false));
    return this.db;
  }

  /** A newer version wants the database: give it up (after the run under way, so the journal stays whole). */
  private databaseOutdated(close: () => void): void {
    this.outdated = true;
    void (this.session?.idle() ?? Promise.resolve()).then(close);
  }

  runsChanged(library: string, unfinished: RunRecord[]): void {
    this.interrupted = this.interrupted.filter((i) => i.library.id !== library || unfinished.some((u) => u.id === i.run.id));
  }

  async init(): Promise<void> {
    let db: OrganizerDb;
    try {
      db = await this.database();
      this.remembered = await rememberedLibraries(db);
    } catch (e) {
      this.error = describe(e, 'The libraries of earlier visits could not be read');
      return;
    }
    // One library's unreadable journal must not hide the interrupted runs of the others.
    const interrupted: { library: StoredLibrary; run: RunRecord }[] = [];
    const unreadable: { library: StoredLibrary; reason: string }[] = [];
    for (const library of this.remembered) {
      try {
        // A run in progress in another tab is not interrupted: it holds its library's lock.
        if (await libraryLockHeld(library.id)) continue;
        for (const run of await unfinishedRuns(db, library.id)) interrupted.push({ library, run });
      } catch (e) {
        unreadable.push({ library, reason: (e as Error)?.message ?? String(e) });
      }
    }
    this.interrupted = interrupted;
    this.unreadableJournals = unreadable;
  }

  /** "Choose music folder". */
  async choose(): Promise<void> {
    if (this.opening || this.session?.working) return;
    this.error = null;
    if (!this.supported) return;
    this.opening = true;
    try {
      const handle = await pickLibraryFolder();
      if (handle) await this.open(handle);
    } catch (e) {
      this.error = describe(e, 'The folder could not be opened');
    } finally {
      this.opening = false;
    }
  }

  /** Re-open a library from an earlier visit (asks for permission again when needed). */
  async reopen(lib: StoredLibrary): Promise<void> {
    if (this.opening || this.session?.working) return;
    this.error = null;
    this.opening = true;
    try {
      if (!(await ensureWriteAccess(lib.handle))) {
        this.error = `Music Organizer needs permission to change "${lib.name}". Choose it again and allow editing.`;
        return;
      }
      await this.open(lib.handle);
    } catch (e) {
      this.error = describe(e, `"${lib.name}" could not be opened (was it moved or deleted?)`);
    } finally {
      this.opening = false;
    }
  }

  private async open(handle: FileSystemDirectoryHandle): Promise<void> {
    if (!(await ensureWriteAccess(handle))) {
      this.error = `Music Organizer can only organize "${handle.name}" with permission to edit it. Choose the folder again and allow editing.`;
      return;
    }
    const db = await this.database();
    const library = await rememberLibrary(db, handle);
    this.remembered = await rememberedLibraries(db);
    // The library opened before goes, whole: its scan, handles, plan, settings and destination.
    const previous = this.session;
    if (previous) {
      this.following.set(previous.library.id, previous.following);
      previous.close();
    }
    const session = new LibrarySession(this, library, handle, this.following.get(library.id));
    this.session = session;
    await session.start();
  }
}
