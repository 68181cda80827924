// One opened library: its folder, scan (with the file handles), planner, plan, settings, copy
// destination, history and runs. Made when the library is opened and closed when another one is,
// so nothing of one library can reach a run of another. Every run holds the library's Web Lock
// (see library-lock.ts and docs/decisions/0006-one-session-per-library.md).
import type { DuplicateCopy, DuplicateGroup, PlanPreview, ReleaseSummary } from '../core/model.ts';
import { choiceKey, identityOf, namesFile, type ReleaseEdit, type ReleaseIdentity, type ReviewChoice } from '../core/review-choices.ts';
import { loadChoices, saveChoice, updateChoices } from '../db/review-choices.ts';
import { choicesJson, readChoicesFile } from '../core/choices-file.ts';
import type { Suggestion } from '../core/suggestions.ts';
import { releaseTitle } from '../core/release-overrides.ts';
import { foldersAbove, pathKey } from '../core/library-path.ts';
import type { ReleaseMember } from '../planner/protocol.ts';
import { type PlanSettings, defaultPlanSettings } from '../core/plan.ts';
import { Planner } from '../planner/client.ts';
import type { PlanOverview } from '../planner/protocol.ts';
import type { PlanVocabulary } from '../planner/protocol.ts';
import { parsePathRules, presets, type PathPreset, type PathRule, type PathRulesError, type PathRulesWarning } from '../core/template/index.ts';
import { rulesAdvice, type RulesAdvice } from '../core/rules-advice.ts';
import { currentLayoutPreset, layoutPercent, type CurrentLayout } from '../core/current-layout.ts';
import type { PlannedSteps } from '../core/steps.ts';
import type { ReleaseDetail } from '../core/release-detail.ts';
import { copySteps } from '../core/copy-plan.ts';
import type { OrganizerDb, StoredLibrary, StoredPreset } from '../db/schema.ts';
import { deletePreset, loadPresets, loadSettings, savePreset, saveSettings } from '../db/library-settings.ts';
import { ReadsFollow } from '../db/read-cache.ts';
import { ensureWriteAccess, pickLibraryFolder } from '../fs/library-access.ts';
import type { ReadOnlyFolder } from '../fs/read-only-folder.ts';
import { TagReaderPool } from '../tags/pool.ts';
import { scanLibrary, type LibraryScan, type ScanProgress } from '../scan/scan-library.ts';
import { RunNotStartedError, RunPausedError, type ApplyProgress } from '../apply/execute-run.ts';
import { movedFiles, resumeRun, rollBackRun, startRun, undoRun, unfinishedRuns } from '../apply/runs.ts';
import type { RunReport } from '../core/plan-export.ts';
import { loadRun, runsOf } from '../apply/journal-store.ts';
import type { JournalRun, RunRecord, RunStatus, RunSummary } from '../db/journal-records.ts';
import { throttled } from './throttle.ts';
import { libraryLockHeld, waitForLibrary, withLibraryLock } from './library-lock.ts';
import { describe, isAbort } from './messages.ts';
import type { PluginShelf } from './plugin-shelf.svelte.ts';
import { ProposalLookup } from './proposal-lookup.svelte.ts';
import { acceptedChoices } from '../core/proposal-fields.ts';
import { rejection, type Proposal } from '../core/enrichment.ts';

export type Stage = 'choose' | 'recover' | 'scanning' | 'review' | 'settings' | 'applying' | 'finished';

/** What a session knows of its library: a remembered folder, or a read-only one (not remembered). */
export type LibraryRef = Pick<StoredLibrary, 'id' | 'name'>;

/** What a session may change of the app around it. */
export interface SessionHost {
  stage: Stage;
  /** A plain-language problem to show; the stage stays where it was. */
  error: string | null;
  database(): Promise<OrganizerDb>;
  /** The library's unfinished runs, so the start page lists only runs that are still unfinished. */
  runsChanged(library: string, unfinished: RunRecord[]): void;
  /** The user's shared plugins: given to the planner before each plan from a new scan. */
  plugins?: PluginShelf;
}

/** What "Organize like magic" did: the share of files already in the layout it took (null: none found), suggestions accepted and left for review, duplicates set aside. */
export interface MagicOutcome {
  layout: number | null;
  accepted: number;
  left: number;
  setAside: number;
}

