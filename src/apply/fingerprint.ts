// A file's content fingerprint for crash recovery: CRC-32 of its first and last few KB. Taken only
// for the files of a run that tie with another on size and lastModified (see tiedFiles in
// src/core/recover.ts), so the common case reads nothing.
import { crc32 } from '../core/crc32.ts';

const EDGE = 4096;

export async function fingerprintOf(file: Blob): Promise<string> {
  const edges = file.size <= 2 * EDGE ? file : new Blob([file.slice(0, EDGE), file.slice(file.size - EDGE)]);
  return crc32(new Uint8Array(await edges.arrayBuffer()));
}
