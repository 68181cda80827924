// Reads every committed fixture from OPFS, as the scan will read a user's files, and checks
// the tags against expected.json and the number of blob reads each format costs.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readRecording } from '../../src/tags/read-recording.ts';
import { DEFAULT_HEAD_BYTES } from '../../src/tags/protocol.ts';
import { UNREADABLE } from '../../src/tags/unreadable.ts';
import type { AudioInfo, Tags } from '../../src/core/model.ts';
import expectedJson from '../fixtures/audio/expected.json';

type Expected = { tags: Tags; audio: AudioInfo } | { unreadable: true };
const expected = expectedJson as Record<string, Expected>;
const urls = import.meta.glob('../fixtures/audio/*', { query: '?url', eager: true, import: 'default' }) as Record<string, string>;
const fixtureNames = Object.keys(urls).map((k) => k.slice(k.lastIndexOf('/') + 1)).filter((n) => n !== 'expected.json');

let folder: FileSystemDirectoryHandle;
const root = () => navigator.storage.getDirectory();
const folderName = `read-recording-${crypto.randomUUID()}`;

async function bytesOf(name: string): Promise<Uint8Array<ArrayBuffer>> {
  const url = urls[`../fixtures/audio/${name}`];
  if (!url) throw new Error(`no fixture ${name}`);
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

async function store(name: string, bytes: BufferSource | Blob): Promise<File> {
  const handle = await folder.getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  await writable.write(bytes);
  await writable.close();
  return handle.getFile();
}

beforeAll(async () => {
  folder = await (await root()).getDirectoryHandle(folderName, { create: true });
  for (const name of fixtureNames) await store(name, await bytesOf(name));
});
afterAll(async () => (await root()).removeEntry(folderName, { recursive: true }));

test('every fixture has an expectation and every expectation a fixture', () => {
  expect(fixtureNames.sort()).toEqual(Object.keys(expected).sort());
  expect(fixtureNames.length).toBeGreaterThanOrEqual(14);
});

describe.each(fixtureNames.filter((n) => !('unreadable' in expected[n]!)))('%s', (name) => {
  test('tags and container match expected.json, in one read of the whole small file', async () => {
    const want = expected[name] as { tags: Tags; audio: AudioInfo };
    const file = await (await folder.getFileHandle(name)).getFile();
    const read = await readRecording(file, `Some Folder/${name}`);
    expect(read.outcome.kind).toBe('audio');
    if (read.outcome.kind !== 'audio') return;
    expect(read.outcome.tags).toEqual(want.tags);
    expect(read.outcome.audio.container).toBe(want.audio.container);
    expect(read.outcome.audio.sampleRate).toBeGreaterThan(0);
    expect(read.reads).toBe(1);
    expect(read.bytesRead).toBe(file.size);
  });
});

describe('unreadable files', () => {
  test('a zero-byte file is reported without reading or parsing', async () => {
    const file = await (await folder.getFileHandle('empty.flac')).getFile();
    expect(await readRecording(file, 'empty.flac')).toEqual({
      outcome: { kind: 'unreadable', reason: UNREADABLE.empty },
      reads: 0,
      bytesRead: 0,
    });
  });

  test('a text file named .mp3 is "not an audio file"', async () => {
    const file = await (await folder.getFileHandle('not-audio.mp3')).getFile();
    const read = await readRecording(file, 'not-audio.mp3');
    expect(read.outcome).toEqual({ kind: 'unreadable', reason: UNREADABLE.notAudio });
  });

  test('a download that broke off is "truncated or corrupt", with the parser\'s words', async () => {
    const file = await (await folder.getFileHandle('corrupt.mp3')).getFile();
    const read = await readRecording(file, 'corrupt.mp3');
    expect(read.outcome.kind).toBe('unreadable');
    if (read.outcome.kind !== 'unreadable') return;
    expect(read.outcome.reason).toMatch(/^file is truncated or corrupt: \S/);
  });

  test('random bytes with an audio name are unreadable, not a crash', async () => {
    const noise = new Uint8Array(5000).map((_, i) => (i * 193 + 7) % 256);
    for (const name of ['noise.mp3', 'noise.flac', 'noise.m4a', 'noise.ogg', 'noise.wma', 'noise.wav']) {
      const read = await readRecording(new File([noise], name), name);
      expect(read.outcome.kind, name).toBe('unreadable');
    }
  });

  test('a file removed after getFile() is "file no longer exists"', async () => {
    const file = await store('soon-gone.mp3', await bytesOf('mp3-id3v23.mp3'));
    await folder.removeEntry('soon-gone.mp3');
    const read = await readRecording(file, 'soon-gone.mp3');
    expect(read.outcome).toEqual({ kind: 'unreadable', reason: UNREADABLE.vanished });
  });
});

describe('reads beyond the head happen only where the format keeps something there', () => {
  const smallHead = { headBytes: 1024 };

  test.each(['flac.flac', 'wma.wma'])('%s: tags up front, nothing else is read', async (name) => {
    const file = await (await folder.getFileHandle(name)).getFile();
    const read = await readRecording(file, name, smallHead);
    expect(read.outcome).toMatchObject({ kind: 'audio', tags: (expected[name] as { tags: Tags }).tags });
    expect(read.reads).toBe(1);
    expect(read.bytesRead).toBe(1024);
  });

  test.each(['mp3-id3v1.mp3', 'm4a-moov-last.m4a', 'wav-id3.wav', 'aiff-id3.aiff'])(
    '%s: tags at the end cost exactly one more read',
    async (name) => {
      const file = await (await folder.getFileHandle(name)).getFile();
      const read = await readRecording(file, name, smallHead);
      expect(read.outcome).toMatchObject({ kind: 'audio', tags: (expected[name] as { tags: Tags }).tags });
      expect(read.reads).toBe(2);
      expect(read.bytesRead).toBe(file.size);
    },
  );

  // Real-sized MP3s, made by repeating a fixture's frames: the head no longer holds the file.
  async function bigMp3(name: string, megabytes: number): Promise<{ file: File; tagBytes: number }> {
    const bytes = await bytesOf(name);
    const id3v2 = bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33;
    const tagEnd = id3v2 ? 10 + ((bytes[6]! << 21) | (bytes[7]! << 14) | (bytes[8]! << 7) | bytes[9]!) : 0;
    const id3v1 = new TextDecoder('latin1').decode(bytes.subarray(bytes.length - 128, bytes.length - 125)) === 'TAG';
    const framesEnd = id3v1 ? bytes.length - 128 : bytes.length;
    const frames = bytes.subarray(tagEnd, framesEnd);
    const parts: BlobPart[] = [bytes.subarray(0, tagEnd)];
    for (let size = 0; size < megabytes * 1024 * 1024; size += frames.length) parts.push(frames);
    if (id3v1) parts.push(bytes.subarray(framesEnd));
    const file = await store(`big-${name}`, new Blob(parts));
    return { file, tagBytes: tagEnd };
  }

  test('a large MP3 with ID3v2 is read once, never at its end', async () => {
    const { file } = await bigMp3('mp3-id3v24.mp3', 2);
    const read = await readRecording(file, 'big.mp3');
    expect(read.outcome).toMatchObject({ kind: 'audio', tags: (expected['mp3-id3v24.mp3'] as { tags: Tags }).tags });
    expect(read.reads).toBe(1);
    expect(read.bytesRead).toBe(DEFAULT_HEAD_BYTES);
  });

  test('a large ID3v1-only MP3 costs one extra read, of its tail', async () => {
    const { file } = await bigMp3('mp3-id3v1.mp3', 2);
    const read = await readRecording(file, 'big.mp3');
    expect(read.outcome).toMatchObject({ kind: 'audio', tags: (expected['mp3-id3v1.mp3'] as { tags: Tags }).tags });
    expect(read.reads).toBe(2);
    expect(read.bytesRead).toBe(DEFAULT_HEAD_BYTES + 64 * 1024);
  });

  test('a large untagged MP3 is audio with no tags', async () => {
    const { file } = await bigMp3('mp3-id3v1.mp3', 1);
    const untagged = new File([await file.slice(0, file.size - 128).arrayBuffer()], 'untagged.mp3');
    const read = await readRecording(untagged, 'untagged.mp3');
    expect(read.outcome).toMatchObject({ kind: 'audio', tags: {}, audio: { container: 'MPEG' } });
    expect(read.reads).toBe(2);
  });
});
