// Tag-parsing worker: one module, plain functions, exposed with Comlink. It never opens files:
// the scan sends each file's head, and this worker asks back for more bytes when a format needs them.
import * as Comlink from 'comlink';
import { parseHeads } from './parse-heads.ts';
import type { HeadItem, MoreBytes, TagWorkerApi } from './protocol.ts';

let more: MoreBytes | undefined;

const api: TagWorkerApi = {
  setMoreBytes(fn: MoreBytes) {
    more = fn;
  },
  parseHeads: (items: HeadItem[]) => parseHeads(items, more),
};

Comlink.expose(api);