export class LibrarySession {
  scanProgress = $state.raw<ScanProgress | null>(null);
  plan = $state.raw<PlanPreview | null>(null);
  settings = $state<PlanSettings>(defaultPlanSettings(presets[0]!.rules));
  /** Where the path rules fail to parse, for the inline error; a plan is not made from them. */
  rulesError = $state.raw<PathRulesError | null>(null);
  /** What beets keeps as written or fills in (unknown functions, a stray "}", its own default rule): shown, never refused. */
  rulesWarnings = $state.raw<PathRulesWarning[]>([]);
  /** The rules as last parsed without error (the plan on screen may be older: see planCurrent). */
  private parsedRules = $state.raw<PathRule[]>([]);
  /** What the user chose in reviews of this library (which copy of a duplicate to keep), kept in IndexedDB. */
  choices = $state.raw<ReviewChoice[]>([]);
  /** The settings and choices the plan on screen was made from: a plan from older ones is never shown as current nor applied. */
  private plannedFor = $state.raw<{ settings: string; choices: readonly ReviewChoice[] } | null>(null);
  /** The user's own presets (for every library), kept in IndexedDB. */
  ownPresets = $state.raw<StoredPreset[]>([]);
  /** The plugin registry's functions, fields and presets, from the planner worker where the registry lives. */
  vocabulary = $state.raw<PlanVocabulary | null>(null);
  /** What the editor says before Apply about the rules and their plan (unknown fields, no title, shared names). */
  readonly advice: RulesAdvice[] = $derived(
    this.rulesError || !this.vocabulary ? [] : rulesAdvice(this.parsedRules, new Set(this.vocabulary.fields), this.planCurrent ? this.plan!.conflicts : []),
  );
  /** The layout the library already has ("Your current layout"), once the planner worker found it; null before, or when it shows none. */
  currentLayout = $state.raw<CurrentLayout | null>(null);
  applyProgress = $state.raw<ApplyProgress | null>(null);
  /** What the last apply, undo, resume or roll back did. */
  outcome = $state.raw<{ run: JournalRun; summary: RunSummary } | null>(null);
  unfinished = $state.raw<RunRecord[]>([]);
  /** A run of this page just paused (by the user or on a fault): the unfinished run's notice is the screen, with its reason. */
  stoppedHere = $state(false);
  history = $state.raw<RunRecord[]>([]);
  /** A scan waits for the follow of the last run's saved tags to stop after its current transaction (see follow). */
  savingTags = $state(false);
  /** The scan is done and the plan is being made (in a worker). */
  planning = $state(false);
  /** Where the organized library goes: moved in place, or copied into another granted folder. */
  mode = $state<'move' | 'copy'>('move');
  destination = $state.raw<{ name: string; handle: FileSystemDirectoryHandle } | null>(null);
  /** Copy mode: delete each original once its copy is verified. */
  deleteOriginals = $state(false);
  /** A scan or a run of this page is under way; set on the click itself, before anything is awaited. */
  working = $state(false);
  /** A run on this library is in progress in another tab or window (it holds the library's lock). */
  elsewhere = $state(false);
  /** Waiting for that run to end. */
  waiting = $state(false);

  private scan: LibraryScan | null = null;
  private abort: AbortController | null = null;
  private planner: Planner | null = null;
  private closed = false;
  /** The work under way (scan or run), for idle(). */
  private current: Promise<void> = Promise.resolve();
  /** Every run of this library this page knows of: one it does not know was made in another tab or window. */
  private knownRuns = new Set<string>();
  /**
   * Cached reads following the files of finished runs, one run after the other. It runs after the
   * result is shown (it takes a good part of the time of the moves, decision 0009); a scan takes
   * over what is left of it instead of waiting (ReadsFollow), and if the tab closes first, the
   * files it missed are simply read again.
   */
  private readonly follow: ReadsFollow;
  /** The current layout being found for the latest scan (see findLayout). */
  private layoutFound: Promise<CurrentLayout | null> = Promise.resolve(null);
  /** Scans started: an answer about an earlier scan's layout is not this one's. */
  private scans = 0;

  constructor(
    private readonly host: SessionHost,
    readonly library: LibraryRef,
    /** A granted folder, or one this browser can only read (Firefox, Safari): then nothing moves from here. */
    readonly root: FileSystemDirectoryHandle | ReadOnlyFolder,
    /** What an earlier session of this library left following its files. */
    follow?: ReadsFollow,
  ) {
    this.follow = follow ?? new ReadsFollow(library.id, (e) => (this.host.error = describe(e, `The saved tags of "${library.name}" could not follow the files just moved, so the next scan reads those files again`)));
  }

  /** The presets to choose from: "Your current layout" first when the library has one, then the registry's, then the user's own. */
  get presets(): PathPreset[] {
    const registered = this.vocabulary?.presets ?? [];
    const own = this.ownPresets.map((p) => ({ id: `own:${p.id}`, name: p.name, description: 'A preset of your own.', rules: p.rules }));
    return [...(this.currentLayout ? [currentLayoutPreset(this.currentLayout)] : []), ...registered, ...own];
  }

  /** The browser can only read this folder: Apply, Undo and copy mode need Chrome or Edge; the script is the way to organize it. */
  get readOnly(): boolean {
    return this.root.kind === 'read-only';
  }

  /** The plan on screen was made from the settings and choices as they are now. */
  get planCurrent(): boolean {
    const made = this.plannedFor;
    return this.plan !== null && made !== null && made.choices === this.choices && made.settings === JSON.stringify(this.settings);
  }

  /**
   * Why the plan on screen cannot be applied, in words shown beside Apply; null when it can. The
   * same check runs again when Apply is clicked, so a click racing an edit applies nothing.
   */
  get applyBlocked(): string | null {
    if (this.planBlocked) return this.planBlocked;
    if (this.elsewhere) return 'A run on this library is in progress in another tab or window.';
    if (this.working) return 'Wait for the work under way to finish.';
    return null;
  }

  /** What of the plan and the settings keeps Apply from running (the work under way aside). */
  get planBlocked(): string | null {
    if (this.readOnly) return readOnlyReason;
    if (this.rulesError) return 'The path rules have an error (shown under the editor): fix it, and a new plan is made.';
    if (!this.planCurrent) return 'The plan is being made again for your new settings.';
    const blocking = this.advice.find((a) => a.blocks);
    if (blocking) return `Fix the path rules first. ${blocking.message}`;
    if (this.mode === 'copy' && !this.destination) return 'Choose the folder to copy the organized library into first.';
    if (this.mode === 'move' && !this.plan!.operations.some((o) => o.kind === 'move')) return 'Nothing to move: every file is already where the path rules put it.';
    return null;
  }

  /** Every button that starts work is disabled while this is true. */
  get busy(): boolean {
    return this.working || this.elsewhere;
  }

  /** The cache updates of this library's runs, for the next session of this library to take over. */
  get following(): ReadsFollow {
    return this.follow;
  }

  /** First look at the library: a run in another tab is shown (with the offer to wait), then an unfinished run, else a scan. */
  async start(): Promise<void> {
    await this.restoreSettings();
    const elsewhere = await libraryLockHeld(this.library.id);
    await this.refreshRuns();
    if (this.closed) return;
    this.elsewhere = elsewhere;
    // An unfinished run comes first: scanning a half-moved library would plan from a state the journal explains better.
    if (elsewhere || this.unfinished.length > 0) this.show('recover');
    else await this.rescan();
  }

