// A release's detail: its tracks in disc and track order with where each goes, and why they were grouped.
import { expect, test } from 'vitest';
import type { Recording } from '../../src/core/model.ts';
import { defaultPlanSettings, planLibrary } from '../../src/core/plan.ts';
import { releaseDetail } from '../../src/core/release-detail.ts';
import { createRegistry } from '../../plugins/index.ts';

const rec = (path: string, tags: Recording['tags']): Recording => ({ path, size: path.length, lastModified: 1, tags, audio: {} });

function plan(recordings: Recording[]) {
  const p = planLibrary({ recordings, unreadable: [], others: [], junk: [] }, defaultPlanSettings(), createRegistry());
  const targets = new Map(p.operations.flatMap((o) => (o.kind === 'move' ? [[o.from, o.to] as const] : [])));
  return { releases: p.releases, targetOf: (path: string) => targets.get(path) };
}

test('tracks from two folders, in disc and track order, each with where it goes and why they belong together', () => {
  const { releases, targetOf } = plan([
    rec('in/cd2/01.mp3', { title: 'Two One', artist: 'Low', album: 'Box', track: 1, disc: 2, disctotal: 2, year: 2001 }),
    rec('in/cd1/02.mp3', { title: 'One Two', artist: 'Low', albumartist: 'Low', album: 'Box', track: 2, disc: 1, disctotal: 2, year: 2001 }),
    rec('in/cd1/01.mp3', { title: 'One One', artist: 'Low', album: 'Box', track: 1, disc: 1, disctotal: 2, year: 2001 }),
  ]);
  const detail = releaseDetail(releases[0]!, targetOf);
  expect(detail.tracks.map((t) => [t.path, t.to])).toEqual([
    ['in/cd1/01.mp3', 'Low/Box (2001)/1-01 One One.mp3'],
    ['in/cd1/02.mp3', 'Low/Box (2001)/1-02 One Two.mp3'],
    ['in/cd2/01.mp3', 'Low/Box (2001)/2-01 Two One.mp3'],
  ]);
  expect(detail.grouping).toEqual([
    '3 tracks tagged with the album "Box" by the same artist.',
    'Album artist "Low" is tagged on 1 of 3 tracks; the others name it as their artist.',
    'Gathered from 2 folders: in/cd1, in/cd2.',
    '2 discs, from the disc tags or the folder names.',
  ]);
  expect(detail.classification.reasons.length).toBeGreaterThan(0);
});

test('two same-titled releases told apart by year say so', () => {
  const tracks = (year: number, folder: string) =>
    [1, 2].map((n) => rec(`${folder}/${n}.mp3`, { title: `Song ${n} of ${year}`, artist: 'Band', albumartist: 'Band', album: 'Greatest Hits', track: n, year }));
  const { releases, targetOf } = plan([...tracks(1983, 'a'), ...tracks(2003, 'b')]);
  expect(releases).toHaveLength(2);
  const reasons = releases.map((r) => releaseDetail(r, targetOf).grouping.join(' '));
  expect(reasons.some((r) => /by its year, 1983/.test(r))).toBe(true);
  expect(reasons.some((r) => /by its year, 2003/.test(r))).toBe(true);
});
