// The plan and a run's report as files a collector keeps: CSV for a spreadsheet, JSON for a
// script. Values are written exactly as they are (a path is data, not a formula), quoted per
// RFC 4180: a cell holding a comma, a quote, a line break or a leading/trailing space is quoted.
import type { PlanPreview, UnreadableFile } from './model.ts';
import { downloadName } from './plan-script.ts';

type Cell = string | number | undefined;

/** RFC 4180 CSV with CRLF line ends, UTF-8; the header first. */
function csv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cell = (v: Cell) => {
    const s = v === undefined ? '' : String(v);
    return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

const PLAN_HEADER = ['action', 'from', 'to', 'why', 'size'];

/** Every file of the plan, one row each: what happens to it, from where, to where, and why. */
export function planCsv(plan: PlanPreview): string {
  const rows: Cell[][] = [];
  for (const op of plan.operations) {
    if (op.kind === 'move') rows.push(['move', op.from, op.to, op.reason, op.size]);
    else rows.push(['delete', op.path, '', 'system clutter', op.size]);
  }
  for (const path of plan.unchanged) rows.push(['stay', path, path, 'already in place', undefined]);
  for (const u of plan.unreadable) rows.push(['leave', u.path, '', u.reason, u.size]);
  for (const path of plan.excluded) rows.push(['leave', path, '', 'excluded by you', undefined]);
  for (const c of plan.conflicts) for (const source of c.sources) rows.push(['conflict', source, c.target, c.message, undefined]);
  return csv(PLAN_HEADER, rows);
}

/** The plan as data: every operation, the files in place, the unreadable ones, the releases. */
export function planJson(plan: PlanPreview, meta: { library: string; rules: string; madeAt: Date }): string {
  const { id: _id, ...content } = plan;
  return `${JSON.stringify({ library: meta.library, rules: meta.rules, madeAt: meta.madeAt.toISOString(), ...content }, null, 2)}\n`;
}

/** The unreadable files as plain lines, "path: reason", to paste into a note or a search. */
export function unreadableList(files: readonly UnreadableFile[]): string {
  return files.map((u) => `${u.path}: ${u.reason}`).join('\n');
}

export interface RunReport {
  library: string;
  kind: string;
  startedAt: number;
  finishedAt?: number;
  /** Where each file went, net of temporary names. */
  moved: { from: string; to: string }[];
  skipped: { path: string; reason: string }[];
}

export function reportCsv(report: RunReport): string {
  return csv(['outcome', 'from', 'to', 'why'], [
    ...report.moved.map((m) => ['done', m.from, m.to, '']),
    ...report.skipped.map((s) => ['left in place', s.path, '', s.reason]),
  ]);
}

export function reportJson(report: RunReport): string {
  return `${JSON.stringify({ ...report, startedAt: new Date(report.startedAt).toISOString(), ...(report.finishedAt ? { finishedAt: new Date(report.finishedAt).toISOString() } : {}) }, null, 2)}\n`;
}

/** A file name for an export: library name and time, safe on every file system (the script's own name rule). */
export function exportFileName(what: 'plan' | 'report' | 'unreadable', libraryName: string, madeAt: Date, extension: 'csv' | 'json' | 'txt'): string {
  return downloadName(what, libraryName, madeAt, extension);
}