  /**
   * The settings this library was left with and the user's presets. Settings that cannot be read
   * leave the defaults in place, and the page says so: the plan is still previewed before anything moves.
   */
  private async restoreSettings(): Promise<void> {
    try {
      const db = await this.host.database();
      const [stored, own] = await Promise.all([loadSettings(db, this.library.id), loadPresets(db)]);
      if (this.closed) return;
      this.ownPresets = own;
      if (!stored) return;
      const { rules, untagged, untaggedFolder, junk, mode, deleteOriginals, outputs, updatePlaylists } = stored;
      Object.assign(this.settings, { rules, untagged, untaggedFolder, junk, outputs, updatePlaylists });
      this.mode = this.readOnly ? 'move' : mode;
      this.deleteOriginals = deleteOriginals;
    } catch (e) {
      this.say(describe(e, `The settings of "${this.library.name}" could not be read, so the defaults are used`));
    }
  }

  /** Keeps the settings as they are now for this library; called on every change the user makes. */
  async saveSettings(): Promise<void> {
    const { rules, untagged, untaggedFolder, junk, outputs, updatePlaylists } = $state.snapshot(this.settings);
    const stored = { library: this.library.id, rules, untagged, untaggedFolder, junk, outputs, updatePlaylists, mode: this.mode, deleteOriginals: this.deleteOriginals, savedAt: Date.now() };
    try {
      await saveSettings(await this.host.database(), stored);
    } catch (e) {
      this.say(describe(e, 'Your settings could not be saved, so they apply to this visit only'));
    }
  }

  /** Saves the current path rules as a preset of the user's own, under `name`. */
  async savePreset(name: string): Promise<boolean> {
    const preset = { id: crypto.randomUUID(), name: name.trim(), rules: this.settings.rules, savedAt: Date.now() };
    if (!preset.name) return false;
    return this.changePresets((db) => savePreset(db, preset), [...this.ownPresets, preset]);
  }

  async renamePreset(id: string, name: string): Promise<boolean> {
    const old = this.ownPresets.find((p) => p.id === id);
    if (!old || !name.trim()) return false;
    const renamed = { ...old, name: name.trim() };
    return this.changePresets((db) => savePreset(db, renamed), this.ownPresets.map((p) => (p.id === id ? renamed : p)));
  }

  async deletePreset(id: string): Promise<boolean> {
    return this.changePresets((db) => deletePreset(db, id), this.ownPresets.filter((p) => p.id !== id));
  }

  private async changePresets(write: (db: OrganizerDb) => Promise<void>, next: StoredPreset[]): Promise<boolean> {
    try {
      await write(await this.host.database());
    } catch (e) {
      this.say(describe(e, 'Your presets could not be saved'));
      return false;
    }
    this.ownPresets = next;
    return true;
  }

  /** The settings page of this library, and back to the plan. */
  openSettings(): void {
    if (this.host.stage === 'review') this.show('settings');
  }

  closeSettings(): void {
    if (this.host.stage === 'settings') this.show('review');
  }

  /** Move in place or copy; remembered for the library. */
  setMode(mode: 'move' | 'copy'): void {
    this.mode = mode;
    void this.saveSettings();
  }

  /** Drops the library: a scan under way stops, the planner worker ends, and nothing of it reaches the page again. */
  close(): void {
    this.closed = true;
    this.proposalLookup?.close();
    this.abort?.abort(new DOMException('Another library was opened', 'AbortError'));
    this.planner?.terminate();
    this.planner = null;
  }

  /** Resolves when the scan or run under way (if any) has ended. */
  idle(): Promise<void> {
    return this.current;
  }

  async refreshRuns(): Promise<void> {
    try {
      const db = await this.host.database();
      const unfinished = await unfinishedRuns(db, this.library.id);
      const runs = await runsOf(db, this.library.id);
      if (this.closed) return;
      this.unfinished = unfinished;
      this.host.runsChanged(this.library.id, unfinished);
      this.history = runs.filter((r) => r.kind === 'organize');
      this.knownRuns = new Set(runs.map((r) => r.id));
    } catch (e) {
      this.say(describe(e, `The journal of "${this.library.name}" could not be read`));
    }
  }

  /** Scan the library and make a plan. */
  rescan(): Promise<void> {
    return this.one(() => this.scanAndPlan());
  }

  private async scanAndPlan(): Promise<void> {
    const db = await this.host.database();
    // The runs known before the scan: one that appears later was made elsewhere, and this plan predates it.
    await this.refreshRuns();
    const pool = new TagReaderPool();
    this.abort = new AbortController();
    this.show('scanning');
    this.say(null);
    this.plan = null;
    this.currentLayout = null;
    const scan = ++this.scans;
    this.scanProgress = null;
    // The follow of the last run stops after its current transaction; the scan uses (and writes
    // where it reads) the moves it had left, and gives the rest back for after the plan is shown.
    this.savingTags = true;
    const moved = await this.follow.takeOver();
    this.savingTags = false;
    const progress = throttled<ScanProgress>((p) => (this.scanProgress = { ...p }), 100);
    try {
      this.scan = await scanLibrary(this.root, { library: this.library.id, db, pool, signal: this.abort.signal, moved, onProgress: (p) => progress.push(p), ...(this.scan ? { playlists: this.scan.playlists } : {}) });
      progress.flush();
      pool.terminate();
      if (this.scan.cacheLost) this.say(`The saved tags of "${this.library.name}" could not be read (${this.scan.cacheLost}), so every file was read again.`);
      this.planning = true;
      this.choices = await loadChoices(db, this.library.id).catch((e: unknown) => {
        this.say(describe(e, `Your earlier choices for "${this.library.name}" could not be read, so the plan is made without them`));
        return [];
      });
      this.planner ??= new Planner();
      this.vocabulary ??= await this.planner.vocabulary();
      await this.planner.setSource(this.scan);
      if (this.host.plugins) this.vocabulary = await this.host.plugins.prepare(this.planner, this.settings.rules, (this.pluginsSaw = this.choices));
      await this.replan();
      this.show('review');
      // Found after the plan is shown, in the planner worker, so the plan never waits for it.
      this.layoutFound = this.findLayout(scan);
    } catch (e) {
      this.show('choose');
      this.say(isAbort(e) ? 'Scan cancelled. Nothing was changed.' : describe(e, 'The scan stopped'));
    } finally {
      pool.terminate();
      this.planning = false;
      this.abort = null;
      void this.follow.giveBack(moved);
    }
  }

