// The app's state machine: choose → scan → review → apply → finished (→ undo). Components read
// these fields and call these methods; all I/O lives in the modules this file wires together.
import type { PlanPreview } from '../core/model.ts';
import { type PlanSettings, defaultPlanSettings } from '../core/plan.ts';
import { Planner } from '../plan/planner.ts';
import { parsePathRules, presets, type PathRulesError } from '../core/template/index.ts';
import type { PlannedSteps } from '../core/steps.ts';
import { copySteps } from '../core/copy-plan.ts';
import { openOrganizerDb, type OrganizerDb, type StoredLibrary } from '../db/schema.ts';
import { moveReads } from '../db/read-cache.ts';
import { ensureWriteAccess, folderAccessSupported, pickLibraryFolder, rememberedLibraries, rememberLibrary } from '../fs/library-access.ts';
import { TagReaderPool } from '../read/tag-reader-pool.ts';
import { scanLibrary, type LibraryScan, type ScanProgress } from '../scan/scan-library.ts';
import { RunNotStartedError, RunPausedError, type ApplyProgress } from '../apply/execute-run.ts';
import { movedFiles, resumeRun, rollBackRun, startRun, undoRun, unfinishedRuns } from '../apply/runs.ts';
import { loadRun, runsOf } from '../apply/journal-store.ts';
import type { JournalRun, RunRecord, RunSummary } from '../apply/journal-types.ts';
import { throttled } from './throttle.ts';
import { registry } from '../../plugins/index.ts';

export type Stage = 'choose' | 'recover' | 'scanning' | 'review' | 'applying' | 'finished';

export class Organizer {
  readonly supported = folderAccessSupported();
  stage = $state<Stage>('choose');
  /** A plain-language problem to show; the stage stays where it was. */
  error = $state<string | null>(null);
  library = $state.raw<StoredLibrary | null>(null);
  remembered = $state.raw<StoredLibrary[]>([]);
  scanProgress = $state.raw<ScanProgress | null>(null);
  plan = $state.raw<PlanPreview | null>(null);
  settings = $state<PlanSettings>(defaultPlanSettings(presets[0]!.rules));
  /** Where the path rules fail to parse, for the inline error; a plan is not made from them. */
  rulesError = $state.raw<PathRulesError | null>(null);
  applyProgress = $state.raw<ApplyProgress | null>(null);
  /** What the last apply, undo, resume or roll back did. */
  outcome = $state.raw<{ run: JournalRun; summary: RunSummary } | null>(null);
  unfinished = $state.raw<RunRecord[]>([]);
  /** Libraries with a run that did not finish (tab closed, crash), shown on the start page. */
  interrupted = $state.raw<{ library: StoredLibrary; run: RunRecord }[]>([]);
  history = $state.raw<RunRecord[]>([]);
  busy = $state(false);
  /** A scan waits for the saved tags of the last run's files to follow them (see cacheFollowing). */
  savingTags = $state(false);
  /** The scan is done and the plan is being made (in a worker). */
  planning = $state(false);
  /** Where the organized library goes: moved in place, or copied into another granted folder. */
  mode = $state<'move' | 'copy'>('move');
  destination = $state.raw<{ name: string; handle: FileSystemDirectoryHandle } | null>(null);
  /** Copy mode: delete each original once its copy is verified. */
  deleteOriginals = $state(false);

  private db: Promise<OrganizerDb> | undefined;
  private root: FileSystemDirectoryHandle | null = null;
  private scan: LibraryScan | null = null;
  private abort: AbortController | null = null;
  private planner: Planner | null = null;
  /**
   * Cached reads following the files of finished runs, one run after the other. It runs after the
   * result is shown (at 50,000 files it takes about a quarter of the time of the moves); the next scan
   * waits for it, and if the tab closes first, the files it missed are simply read again.
   */
  private cacheFollowing: Promise<void> = Promise.resolve();

  private database(): Promise<OrganizerDb> {
    this.db ??= openOrganizerDb();
    return this.db;
  }

  async init(): Promise<void> {
    try {
      const db = await this.database();
      this.remembered = await rememberedLibraries(db);
      const interrupted: { library: StoredLibrary; run: RunRecord }[] = [];
      for (const library of this.remembered) for (const run of await unfinishedRuns(db, library.id)) interrupted.push({ library, run });
      this.interrupted = interrupted;
    } catch {
      // Private windows may refuse IndexedDB; the app still works without memory.
    }
  }

  /** "Choose music folder". */
  async choose(): Promise<void> {
    this.error = null;
    if (!this.supported) return;
    try {
      const handle = await pickLibraryFolder();
      if (handle) await this.open(handle);
    } catch (e) {
      this.error = describe(e, 'The folder could not be opened');
    }
  }

