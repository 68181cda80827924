// The app's whole path on a real OPFS folder, without the UI: scan in the worker pool, plan with
// the built-in plugins, journal, apply and undo. Plus what tests need to prove nothing was lost:
// content hashes of every file, and committed fixtures as bytes.
import type { Plan } from '../../../src/core/model.ts';
import { defaultPlanSettings, planLibrary } from '../../../src/core/plan.ts';
import { journalSteps } from '../../../src/core/steps.ts';
import { startRun, undoRun } from '../../../src/apply/runs.ts';
import type { JournalRun, RunSummary } from '../../../src/db/journal-records.ts';
import type { OrganizerDb } from '../../../src/db/schema.ts';
import { scanLibrary, type LibraryScan } from '../../../src/scan/scan-library.ts';
import { TagReaderPool } from '../../../src/tags/pool.ts';
import { createRegistry } from '../../../plugins/index.ts';

const urls = import.meta.glob('../../fixtures/audio/*', { query: '?url', eager: true, import: 'default' }) as Record<string, string>;

/** A committed fixture from test/fixtures/audio, by file name. */
export async function fixtureBytes(name: string): Promise<Uint8Array<ArrayBuffer>> {
  const url = urls[`../../fixtures/audio/${name}`];
  if (!url) throw new Error(`no fixture ${name}`);
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

/** SHA-256 of every file (hidden ones too), by path, sorted: equal maps mean byte-identical trees. */
export async function hashTree(root: FileSystemDirectoryHandle): Promise<Record<string, string>> {
  const out: [string, string][] = [];
  const visit = async (dir: FileSystemDirectoryHandle, prefix: string) => {
    for await (const entry of dir.values()) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.kind === 'directory') await visit(entry as FileSystemDirectoryHandle, path);
      else out.push([path, await hashBlob(await (entry as FileSystemFileHandle).getFile())]);
    }
  };
  await visit(root, '');
  return Object.fromEntries(out.sort(([a], [b]) => (a < b ? -1 : 1)));
}

async function hashBlob(blob: Blob): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A scan with its own two-worker pool, terminated afterwards. */
export async function scanFolder(root: FileSystemDirectoryHandle, db: OrganizerDb, library: string, batchSize?: number): Promise<LibraryScan> {
  const pool = new TagReaderPool(2);
  try {
    return await scanLibrary(root, { library, db, pool, ...(batchSize ? { batchSize } : {}) });
  } finally {
    pool.terminate();
  }
}

const registry = createRegistry();

/** The plan the app shows by default. */
export function defaultPlan(scan: LibraryScan): Plan {
  return planLibrary(scan, defaultPlanSettings(), registry);
}

/** Applies a plan as the app does (journal first, the scan's handles reused); throws if the scheduler refused a move. */
export async function applyPlan(
  root: FileSystemDirectoryHandle,
  db: OrganizerDb,
  library: string,
  scan: LibraryScan,
  plan: Plan,
): Promise<{ run: JournalRun; summary: RunSummary }> {
  const { steps, refused } = journalSteps(plan, scan.handles.keys());
  if (refused.length > 0) throw new Error(`scheduler refused ${refused.length} moves: ${JSON.stringify(refused[0])}`);
  return startRun({ root, db, handles: scan.handles }, { library, libraryName: root.name, template: 'default', steps });
}

export async function undo(root: FileSystemDirectoryHandle, db: OrganizerDb, runId: string): Promise<{ run: JournalRun; summary: RunSummary }> {
  return undoRun({ root, db }, runId);
}