  /** The shared plugins changed (installed, switched, reordered, removed): the plan is made again with them. */
  async pluginsChanged(): Promise<void> {
    if (!this.scan || !this.planner || !this.host.plugins || this.working) return;
    try {
      this.vocabulary = await this.host.plugins.prepare(this.planner, this.settings.rules, (this.pluginsSaw = this.choices));
    } catch (e) {
      this.say(describe(e, 'The plugins could not be used'));
    }
    await this.replan();
  }

  /** The choices the code plugins' inputs were gathered with: an edit since may give a field a new input. */
  private pluginsSaw: ReviewChoice[] | undefined;

  /** Re-plan from the scan with the current settings (live while the user edits the template). */
  async replan(): Promise<void> {
    if (!this.scan || !this.planner || !this.rulesParse()) return;
    const settings = $state.snapshot(this.settings);
    const choices = this.choices;
    try {
      // Edited tags may be new inputs: only those reach a sandbox (the others are kept answers).
      if (this.host.plugins && choices !== this.pluginsSaw) this.vocabulary = await this.host.plugins.prepare(this.planner, settings.rules, (this.pluginsSaw = choices));
      // A template function of a code plugin called with new arguments is asked about those first.
      const vocabulary = await this.host.plugins?.refreshFunctions(this.planner, settings.rules);
      if (vocabulary) this.vocabulary = vocabulary;
      const made = await this.planner.plan(settings, choices);
      // Sandboxed plugins' outputs are asked once the moves are known, before the plan is shown.
      const plan = made && this.host.plugins ? await this.host.plugins.outputs(this.planner, made) : made;
      if (plan && !this.closed) {
        this.plan = plan;
        this.plannedFor = { settings: JSON.stringify(settings), choices };
      }
    } catch (e) {
      this.say(describe(e, 'The plan could not be made'));
    }
  }

  /**
   * The layout the library already has, for the scan numbered `scan`; it appears among the
   * presets. Offering it is a convenience: when it cannot be worked out, the review goes on and
   * says so.
   */
  private async findLayout(scan: number): Promise<CurrentLayout | null> {
    const planner = this.planner;
    if (!planner) return null;
    const { untagged, untaggedFolder } = this.settings;
    try {
      const found = (await planner.currentLayout({ untagged, untaggedFolder })) ?? null;
      if (this.closed || scan !== this.scans) return null;
      this.currentLayout = found;
      return found;
    } catch (e) {
      if (!this.closed && scan === this.scans) this.say(describe(e, 'Your current layout could not be worked out'));
      return null;
    }
  }

  /**
   * "Organize like magic" (issue 13, point 9): the library's own layout becomes the path rules (when
   * it shows one), the high-confidence suggestions are accepted (as choices the user can revert one
   * by one), and duplicates are set aside as every plan does. As always, nothing moves before
   * Apply: the plan on screen shows all of it. Resolves to what was done, or null when the session
   * is busy or gone.
   */
  async organizeLikeMagic(): Promise<MagicOutcome | null> {
    const layout = await this.layoutFound;
    if (this.closed || this.busy) return null;
    if (layout) {
      this.settings.rules = layout.rules;
      void this.saveSettings();
      await this.replan();
    }
    const found = (await this.suggestions()) ?? [];
    const sure = found.filter((s) => s.confidence === 'high' && s.fix.length > 0);
    if (sure.length > 0 && !(await this.acceptSuggestions(sure))) return null;
    const setAside = this.plan?.duplicates.reduce((n, g) => n + g.copies.length - 1, 0) ?? 0;
    return { layout: layout ? layoutPercent(layout) : null, accepted: sure.length, left: found.length - sure.length, setAside };
  }

  /** Parsed here, not in the worker, so the error shows under the editor at once. */
  private rulesParse(): boolean {
    if (!this.vocabulary) return false;
    const parsed = parsePathRules(this.settings.rules, { functions: new Set(this.vocabulary.functions) });
    this.rulesError = parsed.ok ? null : parsed.error;
    this.rulesWarnings = parsed.ok ? parsed.warnings : [];
    if (parsed.ok) this.parsedRules = parsed.rules;
    return parsed.ok;
  }

  /** What happens to untagged files and to system clutter; the preview follows at once. */
  setOption<K extends 'untagged' | 'junk'>(key: K, value: PlanSettings[K]): void {
    this.settings[key] = value;
    void this.saveSettings();
    void this.replan();
    // Untagged files left where they are already match any layout: the share changes.
    if (key === 'untagged' && this.plan) this.layoutFound = this.findLayout(this.scans);
  }

  /**
   * Switches an output (e.g. "playlists") on with these options, or off (undefined); remembered for
   * this library, and the plan shows at once what will be written.
   */
  setOutput(name: string, options: unknown): void {
    const outputs = { ...$state.snapshot(this.settings.outputs ?? {}) } as Record<string, unknown>;
    if (options === undefined) delete outputs[name];
    else outputs[name] = options;
    this.settings.outputs = outputs;
    void this.saveSettings();
    void this.replan();
  }

