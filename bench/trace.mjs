// `--trace`: how much of each long task was the page's own work. On a shared machine the main
// thread often waits for a core in the middle of a task, and the long-task observer counts that
// wait: a task of 100 ms may hold 20 ms of work. A Chromium trace records both the wall time of
// each task (`dur`) and the time its thread ran (`tdur`), and what ran in it (script, style,
// layout, garbage collection).

import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {{ name: string, ph: string, ts: number, dur?: number, tdur?: number, pid: number, tid: number, args?: any }} TraceEvent */

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.stack', 'blink.user_timing', 'v8'];

/**
 * Starts tracing the page's renderer.
 * @param {Page} page
 * @returns {Promise<{ stop(): Promise<{ events: TraceEvent[], zero: number }> }>} `zero`: the trace's time (µs) of page time 0
 */
export async function startTrace(page) {
  const cdp = await page.context().newCDPSession(page);
  /** @type {TraceEvent[]} */
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => {
    for (const x of e.value) events.push(/** @type {TraceEvent} */ (x));
  });
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: CATEGORIES, excludedCategories: ['*'] } });
  // A user-timing mark is in the trace on its clock and in the page at its page time: it maps one onto the other.
  const markAt = /** @type {number} */ (await page.evaluate(() => performance.mark('__traceMark').startTime));
  return {
    async stop() {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach().catch(() => {});
      const mark = events.find((e) => e.name === '__traceMark');
      if (!mark) throw new Error('the trace has no __traceMark: cannot map it onto page times');
      return { events, zero: mark.ts - markAt * 1000 };
    },
  };
}

/**
 * The main thread's tasks between two page times that ran long (wall `ms` ≥ `minMs`) or worked
 * long (`cpu_ms` ≥ `minCpuMs`), in order, each with what its thread time went to. The whole trace
 * is saved in the system's temporary folder (`trace`: its path), to open in Chromium's DevTools.
 * @param {{ events: TraceEvent[], zero: number }} recorded
 * @param {number} from page time
 * @param {number} to page time
 * @param {string} name
 */
export function taskTimes({ events, zero }, from, to, name, minMs = 25, minCpuMs = 8) {
  const saved = join(tmpdir(), `music-organizer-${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.trace.json`);
  writeFileSync(saved, JSON.stringify({ traceEvents: events }));
  const mark = events.find((e) => e.name === '__traceMark');
  const main = events.filter((e) => e.pid === mark?.pid && e.tid === mark?.tid && e.ph === 'X');
  const parts = /^(HandlePostMessage|TimerFire|FireAnimationFrame|FireIdleCallback|EventDispatch|UpdateLayoutTree|Layout|Paint|MajorGC|MinorGC)$/;
  const round = (/** @type {number} */ us) => Math.round(us / 100) / 10;
  const tasks = main
    .filter((e) => e.name === 'RunTask' && e.ts >= zero + from * 1000 && e.ts <= zero + to * 1000)
    .filter((e) => (e.dur ?? 0) >= minMs * 1000 || (e.tdur ?? 0) >= minCpuMs * 1000)
    .map((task) => {
      const end = task.ts + (task.dur ?? 0);
      /** @type {Record<string, number>} */
      const cpu = {};
      for (const e of main) if (parts.test(e.name) && e.ts >= task.ts && e.ts < end) cpu[e.name] = (cpu[e.name] ?? 0) + (e.tdur ?? 0);
      return {
        start: round(task.ts - zero),
        ms: round(task.dur ?? 0),
        cpu_ms: round(task.tdur ?? 0),
        cpu_by: Object.fromEntries(Object.entries(cpu).filter(([, us]) => us >= 500).map(([k, us]) => [k, round(us)])),
      };
    });
  return { tasks, trace: saved };
}
