import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { exportFileName, planCsv, reportCsv, unreadableList } from '../../src/core/plan-export.ts';
import type { PlanPreview } from '../../src/core/model.ts';
import { baseSeed } from './seeds.ts';

/** A small RFC 4180 reader, to check that what is written reads back exactly. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

describe('CSV', () => {
  test('quotes only what needs it', () => {
    const report = { library: 'M', kind: 'organize', startedAt: 0, moved: [{ from: 'plain', to: 'with, comma' }, { from: 'say "hi"', to: ' lead' }, { from: 'line\nbreak', to: 'x' }], skipped: [] };
    expect(reportCsv(report)).toBe('outcome,from,to,why\r\ndone,plain,"with, comma",\r\ndone,"say ""hi"""," lead",\r\ndone,"line\nbreak",x,\r\n');
  });

  test('property: any path reads back exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 2, maxLength: 2 }), { maxLength: 20 }), (rows) => {
        const report = { library: 'M', kind: 'organize', startedAt: 0, moved: rows.map(([from, to]) => ({ from: from!, to: to! })), skipped: [] };
        expect(readCsv(reportCsv(report))).toEqual([['outcome', 'from', 'to', 'why'], ...rows.map((r) => ['done', ...r, ''])]);
      }),
      { numRuns: 500, seed: baseSeed },
    );
  });
});

describe('the plan and the report', () => {
  const plan: PlanPreview = {
    id: 1,
    operations: [
      { kind: 'move', from: 'in/a, b.mp3', to: 'A/B/01 "T".mp3', size: 10, lastModified: 1, reason: 'recording' },
      { kind: 'delete-junk', path: 'in/Thumbs.db', size: 2, lastModified: 1 },
    ],
    unchanged: ['A/ok.mp3'],
    unreadable: [{ path: 'broken/x.mp3', name: 'x.mp3', size: 0, lastModified: 1, reason: 'The file is empty.' }],
    conflicts: [],
    releases: [],
    excluded: ['Podcasts/x.mp3'],
    choices: [],
  } as unknown as PlanPreview;

  test('every file of the plan is a row saying what happens to it', () => {
    expect(readCsv(planCsv(plan))).toEqual([
      ['action', 'from', 'to', 'why', 'size'],
      ['move', 'in/a, b.mp3', 'A/B/01 "T".mp3', 'recording', '10'],
      ['delete', 'in/Thumbs.db', '', 'system clutter', '2'],
      ['stay', 'A/ok.mp3', 'A/ok.mp3', 'already in place', ''],
      ['leave', 'broken/x.mp3', '', 'The file is empty.', '0'],
      ['leave', 'Podcasts/x.mp3', '', 'excluded by you', ''],
    ]);
  });

  test('the unreadable files as lines, and a report of done and left files', () => {
    expect(unreadableList(plan.unreadable)).toBe('broken/x.mp3: The file is empty.');
    const report = { library: 'Music', kind: 'organize', startedAt: 0, moved: [{ from: 'a', to: 'b' }], skipped: [{ path: 'c', reason: 'It is open.' }] };
    expect(readCsv(reportCsv(report))).toEqual([['outcome', 'from', 'to', 'why'], ['done', 'a', 'b', ''], ['left in place', 'c', '', 'It is open.']]);
  });

  test('file names are safe everywhere', () => {
    expect(exportFileName('plan', 'Mü: sic?', new Date('2026-12-01T10:20:00Z'), 'csv')).toBe('plan-Mu-sic-20261201-1020.csv');
  });
});
