// The UI phase of the bench: "the UI stays smooth at 50,000 files". The page-level bench measures
// the app's modules; this drives the REAL app (index.html) on the same OPFS library, by role and
// accessible name as a person would, because smoothness is a property of the whole page: Svelte
// rendering the progress panel and the plan, the search filter over every move, the virtual list.
//
// In the page, an init script records long tasks (PerformanceObserver 'longtask') and every
// requestAnimationFrame gap, so each phase reports its longest main-thread task and longest frame:
//   scan    click "Choose music folder" → "Here is the plan" (the app's own cold scan: a new
//           library id means no cached reads), split at the "Planning the new layout" title;
//           a MutationObserver counts how often the progress bar's text changed (live progress),
//           and ui_read_ms can be set beside the bench's cold_ms (progress must not slow the work).
//   search  each query typed into "Search files": from the input event (capture listener, before
//           the app's handler) to the end of the next rendered frame (rAF, then a message posted
//           from it, which runs after that frame's style/layout/paint); rows in the list DOM prove
//           the list is virtualized. A DOM change after that frame (a debounced search) is
//           reported as late_ms rather than hidden.
//   scroll  the "Planned moves" list to the bottom and back in 60 + 60 frames, then real wheel
//           input; longest frame gap, and the most rows rendered at once.
//   apply   click "Apply" (confirming if asked) → the result heading, as a user waits for it; split
//           where the progress panel appears (steps scheduled), its total is known (journaled, the
//           moves begin) and its title becomes "Removing emptied folders". With choose → plan, this
//           is the end-to-end time (e2e_ms). After it the library is organized (the bench deletes it).
//   again   "Scan again" from the result → "Here is the plan": the wait for the saved tags to
//           follow the moved files, then a warm scan and the plan.
// Times are in-page performance.now() milliseconds.

import { culprits, startProfile } from './profile.mjs';
import { startTrace, taskTimes } from './trace.mjs';

/** @typedef {import('playwright-core').BrowserContext} BrowserContext */
/** @typedef {import('playwright-core').Page} Page */
/** @typedef {{ t0: number, t1: number, value: string, rows: number, matched: number }} InputRecord */

const round = (/** @type {number} */ n) => Math.round(n * 10) / 10;

/**
 * Runs in the page before the app's scripts: the picker returns the OPFS library, and the
 * instruments start recording.
 * @param {{ folder: string }} arg
 */
