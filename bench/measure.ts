// The instruments: phases with their times, the main thread's JS heap sampled every 100 ms, and
// long tasks (PerformanceObserver 'longtask') attributed to the phase they happened in.

interface Phase {
  name: string;
  start: number;
  end: number;
  peakHeap: number;
}

interface MemoryInfo {
  usedJSHeapSize: number;
}

export function heapNow(): number {
  return (performance as unknown as { memory?: MemoryInfo }).memory?.usedJSHeapSize ?? 0;
}

/** The browser's CPU ms so far by thread group, from bench/cpu.mjs through run.mjs's page.exposeFunction. */
type CpuSnapshot = Record<string, number>;
// A snapshot that fails (no /proc, a process gone mid-read) leaves the span out, never the bench.
const cpuNow = async (): Promise<CpuSnapshot | undefined> => (globalThis as { benchCpu?: () => Promise<CpuSnapshot> }).benchCpu?.().catch(() => undefined);

/** A measured stretch (a phase, or a floor at its best concurrency) with the CPU snapshots around it. */
export interface CpuSpan {
  name: string;
  ms: number;
  /** The move() floor moves every file out and back: two passes, each comparable with one apply. */
  passes: number;
  before: CpuSnapshot;
  after: CpuSnapshot;
}

export class Instruments {
  readonly phases: Phase[] = [];
  /** Filled only where the bench runs with CPU snapshots (run.mjs on Linux). */
  readonly cpu: CpuSpan[] = [];
  private longTasks: { start: number; duration: number }[] = [];
  private observer: PerformanceObserver | undefined;
  private sampler: ReturnType<typeof setInterval> | undefined;
  private current: Phase | undefined;
  private heapPeak = 0;

  start(): void {
    try {
      this.observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) this.longTasks.push({ start: e.startTime, duration: e.duration });
      });
      this.observer.observe({ type: 'longtask', buffered: true });
    } catch {
      // No longtask support: longest_task_ms stays 0 and the report says so.
    }
  }

  /** Heap sampling covers only the app's phases, not the library generation or the checks. */
  sampleHeap(on: boolean): void {
    if (!on) {
      clearInterval(this.sampler);
      this.sampler = undefined;
      return;
    }
    this.sampler ??= setInterval(() => this.sample(), 100);
  }

  private sample(): void {
    const used = heapNow();
    if (used > this.heapPeak) this.heapPeak = used;
    if (this.current && used > this.current.peakHeap) this.current.peakHeap = used;
  }

  async phase<T>(name: string, work: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
    const before = await cpuNow();
    // A fresh task per phase, so each long task is charged to the phase that caused it.
    await new Promise((r) => setTimeout(r, 0));
    const phase: Phase = { name, start: performance.now(), end: 0, peakHeap: 0 };
    this.current = phase;
    this.sample();
    const value = await work();
    phase.end = performance.now();
    this.sample();
    this.current = undefined;
    this.phases.push(phase);
    const after = await cpuNow();
    if (before && after) this.cpu.push({ name, ms: phase.end - phase.start, passes: 1, before, after });
    return { value, ms: phase.end - phase.start };
  }

  /** A floor's run with the browser's CPU around it (no heap or long-task bookkeeping: floors are not the app). */
  async floor<T extends { ms: number }>(name: string, work: () => Promise<T>, passes = 1, msOf: (v: T) => number = (v) => v.ms): Promise<T> {
    const before = await cpuNow();
    const value = await work();
    const after = await cpuNow();
    if (before && after) this.cpu.push({ name, ms: msOf(value), passes, before, after });
    return value;
  }

  get peakHeapBytes(): number {
    return this.heapPeak;
  }

  /** The longest main-thread task that started inside one of the named phases. */
  async longestTask(names: readonly string[]): Promise<{ ms: number; phase: string | null; count: number }> {
    // Long-task entries arrive asynchronously; give the observer a moment to deliver them.
    await new Promise((r) => setTimeout(r, 200));
    let best = { ms: 0, phase: null as string | null, count: 0 };
    for (const t of this.longTasks) {
      const phase = this.phases.find((p) => names.includes(p.name) && t.start >= p.start && t.start < p.end);
      if (!phase) continue;
      best.count++;
      if (t.duration > best.ms) best = { ...best, ms: t.duration, phase: phase.name };
    }
    return best;
  }

  longTasksByPhase(): Record<string, { count: number; maxMs: number }> {
    const out: Record<string, { count: number; maxMs: number }> = {};
    for (const t of this.longTasks) {
      const phase = this.phases.find((p) => t.start >= p.start && t.start < p.end);
      if (!phase) continue;
      const row = (out[phase.name] ??= { count: 0, maxMs: 0 });
      row.count++;
      row.maxMs = Math.max(row.maxMs, t.duration);
    }
    return out;
  }

  /** The longest tasks, with their phase and when in it they started (and in the page: `start`): where to look first. */
  topLongTasks(n = Infinity): { phase: string; atMs: number; ms: number; start: number }[] {
    return this.longTasks
      .map((t) => ({ t, phase: this.phases.find((p) => t.start >= p.start && t.start < p.end) }))
      .filter((x) => x.phase)
      .sort((a, b) => b.t.duration - a.t.duration)
      .slice(0, n)
      .map(({ t, phase }) => ({ phase: phase!.name, atMs: Math.round(t.start - phase!.start), ms: Math.round(t.duration), start: Math.round(t.start) }));
  }

  stop(): void {
    this.sampleHeap(false);
    this.observer?.disconnect();
  }
}