  /** Whether the user's own playlists are rewritten to follow the files a run moves. */
  setUpdatePlaylists(on: boolean): void {
    this.settings.updatePlaylists = on;
    void this.saveSettings();
    void this.replan();
  }

  /** The user edits the path rules: the preview follows as they type; broken rules block Apply. */
  setRules(text: string): void {
    this.settings.rules = text;
    void this.saveSettings();
    void this.replan();
  }

  cancel(): void {
    this.abort?.abort(new DOMException('Cancelled by the user', 'AbortError'));
  }

  /**
   * "Keep this copy instead": `copy` stays in its release and the group's other copies are set
   * aside. Remembered for this library (it replaces an earlier choice in the same group), and
   * found again after a rescan or a run moved the files (docs/decisions/0010-duplicate-choices.md).
   */
  async keepCopy(group: DuplicateGroup, copy: DuplicateCopy): Promise<boolean> {
    if (this.busy || this.closed) return false;
    const { size, lastModified, hash, path } = copy;
    const choice: ReviewChoice = { kind: 'keep-copy', madeAt: Date.now(), copy: { size, lastModified, path, ...(hash !== undefined ? { hash } : {}) } };
    const replaced = this.choices.filter((c) => c.kind === 'keep-copy' && group.copies.some((other) => namesFile(c.copy, other)));
    try {
      await saveChoice(await this.host.database(), this.library.id, choice, replaced);
    } catch (e) {
      this.say(describe(e, 'Your choice could not be saved, so the plan is unchanged'));
      return false;
    }
    if (this.closed) return false;
    this.choices = [...this.choices.filter((c) => !replaced.includes(c)), choice];
    await this.replan();
    return true;
  }

  /**
   * Leaves a file out of the plan: it stays where it is. `path` is where the scan found it; the
   * choice names it by size and lastModified (docs/decisions/0016-release-overrides.md).
   */
  excludeFile(path: string): Promise<boolean> {
    const scan = this.scan;
    const file = scan && [scan.recordings, scan.others, scan.unreadable, scan.junk].flatMap((list) => list.filter((f) => f.path === path))[0];
    if (!file) return this.refuse(`"${path}" is not in the library as it was scanned. Scan again, then exclude it.`);
    return this.remember([{ kind: 'exclude-file', madeAt: Date.now(), file: identityOf(file) }], [], 'Excluding that file');
  }

  /** Leaves a folder out of the plan, files added to it later included. */
  excludeFolder(folder: string): Promise<boolean> {
    const path = folder.trim().replace(/^\/+|\/+$/g, '');
    const scan = this.scan;
    const key = pathKey(path);
    const known = scan !== null && path !== '' && [scan.recordings, scan.others, scan.unreadable, scan.junk].some((list) => list.some((f) => foldersAbove(pathKey(f.path)).includes(key)));
    if (!known) return this.refuse(path === '' ? 'Type or choose the folder to exclude.' : `No file of the library is in a folder "${path}". Nothing was changed.`);
    return this.remember([{ kind: 'exclude-folder', madeAt: Date.now(), folder: path }], [], 'Excluding that folder');
  }

  /** Leaves a release (its tracks and album companions) out of the plan. */
  async excludeRelease(release: ReleaseSummary): Promise<boolean> {
    const identity = await this.identify(release);
    return identity !== null && this.remember([{ kind: 'exclude-release', madeAt: Date.now(), release: identity }], [], 'Excluding that release');
  }

  /**
   * Plans a release with other values. A second edit of the same release (same tracks) joins the
   * first, keeping its place in the order choices are replayed.
   */
  async editRelease(release: ReleaseSummary, set: ReleaseEdit): Promise<boolean> {
    const identity = await this.identify(release);
    if (!identity) return false;
    const fresh: ReviewChoice = { kind: 'edit-release', madeAt: Date.now(), release: identity, set };
    const earlier = this.choices.find((c) => choiceKey(c) === choiceKey(fresh));
    const choice = earlier?.kind === 'edit-release' ? { ...fresh, madeAt: earlier.madeAt, set: { ...earlier.set, ...set } } : fresh;
    return this.remember([choice], [], 'Your edit');
  }

  /** Plans `others` as part of `into`, which keeps its values. */
  async mergeReleases(into: ReleaseSummary, others: ReleaseSummary[]): Promise<boolean> {
    const identities: ReleaseIdentity[] = [];
    for (const r of [into, ...others]) {
      const identity = await this.identify(r);
      if (!identity) return false;
      identities.push(identity);
    }
    return this.remember([{ kind: 'merge-releases', madeAt: Date.now(), releases: identities }], [], 'The merge');
  }

  /** Plans some tracks of a release (by path, as `releaseMembers` gave them) as releases of their own. */
  async splitRelease(release: ReleaseSummary, parts: { album: string; paths: string[] }[]): Promise<boolean> {
    const members = await this.membersOf(release);
    if (!members) return false;
    const byPath = new Map(members.map((m) => [m.path, identityOf(m)]));
    const named = parts.map((p) => ({ album: p.album.trim(), files: p.paths.flatMap((path) => byPath.get(path) ?? []) })).filter((p) => p.files.length > 0);
    if (named.length === 0 || named.some((p) => p.album === '')) return this.refuse('Choose the tracks to split off and name the new release.');
    if (named.reduce((n, p) => n + p.files.length, 0) >= members.length) return this.refuse('At least one track must stay in the release: choose fewer tracks to split off.');
    const identity: ReleaseIdentity = { files: members.map((m) => identityOf(m)), title: releaseTitle(release) };
    return this.remember([{ kind: 'split-release', madeAt: Date.now(), release: identity, parts: named }], [], 'The split');
  }