function instrument({ folder }) {
  /** @type {any} */
  const w = window;
  w.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle(folder);

  const ui = {
    /** @type {{ start: number, duration: number }[]} */ longTasks: [],
    /** frame end times and gaps, flat: [t, gap, t, gap, …] */ frames: /** @type {number[]} */ ([]),
    /** The button click that started the part being watched. */
    clickAt: 0,
    /** When the progress title became "Planning the new layout". */
    planningAt: 0,
    /** When one of the headings in `until` appeared, and which. */
    endedAt: 0,
    endedWith: '',
    /** @type {string[]} */ until: [],
    /** @type {(headings: string[]) => void} */ arm: () => {},
    /** @type {{ t: number, label: string, text: string }[]} */ progress: [],
    progressDetails: '',
    /** @type {InputRecord[]} */ inputs: [],
    /** @type {(InputRecord & { lastMutation: number }) | null} */ pending: null,
    /** @type {Element | null} */ searchEl: null,
  };
  w.__ui = ui;

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) ui.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No longtask support: the longest task stays 0.
  }

  let last = 0;
  const tick = (/** @type {number} */ t) => {
    if (last) ui.frames.push(t, t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);

  // The first click on a button is the "Choose music folder" click the scan is timed from.
  window.addEventListener('click', (e) => {
    if (!ui.clickAt && e.target instanceof Element && e.target.closest('button')) ui.clickAt = performance.now();
  }, true);

  // The progress bar's every change and the first heading that ends a part of the job (the plan,
  // a run's result), watched only while such a part runs: re-armed by ui.arm() for each.
  const watch = () => {
    if (!ui.until.length) return;
    const bar = document.querySelector('[role=progressbar]');
    if (bar) {
      const label = bar.getAttribute('aria-label') ?? '';
      const text = bar.getAttribute('aria-valuetext') ?? '';
      const prev = ui.progress.at(-1);
      if (!prev || prev.text !== text || prev.label !== label) ui.progress.push({ t: performance.now(), label, text });
      if (!ui.planningAt && /planning/i.test(label)) ui.planningAt = performance.now();
      const details = bar.closest('section')?.querySelector('ul');
      if (details) ui.progressDetails = details.textContent ?? '';
    }
    for (const h of document.querySelectorAll('h1, h2')) {
      const text = h.textContent?.trim() ?? '';
      if (ui.until.includes(text)) {
        ui.endedAt = performance.now();
        ui.endedWith = text;
        ui.until = [];
        observer.disconnect();
        return;
      }
    }
  };
  const observer = new MutationObserver(watch);
  const observe = () => observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-valuetext', 'aria-label'] });
  /** Starts watching for one part of the job: the next button click starts it, one of `headings` ends it. */
  ui.arm = (/** @type {string[]} */ headings) => {
    Object.assign(ui, { until: headings, clickAt: 0, planningAt: 0, endedAt: 0, endedWith: '', progress: [], progressDetails: '' });
    if (document.body) observe();
  };
  ui.arm(['Here is the plan']);
  document.addEventListener('DOMContentLoaded', observe);

  // Search: from the input event to the end of the next rendered frame.
  window.addEventListener('input', (e) => {
    if (!ui.searchEl || e.target !== ui.searchEl) return;
    const record = { t0: performance.now(), t1: 0, value: /** @type {HTMLInputElement} */ (e.target).value, rows: 0, matched: 0, lastMutation: 0 };
    // DOM changes in the search panel are charged to the latest input (see late_ms).
    ui.pending = record;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        record.t1 = performance.now();
        const list = document.querySelector('[role=list][aria-label="Planned moves"]');
        const rows = list ? list.querySelectorAll('[role=listitem]') : [];
        record.rows = rows.length;
        record.matched = rows.length > 0 ? Number(rows[0]?.getAttribute('aria-setsize') ?? rows.length) : 0;
        ui.inputs.push(record);
      };
      channel.port2.postMessage(0);
    });
  }, true);
}

/**
 * Longest task and frame gap between two in-page times (long-task entries need a moment to arrive).
 * @param {Page} page
 * @param {number} from
 * @param {number} to
 */
async function windowStats(page, from, to) {
  await page.waitForTimeout(250);
  return page.evaluate(({ from, to }) => {
    /** @type {any} */
    const ui = /** @type {any} */ (window).__ui;
    let longestTask = 0;
    let tasks = 0;
    for (const t of ui.longTasks) {
      if (t.start + t.duration < from || t.start > to) continue;
      tasks++;
      longestTask = Math.max(longestTask, t.duration);
    }
    let longestFrame = 0;
    let frames = 0;
    let over50 = 0;
    for (let i = 0; i < ui.frames.length; i += 2) {
      const t = ui.frames[i];
      const gap = ui.frames[i + 1];
      // A frame belongs to the window if any of its gap lies inside it.
      if (t < from || t - gap > to) continue;
      frames++;
      if (gap > 50) over50++;
      longestFrame = Math.max(longestFrame, gap);
    }
    return { longestTask, tasks, longestFrame, frames, over50 };
  }, { from, to });
}

/**
 * The longest tasks and frame gaps over 50 ms, each with its phase and when in it: where to look.
 * @param {Page} page
 * @param {{ name: string, from: number, to: number }[]} phases
 */
async function worstMoments(page, phases) {
  return page.evaluate((phases) => {
    const ui = /** @type {any} */ (window).__ui;
    const at = (/** @type {number} */ t) => phases.find((p) => t >= p.from && t <= p.to);
    /** @param {{ start: number, ms: number }[]} xs */
    const top = (xs) => xs
      .map((x) => ({ x, phase: at(x.start) }))
      .filter((y) => y.phase)
      .sort((a, b) => b.x.ms - a.x.ms)
      .map(({ x, phase }) => ({ phase: phase?.name, atMs: Math.round(x.start - (phase?.from ?? 0)), ms: Math.round(x.ms), start: Math.round(x.start) }));
    /** @type {{ start: number, ms: number }[]} */
    const gaps = [];
    for (let i = 0; i < ui.frames.length; i += 2) if (ui.frames[i + 1] > 50) gaps.push({ start: ui.frames[i] - ui.frames[i + 1], ms: ui.frames[i + 1] });
    const tasks = ui.longTasks.map((/** @type {{ start: number, duration: number }} */ t) => ({ start: t.start, ms: t.duration }));
    return { tasks: top(tasks).slice(0, 8), frames: top(gaps).slice(0, 8), all: top(tasks) };
  }, phases);
}

