// A pool of module workers that read tags. Batches go to the least busy worker; at most two
// batches wait per worker, which keeps every core fed while the walk stays ahead.
import * as Comlink from 'comlink';
import type { ReadItem, ReadReply, TagWorkerApi } from './reader-protocol.ts';

interface PoolWorker {
  worker: Worker;
  api: Comlink.Remote<TagWorkerApi>;
  busy: number;
}

export class TagReaderPool {
  readonly size: number;
  private workers: PoolWorker[] = [];
  private waiting: (() => void)[] = [];

  constructor(size = Math.max(2, globalThis.navigator?.hardwareConcurrency ?? 2)) {
    this.size = size;
  }

  private start(): void {
    if (this.workers.length > 0) return;
    for (let i = 0; i < this.size; i++) {
      const worker = new Worker(new URL('../../workers/tags.ts', import.meta.url), { type: 'module', name: `tags-${i}` });
      this.workers.push({ worker, api: Comlink.wrap<TagWorkerApi>(worker), busy: 0 });
    }
  }

  /** Resolves once a worker can take another batch: the scan awaits this for back-pressure. */
  async ready(): Promise<void> {
    this.start();
    while (!this.workers.some((w) => w.busy < 2)) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  async read(items: ReadItem[], signal?: AbortSignal): Promise<ReadReply[]> {
    await this.ready();
    signal?.throwIfAborted();
    const target = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    target.busy++;
    try {
      return await untilAborted(target.api.readBatch(items), signal);
    } finally {
      target.busy--;
      this.waiting.shift()?.();
    }
  }

  /** Stops every worker at once: this is how a scan is cancelled mid-batch. */
  terminate(): void {
    for (const w of this.workers) {
      w.api[Comlink.releaseProxy]();
      w.worker.terminate();
    }
    this.workers = [];
    for (const wake of this.waiting.splice(0)) wake();
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