  /** Re-open a library from an earlier visit (asks for permission again when needed). */
  async reopen(lib: StoredLibrary): Promise<void> {
    this.error = null;
    try {
      if (!(await ensureWriteAccess(lib.handle))) {
        this.error = `Music Organizer needs permission to change "${lib.name}". Choose it again and allow editing.`;
        return;
      }
      await this.open(lib.handle);
    } catch (e) {
      this.error = describe(e, `"${lib.name}" could not be opened (was it moved or deleted?)`);
    }
  }

  private async open(handle: FileSystemDirectoryHandle): Promise<void> {
    if (!(await ensureWriteAccess(handle))) {
      this.error = `Music Organizer can only organize "${handle.name}" with permission to edit it. Choose the folder again and allow editing.`;
      return;
    }
    const db = await this.database();
    this.root = handle;
    this.library = await rememberLibrary(db, handle);
    this.remembered = await rememberedLibraries(db);
    await this.refreshRuns();
    // An unfinished run comes first: scanning a half-moved library would plan from a state the journal explains better.
    if (this.unfinished.length > 0) this.stage = 'recover';
    else await this.rescan();
  }

  async refreshRuns(): Promise<void> {
    if (!this.library) return;
    const db = await this.database();
    this.unfinished = await unfinishedRuns(db, this.library.id);
    this.interrupted = this.interrupted.filter((i) => i.library.id !== this.library?.id || this.unfinished.some((u) => u.id === i.run.id));
    this.history = (await runsOf(db, this.library.id)).filter((r) => r.kind === 'organize');
  }

  /** Scan the library and make a plan. */
  async rescan(): Promise<void> {
    if (!this.root || !this.library) return;
    const db = await this.database();
    const pool = new TagReaderPool();
    this.abort = new AbortController();
    this.stage = 'scanning';
    this.error = null;
    this.plan = null;
    this.scanProgress = null;
    this.savingTags = true;
    await this.cacheFollowing;
    this.savingTags = false;
    const progress = throttled<ScanProgress>((p) => (this.scanProgress = { ...p }), 100);
    try {
      this.scan = await scanLibrary(this.root, { library: this.library.id, db, pool, signal: this.abort.signal, onProgress: (p) => progress.push(p) });
      progress.flush();
      pool.terminate();
      this.planning = true;
      this.planner ??= new Planner();
      await this.planner.setSource(this.scan);
      await this.replan();
      this.stage = 'review';
    } catch (e) {
      this.stage = 'choose';
      this.error = isAbort(e) ? 'Scan cancelled. Nothing was changed.' : describe(e, 'The scan stopped');
    } finally {
      pool.terminate();
      this.planning = false;
      this.abort = null;
    }
  }

  /** Re-plan from the scan with the current settings (live while the user edits the template). */
  async replan(): Promise<void> {
    if (!this.scan || !this.planner || !this.rulesParse()) return;
    try {
      const plan = await this.planner.plan($state.snapshot(this.settings));
      if (plan) this.plan = plan;
    } catch (e) {
      this.error = describe(e, 'The plan could not be made');
    }
  }

  /** Parsed here, not in the worker, so the error shows under the editor at once. */
  private rulesParse(): boolean {
    const parsed = parsePathRules(this.settings.rules, { functions: new Set(registry.templateFunctions.keys()) });
    this.rulesError = parsed.ok ? null : parsed.error;
    return parsed.ok;
  }

  /** What happens to untagged files and to system clutter; the preview follows at once. */
  setOption<K extends 'untagged' | 'junk'>(key: K, value: PlanSettings[K]): void {
    this.settings[key] = value;
    void this.replan();
  }

  /** The user edits the path rules: the preview follows as they type; broken rules block Apply. */
  setRules(text: string): void {
    this.settings.rules = text;
    void this.replan();
  }

  cancel(): void {
    this.abort?.abort(new DOMException('Cancelled by the user', 'AbortError'));
  }

  /** Copy mode: choose the folder the organized library is written into. */
  async chooseDestination(): Promise<void> {
    this.error = null;
    try {
      const handle = await pickLibraryFolder();
      if (!handle || !this.root) return;
      if ((await this.root.isSameEntry(handle)) || (await this.root.resolve(handle)) !== null) {
        this.error = `Choose a folder outside "${this.root.name}": copying a library into itself would copy the copies.`;
        return;
      }
      if ((await handle.resolve(this.root)) !== null) {
        this.error = `"${handle.name}" contains your library. Choose a separate folder for the organized copy.`;
        return;
      }
      if (!(await ensureWriteAccess(handle))) {
        this.error = `Music Organizer needs permission to write into "${handle.name}".`;
        return;
      }
      this.destination = { name: handle.name, handle };
    } catch (e) {
      this.error = describe(e, 'The destination folder could not be opened');
    }
  }

