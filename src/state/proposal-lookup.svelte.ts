// The enrichers' lookup for an open library (issue 14, point 12). MusicBrainz allows one request a
// second, so a 2,000-release library takes the better part of an hour: each release's proposals
// are shown as its answer arrives, with how far the lookup is and how long it still takes, and the
// user can pause it. The lookup lives as long as the library is open and follows the plan on
// screen: a new plan (after an accepted proposal, an edit, a rescan) shows the proposals of the
// answers already known at once and asks only about the rest. Answers fetched before are kept by
// the host (IndexedDB), so after a reload the lookup runs through them without the network and
// goes on where it stopped.
import type { EnrichAnswer, EnricherAnswers, EnricherInput, Proposal } from '../core/enrichment.ts';
import { lookupProgress, type LookupProgress, type LookupSample } from '../core/lookup-progress.ts';
import type { Planner } from '../planner/client.ts';
import type { StoredPlugin } from '../db/plugin-records.ts';
import type { PluginShelf } from './plugin-shelf.svelte.ts';

/** One enricher of one plugin version, with the releases it is asked about for the plan. */
interface Job {
  plugin: StoredPlugin;
  name: string;
  /** Its answers are kept under this: the same bytes and hosts answer the same. */
  key: string;
  items: { key: string; input: EnricherInput }[];
}

/** Releases per question to the sandbox: one while the network sets the pace, more while answers come from what was kept. */
const MAX_BATCH = 8;
/** Below this per release, answers come from what was kept: ask more at a time. */
const FAST_MS = 100;
/** The page is told of new proposals and progress at most this often: a burst of kept answers is one update, not hundreds. */
const SHOW_EVERY_MS = 400;
/** Answers per question to the planner for proposals: each reply is cloned onto the page, so it stays small. */
const PROPOSALS_PER_CALL = 200;

export type LookupStatus = 'idle' | 'looking' | 'paused' | 'done';

const isStale = (e: unknown) => (e as Error)?.name === 'StalePlanError';

export class ProposalLookup {
  /** The open proposals of the plan on screen, in the order the releases were looked up. Raw: they go into IndexedDB as choices. */
  proposals = $state.raw<Proposal[]>([]);
  /** What kept enrichers from answering (offline, switched off), each once, in plain words. */
  problems = $state.raw<string[]>([]);
  /** The switched-on plugins with enrichers, in the order they run. */
  enrichers = $state.raw<string[]>([]);
  progress = $state.raw<LookupProgress | null>(null);
  status = $state<LookupStatus>('idle');
  /** Why the proposals could not be worked out at all. */
  failed = $state('');

