// The app's state machine: choose → scan → review → apply → finished (→ undo). This part holds
// what belongs to the app: the stage, the message shown, the libraries of earlier visits and their
// interrupted runs, the database. Everything of one opened library lives in its LibrarySession,
// made on open and closed when another library is opened.
import { DB_NAME, openOrganizerDb, type OrganizerDb, type StoredLibrary } from '../db/schema.ts';
import { ensureWriteAccess, folderAccessSupported, pickLibraryFolder, rememberedLibraries, rememberLibrary } from '../fs/library-access.ts';
import { droppedFolder, pickedFolder, type ReadOnlyFolder } from '../fs/read-only-folder.ts';
import { readDrop } from '../fs/drop.ts';
import { unfinishedRuns } from '../apply/runs.ts';
import type { RunRecord } from '../db/journal-records.ts';
import type { ReadsFollow } from '../db/read-cache.ts';
import { LibrarySession, type LibraryRef, type SessionHost, type Stage } from './library-session.svelte.ts';
import { libraryLockHeld } from './library-lock.ts';
import { describe } from './messages.ts';
import { PluginShelf } from './plugin-shelf.svelte.ts';
import { readShareLink } from '../core/plugin-manifest.ts';
import { musicbrainz } from '../../plugins/musicbrainz/index.ts';
import { createRegistry } from '../../plugins/index.ts';

export type { Stage };

export class Organizer implements SessionHost {
  /** The browser can organize folders (Chrome, Edge); elsewhere folders are opened read only. */
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
  /** A folder dropped where the browser would not ask for permission to change it: asked on the next click. */
  droppedForPermission = $state.raw<FileSystemDirectoryHandle | null>(null);
  /** The app was updated in another tab: this page's database connection is closed, it must reload. */
  outdated = $state(false);
  /** An older version in another tab keeps the database from opening until that tab closes it. */
  waitingForOldTab = $state(false);

  /** The user's shared plugins (the Plugins page). */
  readonly plugins: PluginShelf = new PluginShelf(() => this.database(), {
    builtinNames: async () => [...createRegistry().fields.keys()],
    builtinFunctions: async () => [...createRegistry().templateFunctions.keys()],
    changed: () => void this.session?.pluginsChanged(),
    builtins: [musicbrainz],
  });

  private db: Promise<OrganizerDb> | undefined;
  /** A library is being opened: a second click (a double click on "Open again") does nothing. */
  private opening = false;
  /** Cache updates a closed session left running, by library: the next session of that library takes them over. */
  private following = new Map<string, ReadsFollow>();

  get library(): LibraryRef | null {
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
    void this.startPlugins();
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

  /** Loads the installed plugins, offers the one a share link names, and looks for updates when online. */
  private async startPlugins(): Promise<void> {
    try {
      await this.plugins.load();
    } catch (e) {
      this.plugins.notice = describe(e, 'The installed plugins could not be read');
      return;
    }
    const link = readShareLink(location.hash);
    if (link) {
      // The link is used once: a reload does not ask again.
      history.replaceState(null, '', location.pathname + location.search);
      await this.plugins.offerFromUrl(link.manifestUrl, link.sha256);
    }
    void this.plugins.checkUpdates();
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

  /** Whether a folder dropped now would be opened: not while a scan or a run is under way. */
  get acceptsDrop(): boolean {
    return !this.opening && !this.session?.working && (this.stage === 'choose' || this.stage === 'review' || this.stage === 'finished');
  }

  /**
   * A folder dropped on the page: in Chrome and Edge opened to organize, as if picked (and
   * remembered); elsewhere read only. Call it inside the drop event: readDrop reads the items
   * before anything is awaited.
   */
  async drop(data: DataTransfer): Promise<void> {
    if (!this.acceptsDrop) return;
    const dropped = readDrop(data, this.supported);
    this.error = null;
    this.opening = true;
    try {
      const what = await dropped;
      if (what.kind === 'folder') await this.openDropped(what.handle);
      else if (what.kind === 'read-only') await this.openReadOnly(await droppedFolder(what.entry));
      else if (what.kind === 'several') this.error = 'Drop one music folder at a time.';
      else if (what.kind === 'not-a-folder') this.error = `${what.name ? `"${what.name}" is a file, not a folder` : 'That is not a folder'}. Drop the folder that holds your music.`;
    } catch (e) {
      this.error = describe(e, 'The dropped folder could not be opened');
    } finally {
      this.opening = false;
    }
  }

  /** "Allow changes to …": the dropped folder, asked for inside this click. */
  async allowDropped(): Promise<void> {
    const handle = this.droppedForPermission;
    if (!handle || this.opening || this.session?.working) return;
    this.error = null;
    this.opening = true;
    try {
      await this.open(handle);
    } catch (e) {
      this.error = describe(e, `"${handle.name}" could not be opened`);
    } finally {
      this.opening = false;
    }
  }

  private async openDropped(handle: FileSystemDirectoryHandle): Promise<void> {
    this.droppedForPermission = null;
    try {
      await this.open(handle);
    } catch (e) {
      // The browser may ask for write permission only from a click, not from a drop.
      if ((e as DOMException)?.name !== 'SecurityError') throw e;
      this.droppedForPermission = handle;
    }
  }

  /**
   * "Choose music folder (read only)": the files the folder input gave. The list is read before
   * anything is awaited, so the input can be cleared at once (choosing the same folder again is
   * then a change too).
   */
  async openPicked(files: ArrayLike<File>): Promise<void> {
    if (this.opening || this.session?.working) return;
    const folder = pickedFolder(files);
    this.error = null;
    if ('problem' in folder) {
      this.error = folder.problem;
      return;
    }
    this.opening = true;
    try {
      await this.openReadOnly(folder);
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
    this.droppedForPermission = null;
    const db = await this.database();
    const library = await rememberLibrary(db, handle);
    this.remembered = await rememberedLibraries(db);
    await this.startSession(library, handle);
  }

  /** A read-only folder is not remembered: there is no handle to open it with again; its id keeps its saved tags. */
  private async openReadOnly(folder: ReadOnlyFolder): Promise<void> {
    await this.startSession({ id: folder.id, name: folder.name }, folder);
  }

  private async startSession(library: LibraryRef, root: FileSystemDirectoryHandle | ReadOnlyFolder): Promise<void> {
    // The library opened before goes, whole: its scan, handles, plan, settings and destination.
    const previous = this.session;
    if (previous) {
      this.following.set(previous.library.id, previous.following);
      previous.close();
    }
    const session = new LibrarySession(this, library, root, this.following.get(library.id));
    this.session = session;
    await session.start();
  }
}
