import { describe, expect, test } from 'vitest';
import { isAudioName, isHiddenEntry, isJunkName } from '../../src/core/entries.ts';

describe('which entries the walk looks at', () => {
  test.each(['.git', '.Trash-1000', '.mo-tmp-run-1-a.mp3', '.hidden.flac', 'song.flac.crswap', 'Song.FLAC.CRSWAP'])('%s is hidden', (name) => {
    expect(isHiddenEntry(name)).toBe(true);
  });
  test.each(['...And You Will Know Us by the Trail of Dead', '..', 'Björk', 'cover.jpg', '.DS_Store', 'Thumbs.db', 'desktop.ini'])('%s is seen', (name) => {
    expect(isHiddenEntry(name)).toBe(false);
  });
  test('junk is reported, not parsed', () => {
    expect(['.DS_Store', 'Thumbs.db', 'THUMBS.DB', 'desktop.ini', 'ehthumbs.db'].every(isJunkName)).toBe(true);
    expect(isJunkName('notes.txt')).toBe(false);
  });
  test('audio by extension, in any case', () => {
    expect(['a.mp3', 'b.FLAC', 'c.m4a', 'd.opus', 'e.aiff', 'f.dsf', 'g.wv', 'h.ape', 'i.mpc', 'j.wma', 'k.ogg', 'l.wav', 'm.aac', 'n.mp4'].every(isAudioName)).toBe(true);
    expect(['cover.jpg', 'mp3', '.mp3x', 'notes.txt'].some(isAudioName)).toBe(false);
  });
});
