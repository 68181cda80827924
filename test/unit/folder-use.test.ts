import { describe, expect, test } from 'vitest';
import { FolderUse } from '../../src/core/folder-use.ts';
import type { JournalStep } from '../../src/core/journal-steps.ts';
import { TEMP_PREFIX } from '../../src/core/schedule.ts';

const TMP = `Tmp/${TEMP_PREFIX}1`;

const move = (from: string, to: string, temporary = false): JournalStep => ({ kind: 'move', from, to, size: 1, lastModified: 0, ...(temporary ? { temporary } : {}) });

describe('which folders a run still needs', async () => {
  test('a folder is free once every step touching it or a folder below it has finished, in any order', async () => {
    const use = await FolderUse.of([move('Dump/A/1.mp3', 'Artist/A/1.mp3'), move('Dump/B/2.mp3', 'Artist/B/2.mp3'), move('Dump/A/3.mp3', 'Artist/A/3.mp3')], () => false);
    expect(use.finished(2).sort()).toEqual([]);
    expect(use.needed('Dump/A')).toBe(true);
    expect(use.finished(0).sort()).toEqual(['artist/a', 'dump/a']);
    expect(use.needed('Dump')).toBe(true);
    expect(use.finished(1).sort()).toEqual(['artist', 'artist/b', 'dump', 'dump/b']);
    expect(use.needed('Dump')).toBe(false);
    // Finishing twice frees nothing more.
    expect(use.finished(1)).toEqual([]);
  });

  test('folders are compared as the disk compares names: case and normalisation ignored', async () => {
    const use = await FolderUse.of([move('abba/x.mp3', 'ABBA/Gold/x.mp3'), move('Cafe\u0301/y.mp3', 'Caf\u00e9/Z/y.mp3')], () => false);
    expect(use.finished(0).sort()).toEqual(['abba', 'abba/gold']);
    expect(use.needed('CAFÉ')).toBe(true);
  });

  test('steps an earlier execution finished are not waited for', async () => {
    const use = await FolderUse.of([move('Dump/1.mp3', 'A/1.mp3'), move('Dump/2.mp3', 'A/2.mp3')], (i) => i === 0);
    expect(use.finished(0)).toEqual([]);
    expect(use.finished(1).sort()).toEqual(['a', 'dump']);
  });

  test('a step out of a temporary name keeps the folder its file was parked from: a failure puts the file back there', async () => {
    const steps = [move('Old/a.mp3', TMP, true), move(TMP, 'New/a.mp3')];
    const use = await FolderUse.of(steps, () => false);
    expect(use.finished(0).sort()).toEqual([]);
    expect(use.needed('Old')).toBe(true);
    expect(use.finished(1).sort()).toEqual(['new', 'old', 'tmp']);
  });

  test('a parking done by an earlier execution is known from `parked`', async () => {
    const use = await FolderUse.of([move('Old/a.mp3', TMP, true), move(TMP, 'New/a.mp3')], (i) => i === 0, new Map([[TMP, 'Old/a.mp3']]));
    expect(use.needed('Old')).toBe(true);
    expect(use.finished(1).sort()).toEqual(['new', 'old', 'tmp']);
  });

  test('a folder removal touches the folder itself', async () => {
    const use = await FolderUse.of([{ kind: 'remove-folder', from: 'Music/abba', to: '' } as JournalStep], () => false);
    expect(use.needed('Music/abba')).toBe(true);
    expect(use.finished(0).sort()).toEqual(['music', 'music/abba']);
  });
});
