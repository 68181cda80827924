// Writes the bench library into OPFS from a worker, where sync access handles make 10,000 small
// writes take seconds instead of a minute. Generation is not measured.
import { librarySpec, type AudioFile, type BenchFile } from './library-spec.ts';
import { aiffWithTags, flacWithTags, m4aWithTags, mp3WithId3v1, mp3WithId3v24, oggVorbisWithTags, opusWithTags, wavWithTags } from './tag-writers.ts';

export interface GenerateRequest {
  folder: string;
  files: number;
  seed: number;
  fixtures: Record<string, ArrayBuffer>;
  /** Resume here (the spec's index) instead of starting over: see generateLibrary in bench-page.ts. */
  from?: number;
}

/** Posted every 100 files: how far the spec is written, and this worker's counts up to there. */
export interface GenerateProgress {
  progress: number;
  partial: GenerateReply;
}

export interface GenerateReply {
  files: number;
  bytes: number;
  folders: number;
  byKind: Record<string, number>;
  byFormat: Record<string, number>;
  ms: number;
}

/** The worker-only part of OPFS that the DOM library does not describe. */
interface SyncAccess {
  truncate(size: number): void;
  write(data: Uint8Array, options: { at: number }): number;
  flush(): void;
  close(): void;
}

function audioBytes(f: AudioFile, fx: Record<string, Uint8Array>): Uint8Array {
  const t = f.tags;
  switch (f.format) {
    case 'mp3':
      return mp3WithId3v24(fx['mp3-id3v24.mp3']!, t);
    case 'mp3v1':
      return mp3WithId3v1(fx['mp3-id3v1.mp3']!, t);
    case 'flac':
      return flacWithTags(fx['flac.flac']!, t);
    case 'm4a':
      return m4aWithTags(fx['m4a-moov-last.m4a']!, t);
    case 'ogg':
      return oggVorbisWithTags(fx['vorbis.ogg']!, t);
    case 'opus':
      return opusWithTags(fx['opus.opus']!, t);
    case 'wav':
      return wavWithTags(fx['wav-id3.wav']!, t);
    case 'aiff':
      return aiffWithTags(fx['aiff-id3.aiff']!, t);
    case 'wma':
      // ASF tags are not rewritten: the fixture's tags stay, the name and folder vary.
      return fx['wma.wma']!;
  }
}

function bytesOf(f: BenchFile, fx: Record<string, Uint8Array>): Uint8Array {
  switch (f.kind) {
    case 'audio':
      return audioBytes(f, fx);
    case 'duplicate':
      return audioBytes(f.of, fx);
    case 'broken':
      return fx[f.fixture]!;
    case 'sidecar':
    case 'junk': {
      const b = new Uint8Array(f.bytes);
      for (let i = 0; i < b.length; i++) b[i] = (i * 31 + f.path.length) & 255;
      return b;
    }
  }
}

async function generate(req: GenerateRequest): Promise<GenerateReply> {
  const started = performance.now();
  const fx = Object.fromEntries(Object.entries(req.fixtures).map(([k, v]) => [k, new Uint8Array(v)]));
  const opfs = await navigator.storage.getDirectory();
  const from = req.from ?? 0;
  if (from === 0) await opfs.removeEntry(req.folder, { recursive: true }).catch(() => {});
  const root = await opfs.getDirectoryHandle(req.folder, { create: true });
  const folders = new Map<string, FileSystemDirectoryHandle>([['', root]]);
  const folderOf = async (path: string): Promise<FileSystemDirectoryHandle> => {
    const known = folders.get(path);
    if (known) return known;
    const cut = path.lastIndexOf('/');
    const parent = await folderOf(cut < 0 ? '' : path.slice(0, cut));
    const dir = await parent.getDirectoryHandle(path.slice(cut + 1), { create: true });
    folders.set(path, dir);
    return dir;
  };
  const reply: GenerateReply = { files: 0, bytes: 0, folders: 0, byKind: {}, byFormat: {}, ms: 0 };
  // Folders are counted over the whole spec, so a resumed worker reports the same number.
  const folderPaths = new Set<string>();
  let index = -1;
  for (const f of librarySpec(req.files, req.seed)) {
    index++;
    for (let c = f.path.indexOf('/'); c >= 0; c = f.path.indexOf('/', c + 1)) folderPaths.add(f.path.slice(0, c));
    if (index < from) continue;
    const cut = f.path.lastIndexOf('/');
    const dir = await folderOf(cut < 0 ? '' : f.path.slice(0, cut));
    const handle = await dir.getFileHandle(f.path.slice(cut + 1), { create: true });
    const bytes = bytesOf(f, fx);
    const access = await (handle as unknown as { createSyncAccessHandle(): Promise<SyncAccess> }).createSyncAccessHandle();
    access.truncate(0);
    access.write(bytes, { at: 0 });
    access.flush();
    access.close();
    reply.files++;
    reply.bytes += bytes.length;
    reply.byKind[f.kind] = (reply.byKind[f.kind] ?? 0) + 1;
    if (f.kind === 'audio') reply.byFormat[f.format] = (reply.byFormat[f.format] ?? 0) + 1;
    if ((index + 1) % 100 === 0) self.postMessage({ progress: index + 1, partial: reply } satisfies GenerateProgress);
    if ((index + 1) % 5000 === 0) console.log(`[bench] … ${index + 1} files written (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  reply.folders = folderPaths.size;
  reply.ms = performance.now() - started;
  return reply;
}

self.onmessage = async (e: MessageEvent<GenerateRequest>) => {
  try {
    self.postMessage({ ok: true, reply: await generate(e.data) });
  } catch (error) {
    self.postMessage({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error) });
  }
};
