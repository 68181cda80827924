// `--profile`: what the page's main thread was running during its longest tasks. The long-task
// observer says when and how long, not what; a CPU profile of the page (CDP Profiler, sampling)
// says what. Each long task gets the functions that ran most in its time span, by self time and,
// for the project's own code, inclusive time (the caller to look at).

import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }[], startTime: number, samples: number[], timeDeltas: number[] }} CpuProfile */

/**
 * Starts sampling the page's main thread.
 * @param {Page} page
 * @returns {Promise<{ stop(): Promise<{ profile: CpuProfile, pageAt: number }> }>} `pageAt`: the page time of the marker
 */
export async function startProfile(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  // A marker the profile can see: a function of that name, busy for 20 ms from a page time it returns.
  // Its first sample maps page times onto the profile's clock (within one sampling interval).
  const { result } = await cdp.send('Runtime.evaluate', {
    expression: '(function __profileMark() { const t0 = performance.now(); while (performance.now() - t0 < 20); return t0; })()',
    returnByValue: true,
  });
  const pageAt = /** @type {number} */ (result.value);
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach().catch(() => {});
      return { profile: /** @type {CpuProfile} */ (profile), pageAt };
    },
  };
}

/**
 * The tasks (page time `start`, duration `ms`) in which the main thread ran longest (sampled CPU
 * time, not wall time: a busy machine stretches tasks it does not run), each with the functions
 * sampled most within it. The whole profile is saved in the system's temporary folder
 * (`profile`: its path), to open in Chromium's DevTools (Performance panel).
 * @param {{ profile: CpuProfile, pageAt: number }} recorded
 * @param {{ start: number, ms: number }[]} tasks
 * @param {string} name
 * @param {number} [top]
 */
export function culprits({ profile, pageAt }, tasks, name, top = 6) {
  const saved = join(tmpdir(), `music-organizer-${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
  writeFileSync(saved, JSON.stringify(profile));
  // Beside it, what maps its clock onto page times and every long task, to look again at any of them.
  writeFileSync(saved.replace(/\.cpuprofile$/, '.tasks.json'), JSON.stringify({ pageAt, tasks }));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const times = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d));
  const mark = profile.samples.findIndex((id) => byId.get(id)?.callFrame.functionName === '__profileMark');
  // Profile time (µs) of page time 0.
  const zero = (mark >= 0 ? times[mark] : profile.startTime) - pageAt * 1000;
  const nameOf = (/** @type {number} */ id) => {
    const f = byId.get(id)?.callFrame;
    if (!f) return '?';
    const file = f.url.replace(/^.*?\/(src|bench|node_modules\/\.vite\/deps)\//, '$1/').replace(/\?.*$/, '');
    return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
  };
  const own = (/** @type {number} */ id) => /\/(src|bench)\//.test(byId.get(id)?.callFrame.url ?? '');
  // A sample stands for the time until the next one, at most two intervals: a longer gap is time
  // the thread did not run (idle, or waiting for a core), not time spent in that function.
  const weight = times.map((at, i) => Math.min((times[i + 1] ?? at) - at, 1000) / 1000);
  const best = (/** @type {Map<string, number>} */ m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, ms]) => ({ fn, ms: Math.round(ms) }));
  return tasks.map((task) => {
    const from = zero + task.start * 1000;
    const to = from + task.ms * 1000;
    /** @type {Map<string, number>} */ const self = new Map();
    /** @type {Map<string, number>} */ const inclusive = new Map();
    let sampled = 0;
    for (let i = 0; i < times.length; i++) {
      if (times[i] < from || times[i] >= to) continue;
      const leaf = profile.samples[i];
      const w = byId.get(leaf)?.callFrame.functionName === '(idle)' ? 0 : weight[i];
      sampled += w;
      self.set(nameOf(leaf), (self.get(nameOf(leaf)) ?? 0) + w);
      const seen = new Set();
      for (let id = leaf; id !== undefined; id = parent.get(id)) {
        if (!own(id)) continue;
        const key = nameOf(id);
        if (seen.has(key)) continue;
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + w);
      }
    }
    return { ...task, sampled_ms: Math.round(sampled), self: best(self), own_code: best(inclusive) };
  }).sort((a, b) => b.sampled_ms - a.sampled_ms).slice(0, 8).map((c) => ({ ...c, profile: saved }));
}