  /** The tracks of a release of the plan on screen (for the split dialog), or null when the plan changed meanwhile. */
  async membersOf(release: ReleaseSummary): Promise<ReleaseMember[] | null> {
    if (!this.plan || !this.planner) return null;
    try {
      return await this.planner.releaseMembers(this.plan.id, release.id);
    } catch (e) {
      this.say((e as Error).name === 'StalePlanError' ? 'The plan changed meanwhile. Look at the release again, then choose.' : describe(e, 'The release could not be read'));
      return null;
    }
  }

  /** The suggestions for the plan on screen, or null when that plan was replaced meanwhile. */
  async suggestions(): Promise<Suggestion[] | null> {
    const plan = this.plan;
    if (!plan || !this.planner) return null;
    try {
      return await this.planner.suggestions(plan.id);
    } catch (e) {
      if ((e as Error).name === 'StalePlanError') return null;
      throw e;
    }
  }

  /** The enrichers' lookup (created with the first plan when plugins are there), following the plan on screen. */
  proposalLookup = $state.raw<ProposalLookup | null>(null);

  /** Looks the releases of the plan on screen up with the switched-on enrichers (what is known shows at once). */
  followProposals(): void {
    const plan = this.plan;
    if (!plan || !this.planner || !this.host.plugins || this.closed) return;
    this.proposalLookup ??= new ProposalLookup(this.host.plugins, this.planner);
    void this.proposalLookup.follow(plan.id);
  }

  /**
   * Accepts enrichers' proposals: their changes become the library's choices (release edits and
   * tag edits, as the review step makes them), joined to an edit already made of the same release.
   */
  async acceptProposals(accepted: readonly Proposal[], taken?: ReadonlyMap<string, ReadonlySet<string>>): Promise<boolean> {
    const madeAt = Date.now();
    const add = new Map<string, ReviewChoice>();
    // A proposal taken in part stores its own choices with only the fields taken, and dismisses the rest (src/core/proposal-fields.ts).
    const choices = accepted.flatMap((p) => (taken?.has(p.id) ? acceptedChoices(p, taken.get(p.id)!, madeAt) : p.choices));
    for (const choice of choices) {
      const key = choiceKey(choice);
      const earlier = add.get(key) ?? this.choices.find((c) => choiceKey(c) === key);
      add.set(key, earlier && earlier.kind === choice.kind && 'set' in earlier && 'set' in choice ? ({ ...choice, set: { ...earlier.set, ...choice.set }, madeAt: earlier.madeAt } as ReviewChoice) : { ...choice, madeAt });
    }
    const saved = await this.remember([...add.values()], [], 'Accepting the proposal');
    if (saved) this.proposalLookup?.forget(accepted.map((p) => p.id));
    return saved;
  }

  /** Rejects enrichers' proposals for this library: they are not shown again (restored like dismissed suggestions). */
  async rejectProposals(rejected: readonly Proposal[]): Promise<boolean> {
    const madeAt = Date.now();
    const saved = await this.remember(rejected.map((p) => rejection(p, madeAt)), [], 'Rejecting the proposal');
    if (saved) this.proposalLookup?.forget(rejected.map((p) => p.id));
    return saved;
  }

  /** Accepts suggestions: their fixes become the library's choices, and the plan follows them. */
  acceptSuggestions(accepted: readonly Suggestion[]): Promise<boolean> {
    const madeAt = Date.now();
    return this.remember(accepted.flatMap((s) => s.fix.map((c) => ({ ...c, madeAt }))), [], 'Accepting the suggestion');
  }

  /** Dismisses suggestions for this library: they are not shown again until restored. */
  dismissSuggestions(dismissed: readonly Suggestion[]): Promise<boolean> {
    const madeAt = Date.now();
    return this.remember(dismissed.map((s) => ({ kind: 'dismiss-suggestion' as const, suggestion: s.id, title: s.title, madeAt })), [], 'Dismissing the suggestion');
  }

  /** Revert an edit, merge or split, or Include what was excluded: the choices under these keys are forgotten. */
  revert(keys: readonly string[]): Promise<boolean> {
    return this.remember([], keys, 'Undoing that change');
  }

  /** Every choice made for this library, as a JSON file's text. */
  exportChoices(now = new Date()): string {
    return choicesJson(this.choices, this.library.name, now);
  }

  /** Adds the choices of an exported file; a file that fails any check changes nothing. Resolves to what to tell the user. */
  async importChoices(content: string): Promise<{ ok: boolean; message: string }> {
    const read = readChoicesFile(content);
    if (!read.ok) return { ok: false, message: read.message };
    if (!(await this.remember(read.choices, [], 'The import'))) return { ok: false, message: 'The choices could not be imported. Nothing was changed.' };
    const n = read.choices.length;
    return { ok: true, message: `Imported ${n === 1 ? '1 choice' : `${n} choices`}. The plan now follows ${n === 1 ? 'it' : 'them'}.` };
  }

  private async identify(release: ReleaseSummary): Promise<ReleaseIdentity | null> {
    const members = await this.membersOf(release);
    return members && { files: members.map((m) => identityOf(m)), title: releaseTitle(release) };
  }

  /** Stores `add` and forgets `forget` (one transaction), then plans again with them. */
  private async remember(add: ReviewChoice[], forget: readonly string[], what: string): Promise<boolean> {
    if (this.busy || this.closed) return false;
    try {
      await updateChoices(await this.host.database(), this.library.id, add, forget);
    } catch (e) {
      this.say(describe(e, `${what} could not be saved, so the plan is unchanged`));
      return false;
    }
    if (this.closed) return false;
    const replaced = new Set([...forget, ...add.map(choiceKey)]);
    this.choices = [...this.choices.filter((c) => !replaced.has(choiceKey(c))), ...add];
    this.say(null);
    await this.replan();
    return true;
  }

