// One worker, one file after the other: the naive reader (music-metadata's parseBlob on the whole
// file) against the app's reader (one head read, parsed from memory), on the same sample.
import { parseBlob } from 'music-metadata';
import { readRecording } from '../src/tags/read-recording.ts';

export interface SampleRequest {
  mode: 'naive' | 'app' | 'app-lanes';
  items: { path: string; handle: FileSystemFileHandle }[];
}

export interface SampleReply {
  mode: SampleRequest['mode'];
  files: number;
  ms: number;
  failures: number;
  bytesRead?: number;
}

async function run(req: SampleRequest): Promise<SampleReply> {
  // Untimed warm-up: music-metadata loads each format's parser lazily, on first use.
  for (const item of req.items.slice(0, 16)) await parseBlob(await item.handle.getFile()).catch(() => {});
  const started = performance.now();
  let failures = 0;
  if (req.mode === 'naive') {
    for (const item of req.items) {
      try {
        await parseBlob(await item.handle.getFile());
      } catch {
        failures++;
      }
    }
    return { mode: 'naive', files: req.items.length, ms: performance.now() - started, failures };
  }
  if (req.mode === 'app-lanes') {
    // An experiment for the report: the app's reader with four files in flight per worker,
    // so getFile() and the head read of one file overlap the parsing of another.
    let next = 0;
    let bytesRead = 0;
    const lane = async () => {
      while (next < req.items.length) {
        const item = req.items[next++]!;
        const read = await readRecording(await item.handle.getFile(), item.path);
        bytesRead += read.bytesRead;
        if (read.outcome.kind !== 'audio') failures++;
      }
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
    return { mode: 'app-lanes', files: req.items.length, ms: performance.now() - started, failures, bytesRead };
  }
  const rows = await readMany(req.items);
  const ms = performance.now() - started;
  failures = rows.filter((r) => r.outcome.kind !== 'audio').length;
  return { mode: 'app', files: rows.length, ms, failures, bytesRead: rows.reduce((n, r) => n + r.bytesRead, 0) };
}

/** The app's reader, one file after the other: getFile() and readRecording() per handle. */
async function readMany(items: SampleRequest['items']) {
  const rows = [];
  for (const item of items) rows.push(await readRecording(await item.handle.getFile(), item.path));
  return rows;
}

self.onmessage = async (e: MessageEvent<SampleRequest>) => {
  try {
    self.postMessage({ ok: true, reply: await run(e.data) });
  } catch (error) {
    self.postMessage({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
};