/**
 * One part of the job as a user waits for it: arms the watcher, clicks, accepts a confirmation if
 * the app asks for one (a browser dialog, or a dialog with a confirming button), and waits for one
 * of `headings` (or an alert). Returns its in-page times and the progress bar's changes.
 * @param {Page} page
 * @param {string[]} headings
 * @param {() => Promise<void>} click
 * @param {number} timeout
 */
async function partUntil(page, headings, click, timeout) {
  await page.evaluate((h) => /** @type {any} */ (window).__ui.arm(h), headings);
  /** @param {import('playwright-core').Dialog} d */
  const accept = (d) => void d.accept();
  page.on('dialog', accept);
  try {
    await click();
    const ended = headings.map((name) => page.getByRole('heading', { name, exact: true })).reduce((a, b) => a.or(b));
    const alert = page.getByRole('alert');
    const dialog = page.getByRole('dialog').or(page.getByRole('alertdialog'));
    let confirmed = false;
    for (;;) {
      await ended.or(alert).or(dialog).first().waitFor({ timeout });
      if (!confirmed && (await dialog.count()) > 0) {
        await dialog.first().getByRole('button', { name: /apply|confirm|continue|yes|move/i }).first().click();
        confirmed = true;
        continue;
      }
      break;
    }
    await page.waitForFunction(() => /** @type {any} */ (window).__ui.endedAt > 0 || document.querySelector('[role=alert]'), null, { timeout });
    await page.waitForTimeout(300); // the frame that shows it, and long-task entries
    const alertText = (await alert.count()) > 0 ? await alert.first().textContent() : null;
    const marks = await page.evaluate(() => {
      const ui = /** @type {any} */ (window).__ui;
      const result = document.querySelector('#result-title')?.closest('section')?.querySelector('p')?.textContent?.trim() ?? '';
      return { clickAt: ui.clickAt, planningAt: ui.planningAt, endedAt: ui.endedAt, endedWith: ui.endedWith, progress: ui.progress, details: ui.progressDetails, result };
    });
    return { ...marks, alert: alertText?.trim() ?? null };
  } finally {
    page.off('dialog', accept);
  }
}

/**
 * The longest stretch the progress text stood still while reading, with the texts on both sides.
 * @param {{ t: number, label: string, text: string }[]} reading
 */
function longestGap(reading) {
  let best = null;
  for (let i = 1; i < reading.length; i++) {
    const ms = reading[i].t - reading[i - 1].t;
    if (!best || ms > best.ms) best = { ms: round(ms), before: `${reading[i - 1].label}: ${reading[i - 1].text}`, after: `${reading[i].label}: ${reading[i].text}` };
  }
  return best;
}

/**
 * Drives the app on an OPFS library already built in this context and measures how smooth it stays.
 * @param {BrowserContext} context the context that built the library (OPFS is per context)
 * @param {string} base the dev server's URL, ending in '/'
 * @param {string} folder the library's OPFS folder name
 * @param {{ files: number, log?: (msg: string) => void, profile?: boolean, trace?: boolean }} opts
 * @returns {Promise<Record<string, unknown>>}
 */