  private refuse(message: string): Promise<boolean> {
    this.say(message);
    return Promise.resolve(false);
  }

  /** Copy mode: choose the folder the organized library is written into. */
  async chooseDestination(): Promise<void> {
    this.say(null);
    const root = this.writableRoot();
    if (!root) return;
    try {
      const handle = await pickLibraryFolder();
      if (!handle || this.closed) return;
      if ((await root.isSameEntry(handle)) || (await root.resolve(handle)) !== null) {
        this.say(`Choose a folder outside "${root.name}": copying a library into itself would copy the copies.`);
        return;
      }
      if ((await handle.resolve(root)) !== null) {
        this.say(`"${handle.name}" contains your library. Choose a separate folder for the organized copy.`);
        return;
      }
      if (!(await ensureWriteAccess(handle))) {
        this.say(`Music Organizer needs permission to write into "${handle.name}".`);
        return;
      }
      this.destination = { name: handle.name, handle };
    } catch (e) {
      this.say(describe(e, 'The destination folder could not be opened'));
    }
  }

  apply(): Promise<void> {
    return this.one(() => this.applyPlan());
  }

  private async applyPlan(): Promise<void> {
    if (!this.plan || !this.scan) return;
    if (this.plan.operations.length === 0) return;
    const { plan, scan } = this;
    // Checked here too, not only by the disabled button: a click can land before the page re-renders an edit.
    const blocked = this.planBlocked;
    if (blocked) {
      this.say(blocked);
      return;
    }
    this.say(null);
    const root = this.writableRoot();
    if (!root) return;
    if (!(await ensureWriteAccess(root))) {
      this.say(`Permission to change "${root.name}" was not granted, so nothing was changed.`);
      return;
    }
    const destination = this.destination;
    if (this.mode === 'copy') {
      if (!destination) {
        this.say('Choose the folder to copy the organized library into first.');
        return;
      }
      if (!(await ensureWriteAccess(destination.handle))) {
        this.say(`Permission to write into "${destination.name}" was not granted, so nothing was copied.`);
        return;
      }
    }
    await this.locked(async (db) => {
      // The settings may have changed while permission was asked.
      if (this.plan !== plan || this.planBlocked) {
        this.say('The settings changed while you clicked Apply, so nothing was changed. Look over the new plan, then apply.');
        return;
      }
      if (await this.changedElsewhere(db)) {
        this.say(`"${this.library.name}" was changed in another tab or window since this plan was made, so nothing was changed here. Scan again to see it as it is now.`);
        return;
      }
      if (this.mode === 'copy' && destination) {
        const files = new Map([...scan.recordings, ...scan.others].map((f) => [f.path, f]));
        const steps = copySteps(plan, files, this.deleteOriginals);
        await this.execute((ctx) =>
          startRun(ctx, { library: this.library.id, libraryName: root.name, template: this.settings.rules, steps, destination }),
        );
        return;
      }
      let planned: PlannedSteps;
      try {
        planned = await this.planner!.steps(plan.id);
      } catch (e) {
        this.say((e as Error).name === 'StalePlanError'
          ? 'The plan changed while you clicked Apply. Look it over again, then apply.'
          : describe(e, 'The moves could not be scheduled'));
        return;
      }
      const { steps, refused } = planned;
      if (refused.length > 0) {
        this.say(`${refused.length} moves would land on files that are staying (first: ${refused[0]!.to}). Scan again before applying.`);
        return;
      }
      await this.execute((ctx) =>
        startRun(ctx, { library: this.library.id, libraryName: root.name, template: this.settings.rules, steps }),
      );
    });
  }

  undo(runId: string): Promise<void> {
    return this.one(async () => {
      if (!(await this.destinationAccess(runId))) return;
      await this.locked(async (db) => {
        if (await this.runIs(db, runId, ['done'], 'This run was already undone in another tab or window.')) await this.execute((ctx) => undoRun(ctx, runId));
      });
    });
  }

  resume(runId: string): Promise<void> {
    return this.one(async () => {
      if (!(await this.destinationAccess(runId))) return;
      await this.locked(async (db) => {
        if (await this.runIs(db, runId, ['running', 'paused'], finishedElsewhere)) await this.execute((ctx) => resumeRun(ctx, runId));
      });
    });
  }

  rollBack(runId: string): Promise<void> {
    return this.one(async () => {
      if (!(await this.destinationAccess(runId))) return;
      await this.locked(async (db) => {
        if (await this.runIs(db, runId, ['running', 'paused'], finishedElsewhere)) await this.execute((ctx) => rollBackRun(ctx, runId));
      });
    });
  }

  /** "Wait for the other run": once the other tab's run ends, this page shows the library as the journal left it. */
  async waitForOtherRun(): Promise<void> {
    if (this.waiting) return;
    this.waiting = true;
    try {
      await waitForLibrary(this.library.id);
    } finally {
      this.waiting = false;
    }
    if (this.closed) return;
    this.elsewhere = false;
    this.say(null);
    await this.refreshRuns();
    if (this.unfinished.length > 0) this.show('recover');
    else await this.rescan();
  }

  /** A copy run also needs its destination folder again (asked inside the click's user gesture). */
  private async destinationAccess(runId: string): Promise<boolean> {
    const run = await loadRun(await this.host.database(), runId);
    if (!run?.destination || (await ensureWriteAccess(run.destination.handle).catch(() => false))) return true;
    this.say(`Music Organizer needs permission to "${run.destination.name}" again to finish this. Nothing was changed.`);
    return false;
  }

