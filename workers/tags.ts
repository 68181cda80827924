// Tag-reading worker: one module, plain async functions, exposed with Comlink. File handles
// are structured-cloneable, so the main thread sends handles and getFile() happens here.
import * as Comlink from 'comlink';
import { readBatch, readMany } from '../src/read/read-batch.ts';
import type { TagWorkerApi } from '../src/read/reader-protocol.ts';

const api = {
  /** Reads many files in one message; each file's failure is a row, never a rejection. */
  readMany,
  /** The scan's batch protocol: skips files the cache already knows, stats companions. */
  readBatch,
} satisfies TagWorkerApi & Record<string, (...args: never[]) => Promise<unknown>>;

export type TagsWorkerApi = typeof api;

Comlink.expose(api);