export async function measureUi(context, base, folder, opts) {
  const log = opts.log ?? ((/** @type {string} */ m) => console.log(`[ui] ${m}`));
  const page = await context.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.addInitScript(instrument, { folder });
    await page.goto(base);
    const choose = page.getByRole('button', { name: 'Choose music folder' });
    await choose.waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500); // let the app's init() and the dev server's module loading settle
    const profiler = opts.profile ? await startProfile(page) : null;

    // ---- Scan + plan, the app's own cold scan with its progress panel. ----
    log(`choosing ${folder} (${opts.files} files) …`);
    // With --trace, the scan and the plan page's first seconds are traced: see trace.mjs.
    const tracer = opts.trace ? await startTrace(page) : null;
    await choose.click();
    const timeout = Math.max(120_000, opts.files * 10);
    const planHeading = page.getByRole('heading', { name: 'Here is the plan' });
    const alert = page.getByRole('alert');
    await planHeading.or(alert).first().waitFor({ timeout });
    if (await alert.isVisible()) throw new Error(`the app reported: ${await alert.textContent()}`);
    await page.waitForTimeout(300); // the frame that shows the plan, and long-task entries
    const scanMarks = await page.evaluate(() => {
      /** @type {any} */
      const ui = /** @type {any} */ (window).__ui;
      return { clickAt: ui.clickAt, planningAt: ui.planningAt, planAt: ui.endedAt, progress: ui.progress, details: ui.progressDetails, now: performance.now() };
    });
    const { clickAt, planAt } = scanMarks;
    const planningAt = scanMarks.planningAt || planAt;
    const scanStats = await windowStats(page, clickAt, scanMarks.now);
    const readStats = await windowStats(page, clickAt, planningAt);
    const planStats = await windowStats(page, planningAt, scanMarks.now);
    /** @type {{ t: number, label: string, text: string }[]} */
    const reading = scanMarks.progress.filter((/** @type {{ t: number }} */ p) => p.t < planningAt);
    const gaps = reading.slice(1).map((p, i) => p.t - (reading[i]?.t ?? p.t)).sort((a, b) => a - b);
    const fromCache = Number(/([\d,]+) unchanged/.exec(scanMarks.details)?.[1]?.replace(/,/g, '') ?? NaN);
    /** @type {Record<string, any>} */
    const out = {
      ui_scan_ms: round(planAt - clickAt),
      ui_read_ms: round(planningAt - clickAt),
      ui_plan_ms: round(planAt - planningAt),
      ui_first_progress_ms: reading.length ? round((reading[0]?.t ?? clickAt) - clickAt) : null,
      ui_scan_from_cache: fromCache,
      ui_longest_task_ms: round(scanStats.longestTask),
      ui_long_tasks: scanStats.tasks,
      ui_longest_frame_ms: round(scanStats.longestFrame),
      ui_frames_over_50ms: scanStats.over50,
      ui_read_longest_task_ms: round(readStats.longestTask),
      ui_read_longest_frame_ms: round(readStats.longestFrame),
      ui_plan_longest_task_ms: round(planStats.longestTask),
      ui_plan_longest_frame_ms: round(planStats.longestFrame),
      ui_progress_updates: reading.length,
      ui_progress_median_interval_ms: gaps.length ? round(gaps[Math.floor(gaps.length / 2)] ?? 0) : null,
      ui_progress_longest_interval_ms: gaps.length ? round(gaps.at(-1) ?? 0) : null,
      ui_progress_last: reading.at(-1)?.text ?? null,
      // Where the progress text stood still longest: the text shown before the gap, and after it.
      ui_progress_longest_gap: longestGap(reading),
    };
    log(`plan shown after ${out.ui_scan_ms} ms (read ${out.ui_read_ms}, plan ${out.ui_plan_ms}); ${out.ui_progress_updates} progress updates; longest task ${out.ui_longest_task_ms} ms, frame ${out.ui_longest_frame_ms} ms`);
    if (tracer) {
      // Until the plan page has its suggestions, statistics and filters (they come from the planner
      // worker after the plan is shown): the plan window above ends 300 ms after the heading.
      await page.waitForTimeout(4000);
      const traceEnd = await page.evaluate(() => performance.now());
      const { tasks, trace } = taskTimes(await tracer.stop(), planningAt, traceEnd, 'ui-plan');
      const longest = Math.max(0, ...tasks.map((t) => t.ms));
      const busiest = Math.max(0, ...tasks.map((t) => t.cpu_ms));
      Object.assign(out, { ui_plan_trace_longest_ms: longest, ui_plan_trace_longest_cpu_ms: busiest, ui_plan_trace_tasks: tasks.map((t) => ({ ...t, atMs: Math.round(t.start - planningAt) })), ui_plan_trace: trace });
      log(`trace of the plan and its first 4 s: ${tasks.length} tasks over 25 ms or 8 ms of thread time; longest ${longest} ms, most thread time in one task ${busiest} ms (${trace})`);
    }

    // ---- Search: each query, then typing one key at a time, then clearing. ----
    await page.getByRole('tab', { name: /Moves/ }).click();
    const box = page.getByRole('searchbox', { name: 'Search files' });
    const list = page.getByRole('list', { name: 'Planned moves' });
    await box.evaluate((el) => {
      /** @type {any} */ (window).__ui.searchEl = el;
    });
    const panel = page.getByRole('tabpanel');
    await panel.evaluate((el) => {
      const ui = /** @type {any} */ (window).__ui;
      new MutationObserver(() => {
        if (ui.pending) ui.pending.lastMutation = performance.now();
      }).observe(el, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const movesTotal = Number((await list.getByRole('listitem').first().getAttribute('aria-setsize')) ?? 0);
    const rowsAtRest = await list.getByRole('listitem').count();
    // An album-artist folder from the first planned move: matches that artist's files.
    const firstTo = (await list.getByRole('listitem').first().textContent()) ?? '';
    const artist = /moves to\s*([^/]+)\//.exec(firstTo)?.[1]?.trim() ?? 'night';
    await page.waitForTimeout(300);

    /** @param {() => Promise<void>} act @param {number} count */
    const measured = async (act, count) => {
      const before = await page.evaluate(() => /** @type {any} */ (window).__ui.inputs.length);
      await act();
      await page.waitForFunction((n) => /** @type {any} */ (window).__ui.inputs.length >= n, before + count, { timeout: 30_000 });
      await page.waitForTimeout(400); // room for a debounced update to show up as late_ms
      return page.evaluate((from) => {
        const ui = /** @type {any} */ (window).__ui;
        return ui.inputs.slice(from).map((/** @type {InputRecord & { lastMutation: number }} */ r) => ({
          ...r,
          late_ms: r.lastMutation > r.t1 ? r.lastMutation - r.t0 : null,
        }));
      }, before);
    };

    const now = () => page.evaluate(() => performance.now());
    const searchFrom = await now();
    /** @type {{ query: string, ms: number, rows: number, matched: number, late_ms: number | null }[]} */
    const searches = [];
    for (const query of ['a', 'winter', artist, 'zzqx no such file', '']) {
      const [r] = await measured(() => box.fill(query), 1);
      searches.push({ query, ms: round(r.t1 - r.t0), rows: r.rows, matched: r.matched, late_ms: r.late_ms === null ? null : round(r.late_ms) });
    }
    // Typing key by key, at a brisk typist's pace: every keystroke filters every move.
    const typed = 'night';
    const keys = await measured(() => box.pressSequentially(typed, { delay: 120 }), typed.length);
    const typing = keys.map((/** @type {any} */ r) => ({ query: r.value, ms: round(r.t1 - r.t0), rows: r.rows, matched: r.matched, late_ms: r.late_ms === null ? null : round(r.late_ms) }));
    const [cleared] = await measured(() => box.fill(''), 1);
    typing.push({ query: '', ms: round(cleared.t1 - cleared.t0), rows: cleared.rows, matched: cleared.matched, late_ms: cleared.late_ms === null ? null : round(cleared.late_ms) });
    const searchTo = await now();
    const searchStats = await windowStats(page, searchFrom, searchTo);
    const all = [...searches, ...typing];
    Object.assign(out, {
      ui_moves_total: movesTotal,
      ui_rows_rendered: rowsAtRest,
      ui_search_ms_max: Math.max(...all.map((s) => s.ms)),
      ui_search_late_ms_max: all.some((s) => s.late_ms !== null) ? Math.max(...all.map((s) => s.late_ms ?? 0)) : null,
      ui_search_rows_max: Math.max(...all.map((s) => s.rows)),
      ui_search_longest_task_ms: round(searchStats.longestTask),
      ui_search_ms: searches,
      ui_typing_ms: typing,
    });
    log(`search: ${searches.map((s) => `"${s.query}" ${s.ms} ms (${s.matched} match, ${s.rows} rows)`).join(', ')}; typing ${typing.map((/** @type {{ ms: number }} */ s) => s.ms).join('/')} ms`);

    // ---- Scroll: to the bottom and back over 2 × 60 frames, then real wheel input. ----
    const scroll = await list.evaluate(async (el) => {
      const ui = /** @type {any} */ (window).__ui;
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      const max = el.scrollHeight - el.clientHeight;
      const from = performance.now();
      let maxRows = 0;
      let sawLast = false;
      const steps = 60;
      for (let i = 1; i <= 2 * steps; i++) {
        el.scrollTop = Math.round(max * (i <= steps ? i / steps : (2 * steps - i) / steps));
        await frame();
        const rows = el.querySelectorAll('[role=listitem]');
        maxRows = Math.max(maxRows, rows.length);
        const lastRow = rows[rows.length - 1];
        if (lastRow && lastRow.getAttribute('aria-posinset') === lastRow.getAttribute('aria-setsize')) sawLast = true;
      }
      await frame();
      void ui;
      return { from, to: performance.now(), maxRows, sawLast };
    });
    const scrollStats = await windowStats(page, scroll.from, scroll.to);
    const box2 = await list.boundingBox();
    let wheelStats = { longestFrame: 0, longestTask: 0 };
    let wheelFrom = 0;
    let wheelTo = 0;
    if (box2) {
      await page.mouse.move(box2.x + box2.width / 2, box2.y + box2.height / 2);
      wheelFrom = await now();
      for (let i = 0; i < 30; i++) {
        await page.mouse.wheel(0, 600);
        await page.waitForTimeout(16);
      }
      await page.waitForTimeout(200);
      wheelTo = await now();
      wheelStats = await windowStats(page, wheelFrom, wheelTo);
    }
    const scrolledRows = await list.getByRole('listitem').count();
    Object.assign(out, {
      ui_scroll_ms: round(scroll.to - scroll.from),
      ui_scroll_longest_frame_ms: round(scrollStats.longestFrame),
      ui_scroll_longest_task_ms: round(scrollStats.longestTask),
      ui_scroll_rows_max: Math.max(scroll.maxRows, scrolledRows),
      ui_scroll_reached_end: scroll.sawLast,
      ui_wheel_longest_frame_ms: round(wheelStats.longestFrame),
      ui_wheel_longest_task_ms: round(wheelStats.longestTask),
      ui_page_errors: errors,
    });
    // ---- Apply, as a user does once the plan is looked over: click, confirm if asked, wait for the result. ----
    const applied = await partUntil(page, ['Done', 'The run stopped'], () => page.getByRole('button', { name: 'Apply', exact: true }).click(), timeout);
    if (applied.endedWith !== 'Done') throw new Error(`the apply did not finish: "${applied.endedWith}"${applied.alert ? ` (${applied.alert})` : ''}`);
    const at = (/** @type {(p: { label: string, text: string }) => boolean} */ test) => applied.progress.find(test)?.t;
    // The progress panel appears once the steps are scheduled (in the planner's worker); its total
    // becomes known when the run is journaled and the first move starts; then the emptied folders go.
    const panelAt = at((p) => /moving files/i.test(p.label)) ?? applied.endedAt;
    const journaledAt = at((p) => /moving files/i.test(p.label) && !/ of 0 files/.test(p.text)) ?? panelAt;
    const tidyingAt = at((p) => /removing emptied folders/i.test(p.label)) ?? applied.endedAt;
    const applyStats = await windowStats(page, applied.clickAt, applied.endedAt);
    Object.assign(out, {
      ui_apply_ms: round(applied.endedAt - applied.clickAt),
      ui_apply_schedule_ms: round(panelAt - applied.clickAt),
      ui_apply_journal_ms: round(journaledAt - panelAt),
      ui_apply_moves_ms: round(tidyingAt - journaledAt),
      ui_apply_tidy_ms: round(applied.endedAt - tidyingAt),
      ui_apply_result: applied.result,
      ui_apply_longest_task_ms: round(applyStats.longestTask),
      ui_apply_longest_frame_ms: round(applyStats.longestFrame),
    });
    // End to end, as a user waits: choose → plan shown, then Apply → result shown (the time spent
    // looking the plan over, here searching and scrolling, is the user's, not the app's).
    const e2e = out.ui_scan_ms + out.ui_apply_ms;
    Object.assign(out, {
      e2e_ms: round(e2e),
      e2e_files_per_s: Math.round((opts.files / e2e) * 1000),
      e2e_parts_ms: { read: out.ui_read_ms, plan: out.ui_plan_ms, schedule: out.ui_apply_schedule_ms, journal: out.ui_apply_journal_ms, moves: out.ui_apply_moves_ms, tidy: out.ui_apply_tidy_ms },
    });
    log(`apply: result after ${out.ui_apply_ms} ms (steps scheduled ${out.ui_apply_schedule_ms}, journaled ${out.ui_apply_journal_ms}, moves ${out.ui_apply_moves_ms}, emptied folders and result ${out.ui_apply_tidy_ms}): "${applied.result}"; longest task ${out.ui_apply_longest_task_ms} ms`);
    log(`end to end: ${out.e2e_ms} ms, ${out.e2e_files_per_s} files/s`);

    // ---- Scan again from the result: takes over the saved tags still following the moved files, then a warm scan. ----
    const rescan = await partUntil(page, ['Here is the plan'], () => page.getByRole('button', { name: 'Scan again' }).click(), timeout);
    if (rescan.endedWith !== 'Here is the plan') throw new Error(`the scan after the apply did not finish${rescan.alert ? `: ${rescan.alert}` : ''}`);
    const readingAt = rescan.progress.find((p) => /reading/i.test(p.label))?.t ?? rescan.planningAt;
    const rescanStats = await windowStats(page, rescan.clickAt, rescan.endedAt);
    Object.assign(out, {
      ui_rescan_ms: round(rescan.endedAt - rescan.clickAt),
      ui_rescan_cache_wait_ms: round(readingAt - rescan.clickAt),
      ui_rescan_read_ms: round((rescan.planningAt || rescan.endedAt) - readingAt),
      ui_rescan_plan_ms: round(rescan.endedAt - (rescan.planningAt || rescan.endedAt)),
      ui_rescan_from_cache: Number(/([\d,]+) unchanged/.exec(rescan.details)?.[1]?.replace(/,/g, '') ?? NaN),
      ui_rescan_longest_task_ms: round(rescanStats.longestTask),
      ui_rescan_longest_frame_ms: round(rescanStats.longestFrame),
    });
    log(`scan again: plan shown after ${out.ui_rescan_ms} ms (waiting for the saved tags ${out.ui_rescan_cache_wait_ms}, read ${out.ui_rescan_read_ms}, plan ${out.ui_rescan_plan_ms}); ${out.ui_rescan_from_cache} unchanged; longest task ${out.ui_rescan_longest_task_ms} ms`);

    const worst = await worstMoments(page, [
      { name: 'read', from: clickAt, to: planningAt },
      { name: 'plan', from: planningAt, to: scanMarks.now },
      { name: 'search', from: searchFrom, to: searchTo },
      { name: 'scroll', from: scroll.from, to: scroll.to },
      { name: 'wheel', from: wheelFrom, to: wheelTo },
      { name: 'apply', from: applied.clickAt, to: applied.endedAt },
      { name: 'scan again', from: rescan.clickAt, to: rescan.endedAt },
    ]);
    Object.assign(out, { ui_top_long_tasks: worst.tasks, ui_top_frame_gaps: worst.frames });
    if (profiler) out.ui_long_task_culprits = culprits(await profiler.stop(), worst.all, 'ui');
    log(`scroll: ${out.ui_scroll_ms} ms, longest frame ${out.ui_scroll_longest_frame_ms} ms, at most ${out.ui_scroll_rows_max} rows rendered of ${movesTotal}, reached the end: ${scroll.sawLast}; wheel longest frame ${out.ui_wheel_longest_frame_ms} ms`);
    return out;
  } finally {
    await page.close();
  }
}
