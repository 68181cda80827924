import { describe, expect, test } from 'vitest';
import { outcomeOf } from '../../src/ui/run-texts.ts';

const organize = { kind: 'organize' as const, libraryName: 'Music', startedAt: 0 };
const summary = (written?: number, writtenOther?: number) => ({ moved: 3, skipped: [], foldersCreated: 1, foldersRemoved: 0, ms: 5, ...(written ? { written } : {}), ...(writtenOther ? { writtenOther } : {}) });

describe('what a run says about the files it wrote after its moves', () => {
  test('playlists only', () => {
    expect(outcomeOf(organize, summary(2)).text).toBe('3 files moved into 1 new folders; 2 playlists were written or updated.');
    expect(outcomeOf(organize, summary(1)).text).toContain('; 1 playlist was written or updated.');
  });

  test('a shared plugin’s files are not called playlists', () => {
    expect(outcomeOf(organize, summary(1, 1)).text).toContain('; 1 file was written or updated.');
    expect(outcomeOf(organize, summary(4, 1)).text).toContain('; 3 playlists and 1 other file were written or updated.');
    expect(outcomeOf({ ...organize, kind: 'undo' }, summary(2, 2)).text).toContain('; 2 files were removed or put back as they were.');
  });

  test('nothing written, nothing said', () => {
    expect(outcomeOf(organize, summary()).text).toBe('3 files moved into 1 new folders.');
  });
});
