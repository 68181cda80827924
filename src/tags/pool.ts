// A pool of module workers that parse tags from heads the scan has read. Batches go to the least
// busy worker; at most two batches wait per worker, which keeps every core fed while the walk
// and the reads stay ahead. Workers that need bytes past a head ask the pool, which reads them
// from the batch's File objects on this thread.
import * as Comlink from 'comlink';
import type { HeadItem, ParsedHead, TagWorkerApi } from './protocol.ts';

interface PoolWorker {
  worker: Worker;
  api: Comlink.Remote<TagWorkerApi>;
  busy: number;
}

export class TagReaderPool {
  readonly size: number;
  private workers: PoolWorker[] = [];
  private waiting: { wake: () => void; stop: (reason: unknown) => void }[] = [];
  /** Aborted by terminate(): a terminated worker never answers, so its callers must hear it from here. */
  private stopped = new AbortController();
  /** Files of the batches being parsed, by path: where extra bytes come from. */
  private open = new Map<string, Blob>();

  constructor(size = Math.max(2, globalThis.navigator?.hardwareConcurrency ?? 2)) {
    this.size = size;
  }

  private start(): void {
    if (this.workers.length > 0) return;
    const more = Comlink.proxy(async (path: string, start: number, end: number) => {
      const file = this.open.get(path);
      if (!file) throw new DOMException(`${path} is not being parsed`, 'NotFoundError');
      const bytes = await file.slice(start, end).arrayBuffer();
      return Comlink.transfer(bytes, [bytes]);
    });
    for (let i = 0; i < this.size; i++) {
      const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: `tags-${i}` });
      const api = Comlink.wrap<TagWorkerApi>(worker);
      void api.setMoreBytes(more);
      this.workers.push({ worker, api, busy: 0 });
    }
  }

  /** Resolves once a worker can take another batch: the scan awaits this for back-pressure. Rejects with an AbortError on terminate(). */
  async ready(): Promise<void> {
    this.start();
    while (!this.workers.some((w) => w.busy < 2)) await new Promise<void>((wake, stop) => this.waiting.push({ wake, stop }));
  }

  /** Parses a batch. `files` holds each item's File, for parsers that want more than the head. */
  async parse(items: HeadItem[], files: ReadonlyMap<string, Blob>, signal?: AbortSignal): Promise<ParsedHead[]> {
    await this.ready();
    signal?.throwIfAborted();
    const target = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    target.busy++;
    for (const [path, file] of files) this.open.set(path, file);
    try {
      const heads = items.map((i) => i.head);
      const stopped = this.stopped.signal;
      return await untilAborted(target.api.parseHeads(Comlink.transfer(items, heads)), signal ? AbortSignal.any([signal, stopped]) : stopped);
    } finally {
      for (const path of files.keys()) this.open.delete(path);
      target.busy--;
      this.waiting.shift()?.wake();
    }
  }

  /**
   * Stops every worker at once: this is how a scan is cancelled mid-batch. Every batch being
   * parsed and every caller waiting for a worker rejects with an AbortError; a later call starts
   * new workers.
   */
  terminate(): void {
    for (const w of this.workers) {
      w.api[Comlink.releaseProxy]();
      w.worker.terminate();
    }
    this.workers = [];
    this.open.clear();
    const reason = new DOMException('The tag readers were stopped.', 'AbortError');
    this.stopped.abort(reason);
    this.stopped = new AbortController();
    for (const { stop } of this.waiting.splice(0)) stop(reason);
  }
}

/** A terminated worker never answers; the caller must still hear about the abort. */
function untilAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new DOMException('Scan cancelled', 'AbortError'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
