// The bench itself, run in the page: build the library in OPFS, measure the floors, then the
// app's own modules (scan, plan, apply, undo) on it, and hand the numbers back as JSON.
import { deleteDB } from 'idb';
import { scanLibrary, type LibraryScan, type ScanProgress } from '../src/scan/scan-library.ts';
import { TagReaderPool } from '../src/tags/pool.ts';
import { DB_NAME, openOrganizerDb, type OrganizerDb } from '../src/db/schema.ts';
import { defaultPlanSettings } from '../src/core/plan.ts';
import { Planner } from '../src/planner/client.ts';
import { netMoves } from '../src/core/net-moves.ts';
import { startRun, undoRun } from '../src/apply/runs.ts';
import { moveReads } from '../src/db/read-cache.ts';
import { Instruments, heapNow } from './measure.ts';
import { fastest, moveFloor, readFloor, sameCallsFloor, sameTree, snapshotTree, type MoveFloor, type ReadFloor } from './floors.ts';
import { checkScan } from './check-scan.ts';
import type { GenerateProgress, GenerateReply, GenerateRequest } from './generate-worker.ts';
import type { SampleReply, SampleRequest } from './naive-worker.ts';

export interface BenchOptions {
  files: number;
  seed: number;
  /** Fixture name → base64 bytes. */
  fixtures: Record<string, string>;
  /** Files per step of the read floors' concurrency sweep. */
  sweepFiles: number;
  concurrencies: number[];
  /** Moves in flight at each step of the move floor's sweep (every step moves every file). */
  moveConcurrencies: number[];
  /** Audio files in the naive-vs-app sample. */
  sample: number;
  keepLibrary: boolean;
  /** Only make the library (for `--ui-only`: the app's own phases are measured next). */
  generateOnly?: boolean;
}

const LIBRARY = 'bench';
const log = (...args: unknown[]) => console.log('[bench]', ...args);
const round = (n: number) => Math.round(n * 10) / 10;

function fromBase64(b64: string): ArrayBuffer {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes.buffer;
}

function inWorker<Req, Reply>(url: URL, request: Req, transfer: Transferable[] = []): Promise<Reply> {
  const worker = new Worker(url, { type: 'module' });
  return new Promise<Reply>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<{ ok: boolean; reply: Reply; error: string }>) => {
      worker.terminate();
      if (e.data.ok) resolve(e.data.reply);
      else reject(new Error(e.data.error));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(`worker failed: ${e.message}`));
    };
    worker.postMessage(request, transfer);
  }).finally(() => worker.terminate());
}

/**
 * Writes the library in a worker, and replaces the worker when it stalls. Chromium's OPFS
 * sometimes stops answering one worker for good while it writes tens of thousands of files
 * (seen at 25,000 and at 40,000–50,000 files; nothing else was running): the new worker carries
 * on from the last 100 files reported done, rewriting any file left half-written.
 */
export async function generateLibrary(request: GenerateRequest, stallMs = 20_000): Promise<GenerateReply> {
  const started = performance.now();
  const total: GenerateReply = { files: 0, bytes: 0, folders: 0, byKind: {}, byFormat: {}, ms: 0 };
  const add = (part: GenerateReply) => {
    total.files += part.files;
    total.bytes += part.bytes;
    for (const [k, n] of Object.entries(part.byKind)) total.byKind[k] = (total.byKind[k] ?? 0) + n;
    for (const [k, n] of Object.entries(part.byFormat)) total.byFormat[k] = (total.byFormat[k] ?? 0) + n;
  };
  let from = 0;
  /** Workers in a row that wrote nothing before they stalled. */
  let fruitless = 0;
  for (;;) {
    const worker = new Worker(new URL('./generate-worker.ts', import.meta.url), { type: 'module' });
    let partial: GenerateReply | undefined;
    let progress = from;
    const outcome = await new Promise<GenerateReply | 'stalled'>((resolve, reject) => {
      let timer = setTimeout(() => resolve('stalled'), from === 0 ? 300_000 : stallMs * 3);
      worker.onmessage = (e: MessageEvent<GenerateProgress | { ok: boolean; reply: GenerateReply; error: string }>) => {
        clearTimeout(timer);
        if ('progress' in e.data) {
          ({ progress, partial } = e.data);
          timer = setTimeout(() => resolve('stalled'), stallMs);
        } else if (e.data.ok) resolve(e.data.reply);
        else reject(new Error(e.data.error));
      };
      worker.onerror = (e) => reject(new Error(`worker failed: ${e.message}`));
      worker.postMessage({ ...request, from });
    }).finally(() => worker.terminate());
    if (outcome !== 'stalled') {
      add(outcome);
      return { ...total, folders: outcome.folders, ms: performance.now() - started };
    }
    fruitless = progress === from ? fruitless + 1 : 0;
    if (fruitless >= 3) throw new Error(`writing the library stalled at ${progress} files, three workers in a row`);
    if (partial) add(partial);
    log(`writing the library stalled at ${progress} files for ${stallMs / 1000} s; a new worker carries on from there`);
    from = progress;
  }
}