  /** Answers known, per job key then input key (problems are not kept: they are asked again). */
  private readonly answers = new Map<string, Map<string, EnrichAnswer>>();
  private planId = -1;
  /** Lookups started: only the latest goes on. */
  private runs = 0;
  private running: Promise<void> = Promise.resolve();
  private paused = false;
  private resumed: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly shelf: PluginShelf,
    private readonly planner: Planner,
  ) {}

  /** Looks up the releases of plan `planId` (the one now on screen), after the lookup of the plan before has stopped. */
  follow(planId: number): Promise<void> {
    if (planId === this.planId) return this.running;
    return this.again(planId);
  }

  /** Looks up again what could not be asked (offline, unreachable) for the plan on screen. */
  retry(): Promise<void> {
    return this.again(this.planId);
  }

  private again(planId: number): Promise<void> {
    this.planId = planId;
    // A lookup waiting while paused wakes to see it is no longer the current one, and ends.
    const wake = this.resumed;
    this.resumed = null;
    wake?.();
    const run = ++this.runs;
    this.running = this.running.then(() => this.run(planId, run)).catch((e: unknown) => {
      if (!isStale(e) && this.current(run)) this.failed = `The proposed changes could not be worked out: ${(e as Error).message}`;
    });
    return this.running;
  }

  /** Asks nothing more until `resume` (the question under way is still answered). */
  pause(): void {
    if (this.status !== 'looking') return;
    this.paused = true;
    this.status = 'paused';
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.status = 'looking';
    this.resumed?.();
    this.resumed = null;
  }

  /** The library closed: nothing more is asked. */
  close(): void {
    this.closed = true;
    this.resume();
  }

  /** Proposals the user just accepted or rejected leave the list at once (the next plan would drop them too). */
  forget(ids: readonly string[]): void {
    const gone = new Set(ids);
    this.proposals = this.proposals.filter((p) => !gone.has(p.id));
  }

  /** Whether lookup number `run` is still the one to do (no newer plan, no retry, library open). */
  private current(run: number): boolean {
    return !this.closed && run === this.runs;
  }

  private async run(planId: number, run: number): Promise<void> {
    if (!this.current(run)) return;
    const plugins = this.shelf.enricherPlugins();
    this.enrichers = plugins.map((p) => p.manifest.name);
    if (plugins.length === 0) {
      this.proposals = [];
      this.problems = [];
      this.progress = null;
      this.status = 'idle';
      return;
    }
    const inputs = await this.planner.enricherInputs(planId, plugins.map((p) => p.manifest));
    const jobs: Job[] = plugins.flatMap((plugin) =>
      (plugin.manifest.contributes.enrichers ?? []).map((name) => ({
        plugin,
        name,
        key: `${plugin.sha256}\u0000${(plugin.manifest.hosts ?? []).map((h) => h.host).join(',')}\u0000${name}`,
        items: inputs[plugin.id] ?? [],
      })),
    );
    const total = jobs.reduce((n, j) => n + j.items.length, 0);
    const problems = new Set<string>();
    // The proposals of what is known already, at once.
    const known = jobs.map((j) => ({ job: j, items: j.items.filter((i) => this.answers.get(j.key)?.has(i.key)) }));
    const proposals: Proposal[] = [];
    for (const { job, items } of known) {
      for (let at = 0; at < items.length; at += PROPOSALS_PER_CALL) {
        const found = await this.planner.proposals(planId, [this.answersFor(job, items.slice(at, at + PROPOSALS_PER_CALL))]);
        if (!this.current(run)) return;
        proposals.push(...found.proposals);
        for (const p of found.problems) problems.add(p);
      }
    }
    let done = known.reduce((n, k) => n + k.items.length, 0);
    let failed = 0;
    const samples: LookupSample[] = [{ at: performance.now(), done }];
    this.proposals = proposals;
    this.problems = [...problems];
    this.failed = '';
    this.progress = lookupProgress(samples, total);
    this.status = this.paused ? 'paused' : done < total ? 'looking' : 'done';

    let fresh: { job: Job; table: Record<string, EnrichAnswer> }[] = [];
    let shownAt = performance.now();
    const show = async (): Promise<boolean> => {
      const batch = fresh;
      fresh = [];
      for (const { job, table } of batch) {
        const found = await this.planner.proposals(planId, [{ plugin: { id: job.plugin.id, name: job.plugin.manifest.name }, reads: job.plugin.manifest.reads, table }]);
        if (!this.current(run)) return false;
        // Never the same proposal twice (the list is keyed by id).
        const shown = new Set(this.proposals.map((p) => p.id));
        const added = found.proposals.filter((p) => !shown.has(p.id));
        if (added.length > 0) this.proposals = [...this.proposals, ...added];
        for (const p of found.problems) problems.add(p);
      }
      if (problems.size !== this.problems.length) this.problems = [...problems];
      this.progress = lookupProgress(samples, total, failed);
      shownAt = performance.now();
      return true;
    };

    for (const job of jobs) {
      const kept = this.answers.get(job.key) ?? new Map<string, EnrichAnswer>();
      this.answers.set(job.key, kept);
      const left = job.items.filter((i) => !kept.has(i.key));
      let size = 1;
      for (let at = 0; at < left.length; ) {
        if (this.paused) await new Promise<void>((resolve) => (this.resumed = resolve));
        if (!this.current(run)) return;
        const items = left.slice(at, at + size);
        at += items.length;
        const started = performance.now();
        let table: Record<string, EnrichAnswer>;
        try {
          table = await this.shelf.enrichSome(job.plugin, job.name, items);
        } catch (e) {
          // Switched off, with a message naming it: the other enrichers go on.
          problems.add((e as Error).message);
          failed += left.length - at + items.length;
          break;
        }
        const mine: Record<string, EnrichAnswer> = {};
        for (const i of items) {
          const answer = table[i.key] ?? null;
          mine[i.key] = answer;
          if (answer && 'problem' in answer) failed++;
          else {
            kept.set(i.key, answer);
            done++;
          }
        }
        fresh.push({ job, table: mine });
        samples.push({ at: performance.now(), done });
        const perRelease = (performance.now() - started) / items.length;
        size = perRelease < FAST_MS ? Math.min(MAX_BATCH, size * 2) : 1;
        if (performance.now() - shownAt >= SHOW_EVERY_MS && !(await show())) return;
      }
    }
    if (!(await show())) return;
    this.status = 'done';
  }

  private answersFor(job: Job, items: readonly { key: string }[]): EnricherAnswers {
    const kept = this.answers.get(job.key)!;
    return {
      plugin: { id: job.plugin.id, name: job.plugin.manifest.name },
      reads: job.plugin.manifest.reads,
      table: Object.fromEntries(items.map((i) => [i.key, kept.get(i.key) ?? null])),
    };
  }
}
