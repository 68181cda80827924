// One worker, one file after the other: the naive reader (music-metadata's parseBlob on the whole
// file) against the app's reader (one head read, parsed from memory), on the same sample.
import { parseBlob } from 'music-metadata';
import { readMany } from '../src/read/read-batch.ts';

export interface SampleRequest {
  mode: 'naive' | 'app';
  items: { path: string; handle: FileSystemFileHandle }[];
}

export interface SampleReply {
  mode: 'naive' | 'app';
  files: number;
  ms: number;
  failures: number;
  bytesRead?: number;
}

async function run(req: SampleRequest): Promise<SampleReply> {
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
  const rows = await readMany(req.items);
  const ms = performance.now() - started;
  failures = rows.filter((r) => r.outcome.kind !== 'audio').length;
  return { mode: 'app', files: rows.length, ms, failures, bytesRead: rows.reduce((n, r) => n + r.bytesRead, 0) };
}

self.onmessage = async (e: MessageEvent<SampleRequest>) => {
  try {
    self.postMessage({ ok: true, reply: await run(e.data) });
  } catch (error) {
    self.postMessage({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
};