  async apply(): Promise<void> {
    if (!this.root || !this.library || !this.plan || !this.scan) return;
    if (this.plan.operations.length === 0) return;
    const root = this.root;
    this.error = null;
    if (!(await ensureWriteAccess(root))) {
      this.error = `Permission to change "${root.name}" was not granted, so nothing was changed.`;
      return;
    }
    if (this.rulesError) {
      this.error = 'The path rules have an error (shown under the editor), so the plan cannot be applied.';
      return;
    }
    const db = await this.database();
    if (this.mode === 'copy') {
      const destination = this.destination;
      if (!destination) {
        this.error = 'Choose the folder to copy the organized library into first.';
        return;
      }
      if (!(await ensureWriteAccess(destination.handle))) {
        this.error = `Permission to write into "${destination.name}" was not granted, so nothing was copied.`;
        return;
      }
      const files = new Map([...this.scan.recordings, ...this.scan.others].map((f) => [f.path, f]));
      const steps = copySteps(this.plan, files, this.deleteOriginals);
      await this.execute((ctx) =>
        startRun(ctx, { library: this.library!.id, libraryName: root.name, template: this.settings.rules, steps, destination }),
      );
      return;
    }
    let planned: PlannedSteps;
    try {
      planned = await this.planner!.steps(this.plan.id);
    } catch (e) {
      this.error = (e as Error).name === 'StalePlanError'
        ? 'The plan changed while you clicked Apply. Look it over again, then apply.'
        : describe(e, 'The moves could not be scheduled');
      return;
    }
    const { steps, refused } = planned;
    if (refused.length > 0) {
      this.error = `${refused.length} moves would land on files that are staying (first: ${refused[0]!.to}). Scan again before applying.`;
      return;
    }
    await this.execute((ctx) =>
      startRun(ctx, { library: this.library!.id, libraryName: root.name, template: this.settings.rules, steps }),
    );
  }

  async undo(runId: string): Promise<void> {
    if (await this.destinationAccess(runId)) await this.execute((ctx) => undoRun(ctx, runId));
  }

  async resume(runId: string): Promise<void> {
    if (await this.destinationAccess(runId)) await this.execute((ctx) => resumeRun(ctx, runId));
  }

  async rollBack(runId: string): Promise<void> {
    if (await this.destinationAccess(runId)) await this.execute((ctx) => rollBackRun(ctx, runId));
  }

  /** A copy run also needs its destination folder again (asked inside the click's user gesture). */
  private async destinationAccess(runId: string): Promise<boolean> {
    const run = await loadRun(await this.database(), runId);
    if (!run?.destination || (await ensureWriteAccess(run.destination.handle).catch(() => false))) return true;
    this.error = `Music Organizer needs permission to "${run.destination.name}" again to finish this. Nothing was changed.`;
    return false;
  }

  private async execute(work: (ctx: Parameters<typeof startRun>[0]) => Promise<{ run: JournalRun; summary: RunSummary }>): Promise<void> {
    if (!this.root || !this.library) return;
    const root = this.root;
    if (!(await ensureWriteAccess(root))) {
      this.error = `Permission to change "${root.name}" was not granted, so nothing was changed.`;
      return;
    }
    const db = await this.database();
    this.abort = new AbortController();
    this.stage = 'applying';
    this.applyProgress = null;
    this.error = null;
    const progress = throttled<ApplyProgress>((p) => (this.applyProgress = { ...p }), 100);
    try {
      const result = await work({ root, db, signal: this.abort.signal, handles: this.scan?.handles, onProgress: (p) => progress.push(p) });
      progress.flush();
      // Cached tags follow the moved files (apply, undo, resume alike), so the next scan reads nothing again.
      if (result.run.steps.some((s) => s.kind === 'move')) {
        const library = this.library.id;
        this.cacheFollowing = this.cacheFollowing.then(async () => moveReads(db, library, await movedFiles(db, result.run))).catch(() => {});
      }
      // What the run was (organize, undo, roll back; copy or move) comes from its journal record.
      this.outcome = result;
      this.stage = 'finished';
    } catch (e) {
      progress.flush();
      this.error = e instanceof RunPausedError || e instanceof RunNotStartedError ? e.message : describe(e, 'The run stopped');
      this.stage = 'finished';
      this.outcome = null;
    } finally {
      this.abort = null;
      await this.refreshRuns();
    }
  }

  /** After a run: scan again so the preview shows the library as it is now. */
  async review(): Promise<void> {
    this.outcome = null;
    await this.rescan();
  }
}

function isAbort(e: unknown): boolean {
  return (e as { name?: string })?.name === 'AbortError';
}

function describe(e: unknown, prefix: string): string {
  const name = (e as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return `${prefix}: permission was refused. Choose the folder again and allow editing.`;
  if (name === 'NotFoundError') return `${prefix}: the folder is no longer there.`;
  return `${prefix}: ${(e as Error)?.message ?? String(e)}`;
}