async function freshDb(db: OrganizerDb | undefined): Promise<OrganizerDb> {
  db?.close();
  await deleteDB(DB_NAME);
  return openOrganizerDb();
}

async function scanOnce(root: FileSystemDirectoryHandle, db: OrganizerDb, library = LIBRARY): Promise<LibraryScan> {
  // As the app does: a fresh pool per scan, terminated afterwards.
  const pool = new TagReaderPool();
  let last: ScanProgress | undefined;
  try {
    return await scanLibrary(root, { library, db, pool, onProgress: (p) => (last = p) });
  } finally {
    pool.terminate();
    void last;
  }
}

async function runBench(opts: BenchOptions): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { files: opts.files, seed: opts.seed, userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency };
  const folder = `bench-library-${opts.files}`;

  log(`generating ${opts.files} files in OPFS/${folder} …`);
  const fixtures = Object.fromEntries(Object.entries(opts.fixtures).map(([k, v]) => [k, fromBase64(v)]));
  const gen = await generateLibrary({ folder, files: opts.files, seed: opts.seed, fixtures });
  log(`generated ${gen.files} files (${(gen.bytes / 1e6).toFixed(1)} MB, ${gen.folders} folders) in ${(gen.ms / 1000).toFixed(1)} s`, JSON.stringify(gen.byFormat));
  out.generated = gen;
  if (opts.generateOnly) return out;
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);

  const ins = new Instruments();
  ins.start();

  // ---- Floors: the same walk, getFile() and the app's head read, each at its best concurrency. ----
  const sweep: { head: ReadFloor[]; getfile: ReadFloor[] } = { head: [], getfile: [] };
  for (const c of opts.concurrencies) {
    sweep.head.push(await readFloor(root, c, 'head', opts.sweepFiles));
    sweep.getfile.push(await readFloor(root, c, 'none', opts.sweepFiles));
  }
  const headC = fastest(sweep.head).concurrency;
  const getC = fastest(sweep.getfile).concurrency;
  const swept = (rows: ReadFloor[]) => rows.map((r) => `${r.concurrency}:${Math.round(r.ms)}`).join(' ');
  log(`sweep (ms per ${opts.sweepFiles} files, in flight:ms): head read ${swept(sweep.head)} → ${headC} | getFile ${swept(sweep.getfile)} → ${getC}`);
  const floorHead = await ins.floor('floor head read', () => readFloor(root, headC, 'head'));
  // The older floor (one 64 KB slice per audio file), kept for comparison with earlier results.
  const floorRead = await readFloor(root, headC, 'slice');
  const floorGet = await ins.floor('floor walk + getFile', () => readFloor(root, getC, 'none'));
  log(`floor head read ${Math.round(floorHead.ms)} ms @${headC} (${floorHead.files} files, ${floorHead.reads} reads, ${floorHead.bytes} bytes), 64 KB slices ${Math.round(floorRead.ms)} ms | floor getFile ${Math.round(floorGet.ms)} ms @${getC}`);
  Object.assign(out, {
    walked_files: floorHead.files,
    floor_head_ms: round(floorHead.ms),
    floor_head_concurrency: headC,
    floor_head_reads: floorHead.reads,
    floor_head_bytes: floorHead.bytes,
    floor_read_ms: round(floorRead.ms),
    floor_read_concurrency: headC,
    floor_read_reads: floorRead.reads,
    floor_getfile_ms: round(floorGet.ms),
    floor_getfile_concurrency: getC,
    floor_sweep: sweep,
  });

  // ---- The app: cold scan, warm rescan, plan, apply, undo. ----
  let db = await freshDb(undefined);
  (globalThis as { gc?: () => void }).gc?.();
  out.heap_baseline_mb = round(heapNow() / 2 ** 20);
  ins.sampleHeap(true);

  const cold = await ins.phase('cold scan', () => scanOnce(root, db));
  const coldProgress = cold.value.progress;
  const coldRead = coldProgress.done - coldProgress.fromCache - cold.value.others.length - cold.value.junk.length;
  log(`cold scan ${Math.round(cold.ms)} ms: ${cold.value.recordings.length} recordings, ${cold.value.unreadable.length} unreadable, ${cold.value.others.length} others, ${cold.value.junk.length} junk, ${coldProgress.bytesRead} bytes read`);
  // The app keeps its previous scan until the new one is done, so both are on the heap here.
  const warm = await ins.phase('warm scan', () => scanOnce(root, db));
  const scan = warm.value;
  cold.value.recordings.length = 0;
  cold.value.handles.clear();
  log(`warm scan ${Math.round(warm.ms)} ms: ${scan.progress.fromCache} from cache, ${scan.progress.bytesRead} bytes read`);
  Object.assign(out, {
    cold_ms: round(cold.ms),
    cold_bytes_read: coldProgress.bytesRead,
    cold_compare_ms: round(coldProgress.comparing.ms ?? 0),
    cold_compare_files: coldProgress.comparing.total,
    cold_files_read: coldRead,
    bytes_read_per_file: Math.round(coldProgress.bytesRead / Math.max(1, coldRead)),
    warm_ms: round(warm.ms),
    warm_bytes_read: scan.progress.bytesRead,
    warm_from_cache: scan.progress.fromCache,
    recordings: scan.recordings.length,
    unreadable: scan.unreadable.length,
  });

  // As the app plans: in its worker, the scan sent once.
  const planner = new Planner();
  const plan = await ins.phase('plan', async () => {
    await planner.setSource(scan);
    return (await planner.plan(defaultPlanSettings()))!;
  });
  // As the app does: the steps are scheduled in the planner's worker.
  const steps = await ins.phase('journal steps', () => planner.steps(plan.value.id));
  planner.terminate();
  log(`plan ${Math.round(plan.ms)} ms (${plan.value.operations.length} moves, ${plan.value.releases.length} releases, ${plan.value.conflicts.length} conflicts) + steps ${Math.round(steps.ms)} ms (${steps.value.steps.length} steps, ${steps.value.refused.length} refused)`);
  Object.assign(out, {
    plan_ms: round(plan.ms + steps.ms),
    plan_only_ms: round(plan.ms),
    steps_ms: round(steps.ms),
    releases: plan.value.releases.length,
    moves: plan.value.operations.length,
    steps: steps.value.steps.length,
    refused: steps.value.refused.length,
    conflicts: plan.value.conflicts.length,
  });

  ins.sampleHeap(false);
  const before = await snapshotTree(root);
  ins.sampleHeap(true);
  // When each run starts tidying (removing the folders its moves emptied): that part has no floor.
  let tidyingAt = 0;
  const ctx = {
    root,
    db,
    handles: scan.handles,
    onProgress: (p: { phase?: string }) => {
      if (p.phase === 'tidying' && tidyingAt === 0) tidyingAt = performance.now();
    },
  };
  const tidyOf = (phase: { end: number }) => {
    const ms = tidyingAt === 0 ? 0 : phase.end - tidyingAt;
    tidyingAt = 0;
    return round(ms);
  };
  const template = defaultPlanSettings().rules;
  const apply = await ins.phase('apply', () => startRun(ctx, { library: LIBRARY, libraryName: folder, template, steps: steps.value.steps }));
  const applyTidyMs = tidyOf(ins.phases.at(-1)!);
  log(`apply ${Math.round(apply.ms)} ms: ${apply.value.summary.moved} moved, ${apply.value.summary.skipped.length} skipped, ${apply.value.summary.foldersCreated} folders created, ${apply.value.summary.foldersRemoved} removed`);
  // As the app does after an apply: cached reads follow their files.
  const cacheMove = await ins.phase('apply cache', () => moveReads(db, LIBRARY, netMoves(apply.value.run.steps)));
  const undo = await ins.phase('undo', () => undoRun(ctx, apply.value.run.id));
  const undoTidyMs = tidyOf(ins.phases.at(-1)!);
  log(`undo ${Math.round(undo.ms)} ms: ${undo.value.summary.moved} moved back, ${undo.value.summary.skipped.length} skipped`);
  ins.sampleHeap(false);
  Object.assign(out, {
    apply_ms: round(apply.ms),
    apply_moved: apply.value.summary.moved,
    apply_skipped: apply.value.summary.skipped.length,
    apply_cache_ms: round(cacheMove.ms),
    apply_tidy_ms: applyTidyMs,
    apply_folders_created: apply.value.summary.foldersCreated,
    apply_folders_removed: apply.value.summary.foldersRemoved,
    undo_tidy_ms: undoTidyMs,
    undo_folders_removed: undo.value.summary.foldersRemoved,
    undo_folders_made: undo.value.summary.foldersCreated,
    undo_ms: round(undo.ms),
    undo_moved: undo.value.summary.moved,
    undo_skipped: undo.value.summary.skipped.length,
  });

  const afterUndo = await snapshotTree(root);
  const undoCheck = sameTree(before.files, afterUndo.files);
  log(`after undo, tree identical (paths + sizes): ${undoCheck.same} (${afterUndo.files.length} files, ${before.folders} → ${afterUndo.folders} folders)`, undoCheck.same ? '' : JSON.stringify(undoCheck));
  Object.assign(out, { undo_tree_identical: undoCheck.same, undo_tree_diff: undoCheck, folders_before: before.folders, folders_after_undo: afterUndo.folders });

  // As the app does after an undo too: cached reads follow their files back.
  await moveReads(db, LIBRARY, netMoves(undo.value.run.steps));
  const postUndo = await ins.phase('rescan after undo', () => scanOnce(root, db));
  log(`rescan after undo ${Math.round(postUndo.ms)} ms: ${postUndo.value.progress.bytesRead} bytes read, ${postUndo.value.progress.fromCache} from cache`);
  Object.assign(out, { rescan_after_undo_ms: round(postUndo.ms), rescan_after_undo_bytes_read: postUndo.value.progress.bytesRead });

  // ---- The raw move() floor on the same files, at each number of moves in flight. ----
  const moveRows: MoveFloor[] = [];
  for (const c of opts.moveConcurrencies) {
    const row = await ins.floor(`move floor @${c}`, () => moveFloor(root, afterUndo.files, '__bench_move_floor', c), 2, (r) => r.outMs + r.backMs);
    moveRows.push(row);
    log(`move floor @${c}: ${row.moves} moves out ${Math.round(row.outMs)} ms, back ${Math.round(row.backMs)} ms`);
  }
  const afterFloor = await snapshotTree(root);
  const bestMove = fastest(moveRows);
  const serialMove = moveRows.find((r) => r.concurrency === 1);
  log(`move floor ${Math.round(bestMove.ms)} ms @${bestMove.concurrency}${serialMove ? `, one at a time ${Math.round(serialMove.ms)} ms` : ''}; tree identical: ${sameTree(before.files, afterFloor.files).same}`);
  Object.assign(out, {
    floor_move_ms: round(bestMove.ms),
    floor_move_concurrency: bestMove.concurrency,
    floor_move_out_ms: round(bestMove.outMs),
    floor_move_back_ms: round(bestMove.backMs),
    ...(serialMove ? { floor_move_serial_ms: round(serialMove.ms) } : {}),
    floor_move_by_concurrency: moveRows.map((r) => ({ concurrency: r.concurrency, ms: round(r.ms), out_ms: round(r.outMs), back_ms: round(r.backMs) })),
    floor_moves: bestMove.moves,
    floor_move_folders_made: bestMove.foldersMade,
  });
  // The apply's and the undo's own calls (its moves to its targets, its folders made and removed)
  // at the best width, with none of the app's work: what of their gap to the move() floor is the
  // platform's folder work.
  const applied = new Map(netMoves(apply.value.run.steps).map((m) => [m.from, m.to]));
  const appliedMoves = afterUndo.files.flatMap((file) => (applied.has(file.path) ? [{ file, to: applied.get(file.path)! }] : []));
  const calls = await ins.floor('same calls as the apply (mean of apply, undo)', () => sameCallsFloor(root, appliedMoves, '__bench_move_floor', bestMove.concurrency), 2, (r) => r.outMs + r.homeTidyMs + r.backMs + r.scratchTidyMs);
  log(`same-calls floor @${calls.concurrency}: out ${Math.round(calls.outMs)} + ${calls.homeFoldersRemoved} removals ${Math.round(calls.homeTidyMs)} ms; back ${Math.round(calls.backMs)} (${calls.foldersMadeBack} folders made) + ${calls.scratchFoldersRemoved} removals ${Math.round(calls.scratchTidyMs)} ms; tree identical: ${sameTree(before.files, (await snapshotTree(root)).files).same}`);
  Object.assign(out, {
    floor_calls_apply_ms: round(calls.outMs + calls.homeTidyMs),
    floor_calls_undo_ms: round(calls.backMs + calls.scratchTidyMs),
    floor_calls: { concurrency: calls.concurrency, moves: calls.moves, out_ms: round(calls.outMs), home_tidy_ms: round(calls.homeTidyMs), home_removed: calls.homeFoldersRemoved, made_out: calls.foldersMade, back_ms: round(calls.backMs), scratch_tidy_ms: round(calls.scratchTidyMs), scratch_removed: calls.scratchFoldersRemoved, made_back: calls.foldersMadeBack },
  });

  // ---- Naive (parseBlob per file) against the app's reader, one worker each, same sample. ----
  const audio = afterFloor.files.filter((f) => /\.(mp3|flac|m4a|ogg|opus|wma|wav|aiff)$/i.test(f.path) && !f.path.startsWith('broken/'));
  const every = Math.max(1, Math.floor(audio.length / opts.sample));
  const sample = audio.filter((_, i) => i % every === 0).slice(0, opts.sample).map((f) => ({ path: f.path, handle: f.handle }));
  const sampleUrl = new URL('./naive-worker.ts', import.meta.url);
  const appSample = await inWorker<SampleRequest, SampleReply>(sampleUrl, { mode: 'app', items: sample });
  const lanesSample = await inWorker<SampleRequest, SampleReply>(sampleUrl, { mode: 'app-lanes', items: sample });
  const naiveSample = await inWorker<SampleRequest, SampleReply>(sampleUrl, { mode: 'naive', items: sample });
  log(`sample of ${sample.length}: naive ${(naiveSample.ms / sample.length).toFixed(2)} ms/file, app ${(appSample.ms / sample.length).toFixed(2)} ms/file, app with 4 files in flight ${(lanesSample.ms / sample.length).toFixed(2)} ms/file`);
  Object.assign(out, {
    sample_files: sample.length,
    naive_ms_per_file: Math.round((naiveSample.ms / sample.length) * 100) / 100,
    app_ms_per_file: Math.round((appSample.ms / sample.length) * 100) / 100,
    app_4_in_flight_ms_per_file: Math.round((lanesSample.ms / sample.length) * 100) / 100,
    naive_failures: naiveSample.failures,
    app_failures: appSample.failures,
  });

  const tagsCheck = checkScan(scan, opts.files, opts.seed);
  log(`tags check: ${tagsCheck.tagsMatch} of ${tagsCheck.audioWritten - tagsCheck.wmaFixtureTags} written tags read back exactly; ${tagsCheck.found} of ${tagsCheck.audioWritten} audio files found`, tagsCheck.mismatches.length ? JSON.stringify(tagsCheck.mismatches.slice(0, 3)) : '');
  out.tags_check = tagsCheck;

  // A cold scan again, now that apply, undo and the move floor's sweep have moved every file many times:
  // OPFS is slower after that (the warm rescan after the undo shows it), and the UI phase that
  // follows scans this state. Its scan is compared with this one, measured on the same tree.
  const coldEnd = await ins.phase('cold scan at the end', () => scanOnce(root, db, 'bench-end'));
  log(`cold scan at the end ${Math.round(coldEnd.ms)} ms: ${coldEnd.value.progress.bytesRead} bytes read`);
  out.cold_end_ms = round(coldEnd.ms);

  // Every phase of the app counts, the scans after the undo and at the end too.
  const longest = await ins.longestTask(ins.phases.map((p) => p.name));
  Object.assign(out, {
    peak_heap_mb: round(ins.peakHeapBytes / 2 ** 20),
    heap_by_phase_mb: Object.fromEntries(ins.phases.map((p) => [p.name, round(p.peakHeap / 2 ** 20)])),
    longest_task_ms: round(longest.ms),
    longest_task_phase: longest.phase,
    long_tasks: longest.count,
    long_tasks_by_phase: ins.longTasksByPhase(),
    cpu_spans: ins.cpu,
    top_long_tasks: ins.topLongTasks(8),
    // Every one, for --profile to look into (run.mjs drops it from the result).
    all_long_tasks: ins.topLongTasks(),
  });
  ins.stop();
  db.close();
  // The UI phase that follows opens the app as a first-time user would: no cached reads of this
  // library under another id, no journal.
  await deleteDB(DB_NAME);
  if (!opts.keepLibrary) await (await navigator.storage.getDirectory()).removeEntry(folder, { recursive: true });
  return out;
}

/** The same origin tracking as the app's organizer state: chains through temporary names collapse. */
(globalThis as { runBench?: typeof runBench }).runBench = runBench;
log('ready');