  private async execute(work: (ctx: Parameters<typeof startRun>[0]) => Promise<{ run: JournalRun; summary: RunSummary }>): Promise<void> {
    const root = this.writableRoot();
    if (!root) return;
    if (!(await ensureWriteAccess(root))) {
      this.say(`Permission to change "${root.name}" was not granted, so nothing was changed.`);
      return;
    }
    const db = await this.host.database();
    this.abort = new AbortController();
    this.show('applying');
    this.applyProgress = null;
    this.stoppedHere = false;
    let notStarted = false;
    this.say(null);
    const progress = throttled<ApplyProgress>((p) => (this.applyProgress = { ...p }), 100);
    try {
      // The handles are this library's own, from this session's scan (none when it opened straight into recovery).
      const result = await work({ root, db, signal: this.abort.signal, handles: this.scan?.handles, onProgress: (p) => progress.push(p) });
      progress.flush();
      // Cached tags follow the moved files (apply, undo, resume alike), so the next scan reads nothing again.
      // Where the files went is what the journal says happened (rescued files included).
      if (result.run.steps.some((s) => s.kind === 'move')) {
        void this.follow.add(db, movedFiles(db, result.run));
      }
      // What the run was (organize, undo, roll back; copy or move) comes from its journal record.
      this.outcome = result;
      this.show('finished');
    } catch (e) {
      progress.flush();
      this.outcome = null;
      // A paused run's reason is in its notice, beside the buttons that finish or roll it back:
      // one message, not a banner repeating it.
      if (!(e instanceof RunPausedError)) this.say(e instanceof RunNotStartedError ? e.message : describe(e, 'The run stopped'));
      this.stoppedHere = e instanceof RunPausedError;
      notStarted = e instanceof RunNotStartedError;
    } finally {
      this.abort = null;
      await this.refreshRuns();
    }
    // A run that never started changed nothing: the plan on screen still holds.
    if (this.outcome === null) this.show(this.unfinished.length > 0 ? 'recover' : notStarted && this.plan ? 'review' : 'finished');
  }

  /** The finished run on screen as a report: where each file went (net of temporary names) and what was left. */
  async runReport(): Promise<RunReport | null> {
    const outcome = this.outcome;
    if (!outcome) return null;
    const { run, summary } = outcome;
    const moved = run.steps.some((s) => s.kind === 'move') ? await movedFiles(await this.host.database(), run) : [];
    return { library: run.libraryName, kind: run.kind, startedAt: run.startedAt, ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}), moved, skipped: summary.skipped };
  }

  /** A release of the plan on screen, with its files and why they were grouped (null when the plan has moved on). */
  async releaseDetail(release: string): Promise<ReleaseDetail | null> {
    if (!this.plan || !this.planner) return null;
    try {
      return (await this.planner.releaseDetail(this.plan.id, release)) ?? null;
    } catch (e) {
      if ((e as Error).name === 'StalePlanError') return null;
      throw e;
    }
  }

  /** The journal steps of the plan on screen, scheduled as Apply runs them: what an exported script does. */
  async planSteps(): Promise<PlannedSteps | null> {
    return this.plan && this.planner ? this.planner.steps(this.plan.id) : null;
  }

  /**
   * The statistics of the library on screen and the filter facets of the plan on screen, or null
   * when that plan has been replaced meanwhile (the page asks again for the new one).
   */
  async overview(): Promise<PlanOverview | null> {
    const plan = this.plan;
    if (!plan || !this.planner) return null;
    try {
      return await this.planner.overview(plan.id);
    } catch (e) {
      if ((e as Error).name === 'StalePlanError') return null;
      throw e;
    }
  }

  /** After a run: scan again so the preview shows the library as it is now. */
  review(): Promise<void> {
    if (this.busy) return Promise.resolve();
    this.outcome = null;
    return this.rescan();
  }

  /**
   * Runs `work` as this page's one piece of work. Busy is set before `work` reaches its first
   * await, so the second click of a double click finds it set and does nothing.
   */
  private one(work: () => Promise<void>): Promise<void> {
    if (this.busy || this.closed) return Promise.resolve();
    this.working = true;
    const running = work()
      .catch((e: unknown) => this.say(describe(e, 'That could not be done')))
      .finally(() => (this.working = false));
    this.current = running.catch(() => {});
    return running;
  }

  /** Runs `work` holding the library's lock; when another tab or window holds it, nothing runs and the page offers to wait. */
  private async locked(work: (db: OrganizerDb) => Promise<void>): Promise<void> {
    const db = await this.host.database();
    const outcome = await withLibraryLock(this.library.id, () => work(db));
    if (!outcome.ran && !this.closed) this.elsewhere = true;
  }

  /** Whether a run this page has not seen was made on the library (in another tab or window). */
  private async changedElsewhere(db: OrganizerDb): Promise<boolean> {
    return (await runsOf(db, this.library.id)).some((r) => !this.knownRuns.has(r.id));
  }

  /** Whether the journal still has the run in one of these states; if not, says why and shows the journal as it is. */
  private async runIs(db: OrganizerDb, runId: string, statuses: RunStatus[], otherwise: string): Promise<boolean> {
    const run = await db.get('runs', runId);
    if (run && statuses.includes(run.status)) return true;
    this.say(run ? otherwise : 'That run is not in the journal any more.');
    await this.refreshRuns();
    return false;
  }

  /** The folder to change; none for a read-only one, and the page says why. */
  private writableRoot(): FileSystemDirectoryHandle | null {
    if (this.root.kind !== 'read-only') return this.root;
    this.say(readOnlyReason);
    return null;
  }

  private show(stage: Stage): void {
    if (!this.closed) this.host.stage = stage;
  }

  private say(message: string | null): void {
    if (!this.closed) this.host.error = message;
  }
}

export const readOnlyReason =
  'This browser can read your music but not change it: Apply, Undo and copying need Chrome or Edge. To organize this folder, download the plan as a script and run it on your computer.';

const finishedElsewhere = 'This run was already finished or rolled back in another tab or window.';
